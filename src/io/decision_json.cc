// The decision as contract JSON (docs/json.md): DecisionToJson, compact or pretty, and
// AppendDecisionJson, batch's compact line. One function template writes it, a function a
// section; the style (json_write.h) decides the whitespace, so the two forms cannot differ in
// anything but whitespace. The compact instantiation is batch's hot path: its punctuation is
// constant at each call site and written inline.
#include <cmath>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/types/span.h"
#include "compile/compiled.h"
#include "exportctl/json.h"
#include "io/json_write.h"

namespace exportctl {
namespace {

using internal::CompactStyle;
using internal::JsonWriter;
using internal::PrettyStyle;

double RoundTo(double v, double scale) { return std::round(v * scale) / scale; }

// An array of `items`, each written by write_one(item).
template <class Style, class Items, class WriteOne>
void WriteArray(JsonWriter<Style>& w, const Items& items, WriteOne write_one) {
  w.BeginArray();
  bool first = true;
  for (const auto& item : items) {
    w.Element(first);
    write_one(item);
  }
  w.EndArray(first);
}

// An array of objects, one per item, whose members write_members(item) writes.
template <class Style, class Items, class WriteMembers>
void WriteObjects(JsonWriter<Style>& w, const Items& items, WriteMembers write_members) {
  WriteArray(w, items, [&](const auto& item) {
    w.BeginObject();
    write_members(item);
    w.EndObject();
  });
}

// The names of `specs` as an array.
template <class Style>
void WriteSpecs(JsonWriter<Style>& w, SpecSet specs) {
  w.BeginArray();
  bool first = true;
  specs.ForEachName([&](std::string_view name) {
    w.Element(first);
    w.Name(name);
  });
  w.EndArray(first);
}

// "item": the chip as the sale gave it, with the metrics the decision computed and what the
// chip lacks to compute them.
template <class Style>
void WriteItem(JsonWriter<Style>& w, const Decision& d, const Chip& item) {
  w.Key("item").BeginObject();
  w.FirstKey("model").String(item.model);
  if (!item.vendor.empty()) w.Key("vendor").String(item.vendor);
  if (item.origin.valid()) w.Key("origin").Code(item.origin);
  w.Key("tpp");
  if (d.tpp) w.Number(d.tpp->value());
  else w.Null();
  w.Key("performance_density");
  if (d.performance_density) w.Number(RoundTo(d.performance_density->value(), 1000));
  else w.Null();
  // A density computed from the chip means it lacks nothing for either metric: no need to ask it.
  if (!d.performance_density) {
    const Known<Tpp> tpp = item.tpp();
    const SpecSet missing = tpp.missing | item.performance_density(tpp).missing;
    if (!missing.empty()) WriteSpecs(w.Key("missing"), missing);
  }
  w.EndObject();
}

// "classification": the class each jurisdiction that classifies gave the chip.
template <class Style>
void WriteClassification(JsonWriter<Style>& w, absl::Span<const JurisdictionDecision> jurisdictions) {
  w.Key("classification").BeginObject();
  bool first = true;
  for (const JurisdictionDecision& j : jurisdictions) {
    if (j.classification.empty()) continue;
    w.Key(j.jurisdiction, first).String(j.classification);
  }
  w.EndObject(first);
}

// One jurisdiction's answer. A jurisdiction that classifies chips always states its license
// exception and whether the sale is licensed; the others only when there is something to say.
template <class Style>
void WriteJurisdiction(JsonWriter<Style>& w, const JurisdictionDecision& j, const RuleSet& rules) {
  bool classifies = !j.classification.empty();
  for (const JurisdictionSpec& spec : rules.jurisdictions())
    if (spec.code == j.jurisdiction && !spec.classifications.empty()) classifies = true;
  w.BeginObject();
  w.FirstKey("verdict").Name(VerdictName(j.verdict));
  if (!j.in_scope) w.Key("in_scope").Bool(false);
  if (j.review_policy) w.Key("review_policy").Name(ReviewPolicyName(*j.review_policy));
  if (classifies || !j.license_exception.empty()) w.Key("license_exception").StringOrNull(j.license_exception);
  if (classifies || j.licensed) w.Key("licensed").Bool(j.licensed);
  if (!j.classification_rule.empty()) w.Key("classification_rule").String(j.classification_rule);
  if (!j.advisories.empty()) {
    WriteArray(w.Key("advisories"), j.advisories, [&](const Advisory& a) { w.Advisory(a.rule, a.text); });
  }
  if (!j.missing.empty()) WriteSpecs(w.Key("missing"), j.missing);
  if (!j.note.empty()) w.Key("note").String(j.note);
  w.EndObject();
}

// "jurisdictions": each jurisdiction's answer by its code.
template <class Style>
void WriteJurisdictions(JsonWriter<Style>& w, absl::Span<const JurisdictionDecision> jurisdictions,
                        const RuleSet& rules) {
  w.Key("jurisdictions").BeginObject();
  bool first = true;
  for (const JurisdictionDecision& j : jurisdictions) {
    w.Key(j.jurisdiction, first);
    WriteJurisdiction(w, j, rules);
  }
  w.EndObject(first);
}

// "conditions": what an allowed sale must do.
template <class Style>
void WriteConditions(JsonWriter<Style>& w, absl::Span<const ConditionOut> conditions) {
  WriteObjects(w.Key("conditions"), conditions, [&](const ConditionOut& c) {
    w.FirstKey("kind").Name(ConditionKindName(c.kind));
    w.Key("jurisdiction").Code(c.jurisdiction);
    w.Key("rule").String(c.rule);
    if (c.percent) w.Key("percent").Number(*c.percent);
    if (c.amount_usd) w.Key("amount_usd").Number(RoundTo(*c.amount_usd, 100));
    if (c.max_units) w.Key("max_units").Int(*c.max_units);
    if (c.ratio) w.Key("ratio").Number(*c.ratio);
  });
}

// "not_applied": the licenses, approvals and notifications of the sale that did not apply, and
// why (not written when all applied).
template <class Style>
void WriteNotApplied(JsonWriter<Style>& w, absl::Span<const NotApplied> not_applied) {
  WriteObjects(w.Key("not_applied"), not_applied, [&](const NotApplied& n) {
    w.FirstKey("kind").Name(NotAppliedKindName(n.kind));
    w.Key("index").Int(n.index);
    if (n.jurisdiction.valid()) w.Key("jurisdiction").Code(n.jurisdiction);
    w.Key("reason").String(NotAppliedReason(n));
  });
}

// "review_required" and "possible_matches": the parties whose names are close to a listed
// entity's (not written when there are none). Scores to three decimals.
template <class Style>
void WritePossibleMatches(JsonWriter<Style>& w, absl::Span<const PossibleMatch> matches) {
  w.Key("review_required").Bool(true);
  WriteObjects(w.Key("possible_matches"), matches, [&](const PossibleMatch& m) {
    w.FirstKey("party").String(m.party);
    w.Key("entity").String(m.entity);
    w.Key("list").String(m.list);
    w.Key("score").Number(std::round(m.score * 1000) / 1000);
  });
}

// A trace entry's "thresholds": each comparison of a chip metric its rule made.
template <class Style>
void WriteThresholds(JsonWriter<Style>& w, absl::Span<const ThresholdUse> thresholds) {
  WriteObjects(w.Key("thresholds"), thresholds, [&](const ThresholdUse& u) {
    w.FirstKey("metric").Name(MetricName(u.metric));
    w.Key("value").Number(u.value);
    w.Key("op").Name(CompareOpSymbol(u.op));
    w.Key("threshold").Number(u.threshold);
    if (!u.parameter.empty()) {
      w.Key("parameter").String(u.parameter);
      w.Key("from").Day(u.parameter_from);
    }
    w.Key("result").Bool(u.result);
  });
}

// "trace": the rules the evaluation recorded, with their citations; without `citations`, each
// entry names its rule and leaves the legal force, the citation and the thresholds to the
// batch header (RuleSetHeaderJson).
template <class Style>
void WriteTrace(JsonWriter<Style>& w, absl::Span<const TraceEntry> trace, bool citations) {
  WriteObjects(w.Key("trace"), trace, [&](const TraceEntry& t) {
    w.FirstKey("rule").String(t.rule);
    w.Key("jurisdiction").Code(t.jurisdiction);
    w.Key("effect").Name(TraceEffectName(t.effect));
    if (citations) {
      w.Key("legal_force").Name(LegalForceName(t.legal_force));
      w.Key("citation").String(t.citation);
    }
    if (!t.fired) w.Key("fired").Bool(false);
    if (!t.detail.empty()) w.Key("detail").String(t.detail);
    if (t.modeled) w.Key("modeled").Bool(true);
    if (citations && !t.thresholds.empty()) WriteThresholds(w, t.thresholds);
  });
}

// "rule_set": the packs (id, revision), the screening lists the parties were screened against
// (each list with the packs that bring its entries: the built-in sample or an imported list), and
// the hash.
template <class Style>
void WriteRuleSet(JsonWriter<Style>& w, const RuleSet& rules, uint64_t hash, bool first = false) {
  w.Key("rule_set", first).BeginObject();
  WriteObjects(w.FirstKey("packs"), rules.packs(), [&](const PackInfo& p) {
    w.FirstKey("id").String(p.id);
    w.Key("revision").String(p.revision);
  });
  WriteObjects(w.Key("screening_lists"), internal::Compiled(rules).screened_lists, [&](const auto& list) {
    w.FirstKey("list").String(list.first);
    WriteArray(w.Key("packs"), list.second, [&](const std::string& pack) { w.String(pack); });
  });
  // 16 hex digits, written here: content_hash_hex() returns a string past the small-string size.
  char hex[16];
  for (int i = 0; i < 16; ++i) hex[i] = "0123456789abcdef"[(hash >> (60 - 4 * i)) & 0xf];
  w.Key("hash").String(std::string_view(hex, sizeof hex));
  w.EndObject();
}

// The compact "rule_set" member is the same for every decision of a rule set (a third of a
// batch line): the rule set keeps it (CompiledRules::rule_set_json), written once. A decision
// that carries the hash of another rule set (made with one, written with another) goes through
// a cache of each thread instead, of the last one written, keyed by what it is made of (the
// packs' ids and revisions and the hash, compared in full, so a new rule set at a reused address
// is never mistaken for the old one).
struct RuleSetJsonCache {
  std::vector<std::pair<std::string, std::string>> packs;
  uint64_t hash = 0;
  bool valid = false;
  std::string json;  // ',"rule_set":{...}', the comma included

