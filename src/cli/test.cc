// exportctl test: runs the rule packs' own tests.
#include <string>
#include <string_view>
#include <vector>

#include "cli.h"
#include "exportctl/pack_tests.h"

namespace exportctl::cli {
namespace {

absl::StatusOr<int> RunTests(const Common& common) {
  absl::StatusOr<Setup> setup = LoadSetup(common);
  if (!setup.ok()) return setup.status();
  const RuleSet& rules = *setup->rules;
  const std::vector<PackTestResult> results = RunPackTests(rules);
  int passed = 0, failed = 0;
  std::string out;
  for (const PackTestResult& r : results) {
    if (r.passed) {
      ++passed;
      continue;
    }
    ++failed;
    const std::string where = r.test->location.ToString();
    out += (where.empty() ? "" : where + ": ") + "test '" + r.test->name + "' failed: " + r.failure + "\n";
  }
  for (std::string_view id : RulesNoTestFires(rules, results)) {
    out += "no test fires rule '" + std::string(id) + "'";
    if (const Rule* rule = rules.FindRule(id)) {
      const std::string where = rule->location.ToString();
      if (!where.empty()) out += " (" + where + ")";
    }
    out += '\n';
  }
  out += std::to_string(passed) + " passed, " + std::to_string(failed) + " failed\n";
  EXPORTCTL_CLI_RETURN_IF_ERROR(WriteStdout(out));
  return failed == 0 ? 0 : 1;
}

}  // namespace

Command AddTest(CLI::App& app, Common& common) {
  CLI::App* test = AddCommand(app, common, "test", "Run the rule packs' own tests", 0);
  return {test, [&common] { return RunTests(common); }};
}

}  // namespace exportctl::cli
