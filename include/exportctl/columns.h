// Columnar evaluation: a table of sales in, a table of decisions out (docs/columns.md). The
// columns are the CSV order book's (docs/csv.md): a column is a field of the sale by its JSON name,
// or a flat member of one of its objects under a prefix (buyer_name, datacenter_pue,
// license_valid_from, approval_quantity, notification_filed). Each cell is read exactly as the same
// CSV cell is (and so as the same JSON value): a number is read as its shortest decimal text, a
// boolean as "true" or "false". An absent cell (a null or blank text, a NaN, a negative code) is
// an absent field, as a blank CSV cell is: never zero, never a default for a required field.
//
//   std::vector<std::string_view> date = {...}, item = {...}, destination = {...};
//   std::vector<double> quantity = {...};  // NaN: absent, the default 1
//   std::vector<SaleColumn> columns = {SaleColumn::Text("date", date.data()), ...,
//                                      SaleColumn::Numbers("quantity", quantity.data())};
//   absl::StatusOr<DecisionColumns> out = EvaluateColumns(*rules, columns, date.size(), {.threads = 2});
//   // out->verdict[i], out->allowed[i], out->errors (a bad row: its row, column and message)
//
// A bad row gets its error (DecisionColumns::errors, in row order) and no verdict; the other rows
// are decided. The call fails only for a table that is not one of sales (an unknown or repeated
// column, no date, item or destination column, a column without data) or a thread count outside
// 0 to kMaxBatchThreads. Rows are evaluated on `threads` threads, the results in row order,
// whatever the thread count. No exception leaves EvaluateColumns.
#ifndef EXPORTCTL_COLUMNS_H_
#define EXPORTCTL_COLUMNS_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "exportctl/country.h"
#include "exportctl/evaluate.h"
#include "exportctl/rule_set.h"

namespace exportctl {

enum class ColumnKind : uint8_t {
  kText,      // text[row]; a null data() or a blank view is absent
  kCStrings,  // cstrings[row] (NUL-terminated, or of sizes[row] bytes when sizes is set); null is absent
  kCodes,     // codes[row], an index into dictionary; a negative code is absent
  kNumbers,   // numbers[row]; NaN is absent
  kBools,     // bools[row]: 0 false, 1 true, anything else absent
};

// One column of a table of sales: its name and a view of its `rows` cells (not copied: the data
// must outlive the call).
struct SaleColumn {
  std::string_view name;
  ColumnKind kind = ColumnKind::kText;
  const std::string_view* text = nullptr;
  const char* const* cstrings = nullptr;
  const size_t* sizes = nullptr;
  const int32_t* codes = nullptr;
  absl::Span<const std::string_view> dictionary;
  const double* numbers = nullptr;
  const uint8_t* bools = nullptr;

  static SaleColumn Text(std::string_view name, const std::string_view* text) {
    SaleColumn c = Named(name, ColumnKind::kText);
    c.text = text;
    return c;
  }
  static SaleColumn Codes(std::string_view name, const int32_t* codes, absl::Span<const std::string_view> dictionary) {
    SaleColumn c = Named(name, ColumnKind::kCodes);
    c.codes = codes;
    c.dictionary = dictionary;
    return c;
  }
  static SaleColumn Numbers(std::string_view name, const double* numbers) {
    SaleColumn c = Named(name, ColumnKind::kNumbers);
    c.numbers = numbers;
    return c;
  }
  static SaleColumn Bools(std::string_view name, const uint8_t* bools) {
    SaleColumn c = Named(name, ColumnKind::kBools);
    c.bools = bools;
    return c;
  }
  static SaleColumn Named(std::string_view name, ColumnKind kind) {
    SaleColumn c;
    c.name = name;
    c.kind = kind;
    return c;
  }
};

struct ColumnsOptions {
  // The trace level decides whether `rules` is filled: kNone leaves it empty (and is fastest).
  EvalOptions eval = {.as_of = std::nullopt, .trace = TraceLevel::kFired};
  // Worker threads: 0 for std::thread::hardware_concurrency(), else 1 to kMaxBatchThreads.
  int threads = 0;
};

// A row that is not a usable sale.
struct RowError {
  size_t row = 0;       // 0-based
  int32_t column = -1;  // the input column it is at, -1 when at none (an unreadable cell kind)
  std::string message;  // without the position, e.g. "unknown chip 'H2O'"
};

// "row 12, column 'date': invalid date ..." (row 0-based, as RowError::row).
std::string RowErrorText(const RowError& error, absl::Span<const SaleColumn> columns);

// A numeric column of the conditions: NaN where the decision has no such condition or value.
struct ConditionColumn {
  std::string name;  // "revenue_share_percent", "revenue_share_usd", "volume_cap_units", ...
  std::vector<double> values;
};

// The decisions, a column per output. Codes are the enums' values (Verdict, ReviewPolicy); -1
// where there is none (a bad row, a jurisdiction not in the decision, no review policy).
struct DecisionColumns {
  size_t rows = 0;
  std::vector<int8_t> verdict;                            // Verdict; -1 for a bad row
  std::vector<uint8_t> allowed;                           // 1 iff the decision allows the sale; 0 for a bad row
  std::vector<Country> jurisdictions;                     // those of the rule set, in its order
  std::vector<std::vector<int8_t>> jurisdiction_verdict;  // [j][row]: Verdict, -1 when not in the decision
  std::vector<std::vector<int8_t>> review_policy;         // [j][row]: ReviewPolicy, -1 when none
  std::vector<int32_t> license_exception;                 // into license_exceptions, -1 for none
  std::vector<std::string> license_exceptions;            // "NAC", "ACA", ...; several as "NAC; LPP"
  std::vector<uint32_t> condition_kinds;                  // bit k set: a condition of ConditionKind k
  // revenue_share_percent, revenue_share_usd, import_duty_percent, import_duty_usd,
  // volume_cap_percent, volume_cap_units, approval_quantity_units, domestic_purchase_ratio: the
  // first condition of the kind (a decision rarely has two).
  std::vector<ConditionColumn> conditions;
  // The rules that fired, each once, in trace order (as the CSV's `rules`): row r's are
  // rule_ids[rule_index[k]] for k in [rule_offsets[r], rule_offsets[r + 1]).
  std::vector<uint32_t> rule_offsets;  // rows + 1 entries
  std::vector<int32_t> rule_index;
  std::vector<std::string> rule_ids;  // the rule set's rules, in its order
  std::vector<RowError> errors;       // in row order
};

absl::StatusOr<DecisionColumns> EvaluateColumns(const RuleSet& rules, absl::Span<const SaleColumn> columns, size_t rows,
                                                const ColumnsOptions& options = {});

}  // namespace exportctl

#endif  // EXPORTCTL_COLUMNS_H_
