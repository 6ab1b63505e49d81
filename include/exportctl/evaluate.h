// The evaluator: a pure function from (rule set, sale, options) to a decision.
//
//   std::shared_ptr<const RuleSet> rules = *BuiltinRuleSet();
//   Sale sale;  // date, item, destination, buyer, ...
//   Decision d = Evaluate(*rules, sale, {.trace = TraceLevel::kFired});
//   if (!d.allowed) { for (const TraceEntry& t : d.trace) ... }
#ifndef EXPORTCTL_EVALUATE_H_
#define EXPORTCTL_EVALUATE_H_

#include <cstdint>
#include <optional>

#include "exportctl/date.h"
#include "exportctl/decision.h"
#include "exportctl/rule_set.h"
#include "exportctl/sale.h"

namespace exportctl {

enum class TraceLevel : uint8_t {
  kNone,   // no trace: the fast path, no heap allocation
  kFired,  // the rules that changed the outcome
  kFull,   // every rule evaluated, with its result and the threshold values read
};

struct EvalOptions {
  // What was known on this day: rules announced later are ignored, and end dates announced later
  // are not yet seen.
  std::optional<Date> as_of;
  TraceLevel trace = TraceLevel::kNone;
};

// Evaluates `sale` under `rules` (docs/law.md §5 and §6). Never fails, and fails closed: a sale
// without a date, item or destination (see Validate in sale.h), or a fact the outcome depends on
// that the input lacks (a spec, the chip's origin or datacenter flag), gives `indeterminate` with
// the field named in `missing` — never `allowed`. Held licenses, approvals and notifications that
// do not cover the sale are listed in `not_applied` with the reason. With options.trace == kNone
// it performs no heap allocation. Thread-safe: `rules` is immutable.
Decision Evaluate(const RuleSet& rules, const Sale& sale, const EvalOptions& options = {}) noexcept;

}  // namespace exportctl

#endif  // EXPORTCTL_EVALUATE_H_
