// The CSL's CSV download: a header row naming the columns, then one row per listing. Multi-valued
// cells (alt_names, addresses) separate their values with ';'; an address cell writes each address
// as "street, city, state, postal code, country".
#include <set>
#include <utility>

#include "internal/csv_reader.h"
#include "internal/strings.h"
#include "lists/rows.h"

namespace exportctl::internal {

namespace {

absl::Status NotCsl(std::string_view file, int line, std::string_view why) {
  return absl::InvalidArgumentError(
      StrCat(file, ":", line, ": not a Consolidated Screening List CSV: ", Printable(why)));
}

void FillRow(const std::vector<CslColumn>& columns, const CsvRecord& record, CslRow& row) {
  row = CslRow{};
  row.line = record.line;
  for (size_t i = 0; i < columns.size(); ++i) {
    const std::string_view cell = Trim(record.fields[i]);
    if (std::string* field = StringField(row, columns[i])) {
      field->assign(cell);
    } else if (columns[i] == CslColumn::kAltNames) {
      row.alt_names = SplitValues(cell);
    } else if (columns[i] == CslColumn::kAddresses) {
      row.country = std::string(CountryOfAddressCell(cell));
    }
  }
}

}  // namespace

absl::Status ReadCslCsv(std::string_view text, std::string_view file, RowSink& sink) {
  CsvReader reader(text);
  CsvRecord record;
  std::string error;
  switch (reader.Next(record, error)) {
    case CsvReader::Result::kEnd: return NotCsl(file, 1, "the file is empty (no header row)");
    case CsvReader::Result::kMalformed:
      return NotCsl(file, record.line, StrCat("the header row is malformed: ", error));
    case CsvReader::Result::kRecord: break;
  }
  std::vector<CslColumn> columns;
  std::set<CslColumn> read;
  for (const std::string& name : record.fields) {
    const CslColumn column = ColumnOf(name);
    if (column == CslColumn::kUnknown) sink.UnknownColumn(record.line, Trim(name));
    if (column != CslColumn::kUnknown && column != CslColumn::kKnown && !read.insert(column).second)
      return NotCsl(file, record.line, StrCat("the column '", Trim(name), "' appears twice"));
    columns.push_back(column);
  }
  for (const auto& [column, name] : {std::pair{CslColumn::kName, "name"}, std::pair{CslColumn::kSource, "source"}})
    if (read.count(column) == 0) return NotCsl(file, record.line, StrCat("the header row has no '", name, "' column"));

  CslRow row;
  while (true) {
    const CsvReader::Result result = reader.Next(record, error);
    if (result == CsvReader::Result::kEnd) break;
    if (result == CsvReader::Result::kMalformed) {
      sink.Skip(record.line, error);
      continue;
    }
    if (record.fields.size() != columns.size()) {
      sink.Skip(record.line, StrCat("the row has ", record.fields.size(), " fields, the header ", columns.size()));
      continue;
    }
    FillRow(columns, record, row);
    sink.Row(row);
  }
  return absl::OkStatus();
}

}  // namespace exportctl::internal
