// Sales from CSV (sale_csv.h): a Source of sale_reading.h over one row's cells. The row is the sale
// object: each non-blank cell of a field column is a member; the cells of a prefixed group
// (buyer_*, datacenter_*) are the members of that object, and those of license_*, approval_*,
// notification_* the members of a list's one element. A list cell (transit, license_items) holds
// its values separated by ';'. The header is checked by reading it as a row in which every cell is
// present ("probe" mode): then only an unknown or non-flat column is an error.
#include "io/sale_csv.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "internal/csv_reader.h"
#include "internal/strings.h"
#include "io/sale_fields.h"
#include "io/sale_reading.h"
#include "simdjson.h"

namespace exportctl::internal {
namespace {

// The objects and lists of a sale whose flat members a row may give, by column prefix.
struct CsvGroup {
  std::string_view prefix;
  SaleField field;
  bool list;  // a list of objects: the row gives its one element
};
constexpr std::array<CsvGroup, 5> kCsvGroups = {{{"buyer_", SaleField::kBuyer, false},
                                                 {"datacenter_", SaleField::kDatacenter, false},
                                                 {"license_", SaleField::kLicenses, true},
                                                 {"approval_", SaleField::kApprovals, true},
                                                 {"notification_", SaleField::kNotifications, true}}};

inline std::string_view TrimCell(std::string_view s) {
  const auto space = [](char c) { return c == ' ' || c == '\t'; };
  if (s.empty() || (!space(s.front()) && !space(s.back()))) return s;  // nearly every cell
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool EqualsNoCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return (x | 0x20) == (y | 0x20); });
}

// Reads the record in `text` (its first line `line`) into `record`; an error names the cell.
absl::Status ReadRecord(std::string_view text, int64_t line, CsvRecord& record) {
  CsvReader reader(text);
  std::string error;
  switch (reader.Next(record, error)) {
    case CsvReader::Result::kRecord: {
      // The batch splits records as the reader reads them: nothing may follow (fail closed).
      thread_local CsvRecord rest;
      if (reader.Next(rest, error) == CsvReader::Result::kEnd) return absl::OkStatus();
      return absl::InvalidArgumentError(StrCat(line + rest.line - 1, ":1: a row runs on into this line"));
    }
    case CsvReader::Result::kEnd: record.fields.clear(); return absl::OkStatus();
    case CsvReader::Result::kMalformed: break;
  }
  const size_t colon = error.find(": ");  // "field N: why"
  return absl::InvalidArgumentError(StrCat(line + record.line - 1, ":", record.fields.size(), ": ",
                                           colon == std::string::npos ? error : error.substr(colon + 2)));
}

// The record's cells are UTF-8 (docs/csv.md): a decision or an error echoes them in JSON. A
// record read from ASCII `text` is (its cells hold its bytes, less quotes): most rows.
absl::Status CheckUtf8(const CsvRecord& record, std::string_view text, int64_t line) {
  if (IsAscii(text)) return absl::OkStatus();
  for (size_t i = 0; i < record.fields.size(); ++i) {
    if (!simdjson::validate_utf8(record.fields[i].data(), record.fields[i].size())) {
      return absl::InvalidArgumentError(StrCat(line, ":", i + 1, ": invalid UTF-8 (a CSV order book is UTF-8)"));
    }
  }
  return absl::OkStatus();
}

class CsvSource {
 public:
  using Result = absl::Status;
  // A cell (group -1), or a group of cells standing for an object.
  struct Value {
    std::string_view text;
    const char* at = nullptr;
    int group = -1;
  };
  struct Object {};

  // `cells` parallel to the layout's columns; `anchors` one byte per column, whose addresses
  // stand for the columns in `at` positions (a cell's text may be shared with another column's);
  // `probe`: the header read as a row. CSV errors are "LINE:COLUMN: message"; bare ones the
  // message alone, the column in error_column().
  CsvSource(const std::vector<SaleCsvColumn>& columns, std::span<const std::string_view> cells, const char* anchors,
            int64_t line, CellErrors errors, bool probe)
      : columns_(columns), cells_(cells), anchors_(anchors), line_(line), errors_(errors), probe_(probe) {}

  // The column of the last error (bare errors), -1 for none.
  int32_t error_column() const { return error_column_; }

  static absl::Status Ok() { return absl::OkStatus(); }

