// exportctl check: one sale (a JSON object) in, one decision out.
#include <memory>
#include <string>

#include "cli.h"

namespace exportctl::cli {
namespace {

absl::StatusOr<int> RunCheck(const Common& common, const std::string& input) {
  absl::StatusOr<Setup> setup = LoadSetup(common, TraceLevel::kFired);
  if (!setup.ok()) return setup.status();
  const RuleSet& rules = *setup->rules;
  absl::StatusOr<std::string> text = ReadInput(input);
  if (!text.ok()) return text.status();
  absl::StatusOr<Sale> sale = ParseSaleJson(*text, rules);
  if (!sale.ok()) {
    return absl::InvalidArgumentError(DisplayName(input) + ":" + std::string(View(sale.status().message())));
  }
  const Decision decision = Evaluate(rules, *sale, setup->options);
  std::string out = DecisionToJson(decision, *sale, rules, {.pretty = common.pretty});
  return Print(out + '\n');
}

}  // namespace

Command AddCheck(CLI::App& app, Common& common) {
  auto input = std::make_shared<std::string>("-");
  CLI::App* check = AddCommand(app, common, "check", "Evaluate one sale (a JSON object) and print its decision",
                               kAsOf | kPretty | kTrace);
  check->add_option("input", *input, "Sale JSON file, or - for stdin")->type_name("FILE|-");
  return {check, [&common, input] { return RunCheck(common, *input); }};
}

}  // namespace exportctl::cli
