// Verdicts, ordered from least to most restrictive (docs/law.md §5):
//   allowed < allowed_with_conditions < notification_required < license_required < prohibited
// and the most restrictive wins. `indeterminate` means a spec the outcome depends on is missing.
#ifndef EXPORTCTL_VERDICT_H_
#define EXPORTCTL_VERDICT_H_

#include <cstdint>
#include <string_view>

#include "absl/status/statusor.h"

namespace exportctl {

enum class Verdict : uint8_t {
  kAllowed,
  kAllowedWithConditions,
  kNotificationRequired,
  kLicenseRequired,
  kProhibited,
  kIndeterminate
};
std::string_view VerdictName(Verdict v);  // "allowed", "license_required", ...
absl::StatusOr<Verdict> ParseVerdict(std::string_view name);
// A sale is allowed iff its verdict is allowed or allowed_with_conditions.
inline bool IsAllowed(Verdict v) { return v == Verdict::kAllowed || v == Verdict::kAllowedWithConditions; }

}  // namespace exportctl

#endif  // EXPORTCTL_VERDICT_H_
