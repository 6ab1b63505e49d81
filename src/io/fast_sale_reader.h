// A fast path for the sales batch reads by the million (fast_sale_reader.cc): ParseSaleJson tries
// it before the simdjson reader (json_read.cc).
#ifndef EXPORTCTL_SRC_IO_FAST_SALE_READER_H_
#define EXPORTCTL_SRC_IO_FAST_SALE_READER_H_

#include <string_view>

#include "absl/status/status.h"
#include "exportctl/json.h"

namespace exportctl::internal {

// Reads `json` into `sale` when it is a sale in the common form (every string printable ASCII
// without escapes, numbers as plain digits with an optional fraction, a catalog item by name or a chip object) and
// the reader would accept it; false otherwise, without saying why (the caller then runs the
// reader on the same text). An input this accepts, the reader reads to the same Sale.
bool ReadSaleFast(std::string_view json, const RuleSet& rules, const SaleParseOptions& options, Sale* sale);

// ParseSaleJson into `sale`, for a caller that reads sale after sale into one Sale (batch's
// workers): `sale` is reset first (ResetSale, sale_reading.h), keeping its storage.
absl::Status ParseSaleJsonInto(std::string_view json, const RuleSet& rules, const SaleParseOptions& options,
                               Sale* sale);

}  // namespace exportctl::internal

#endif  // EXPORTCTL_SRC_IO_FAST_SALE_READER_H_
