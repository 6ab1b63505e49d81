// Fuzzes the screening-list importer: every input is read as the CSL's JSON download and as its
// CSV download, over the built-in catalog's entities. Invariants: an error is kInvalidArgument,
// one line, "fuzz.json:LINE: ..." (or fuzz.csv); every skipped row, note and unknown column names
// its file and line on one line; the counts add up; the pack's TOML reads back to the same
// parties and compiles over the built-in catalog's entities (the joins keep every name to one
// party). Over the entities alone, not the whole catalog: parsing and compiling the built-in rules
// for every input would leave a tenth of the executions.
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "exportctl/exportctl.h"
#include "fuzz_support.h"

namespace {

using exportctl::fuzz::Broken;

std::string_view View(const absl::Status& status) { return {status.message().data(), status.message().size()}; }

// "FILE:LINE: message" on one line.
void CheckPlace(std::string_view text, std::string_view file) {
  if (text.find('\n') != std::string_view::npos || text.find('\r') != std::string_view::npos)
    Broken("message spans lines:", text);
  if (text.substr(0, file.size() + 1) != std::string(file) + ":") Broken("message does not name the file:", text);
  size_t i = file.size() + 1;
  const size_t digits = i;
  while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i;
  if (i == digits || text.substr(i, 2) != ": ") Broken("message has no line:", text);
}

void CheckImport(std::string_view text, exportctl::ScreeningListFormat format, std::string_view file) {
  using namespace exportctl;
  absl::StatusOr<ScreeningListImport> list =
      ImportScreeningList(text, file, {.format = format, .base = fuzz::Builtin().entities()});
  if (!list.ok()) {
    if (list.status().code() != absl::StatusCode::kInvalidArgument)
      Broken("error is not kInvalidArgument:", View(list.status()));
    CheckPlace(View(list.status()), file);
    return;
  }
  const ImportSummary& s = list->summary;
  for (const auto* notes : {&s.skipped, &s.notes, &s.unknown_columns})
    for (const ScreeningListNote& n : *notes) CheckPlace(n.ToString(), file);
  if (s.rows != s.imported + s.skipped.size()) Broken("rows != imported + skipped");
  if (s.parties != list->pack.entities.size()) Broken("parties != entities");
  size_t listed = 0;
  for (const ScreeningListSource& l : s.lists) listed += l.rows;
  if (listed != s.imported) Broken("the lists' rows do not add up to the imported rows");
  if (list->pack.entities.empty()) return;

  static const RulePack base = [] {
    RulePack pack;
    pack.info.id = "builtin-entities";
    pack.entities.assign(fuzz::Builtin().entities().begin(), fuzz::Builtin().entities().end());
    return pack;
  }();
  std::vector<RulePack> parts = {base};
  size_t entities = 0;
  for (const std::string& toml : ScreeningListToToml(*list)) {
    absl::StatusOr<RulePack> part = LoadRulePack(toml, "fuzz.toml");
    if (!part.ok()) Broken("the TOML pack does not load:", View(part.status()));
    entities += part->entities.size();
    parts.push_back(*std::move(part));
  }
  if (entities != list->pack.entities.size()) Broken("the TOML pack has other parties");
  absl::StatusOr<std::shared_ptr<const RuleSet>> rules = Compile(parts);
  if (!rules.ok()) Broken("the pack does not compile over the built-in entities:", View(rules.status()));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  CheckImport(text, exportctl::ScreeningListFormat::kJson, "fuzz.json");
  CheckImport(text, exportctl::ScreeningListFormat::kCsv, "fuzz.csv");
  return 0;
}
