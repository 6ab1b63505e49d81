// exportctl rules: the rules, all of them or those in force on --date, as known on --as-of.
#include <memory>
#include <string>
#include <vector>

#include "cli.h"

namespace exportctl::cli {
namespace {

struct RulesArgs {
  std::string date;
  bool json = false;
};

std::string RuleLine(const Rule& r) {
  const std::string until = r.effective.until.is_unbounded() ? "" : r.effective.until.ToString();
  std::string citations;
  for (const std::string& c : r.citations) citations += (citations.empty() ? "" : "; ") + c;
  return r.id + "  " + r.jurisdiction.ToString() + "  " + std::string(EffectKindName(r.outcome.effect)) + "  [" +
         r.effective.from.ToString() + ", " + until + ")  " + citations + "\n";
}

// The rules in force on --date as known on --as-of; without --date, every rule announced by
// --as-of (the rules as known on that day), or every rule.
absl::StatusOr<std::vector<const Rule*>> ListedRules(const RuleSet& rules, const EvalOptions& options,
                                                     const std::string& date_text) {
  if (!date_text.empty()) {
    absl::StatusOr<Date> date = ParseDateOption("--date", date_text);
    if (!date.ok()) return date.status();
    return rules.RulesInForce(*date, options.as_of);
  }
  std::vector<const Rule*> list;
  for (const Rule& r : rules.rules()) {
    if (!options.as_of || !(*options.as_of < r.announced)) list.push_back(&r);
  }
  return list;
}

absl::StatusOr<int> RunRules(const Common& common, const RulesArgs& args) {
  absl::StatusOr<Setup> setup = LoadSetup(common);
  if (!setup.ok()) return setup.status();
  absl::StatusOr<std::vector<const Rule*>> list = ListedRules(*setup->rules, setup->options, args.date);
  if (!list.ok()) return list.status();
  std::string out;
  if (args.json) {
    out = RulesToJson(*list, {.pretty = common.pretty}) + "\n";
  } else {
    for (const Rule* r : *list) out += RuleLine(*r);
  }
  return Print(out);
}

}  // namespace

Command AddRules(CLI::App& app, Common& common) {
  auto args = std::make_shared<RulesArgs>();
  CLI::App* rules =
      AddCommand(app, common, "rules", "List the rules (in force on --date, when given)", kAsOf | kPretty);
  rules->add_option("--date", args->date, "Only the rules in force on this day")->type_name("D");
  AddJsonFlag(rules, args->json);
  return {rules, [&common, args] { return RunRules(common, *args); }};
}

}  // namespace exportctl::cli
