#include "model/similarity.h"

#include <algorithm>
#include <array>
#include <cstddef>

namespace exportctl::internal {

double JaroWinkler(std::string_view a, std::string_view b) {
  constexpr size_t kMax = 255;
  a = a.substr(0, std::min(a.size(), kMax));
  b = b.substr(0, std::min(b.size(), kMax));
  if (a.empty() || b.empty()) return a.empty() && b.empty() ? 1.0 : 0.0;
  if (a == b) return 1.0;
  // Matches: equal bytes no further apart than half the longer length, less one.
  const size_t window = std::max(a.size(), b.size()) / 2 == 0 ? 0 : std::max(a.size(), b.size()) / 2 - 1;
  std::array<bool, kMax> a_matched{}, b_matched{};
  size_t matches = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    const size_t from = i > window ? i - window : 0, to = std::min(i + window + 1, b.size());
    for (size_t j = from; j < to; ++j) {
      if (b_matched[j] || a[i] != b[j]) continue;
      a_matched[i] = b_matched[j] = true;
      ++matches;
      break;
    }
  }
  if (matches == 0) return 0.0;
  // Transpositions: matched bytes out of order, halved.
  size_t out_of_order = 0;
  for (size_t i = 0, j = 0; i < a.size(); ++i) {
    if (!a_matched[i]) continue;
    while (!b_matched[j]) ++j;
    out_of_order += a[i] != b[j];
    ++j;
  }
  const double m = static_cast<double>(matches);
  const double jaro = (m / a.size() + m / b.size() + (m - out_of_order / 2.0) / m) / 3.0;
  size_t prefix = 0;
  while (prefix < 4 && prefix < a.size() && prefix < b.size() && a[prefix] == b[prefix]) ++prefix;
  return jaro + 0.1 * prefix * (1.0 - jaro);
}

double NameScore(std::string_view a, std::string_view b) {
  size_t cut = 0;  // after the last space of the common prefix: the shared whole words end there
  for (size_t k = 0; k < a.size() && k < b.size() && a[k] == b[k]; ++k)
    if (a[k] == ' ') cut = k + 1;
  if (cut == 0 || cut >= a.size() || cut >= b.size()) return JaroWinkler(a, b);
  return JaroWinkler(a.substr(cut), b.substr(cut));
}

}  // namespace exportctl::internal
