// Name normalization shared by the chip catalog, model predicates, licenses and entity screening.
#ifndef EXPORTCTL_INTERNAL_NAMES_H_
#define EXPORTCTL_INTERNAL_NAMES_H_

#include <cstddef>
#include <cstdint>
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

// A hash of the first four bytes of an entity name's first normalized word, without normalizing
// the rest: screening rejects most buyer names with it before the full normalization and lookup.
// ASCII bytes that begin the first word survive normalization unchanged (legal forms are dropped
// only after another word, Chinese ones only from the end of non-ASCII words), so equal
// normalized names have equal keys. Returns kNoFirstWordKey when the name has no such prefix (it
// is empty, or a non-ASCII byte is among the first four of its first word).
inline constexpr uint64_t kNoFirstWordKey = 0;
// The keys of the first four bytes (what exact lookups filter on) and of the first three
// (possible matches), from one scan.
struct FirstWordKeys {
  uint64_t three = kNoFirstWordKey;
  uint64_t four = kNoFirstWordKey;
};
FirstWordKeys EntityFirstWordKeys(std::string_view name);
inline uint64_t EntityFirstWordKey(std::string_view name) { return EntityFirstWordKeys(name).four; }

}  // namespace exportctl::internal

#endif  // EXPORTCTL_INTERNAL_NAMES_H_
