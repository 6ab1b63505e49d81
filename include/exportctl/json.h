// The JSON of docs/json.md: sales in, decisions out.
//
// Input is read with simdjson and is strict: unknown fields, wrong types, impossible dates and
// unknown countries, sectors, end uses or catalog chips are errors whose message starts with
// "LINE:COLUMN: ". Output is always valid JSON with fields in a stable order.
//
//   absl::StatusOr<Sale> sale = ParseSaleJson(R"({"date":"2025-09-01","item":"H20","destination":"CN"})", *rules);
//   std::string json = DecisionToJson(Evaluate(*rules, *sale), *sale, *rules);
#ifndef EXPORTCTL_JSON_H_
#define EXPORTCTL_JSON_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "exportctl/chip.h"
#include "exportctl/country.h"
#include "exportctl/date.h"
#include "exportctl/decision.h"
#include "exportctl/queries.h"
#include "exportctl/rule_set.h"
#include "exportctl/sale.h"

namespace exportctl {

struct SaleParseOptions {
  // The date of a sale that has no "date" (a timeline's first day: its sale needs none); without
  // it, "date" is required.
  std::optional<Date> default_date;
};

// Parses one sale object. A string `item` is looked up in `rules`' chip catalog (by name or alias,
// case-insensitively); an object `item` is a chip (see ParseChipJson).
absl::StatusOr<Sale> ParseSaleJson(std::string_view json, const RuleSet& rules, const SaleParseOptions& options = {});
// Parses one chip object: model, vendor, origin, datacenter, die_area_mm2, dense_tops{...} or tpp,
// interconnect_gbps, memory_bandwidth_gbps, memory_gb, tdp_w.
absl::StatusOr<Chip> ParseChipJson(std::string_view json);

struct JsonOptions {
  bool pretty = false;
};

// The decision as contract JSON (allowed, verdict, date, item, classification, jurisdictions,
// conditions, trace, missing, rule_set). `sale` must be the sale that was evaluated.
std::string DecisionToJson(const Decision& decision, const Sale& sale, const RuleSet& rules,
                           const JsonOptions& options = {});
// What batch adds to or leaves out of the compact decision (docs/json.md, "Batch").
struct DecisionJsonOptions {
  // The 1-based input line, written as "line" right after "id" (first when the sale has no id).
  std::optional<int64_t> line;
  // False: no "rule_set" member (a batch with rule_set_once writes it once, in its header line).
  bool rule_set = true;
  // False: trace entries without "legal_force", "citation" and "thresholds"; each names its
  // rule, whose legal force and citation the header line's "rules" give (RuleSetHeaderJson).
  bool citations = true;
};

// Appends the compact form to `out` (for batch output).
void AppendDecisionJson(std::string& out, const Decision& decision, const Sale& sale, const RuleSet& rules,
                        const DecisionJsonOptions& options = {});

// The header line of a compact batch (BatchOptions::rule_set_once), without '\n':
// {"rule_set":{...},"rules":[{"id","legal_force","citation"},...]}, every rule of `rules`.
std::string RuleSetHeaderJson(const RuleSet& rules);

// The outputs of the queries, as `exportctl` prints them (docs/json.md), compact or indented.

// {"item", "date", "classification": {"US"}, "rule", "missing"?}
std::string ClassificationToJson(std::string_view item, Date date, const ClassifyResult& result,
                                 const JsonOptions& options = {});

// One destination's timeline.
struct TimelineLane {
  Country destination;
  std::vector<TimelineSegment> segments;
};
// {"item", "destination", "segments": [...]} for one lane; {"item", "lanes": [{"destination",
// "segments"}, ...]} for several. A segment: {"from", "until", "verdict", "review_policy"?,
// "license_exception"?, "jurisdictions", "conditions"?, "missing"?, "rules"}.
std::string TimelineToJson(std::string_view item, absl::Span<const TimelineLane> lanes,
                           const JsonOptions& options = {});

// {"destination", "date", "datacenter", "die_area_mm2", "tpp_below", "pd_below"?, "rule"}
std::string HeadroomToJson(Country destination, Date date, bool datacenter, std::optional<double> die_area_mm2,
                           const Headroom& headroom, const JsonOptions& options = {});

// The catalog: [{"model", "vendor", "origin", "datacenter", "tpp", "performance_density",
// "aliases", "modeled"?}, ...]; an unknown origin, datacenter flag, TPP or PD is null.
std::string ChipsToJson(const RuleSet& rules, const JsonOptions& options = {});

// [{"id", "jurisdiction", "effect", "legal_force", "from", "until", "announced", "citations",
// "modeled"?}, ...]
std::string RulesToJson(absl::Span<const Rule* const> rules, const JsonOptions& options = {});

// What `exportctl entities` lists: the listings in force on `date` (all, when none) and known on
// `as_of`; the first `builtin_packs` packs of the rule set are the built-in ones.
struct EntitiesQuery {
  std::optional<Date> date;
  std::optional<Date> as_of;
  size_t builtin_packs = 0;
};
// {"source": {"packs", "coverage"}, "entities": [...], "ownership": [...]}
std::string EntitiesToJson(const RuleSet& rules, const EntitiesQuery& query, const JsonOptions& options = {});

// Escapes `text` as the body of a JSON string (no surrounding quotes).
void AppendJsonEscaped(std::string& out, std::string_view text);

// Appends `v` as a JSON number every parser reads back: integers below 1e15 without a fraction,
// larger magnitudes in exponent form (a 20-digit integer overflows 64-bit readers), and null for
// NaN or infinity, which JSON cannot spell.
void AppendJsonNumber(std::string& out, double v);

}  // namespace exportctl

#endif  // EXPORTCTL_JSON_H_
