// Fuzzes the sale JSON reader: ParseSaleJson against the built-in catalog, then Evaluate (at two
// trace levels, and as of the sale date) and DecisionToJson. Invariants: errors are
// kInvalidArgument with a "LINE:COLUMN: " prefix on one line; a parsed sale evaluates, and its
// decision prints as valid JSON (fuzz_support.h).
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "exportctl/exportctl.h"
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace exportctl;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const RuleSet& rules = fuzz::Builtin();
  absl::StatusOr<Sale> sale = ParseSaleJson(text, rules);
  if (!sale.ok()) {
    const std::string_view m(sale.status().message().data(), sale.status().message().size());
    if (sale.status().code() != absl::StatusCode::kInvalidArgument) fuzz::Broken("error is not kInvalidArgument:", m);
    if (m.empty() || !std::isdigit(static_cast<unsigned char>(m[0])) || m.find(": ") == std::string_view::npos)
      fuzz::Broken("error has no LINE:COLUMN:", m);
    // Found by this fuzzer once: a message quoting input with an escaped line break spanned lines.
    if (m.find('\n') != std::string_view::npos) fuzz::Broken("error spans lines:", m);
    return 0;
  }
  fuzz::EvaluateAndCheck(rules, *sale);
  fuzz::EvaluateAndCheck(rules, *sale, sale->date);
  return 0;
}
