// ISO 3166-1 alpha-2 country codes.
//
// `Country` is two bytes, validated on parse against the ISO list (plus "XK" for Kosovo, which
// US regulations name). Hong Kong's treatment as China for US rules is rule-pack data (a
// jurisdiction's `treat_as`), not a property of the code.
//
//   absl::StatusOr<Country> cn = Country::Parse("CN");
#ifndef EXPORTCTL_COUNTRY_H_
#define EXPORTCTL_COUNTRY_H_

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace exportctl {

class Country {
 public:
  // Number of distinct two-letter codes; `index()` is below this.
  static constexpr int kIndexCount = 26 * 26;

  constexpr Country() = default;  // The invalid country: `valid()` is false.

  // Accepts exactly two upper-case letters that name an assigned ISO 3166-1 code.
  // Returns kInvalidArgument otherwise ("unknown country 'XX'").
  static absl::StatusOr<Country> Parse(std::string_view code);
  // For literals known to be valid, e.g. Country::Of("US"). Precondition: a valid code.
  static Country Of(std::string_view code);
  // The country with this index(); no validation (for tables indexed by country).
  static constexpr Country FromIndex(int index) { return Country(static_cast<uint16_t>(index)); }

  bool valid() const { return index_ != kInvalid; }
  int index() const { return index_; }
  std::string ToString() const;

  friend constexpr bool operator==(Country, Country) = default;
  friend constexpr auto operator<=>(Country, Country) = default;

 private:
  static constexpr uint16_t kInvalid = 0xffff;
  explicit constexpr Country(uint16_t index) : index_(index) {}
  uint16_t index_ = kInvalid;
};

// True if `code` is an assigned ISO 3166-1 alpha-2 code.
bool IsAssignedCountryCode(std::string_view code);

}  // namespace exportctl

#endif  // EXPORTCTL_COUNTRY_H_
