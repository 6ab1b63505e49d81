// Name normalization shared by the chip catalog, model predicates, licenses and entity screening.
#ifndef EXPORTCTL_INTERNAL_NAMES_H_
#define EXPORTCTL_INTERNAL_NAMES_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace exportctl::internal {

// Chip names: lower case, keeping only ASCII letters and digits ("NVIDIA H20" -> "nvidiah20",
// "RTX Pro 6000D" -> "rtxpro6000d"). Non-ASCII bytes are kept as they are.
std::string NormalizeChipName(std::string_view name);
// The same into a caller's buffer, without allocating. Returns the length written, or
// std::string_view::npos when `capacity` is too small.
size_t NormalizeChipNameInto(std::string_view name, char* buffer, size_t capacity);

// Entity names for screening: case, punctuation and whitespace folded and common legal suffixes
// dropped ("Inspur Group Co., Ltd." -> "inspur group").
std::string NormalizeEntityName(std::string_view name);
// The same into a caller's buffer, without allocating. Returns the length written, or
// std::string_view::npos when `capacity` is too small.
size_t NormalizeEntityNameInto(std::string_view name, char* buffer, size_t capacity);

}  // namespace exportctl::internal

#endif  // EXPORTCTL_INTERNAL_NAMES_H_
