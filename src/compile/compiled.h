// The compiled form of a rule set: predicates flattened into one node pool, country groups
// resolved into dated bit sets, and every rule indexed by date segment and jurisdiction.
// Internal: users include exportctl/rule_set.h.
#ifndef EXPORTCTL_INTERNAL_COMPILED_H_
#define EXPORTCTL_INTERNAL_COMPILED_H_

#include <algorithm>
#include <array>
#include <bitset>
#include <cmath>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "exportctl/date.h"
#include "exportctl/predicate.h"
#include "exportctl/rule.h"
#include "exportctl/rule_set.h"

namespace exportctl::internal {

using CountryBits = std::bitset<Country::kIndexCount>;

// What a node computes: the predicate's kind, with membership split by the sale field it reads
// so that the evaluator dispatches once.
enum class Op : uint8_t {
  kAnd,
  kOr,
  kNot,  // connectives first: the evaluator tests op <= kNot
  kTrue,
  kFalse,
  kCompare,
  kFlag,
  kOriginIn,
  kDestinationIn,
  kExportedFromIn,
  kHeadquartersIn,
  kTransitIn,  // country fields: `set`
  kSectorIn,
  kEndUseIn,
  kClassificationIn,
  kBuyerListIn,  // `mask`
  kModelIn,
  kVendorIn,  // `set` into name_sets
};

// Thresholds are inclusive and compared with a small relative tolerance, so that 5.92 × area
// gives a density of 5.92 (docs/law.md §6): values within this of the threshold equal it.
inline double ComparisonTolerance(double threshold) { return 1e-9 * std::max(1.0, std::fabs(threshold)); }

// A threshold as the bounds of the values that equal it, so that a comparison is one test.
struct Bounds {
  double low = 0;   // threshold - tolerance
  double high = 0;  // threshold + tolerance
};
inline Bounds BoundsOf(double threshold) {
  const double tolerance = ComparisonTolerance(threshold);
  return {threshold - tolerance, threshold + tolerance};
}
// `value op threshold`, for the threshold's bounds.
inline bool Compare(double value, CompareOp op, Bounds b) {
  switch (op) {
    case CompareOp::kGe: return value >= b.low;
    case CompareOp::kGt: return value > b.high;
    case CompareOp::kLe: return value <= b.high;
    case CompareOp::kLt: return value < b.low;
    case CompareOp::kEq: return value >= b.low && value <= b.high;
    case CompareOp::kNe: return value < b.low || value > b.high;
  }
  return false;
}

struct Node {
  Op op = Op::kTrue;
  Metric metric = Metric::kTpp;
  CompareOp compare = CompareOp::kGe;
  Flag flag = Flag::kDatacenter;
  uint32_t first_child = 0;  // into CompiledRules::children
  uint32_t child_count = 0;
  double threshold = 0;
  Bounds bounds;           // BoundsOf(threshold), for a literal threshold
  int32_t parameter = -1;  // index into parameters, or -1 for the literal threshold
  int32_t set = -1;        // country fields: a country set; model/vendor: name_sets
  uint32_t mask = 0;       // sector, end use, classification (bit n = "none")
};

// One step of a predicate compiled to short-circuit control flow: test the leaf, go on to
// next[value] (another step, or an exit) for its value false, true or unknown. Written-order programs visit
// the leaves exactly as the tree's three-valued (Kleene) short-circuit evaluation does, without
// recursion: `and` and `or` have a second chain for the children after an unknown one, so a
// program's result, the specs it notes missing and the thresholds it records are the tree's.
// Cheap-first programs test the cheapest leaves first in two-valued logic and exit at the first
// unknown leaf (kExitUnknown: undecided; the written-order program then decides).
struct Branch {
  Node leaf;             // a copy, not an index: one load less per step
  int32_t next[3] = {};  // indexed by the leaf's Kleene value: false 0, true 1, unknown 2
};
// The exits are -1 - the Kleene value (false 0, true 1, unknown 2), which the evaluator reads.
inline constexpr int32_t kExitFalse = -1;
inline constexpr int32_t kExitTrue = -2;
inline constexpr int32_t kExitUnknown = -3;
// branch_entry of a predicate whose written-order program takes more than kMaxProgramSteps
// steps to build (its unknown-chains double with each level of nesting): the tree evaluates it.
inline constexpr int32_t kNoProgram = -4;
inline constexpr size_t kMaxProgramSteps = 4096;

// A jurisdiction's classes and "none" are bits of one 32-bit mask in the evaluator.
inline constexpr size_t kMaxClassifications = 31;

// Rules are evaluated in stages; the date index lists each segment's rules stage by stage.
enum class Stage : uint8_t { kSuspend, kClassify, kRequirement, kReview, kException, kCondition, kScope };
inline constexpr int kStageCount = 7;
Stage StageOf(EffectKind e);

struct CompiledOutcome {
  EffectKind effect = EffectKind::kProhibit;
  int classification = -1;  // index into the jurisdiction's classifications
  std::optional<ReviewPolicy> review_policy;
  const Outcome* source = nullptr;  // exception name, notification, advisory, conditions
};

struct CompiledCase {
  int32_t when = -1;  // node index; -1 = always (the rule's default outcome)
  CompiledOutcome outcome;
};

struct CompiledRule {
  const Rule* rule = nullptr;
  uint32_t index = 0;
  int jurisdiction = 0;
  Stage stage = Stage::kRequirement;
  int32_t when = -1;
  std::vector<CompiledCase> cases;  // the default outcome last
  // Cases beyond the default: an unknown case reads the missing specs of a true `when` too.
  bool has_cases() const { return cases.size() > 1; }
  std::vector<uint32_t> targets;  // rule indices
  std::string citation;           // citations joined by "; "
  bool reads_listing = false;     // its predicate reads buyer_listed or buyer_affiliate_listed
  Date starts;                    // max(from, compliance)
};

// A jurisdiction whose scope reads only the shipment's route: `destination in [...]`,
// `exported_from in [...]` and `transit in [...]` leaves under `or`, with no in_scope rule. A
// sale that goes to none of `destination` (as the jurisdiction treats countries), leaves from
// none of `from` and passes through none of `transit` (each set's members on any day) is out of
// its scope: Evaluate passes it over without setting up the jurisdiction.
struct RouteScope {
  bool on = false;
  CountryBits destination;
  CountryBits from;
  CountryBits transit;
};

struct CompiledJurisdiction {
  Country code;
  int32_t scope = -1;
  bool report_out_of_scope = false;
  RouteScope route;  // on only for a jurisdiction that does not report out of scope
  const JurisdictionSpec* spec = nullptr;
  std::vector<uint16_t> treat_as;  // country index -> country index (identity when empty)
  Country Map(Country c) const {
    if (treat_as.empty() || !c.valid()) return c;
    return Country::FromIndex(treat_as[c.index()]);
  }
};

struct CompiledParameter {
  std::vector<Date> from;
  std::vector<Date> announced;
  std::vector<double> value;
};

struct CompiledEntity {
  std::vector<uint32_t> owners;     // ownership edges where this entity is owned
  std::vector<uint32_t> list_bits;  // parallel to the entity's listings: its list's bit (screening_lists)
};

// The list `buyer_listed` reads; listings on other lists (an imported screening list's SDN, DPL,
// MEU...) are read by `buyer_list in [...]` rules.
inline constexpr std::string_view kEntityList = "entity_list";
inline bool OnEntityList(const Listing& l) { return l.list == kEntityList; }
// The listings whose parties make affiliates (90 FR 47201: the Entity List and the Military
// End-User List): the ownership coverage and the affiliates rule read these.
inline bool MakesAffiliates(const Listing& l) { return l.list == kEntityList || l.list == "meu"; }
// Screening lists are bits of one 32-bit mask in the evaluator.
inline constexpr size_t kMaxScreeningLists = 32;
// The parameter that turns possible matches on and holds their threshold score.
inline constexpr std::string_view kPossibleMatchParameter = "screening.possible_match_score";
// A normalized name's candidate key for possible matches: the first three bytes of its first
// word and the first byte of its second word (0 when there is none).
uint32_t InitialsKey(std::string_view normalized);

// An interval over which an entity is covered by the affiliates rule's ownership test: owned
// 50 % or more, directly or indirectly, individually or in aggregate, by listed parties.
struct Coverage {
  Date from;
  Date until;
  double share = 0;  // percent held by listed or covered owners
  int32_t via = -1;  // the largest listed or covered owner, for the path in the trace
};

// The affiliates rule's coverage of every entity, precomputed over the ownership graph.
struct AffiliateCoverage {
  // Entity e's intervals: intervals[offsets[e] .. offsets[e + 1]), by date.
  std::vector<uint32_t> offsets;
  std::vector<Coverage> intervals;
  // An as_of on or after this day sees every listing, so the precomputed coverage holds for it.
  Date complete_from;
};

// For segment s and jurisdiction j (k = s * J + j), destination country c (its index, or
// Country::kIndexCount for none) is in class `classes[table[k]][c]`, and that class's rules at
// stage g are `rules[offsets[b] .. offsets[b + 1])`, b = (block[k] + class) * kStageCount + g.
struct DestinationIndex {
  using Classes = std::array<uint16_t, Country::kIndexCount + 1>;
  std::vector<uint32_t> table;
  std::vector<Classes> classes;  // distinct: most segments share one
  std::vector<uint32_t> block;
  std::vector<uint32_t> offsets;
  std::vector<uint32_t> rules;
  // Parallel to rules: the rule's cheap-first program with the destination's tests decided
  // (kExitTrue for a rule that always applies).
  std::vector<int32_t> entry;
};

struct CompiledRules {
  std::vector<PackInfo> packs;
  uint64_t hash = 0;
  std::string hash_hex;

