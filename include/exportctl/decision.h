// A decision: the verdict on a sale, per jurisdiction and overall, with its reasons. Verdicts
// and their order are in verdict.h.
//
// Lifetime: the string_views in a Decision point into the RuleSet that produced it; keep that
// RuleSet (its shared_ptr) alive while you read the decision.
#ifndef EXPORTCTL_DECISION_H_
#define EXPORTCTL_DECISION_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/inlined_vector.h"
#include "absl/status/statusor.h"
#include "exportctl/chip.h"
#include "exportctl/country.h"
#include "exportctl/date.h"
#include "exportctl/predicate.h"
#include "exportctl/rule.h"
#include "exportctl/verdict.h"

namespace exportctl {

// A comparison the predicate made: the chip's value, the threshold, and where it came from.
struct ThresholdUse {
  Metric metric = Metric::kTpp;
  double value = 0;
  CompareOp op = CompareOp::kGe;
  double threshold = 0;
  std::string_view parameter;  // empty for a literal threshold
  Date parameter_from;         // the day the parameter value took effect
  bool result = false;
};

// What a trace entry says of its rule. The first ten are the rule's own effect (EffectKind, in
// its order): a rule that fired, may apply or (TraceEntry::fired false) did not apply.
enum class TraceEffect : uint8_t {
  kClassify,
  kLicenseRequired,
  kApprovalRequired,
  kLicenseException,
  kReview,
  kSuspend,
  kProhibit,
  kAdvisory,
  kCondition,
  kInScope,
  kProhibited,  // a prohibition that fired
  kOutOfScope,  // the jurisdiction's rules do not reach the sale (rule "scope")
  kNotApplied,  // a held license, approval or notification that does not cover the sale
};
// The rule effect `e` as a trace effect.
constexpr TraceEffect TraceEffectOf(EffectKind e) { return static_cast<TraceEffect>(e); }
// Its name in JSON: EffectKindName's for the first ten, then "prohibited", "out_of_scope",
// "not_applied".
std::string_view TraceEffectName(TraceEffect e);

struct TraceEntry {
  std::string_view rule;
  Country jurisdiction;
  TraceEffect effect = TraceEffect::kClassify;
  LegalForce legal_force = LegalForce::kRegulation;
  std::string_view citation;  // all citations, joined by "; "
  bool fired = true;          // false only at TraceLevel::kFull, for rules that did not apply
  bool modeled = false;
  std::string detail;  // e.g. "3A090.a", "presumption_of_denial", "NAC notification"
  std::vector<ThresholdUse> thresholds;
};

struct ConditionOut {
  ConditionKind kind = ConditionKind::kRevenueShare;
  Country jurisdiction;
  std::string_view rule;
  std::optional<double> percent;
  // revenue_share with a unit price: quantity × price × percent / 100; import_duty with the
  // sale's us_import_value_usd: that value × percent / 100. Otherwise unknown (absent in JSON).
  std::optional<double> amount_usd;
  std::optional<int64_t> max_units;  // volume_cap when us_units_shipped is known; approval_quantity
  std::optional<double> ratio;       // domestic_purchase when specified
};

struct Advisory {
  std::string_view rule;
  std::string_view text;
};

// A license, approval or notification the sale holds that does not cover it, and why: never
// silently ignored (docs/law.md §5). A value type: the reason's text is NotAppliedReason().
struct NotApplied {
  enum class Kind : uint8_t { kLicense, kApproval, kNotification };
  enum class Reason : uint8_t {
    kOtherJurisdiction,  // its jurisdiction's rules do not reach the sale
    kNotYetValid,        // `date`: its valid_from
    kExpired,            // `date`: its valid_until, the first day it no longer holds
    kOtherItem,
    kOtherDestination,
    kOtherBuyer,
    kQuantity,            // `units`: what it covers
    kVolumeCap,           // `units`: the cap (percent of us_units_shipped) the sale exceeds
    kDomesticPurchase,    // the approval's domestic purchase is not met
    kNoAuthorization,     // a notification without its BIS number; `date`: filed + the review days
    kFiledOnOrAfterSale,  // a notification filed on or after the sale date
    kNotUsed,             // a notification no license exception of this sale takes
    // In an order book (ledger.h) only: a license or approval whose `id` the book's earlier sales
    // drew down: `units` left of `total` granted, fewer than `asked`.
    kUnitsLeft,
    // In an order book only: the volume cap (`total` units, a percent of the units shipped to US
    // customers) less the book's earlier shipments of the item under it leaves `units`, fewer
    // than `asked`.
    kVolumeCapLeft,
  };
  Kind kind = Kind::kLicense;
  uint32_t index = 0;  // into the sale's licenses, approvals or notifications
  Reason reason = Reason::kOtherJurisdiction;
  Country jurisdiction;
  Date date;
  int64_t units = 0;
  int64_t asked = 0;  // kQuantity, kVolumeCap: the sale's quantity
  Date filed;         // kNoAuthorization, kFiledOnOrAfterSale
  int64_t total = 0;  // kUnitsLeft: the units granted; kVolumeCapLeft: the cap
  // kUnitsLeft: the license's or approval's id. A view into the ledger plan or order-book result
  // that produced the decision (ledger.h): keep it alive while you read the decision.
  std::string_view id;
};
std::string_view NotAppliedKindName(NotApplied::Kind k);  // "license", "approval", "notification"
// E.g. "expired on 2025-08-31", "covers 400 units, the sale has 1000", "no BIS authorization
// number: filed 2024-05-07, awaiting approval (earliest expected answer 2024-06-01)"; in an order
// book, "license L-17: 400 units left, 1,000 asked".
std::string NotAppliedReason(const NotApplied& n);

// A party of the sale (the buyer or an owner) whose name is close to a listed entity's without
// matching it (docs/entities.md, "Possible matches"). Screening tools report these for a person
// to clear: the decision holds the sale for review instead of reading as screened clear.
struct PossibleMatch {
  std::string party;        // the name as the sale gives it
  std::string_view entity;  // the listed entity's name in the rule set
  std::string_view list;    // the list of a listing in force on the sale date ("entity_list", "sdn")
  double score = 0;         // Jaro-Winkler similarity of the normalized names, in [0, 1]
};

struct JurisdictionDecision {
  Country jurisdiction;
  Verdict verdict = Verdict::kAllowed;
  bool in_scope = true;
  std::optional<ReviewPolicy> review_policy;  // when a license is or was required
  std::string_view license_exception;         // "NAC", "ACA", "LPP"; empty = none
  bool licensed = false;                      // a held license or approval covers the sale
  // For jurisdictions that classify items: the class ("3A090.a"), "none" or "indeterminate".
  std::string_view classification;
  std::string_view classification_rule;  // the rule that set it
  absl::InlinedVector<Advisory, 2> advisories;
  SpecSet missing;
  std::string_view note;  // e.g. why the jurisdiction's rules do not reach the sale
};

struct Decision {
  Verdict verdict = Verdict::kAllowed;
  bool allowed = true;
  Date date;
  std::optional<Tpp> tpp;
  std::optional<PerformanceDensity> performance_density;
  absl::InlinedVector<JurisdictionDecision, 2> jurisdictions;
  absl::InlinedVector<ConditionOut, 4> conditions;
  SpecSet missing;  // union over jurisdictions
  absl::InlinedVector<NotApplied, 1> not_applied;
  // Parties close to a listed name: while any is here, `allowed` is false (the sale waits for a
  // person to clear them); `verdict` is what the rules say of the names as given.
  std::vector<PossibleMatch> possible_matches;
  std::vector<TraceEntry> trace;  // empty at TraceLevel::kNone
  uint64_t rule_set_hash = 0;

  bool review_required() const { return !possible_matches.empty(); }
  const JurisdictionDecision* Find(Country jurisdiction) const {
    for (const auto& j : jurisdictions)
      if (j.jurisdiction == jurisdiction) return &j;
    return nullptr;
  }
  // True if `rule_id` appears in the trace as fired.
  bool Fired(std::string_view rule_id) const {
    for (const auto& t : trace)
      if (t.fired && t.rule == rule_id) return true;
    return false;
  }
};

}  // namespace exportctl

// Until 0.2: decision.h declared TraceLevel and EvalOptions; they are in evaluate.h, with Evaluate.
#include "exportctl/evaluate.h"  // IWYU pragma: export

#endif  // EXPORTCTL_DECISION_H_
