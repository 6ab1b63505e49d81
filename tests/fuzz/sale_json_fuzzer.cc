// Fuzzes the sale JSON reader: ParseSaleJson against the built-in catalog, then Evaluate (at two
// trace levels, and as of the sale date) and DecisionToJson. Invariants: errors are
// kInvalidArgument with a "LINE:COLUMN: " prefix on one line; ParseSaleJson (which tries a fast
// hand-written scan first) and the simdjson reader alone agree: the same Sale, or the same
// error; a parsed sale evaluates, and its decision prints as valid JSON (fuzz_support.h).
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

#include "../sale_dump.h"
#include "exportctl/exportctl.h"
#include "fuzz_support.h"

namespace {

using namespace exportctl;

using exportctl::sale_dump::Dump;

std::string_view Message(const absl::Status& s) { return std::string_view(s.message().data(), s.message().size()); }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace exportctl;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const RuleSet& rules = fuzz::Builtin();
  absl::StatusOr<Sale> sale = ParseSaleJson(text, rules);
  // The fast path decides only speed: the reader alone reads the same Sale or fails the same way.
  const absl::StatusOr<Sale> reader = internal::ParseSaleJsonWithReader(text, rules);
  if (sale.ok() != reader.ok()) {
    fuzz::Broken(
        sale.ok() ? "ParseSaleJson accepts what the reader rejects:" : "ParseSaleJson rejects what the reader accepts:",
        sale.ok() ? Message(reader.status()) : Message(sale.status()));
  }
  if (sale.ok() && Dump(*sale) != Dump(*reader))
    fuzz::Broken("ParseSaleJson and the reader read different sales:", Dump(*sale));
  if (!sale.ok() && sale.status() != reader.status())
    fuzz::Broken("ParseSaleJson and the reader fail differently:", Message(sale.status()));
  if (!sale.ok()) {
    const std::string_view m = Message(sale.status());
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
