// Sales from a CSV order book (docs/csv.md): a header row names the columns, each later row is a
// sale. The columns are the sale's fields as sale_fields.h spells them, and the flat members of
// its objects under a prefix (buyer_name, datacenter_pue, license_quantity, approval_valid_from,
// notification_filed); SaleReading (sale_reading.h) reads them, so that a CSV cell is checked
// exactly as the same JSON value is. A blank cell is an absent field.
#ifndef EXPORTCTL_SRC_IO_SALE_CSV_H_
#define EXPORTCTL_SRC_IO_SALE_CSV_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "exportctl/rule_set.h"
#include "exportctl/sale.h"

namespace exportctl::internal {

// A column of the header: a field of the sale (group -1), or the member `key` of the object or
// list `group` stands for (kCsvGroups).
struct SaleCsvColumn {
  std::string name;
  int group = -1;
  std::string key;
};

// The columns of an order book, read from its header row.
class SaleCsvLayout {
 public:
  // Reads the header `record` (one CSV record, its first line numbered `line`): every column must
  // be a flat field of the sale, given once, and date, item and destination must be among them.
  // A UTF-8 byte order mark before the first name is skipped. Errors are "LINE:COLUMN: message".
  static absl::StatusOr<SaleCsvLayout> FromHeader(std::string_view record, int64_t line, const RuleSet& rules);

  const std::vector<SaleCsvColumn>& columns() const { return columns_; }

 private:
  std::vector<SaleCsvColumn> columns_;
};

// Reads one row (one CSV record, its first line numbered `line`) into a sale. Errors are
// "LINE:COLUMN: message", COLUMN the 1-based position of the cell.
absl::StatusOr<Sale> ReadSaleCsv(const SaleCsvLayout& layout, std::string_view record, int64_t line,
                                 const RuleSet& rules);

}  // namespace exportctl::internal

#endif  // EXPORTCTL_SRC_IO_SALE_CSV_H_
