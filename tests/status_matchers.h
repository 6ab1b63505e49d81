// gMock matchers for absl::Status and absl::StatusOr, shared by the tests:
//
//   EXPECT_THAT(LoadRulePack(text, "p.toml"), IsOk());
//   EXPECT_THAT(Date::Parse("2024-02-29"), IsOkAndHolds(Date(2024, 2, 29)));
//   EXPECT_THAT(LoadRulePackFile("/nonexistent"), StatusIs(absl::StatusCode::kNotFound, HasSubstr("cannot read")));
#ifndef EXPORTCTL_TESTS_STATUS_MATCHERS_H_
#define EXPORTCTL_TESTS_STATUS_MATCHERS_H_

#include <ostream>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "gmock/gmock.h"

namespace exportctl::testing {

using ::testing::HasSubstr;

inline const absl::Status& StatusOf(const absl::Status& status) { return status; }
template <class T>
const absl::Status& StatusOf(const absl::StatusOr<T>& value) {
  return value.status();
}
// The message as a std::string (Debian's Abseil has its own string_view).
inline std::string MessageOf(const absl::Status& status) {
  return std::string(status.message().data(), status.message().size());
}

// An absl::Status or absl::StatusOr that is ok.
MATCHER(IsOk, negation ? "is not ok" : "is ok") {
  const absl::Status& status = StatusOf(arg);
  if (!status.ok()) *result_listener << "whose status is " << status;
  return status.ok();
}

// An absl::StatusOr that is ok and holds a value `value_matcher` matches.
MATCHER_P(IsOkAndHolds, value_matcher, "is ok and holds a value that matches") {
  if (!arg.ok()) {
    *result_listener << "whose status is " << arg.status();
    return false;
  }
  return ::testing::ExplainMatchResult(value_matcher, *arg, result_listener);
}

// An absl::Status or absl::StatusOr with `code`, and a message `message_matcher` matches.
MATCHER_P2(StatusIs, code, message_matcher, "has the status code and a matching message") {
  const absl::Status& status = StatusOf(arg);
  *result_listener << "whose status is " << status;
  return status.code() == code && ::testing::ExplainMatchResult(message_matcher, MessageOf(status), result_listener);
}
MATCHER_P(StatusIs, code, "has the status code") {
  const absl::Status& status = StatusOf(arg);
  *result_listener << "whose status is " << status;
  return status.code() == code;
}

}  // namespace exportctl::testing

#endif  // EXPORTCTL_TESTS_STATUS_MATCHERS_H_