  std::vector<Rule> rules;
  std::vector<CompiledRule> compiled;  // parallel to rules
  absl::flat_hash_map<std::string, uint32_t> rule_index;

  std::vector<JurisdictionSpec> jurisdictions;
  std::vector<CompiledJurisdiction> compiled_jurisdictions;
  std::vector<CountryGroup> groups;
  std::vector<ParameterSeries> parameters;
  std::vector<CompiledParameter> compiled_parameters;
  std::vector<CatalogChip> chips;
  absl::flat_hash_map<std::string, uint32_t> chip_index;  // normalized names and aliases
  std::vector<Entity> entities;
  std::vector<CompiledEntity> compiled_entities;
  absl::flat_hash_map<std::string, uint32_t> entity_index;      // normalized names and aliases
  absl::flat_hash_map<std::string, uint32_t> entity_spellings;  // names and aliases as the packs spell them
  std::vector<std::string> screening_lists;                     // list ids by bit, as rules and listings name them
  // Each list some entity is on, with the ids of the packs that bring its entries (the decision's
  // rule_set.screening_lists: which lists a party was screened against, and from where).
  std::vector<std::pair<std::string, std::vector<std::string>>> screened_lists;
  // The compact "rule_set" member of its decisions (',"rule_set":{...}'), written at the first
  // decision that names this rule set (decision_json.cc) and kept with it.
  mutable std::once_flag rule_set_json_once;
  mutable std::string rule_set_json;
  // Possible matches (SimilarEntities): the normalized names of entity_index, sorted, and the
  // names by their first word and by their "initials key" (InitialsKey).
  std::vector<std::pair<std::string, uint32_t>> entity_names;
  absl::flat_hash_map<std::string, std::vector<uint32_t>> names_by_first_word;
  absl::flat_hash_map<uint32_t, std::vector<uint32_t>> names_by_initials;
  // The three-byte first-word keys of entity_names (EntityFirstWordKeys(name).three), hashed into
  // bits: a name whose bit is clear has no possible match, which settles most without normalizing.
  std::bitset<4096> entity_first_prefixes;
  int32_t possible_match_parameter = -1;  // kPossibleMatchParameter's index; -1: no possible matches
  // The first-word keys of entity_index's names (EntityFirstWordKey), hashed into bits: a name
  // whose key's bit is clear is no entity, which settles most buyers and owners without a lookup.
  std::bitset<4096> entity_first_words;
  std::vector<OwnershipEdge> ownership;
  std::vector<int32_t> edge_owner;  // ownership[e].owner as an entity index
  AffiliateCoverage coverage;
  std::vector<PackTest> tests;