  bool Matches(const std::vector<PackInfo>& p, uint64_t h) const {
    if (!valid || hash != h || packs.size() != p.size()) return false;
    for (size_t i = 0; i < p.size(); ++i) {
      if (packs[i].first != p[i].id || packs[i].second != p[i].revision) return false;
    }
    return true;
  }
};

// ',"rule_set":{...}' in compact form, from the rule set or the calling thread's cache.
const std::string& CompactRuleSetJson(const RuleSet& rules, uint64_t hash) {
  const internal::CompiledRules& compiled = internal::Compiled(rules);
  if (hash == compiled.hash) {
    std::call_once(compiled.rule_set_json_once, [&] {
      JsonWriter<CompactStyle> member(compiled.rule_set_json);
      WriteRuleSet(member, rules, hash);
    });
    return compiled.rule_set_json;
  }
  const std::vector<PackInfo>& packs = rules.packs();
  thread_local RuleSetJsonCache cache;
  if (!cache.Matches(packs, hash)) {
    cache.valid = false;
    cache.json.clear();
    {
      JsonWriter<CompactStyle> member(cache.json);
      WriteRuleSet(member, rules, hash);
    }
    cache.packs.clear();
    for (const PackInfo& p : packs) cache.packs.emplace_back(p.id, p.revision);
    cache.hash = hash;
    cache.valid = true;
  }
  return cache.json;
}

void WriteRuleSetMember(JsonWriter<CompactStyle>& w, const RuleSet& rules, uint64_t hash) {
  w.Raw(CompactRuleSetJson(rules, hash));
}
void WriteRuleSetMember(JsonWriter<PrettyStyle>& w, const RuleSet& rules, uint64_t hash) {
  WriteRuleSet(w, rules, hash);
}

// The decision: the verdict, then the sections in the contract's order.
template <class Style>
void WriteDecision(JsonWriter<Style>& w, const Decision& d, const Sale& sale, const RuleSet& rules,
                   const DecisionJsonOptions& options) {
  w.BeginObject();
  bool first = true;
  if (sale.id) {
    w.Key("id", first);
    // An integer id is kept as the digits the sale gave (the reader checked them).
    if (sale.id->integer) w.Raw(sale.id->text);
    else w.String(sale.id->text);
  }
  if (options.line) w.Key("line", first).Int(*options.line);
  w.Key("allowed", first).Bool(d.allowed);
  w.Key("verdict").Name(VerdictName(d.verdict));
  w.Key("date").Day(d.date);
  WriteItem(w, d, sale.item);
  WriteClassification(w, d.jurisdictions);
  WriteJurisdictions(w, d.jurisdictions, rules);
  WriteConditions(w, d.conditions);
  if (!d.not_applied.empty()) WriteNotApplied(w, d.not_applied);
  if (d.review_required()) WritePossibleMatches(w, d.possible_matches);
  if (!d.missing.empty()) WriteSpecs(w.Key("missing"), d.missing);
  WriteTrace(w, d.trace, options.citations);
  if (options.rule_set) {
    WriteRuleSetMember(w, rules, d.rule_set_hash != 0 ? d.rule_set_hash : rules.content_hash());
  }
  w.EndObject();
}

}  // namespace

std::string DecisionToJson(const Decision& decision, const Sale& sale, const RuleSet& rules,
                           const JsonOptions& options) {
  std::string out;
  if (options.pretty) {
    JsonWriter<PrettyStyle> w(out);
    WriteDecision(w, decision, sale, rules, {});
  } else {
    JsonWriter<CompactStyle> w(out);
    WriteDecision(w, decision, sale, rules, {});
  }
  return out;
}

void AppendDecisionJson(std::string& out, const Decision& decision, const Sale& sale, const RuleSet& rules,
                        const DecisionJsonOptions& options) {
  JsonWriter<CompactStyle> w(out);
  WriteDecision(w, decision, sale, rules, options);
}

std::string RuleSetHeaderJson(const RuleSet& rules) {
  std::string out;
  {
    JsonWriter<CompactStyle> w(out);
    w.BeginObject();
    WriteRuleSet(w, rules, rules.content_hash(), /*first=*/true);
    // The citation as trace entries give it: the rule's citations joined by "; ".
    WriteObjects(w.Key("rules"), internal::Compiled(rules).compiled, [&](const internal::CompiledRule& r) {
      w.FirstKey("id").String(r.rule->id);
      w.Key("legal_force").Name(LegalForceName(r.rule->legal_force));
      w.Key("citation").String(r.citation);
    });
    w.EndObject();
  }
  return out;
}

}  // namespace exportctl
