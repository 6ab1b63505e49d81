// exportctl entities: the screened parties (listings, aliases, ownership edges) and where the list
// came from.
#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cli.h"

namespace exportctl::cli {
namespace {

absl::StatusOr<int> RunEntities(const Common& common, const std::string& date_text) {
  absl::StatusOr<Setup> setup = LoadSetup(common);
  if (!setup.ok()) return setup.status();
  std::optional<Date> date;
  if (!date_text.empty()) {
    absl::StatusOr<Date> d = ParseDateOption("--date", date_text);
    if (!d.ok()) return d.status();
    date = *d;
  }
  // LoadSetup applies the built-in packs first, then one pack per --screening-list and --rules.
  const size_t packs = setup->rules->packs().size();
  const size_t builtin_packs = common.no_builtin ? 0 : packs - std::min(packs, setup->packs.size());
  const std::string out =
      EntitiesToJson(*setup->rules, {.date = date, .as_of = setup->options.as_of, .builtin_packs = builtin_packs},
                     {.pretty = common.pretty});
  return Print(out + "\n");
}

}  // namespace

Command AddEntities(CLI::App& app, Common& common) {
  auto date = std::make_shared<std::string>();
  CLI::App* entities = AddCommand(
      app, common, "entities",
      "List the screened parties (listings, aliases, ownership edges) and where the list came from", kAsOf | kPretty);
  entities->add_option("--date", *date, "Only the listings and edges in force on this day")->type_name("D");
  return {entities, [&common, date] { return RunEntities(common, *date); }};
}

}  // namespace exportctl::cli
