// Uses exportctl's C++ API through the target exportctl::exportctl.
#include <cstdio>
#include <memory>
#include <string>

#include "exportctl/exportctl.h"

int main() {
  absl::StatusOr<std::shared_ptr<const exportctl::RuleSet>> rules = exportctl::BuiltinRuleSet();
  if (!rules.ok()) return 1;
  absl::StatusOr<exportctl::Sale> sale =
      exportctl::ParseSaleJson(R"({"date": "2025-04-10", "item": "H20", "destination": "CN"})", **rules);
  if (!sale.ok()) return 1;
  const exportctl::Decision d = exportctl::Evaluate(**rules, *sale, {.trace = exportctl::TraceLevel::kFired});
  const std::string json = exportctl::DecisionToJson(d, *sale, **rules);
  std::printf("consumer_cxx: %s\n", std::string(exportctl::VerdictName(d.verdict)).c_str());
  return d.verdict == exportctl::Verdict::kLicenseRequired && d.Fired("us-h20-informed") ? 0 : 1;
}
