#include "exportctl/date.h"

#include <climits>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "internal/strings.h"

namespace exportctl {
namespace {

namespace bg = boost::gregorian;

// Boost's gregorian range; dates outside it cannot be represented.
constexpr int kMinYear = 1400;
constexpr int kMaxYear = 9999;

bool IsLeapYear(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int DaysInMonth(int year, int month) {
  static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month == 2 && IsLeapYear(year)) return 29;
  return kDays[month - 1];
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

int ParseDigits(std::string_view digits) {
  int n = 0;
  for (char c : digits) n = n * 10 + (c - '0');
  return n;
}

// The day number of a valid calendar day, as boost computes it (gregorian_calendar::day_number,
// the same formula in the same types), without the range-checked year, month and day boost builds
// first: Parse has checked them, and this was a third of its time, a date read a sale.
bg::date::date_int_type DayNumber(int year, int month, int day) {
  const auto a = static_cast<unsigned short>((14 - month) / 12);
  const auto y = static_cast<unsigned short>(year + 4800 - a);
  const auto m = static_cast<unsigned short>(month + 12 * a - 3);
  const unsigned long d =
      static_cast<unsigned long>(day) + ((153 * m + 2) / 5) + 365ul * y + (y / 4) - (y / 100) + (y / 400) - 32045;
  return static_cast<bg::date::date_int_type>(d);
}

}  // namespace

Date::Date(int year, int month, int day)
    : date_(static_cast<unsigned short>(year), static_cast<unsigned short>(month), static_cast<unsigned short>(day)) {}

absl::StatusOr<Date> Date::Parse(std::string_view text) {
  // Validate everything first, so Boost never gets a chance to throw.
  bool well_formed = text.size() == 10 && text[4] == '-' && text[7] == '-';
  for (size_t i = 0; well_formed && i < text.size(); ++i) {
    if (i == 4 || i == 7) continue;
    if (!IsDigit(text[i])) well_formed = false;
  }
  if (!well_formed) {
    return absl::InvalidArgumentError("invalid date '" + std::string(text) + "' (expected YYYY-MM-DD)");
  }
  const int year = ParseDigits(text.substr(0, 4));
  const int month = ParseDigits(text.substr(5, 2));
  const int day = ParseDigits(text.substr(8, 2));
  if (year < kMinYear || year > kMaxYear) {
    return absl::InvalidArgumentError("invalid date '" + std::string(text) + "' (year outside " +
                                      std::to_string(kMinYear) + ".." + std::to_string(kMaxYear) + ")");
  }
  if (month < 1 || month > 12 || day < 1 || day > DaysInMonth(year, month)) {
    return absl::InvalidArgumentError("invalid date '" + std::string(text) + "' (no such day)");
  }
  return Date(bg::date(DayNumber(year, month, day)));
}

Date Date::Unbounded() { return Date(bg::date(boost::date_time::pos_infin)); }

std::string Date::ToString() const {
  if (date_.is_pos_infinity()) return "";
  if (date_.is_neg_infinity()) return "-infinity";
  if (date_.is_not_a_date()) return "not-a-date-time";
  // One calendar conversion and no format parsing: traces and not_applied reasons name dates
  // a decision at a time.
  const auto ymd = date_.year_month_day();
  std::string text(10, '\0');
  internal::WriteIsoDay(ymd.year, ymd.month, ymd.day, text.data());
  return text;
}

// Unbounded stays unbounded. A result past the last representable day (9999-12-31) saturates to
// Unbounded(); one before the first (1400-01-01) saturates to Earliest(). Boost would otherwise
// produce an out-of-range day number or throw.
Date Date::AddDays(int days) const {
  if (date_.is_special()) return *this;
  const long long target = static_cast<long long>(date_.day_number()) + days;
  static const long long kMinDay = bg::date(bg::min_date_time).day_number();
  static const long long kMaxDay = bg::date(bg::max_date_time).day_number();
  if (target > kMaxDay) return Unbounded();
  if (target < kMinDay) return Earliest();
  return Date(date_ + bg::days(days));
}

// For the unbounded date: +INT_MAX days after any real date, -INT_MAX before; 0 from itself.
int Date::DaysSince(Date other) const {
  const bool a = date_.is_pos_infinity();
  const bool b = other.date_.is_pos_infinity();
  if (a && b) return 0;
  if (a) return INT_MAX;
  if (b) return -INT_MAX;
  return static_cast<int>(static_cast<long long>(date_.day_number()) -
                          static_cast<long long>(other.date_.day_number()));
}

}  // namespace exportctl
