// The loader's catalog sections: jurisdictions, groups, parameters, chips, entities and ownership.
#include <algorithm>
#include <set>

#include "internal/strings.h"
#include "packs/loader.h"

namespace exportctl::internal {

JurisdictionSpec Loader::LoadJurisdiction(const toml::table& t, const std::string& path) {
  constexpr std::string_view where = "in [[jurisdiction]]";
  JurisdictionSpec j = Begin<JurisdictionSpec>(
      t, path, where,
      {"code", "name", "scope", "report_out_of_scope", "out_of_scope_note", "treat_as", "classifications"});
  j.code = CountryOf(Required(t, "code", where), "code");
  j.name = OptString(t, "name").value_or("");
  j.scope = OptPredicate(t, "scope");
  j.report_out_of_scope = OptBool(t, "report_out_of_scope").value_or(false);
  j.out_of_scope_note = OptString(t, "out_of_scope_note").value_or("");
  if (const toml::node* node = t.get("treat_as")) {
    for (auto&& [key, value] : Table(*node, "treat_as")) {
      Country from = CountryAt(key.source().begin, key.str());
      j.treat_as.emplace_back(from, CountryOf(value, key.str()));
    }
  }
  j.classifications = StringList(t, "classifications", /*unique=*/true);
  return j;
}

CountryGroup Loader::LoadGroup(const toml::table& t, const std::string& path) {
  constexpr std::string_view where = "in [[group]]";
  CountryGroup g = Begin<CountryGroup>(
      t, path, where, {"id", "description", "citation", "modeled", "members", "from", "until", "member"});
  g.id = NonEmptyString(Required(t, "id", where), "id");
  g.description = OptString(t, "description").value_or("");
  g.citation = OptString(t, "citation").value_or("");
  g.modeled = OptBool(t, "modeled").value_or(false);
  const DateInterval life = Interval(t, where, /*from_required=*/false);
  // The group's own interval is not kept in the pack (its members carry it): checked here.
  if (life.until < life.from)
    Fail(*t.get("until"), StrCat("'until' ", life.until.ToString(), " is before 'from' ", life.from.ToString()));
  if (const toml::node* members = t.get("members")) {
    std::set<Country> seen;
    for (auto& [code, element] : Strings(*members, "members")) {
      Country c = CountryAt(element->source().begin, code);
      if (!seen.insert(c).second) Fail(*element, StrCat("duplicate member '", code, "' in 'members'"));
      g.members.push_back(GroupMember{c, life});
    }
  }
  for (const toml::table* m : Tables(t, "member")) {
    constexpr std::string_view member_where = "in [[group.member]]";
    Enter(*m, StrCat(path, ".member[", g.members.size(), "]"), member_where, {"country", "from", "until"});
    Country c = CountryOf(Required(*m, "country", member_where), "country");
    g.members.push_back(GroupMember{c, Interval(*m, member_where, /*from_required=*/false, life)});
  }
  return g;
}

ParameterSeries Loader::LoadParameter(const toml::table& t, const std::string& path) {
  constexpr std::string_view where = "in [[parameter]]";
  ParameterSeries p = Begin<ParameterSeries>(t, path, where, {"id", "unit", "value"});
  p.id = Id(Required(t, "id", where), "id");
  p.unit = OptString(t, "unit").value_or("");
  std::vector<std::pair<ParameterValue, const toml::table*>> values;
  for (const toml::table* v : Tables(t, "value")) {
    constexpr std::string_view value_where = "in [[parameter.value]]";
    CheckKeys(*v, {"from", "value", "citation", "announced", "modeled"}, value_where);
    ParameterValue value;
    value.from = ReqDate(*v, "from", value_where);
    value.value = Number(Required(*v, "value", value_where), "value");
    value.citation = ReqString(*v, "citation", value_where);
    value.announced = OptDate(*v, "announced");
    value.modeled = OptBool(*v, "modeled").value_or(false);
    values.emplace_back(std::move(value), v);
  }
  std::stable_sort(values.begin(), values.end(),
                   [](const auto& a, const auto& b) { return a.first.from < b.first.from; });
  for (auto& [value, table] : values) {
    Record(*table, StrCat(path, ".value[", p.values.size(), "]"));
    p.values.push_back(std::move(value));
  }
  return p;
}

CatalogChip Loader::LoadChip(const toml::table& t, const std::string& path) {
  constexpr std::string_view where = "in [[chip]]";
  CatalogChip c =
      Begin<CatalogChip>(t, path, where,
                         {"model", "aliases", "vendor", "origin", "datacenter", "dense_tops", "tpp", "die_area_mm2",
                          "interconnect_gbps", "memory_bandwidth_gbps", "memory_gb", "tdp_w", "source", "modeled"});
  c.chip.model = ReqString(t, "model", where);
  c.aliases = StringList(t, "aliases", /*unique=*/false);  // uniqueness: the validator's, as matched
  c.chip.vendor = OptString(t, "vendor").value_or("");
  c.chip.origin = CountryOf(Required(t, "origin", where), "origin");
  c.chip.datacenter = OptBool(t, "datacenter");  // unset: unknown, never a silent "consumer"
  if (const toml::node* node = t.get("dense_tops")) {
    const toml::table& tops = Table(*node, "dense_tops");
    if (tops.empty()) Fail(*node, "'dense_tops' must not be empty");
    for (auto&& [key, value] : tops) {
      Precision precision = ParsedAt(key.source().begin, ParsePrecision(key.str()));
      c.chip.tops(precision) = Tops{NonNegative(value, key.str())};
    }
  }
  if (const toml::node* node = t.get("tpp")) {
    if (t.get("dense_tops") != nullptr) Fail(*node, "give either 'tpp' or 'dense_tops', not both");
    c.chip.tpp_direct = Tpp{NonNegative(*node, "tpp")};
  }
  if (const toml::node* node = t.get("die_area_mm2"))
    c.chip.die_area_mm2 = SquareMillimeters{Positive(*node, "die_area_mm2")};
  if (const toml::node* node = t.get("interconnect_gbps"))
    c.chip.interconnect_gbps = GigabytesPerSecond{NonNegative(*node, "interconnect_gbps")};
  if (const toml::node* node = t.get("memory_bandwidth_gbps"))
    c.chip.memory_bandwidth_gbps = GigabytesPerSecond{NonNegative(*node, "memory_bandwidth_gbps")};
  if (const toml::node* node = t.get("memory_gb")) c.chip.memory_gb = Gigabytes{NonNegative(*node, "memory_gb")};
  if (const toml::node* node = t.get("tdp_w")) c.chip.tdp_w = Watts{Positive(*node, "tdp_w")};
  c.source = OptString(t, "source").value_or("");
  c.modeled = OptBool(t, "modeled").value_or(false);
  return c;
}

Entity Loader::LoadEntity(const toml::table& t, const std::string& path) {
  constexpr std::string_view where = "in [[entity]]";
  Entity e = Begin<Entity>(t, path, where, {"name", "aliases", "country", "listing"});
  e.name = ReqString(t, "name", where);
  e.aliases = StringList(t, "aliases", /*unique=*/false);  // uniqueness: the validator's, as matched
  if (const toml::node* node = t.get("country")) e.country = CountryOf(*node, "country");
  for (const toml::table* l : Tables(t, "listing")) {
    constexpr std::string_view listing_where = "in [[entity.listing]]";
    Enter(*l, StrCat(path, ".listing[", e.listings.size(), "]"), listing_where,
          {"list", "from", "until", "announced", "citation", "entity_number", "license_requirement", "license_policy"});
    Listing listing;
    listing.list = OptNonEmptyString(*l, "list").value_or("entity_list");
    listing.interval = Interval(*l, listing_where, /*from_required=*/true);
    listing.announced = OptDate(*l, "announced");
    listing.citation = OptString(*l, "citation").value_or("");
    // What a screening list states (docs/screening-lists.md): absent when it states nothing.
    listing.entity_number = OptNonEmptyString(*l, "entity_number").value_or("");
    listing.license_requirement = OptNonEmptyString(*l, "license_requirement").value_or("");
    listing.license_policy = OptNonEmptyString(*l, "license_policy").value_or("");
    e.listings.push_back(std::move(listing));
  }
  return e;
}

OwnershipEdge Loader::LoadOwnership(const toml::table& t, const std::string& path) {
  constexpr std::string_view where = "in [[ownership]]";
  OwnershipEdge o = Begin<OwnershipEdge>(t, path, where, {"owner", "owned", "percent", "from", "until", "citation"});
  o.owner = ReqString(t, "owner", where);
  o.owned = ReqString(t, "owned", where);
  o.percent = Number(Required(t, "percent", where), "percent");
  o.interval = Interval(t, where, /*from_required=*/false);
  o.citation = OptString(t, "citation").value_or("");
  return o;
}

}  // namespace exportctl::internal
