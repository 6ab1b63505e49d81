// Screening lists: the US Consolidated Screening List (CSL) imported as a pack of entities.
//
// The CSL (trade.gov) merges the Entity List, the Military End-User, Unverified and Denied Persons
// Lists, OFAC's SDN and non-SDN lists and the State Department's lists into one download, as JSON
// (`{"results": [...]}`) or CSV (a header row, multi-valued cells separated by ';'). The import
// turns each row into a listing of an entity: the list id of docs/screening-lists.md ("sdn",
// "meu", ...), the start and end dates, the Federal Register citation. Rows that cannot be read
// are skipped and reported, "file:line: reason", and the import goes on; a file that is not a CSL
// at all is an error. No exception crosses this header.
//
//   absl::StatusOr<ScreeningListImport> list = ImportScreeningListFile("consolidated.json",
//       {.base = (*BuiltinRuleSet())->entities()});
//   absl::StatusOr<std::shared_ptr<const RuleSet>> rules = BuiltinRuleSet({list->pack});
//   std::vector<std::string> toml = ScreeningListToToml(*list);  // packs --rules loads (one, mostly)
#ifndef EXPORTCTL_SCREENING_LIST_H_
#define EXPORTCTL_SCREENING_LIST_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "exportctl/catalog.h"
#include "exportctl/date.h"
#include "exportctl/rule_pack.h"

namespace exportctl {

enum class ScreeningListFormat { kJson, kCsv };
std::string_view ScreeningListFormatName(ScreeningListFormat format);  // "json", "csv"

// The format of a download: JSON when its first character (after a byte-order mark and white
// space) opens an object or array, CSV otherwise; an empty file is an error. `file_name` decides
// only when the content does not (".json", ".csv").
absl::StatusOr<ScreeningListFormat> DetectScreeningListFormat(std::string_view text, std::string_view file_name);

// The listing start of a row without a readable start_date: a conservative "listed on an unknown
// date", so that the row is never dropped (docs/screening-lists.md). Its citation says so.
Date UnknownListingStart();  // 1900-01-01

// Something said about one row or column, at "file:line".
struct ScreeningListNote {
  SourceLocation location;  // file and line; column 0
  std::string message;
  std::string ToString() const;  // "file:line: message"
};

// How many rows of one list were imported: the list id, the source as the file names it, and
// whether the id is in the importer's table (an unknown source gets an id derived from its
// abbreviation and is reported).
struct ScreeningListSource {
  std::string list;    // "entity_list", "sdn", ...
  std::string source;  // "Entity List (EL) - Bureau of Industry and Security" (the first seen)
  size_t rows = 0;
  size_t without_start_date = 0;  // of `rows`: listed from UnknownListingStart() (OFAC's lists give none)
  bool known = true;
};

struct ImportSummary {
  std::string file;
  ScreeningListFormat format = ScreeningListFormat::kJson;
  uint64_t bytes = 0;
  std::optional<Date> list_date;                   // the list's date, when given (the file's modification day)
  size_t rows = 0;                                 // data rows read (the CSV header is not a row)
  size_t imported = 0;                             // rows that became a listing
  size_t parties = 0;                              // entities in the pack
  size_t joined = 0;                               // rows that joined a party named earlier (same name or alias)
  size_t joined_base = 0;                          // ... of which a party of the base catalog
  size_t unknown_start_dates = 0;                  // rows listed from UnknownListingStart(): none given, or unreadable
  size_t without_country = 0;                      // rows whose first address gives no known ISO country
  std::vector<ScreeningListNote> skipped;          // each skipped row and why
  std::vector<ScreeningListNote> notes;            // rows imported with a repair (an unreadable date), aliases left out
  std::vector<ScreeningListSource> lists;          // per list id, in the order of the importer's table
  std::vector<ScreeningListNote> unknown_columns;  // each unknown column or field, where first seen
  std::vector<std::string> unknown_sources;        // sources not in the table, as written
};

// The imported pack: entities only, with id, revision (the list's date, or "undated") and a
// description naming the file, its date and size. PackInfo::source is the file name.
struct ScreeningListImport {
  RulePack pack;
  ImportSummary summary;
};

struct ScreeningListOptions {
  std::optional<ScreeningListFormat> format;  // unset: DetectScreeningListFormat
  std::string pack_id = "csl";
  std::optional<Date> list_date;  // the file variant takes the file's modification day when unset
  // The entities of the catalog the pack will be loaded over (e.g. BuiltinRuleSet()->entities()).
  // A party that shares a name or alias with one of them joins it: the pack then carries that
  // entity with its aliases and listings and the list's, and replaces it when compiled.
  absl::Span<const Entity> base;
};

// Imports a CSL download. kInvalidArgument "file:line: message" when the text is not a CSL (not
// JSON of that shape, or a CSV without a header naming 'source' and 'name').
absl::StatusOr<ScreeningListImport> ImportScreeningList(std::string_view text, std::string_view file_name,
                                                        const ScreeningListOptions& options = {});
// The same for a file; kNotFound "cannot read 'path': reason" when it cannot be read.
absl::StatusOr<ScreeningListImport> ImportScreeningListFile(const std::string& path,
                                                            const ScreeningListOptions& options = {});

// A rule pack is at most 8 MiB (docs/errors.md); ScreeningListToToml's parts stay under this.
inline constexpr size_t kScreeningListPackBytes = 8000000;

// The pack as TOML (docs/rule-packs.md): a header comment with the summary, then one [[entity]]
// with its [[entity.listing]]s per party; LoadRulePack reads it back to the same entities. A list
// whose pack would be larger than `max_bytes` is cut into several packs of whole parties, with
// ids "csl", "csl.2", ... (the description says "part 2 of 3"): give them all to --rules. A party
// larger than `max_bytes` on its own makes a part of its own, which the loader refuses.
std::vector<std::string> ScreeningListToToml(const ScreeningListImport& list,
                                             size_t max_bytes = kScreeningListPackBytes);

}  // namespace exportctl

#endif  // EXPORTCTL_SCREENING_LIST_H_
