// What every fuzz target checks on a sale that parsed: Evaluate is total, deterministic and
// independent of the trace level; the decision's JSON is valid JSON. A broken invariant aborts,
// which libFuzzer reports as a crash with the input that caused it.
#ifndef EXPORTCTL_TESTS_FUZZ_FUZZ_SUPPORT_H_
#define EXPORTCTL_TESTS_FUZZ_FUZZ_SUPPORT_H_

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>

#include "exportctl/exportctl.h"
#include "simdjson.h"

namespace exportctl::fuzz {

[[noreturn]] inline void Broken(const char* what, std::string_view detail = {}) {
  std::fprintf(stderr, "fuzz invariant broken: %s %.*s\n", what, static_cast<int>(detail.size()), detail.data());
  std::abort();
}

// The built-in catalog, compiled once per process.
inline const RuleSet& Builtin() {
  static const std::shared_ptr<const RuleSet> rules = [] {
    absl::StatusOr<std::shared_ptr<const RuleSet>> r = BuiltinRuleSet();
    if (!r.ok()) Broken("the built-in catalog does not compile");
    return *r;
  }();
  return *rules;
}

inline void CheckValidJson(const std::string& json) {
  static thread_local simdjson::dom::parser parser;
  simdjson::dom::element doc;
  if (parser.parse(json).get(doc) != simdjson::SUCCESS) Broken("decision JSON does not parse:", json);
  if (!doc.is_object()) Broken("decision JSON is not an object:", json);
}

// Evaluates `sale` at two trace levels (and, when `as_of` is set, as known on that day) and checks
// the decisions agree and print as JSON.
inline void EvaluateAndCheck(const RuleSet& rules, const Sale& sale, std::optional<Date> as_of = std::nullopt) {
  const Decision fast = Evaluate(rules, sale, {.as_of = as_of, .trace = TraceLevel::kNone});
  const Decision full = Evaluate(rules, sale, {.as_of = as_of, .trace = TraceLevel::kFull});
  if (fast.verdict != full.verdict) Broken("verdict depends on the trace level");
  // A possible match holds an allowed verdict for review (docs/entities.md).
  if (fast.allowed != (IsAllowed(fast.verdict) && !fast.review_required()))
    Broken("allowed disagrees with the verdict and the review");
  if (fast.possible_matches.size() != full.possible_matches.size())
    Broken("possible matches depend on the trace level");
  if (fast.rule_set_hash != rules.content_hash()) Broken("decision names another rule set");
  if (fast.jurisdictions.size() != full.jurisdictions.size()) Broken("jurisdictions depend on the trace level");
  const std::string json = DecisionToJson(full, sale, rules);
  CheckValidJson(json);
  if (DecisionToJson(Evaluate(rules, sale, {.as_of = as_of, .trace = TraceLevel::kFull}), sale, rules) != json)
    Broken("Evaluate is not deterministic");
  std::string compact;
  AppendDecisionJson(compact, fast, sale, rules);
  CheckValidJson(compact);
}

}  // namespace exportctl::fuzz

#endif  // EXPORTCTL_TESTS_FUZZ_FUZZ_SUPPORT_H_
