// ScreeningListToToml (exportctl/screening_list.h): the imported pack as a rule pack file
// (docs/rule-packs.md), its summary in the header comment. Every string is a TOML basic string and
// every line stays well under the loader's 64 KiB: aliases go one per line.
#include "exportctl/screening_list.h"
#include "internal/strings.h"
#include "lists/rows.h"

namespace exportctl {

namespace {

using internal::StrAppend;
using internal::StrCat;

void AppendString(std::string& out, std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  for (char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (ch == '"' || ch == '\\') {
      out += '\\';
      out += ch;
    } else if (c < 0x20 || c == 0x7F) {
      StrAppend(&out, "\\u00", std::string_view(&kHex[c >> 4], 1), std::string_view(&kHex[c & 0xF], 1));
    } else {
      out += ch;
    }
  }
  out += '"';
}

void AppendKey(std::string& out, std::string_view key, std::string_view value) {
  if (value.empty()) return;
  StrAppend(&out, key, " = ");
  AppendString(out, value);
  out += '\n';
}

// At most this many notes go in the header; the summary counts them all.
constexpr size_t kMaxHeaderNotes = 1000;

void AppendComments(std::string& out, std::string_view title, const std::vector<ScreeningListNote>& notes) {
  if (notes.empty()) return;
  StrAppend(&out, "# ", title, ":\n");
  for (size_t i = 0; i < notes.size() && i < kMaxHeaderNotes; ++i)
    StrAppend(&out, "#   ", internal::Printable(notes[i].ToString()), "\n");
  if (notes.size() > kMaxHeaderNotes) StrAppend(&out, "#   ... and ", notes.size() - kMaxHeaderNotes, " more\n");
}

void AppendSummary(std::string& out, const ScreeningListImport& list) {
  const ImportSummary& s = list.summary;
  StrAppend(&out, "# A screening list imported by exportctl (docs/screening-lists.md): import the list again rather\n",
            "# than edit this file.\n", "#\n", "# file: ", internal::Printable(s.file), " (",
            ScreeningListFormatName(s.format), ", ", s.bytes, " bytes, ",
            s.list_date ? s.list_date->ToString() : "undated", ")\n", "# rows: ", s.rows, " read, ", s.imported,
            " imported, ", s.skipped.size(), " skipped; ", s.parties, " parties (", s.joined,
            " rows joined a party named before, ", s.joined_base, " of them a built-in one)\n");
  out += "# lists:";
  for (const ScreeningListSource& l : s.lists) {
    StrAppend(&out, " ", l.list, " ", l.rows, l.known ? "" : " (unknown source)");
    if (l.without_start_date > 0) StrAppend(&out, " (", l.without_start_date, " with no readable start_date)");
    if (&l != &s.lists.back()) out += ',';
  }
  out += '\n';
  if (s.unknown_start_dates > 0) {
    StrAppend(&out, "# ", s.unknown_start_dates, " rows give no readable start_date: listed from ",
              UnknownListingStart().ToString(), ", an unknown date (said in their citations)\n");
  }
  AppendComments(out, "skipped rows", s.skipped);
  AppendComments(out, "unknown columns", s.unknown_columns);
  AppendComments(out, "notes", s.notes);
}

// The pack's keys; a part after the first has an id and description of its own.
void AppendPackKeys(std::string& out, const PackInfo& info, size_t part, size_t parts) {
  out += "\nformat = 1\n";
  AppendKey(out, "id", part == 1 ? info.id : StrCat(info.id, ".", part));
  AppendKey(out, "revision", info.revision);
  AppendKey(out, "description",
            parts == 1 ? info.description : StrCat(info.description, " (part ", part, " of ", parts, ")"));
}

void AppendEntity(std::string& out, const Entity& e) {
  out += "\n[[entity]]\n";
  AppendKey(out, "name", e.name);
  if (!e.aliases.empty()) {
    out += "aliases = [\n";
    for (const std::string& alias : e.aliases) {
      out += "  ";
      AppendString(out, alias);
      out += ",\n";
    }
    out += "]\n";
  }
  if (e.country && e.country->valid()) StrAppend(&out, "country = \"", e.country->ToString(), "\"\n");
  for (const Listing& l : e.listings) {
    out += "\n[[entity.listing]]\n";
    AppendKey(out, "list", l.list);
    StrAppend(&out, "from = ", l.interval.from.ToString(), "\n");
    if (!l.interval.until.is_unbounded()) StrAppend(&out, "until = ", l.interval.until.ToString(), "\n");
    if (l.announced) StrAppend(&out, "announced = ", l.announced->ToString(), "\n");
    AppendKey(out, "citation", l.citation);
    AppendKey(out, "entity_number", l.entity_number);
    AppendKey(out, "license_requirement", l.license_requirement);
    AppendKey(out, "license_policy", l.license_policy);
  }
}

}  // namespace

std::vector<std::string> ScreeningListToToml(const ScreeningListImport& list, size_t max_bytes) {
  std::string summary;
  AppendSummary(summary, list);
  // Whole parties per part: where each part's parties end.
  std::vector<std::string> blocks;
  std::vector<size_t> ends;
  size_t size = summary.size() + 512;  // the header and the pack's keys
  for (const Entity& e : list.pack.entities) {
    std::string& block = blocks.emplace_back();
    AppendEntity(block, e);
    if (blocks.size() > 1 && size + block.size() > max_bytes) {
      ends.push_back(blocks.size() - 1);
      size = 1024;
    }
    size += block.size();
  }
  ends.push_back(blocks.size());
  std::vector<std::string> parts;
  for (size_t part = 0, begin = 0; part < ends.size(); begin = ends[part++]) {
    std::string& out = parts.emplace_back();
    if (part == 0) {
      out = summary;
    } else {
      StrAppend(&out, "# Part ", part + 1, " of ", ends.size(), " of a screening list imported by exportctl from ",
                internal::Printable(list.summary.file), ": the summary is in part 1.\n");
    }
    AppendPackKeys(out, list.pack.info, part + 1, ends.size());
    for (size_t i = begin; i < ends[part]; ++i) out += blocks[i];
  }
  return parts;
}

}  // namespace exportctl
