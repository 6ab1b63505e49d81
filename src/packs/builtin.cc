// The built-in catalog: the packs under rules/, embedded at build time.
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "exportctl/rule_pack.h"
#include "packs/builtin_packs.h"

namespace exportctl {

absl::StatusOr<std::vector<RulePack>> BuiltinPacks() {
  std::vector<RulePack> packs;
  for (const internal::EmbeddedPack& embedded : internal::EmbeddedPacks()) {
    absl::StatusOr<RulePack> pack = LoadRulePack(embedded.text, embedded.name);
    if (!pack.ok()) return pack.status();
    packs.push_back(*std::move(pack));
  }
  return packs;
}

absl::StatusOr<std::shared_ptr<const RuleSet>> BuiltinRuleSet(absl::Span<const RulePack> overlays) {
  if (overlays.empty()) {
    // Compiled once; the RuleSet is immutable, so every caller can share it.
    static const absl::StatusOr<std::shared_ptr<const RuleSet>> builtin = [] {
      absl::StatusOr<std::vector<RulePack>> packs = BuiltinPacks();
      if (!packs.ok()) return absl::StatusOr<std::shared_ptr<const RuleSet>>(packs.status());
      return Compile(*packs);
    }();
    return builtin;
  }
  absl::StatusOr<std::vector<RulePack>> packs = BuiltinPacks();
  if (!packs.ok()) return packs.status();
  packs->insert(packs->end(), overlays.begin(), overlays.end());
  return Compile(*packs);
}

}  // namespace exportctl
