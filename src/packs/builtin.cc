// The built-in catalog: the packs under rules/, embedded at build time.
#include "exportctl/rule_pack.h"
#include "internal/status.h"
#include "packs/builtin_packs.h"

namespace exportctl {

absl::StatusOr<std::vector<RulePack>> BuiltinPacks() {
  std::vector<RulePack> packs;
  for (const internal::EmbeddedPack& embedded : internal::EmbeddedPacks()) {
    ASSIGN_OR_RETURN(RulePack pack, LoadRulePack(embedded.text, embedded.name));
    packs.push_back(std::move(pack));
  }
  return packs;
}

absl::StatusOr<std::shared_ptr<const RuleSet>> BuiltinRuleSet(absl::Span<const RulePack> overlays) {
  if (overlays.empty()) {
    // Compiled once; the RuleSet is immutable, so every caller can share it.
    static const absl::StatusOr<std::shared_ptr<const RuleSet>> builtin = [] {
      absl::StatusOr<std::vector<RulePack>> packs = BuiltinPacks();
      return packs.ok() ? Compile(*packs) : absl::StatusOr<std::shared_ptr<const RuleSet>>(packs.status());
    }();
    return builtin;
  }
  ASSIGN_OR_RETURN(std::vector<RulePack> packs, BuiltinPacks());
  packs.insert(packs.end(), overlays.begin(), overlays.end());
  return Compile(packs);
}

}  // namespace exportctl
