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
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "exportctl/rule.h"
#include "exportctl/rule_set.h"

namespace exportctl {

// The pack format version this library reads.
inline constexpr int kRulePackFormat = 1;

// Parses a pack from TOML text; `source_name` is used in error messages and PackInfo::source.
absl::StatusOr<RulePack> LoadRulePack(std::string_view toml_text, std::string_view source_name);
// Reads and parses a pack file. kNotFound if it cannot be read.
absl::StatusOr<RulePack> LoadRulePackFile(const std::string& path);

// The built-in packs (rules/*.toml, embedded at build time), parsed.
absl::StatusOr<std::vector<RulePack>> BuiltinPacks();
// The built-in catalog compiled, with `overlays` applied after it. Without overlays the result
// is compiled once and shared.
absl::StatusOr<std::shared_ptr<const RuleSet>> BuiltinRuleSet(absl::Span<const RulePack> overlays = {});

}  // namespace exportctl

#endif  // EXPORTCTL_RULE_PACK_H_
