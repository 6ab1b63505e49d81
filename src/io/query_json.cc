// The JSON of the queries (exportctl/json.h): classify, timeline, headroom, chips, rules and
// entities, as the exportctl command, the C API and Python all print them (docs/json.md). One
// writer (json_tree.h) makes the compact and the indented form.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "exportctl/json.h"
#include "io/json_tree.h"

namespace exportctl {
namespace {

using internal::Json;
using internal::Round;
using internal::SpecsJson;
using internal::Strings;

Json ChipJson(const CatalogChip& c) {
  const Known<Tpp> tpp = c.chip.tpp();
  const Known<PerformanceDensity> pd = c.chip.performance_density();
  Json j = Json::Object();
  j.Set("model", Json::String(c.chip.model));
  j.Set("vendor", Json::String(c.chip.vendor));
  j.Set("origin", c.chip.origin.valid() ? Json::String(c.chip.origin.ToString()) : Json::Null());
  j.Set("datacenter", c.chip.datacenter ? Json::Bool(*c.chip.datacenter) : Json::Null());
  j.Set("tpp", tpp.value ? Json::Number(tpp.value->value()) : Json::Null());
  j.Set("performance_density", pd.value ? Json::Number(Round(pd.value->value(), 1000)) : Json::Null());
  j.Set("aliases", Strings(c.aliases));
  if (c.modeled) j.Set("modeled", Json::Bool(true));
  return j;
}

Json RuleJson(const Rule& r) {
  Json j = Json::Object();
  j.Set("id", Json::String(r.id));
  j.Set("jurisdiction", Json::String(r.jurisdiction.ToString()));
  j.Set("effect", Json::String(EffectKindName(r.outcome.effect)));
  j.Set("legal_force", Json::String(LegalForceName(r.legal_force)));
  j.Set("from", Json::String(r.effective.from.ToString()));
  j.Set("until", Json::StringOrNull(r.effective.until.ToString()));
  j.Set("announced", Json::String(r.announced.ToString()));
  j.Set("citations", Strings(r.citations));
  if (r.modeled) j.Set("modeled", Json::Bool(true));
  return j;
}

Json SegmentJson(const TimelineSegment& s) {
  const Decision& d = s.decision;
  Json j = Json::Object();
  j.Set("from", Json::String(s.interval.from.ToString()));
  j.Set("until", Json::String(s.interval.until.ToString()));
  j.Set("verdict", Json::String(VerdictName(d.verdict)));
  // The review policy and exception of the first jurisdiction that reports one.
  for (const JurisdictionDecision& jd : d.jurisdictions) {
    if (jd.review_policy) {
      j.Set("review_policy", Json::String(ReviewPolicyName(*jd.review_policy)));
      break;
    }
  }
  for (const JurisdictionDecision& jd : d.jurisdictions) {
    if (!jd.license_exception.empty()) {
      j.Set("license_exception", Json::String(jd.license_exception));
      break;
    }
  }
  Json jurisdictions = Json::Object();
  for (const JurisdictionDecision& jd : d.jurisdictions) {
    Json x = Json::Object();
    x.Set("verdict", Json::String(VerdictName(jd.verdict)));
    if (jd.review_policy) x.Set("review_policy", Json::String(ReviewPolicyName(*jd.review_policy)));
    if (!jd.license_exception.empty()) x.Set("license_exception", Json::String(jd.license_exception));
    if (!jd.classification.empty()) x.Set("classification", Json::String(jd.classification));
    if (!jd.advisories.empty()) {
      Json a = Json::Array();
      for (const Advisory& adv : jd.advisories)
        a.Push(Json::String(std::string(adv.rule) + ": " + std::string(adv.text)));
      x.Set("advisories", std::move(a));
    }
    jurisdictions.Set(jd.jurisdiction.ToString(), std::move(x));
  }
  j.Set("jurisdictions", std::move(jurisdictions));
  if (!d.conditions.empty()) {
    Json c = Json::Array();
    for (const ConditionOut& cond : d.conditions) {
      Json x = Json::Object();
      x.Set("kind", Json::String(ConditionKindName(cond.kind)));
      x.Set("jurisdiction", Json::String(cond.jurisdiction.ToString()));
      x.Set("rule", Json::String(cond.rule));
      if (cond.percent) x.Set("percent", Json::Number(*cond.percent));
      c.Push(std::move(x));
    }
    j.Set("conditions", std::move(c));
  }
  if (!d.missing.empty()) j.Set("missing", SpecsJson(d.missing));
  Json rules = Json::Array();
  for (std::string_view r : s.rules) rules.Push(Json::String(r));
  j.Set("rules", std::move(rules));
  return j;
}

Json TimelineTree(std::string_view item, absl::Span<const TimelineLane> lanes) {
  auto segments_json = [](const TimelineLane& lane) {
    Json a = Json::Array();
    for (const TimelineSegment& s : lane.segments) a.Push(SegmentJson(s));
    return a;
  };
  Json j = Json::Object();
  j.Set("item", Json::String(item));
  if (lanes.size() == 1) {
    j.Set("destination", Json::String(lanes[0].destination.ToString()));
    j.Set("segments", segments_json(lanes[0]));
  } else {
    Json a = Json::Array();
    for (const TimelineLane& lane : lanes) {
      a.Push(Json::Object()
                 .Set("destination", Json::String(lane.destination.ToString()))
                 .Set("segments", segments_json(lane)));
    }
    j.Set("lanes", std::move(a));
  }
  return j;
}

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
      // What a screening list states, when it states it (docs/screening-lists.md).
      if (!l.entity_number.empty()) j.Set("entity_number", Json::String(l.entity_number));
      if (!l.license_requirement.empty()) j.Set("license_requirement", Json::String(l.license_requirement));
      if (!l.license_policy.empty()) j.Set("license_policy", Json::String(l.license_policy));
      if (date) j.Set("in_force", Json::Bool(true));  // the others were left out
      listings.Push(std::move(j));
    }
    // An entity whose every listing was left out is not listed on --date (or not yet known on
    // --as-of). One that never had a listing is a party of the ownership graph: always shown.
    if (!any && !e.listings.empty()) continue;
    Json j = Json::Object();
    j.Set("name", Json::String(e.name));
    j.Set("aliases", Strings(e.aliases));
    j.Set("country", e.country && e.country->valid() ? Json::String(e.country->ToString()) : Json::Null());
    j.Set("listings", std::move(listings));
    j.Set("pack", PackId(rules.packs(), PackOf(rules.packs(), e.location)));
    entities.Push(std::move(j));
  }
  return entities;
}

