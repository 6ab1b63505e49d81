// Debian's Abseil 20220623 is built with ABSL_OPTION_USE_STD_STRING_VIEW=0: absl::string_view is
// its own type and absl::StrCat rejects std::string_view. These wrappers pass std::string_view
// through as absl::string_view, so the code base can use std::string_view throughout.
#ifndef EXPORTCTL_INTERNAL_STRINGS_H_
#define EXPORTCTL_INTERNAL_STRINGS_H_

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <type_traits>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace exportctl::internal {

inline absl::string_view Av(std::string_view s) { return absl::string_view(s.data(), s.size()); }
inline std::string_view Sv(absl::string_view s) { return std::string_view(s.data(), s.size()); }

template <class T>
decltype(auto) ForAbsl(const T& value) {
  if constexpr (std::is_same_v<T, std::string_view>) return Av(value);
  else return (value);
}

template <class... Args>
std::string StrCat(const Args&... args) {
  return absl::StrCat(ForAbsl(args)...);
}
template <class... Args>
void StrAppend(std::string* out, const Args&... args) {
  absl::StrAppend(out, ForAbsl(args)...);
}

// Whether `text` is ASCII, eight bytes at a time (a CSV row read by the million).
inline bool IsAscii(std::string_view text) {
  uint64_t seen = 0;
  size_t i = 0;
  for (uint64_t w; i + 8 <= text.size(); i += 8) {
    std::memcpy(&w, text.data() + i, 8);
    seen |= w;
  }
  for (; i < text.size(); ++i) seen |= static_cast<unsigned char>(text[i]);
  return (seen & 0x8080808080808080u) == 0;
}

// YYYY-MM-DD at `out` (10 bytes), for a year of four digits: Date::ToString and the JSON writer
// without a format string.
inline char* WriteIsoDay(int year, int month, int day, char* out) {
  const char text[10] = {char('0' + year / 1000),
                         char('0' + year / 100 % 10),
                         char('0' + year / 10 % 10),
                         char('0' + year % 10),
                         '-',
                         char('0' + month / 10),
                         char('0' + month % 10),
                         '-',
                         char('0' + day / 10),
                         char('0' + day % 10)};
  std::memcpy(out, text, sizeof text);
  return out + sizeof text;
}

// Appends an error message that quotes the user's input with its control characters escaped as
// in JSON ("\\n", "\\u0001"): every error is one line, whatever the input held.
inline void AppendOneLine(std::string& out, std::string_view message) {
  static constexpr char kHex[] = "0123456789abcdef";
  for (char ch : message) {
    const auto c = static_cast<unsigned char>(ch);
    if (c >= 0x20) {
      out += ch;
    } else if (c >= '\b' && c <= '\r' && c != '\v') {  // \b \t \n \f \r
      out += '\\';
      out += "btn-fr"[c - '\b'];
    } else {
      out += "\\u00";
      out += kHex[c >> 4];
      out += kHex[c & 0xf];
    }
  }
}
// A number as the user would write it: 150, 2.5, -1, nan, inf.
inline std::string FormatNumber(double v) {
  if (std::isnan(v)) return "nan";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  char buffer[64];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, v);
  if (ec != std::errc()) return StrCat(v);
  return std::string(buffer, end);
}

inline std::string OneLine(std::string_view message) {
  std::string out;
  AppendOneLine(out, message);
  return out;
}

}  // namespace exportctl::internal

#endif  // EXPORTCTL_INTERNAL_STRINGS_H_