  absl::Status Fail(const char* at, std::string_view message) const {
    if (probe_) return absl::OkStatus();  // the header's cells are names, not values
    return Error(at, message);
  }
  template <class Message>
  requires std::is_invocable_v<Message> absl::Status Fail(const char* at, Message&& message)
  const { return probe_ ? absl::OkStatus() : Error(at, std::string_view(message())); }

  absl::Status WrongType(Value& v, std::string_view name, std::string_view expected) const {
    return Fail(v.at, StrCat("'", name, "' must be ", expected));
  }
  absl::Status UnknownField(const char* at, std::string_view, std::string_view) const {
    return Error(at, StrCat("unknown column '", columns_[Column(at)].name, "' (docs/csv.md lists the columns)"));
  }
  absl::Status Missing(const char* object_at, std::string_view field, std::string_view where) const {
    if (object_at == nullptr) return Fail(RequiredAt(field), StrCat("no '", field, "'"));
    const SaleCsvColumn& column = columns_[Column(object_at)];
    const std::string_view prefix = kCsvGroups[static_cast<size_t>(column.group)].prefix;
    return Fail(object_at, StrCat("missing '", prefix, field, "': a ", where, " needs it"));
  }
  absl::Status ChipObject(Value& v, std::string_view, Chip*) const {
    return Fail(v.at, "a chip object does not fit in a CSV cell: give the sale as JSON");
  }

  static const char* Where(Value& v) { return v.at; }

  // The top level: each non-blank field cell, and each group with a non-blank cell, in column order.
  template <class F>
  absl::Status ForEachField(Object, std::string_view, F&& f) {
    std::array<bool, kCsvGroups.size()> seen{};
    for (size_t i = 0; i < columns_.size(); ++i) {
      Value v = CellAt(i);
      if (v.text.empty() && !probe_) continue;
      const int group = columns_[i].group;
      if (group < 0) {
        EXPORTCTL_TRY(f(columns_[i].key, v.at, v));
        continue;
      }
      if (seen[static_cast<size_t>(group)]) continue;
      seen[static_cast<size_t>(group)] = true;
      Value g{{}, v.at, group};
      EXPORTCTL_TRY(f(SaleFieldName(kCsvGroups[static_cast<size_t>(group)].field), v.at, g));
    }
    return absl::OkStatus();
  }

  // The members of a group: its non-blank cells.
  template <class F>
  absl::Status Fields(Value& v, std::string_view name, const char** at, F&& f) {
    *at = v.at;
    if (v.group < 0) return NotFlat(v, name);
    for (size_t i = 0; i < columns_.size(); ++i) {
      if (columns_[i].group != v.group) continue;
      Value cell = CellAt(i);
      if (cell.text.empty() && !probe_) continue;
      EXPORTCTL_TRY(f(columns_[i].key, cell.at, cell));
    }
    return absl::OkStatus();
  }

  // A list group is its one element; a cell holds values separated by ';'.
  template <class F>
  absl::Status Elements(Value& v, std::string_view, F&& f) {
    if (v.group >= 0) return f(v);
    std::string_view rest = v.text;
    while (!rest.empty()) {
      const size_t semicolon = rest.find(';');
      Value element{TrimCell(rest.substr(0, semicolon)), nullptr, -1};
      element.at = v.at;
      rest = semicolon == std::string_view::npos ? std::string_view() : rest.substr(semicolon + 1);
      if (!element.text.empty()) EXPORTCTL_TRY(f(element));
    }
    return absl::OkStatus();
  }

  absl::Status Kind(Value& v, std::string_view, ValueKind* kind) const {
    *kind = v.group >= 0 ? ValueKind::kObject : ValueKind::kString;
    return absl::OkStatus();
  }

  absl::Status StringView(Value& v, std::string_view name, std::string_view* out) const {
    if (v.group >= 0) return NotFlat(v, name);
    *out = v.text;
    return absl::OkStatus();
  }
  absl::Status String(Value& v, std::string_view name, std::string* out) const {
    std::string_view s;
    EXPORTCTL_TRY(StringView(v, name, &s));
    out->assign(s);
    return absl::OkStatus();
  }

  absl::Status Bool(Value& v, std::string_view name, bool* out) const {
    if (EqualsNoCase(v.text, "true")) *out = true;
    else if (EqualsNoCase(v.text, "false")) *out = false;
    else return Fail(v.at, StrCat("'", name, "' must be true or false, got '", v.text, "'"));
    return absl::OkStatus();
  }

