// Queries over a compiled rule set: classification, timelines and headroom.
//
// They are built on Evaluate and on the rule set's date index; none is a separate engine.
#ifndef EXPORTCTL_QUERIES_H_
#define EXPORTCTL_QUERIES_H_

#include <optional>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "exportctl/decision.h"
#include "exportctl/evaluate.h"
#include "exportctl/rule_set.h"
#include "exportctl/sale.h"

namespace exportctl {

struct ClassifyResult {
  std::string_view classification;  // "3A090.a", "3A090.b", "none" or "indeterminate"
  std::string_view rule;            // the rule that set it; empty for "none" without a rule
  SpecSet missing;
};
// The classification of `chip` by `jurisdiction` (default US) on `date`.
ClassifyResult Classify(const RuleSet& rules, const Chip& chip, Date date, const EvalOptions& options = {},
                        Country jurisdiction = Country::Of("US"));

struct TimelineSegment {
  DateInterval interval;
  Decision decision;                    // the decision on interval.from
  std::vector<std::string_view> rules;  // the rules that fired in the segment
};
// The intervals over [from, to] (inclusive) on which the decision on `sale` (its date replaced by
// each day) stays the same: same verdicts, review policy, exception, conditions and advisories.
// kInvalidArgument when to < from.
absl::StatusOr<std::vector<TimelineSegment>> Timeline(const RuleSet& rules, const Sale& sale, Date from, Date to,
                                                      const EvalOptions& options = {});

struct Headroom {
  std::optional<Tpp> tpp_below;  // exclusive bound; nullopt when no spec-based rule limits it
  std::optional<PerformanceDensity> pd_below;
  std::string_view rule;  // the rule that sets the bound
};
// The largest TPP a chip with these facts may have and still need neither a license nor a
// notification at `destination` on `date`, for a buyer with no headquarters. An unknown die area
// gives the bound that holds whatever the area.
Headroom ComputeHeadroom(const RuleSet& rules, Country destination, Date date, bool datacenter,
                         std::optional<SquareMillimeters> die_area, const EvalOptions& options = {});

}  // namespace exportctl

#endif  // EXPORTCTL_QUERIES_H_
