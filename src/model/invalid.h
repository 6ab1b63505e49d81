// The one way the library reports a bad definition: "file:line:column: message".
#ifndef EXPORTCTL_MODEL_INVALID_H_
#define EXPORTCTL_MODEL_INVALID_H_

#include <string_view>

#include "absl/status/status.h"
#include "exportctl/rule.h"

namespace exportctl::internal {

// kInvalidArgument with "LOCATION: message", or the message alone when the location is unknown
// (a pack built in code). The message quotes the user's input: it is kept on one line.
absl::Status Invalid(const SourceLocation& location, std::string_view message);

// `location`, or when it is unknown a location that names only `what` (the pack, "ownership"):
// for messages that do not name their subject themselves.
SourceLocation LocatedOr(const SourceLocation& location, std::string_view what);

}  // namespace exportctl::internal

#endif  // EXPORTCTL_MODEL_INVALID_H_
