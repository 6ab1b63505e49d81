// The evaluator: a pure function from (rule set, sale, options) to a decision.
//
//   std::shared_ptr<const RuleSet> rules = *BuiltinRuleSet();
//   Sale sale;  // date, item, destination, buyer, ...
//   Decision d = Evaluate(*rules, sale, {.trace = TraceLevel::kFired});
//   if (!d.allowed) { for (const TraceEntry& t : d.trace) ... }
#ifndef EXPORTCTL_EVALUATE_H_
#define EXPORTCTL_EVALUATE_H_

#include "exportctl/decision.h"
#include "exportctl/rule_set.h"
#include "exportctl/sale.h"

namespace exportctl {

// Evaluates `sale` under `rules` (docs/law.md §5 and §6). Never fails: a spec the outcome depends
// on that the chip lacks gives `indeterminate` with the spec named in `missing`. With
// options.trace == kNone it performs no heap allocation. Thread-safe: `rules` is immutable.
Decision Evaluate(const RuleSet& rules, const Sale& sale, const EvalOptions& options = {}) noexcept;

}  // namespace exportctl

#endif  // EXPORTCTL_EVALUATE_H_
