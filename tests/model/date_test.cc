#include "exportctl/date.h"

#include <climits>
#include <cstdio>
#include <string>

#include "absl/status/status.h"
#include "gtest/gtest.h"
#include "status_matchers.h"

namespace exportctl {
namespace {

using testing::IsOk;
using testing::IsOkAndHolds;
using testing::StatusIs;

Date D(const char* text) {
  absl::StatusOr<Date> d = Date::Parse(text);
  EXPECT_THAT(d, IsOk()) << text << ": ";
  return d.ok() ? *d : Date();
}

void ExpectInvalid(const std::string& text, const std::string& reason) {
  absl::StatusOr<Date> d = Date::Parse(text);
  ASSERT_THAT(d, StatusIs(absl::StatusCode::kInvalidArgument)) << "'" << text << "'";
  EXPECT_EQ(std::string(d.status().message()), "invalid date '" + text + "' (" + reason + ")");
}

TEST(DateTest, ParsesIsoDates) {
  Date d = D("2023-11-17");
  EXPECT_EQ(d.year(), 2023);
  EXPECT_EQ(d.month(), 11);
  EXPECT_EQ(d.day(), 17);
  EXPECT_EQ(d, Date(2023, 11, 17));
  EXPECT_EQ(d.ToString(), "2023-11-17");
  EXPECT_FALSE(d.is_unbounded());
}

TEST(DateTest, RoundTripsThroughToString) {
  for (const char* text : {"2022-10-07", "2024-02-29", "2000-02-29", "1400-01-01", "9999-12-31", "2026-11-10",
                           "2025-01-01", "2025-12-31"}) {
    EXPECT_EQ(D(text).ToString(), text);
  }
}

TEST(DateTest, RejectsMalformedText) {
  const char* kReason = "expected YYYY-MM-DD";
  for (const char* text : {"", "2023-1-17", "2023-11-7", "23-11-17", "2023/11/17", "2023-11-17 ", " 2023-11-17",
                           "2023-11-17T00:00", "20231117", "2023-11-1x", "+023-11-17", "2023--1-17", "2023-11-+7",
                           "abcd-ef-gh", "2023-11-17\n", "２023-11-17"}) {
    ExpectInvalid(text, kReason);
  }
}

TEST(DateTest, RejectsDaysThatDoNotExist) {
  for (const char* text :
       {"2025-02-29", "2025-02-30", "2023-13-01", "2023-00-10", "2023-01-00", "2023-04-31", "2023-06-31", "2023-09-31",
        "2023-11-31", "1900-02-29", "2100-02-29", "2023-01-32", "2023-99-99"}) {
    ExpectInvalid(text, "no such day");
  }
}

TEST(DateTest, LeapYears) {
  EXPECT_THAT(Date::Parse("2024-02-29"), IsOkAndHolds(Date(2024, 2, 29)));
  EXPECT_THAT(Date::Parse("2000-02-29"), IsOk());
  EXPECT_THAT(Date::Parse("1600-02-29"), IsOk());
  EXPECT_THAT(Date::Parse("1900-02-29"), ::testing::Not(IsOk()));
  EXPECT_THAT(Date::Parse("2023-02-29"), ::testing::Not(IsOk()));
}

TEST(DateTest, RejectsYearsOutsideBoostRangeWithoutThrowing) {
  ExpectInvalid("0000-01-01", "year outside 1400..9999");
  ExpectInvalid("1399-12-31", "year outside 1400..9999");
  ExpectInvalid("0300-02-30", "year outside 1400..9999");
  EXPECT_THAT(Date::Parse("1400-01-01"), IsOk());
  EXPECT_THAT(Date::Parse("9999-12-31"), IsOk());
}

// Parse computes the day number itself: every day of boost's range parses to the date boost
// builds from its year, month and day, and ToString writes it back.
TEST(DateTest, ParsesEveryDayAsBoostDoes) {
  for (int year = 1400; year <= 9999; ++year) {
    for (int month = 1; month <= 12; ++month) {
      for (int day = 1; day <= 31; ++day) {
        char text[11];
        std::snprintf(text, sizeof text, "%04d-%02d-%02d", year, month, day);
        const absl::StatusOr<Date> d = Date::Parse(text);
        const bool exists = day <= static_cast<int>(boost::gregorian::gregorian_calendar::end_of_month_day(
                                       static_cast<unsigned short>(year), static_cast<unsigned short>(month)));
        ASSERT_EQ(d.ok(), exists) << text;
        if (!exists) continue;
        ASSERT_EQ(*d, Date(year, month, day)) << text;
        ASSERT_EQ(d->ToString(), text);  // written without a format string (internal::WriteIsoDay)
      }
    }
  }
}

TEST(DateTest, DefaultIsEarliest) {
  EXPECT_EQ(Date(), Date::Earliest());
  EXPECT_EQ(Date().ToString(), "1400-01-01");
  EXPECT_FALSE(Date().is_unbounded());
}

TEST(DateTest, UnboundedIsLaterThanEverything) {
  Date u = Date::Unbounded();
  EXPECT_TRUE(u.is_unbounded());
  EXPECT_EQ(u.ToString(), "");
  EXPECT_EQ(u, Date::Unbounded());
  EXPECT_GT(u, D("9999-12-31"));
  EXPECT_GT(u, D("2026-01-13"));
  EXPECT_LT(Date::Earliest(), u);
}

TEST(DateTest, Ordering) {
  EXPECT_LT(D("2023-10-17"), D("2023-10-23"));
  EXPECT_LT(D("2023-12-31"), D("2024-01-01"));
  EXPECT_EQ(D("2023-10-17") <=> D("2023-10-17"), std::strong_ordering::equal);
  EXPECT_EQ(D("2024-01-01") <=> D("2023-01-01"), std::strong_ordering::greater);
  EXPECT_NE(D("2023-10-17"), D("2023-10-18"));
}

TEST(DateTest, AddDays) {
  EXPECT_EQ(D("2023-10-17").AddDays(25), D("2023-11-11"));
  EXPECT_EQ(D("2024-02-28").AddDays(1), D("2024-02-29"));
  EXPECT_EQ(D("2023-02-28").AddDays(1), D("2023-03-01"));
  EXPECT_EQ(D("2023-12-31").AddDays(1), D("2024-01-01"));
  EXPECT_EQ(D("2024-01-01").AddDays(-1), D("2023-12-31"));
  EXPECT_EQ(D("2024-01-01").AddDays(0), D("2024-01-01"));
  // "through 2026-11-09" is until = 2026-11-10.
  EXPECT_EQ(D("2026-11-09").AddDays(1), D("2026-11-10"));
}

TEST(DateTest, AddDaysKeepsUnboundedAndSaturates) {
  EXPECT_TRUE(Date::Unbounded().AddDays(10).is_unbounded());
  EXPECT_TRUE(Date::Unbounded().AddDays(-10).is_unbounded());
  EXPECT_TRUE(D("9999-12-31").AddDays(1).is_unbounded());
  EXPECT_EQ(D("9999-12-30").AddDays(1), D("9999-12-31"));
  EXPECT_EQ(D("1400-01-02").AddDays(-1), Date::Earliest());
  EXPECT_EQ(D("1400-01-01").AddDays(-1), Date::Earliest());
  EXPECT_TRUE(D("2025-01-01").AddDays(INT_MAX).is_unbounded());
  EXPECT_EQ(D("2025-01-01").AddDays(INT_MIN), Date::Earliest());
}

TEST(DateTest, DaysSince) {
  EXPECT_EQ(D("2023-11-11").DaysSince(D("2023-10-17")), 25);
  EXPECT_EQ(D("2023-10-17").DaysSince(D("2023-11-11")), -25);
  EXPECT_EQ(D("2024-03-01").DaysSince(D("2024-02-28")), 2);
  EXPECT_EQ(D("2025-01-01").DaysSince(D("2024-01-01")), 366);
  EXPECT_EQ(D("2025-01-01").DaysSince(D("2025-01-01")), 0);
  EXPECT_EQ(Date::Unbounded().DaysSince(D("2025-01-01")), INT_MAX);
  EXPECT_EQ(D("2025-01-01").DaysSince(Date::Unbounded()), -INT_MAX);
  EXPECT_EQ(Date::Unbounded().DaysSince(Date::Unbounded()), 0);
}

TEST(DateTest, AddDaysAndDaysSinceAgree) {
  Date base = D("2022-10-07");
  for (int n : {-1000, -365, -1, 0, 1, 25, 59, 366, 1461}) {
    EXPECT_EQ(base.AddDays(n).DaysSince(base), n) << n;
  }
}

TEST(DateIntervalTest, HalfOpen) {
  DateInterval in{D("2023-11-17"), D("2025-01-13")};
  EXPECT_FALSE(in.Contains(D("2023-11-16")));
  EXPECT_TRUE(in.Contains(D("2023-11-17")));
  EXPECT_TRUE(in.Contains(D("2025-01-12")));
  EXPECT_FALSE(in.Contains(D("2025-01-13")));
  EXPECT_FALSE(in.empty());
  EXPECT_FALSE(in.open_ended());
}

TEST(DateIntervalTest, OpenEndedAndEmpty) {
  DateInterval open{D("2023-11-17")};
  EXPECT_TRUE(open.open_ended());
  EXPECT_TRUE(open.Contains(D("9999-12-31")));
  EXPECT_FALSE(open.Contains(D("2023-11-16")));
  EXPECT_TRUE((DateInterval{D("2024-01-01"), D("2024-01-01")}).empty());
  EXPECT_TRUE((DateInterval{D("2024-01-02"), D("2024-01-01")}).empty());
  EXPECT_EQ((DateInterval{D("2024-01-01"), D("2024-02-01")}), (DateInterval{D("2024-01-01"), D("2024-02-01")}));
}

TEST(DateTest, WrapsBoostDate) {
  boost::gregorian::date b(2025, 4, 9);
  Date d(b);
  EXPECT_EQ(d, D("2025-04-09"));
  EXPECT_EQ(d.boost_date(), b);
}

}  // namespace
}  // namespace exportctl
