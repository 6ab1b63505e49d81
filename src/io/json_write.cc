// The public escaping and number helpers of exportctl/json.h, for the writers that build
// std::strings (json_tree.h, the C API, batch's error lines): the decision writer's primitives
// (json_write.h), so that every JSON exportctl writes escapes and spells numbers alike.
#include "io/json_write.h"

#include <string>
#include <string_view>

#include "exportctl/json.h"

namespace exportctl {

void AppendJsonNumber(std::string& out, double v) {
  char buf[32];
  out.append(buf, internal::WriteJsonNumber(buf, v));
}

void AppendJsonEscaped(std::string& out, std::string_view text) {
  // Room for the worst case (6 bytes a byte: \u00XX), trimmed to what was written.
  const size_t used = out.size();
  out.resize(used + 6 * text.size());
  char* const end = internal::WriteEscaped(out.data() + used, text);
  out.resize(static_cast<size_t>(end - out.data()));
}

}  // namespace exportctl