  absl::Status Number(Value& v, std::string_view name, double* out, NumberRange range) const {
    double d = 0;
    const char* end = v.text.data() + v.text.size();
    const std::from_chars_result r = std::from_chars(v.text.data(), end, d);
    const bool positive = range == NumberRange::kPositive;
    if (r.ec != std::errc() || r.ptr != end || v.text.empty() || !std::isfinite(d) || d < 0 || (positive && d == 0)) {
      return Fail(v.at, StrCat("'", name, "' must be a ", positive ? "positive" : "non-negative", " number, got '",
                               v.text, "'"));
    }
    if (range == NumberRange::kPercent && !(d > 0 && d <= 100)) {
      return Fail(v.at, StrCat("'", name, "' must be in (0, 100], got '", v.text, "'"));
    }
    *out = d;
    return absl::OkStatus();
  }

  absl::Status Integer(Value& v, std::string_view name, int64_t* out, bool positive) const {
    int64_t n = 0;
    const char* end = v.text.data() + v.text.size();
    const std::from_chars_result r = std::from_chars(v.text.data(), end, n);
    if (r.ec != std::errc() || r.ptr != end || v.text.empty() || n < 0 || (positive && n == 0)) {
      return Fail(v.at, StrCat("'", name, "' must be ", positive ? "a positive integer" : "a non-negative integer",
                               ", got '", v.text, "'"));
    }
    *out = n;
    return absl::OkStatus();
  }

  template <class Parse, class T>
  absl::Status Parsed(Value& v, std::string_view name, Parse parse, T* out) const {
    std::string_view s;
    EXPORTCTL_TRY(StringView(v, name, &s));
    auto parsed = parse(s);
    if (!parsed.ok()) return Fail(v.at, Sv(parsed.status().message()));
    *out = *std::move(parsed);
    return absl::OkStatus();
  }

 private:
  Value CellAt(size_t i) const { return {TrimCell(cells_[i]), anchors_ + i, -1}; }

  // The column `at` stands for (the first when none).
  size_t Column(const char* at) const {
    const std::less<const char*> lt;
    if (at == nullptr || lt(at, anchors_) || !lt(at, anchors_ + cells_.size())) return 0;
    return static_cast<size_t>(at - anchors_);
  }

  // Where a missing required field is reported: in CSV the row's first cell, as ever; bare, its
  // own column when there is one (a column of absent cells).
  const char* RequiredAt(std::string_view field) const {
    if (errors_ == CellErrors::kBare) {
      for (size_t i = 0; i < columns_.size(); ++i) {
        if (columns_[i].group < 0 && columns_[i].key == field) return anchors_ + i;
      }
    }
    return cells_.empty() ? nullptr : anchors_;
  }

  absl::Status Error(const char* at, std::string_view message) const {
    std::string line;
    if (errors_ == CellErrors::kCsv) {
      line = StrCat(line_, ":", Column(at) + 1, ": ");
    } else {
      error_column_ = cells_.empty() ? -1 : static_cast<int32_t>(Column(at));
    }
    AppendOneLine(line, message);
    return absl::InvalidArgumentError(line);
  }

  absl::Status NotFlat(Value& v, std::string_view name) const {
    return Error(v.at, StrCat("column '", columns_[Column(v.at)].name, "': '", name,
                              "' is not a flat field and cannot be read from CSV (docs/csv.md)"));
  }

  const std::vector<SaleCsvColumn>& columns_;
  const std::span<const std::string_view> cells_;
  const char* const anchors_;
  const int64_t line_;
  const CellErrors errors_;
  const bool probe_;
  mutable int32_t error_column_ = -1;
};

// The column a header name stands for.
std::optional<SaleCsvColumn> ColumnNamed(std::string_view name) {
  if (SaleFieldNamed(name)) return SaleCsvColumn{std::string(name), -1, std::string(name)};
  for (size_t g = 0; g < kCsvGroups.size(); ++g) {
    const std::string_view prefix = kCsvGroups[g].prefix;
    if (name.size() > prefix.size() && name.substr(0, prefix.size()) == prefix) {
      return SaleCsvColumn{std::string(name), static_cast<int>(g), std::string(name.substr(prefix.size()))};
    }
  }
  return std::nullopt;
}

}  // namespace

