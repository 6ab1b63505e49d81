// Sales from a CSV order book (docs/csv.md): a header row names the columns, each later row is a
// sale. The columns are the sale's fields as sale_fields.h spells them, and the flat members of
// its objects under a prefix (buyer_name, datacenter_pue, license_quantity, approval_valid_from,
// notification_filed); SaleReading (sale_reading.h) reads them, so that a CSV cell is checked
// exactly as the same JSON value is. A blank cell is an absent field.
#ifndef EXPORTCTL_SRC_IO_SALE_CSV_H_
#define EXPORTCTL_SRC_IO_SALE_CSV_H_

#include <cstdint>
#include <span>
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

  // The same checks on column names given as they are (a table's columns, sale_columns.cc);
  // `line` > 0: errors as FromHeader's, else "column 'NAME': message".
  static absl::StatusOr<SaleCsvLayout> FromNames(std::span<const std::string_view> names, const RuleSet& rules,
                                                 int64_t line = 0);

  const std::vector<SaleCsvColumn>& columns() const { return columns_; }
  // One byte per column: their addresses stand for the columns in the reader's error positions.
  const char* anchors() const { return anchors_.data(); }

 private:
  std::vector<SaleCsvColumn> columns_;
  std::string anchors_;
};

// How ReadSaleCells reports an error: "LINE:COLUMN: message" (CSV, COLUMN 1-based), or the
// message alone with the column's index in *error_column.
enum class CellErrors : uint8_t { kCsv, kBare };

// Reads one row (one CSV record, its first line numbered `line`) into `sale`, reset first
// (ResetSale: a caller may read row after row into one Sale). Errors are "LINE:COLUMN: message",
// COLUMN the 1-based position of the cell.
absl::Status ReadSaleCsv(const SaleCsvLayout& layout, std::string_view record, int64_t line, const RuleSet& rules,
                         Sale* sale);

// Reads one row of cells (parallel to the layout's columns, a blank cell an absent field) into
// `sale`: the one path of a CSV row and of a table's row (sale_columns.cc). *error_column (when
// not null) is set to the column of a bare error, -1 when the error is not at one column.
absl::Status ReadSaleCells(const SaleCsvLayout& layout, std::span<const std::string_view> cells, int64_t line,
                           CellErrors errors, const RuleSet& rules, Sale* sale, int32_t* error_column);

}  // namespace exportctl::internal

#endif  // EXPORTCTL_SRC_IO_SALE_CSV_H_
