// Rule packs: TOML files of chips, country groups, parameters, entities, rules and tests.
//
// The format is documented in docs/rule-packs.md. Loading is strict: unknown keys, wrong types,
// bad dates, unknown countries and duplicate ids are errors of the form "file:line:column: message".
//
//   absl::StatusOr<RulePack> pack = LoadRulePackFile("examples/whatif/lower_tpp.toml");
//   absl::StatusOr<std::shared_ptr<const RuleSet>> rules = BuiltinRuleSet({*pack});
#ifndef EXPORTCTL_RULE_PACK_H_
#define EXPORTCTL_RULE_PACK_H_

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "exportctl/catalog.h"
#include "exportctl/chip.h"
#include "exportctl/country.h"
#include "exportctl/date.h"
#include "exportctl/rule.h"
#include "exportctl/verdict.h"

namespace exportctl {

// A test case that lives inside a pack: a sale and what its decision must show.
struct PackTest {
  std::string name;
  std::string sale_json;  // the sale, as contract JSON
  std::optional<Date> as_of;
  std::optional<Verdict> verdict;
  std::optional<bool> allowed;
  std::optional<std::string> classification;                       // US classification
  std::vector<std::pair<Country, Verdict>> jurisdiction_verdicts;  // {US, kLicenseRequired}
  std::optional<ReviewPolicy> review_policy;                       // of the first jurisdiction that reports one
  std::optional<std::string> license_exception;
  std::vector<std::string> fired;         // rule ids that must appear in the trace
  std::vector<std::string> not_fired;     // rule ids that must not
  std::vector<ConditionKind> conditions;  // condition kinds that must be listed
  std::vector<Spec> missing;              // specs that must be reported missing
  SourceLocation location;
};

struct PackInfo {
  int format = 1;
  std::string id;
  std::string revision;
  std::string description;
  std::string source;  // file name, or "builtin:rules/x.toml"
};

// Where the loader read the values that checks after loading refer to, by path within the pack:
// "rule[2].until", "rule[2].suspends[0]", "rule[2].case[1].effect", "group[0].member[3].from".
// Compile's checks report at these places. A pack built in code has none: its errors name the
// definition's own `location`, or the pack.
class SourceMap {
 public:
  void Add(std::string path, SourceLocation location) { entries_.emplace_back(std::move(path), std::move(location)); }
  // Where `path` was read, or nullptr when it was not recorded.
  const SourceLocation* Find(std::string_view path) const {
    for (const auto& [p, location] : entries_)
      if (p == path) return &location;
    return nullptr;
  }

 private:
  std::vector<std::pair<std::string, SourceLocation>> entries_;
};

struct RulePack {
  PackInfo info;
  std::vector<JurisdictionSpec> jurisdictions;
  std::vector<CountryGroup> groups;
  std::vector<ParameterSeries> parameters;
  std::vector<CatalogChip> chips;
  std::vector<Entity> entities;
  std::vector<OwnershipEdge> ownership;
  std::vector<Rule> rules;
  std::vector<RuleEnd> ends;
  std::vector<PackTest> tests;
  SourceMap sources;
};

// The pack format version this library reads.
inline constexpr int kRulePackFormat = 1;

// Parses a pack from TOML text and validates it (the checks that hold within one pack, which
// Compile runs too); `source_name` is used in error messages and PackInfo::source.
absl::StatusOr<RulePack> LoadRulePack(std::string_view toml_text, std::string_view source_name);
// Reads and parses a pack file. kNotFound if it cannot be read.
absl::StatusOr<RulePack> LoadRulePackFile(const std::string& path);

class RuleSet;
// The built-in packs (rules/*.toml, embedded at build time), parsed.
absl::StatusOr<std::vector<RulePack>> BuiltinPacks();
// The built-in catalog compiled, with `overlays` applied after it. Without overlays the result
// is compiled once and shared.
absl::StatusOr<std::shared_ptr<const RuleSet>> BuiltinRuleSet(absl::Span<const RulePack> overlays = {});

}  // namespace exportctl

#include "exportctl/rule_set.h"  // RuleSet, for BuiltinRuleSet's callers

#endif  // EXPORTCTL_RULE_PACK_H_
