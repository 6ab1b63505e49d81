// Names of the rule and decision vocabularies, as they appear in packs and JSON.
#include "exportctl/rule.h"

#include <array>
#include <string_view>

#include "exportctl/decision.h"
#include "internal/strings.h"
#include "model/invalid.h"
#include "model/vocabulary.h"

namespace exportctl {
namespace {

constexpr std::array<std::string_view, 7> kLegalForces = {
    "regulation", "executive_action", "proclamation", "approval_condition", "guidance", "plan", "reported_arrangement"};
constexpr std::array<std::string_view, 3> kReviewPolicies = {"presumption_of_approval", "case_by_case",
                                                             "presumption_of_denial"};
constexpr std::array<std::string_view, 10> kEffects = {
    "classify", "license_required", "approval_required", "license_exception", "review",
    "suspend",  "prohibit",         "advisory",          "condition",         "in_scope"};
constexpr std::array<std::string_view, 8> kConditionKinds = {
    "revenue_share",     "volume_cap",        "third_party_testing", "remote_access_kyc",
    "domestic_purchase", "approval_quantity", "import_duty",         "reexport_authorization"};
constexpr std::array<std::string_view, 6> kVerdicts = {
    "allowed", "allowed_with_conditions", "notification_required", "license_required", "prohibited", "indeterminate"};

}  // namespace

std::string SourceLocation::ToString() const {
  if (line <= 0) return file;
  return internal::StrCat(file, ":", line, ":", column);
}

namespace internal {

absl::Status Invalid(const SourceLocation& location, std::string_view message) {
  std::string text = location.ToString();
  if (!text.empty()) text += ": ";
  AppendOneLine(text, message);
  return absl::InvalidArgumentError(text);
}

SourceLocation LocatedOr(const SourceLocation& location, std::string_view what) {
  if (!location.file.empty() || location.line > 0) return location;
  return SourceLocation{std::string(what)};
}

}  // namespace internal

EXPORTCTL_VOCABULARY(LegalForce, LegalForceName, ParseLegalForce, kLegalForces, "legal force")
EXPORTCTL_VOCABULARY(ReviewPolicy, ReviewPolicyName, ParseReviewPolicy, kReviewPolicies, "review policy")
EXPORTCTL_VOCABULARY(EffectKind, EffectKindName, ParseEffectKind, kEffects, "effect")
EXPORTCTL_VOCABULARY(ConditionKind, ConditionKindName, ParseConditionKind, kConditionKinds, "condition kind")
EXPORTCTL_VOCABULARY(Verdict, VerdictName, ParseVerdict, kVerdicts, "verdict")

std::string_view NotAppliedKindName(NotApplied::Kind k) {
  switch (k) {
    case NotApplied::Kind::kLicense: return "license";
    case NotApplied::Kind::kApproval: return "approval";
    case NotApplied::Kind::kNotification: return "notification";
  }
  return {};
}

namespace {

// 1,000 for 1000: the order-book reasons are read by people counting units.
std::string GroupedUnits(int64_t units) {
  const std::string digits = internal::StrCat(units);
  const size_t sign = units < 0 ? 1 : 0;
  std::string out = digits.substr(0, sign);
  for (size_t i = sign; i < digits.size(); ++i) {
    if (i > sign && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

}  // namespace

std::string NotAppliedReason(const NotApplied& n) {
  using R = NotApplied::Reason;
  switch (n.reason) {
    case R::kOtherJurisdiction:
      return internal::StrCat("other jurisdiction: ", n.jurisdiction.ToString(), "'s rules do not reach this sale");
    case R::kNotYetValid: return internal::StrCat("not valid until ", n.date.ToString());
    case R::kExpired: return internal::StrCat("expired on ", n.date.ToString());
    case R::kOtherItem: return "other item";
    case R::kOtherDestination: return "other destination";
    case R::kOtherBuyer: return "other buyer";
    case R::kQuantity: return internal::StrCat("covers ", n.units, " units, the sale has ", n.asked);
    case R::kVolumeCap:
      return internal::StrCat("volume cap: at most ", n.units, " units (a percent of us_units_shipped), the sale has ",
                              n.asked);
    case R::kDomesticPurchase: return "the domestic purchase it requires is not met (domestic_chips_purchased)";
    case R::kNoAuthorization:
      return internal::StrCat("no BIS authorization number: filed ", n.filed.ToString(),
                              ", awaiting approval (earliest expected answer ", n.date.ToString(), ")");
    case R::kFiledOnOrAfterSale: return internal::StrCat("filed ", n.filed.ToString(), ", not before the sale date");
    case R::kNotUsed: return "not used: no license exception of this sale takes a notification";
    case R::kUnitsLeft:
      return internal::StrCat(NotAppliedKindName(n.kind), " ", n.id, ": ", GroupedUnits(n.units), " units left, ",
                              GroupedUnits(n.asked), " asked");
    case R::kVolumeCapLeft:
      return internal::StrCat("volume cap: ", GroupedUnits(n.units), " of ", GroupedUnits(n.total),
                              " units left after the order book's shipments to CN and MO, ", GroupedUnits(n.asked),
                              " asked");
  }
  return {};
}

}  // namespace exportctl
