#include "model/names.h"

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace exportctl::internal {
namespace {

constexpr bool IsAsciiUpper(unsigned char c) { return c >= 'A' && c <= 'Z'; }
constexpr bool IsAsciiLower(unsigned char c) { return c >= 'a' && c <= 'z'; }
constexpr bool IsAsciiDigit(unsigned char c) { return c >= '0' && c <= '9'; }
constexpr bool IsAscii(unsigned char c) { return c < 0x80; }
constexpr char ToLowerAscii(unsigned char c) {
  return IsAsciiUpper(c) ? static_cast<char>(c - 'A' + 'a') : static_cast<char>(c);
}

// Chip names keep a byte if it is an ASCII letter or digit (lower-cased) or any non-ASCII byte.
constexpr bool KeepInChipName(unsigned char c) {
  return IsAsciiUpper(c) || IsAsciiLower(c) || IsAsciiDigit(c) || !IsAscii(c);
}

// Full-width and CJK punctuation that separates words in entity names, folded to a space like
// ASCII punctuation. UTF-8 byte sequences.
constexpr std::string_view kWidePunctuation[] = {
    "\xE3\x80\x80",  // U+3000 ideographic space
    "\xE3\x80\x81",  // U+3001 、
    "\xE3\x80\x82",  // U+3002 。
    "\xEF\xBC\x8C",  // U+FF0C ，
    "\xEF\xBC\x88",  // U+FF08 （
    "\xEF\xBC\x89",  // U+FF09 ）
    "\xEF\xBC\x8E",  // U+FF0E ．
    "\xC2\xB7",      // U+00B7 ·
    "\xE3\x83\xBB",  // U+30FB ・
};

// Trailing legal-form words, after punctuation has become spaces ("Co., Ltd." -> "co ltd") and
// initials have been joined ("L.L.C." -> "llc", "S. A." -> "sa").
constexpr std::string_view kLegalSuffixWords[] = {
    "co",      "ltd", "limited", "inc", "incorporated", "llc", "llp",  "lp",   "gmbh", "kg",  "corp", "corporation",
    "company", "plc", "sa",      "sas", "sarl",         "srl", "spa",  "ag",   "bv",   "nv",  "ab",   "oy",
    "kk",      "pte", "pvt",     "bhd", "sdn",          "jsc", "ojsc", "pjsc", "cjsc", "ooo", "oao",  "zao",
};
// Chinese legal forms, stripped from the end of the last word (Chinese has no spaces): longest
// first, so 股份有限公司 is not left as 股份. 集团有限公司 keeps 集团.
constexpr std::string_view kChineseLegalSuffixes[] = {
    "\xE8\x82\xA1\xE4\xBB\xBD\xE6\x9C\x89\xE9\x99\x90\xE5\x85\xAC\xE5\x8F\xB8",  // 股份有限公司
    "\xE6\x9C\x89\xE9\x99\x90\xE8\xB4\xA3\xE4\xBB\xBB\xE5\x85\xAC\xE5\x8F\xB8",  // 有限责任公司
    "\xE6\x9C\x89\xE9\x99\x90\xE5\x85\xAC\xE5\x8F\xB8",                          // 有限公司
};

bool IsLegalSuffixWord(std::string_view word) {
  for (std::string_view s : kLegalSuffixWords) {
    if (word == s) return true;
  }
  return false;
}

// Words of a normalized name held in a buffer, separated by single spaces.
struct Words {
  char* data;
  size_t size;

  std::string_view text() const { return std::string_view(data, size); }
  // Start of the last word.
  size_t last_start() const {
    size_t space = text().rfind(' ');
    return space == std::string_view::npos ? 0 : space + 1;
  }
  std::string_view last() const { return text().substr(last_start()); }
  bool single() const { return text().find(' ') == std::string_view::npos; }
  void drop_last() { size = last_start() == 0 ? 0 : last_start() - 1; }
};

// Drops one trailing legal form. Never removes the last remaining word, so a name that is
// nothing but a legal form ("Company") survives. Returns false when nothing was dropped.
bool DropOneLegalSuffix(Words& words) {
  if (words.size == 0) return false;
  if (!words.single() && IsLegalSuffixWord(words.last())) {
    words.drop_last();
    return true;
  }
  std::string_view last = words.last();
  for (std::string_view s : kChineseLegalSuffixes) {
    if (last.size() < s.size() || last.substr(last.size() - s.size()) != s) continue;
    if (last.size() > s.size()) {
      words.size -= s.size();
      return true;
    }
    if (!words.single()) {
      words.drop_last();
      return true;
    }
    return false;
  }
  return false;
}

}  // namespace

std::string NormalizeChipName(std::string_view name) {
  std::string out;
  out.reserve(name.size());
  for (unsigned char c : name) {
    if (KeepInChipName(c)) out.push_back(ToLowerAscii(c));
  }
  return out;
}

// Chip-name bytes: 0 to drop, else the byte kept (ASCII letters lower-cased). One table load per
// byte: a sale's model is normalized on every decision that reads it.
constexpr std::array<char, 256> kChipKeep = [] {
  std::array<char, 256> t{};
  for (int c = 0; c < 256; ++c)
    if (KeepInChipName(static_cast<unsigned char>(c))) t[c] = ToLowerAscii(static_cast<unsigned char>(c));
  return t;
}();

size_t NormalizeChipNameInto(std::string_view name, char* buffer, size_t capacity) {
  size_t n = 0;
  for (unsigned char c : name) {
    const char keep = kChipKeep[c];
    if (!keep) continue;
    if (n == capacity) return std::string_view::npos;
    buffer[n++] = keep;
  }
  return n;
}

// Byte classes for the ASCII fast path: 0 separator, else the byte to keep (lower-cased).
constexpr std::array<char, 128> kAsciiKeep = [] {
  std::array<char, 128> t{};
  for (int c = 0; c < 128; ++c) {
    if (IsAsciiUpper(c)) t[c] = static_cast<char>(c - 'A' + 'a');
    else if (IsAsciiLower(c) || IsAsciiDigit(c)) t[c] = static_cast<char>(c);
  }
  return t;
}();

// Whether the last word might be a legal form at all, so most names skip the suffix tables.
bool MayEndInLegalForm(const Words& words) {
  const std::string_view last = words.last();
  if (last.empty()) return false;
  if (static_cast<unsigned char>(last.back()) >= 0x80) return true;  // a Chinese legal form
  if (last.size() > 12) return false;
  switch (last[0]) {
    case 'a':
    case 'b':
    case 'c':
    case 'g':
    case 'i':
    case 'j':
    case 'k':
    case 'l':
    case 'n':
    case 'o':
    case 'p':
    case 's':
    case 'v':
    case 'z': return true;
    default: return false;
  }
}

// Joins runs of one-letter words that start after the first word ("blocked trading l l c" ->
// "blocked trading llc"), so initials written with dots or spaces compare equal to the word. A
// run that starts with the first word is left alone: EntityFirstWordKey reads the first word
// from the raw name. Returns the new size.
size_t JoinInitials(char* buffer, size_t n) {
  size_t out = 0;
  bool previous_initial = false, joinable = false;
  for (size_t i = 0, word = 0; i < n; ++word) {
    size_t end = i;
    while (end < n && buffer[end] != ' ') ++end;
    const bool initial = end - i == 1 && IsAsciiLower(static_cast<unsigned char>(buffer[i]));
    if (initial && previous_initial && joinable) {
      buffer[out++] = buffer[i];
    } else {
      if (out > 0) buffer[out++] = ' ';
      for (size_t k = i; k < end; ++k) buffer[out++] = buffer[k];
      if (initial && !previous_initial) joinable = word > 0;
    }
    previous_initial = initial;
    i = end + 1;
  }
  return out;
}

size_t NormalizeEntityNameInto(std::string_view name, char* buffer, size_t capacity) {
  // 1. Case and punctuation: letters lower-cased, digits and non-ASCII bytes kept, every other
  //    ASCII byte (punctuation, whitespace, controls) and wide punctuation separates words.
  size_t n = 0;
  bool pending_space = false;
  for (size_t i = 0; i < name.size();) {
    const unsigned char c = static_cast<unsigned char>(name[i]);
    char keep;
    if (c < 0x80) {
      keep = kAsciiKeep[c];
      ++i;
      if (!keep) {
        pending_space = true;
        continue;
      }
    } else {
      bool separator = false;
      for (std::string_view p : kWidePunctuation) {
        if (name.substr(i, p.size()) == p) {
          i += p.size();
          separator = true;
          break;
        }
      }
      if (separator) {
        pending_space = true;
        continue;
      }
      keep = static_cast<char>(c);
      ++i;
    }
    if (pending_space && n > 0) {
      if (n == capacity) return std::string_view::npos;
      buffer[n++] = ' ';
    }
    pending_space = false;
    if (n == capacity) return std::string_view::npos;
    buffer[n++] = keep;
  }
  // 2. Initials as one word, then trailing legal forms, repeatedly ("co ltd").
  Words words{buffer, JoinInitials(buffer, n)};
  while (MayEndInLegalForm(words) && DropOneLegalSuffix(words)) {
  }
  return words.size;
}

// Bytes for the first-word key: 0 separator, 1 non-ASCII, else the byte kept (lower-cased).
constexpr std::array<char, 256> kFirstWordByte = [] {
  std::array<char, 256> t{};
  for (int c = 0; c < 256; ++c) t[c] = c < 128 ? kAsciiKeep[c] : 1;
  return t;
}();

namespace {

uint64_t SpreadKey(uint64_t packed) { return packed * 0x9E3779B97F4A7C15ull >> 20; }  // over the low bits; never 0

}  // namespace

FirstWordKeys EntityFirstWordKeys(std::string_view name) {
  const unsigned char* p = reinterpret_cast<const unsigned char*>(name.data());
  const unsigned char* const end = p + name.size();
  char keep = 0;
  while (p < end && (keep = kFirstWordByte[*p]) == 0) ++p;  // leading separators
  if (p == end) return {};
  // The word's first kept bytes, packed (a prefix filters nearly as well as the word). A key
  // with a non-ASCII byte (a letter or wide punctuation) among its bytes is none.
  uint64_t packed = 0, packed3 = 0;
  int length = 0;
  bool non_ascii = false;
  while (length < 4) {
    if (keep == 1) {
      non_ascii = true;
      break;
    }
    packed = packed << 8 | static_cast<unsigned char>(keep);
    if (++length == 3) packed3 = packed;
    if (++p == end || (keep = kFirstWordByte[*p]) == 0) break;
  }
  FirstWordKeys keys;
  if (!non_ascii || length >= 3) keys.three = SpreadKey(length >= 3 ? packed3 : packed);
  if (!non_ascii) keys.four = SpreadKey(packed);
  return keys;
}

std::string NormalizeEntityName(std::string_view name) {
  std::string out(name.size(), '\0');  // normalizing never lengthens a name
  out.resize(NormalizeEntityNameInto(name, out.data(), out.size()));
  return out;
}

}  // namespace exportctl::internal