  std::vector<Node> nodes;
  std::vector<uint32_t> children;
  uint32_t country_set_count = 0;
  // The normalized chip and vendor names `model in` and `vendor in` leaves read, by id; a leaf's
  // set is name_sets[set], the sorted ids of its names.
  absl::flat_hash_map<std::string, uint32_t> name_ids;
  std::vector<std::vector<uint32_t>> name_sets;
  // branches[branch_entry[n]]: the first step of root node n's written-order program (scopes,
  // rule and case predicates; an exit when constant; kNoProgram when too large; unset for other
  // nodes). cheap_entry[n]: its cheap-first program, for evaluations that record nothing.
  std::vector<Branch> branches;
  std::vector<int32_t> branch_entry;
  std::vector<int32_t> cheap_entry;

  // Date index: segment s covers [boundaries[s-1], boundaries[s]); its rules for jurisdiction j
  // at stage g are active[offsets[k] .. offsets[k + 1]) with k = (s * J + j) * kStageCount + g.
  std::vector<Date> boundaries;
  // The segment of each day from the first boundary to the last, so that most days need no
  // search: segment_of_day[day number - first_boundary_day] (empty when the span is too long).
  uint32_t first_boundary_day = 0;
  std::vector<uint16_t> segment_of_day;
  std::vector<uint32_t> offsets;
  std::vector<uint32_t> active;
  // The same per destination, without the rules whose predicate the destination alone makes
  // false (a `destination in [...]` the country is not in, under an `and`): those do nothing
  // unless a full trace lists them. Countries alike in every destination set that segment s's
  // rules for jurisdiction j read form a class (DestinationIndex).
  DestinationIndex by_destination;
  // parameter_table[s * parameters.size() + p]: parameter p's value in segment s (NaN: none yet),
  // in effect since parameter_from[s * parameters.size() + p] (for the trace), and its bounds.
  std::vector<double> parameter_table;
  std::vector<Bounds> parameter_bounds;
  std::vector<Date> parameter_from;
  // distinct_sets[segment_sets[s * country_set_count + k]]: the members of country set k in
  // segment s. Group membership changes only on boundaries, so one row answers every country
  // test of a day. A row holds 4-byte indices into the few distinct member sets, not 88-byte
  // bit sets: the table is segments × sets, which grows fast in large what-if packs.
  std::vector<uint32_t> segment_sets;
  std::vector<CountryBits> distinct_sets;
  // Every rule of jurisdiction j, stage by stage, for as_of queries (which may see other ends).
  std::vector<std::vector<uint32_t>> by_jurisdiction;

