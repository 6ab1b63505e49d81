// Internal to src/lists: the rows of a Consolidated Screening List as the two readers hand them
// to the import (import.cc), and the CSL's columns and sources (rows.cc).
//
// The readers (csl_json.cc, csl_csv.cc) know the file formats; the import knows what a row means.
// A reader returns an error only when the file is not a CSL at all; a row it cannot read is
// reported to the sink, which skips it, and reading goes on.
#ifndef EXPORTCTL_LISTS_ROWS_H_
#define EXPORTCTL_LISTS_ROWS_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"

namespace exportctl::internal {

// The fields of a row the import reads, as the file writes them (white space trimmed; "" when
// absent or null).
struct CslRow {
  int line = 0;
  std::string source;
  std::string entity_number;
  std::string name;
  std::vector<std::string> alt_names;
  std::string country;  // the first address's country
  std::string federal_register_notice;
  std::string start_date;
  std::string end_date;
  std::string license_requirement;
  std::string license_policy;
  std::string source_list_url;
};

class RowSink {
 public:
  virtual ~RowSink() = default;
  virtual void Row(CslRow& row) = 0;
  virtual void Skip(int line, std::string reason) = 0;
  // A column (CSV) or field (JSON) the CSL does not have; reported once per name.
  virtual void UnknownColumn(int line, std::string_view name) = 0;
};

// The CSL's columns: those the import reads, those it knows and leaves (vessel data, dates of
// birth, ...), and the others.
enum class CslColumn {
  kSource,
  kEntityNumber,
  kName,
  kAltNames,
  kAddresses,
  kFederalRegisterNotice,
  kStartDate,
  kEndDate,
  kLicenseRequirement,
  kLicensePolicy,
  kSourceListUrl,
  kKnown,
  kUnknown,
};
CslColumn ColumnOf(std::string_view name);
// The string field of `row` a column fills, or nullptr (alt_names, addresses, the others).
std::string* StringField(CslRow& row, CslColumn column);

// A CSV cell's values: split at ';', trimmed, empty ones left out.
std::vector<std::string> SplitValues(std::string_view cell);
// The country of a CSV address cell ("street, city, state, postal code, CC; next address"): the
// last comma-separated part of the first address.
std::string_view CountryOfAddressCell(std::string_view cell);
// White space at both ends removed.
std::string_view Trim(std::string_view s);
// `text` for a message or a TOML comment: one line (control characters escaped as in JSON), DEL
// and bytes that are not UTF-8 as '?'.
std::string Printable(std::string_view text);
// The length of the longest prefix of `text` that is valid UTF-8.
size_t Utf8Prefix(std::string_view text);

// The list id of a CSL source ("Entity List (EL) - Bureau of Industry and Security" ->
// "entity_list"), and whether the importer's table has it; an unknown source gets an id derived
// from its abbreviation ("(PLC)" -> "plc"), or from its name when it has none.
struct ListId {
  std::string id;
  bool known = false;
  int order = 0;  // position in the table; unknown sources after it
};
ListId ListIdOfSource(std::string_view source);
// The table's list ids, in its order, for the summary.
const std::vector<std::string_view>& KnownListIds();

absl::Status ReadCslJson(std::string_view text, std::string_view file, RowSink& sink);
absl::Status ReadCslCsv(std::string_view text, std::string_view file, RowSink& sink);

}  // namespace exportctl::internal

#endif  // EXPORTCTL_LISTS_ROWS_H_
