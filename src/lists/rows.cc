// The CSL's columns and sources (rows.h). The column names are those of the CSL's JSON and CSV
// downloads (data.trade.gov); the sources, the lists the CSL consolidates, map to the list ids of
// docs/screening-lists.md.
#include "lists/rows.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>

#include "internal/strings.h"
#include "internal/text_table.h"
#include "lists/csl_lists.inc"
#include "simdjson.h"

namespace exportctl::internal {

namespace {

constexpr std::pair<std::string_view, CslColumn> kReadColumns[] = {
    {"source", CslColumn::kSource},
    {"entity_number", CslColumn::kEntityNumber},
    {"name", CslColumn::kName},
    {"alt_names", CslColumn::kAltNames},
    {"addresses", CslColumn::kAddresses},
    {"federal_register_notice", CslColumn::kFederalRegisterNotice},
    {"start_date", CslColumn::kStartDate},
    {"end_date", CslColumn::kEndDate},
    {"license_requirement", CslColumn::kLicenseRequirement},
    {"license_policy", CslColumn::kLicensePolicy},
    {"source_list_url", CslColumn::kSourceListUrl},
};
// Columns of the CSL the import does not need: identities of persons and vessels, programs,
// remarks. `id` (JSON) and `_id` (CSV) are the CSL's own record ids.
constexpr std::string_view kKnownColumns[] = {
    "id",
    "_id",
    "type",
    "programs",
    "title",
    "standard_order",
    "call_sign",
    "vessel_type",
    "gross_tonnage",
    "gross_registered_tonnage",
    "vessel_flag",
    "vessel_owner",
    "remarks",
    "citizenships",
    "dates_of_birth",
    "nationalities",
    "places_of_birth",
    "source_information_url",
    "ids",
};

// The lists of the CSL by the abbreviation its source names them with, and the list id rules test
// (src/lists/csl_lists.txt).
struct KnownList {
  std::string_view abbreviation;
  std::string_view id;
  std::string_view name;  // the source's name without abbreviation, letters only, lower case
};
constexpr size_t kCslListsWordCount = TableWordCount(kCslListsText);
static_assert(kCslListsWordCount % 3 == 0, "src/lists/csl_lists.txt: each line has three words");
constexpr std::array<KnownList, kCslListsWordCount / 3> MakeKnownLists() {
  const auto words = TableWords<kCslListsWordCount>(kCslListsText);
  std::array<KnownList, kCslListsWordCount / 3> lists{};
  for (size_t i = 0; i < lists.size(); ++i) {
    const std::string_view name = words[3 * i + 2];
    lists[i] = {words[3 * i], words[3 * i + 1], name == "-" ? std::string_view() : name};
  }
  return lists;
}
constexpr auto kKnownLists = MakeKnownLists();

std::string Upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

bool IsAbbreviation(std::string_view s) {
  if (s.empty() || s.size() > 16) return false;
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'; });
}

// "EL" of "Entity List (EL) - Bureau ...", "NS-MBS" of "(NS-MBS List)"; "" when there is none.
std::string AbbreviationOf(std::string_view source) {
  if (IsAbbreviation(source)) return std::string(source);
  for (size_t open = source.find('('); open != std::string_view::npos; open = source.find('(', open + 1)) {
    const size_t close = source.find(')', open);
    if (close == std::string_view::npos) break;
    std::string_view inside = Trim(source.substr(open + 1, close - open - 1));
    for (std::string_view suffix : {" List", " LIST"}) {
      if (inside.size() > suffix.size() && inside.substr(inside.size() - suffix.size()) == suffix)
        inside.remove_suffix(suffix.size());
    }
    if (IsAbbreviation(inside)) return std::string(inside);
  }
  return "";
}

// The source's name before " - agency", without its abbreviation, as letters in lower case.
std::string NameKey(std::string_view source) {
  source = source.substr(0, source.find(" - "));
  std::string key;
  bool in_parentheses = false;
  for (char c : source) {
    if (c == '(') in_parentheses = true;
    if (c == ')') in_parentheses = false;
    if (!in_parentheses && std::isalpha(static_cast<unsigned char>(c)))
      key += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return key;
}

// Lower case, runs of other characters as one '_': "NS-PLC" -> "ns_plc".
std::string IdOf(std::string_view text) {
  std::string id;
  for (char c : text) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      id += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else if (!id.empty() && id.back() != '_') {
      id += '_';
    }
    if (id.size() >= 40) break;
  }
  while (!id.empty() && id.back() == '_') id.pop_back();
  return id.empty() ? "unknown" : id;
}

}  // namespace

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

namespace {

// The length of the UTF-8 character at text[i], or 0 when the bytes there are not one.
size_t Utf8CharAt(std::string_view text, size_t i) {
  const auto c = static_cast<unsigned char>(text[i]);
  const size_t length = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
  if (length == 0 || i + length > text.size() || !simdjson::validate_utf8(text.data() + i, length)) return 0;
  return length;
}

}  // namespace

size_t Utf8Prefix(std::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    const size_t length = Utf8CharAt(text, i);
    if (length == 0) break;
    i += length;
  }
  return i;
}

