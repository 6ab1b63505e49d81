// Compiling rule packs into an immutable, shareable RuleSet.
//
// Compile once, evaluate many: `Compile` validates the packs, applies
// overlays (a later pack replaces a rule, chip, group or entity by id, merges parameter values,
// and may end an earlier rule), resolves country groups and indexes rules by date. The result is
// immutable and safe to share across threads.
//
//   absl::StatusOr<RulePack> pack = LoadRulePackFile("mine.toml");
//   absl::StatusOr<std::shared_ptr<const RuleSet>> rules = Compile({*pack});
//   Decision d = Evaluate(**rules, sale);
#ifndef EXPORTCTL_RULE_SET_H_
#define EXPORTCTL_RULE_SET_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "exportctl/catalog.h"
#include "exportctl/date.h"
#include "exportctl/rule.h"
#include "exportctl/rule_pack.h"

namespace exportctl {

namespace internal {
struct CompiledRules;
struct RuleSetAccess;  // the evaluator's way to the compiled form (src/compile/compiled.h)
}  // namespace internal

class RuleSet {
 public:
  ~RuleSet();
  RuleSet(const RuleSet&) = delete;
  RuleSet& operator=(const RuleSet&) = delete;

  // The packs, in the order they were applied.
  const std::vector<PackInfo>& packs() const;
  // A hash of the compiled content (rules, chips, groups, parameters, entities); equal rule sets
  // hash equal whatever their file names.
  uint64_t content_hash() const;
  std::string content_hash_hex() const;  // 16 hex digits

  // Every rule after overlays, in pack order.
  absl::Span<const Rule> rules() const;
  const Rule* FindRule(std::string_view id) const;
  // The rules in force on `date` (as known on `as_of`, when given), in evaluation order.
  std::vector<const Rule*> RulesInForce(Date date, std::optional<Date> as_of = std::nullopt) const;

  absl::Span<const JurisdictionSpec> jurisdictions() const;
  absl::Span<const CountryGroup> groups() const;
  absl::Span<const ParameterSeries> parameters() const;
  absl::Span<const Entity> entities() const;
  absl::Span<const OwnershipEdge> ownership() const;
  absl::Span<const CatalogChip> chips() const;
  // A catalog chip by name or alias, ignoring case, spaces and punctuation. nullptr if none.
  const CatalogChip* FindChip(std::string_view name) const;
  // The pack tests of every pack, in pack order.
  absl::Span<const PackTest> tests() const;

  // Every date at which some rule, group membership, parameter value or listing starts or ends,
  // sorted. Between two consecutive boundaries, the rules in force do not change.
  absl::Span<const Date> boundaries() const;

 private:
  friend struct internal::RuleSetAccess;
  friend absl::StatusOr<std::shared_ptr<const RuleSet>> Compile(absl::Span<const RulePack>);
  explicit RuleSet(std::unique_ptr<const internal::CompiledRules> impl);
  std::unique_ptr<const internal::CompiledRules> impl_;
};

// Validates and compiles `packs` (applied in order). Errors are kInvalidArgument and name
// the file:line:column of the offending definition: duplicate ids within a pack, inverted
// intervals, unknown countries, groups, parameters, classifications or rule ids, an overlay
// ending a rule no earlier pack defines.
absl::StatusOr<std::shared_ptr<const RuleSet>> Compile(absl::Span<const RulePack> packs);

}  // namespace exportctl

#endif  // EXPORTCTL_RULE_SET_H_
