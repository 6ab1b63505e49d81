// The impact of a rule change on an order book: every sale evaluated under an old and a new rule
// set (or one rule set as known on two days), and every order whose decision changes, with the
// rules that made the difference and a summary. `exportctl impact` is this (docs/json.md, Impact).
//
//   std::shared_ptr<const RuleSet> before = *BuiltinRuleSet();
//   std::shared_ptr<const RuleSet> after = *BuiltinRuleSet({*LoadRulePackFile("examples/whatif/lower_tpp.toml")});
//   std::ifstream in("orders.jsonl");
//   absl::StatusOr<ImpactReport> impact = ComputeImpactJsonLines(*before, *after, JsonLinesInput::Stream(in));
//   for (const ImpactChange& c : impact->changes) ...  // c.line, c.before.verdict, c.after.verdict, c.rules_added
//
// What "changes" means (ImpactAspect): the overall verdict, `allowed`, review_required, the set of
// jurisdictions and each one's verdict, classification, review policy, license exception and
// `licensed`, and the conditions (kind, jurisdiction, percent, amount, max_units, ratio; in order).
// Not compared: advisories (they never change a verdict), the trace, `missing` (an indeterminate
// verdict shows it), `not_applied` and the rule set's hash.
//
// Lifetime: the string_views of a report (classifications, license exceptions, rule ids) point
// into the two rule sets; keep them alive while the report is read. No exception leaves these
// calls; they fail when the input cannot be read, a callback fails or the threads cannot start.
#ifndef EXPORTCTL_IMPACT_H_
#define EXPORTCTL_IMPACT_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/inlined_vector.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "exportctl/batch.h"
#include "exportctl/country.h"
#include "exportctl/date.h"
#include "exportctl/decision.h"
#include "exportctl/json.h"
#include "exportctl/rule_pack.h"
#include "exportctl/rule_set.h"
#include "exportctl/sale.h"

