// The words of a data table embedded from a text file (exportctl_embed_text in
// cmake/exportctl-embed.cmake), read at compile time: words are separated by blanks and line
// ends; a line whose first character is '#' is a comment.
//
//   constexpr size_t kCount = TableWordCount(kIsoCodesText);
//   constexpr std::array<std::string_view, kCount> kCodes = TableWords<kCount>(kIsoCodesText);
#ifndef EXPORTCTL_INTERNAL_TEXT_TABLE_H_
#define EXPORTCTL_INTERNAL_TEXT_TABLE_H_

#include <array>
#include <cstddef>
#include <string_view>

namespace exportctl::internal {

// Calls visit(word) for each word of `text`, in order.
template <typename Visit>
constexpr void ForEachTableWord(std::string_view text, Visit visit) {
  size_t i = 0;
  while (i < text.size()) {
    const size_t line_end = text.find('\n', i) == std::string_view::npos ? text.size() : text.find('\n', i);
    if (text[i] != '#') {
      size_t at = i;
      while (at < line_end) {
        while (at < line_end && (text[at] == ' ' || text[at] == '\t' || text[at] == '\r')) ++at;
        const size_t start = at;
        while (at < line_end && text[at] != ' ' && text[at] != '\t' && text[at] != '\r') ++at;
        if (at > start) visit(text.substr(start, at - start));
      }
    }
    i = line_end + 1;
  }
}

constexpr size_t TableWordCount(std::string_view text) {
  size_t count = 0;
  ForEachTableWord(text, [&](std::string_view) { ++count; });
  return count;
}

template <size_t kCount>
constexpr std::array<std::string_view, kCount> TableWords(std::string_view text) {
  std::array<std::string_view, kCount> words{};
  size_t n = 0;
  ForEachTableWord(text, [&](std::string_view word) {
    if (n < kCount) words[n] = word;
    ++n;
  });
  return words;
}

}  // namespace exportctl::internal

#endif  // EXPORTCTL_INTERNAL_TEXT_TABLE_H_
