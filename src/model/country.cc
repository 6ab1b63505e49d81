#include "exportctl/country.h"

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "internal/strings.h"
#include "internal/text_table.h"
#include "model/iso3166_alpha2.inc"

namespace exportctl {
namespace {

// ISO 3166-1 alpha-2, the officially assigned codes (src/model/iso3166_alpha2.txt).
constexpr size_t kIsoCodeCount = internal::TableWordCount(kIsoCodesText);
static_assert(kIsoCodeCount == 249);
constexpr std::array<std::string_view, kIsoCodeCount> kIsoCodes = internal::TableWords<kIsoCodeCount>(kIsoCodesText);

// User-assigned codes that US regulations use as countries.
constexpr std::string_view kExtraCodes[] = {"XK"};  // Kosovo

constexpr bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
constexpr bool IsWellFormed(std::string_view code) { return code.size() == 2 && IsUpper(code[0]) && IsUpper(code[1]); }
constexpr int IndexOf(std::string_view code) { return (code[0] - 'A') * 26 + (code[1] - 'A'); }

constexpr std::array<bool, Country::kIndexCount> MakeAssigned() {
  std::array<bool, Country::kIndexCount> assigned{};
  for (std::string_view code : kIsoCodes) assigned[IndexOf(code)] = true;
  for (std::string_view code : kExtraCodes) assigned[IndexOf(code)] = true;
  return assigned;
}
constexpr std::array<bool, Country::kIndexCount> kAssigned = MakeAssigned();

constexpr bool AllWellFormed() {
  for (std::string_view code : kIsoCodes)
    if (!IsWellFormed(code)) return false;
  return true;
}
static_assert(AllWellFormed(), "src/model/iso3166_alpha2.txt holds a word that is no country code");
static_assert(kAssigned[IndexOf("US")] && kAssigned[IndexOf("CN")] && kAssigned[IndexOf("HK")] &&
              kAssigned[IndexOf("MO")] && kAssigned[IndexOf("TW")] && kAssigned[IndexOf("XK")]);
static_assert(!kAssigned[IndexOf("UK")] && !kAssigned[IndexOf("EU")] && !kAssigned[IndexOf("XX")]);

}  // namespace

absl::StatusOr<Country> Country::Parse(std::string_view code) {
  if (!IsWellFormed(code)) {
    return absl::InvalidArgumentError(
        internal::OneLine("invalid country code '" + std::string(code) + "' (expected two upper-case letters)"));
  }
  const int index = IndexOf(code);
  if (!kAssigned[index]) {
    return absl::InvalidArgumentError("unknown country '" + std::string(code) + "'");
  }
  return Country(static_cast<uint16_t>(index));
}

// Never aborts: a code that is not valid yields the invalid Country (valid() == false).
Country Country::Of(std::string_view code) {
  if (!IsWellFormed(code)) return Country();
  const int index = IndexOf(code);
  if (!kAssigned[index]) return Country();
  return Country(static_cast<uint16_t>(index));
}

std::string Country::ToString() const {
  if (!valid()) return "";
  return std::string{static_cast<char>('A' + index_ / 26), static_cast<char>('A' + index_ % 26)};
}

// Consistent with Country::Parse: the ISO list plus XK.
bool IsAssignedCountryCode(std::string_view code) { return IsWellFormed(code) && kAssigned[IndexOf(code)]; }

}  // namespace exportctl
