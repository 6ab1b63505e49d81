// Rule predicates: a closed, typed vocabulary, written as short expressions in rule packs.
//
//   tpp >= @us.3a090.a.tpp or (datacenter and tpp >= 1600 and performance_density >= 5.92)
//   destination in [D:1, D:4, D:5, MO] and not destination in [A:5, A:6]
//   model in ["H20", "MI308X"] and sector in [government, state_owned]
//
// Grammar (keywords and names are case-sensitive, lower case):
//   expr    := term ("or" term)*
//   term    := factor ("and" factor)*
//   factor  := "not" factor | "(" expr ")" | "true" | "false" | compare | member | flag
//   compare := metric (">=" | ">" | "<=" | "<" | "==" | "!=") (number | "@" parameter-id)
//   member  := field "in" "[" item ("," item)* "]"     item: bare word or "quoted string"
//   flag    := datacenter | national_hub | pue_given | buyer_listed | buyer_affiliate_listed
//
// Metrics: tpp, performance_density, interconnect_gbps, memory_bandwidth_gbps, memory_gb, tdp_w,
// efficiency_8bit, quantity, consignment_tpp (quantity × tpp), pue.
// Fields: model, vendor, origin, destination, buyer_hq, sector, end_use, exported_from,
// classification, buyer_list, transit. `destination`, `origin`, `exported_from`, `buyer_hq` and
// `transit` take countries and country-group ids; `transit` is true when a country the shipment
// passes through is in the set; `buyer_hq` is true when the buyer's headquarters or its ultimate parent's is
// in the set. `model` matches catalog names and aliases, case-insensitively. `buyer_list` takes
// screening-list ids (`[sdn, dpl]`: an entity's `[[entity.listing]]` `list`) and is true when the
// buyer matches an entity with a listing in force on one of them; `buyer_listed` reads the Entity
// List ("entity_list") alone.
//
// Evaluation is three-valued (Kleene): a metric the chip lacks makes its comparison unknown, and
// `tpp >= 4800 or pd >= 5.92` is still true when the TPP decides it.
#ifndef EXPORTCTL_PREDICATE_H_
#define EXPORTCTL_PREDICATE_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace exportctl {

enum class Metric : uint8_t {
  kTpp,
  kPerformanceDensity,
  kInterconnect,
  kMemoryBandwidth,
  kMemory,
  kTdp,
  kEfficiency8Bit,
  kQuantity,
  kConsignmentTpp,
  kPue
};
enum class Field : uint8_t {
  kModel,
  kVendor,
  kOrigin,
  kDestination,
  kBuyerHeadquarters,
  kSector,
  kEndUse,
  kExportedFrom,
  kClassification,
  kBuyerList,
  kTransit
};
enum class Flag : uint8_t { kDatacenter, kNationalHub, kPueGiven, kBuyerListed, kBuyerAffiliateListed };
enum class CompareOp : uint8_t { kGe, kGt, kLe, kLt, kEq, kNe };

std::string_view MetricName(Metric m);
std::string_view FieldName(Field f);
std::string_view FlagName(Flag f);
std::string_view CompareOpSymbol(CompareOp op);

struct Predicate {
  enum class Kind : uint8_t { kTrue, kFalse, kAnd, kOr, kNot, kCompare, kMember, kFlag };
  Kind kind = Kind::kTrue;
  std::vector<Predicate> children;  // kAnd, kOr (two or more), kNot (one)
  // kCompare: metric op (threshold | @parameter)
  Metric metric = Metric::kTpp;
  CompareOp op = CompareOp::kGe;
  double threshold = 0;
  std::string parameter;  // non-empty: the threshold is this parameter series' value on the date
  // kMember: field in [members]
  Field field = Field::kModel;
  std::vector<std::string> members;
  // kFlag
  Flag flag = Flag::kDatacenter;
  // 1-based column in the source expression, for errors found when compiling (unknown group).
  int column = 1;

  // The expression in the grammar above; parses back to an equal predicate.
  std::string ToString() const;
};

// Parses `text`. On error returns kInvalidArgument whose message starts with "column N: ".
// Parentheses and `not` nest at most 32 deep.
absl::StatusOr<Predicate> ParsePredicate(std::string_view text);

}  // namespace exportctl

#endif  // EXPORTCTL_PREDICATE_H_
