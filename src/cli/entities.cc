// exportctl entities: the screened parties (listings, aliases, ownership edges) and where the list
// came from.
#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cli.h"
#include "json_tree.h"

namespace exportctl::cli {
namespace {

// The pack an entity or edge came from: the last pack with its file, since an overlay that
// replaces an entity by name brings its own location. -1 when no pack has the file.
int PackOf(const std::vector<PackInfo>& packs, const SourceLocation& where) {
  for (size_t i = packs.size(); i-- > 0;)
    if (packs[i].source == where.file) return static_cast<int>(i);
  return -1;
}

Json PackId(const std::vector<PackInfo>& packs, int pack) {
  return pack < 0 ? Json::Null() : Json::String(packs[pack].id);
}

Json OwnershipJson(const RuleSet& rules, std::optional<Date> date) {
  Json ownership = Json::Array();
  for (const OwnershipEdge& o : rules.ownership()) {
    if (date && !o.interval.Contains(*date)) continue;
    Json j = Json::Object();
    j.Set("owner", Json::String(o.owner));
    j.Set("owned", Json::String(o.owned));
    j.Set("percent", Json::Number(o.percent));
    // An edge without `from` holds from the earliest day: no start to print.
    j.Set("from", o.interval.from == Date::Earliest() ? Json::Null() : Json::String(o.interval.from.ToString()));
    j.Set("until", Json::StringOrNull(o.interval.until.ToString()));
    j.Set("citation", Json::StringOrNull(o.citation));
    j.Set("pack", PackId(rules.packs(), PackOf(rules.packs(), o.location)));
    ownership.Push(std::move(j));
  }
  return ownership;
}

Json EntitiesJson(const RuleSet& rules, std::optional<Date> date, std::optional<Date> as_of) {
  Json entities = Json::Array();
  for (const Entity& e : rules.entities()) {
    Json listings = Json::Array();
    bool any = false;
    for (const Listing& l : e.listings) {
      const Date announced = l.announced.value_or(l.interval.from);
      if (as_of && *as_of < announced) continue;  // not yet known on --as-of
      if (date && !l.interval.Contains(*date)) continue;
      any = true;
      Json j = Json::Object();
      j.Set("list", Json::String(l.list));
      j.Set("from", Json::String(l.interval.from.ToString()));
      j.Set("until", Json::StringOrNull(l.interval.until.ToString()));
      j.Set("announced", Json::String(announced.ToString()));
      j.Set("citation", Json::StringOrNull(l.citation));
      if (date) j.Set("in_force", Json::Bool(true));  // the others were left out
      listings.Push(std::move(j));
    }
    // An entity whose every listing was left out is not listed on --date (or not yet known on
    // --as-of). One that never had a listing is a party of the ownership graph: always shown.
    if (!any && !e.listings.empty()) continue;
    Json aliases = Json::Array();
    for (const std::string& alias : e.aliases) aliases.Push(Json::String(alias));
    Json j = Json::Object();
    j.Set("name", Json::String(e.name));
    j.Set("aliases", std::move(aliases));
    j.Set("country", e.country && e.country->valid() ? Json::String(e.country->ToString()) : Json::Null());
    j.Set("listings", std::move(listings));
    j.Set("pack", PackId(rules.packs(), PackOf(rules.packs(), e.location)));
    entities.Push(std::move(j));
  }
  return entities;
}

// Where the list came from: every pack that brings entities or edges, whatever the dates (the
// built-in list is a sample on any day), and what that means for a name it does not hold.
// LoadSetup applies the built-in packs first, then one pack per --rules. The embedded packs are
// named "rules/x.toml", like a file of that name: "builtin:" tells them apart.
Json SourceJson(const RuleSet& rules, const Common& common) {
  const std::vector<PackInfo>& packs = rules.packs();
  const size_t builtin_count =
      common.no_builtin ? 0 : packs.size() - std::min(packs.size(), common.rule_files.size());
  std::vector<bool> contributes(packs.size(), false);
  for (const Entity& e : rules.entities())
    if (const int p = PackOf(packs, e.location); p >= 0) contributes[p] = true;
  for (const OwnershipEdge& o : rules.ownership())
    if (const int p = PackOf(packs, o.location); p >= 0) contributes[p] = true;
  Json source_packs = Json::Array();
  bool builtin = false, any_pack = false;
  for (size_t i = 0; i < packs.size(); ++i) {
    if (!contributes[i]) continue;
    any_pack = true;
    std::string where = packs[i].source;
    if (i < builtin_count) {
      builtin = true;
      if (where.rfind("builtin:", 0) != 0) where = "builtin:" + where;
    }
    source_packs.Push(Json::Object()
                          .Set("id", Json::String(packs[i].id))
                          .Set("revision", Json::StringOrNull(packs[i].revision))
                          .Set("source", Json::String(where)));
  }
  std::string coverage;
  if (builtin) {
    coverage = "sample: the built-in Entity List holds a few entries of the real list (thousands); an unlisted "
               "name was not screened against the full list \xE2\x80\x94 see docs/coverage.md";
  } else if (any_pack) {
    coverage = "as given: only the entries of the packs above; an unlisted name was screened against them alone";
  } else {
    coverage = "none: no rule pack lists a party, so no name was screened";
  }
  Json source = Json::Object();
  source.Set("packs", std::move(source_packs));
  source.Set("coverage", Json::String(coverage));
  return source;
}

absl::StatusOr<int> RunEntities(const Common& common, const std::string& date_text) {
  absl::StatusOr<Setup> setup = LoadSetup(common);
  if (!setup.ok()) return setup.status();
  std::optional<Date> date;
  if (!date_text.empty()) {
    absl::StatusOr<Date> d = ParseDateOption("--date", date_text);
    if (!d.ok()) return d.status();
    date = *d;
  }
  const RuleSet& rules = *setup->rules;
  Json j = Json::Object();
  j.Set("source", SourceJson(rules, common));
  j.Set("entities", EntitiesJson(rules, date, setup->options.as_of));
  j.Set("ownership", OwnershipJson(rules, date));
  EXPORTCTL_CLI_RETURN_IF_ERROR(WriteStdout(j.Dump(common.pretty) + "\n"));
  return 0;
}

}  // namespace

Command AddEntities(CLI::App& app, Common& common) {
  auto date = std::make_shared<std::string>();
  CLI::App* entities = app.add_subcommand(
      "entities", "List the screened parties (listings, aliases, ownership edges) and where the list came from");
  AddCommonOptions(entities, common, kAsOf | kPretty);
  entities->add_option("--date", *date, "Only the listings and edges in force on this day")->type_name("D");
  return {entities, [&common, date] { return RunEntities(common, *date); }};
}

}  // namespace exportctl::cli