std::string Printable(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size();) {
    const size_t length = Utf8CharAt(text, i);
    if (length == 0 || text[i] == 0x7F) {
      out += '?';
      i += length == 0 ? 1 : length;
      continue;
    }
    AppendOneLine(out, text.substr(i, length));
    i += length;
  }
  return out;
}

CslColumn ColumnOf(std::string_view name) {
  std::string lower(Trim(name));
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const auto& [column_name, column] : kReadColumns)
    if (lower == column_name) return column;
  for (std::string_view known : kKnownColumns)
    if (lower == known) return CslColumn::kKnown;
  return CslColumn::kUnknown;
}

std::string* StringField(CslRow& row, CslColumn column) {
  switch (column) {
    case CslColumn::kSource: return &row.source;
    case CslColumn::kEntityNumber: return &row.entity_number;
    case CslColumn::kName: return &row.name;
    case CslColumn::kFederalRegisterNotice: return &row.federal_register_notice;
    case CslColumn::kStartDate: return &row.start_date;
    case CslColumn::kEndDate: return &row.end_date;
    case CslColumn::kLicenseRequirement: return &row.license_requirement;
    case CslColumn::kLicensePolicy: return &row.license_policy;
    case CslColumn::kSourceListUrl: return &row.source_list_url;
    default: return nullptr;
  }
}

std::vector<std::string> SplitValues(std::string_view cell) {
  std::vector<std::string> values;
  while (!cell.empty()) {
    const size_t semicolon = cell.find(';');
    const std::string_view value = Trim(cell.substr(0, semicolon));
    if (!value.empty()) values.emplace_back(value);
    if (semicolon == std::string_view::npos) break;
    cell.remove_prefix(semicolon + 1);
  }
  return values;
}

std::string_view CountryOfAddressCell(std::string_view cell) {
  const std::string_view first = cell.substr(0, cell.find(';'));
  const size_t comma = first.rfind(',');
  return Trim(comma == std::string_view::npos ? first : first.substr(comma + 1));
}

ListId ListIdOfSource(std::string_view source) {
  source = Trim(source);
  const std::string abbreviation = Upper(AbbreviationOf(source));
  const std::string name = NameKey(source);
  const std::vector<std::string_view>& ids = KnownListIds();
  for (const KnownList& known : kKnownLists) {
    if (abbreviation == known.abbreviation || (!known.name.empty() && name == known.name)) {
      const int order = static_cast<int>(std::find(ids.begin(), ids.end(), known.id) - ids.begin());
      return {std::string(known.id), true, order};
    }
  }
  const int order = static_cast<int>(ids.size());
  if (!abbreviation.empty()) return {IdOf(abbreviation), false, order};
  return {IdOf(source.substr(0, source.find(" - "))), false, order};
}

const std::vector<std::string_view>& KnownListIds() {
  static const std::vector<std::string_view> ids = [] {
    std::vector<std::string_view> out;
    for (const KnownList& known : kKnownLists)
      if (std::find(out.begin(), out.end(), known.id) == out.end()) out.push_back(known.id);
    return out;
  }();
  return ids;
}

}  // namespace exportctl::internal
