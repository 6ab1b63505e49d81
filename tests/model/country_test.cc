#include "exportctl/country.h"

#include <set>
#include <string>

#include "absl/status/status.h"
#include "gtest/gtest.h"
#include "status_matchers.h"

namespace exportctl {
namespace {

using testing::IsOk;
using testing::StatusIs;

TEST(CountryTest, ParsesAssignedCodes) {
  for (const char* code : {"US", "CN", "HK", "MO", "TW", "SG", "AE", "SA", "VN", "IL", "GB", "DE", "JP",
                           "KR", "NL", "RU", "IR", "KP", "CU", "SY", "MY", "IN", "AD", "ZW", "XK"}) {
    absl::StatusOr<Country> c = Country::Parse(code);
    ASSERT_THAT(c, IsOk()) << code << ": ";
    EXPECT_TRUE(c->valid());
    EXPECT_EQ(c->ToString(), code);
  }
}

TEST(CountryTest, IndexIsLetterPosition) {
  EXPECT_EQ(Country::Of("AA").valid(), false);  // unassigned
  EXPECT_EQ(Country::Of("AD").index(), 3);
  EXPECT_EQ(Country::Of("CN").index(), 2 * 26 + 13);
  EXPECT_EQ(Country::Of("US").index(), 20 * 26 + 18);
  EXPECT_EQ(Country::Of("ZW").index(), 25 * 26 + 22);
  EXPECT_LT(Country::Of("ZW").index(), Country::kIndexCount);
}

TEST(CountryTest, RejectsUnassignedCodes) {
  for (const char* code : {"XX", "UK", "EU", "AA", "ZZ", "QQ", "AN", "YU", "CS", "SU", "TP"}) {
    absl::StatusOr<Country> c = Country::Parse(code);
    ASSERT_THAT(c, StatusIs(absl::StatusCode::kInvalidArgument)) << code;
    EXPECT_EQ(std::string(c.status().message()), std::string("unknown country '") + code + "'");
  }
}

TEST(CountryTest, RejectsMalformedCodes) {
  for (const char* code : {"", "U", "us", "Us", "uS", "USA", "U1", "1U", "U ", " U", "C-", "\xC3\x9C"}) {
    absl::StatusOr<Country> c = Country::Parse(code);
    ASSERT_THAT(c, StatusIs(absl::StatusCode::kInvalidArgument)) << code;
    EXPECT_EQ(std::string(c.status().message()),
              std::string("invalid country code '") + code + "' (expected two upper-case letters)");
  }
}

TEST(CountryTest, DefaultIsInvalid) {
  Country c;
  EXPECT_FALSE(c.valid());
  EXPECT_EQ(c.ToString(), "");
  EXPECT_NE(c, Country::Of("US"));
}

TEST(CountryTest, OfDoesNotAbortOnBadInput) {
  EXPECT_FALSE(Country::Of("XX").valid());
  EXPECT_FALSE(Country::Of("us").valid());
  EXPECT_FALSE(Country::Of("").valid());
  EXPECT_FALSE(Country::Of("USA").valid());
  EXPECT_EQ(Country::Of("XX"), Country());
}

TEST(CountryTest, EqualityAndOrder) {
  EXPECT_EQ(Country::Of("CN"), *Country::Parse("CN"));
  EXPECT_NE(Country::Of("CN"), Country::Of("HK"));
  EXPECT_LT(Country::Of("AE"), Country::Of("CN"));
  EXPECT_LT(Country::Of("CN"), Country::Of("US"));
  EXPECT_LT(Country::Of("US"), Country());  // the invalid country sorts last
  std::set<Country> s{Country::Of("US"), Country::Of("CN"), Country::Of("US")};
  EXPECT_EQ(s.size(), 2u);
}

TEST(CountryTest, TwoBytes) { static_assert(sizeof(Country) == 2); }

// docs/law.md §2: every country named in a group is a valid code.
TEST(CountryTest, DomainGroupsAreValid) {
  const char* kMembers =
      "AR AU AT BE BG CA HR CZ DK EE FI FR DE GR HU IS IN IE IT JP LV LT LU NL NZ NO PL PT RO SK "
      "SI KR ES SE CH TR GB AL IL MT SG ZA TW AM AZ BY MM KH CN GE IQ KZ KP KG LA LY MO MD MN RU "
      "TJ TM UZ VE VN YE BH EG IR JO KW LB OM PK QA SA SY AE AF CF CD CU ER HT NI SO SS SD ZW";
  std::string all(kMembers);
  for (size_t i = 0; i + 1 < all.size(); i += 3) {
    std::string code = all.substr(i, 2);
    EXPECT_TRUE(Country::Parse(code).ok()) << code;
    EXPECT_TRUE(IsAssignedCountryCode(code)) << code;
  }
}

TEST(CountryTest, ExactlyTheIsoListPlusKosovo) {
  int assigned = 0;
  for (char a = 'A'; a <= 'Z'; ++a) {
    for (char b = 'A'; b <= 'Z'; ++b) {
      const std::string code{a, b};
      const bool ok = Country::Parse(code).ok();
      EXPECT_EQ(ok, IsAssignedCountryCode(code)) << code;
      EXPECT_EQ(ok, Country::Of(code).valid()) << code;
      if (ok) {
        ++assigned;
        EXPECT_EQ(Country::Of(code).ToString(), code);
        EXPECT_EQ(Country::Of(code).index(), (a - 'A') * 26 + (b - 'A'));
      }
    }
  }
  EXPECT_EQ(assigned, 249 + 1);  // ISO 3166-1 alpha-2 plus XK
}

TEST(CountryTest, IsAssignedCountryCode) {
  EXPECT_TRUE(IsAssignedCountryCode("US"));
  EXPECT_TRUE(IsAssignedCountryCode("SS"));  // South Sudan, 2011
  EXPECT_TRUE(IsAssignedCountryCode("BQ"));
  EXPECT_FALSE(IsAssignedCountryCode("us"));
  EXPECT_FALSE(IsAssignedCountryCode("UK"));
  EXPECT_FALSE(IsAssignedCountryCode(""));
  EXPECT_FALSE(IsAssignedCountryCode("USA"));
}

}  // namespace
}  // namespace exportctl
