// ImportScreeningList (exportctl/screening_list.h): the rows the readers hand over become listings
// of parties (parties.h); what each row's columns mean is docs/screening-lists.md.
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <fstream>
#include <set>
#include <sstream>
#include <utility>

#include "exportctl/screening_list.h"
#include "internal/strings.h"
#include "lists/parties.h"
#include "lists/rows.h"
#include "model/names.h"
#include "simdjson.h"

namespace exportctl {

namespace internal {
namespace {

// Longer texts are not names or citations: a name is skipped, an alias left out, a citation cut.
constexpr size_t kMaxTextBytes = 1024;
constexpr uint64_t kMaxListBytes = uint64_t{1} << 30;  // 1 GiB; the CSL is some 50 MB
constexpr std::string_view kBom = "\xEF\xBB\xBF";

// Control characters (a quoted CSV cell may hold line breaks) as spaces, runs of spaces as one,
// no white space at the ends: a name or citation is one line.
std::string Clean(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char ch : Trim(text)) {
    const auto c = static_cast<unsigned char>(ch);
    const bool space = c < 0x20 || c == 0x7F || c == ' ';
    if (!space) out += ch;
    else if (!out.empty() && out.back() != ' ') out += ' ';
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

// `text` cut to kMaxTextBytes at a character boundary, with "..." to show it was cut.
bool Cut(std::string& text) {
  if (text.size() <= kMaxTextBytes) return false;
  size_t end = kMaxTextBytes - 3;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  text.resize(end);
  text += "...";
  return true;
}

// "YYYY-MM-DD", or an ISO date-time starting with it.
std::optional<Date> ListDate(std::string_view text) {
  if (text.size() > 10 && text[10] == 'T') text = text.substr(0, 10);
  absl::StatusOr<Date> date = Date::Parse(text);
  if (!date.ok()) return std::nullopt;
  return *date;
}

std::optional<Country> CountryOf(std::string_view code) {
  std::string upper(code);
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (!IsAssignedCountryCode(upper)) return std::nullopt;
  return Country::Of(upper);
}

bool ValidUtf8(const CslRow& row) {
  auto valid = [](const std::string& s) { return simdjson::validate_utf8(s.data(), s.size()); };
  for (const std::string* s :
       {&row.source, &row.entity_number, &row.name, &row.country, &row.federal_register_notice, &row.start_date,
        &row.end_date, &row.license_requirement, &row.license_policy, &row.source_list_url})
    if (!valid(*s)) return false;
  return std::all_of(row.alt_names.begin(), row.alt_names.end(), valid);
}

// The sink of both readers: each row becomes a listing of a party, or is skipped with its reason.
class ListBuilder : public RowSink {
 public:
  ListBuilder(const ScreeningListOptions& options, ImportSummary& summary)
      : summary_(summary), parties_(options.base) {}

  void Row(CslRow& row) override {
    ++summary_.rows;
    if (!ValidUtf8(row)) return Reject(row.line, "the row is not valid UTF-8");
    const std::string name = Clean(row.name);
    if (name.empty()) return Reject(row.line, "the row has no 'name'");
    if (name.size() > kMaxTextBytes)
      return Reject(row.line, StrCat("the name is ", name.size(), " bytes long, more than ", kMaxTextBytes));
    if (NormalizeEntityName(name).empty())
      return Reject(row.line, StrCat("the name '", name, "' has no letters or digits"));
    const std::string source = Clean(row.source);
    if (source.empty()) return Reject(row.line, "the row has no 'source': the list it is on is unknown");
    if (source.size() > kMaxTextBytes)
      return Reject(row.line, StrCat("the source is ", source.size(), " bytes long, more than ", kMaxTextBytes));

    std::vector<std::string> aliases;
    for (const std::string& alias : row.alt_names) {
      std::string clean = Clean(alias);
      if (clean.size() > kMaxTextBytes) Note(row.line, StrCat("an alias of ", clean.size(), " bytes: left out"));
      else if (!clean.empty()) aliases.push_back(std::move(clean));
    }
    const std::optional<Country> country = CountryOf(Trim(row.country));
    if (!country) ++summary_.without_country;
    Listing listing = ListingOf(row, source);
    const Parties::Added added = parties_.Add(name, aliases, country, std::move(listing), {summary_.file, row.line, 0});
    ++summary_.imported;
    if (!added.joined.empty()) ++summary_.joined;
    if (added.joined_base) {
      ++summary_.joined_base;
      Note(row.line,
           StrCat("joins the base catalog's party '", added.joined, "': the pack carries it with its listings"));
    }
    for (const std::string& note : added.notes) Note(row.line, note);
  }

  void Skip(int line, std::string reason) override {
    ++summary_.rows;
    Reject(line, std::move(reason));
  }

  void UnknownColumn(int line, std::string_view name) override {
    if (!unknown_columns_.insert(std::string(name)).second) return;
    summary_.unknown_columns.push_back(
        {{summary_.file, line, 0},
         StrCat("unknown column '", Printable(name), "': not a column of the CSL, left out")});
  }

  std::vector<Entity> Finish() && {
    std::stable_sort(
        summary_.lists.begin(), summary_.lists.end(),
        [&](const ScreeningListSource& a, const ScreeningListSource& b) { return order_[a.list] < order_[b.list]; });
    std::vector<Entity> entities = std::move(parties_).Finish();
    summary_.parties = entities.size();
    return entities;
  }

 private:
  void Reject(int line, std::string reason) {
    summary_.skipped.push_back({{summary_.file, line, 0}, Printable(reason)});
  }
  void Note(int line, std::string message) { summary_.notes.push_back({{summary_.file, line, 0}, Printable(message)}); }

  // The listing of a row: its list, dates, citation and what the list states.
  // A row without a start date (the OFAC lists give none) is counted per list; one whose start
  // date cannot be read is noted too.
  Listing ListingOf(const CslRow& row, const std::string& source) {
    const std::optional<Date> start = ListDate(Trim(row.start_date));
    const ListId id = ListIdOfSource(source);
    CountRow(id, source, !start);
    Listing listing;
    listing.list = id.id;
    std::string unknown_date;
    listing.interval.from = start.value_or(UnknownListingStart());
    if (!start) {
      ++summary_.unknown_start_dates;
      unknown_date = "; listed on an unknown date";
      if (!Trim(row.start_date).empty()) {
        const std::string text = Clean(row.start_date);
        StrAppend(&unknown_date, " (start_date '", text, "' unreadable)");
        Note(row.line, StrCat("start_date '", text, "' is not a date: listed from ", UnknownListingStart().ToString(),
                              ", an unknown date"));
      }
    }
    if (!Trim(row.end_date).empty()) {
      // The CSL's end_date is the last day listed; the interval is half-open.
      const std::optional<Date> end = ListDate(Trim(row.end_date));
      if (!end) {
        Note(row.line, StrCat("end_date '", Clean(row.end_date), "' is not a date: the listing is left open"));
      } else if (end->AddDays(1) <= listing.interval.from) {
        Note(row.line, StrCat("end_date ", end->ToString(), " is before start_date ", listing.interval.from.ToString(),
                              ": the listing is left open"));
      } else {
        listing.interval.until = end->AddDays(1);
      }
    }
    std::string citation = Clean(row.federal_register_notice);
    Cut(citation);
    StrAppend(&citation, citation.empty() ? "" : "; ", source);
    std::string url = Clean(row.source_list_url);
    if (!url.empty() && !Cut(url)) StrAppend(&citation, " (", url, ")");
    citation += unknown_date;
    listing.citation = std::move(citation);
    listing.entity_number = Stated(row.line, "entity_number", row.entity_number);
    listing.license_requirement = Stated(row.line, "license_requirement", row.license_requirement);
    listing.license_policy = Stated(row.line, "license_policy", row.license_policy);
    return listing;
  }

  std::string Stated(int line, std::string_view column, std::string_view text) {
    std::string clean = Clean(text);
    if (Cut(clean)) Note(line, StrCat("'", column, "' is longer than ", kMaxTextBytes, " bytes: cut"));
    return clean;
  }

  void CountRow(const ListId& id, const std::string& source, bool without_start_date) {
    auto it =
        std::find_if(summary_.lists.begin(), summary_.lists.end(), [&](const auto& s) { return s.list == id.id; });
    if (it == summary_.lists.end()) {
      order_[id.id] = id.order * 1000000 + static_cast<int>(summary_.lists.size());  // unknown ones as met
      if (!id.known) summary_.unknown_sources.push_back(source);
      it = summary_.lists.insert(it, {id.id, source, 0, 0, id.known});
    }
    ++it->rows;
    it->without_start_date += without_start_date;
  }

  ImportSummary& summary_;
  Parties parties_;
  std::set<std::string> unknown_columns_;
  absl::flat_hash_map<std::string, int> order_;
};

bool ValidPackId(std::string_view id) {
  return !id.empty() && std::all_of(id.begin(), id.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
  });
}

std::string BaseName(std::string_view path) {
  const size_t slash = path.rfind('/');
  return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

}  // namespace
}  // namespace internal

std::string_view ScreeningListFormatName(ScreeningListFormat format) {
  return format == ScreeningListFormat::kJson ? "json" : "csv";
}

absl::StatusOr<ScreeningListFormat> DetectScreeningListFormat(std::string_view text, std::string_view file_name) {
  if (text.substr(0, internal::kBom.size()) == internal::kBom) text.remove_prefix(internal::kBom.size());
  const std::string_view content = internal::Trim(text);
  if (content.empty()) return absl::InvalidArgumentError(internal::StrCat(file_name, ":1: the file is empty"));
  if (content[0] == '{' || content[0] == '[') return ScreeningListFormat::kJson;
  const size_t dot = file_name.rfind('.');
  const std::string_view extension = dot == std::string_view::npos ? "" : file_name.substr(dot);
  if (extension == ".json") return ScreeningListFormat::kJson;
  return ScreeningListFormat::kCsv;
}

Date UnknownListingStart() { return Date(1900, 1, 1); }

std::string ScreeningListNote::ToString() const {
  return internal::StrCat(location.file, ":", location.line, ": ", message);
}

absl::StatusOr<ScreeningListImport> ImportScreeningList(std::string_view text, std::string_view file_name,
                                                        const ScreeningListOptions& options) {
  using internal::StrCat;
  if (!internal::ValidPackId(options.pack_id))
    return absl::InvalidArgumentError(
        StrCat("pack id '", internal::Printable(options.pack_id), "' must be letters, digits, '-', '_' and '.'"));
  ScreeningListImport out;
  ImportSummary& summary = out.summary;
  summary.file = std::string(file_name);
  summary.bytes = text.size();
  summary.list_date = options.list_date;
  if (text.substr(0, internal::kBom.size()) == internal::kBom) text.remove_prefix(internal::kBom.size());
  if (options.format) {
    summary.format = *options.format;
  } else {
    absl::StatusOr<ScreeningListFormat> format = DetectScreeningListFormat(text, file_name);
    if (!format.ok()) return format.status();
    summary.format = *format;
  }
  internal::ListBuilder builder(options, summary);
  const absl::Status read = summary.format == ScreeningListFormat::kJson
                                ? internal::ReadCslJson(text, file_name, builder)
                                : internal::ReadCslCsv(text, file_name, builder);
  if (!read.ok()) return read;
  out.pack.entities = std::move(builder).Finish();

  PackInfo& info = out.pack.info;
  info.format = kRulePackFormat;
  info.id = options.pack_id;
  info.revision = options.list_date ? options.list_date->ToString() : "undated";
  info.description = StrCat("Consolidated Screening List '", internal::BaseName(file_name), "' (", info.revision, ", ",
                            summary.bytes, " bytes): ", summary.rows, " rows read, ", summary.imported, " imported, ",
                            summary.skipped.size(), " skipped");
  info.source = std::string(file_name);
  return out;
}

absl::StatusOr<ScreeningListImport> ImportScreeningListFile(const std::string& path,
                                                            const ScreeningListOptions& options) {
  using internal::StrCat;
  auto unreadable = [&](int error) {
    return absl::NotFoundError(StrCat("cannot read '", path, "': ", std::strerror(error)));
  };
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) return unreadable(errno);
  if (S_ISDIR(st.st_mode)) return unreadable(EISDIR);
  if (static_cast<uint64_t>(st.st_size) > internal::kMaxListBytes)
    return absl::InvalidArgumentError(StrCat(path, ": the file is ", st.st_size, " bytes, more than the limit of ",
                                             internal::kMaxListBytes, " (1 GiB)"));
  std::ifstream in(path, std::ios::binary);
  if (!in) return unreadable(errno);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) return unreadable(errno);
  ScreeningListOptions with_date = options;
  if (!with_date.list_date) {
    std::tm day{};
    const std::time_t modified = st.st_mtime;
    if (::gmtime_r(&modified, &day) != nullptr)
      with_date.list_date = Date(day.tm_year + 1900, day.tm_mon + 1, day.tm_mday);
  }
  return ImportScreeningList(buffer.str(), path, with_date);
}

}  // namespace exportctl