namespace exportctl {

// The parts of a decision that may change, as bits of ImpactChange::changed.
enum ImpactAspect : uint32_t {
  kImpactVerdict = 1u << 0,           // the overall verdict
  kImpactAllowed = 1u << 1,           // `allowed`
  kImpactReviewRequired = 1u << 2,    // a possible match holds the sale for review
  kImpactJurisdictions = 1u << 3,     // a jurisdiction came or went, or its verdict changed
  kImpactClassification = 1u << 4,    // a jurisdiction's classification
  kImpactReviewPolicy = 1u << 5,      // a jurisdiction's review policy
  kImpactLicenseException = 1u << 6,  // a jurisdiction's license exception
  kImpactLicensed = 1u << 7,          // whether a held license or approval covers the sale
  kImpactConditions = 1u << 8,        // the conditions
};
// The names of the bits set in `changed`, in the order above: "verdict", "allowed",
// "review_required", "jurisdictions", "classification", "review_policy", "license_exception",
// "licensed", "conditions".
std::vector<std::string_view> ImpactAspectNames(uint32_t changed);

// One jurisdiction's side of a decision, as compared.
struct ImpactJurisdiction {
  Country jurisdiction;
  Verdict verdict = Verdict::kAllowed;
  std::string_view classification;  // empty for a jurisdiction that does not classify
  std::optional<ReviewPolicy> review_policy;
  std::string_view license_exception;  // empty: none
  bool licensed = false;
};

// One decision, as compared.
struct ImpactOutcome {
  Verdict verdict = Verdict::kAllowed;
  bool allowed = true;
  bool review_required = false;
  absl::InlinedVector<ImpactJurisdiction, 2> jurisdictions;
  absl::InlinedVector<ConditionOut, 2> conditions;
};

// An order whose decision changed.
struct ImpactChange {
  int64_t line = 0;  // the 1-based input line (for a span of sales: the index + 1)
  std::optional<SaleId> id;
  Date date;
  std::string item;  // the chip's model
  Country destination;
  uint32_t changed = 0;  // ImpactAspect bits
  ImpactOutcome before;  // under the old rule set
  ImpactOutcome after;   // under the new one
  // The rules that made the difference, from the fired trace of both decisions, in trace order:
  // fired under the new rules only, under the old only, and under both with another effect or
  // detail (e.g. a classification "3A090.b" that became "3A090.a").
  std::vector<std::string_view> rules_added;
  std::vector<std::string_view> rules_removed;
  std::vector<std::string_view> rules_changed;
};

// A line that is not a usable sale under one of the rule sets.
struct ImpactError {
  int64_t line = 0;
  std::string message;  // "LINE:COLUMN: message", as batch reports it
};

// How many changed orders went from one overall verdict to another (the same verdict when
// something else changed).
struct ImpactTransition {
  Verdict from = Verdict::kAllowed;
  Verdict to = Verdict::kAllowed;
  int64_t count = 0;
};

// In how many changed orders a rule was added, removed or changed.
struct ImpactRuleCount {
  std::string_view rule;
  int64_t added = 0;
  int64_t removed = 0;
  int64_t changed = 0;
};

struct ImpactSummary {
  int64_t lines = 0;           // input lines read, blank ones included (sales, for a span)
  int64_t orders = 0;          // sales evaluated under both rule sets
  int64_t changed = 0;         // of those, the ones whose decision changed
  int64_t errors = 0;          // lines that are no usable sale
  int64_t first_bad_line = 0;  // 0 when none
  // By count, most first; ties in verdict order (from, then to).
  std::vector<ImpactTransition> transitions;
  // By changed orders (added + removed + changed), most first; ties by rule id.
  std::vector<ImpactRuleCount> rules;
};

// What one side was: its packs, content hash and as-of date.
struct ImpactSide {
  std::vector<PackInfo> packs;
  std::string hash;  // 16 hex digits
  std::optional<Date> as_of;
};

struct ImpactReport {
  ImpactSide before;
  ImpactSide after;
  ImpactSummary summary;
  std::vector<ImpactChange> changes;  // in input order; empty when ImpactOptions::on_change is set
  std::vector<ImpactError> errors;    // in input order, at most ImpactOptions::max_errors
};

struct ImpactOptions {
  // What was known on each side's day (EvalOptions::as_of); compare one rule set on two days
  // by passing it as both sides.
  std::optional<Date> old_as_of;
  std::optional<Date> new_as_of;
  // Worker threads: 0 for one per hardware thread, else 1 to kMaxBatchThreads.
  int threads = 0;
  // When set, each change is handed here, in input order on the calling thread, instead of being
  // kept in ImpactReport::changes; an error stops the computation with it.
  std::function<absl::Status(const ImpactChange&)> on_change = nullptr;
  // The most error lines kept in ImpactReport::errors (all are counted in the summary).
  size_t max_errors = 1000;
};

// Evaluates each sale under both rule sets. A sale's item is as given (its chip figures are
// those of the Sale, whatever the catalogs say).
absl::StatusOr<ImpactReport> ComputeImpact(const RuleSet& old_rules, const RuleSet& new_rules,
                                           absl::Span<const Sale> sales, const ImpactOptions& options = {});

// Reads JSON Lines as batch does (blank lines skipped but counted, a bad line reported in place
// and counted, never a failure) and evaluates each sale under both rule sets. A catalog chip named
// by the sale is looked up in each rule set's own catalog (the line is parsed once when the two
// catalogs agree); a line that is a usable sale under one rule set only is an error line.
absl::StatusOr<ImpactReport> ComputeImpactJsonLines(const RuleSet& old_rules, const RuleSet& new_rules,
                                                    const JsonLinesInput& input, const ImpactOptions& options = {});

// The report as JSON (docs/json.md, Impact): {"summary": {...}, "changes": [...], "errors": [...]}.
std::string ImpactToJson(const ImpactReport& report, const JsonOptions& options = {});
// One change as a JSON object (as in "changes"), for JSON Lines output.
std::string ImpactChangeToJson(const ImpactChange& change);
// The summary as a JSON object (as in "summary").
std::string ImpactSummaryToJson(const ImpactReport& report, const JsonOptions& options = {});
// A readable report: the two sides, the counts, the table of transitions, the rules, and the first
// `max_changes` changed orders.
std::string ImpactToText(const ImpactReport& report, size_t max_changes = 20);

}  // namespace exportctl

#endif  // EXPORTCTL_IMPACT_H_
