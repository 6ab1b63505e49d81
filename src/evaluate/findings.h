// What the stages find for one jurisdiction: the requirements that fired, the exceptions and
// conditions that may apply, and a world's resolution. Part of evaluate.cc's translation unit.
#ifndef EXPORTCTL_EVALUATE_FINDINGS_H_
#define EXPORTCTL_EVALUATE_FINDINGS_H_

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "absl/container/inlined_vector.h"
#include "evaluate/predicates.h"

namespace exportctl::evaluator {
namespace {

// A requirement (license, approval, prohibition, advisory) that fired or may have.
struct Fired {
  uint32_t rule = 0;
  Tri status = Tri::kTrue;
  const CompiledOutcome* outcome = nullptr;
  ReviewPolicy policy = ReviewPolicy::kPresumptionOfApproval;
  int32_t amended_by = -1;
  int32_t maybe_amended_by = -1;  // an amendment whose predicate is undecided
  SpecSet missing;
};

struct Candidate {  // an exception or condition rule and whether it holds
  uint32_t rule = 0;
  Tri status = Tri::kFalse;
  SpecSet missing;
};

struct Resolution {
  Verdict verdict = Verdict::kAllowed;
  std::optional<ReviewPolicy> review_policy;
  std::string_view license_exception;
  int32_t exception_rule = -1;
  bool licensed = false;
  absl::InlinedVector<uint32_t, 4> condition_rules;  // review and condition rules whose conditions apply
  const Authorization* approval = nullptr;
  // Held but not covering: a license above its volume cap, an approval whose domestic purchase is
  // not met (reported in not_applied).
  const Authorization* capped = nullptr;
  int64_t cap_units = 0;
  const Authorization* approval_unmet = nullptr;
};

// What stages 3 to 6 find for one jurisdiction, under the classification class_possible_ allows.
struct Collected {
  absl::InlinedVector<Fired, 12> fired;
  absl::InlinedVector<std::vector<ThresholdUse>, 1> fired_uses;  // parallel to fired, when tracing
  absl::InlinedVector<uint32_t, 4> amendments;
  absl::InlinedVector<Candidate, 6> exceptions;
  absl::InlinedVector<Candidate, 6> conditions;
  bool any_unknown = false;  // some requirement, amendment, exception or condition is undecided
  SpecSet missing;           // of undecided amendments: the review policy is open
};

}  // namespace
}  // namespace exportctl::evaluator

#endif  // EXPORTCTL_EVALUATE_FINDINGS_H_
