// Status plumbing shared by the library: return an error as soon as a step fails.
//
//   RETURN_IF_ERROR(Merge(pack));                 // returns the absl::Status when it is not ok
//   ASSIGN_OR_RETURN(int32_t when, Compile(p));   // declares `when`, or returns the error
#ifndef EXPORTCTL_INTERNAL_STATUS_H_
#define EXPORTCTL_INTERNAL_STATUS_H_

#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace exportctl::internal {

inline absl::Status StatusOf(absl::Status status) { return status; }
template <class T>
absl::Status StatusOf(const absl::StatusOr<T>& value) {
  return value.status();
}

}  // namespace exportctl::internal

#define EXPORTCTL_STATUS_CONCAT_INNER_(a, b) a##b
#define EXPORTCTL_STATUS_CONCAT_(a, b) EXPORTCTL_STATUS_CONCAT_INNER_(a, b)

// Evaluates `expr` (an absl::Status or absl::StatusOr) and returns its status if it is not ok.
#define RETURN_IF_ERROR(expr)                                                                            \
  do {                                                                                                   \
    if (absl::Status exportctl_status_ = ::exportctl::internal::StatusOf(expr); !exportctl_status_.ok()) \
      return exportctl_status_;                                                                          \
  } while (false)

// Evaluates `expr` (an absl::StatusOr<T>); returns its status if it is not ok, else moves the
// value into `lhs` (a declaration or an lvalue).
#define ASSIGN_OR_RETURN(lhs, expr) \
  EXPORTCTL_ASSIGN_OR_RETURN_(EXPORTCTL_STATUS_CONCAT_(exportctl_value_, __LINE__), lhs, expr)
#define EXPORTCTL_ASSIGN_OR_RETURN_(value, lhs, expr) \
  auto value = (expr);                                \
  if (!value.ok()) return std::move(value).status();  \
  lhs = *std::move(value)

#endif  // EXPORTCTL_INTERNAL_STATUS_H_
