#include "exportctl/country.h"

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "internal/strings.h"

namespace exportctl {
namespace {

// ISO 3166-1 alpha-2, the officially assigned codes (249, as of iso-codes 4.15), sorted.
constexpr std::string_view kIsoCodes[] = {
    "AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AQ", "AR", "AS", "AT", "AU", "AW", "AX", "AZ", "BA", "BB",
    "BD", "BE", "BF", "BG", "BH", "BI", "BJ", "BL", "BM", "BN", "BO", "BQ", "BR", "BS", "BT", "BV", "BW", "BY",
    "BZ", "CA", "CC", "CD", "CF", "CG", "CH", "CI", "CK", "CL", "CM", "CN", "CO", "CR", "CU", "CV", "CW", "CX",
    "CY", "CZ", "DE", "DJ", "DK", "DM", "DO", "DZ", "EC", "EE", "EG", "EH", "ER", "ES", "ET", "FI", "FJ", "FK",
    "FM", "FO", "FR", "GA", "GB", "GD", "GE", "GF", "GG", "GH", "GI", "GL", "GM", "GN", "GP", "GQ", "GR", "GS",
    "GT", "GU", "GW", "GY", "HK", "HM", "HN", "HR", "HT", "HU", "ID", "IE", "IL", "IM", "IN", "IO", "IQ", "IR",
    "IS", "IT", "JE", "JM", "JO", "JP", "KE", "KG", "KH", "KI", "KM", "KN", "KP", "KR", "KW", "KY", "KZ", "LA",
    "LB", "LC", "LI", "LK", "LR", "LS", "LT", "LU", "LV", "LY", "MA", "MC", "MD", "ME", "MF", "MG", "MH", "MK",
    "ML", "MM", "MN", "MO", "MP", "MQ", "MR", "MS", "MT", "MU", "MV", "MW", "MX", "MY", "MZ", "NA", "NC", "NE",
    "NF", "NG", "NI", "NL", "NO", "NP", "NR", "NU", "NZ", "OM", "PA", "PE", "PF", "PG", "PH", "PK", "PL", "PM",
    "PN", "PR", "PS", "PT", "PW", "PY", "QA", "RE", "RO", "RS", "RU", "RW", "SA", "SB", "SC", "SD", "SE", "SG",
    "SH", "SI", "SJ", "SK", "SL", "SM", "SN", "SO", "SR", "SS", "ST", "SV", "SX", "SY", "SZ", "TC", "TD", "TF",
    "TG", "TH", "TJ", "TK", "TL", "TM", "TN", "TO", "TR", "TT", "TV", "TW", "TZ", "UA", "UG", "UM", "US", "UY",
    "UZ", "VA", "VC", "VE", "VG", "VI", "VN", "VU", "WF", "WS", "YE", "YT", "ZA", "ZM", "ZW",
};
static_assert(std::size(kIsoCodes) == 249);

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
