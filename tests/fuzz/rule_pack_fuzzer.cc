// Fuzzes the rule-pack loader: LoadRulePack, then Compile alone and as an overlay on the built-in
// catalog, then the pack's own tests. Invariants: errors are kInvalidArgument (or kNotFound from
// Compile) with a "fuzz.toml:LINE:COLUMN: " prefix from the loader, never kInternal (an exception
// the loader did not expect); a compiled set evaluates its tests without crashing.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "exportctl/exportctl.h"
#include "fuzz_support.h"

namespace {

void CheckError(const absl::Status& status, bool loader) {
  if (status.code() == absl::StatusCode::kInternal)
    exportctl::fuzz::Broken("internal error:", {status.message().data(), status.message().size()});
  if (loader && status.code() != absl::StatusCode::kInvalidArgument)
    exportctl::fuzz::Broken("loader error is not kInvalidArgument");
  const std::string_view message(status.message().data(), status.message().size());
  if (loader && message.substr(0, 10) != "fuzz.toml:")
    exportctl::fuzz::Broken("loader error has no position:", message);
  if (message.find('\n') != std::string_view::npos) exportctl::fuzz::Broken("error message spans lines:", message);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace exportctl;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  absl::StatusOr<RulePack> pack = LoadRulePack(text, "fuzz.toml");
  if (!pack.ok()) {
    CheckError(pack.status(), /*loader=*/true);
    return 0;
  }
  absl::StatusOr<std::shared_ptr<const RuleSet>> alone = Compile({*pack});
  if (!alone.ok()) CheckError(alone.status(), false);
  // As an overlay the pack's references to the catalog resolve, which reaches much more of Compile.
  absl::StatusOr<std::shared_ptr<const RuleSet>> overlaid = BuiltinRuleSet({*pack});
  if (!overlaid.ok()) {
    CheckError(overlaid.status(), false);
    return 0;
  }
  const RuleSet& rules = **overlaid;
  (void)RunPackTests(rules);
  // A sale on each boundary the pack adds, for an item of the pack when it has one.
  if (!pack->chips.empty()) {
    Sale sale;
    sale.item = pack->chips.front().chip;
    sale.destination = Country::Of("CN");
    int n = 0;
    for (Date d : rules.boundaries()) {
      if (++n > 64) break;
      if (d.is_unbounded()) continue;
      sale.date = d;
      fuzz::EvaluateAndCheck(rules, sale);
    }
  }
  return 0;
}
