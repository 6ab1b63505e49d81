// Calendar dates and half-open date intervals.
//
// Rules, licenses and parameter values are dated by calendar day. `Date` wraps
// boost::gregorian::date and parses only strict ISO `YYYY-MM-DD` (2025-02-30 is an error).
// `DateInterval` is half-open, `[from, until)`, like boost::gregorian::date_period: "through
// 2026-11-09" is `until = 2026-11-10`. An interval may be open-ended.
//
//   absl::StatusOr<Date> d = Date::Parse("2023-11-17");
//   DateInterval in_force{*d, Date::Unbounded()};
//   in_force.Contains(*Date::Parse("2024-01-01"));  // true
#ifndef EXPORTCTL_DATE_H_
#define EXPORTCTL_DATE_H_

#include <compare>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "boost/date_time/gregorian/gregorian_types.hpp"

namespace exportctl {

class Date {
 public:
  // The default date is the earliest representable day (1400-01-01), not "unknown".
  constexpr Date() = default;
  Date(int year, int month, int day);  // Precondition: a valid calendar day.
  explicit Date(boost::gregorian::date d) : date_(d) {}

  // Parses `YYYY-MM-DD` exactly. Returns kInvalidArgument for any other form or a day that does
  // not exist (2025-02-30, 2023-13-01).
  static absl::StatusOr<Date> Parse(std::string_view text);

  // Sentinel for an open end: later than every real date. Formats as "" (no end).
  static Date Unbounded();
  static Date Earliest() { return Date(); }

  bool is_unbounded() const { return date_.is_pos_infinity(); }
  int year() const { return date_.year(); }
  int month() const { return date_.month(); }
  int day() const { return date_.day(); }

  // `YYYY-MM-DD`; the unbounded date formats as "".
  std::string ToString() const;

  Date AddDays(int days) const;
  // Whole days from `other` to this date (positive when this is later).
  int DaysSince(Date other) const;

  const boost::gregorian::date& boost_date() const { return date_; }

  friend bool operator==(const Date& a, const Date& b) { return a.date_ == b.date_; }
  friend std::strong_ordering operator<=>(const Date& a, const Date& b) {
    if (a.date_ < b.date_) return std::strong_ordering::less;
    if (b.date_ < a.date_) return std::strong_ordering::greater;
    return std::strong_ordering::equal;
  }

 private:
  // The earliest day, computed once: boost builds min_date_time from a calendar date each time,
  // and every default Date (a Decision's, a NotApplied's) would pay for it.
  static const boost::gregorian::date& EarliestDay() {
    static const boost::gregorian::date earliest{boost::gregorian::min_date_time};
    return earliest;
  }
  boost::gregorian::date date_ = EarliestDay();
};

// A half-open interval of days, [from, until). `until` may be Date::Unbounded().
struct DateInterval {
  Date from;
  Date until = Date::Unbounded();

  bool Contains(Date d) const { return from <= d && d < until; }
  bool empty() const { return !(from < until); }
  bool open_ended() const { return until.is_unbounded(); }
  friend bool operator==(const DateInterval&, const DateInterval&) = default;
};

}  // namespace exportctl

#endif  // EXPORTCTL_DATE_H_
