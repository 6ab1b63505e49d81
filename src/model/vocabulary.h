// Vocabularies: enums whose values have names in packs and JSON ("fp8", "license_required").
#ifndef EXPORTCTL_MODEL_VOCABULARY_H_
#define EXPORTCTL_MODEL_VOCABULARY_H_

#include <array>
#include <cstddef>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "internal/strings.h"

namespace exportctl::internal {

// The name of `value` in `names` (indexed by the enum), or "" outside it.
template <class E, size_t N>
std::string_view NameIn(E value, const std::array<std::string_view, N>& names) {
  const auto i = static_cast<size_t>(value);
  return i < N ? names[i] : std::string_view{};
}

// The value named `name`, or "unknown WHAT 'NAME'".
template <class E, size_t N>
absl::StatusOr<E> ParseName(std::string_view name, const std::array<std::string_view, N>& names,
                            std::string_view what) {
  for (size_t i = 0; i < N; ++i)
    if (names[i] == name) return static_cast<E>(i);
  return absl::InvalidArgumentError(OneLine(StrCat("unknown ", what, " '", name, "'")));
}

}  // namespace exportctl::internal

// Defines `NAME_FN(Enum)` and `PARSE_FN(name)` over the names `NAMES` of a vocabulary.
#define EXPORTCTL_VOCABULARY(Enum, NAME_FN, PARSE_FN, NAMES, WHAT)                             \
  std::string_view NAME_FN(Enum value) { return ::exportctl::internal::NameIn(value, NAMES); } \
  absl::StatusOr<Enum> PARSE_FN(std::string_view name) {                                       \
    return ::exportctl::internal::ParseName<Enum>(name, NAMES, WHAT);                          \
  }

#endif  // EXPORTCTL_MODEL_VOCABULARY_H_
