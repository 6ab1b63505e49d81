// The built-in packs' text, embedded by cmake/exportctl-embed-run.cmake.
#ifndef EXPORTCTL_INTERNAL_BUILTIN_PACKS_H_
#define EXPORTCTL_INTERNAL_BUILTIN_PACKS_H_

#include <string_view>
#include <vector>

namespace exportctl::internal {

struct EmbeddedPack {
  std::string_view name;  // "rules/us.toml"
  std::string_view text;
};
const std::vector<EmbeddedPack>& EmbeddedPacks();

}  // namespace exportctl::internal

#endif  // EXPORTCTL_INTERNAL_BUILTIN_PACKS_H_
