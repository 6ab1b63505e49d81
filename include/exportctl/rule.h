// Rules: dated, cited data with a legal force, a predicate and an effect.
//
// A rule says: between `effective.from` and `effective.until`, in `jurisdiction`, when `when`
// holds, do `outcome`. `cases` refine the outcome (first case whose predicate holds wins; the
// rule's own outcome is the default). The catalog beside the rules (groups, parameters, chips,
// entities) is in catalog.h; packs and their loaders are in rule_pack.h.
#ifndef EXPORTCTL_RULE_H_
#define EXPORTCTL_RULE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "exportctl/catalog.h"
#include "exportctl/country.h"
#include "exportctl/date.h"
#include "exportctl/predicate.h"

namespace exportctl {

enum class LegalForce : uint8_t {
  kRegulation,
  kExecutiveAction,
  kProclamation,
  kApprovalCondition,
  kGuidance,
  kPlan,
  kReportedArrangement
};
std::string_view LegalForceName(LegalForce f);  // "regulation", "executive_action", ...
absl::StatusOr<LegalForce> ParseLegalForce(std::string_view name);

enum class ReviewPolicy : uint8_t { kPresumptionOfApproval, kCaseByCase, kPresumptionOfDenial };
std::string_view ReviewPolicyName(ReviewPolicy p);  // "presumption_of_denial", ...
absl::StatusOr<ReviewPolicy> ParseReviewPolicy(std::string_view name);

enum class EffectKind : uint8_t {
  kClassify,          // assigns a classification (e.g. 3A090.a)
  kRequireLicense,    // a license is required; the outcome's review policy applies
  kRequireApproval,   // an approval is required; without one the sale is prohibited
  kLicenseException,  // an exception to `targets`, with or without a prior notification
  kAmendReview,       // changes the review policy of `targets` (and adds conditions when licensed)
  kSuspend,           // `targets` do not apply while this rule is in force
  kProhibit,
  kAdvisory,   // an advisory on the outcome, not a verdict
  kCondition,  // conditions on sales licensed under `targets`
  kInScope,    // brings the item into its jurisdiction's scope while in force (GP10 chips)
};
std::string_view EffectKindName(EffectKind e);  // "classify", "license_required", ...
absl::StatusOr<EffectKind> ParseEffectKind(std::string_view name);

enum class ConditionKind : uint8_t {
  kRevenueShare,
  kVolumeCap,
  kThirdPartyTesting,
  kRemoteAccessKyc,
  kDomesticPurchase,
  kApprovalQuantity,
  kImportDuty,             // a duty on the customs value at US import (`us_import_value_usd`), not on the price
  kReexportAuthorization,  // the origin country's re-export authorization (a transit hub's permit)
};
std::string_view ConditionKindName(ConditionKind k);  // "revenue_share", ...
absl::StatusOr<ConditionKind> ParseConditionKind(std::string_view name);

struct ConditionSpec {
  ConditionKind kind = ConditionKind::kRevenueShare;
  // revenue_share: percent of revenue. import_duty: percent of the customs value at US import.
  // volume_cap: the most units, as a percent of the units
  // shipped to US customers (`us_units_shipped`).
  std::optional<double> percent;
  // domestic_purchase: domestic units to buy per unit sold; unset = unspecified (not enforced).
  std::optional<double> ratio;
  std::string note;
  friend bool operator==(const ConditionSpec&, const ConditionSpec&) = default;
};

// What a rule does when it fires.
struct Outcome {
  EffectKind effect = EffectKind::kProhibit;
  std::string classification;                 // kClassify
  std::optional<ReviewPolicy> review_policy;  // kRequireLicense, kAmendReview
  std::string exception;                      // kLicenseException: "NAC", "ACA", "LPP"
  bool notification = false;                  // kLicenseException: needs a prior notification
  int wait_days = 0;                          // days after filing before shipping may start
  std::string advisory;                       // text of an advisory (any effect may carry one)
  std::vector<ConditionSpec> conditions;      // kRequireApproval, kAmendReview, kCondition
};

struct RuleCase {
  Predicate when;
  Outcome outcome;
};

struct Rule {
  std::string id;
  Country jurisdiction;
  Date announced;
  DateInterval effective;               // [from, until)
  std::optional<Date> compliance;       // obligations start here when later than `effective.from`
  std::optional<Date> until_announced;  // when the end was announced; before it, as_of sees no end
  LegalForce legal_force = LegalForce::kRegulation;
  std::vector<std::string> citations;
  bool modeled = false;  // a choice this model makes where the public record is silent
  std::string note;
  Predicate when;
  Outcome outcome;
  std::vector<RuleCase> cases;
  // exception_to / amends / suspends / applies_to, by rule id, depending on the effect.
  std::vector<std::string> targets;
  SourceLocation location;

  // The day obligations start: max(effective.from, compliance).
  Date starts() const { return compliance && *compliance > effective.from ? *compliance : effective.from; }
};

// How a jurisdiction's rules reach a sale.
struct JurisdictionSpec {
  Country code;
  std::string name;
  Predicate scope;  // when false, the jurisdiction's rules do not reach the sale
  // Out of scope: report the jurisdiction as allowed with `out_of_scope_note`, or omit it.
  bool report_out_of_scope = false;
  std::string out_of_scope_note;
  std::vector<std::pair<Country, Country>> treat_as;  // e.g. {HK, CN}: Hong Kong as China
  std::vector<std::string> classifications;           // most controlled first
  SourceLocation location;
};

// An overlay's edit that ends a rule of an earlier pack.
struct RuleEnd {
  std::string rule;
  Date until;
  std::optional<Date> announced;
  SourceLocation location;
};

}  // namespace exportctl

// Until 0.2: rule.h declared the packs too (PackInfo, PackTest, RulePack); they are in rule_pack.h.
#include "exportctl/rule_pack.h"  // IWYU pragma: export

#endif  // EXPORTCTL_RULE_H_
