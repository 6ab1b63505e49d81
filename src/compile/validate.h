// The one validator: the checks that hold within one pack, whoever built it (the TOML loader or
// a program). LoadRulePack runs it on what it read, and Compile on every pack before merging
// them; the checks between packs (unknown rule ids, groups, parameters, chips, entities and
// jurisdictions, chip names shared across packs) are Compile's own.
//
// Errors name the place the value was read (the pack's SourceMap, e.g. "rule[3].until"), else
// the definition's location, else its subject ("rule 'r'", the pack) for a pack built in code.
#ifndef EXPORTCTL_COMPILE_VALIDATE_H_
#define EXPORTCTL_COMPILE_VALIDATE_H_

#include <string_view>

#include "absl/status/status.h"
#include "exportctl/rule_pack.h"

namespace exportctl::internal {

// Duplicate ids and names, inverted intervals, group ids that are country codes, the number of
// classifications, ranges (ownership and condition percents, wait_days), what each effect needs
// (its outcome keys and targets), suspensions that chain, and self-ownership.
absl::Status ValidatePack(const RulePack& pack);

// The key that names the rules an effect applies to ("exception_to", "amends", "suspends",
// "applies_to"), or "" for effects without targets.
std::string_view TargetsKey(EffectKind effect);

}  // namespace exportctl::internal

#endif  // EXPORTCTL_COMPILE_VALIDATE_H_