  int ChipIndex(std::string_view name) const;                             // -1 if none; no allocation for short names
  int EntityIndex(std::string_view name) const;                           // -1 if none; no allocation
  int EntityIndex(std::string_view name, uint64_t first_word_key) const;  // the key: EntityFirstWordKey(name)
  // The entities with a name close to `normalized` (a normalized name that is no entity's): a
  // name that begins with all of its words, or one whose NameScore reaches `threshold`
  // among the names alike in their first word's first three bytes and the second word's first.
  // Each entity once, with its best score, best first.
  void SimilarEntities(std::string_view normalized, double threshold,
                       std::vector<std::pair<uint32_t, double>>& out) const;
  const Coverage* CoverageOf(int entity, Date date) const;  // nullptr when not covered
};

// Sets `compiled.hash` and `hash_hex` from what the rule set holds (rule_set.cc).
void HashContent(CompiledRules& compiled);

// The compiled form of a rule set: the evaluator's view, which RuleSet keeps out of its public API.
struct RuleSetAccess {
  static const CompiledRules& Of(const RuleSet& rules) { return *rules.impl_; }
};
inline const CompiledRules& Compiled(const RuleSet& rules) { return RuleSetAccess::Of(rules); }

}  // namespace exportctl::internal

#endif  // EXPORTCTL_INTERNAL_COMPILED_H_