absl::StatusOr<SaleCsvLayout> SaleCsvLayout::FromHeader(std::string_view record, int64_t line, const RuleSet& rules) {
  if (record.substr(0, 3) == "\xEF\xBB\xBF") record.remove_prefix(3);
  CsvRecord header;
  if (absl::Status s = ReadRecord(record, line, header); !s.ok()) return s;
  if (absl::Status s = CheckUtf8(header, record, line); !s.ok()) return s;
  std::vector<std::string_view> names(header.fields.begin(), header.fields.end());
  for (std::string_view& name : names) name = TrimCell(name);
  return FromNames(names, rules, line);
}

absl::StatusOr<SaleCsvLayout> SaleCsvLayout::FromNames(std::span<const std::string_view> names, const RuleSet& rules,
                                                       int64_t line) {
  const bool csv = line > 0;
  // One line, whatever the name holds: "LINE:COLUMN: message" or "column 'NAME': message".
  const auto fail = [&](size_t i, std::string_view message) {
    std::string error = csv ? StrCat(line, ":", i + 1, ": ") : std::string();
    if (!csv) AppendOneLine(error, StrCat("column '", names[i], "': "));
    AppendOneLine(error, message);
    return absl::InvalidArgumentError(error);
  };
  SaleCsvLayout layout;
  for (size_t i = 0; i < names.size(); ++i) {
    std::optional<SaleCsvColumn> column = ColumnNamed(names[i]);
    if (!column) return fail(i, StrCat("unknown column '", names[i], "' (docs/csv.md lists the columns)"));
    for (const SaleCsvColumn& c : layout.columns_) {
      if (c.name == column->name) return fail(i, StrCat("column '", names[i], "' appears twice"));
    }
    layout.columns_.push_back(*std::move(column));
  }
  for (std::string_view required : {"date", "item", "destination"}) {
    const bool found = std::any_of(layout.columns_.begin(), layout.columns_.end(),
                                   [&](const SaleCsvColumn& c) { return c.name == required; });
    if (!found && csv) return absl::InvalidArgumentError(StrCat(line, ":1: the header has no '", required, "' column"));
    if (!found) return absl::InvalidArgumentError(StrCat("the table has no '", required, "' column"));
  }
  layout.anchors_.assign(layout.columns_.size(), '\0');
  // Every column read as if its cell held a value: an unknown member of a group, or a column that
  // is not flat (buyer_owners), fails here rather than on the first row that fills it.
  CsvSource probe(layout.columns_, names, layout.anchors_.data(), line, csv ? CellErrors::kCsv : CellErrors::kBare,
                  /*probe=*/true);
  Sale sale;
  if (absl::Status s = SaleReading<CsvSource>(probe, rules).ReadSale(CsvSource::Object{}, nullptr, {}, &sale);
      !s.ok()) {
    if (csv || probe.error_column() < 0) return s;
    return fail(static_cast<size_t>(probe.error_column()), Sv(s.message()));
  }
  return layout;
}

absl::Status ReadSaleCells(const SaleCsvLayout& layout, std::span<const std::string_view> cells, int64_t line,
                           CellErrors errors, const RuleSet& rules, Sale* sale, int32_t* error_column) {
  CsvSource source(layout.columns(), cells, layout.anchors(), line, errors, /*probe=*/false);
  absl::Status s = SaleReading<CsvSource>(source, rules).ReadSale(CsvSource::Object{}, nullptr, {}, sale);
  if (error_column != nullptr) *error_column = source.error_column();
  return s;
}

absl::Status ReadSaleCsv(const SaleCsvLayout& layout, std::string_view record, int64_t line, const RuleSet& rules,
                         Sale* sale) {
  thread_local CsvRecord row;                        // its strings reused, row after row
  thread_local std::vector<std::string_view> cells;  // and the views of them
  if (absl::Status s = ReadRecord(record, line, row); !s.ok()) return s;
  if (absl::Status s = CheckUtf8(row, record, line); !s.ok()) return s;
  const size_t columns = layout.columns().size();
  if (row.fields.size() != columns) {
    return absl::InvalidArgumentError(StrCat(line, ":", std::min(row.fields.size(), columns) + 1, ": the row has ",
                                             row.fields.size(), " cells, the header ", columns));
  }
  cells.assign(row.fields.begin(), row.fields.end());
  ResetSale(sale);
  return ReadSaleCells(layout, cells, line, CellErrors::kCsv, rules, sale, nullptr);
}

}  // namespace exportctl::internal
