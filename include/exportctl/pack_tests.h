// Running the tests that live inside rule packs (`[[test]]`, docs/rule-packs.md).
//
// A pack test is a sale and what its decision must show: the verdict, per-jurisdiction verdicts,
// the US classification, review policy, license exception, the rules that must (or must not)
// fire, the condition kinds listed and the specs reported missing. `RunPackTests` evaluates every
// test of a compiled rule set (overlays included) and reports each mismatch.
//
//   std::shared_ptr<const RuleSet> rules = *BuiltinRuleSet();
//   std::vector<PackTestResult> results = RunPackTests(*rules);
//   for (const PackTestResult& r : results)
//     if (!r.passed) std::cerr << r.test->name << ": " << r.failure << "\n";
//   for (std::string_view id : RulesNoTestFires(*rules, results)) std::cerr << "untested: " << id << "\n";
#ifndef EXPORTCTL_PACK_TESTS_H_
#define EXPORTCTL_PACK_TESTS_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/types/span.h"
#include "exportctl/rule_pack.h"
#include "exportctl/rule_set.h"

namespace exportctl {

// The outcome of one pack test.
struct PackTestResult {
  const PackTest* test = nullptr;  // points into the RuleSet
  bool passed = false;
  // Empty when passed; otherwise every mismatch, separated by "; ", e.g.
  // "verdict: expected license_required, got allowed; fired: us-nac did not fire".
  // A sale that does not parse fails with "sale: <parse error>".
  std::string failure;
  // The ids of the rules that fired (the trace at TraceLevel::kFired), in trace order, without
  // repeats; they point into the RuleSet.
  std::vector<std::string_view> fired;
};

// Runs every test of `rules` (RuleSet::tests(), in pack order): parses the sale with
// ParseSaleJson, evaluates it with TraceLevel::kFired and the test's `as_of`, and compares each
// expectation the test states. Never fails as a whole: a broken test is a failed result.
std::vector<PackTestResult> RunPackTests(const RuleSet& rules);

// The ids of the rules of `rules` that no test in `results` saw fire, in rule order: the rules
// the pack tests do not exercise. Left out: rules that need a buyer on screening lists
// (`buyer_list in [...]`) no entity of `rules` is on, which no sale can fire until a list is
// imported (docs/screening-lists.md).
std::vector<std::string_view> RulesNoTestFires(const RuleSet& rules, absl::Span<const PackTestResult> results);

}  // namespace exportctl

#endif  // EXPORTCTL_PACK_TESTS_H_