// A pack imported from a screening list (ImportScreeningList, exportctl/screening_list.h): its
// description names the list's file, date and size, and starts with these words.
bool IsImportedList(const PackInfo& pack) { return pack.description.rfind("Consolidated Screening List ", 0) == 0; }

// Where the list came from: every pack that brings entities or edges, whatever the dates (the
// built-in list is a sample on any day), and what that means for a name it does not hold.
// The first `builtin_count` packs are the built-in ones. The embedded packs are named
// "rules/x.toml", like a file of that name: "builtin:" tells them apart. An imported screening
// list shows its description: the list's file, date and size.
Json SourceJson(const RuleSet& rules, size_t builtin_count) {
  const std::vector<PackInfo>& packs = rules.packs();
  std::vector<bool> contributes(packs.size(), false);
  for (const Entity& e : rules.entities())
    if (const int p = PackOf(packs, e.location); p >= 0) contributes[p] = true;
  for (const OwnershipEdge& o : rules.ownership())
    if (const int p = PackOf(packs, o.location); p >= 0) contributes[p] = true;
  Json source_packs = Json::Array();
  bool builtin = false, any_pack = false, imported = false;
  for (size_t i = 0; i < packs.size(); ++i) {
    if (!contributes[i]) continue;
    any_pack = true;
    std::string where = packs[i].source;
    if (i < builtin_count) {
      builtin = true;
      if (where.rfind("builtin:", 0) != 0) where = "builtin:" + where;
    }
    Json pack = Json::Object()
                    .Set("id", Json::String(packs[i].id))
                    .Set("revision", Json::StringOrNull(packs[i].revision))
                    .Set("source", Json::String(where));
    if (i >= builtin_count && IsImportedList(packs[i])) {
      imported = true;
      pack.Set("description", Json::String(packs[i].description));
    }
    source_packs.Push(std::move(pack));
  }
  std::string coverage;
  if (imported) {
    coverage = std::string("imported: the parties of the screening lists above") +
               (builtin ? " and the built-in sample" : "") +
               ", matched by exact name or alias (case, punctuation and legal suffixes ignored); a name that "
               "matches none is not a clearance \xE2\x80\x94 see docs/screening-lists.md";
  } else if (builtin) {
    coverage =
        "sample: the built-in Entity List holds a few entries of the real list (thousands); an unlisted "
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

}  // namespace

std::string ClassificationToJson(std::string_view item, Date date, const ClassifyResult& result,
                                 const JsonOptions& options) {
  Json j = Json::Object();
  j.Set("item", Json::String(item));
  j.Set("date", Json::String(date.ToString()));
  j.Set("classification", Json::Object().Set("US", Json::String(result.classification)));
  j.Set("rule", Json::StringOrNull(result.rule));
  if (!result.missing.empty()) j.Set("missing", SpecsJson(result.missing));
  return j.Dump(options.pretty);
}

std::string TimelineToJson(std::string_view item, absl::Span<const TimelineLane> lanes, const JsonOptions& options) {
  return TimelineTree(item, lanes).Dump(options.pretty);
}

std::string HeadroomToJson(Country destination, Date date, bool datacenter, std::optional<double> die_area_mm2,
                           const Headroom& h, const JsonOptions& options) {
  Json j = Json::Object();
  j.Set("destination", Json::String(destination.ToString()));
  j.Set("date", Json::String(date.ToString()));
  j.Set("datacenter", Json::Bool(datacenter));
  j.Set("die_area_mm2", die_area_mm2 ? Json::Number(*die_area_mm2) : Json::Null());
  j.Set("tpp_below", h.tpp_below ? Json::Number(h.tpp_below->value()) : Json::Null());
  if (h.pd_below) j.Set("pd_below", Json::Number(Round(h.pd_below->value(), 1000)));
  j.Set("rule", Json::StringOrNull(h.rule));
  return j.Dump(options.pretty);
}

std::string ChipsToJson(const RuleSet& rules, const JsonOptions& options) {
  Json a = Json::Array();
  for (const CatalogChip& c : rules.chips()) a.Push(ChipJson(c));
  return a.Dump(options.pretty);
}

std::string RulesToJson(absl::Span<const Rule* const> rules, const JsonOptions& options) {
  Json a = Json::Array();
  for (const Rule* r : rules) a.Push(RuleJson(*r));
  return a.Dump(options.pretty);
}

std::string EntitiesToJson(const RuleSet& rules, const EntitiesQuery& query, const JsonOptions& options) {
  Json j = Json::Object();
  j.Set("source", SourceJson(rules, query.builtin_packs));
  j.Set("entities", EntitiesJson(rules, query.date, query.as_of));
  j.Set("ownership", OwnershipJson(rules, query.date));
  return j.Dump(options.pretty);
}

}  // namespace exportctl
