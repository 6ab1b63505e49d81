// The impact report as JSON (docs/json.md, Impact) and as readable text (exportctl/impact.h).
#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "exportctl/impact.h"
#include "io/json_tree.h"

namespace exportctl {
namespace {

using internal::Json;
using internal::Round;

Json RulesArray(const std::vector<std::string_view>& rules) {
  Json a = Json::Array();
  for (std::string_view r : rules) a.Push(Json::String(r));
  return a;
}

Json SideJson(const ImpactSide& side) {
  Json packs = Json::Array();
  for (const PackInfo& p : side.packs) {
    packs.Push(Json::Object().Set("id", Json::String(p.id)).Set("revision", Json::String(p.revision)));
  }
  Json j = Json::Object();
  j.Set("rule_set", Json::Object().Set("packs", std::move(packs)).Set("hash", Json::String(side.hash)));
  j.Set("as_of", side.as_of ? Json::String(side.as_of->ToString()) : Json::Null());
  return j;
}

Json JurisdictionJson(const ImpactJurisdiction& j) {
  Json x = Json::Object();
  x.Set("verdict", Json::String(VerdictName(j.verdict)));
  if (!j.classification.empty()) x.Set("classification", Json::String(j.classification));
  if (j.review_policy) x.Set("review_policy", Json::String(ReviewPolicyName(*j.review_policy)));
  if (!j.license_exception.empty()) x.Set("license_exception", Json::String(j.license_exception));
  if (j.licensed) x.Set("licensed", Json::Bool(true));
  return x;
}

Json ConditionJson(const ConditionOut& c) {
  Json x = Json::Object();
  x.Set("kind", Json::String(ConditionKindName(c.kind)));
  x.Set("jurisdiction", Json::String(c.jurisdiction.ToString()));
  x.Set("rule", Json::String(c.rule));
  if (c.percent) x.Set("percent", Json::Number(*c.percent));
  if (c.amount_usd) x.Set("amount_usd", Json::Number(Round(*c.amount_usd, 100)));
  if (c.max_units) x.Set("max_units", Json::Number(static_cast<double>(*c.max_units)));
  if (c.ratio) x.Set("ratio", Json::Number(*c.ratio));
  return x;
}

Json OutcomeJson(const ImpactOutcome& o) {
  Json j = Json::Object();
  j.Set("verdict", Json::String(VerdictName(o.verdict)));
  j.Set("allowed", Json::Bool(o.allowed));
  if (o.review_required) j.Set("review_required", Json::Bool(true));
  Json jurisdictions = Json::Object();
  for (const ImpactJurisdiction& x : o.jurisdictions) jurisdictions.Set(x.jurisdiction.ToString(), JurisdictionJson(x));
  j.Set("jurisdictions", std::move(jurisdictions));
  Json conditions = Json::Array();
  for (const ConditionOut& c : o.conditions) conditions.Push(ConditionJson(c));
  j.Set("conditions", std::move(conditions));
  return j;
}

Json ChangeJson(const ImpactChange& c) {
  Json j = Json::Object();
  j.Set("line", Json::Number(static_cast<double>(c.line)));
  if (c.id) j.Set("id", c.id->integer ? Json::Raw(c.id->text) : Json::String(c.id->text));
  j.Set("date", Json::String(c.date.ToString()));
  j.Set("item", Json::String(c.item));
  j.Set("destination", Json::String(c.destination.ToString()));
  j.Set("changed", RulesArray(ImpactAspectNames(c.changed)));
  j.Set("old", OutcomeJson(c.before));
  j.Set("new", OutcomeJson(c.after));
  j.Set("rules", Json::Object()
                     .Set("added", RulesArray(c.rules_added))
                     .Set("removed", RulesArray(c.rules_removed))
                     .Set("changed", RulesArray(c.rules_changed)));
  return j;
}

Json SummaryJson(const ImpactReport& r) {
  const ImpactSummary& s = r.summary;
  Json j = Json::Object();
  j.Set("lines", Json::Number(static_cast<double>(s.lines)));
  j.Set("orders", Json::Number(static_cast<double>(s.orders)));
  j.Set("changed", Json::Number(static_cast<double>(s.changed)));
  j.Set("errors", Json::Number(static_cast<double>(s.errors)));
  if (s.first_bad_line > 0) j.Set("first_bad_line", Json::Number(static_cast<double>(s.first_bad_line)));
  j.Set("old", SideJson(r.before));
  j.Set("new", SideJson(r.after));
  Json transitions = Json::Array();
  for (const ImpactTransition& t : s.transitions) {
    transitions.Push(Json::Object()
                         .Set("from", Json::String(VerdictName(t.from)))
                         .Set("to", Json::String(VerdictName(t.to)))
                         .Set("count", Json::Number(static_cast<double>(t.count))));
  }
  j.Set("transitions", std::move(transitions));
  Json rules = Json::Array();
  for (const ImpactRuleCount& c : s.rules) {
    rules.Push(Json::Object()
                   .Set("rule", Json::String(c.rule))
                   .Set("added", Json::Number(static_cast<double>(c.added)))
                   .Set("removed", Json::Number(static_cast<double>(c.removed)))
                   .Set("changed", Json::Number(static_cast<double>(c.changed))));
  }
  j.Set("rules", std::move(rules));
  return j;
}

// ---- Text ------------------------------------------------------------------------------------

// A table: the first row is the header; columns are left-aligned, but for numbers.
class Table {
 public:
  void Row(std::vector<std::string> cells) { rows_.push_back(std::move(cells)); }
  void Write(std::string& out) const {
    std::vector<size_t> width;
    for (const auto& row : rows_) {
      width.resize(std::max(width.size(), row.size()));
      for (size_t i = 0; i < row.size(); ++i) width[i] = std::max(width[i], row[i].size());
    }
    for (const auto& row : rows_) {
      std::string line = " ";
      for (size_t i = 0; i < row.size(); ++i) {
        const std::string& cell = row[i];
        const bool number = !cell.empty() && cell.find_first_not_of("0123456789") == std::string::npos;
        const std::string pad(width[i] - cell.size(), ' ');
        line += ' ';
        line += number ? pad + cell : cell + pad;
      }
      line.erase(line.find_last_not_of(' ') + 1);
      out += line + '\n';
    }
  }

 private:
  std::vector<std::vector<std::string>> rows_;
};

std::string SideText(const ImpactSide& side) {
  std::string text;
  for (const PackInfo& p : side.packs) text += (text.empty() ? "" : ", ") + p.id + " " + p.revision;
  if (text.empty()) text = "no packs";
  text += " (hash " + side.hash + ")";
  if (side.as_of) text += ", as known on " + side.as_of->ToString();
  return text;
}

std::string Joined(const std::vector<std::string_view>& items, std::string_view prefix) {
  std::string text;
  for (std::string_view item : items) {
    if (!text.empty()) text += ' ';
    text += prefix;
    text += item;
  }
  return text;
}

std::string ChangeRules(const ImpactChange& c) {
  std::string text = Joined(c.rules_added, "+");
  for (const std::string& part : {Joined(c.rules_removed, "-"), Joined(c.rules_changed, "~")}) {
    if (!part.empty()) text += (text.empty() ? "" : " ") + part;
  }
  return text;
}

void ChangesText(const ImpactReport& r, size_t max_changes, std::string& out) {
  const size_t shown = std::min(max_changes, r.changes.size());
  if (shown == 0) return;
  const int64_t total = std::max(r.summary.changed, static_cast<int64_t>(r.changes.size()));
  out += "\n" + std::string(static_cast<int64_t>(shown) < total ? "first " : "") + std::to_string(shown) + " of " +
         std::to_string(total) + " changed orders (rules: + fired only under the new rules, - only " +
         "under the old, ~ fired under both with another outcome)\n";
  Table t;
  t.Row({"line", "id", "date", "item", "to", "old", "new", "changed", "rules"});
  for (size_t i = 0; i < shown; ++i) {
    const ImpactChange& c = r.changes[i];
    std::string changed = Joined(ImpactAspectNames(c.changed), "");
    std::replace(changed.begin(), changed.end(), ' ', ',');
    t.Row({std::to_string(c.line), c.id ? c.id->text : "-", c.date.ToString(), c.item, c.destination.ToString(),
           std::string(VerdictName(c.before.verdict)), std::string(VerdictName(c.after.verdict)), changed,
           ChangeRules(c)});
  }
  t.Write(out);
}

}  // namespace

std::string ImpactChangeToJson(const ImpactChange& change) { return ChangeJson(change).Dump(false); }

std::string ImpactSummaryToJson(const ImpactReport& report, const JsonOptions& options) {
  return SummaryJson(report).Dump(options.pretty);
}

std::string ImpactToJson(const ImpactReport& report, const JsonOptions& options) {
  Json changes = Json::Array();
  for (const ImpactChange& c : report.changes) changes.Push(ChangeJson(c));
  Json errors = Json::Array();
  for (const ImpactError& e : report.errors) {
    errors.Push(
        Json::Object().Set("line", Json::Number(static_cast<double>(e.line))).Set("error", Json::String(e.message)));
  }
  Json j = Json::Object();
  j.Set("summary", SummaryJson(report));
  j.Set("changes", std::move(changes));
  j.Set("errors", std::move(errors));
  return j.Dump(options.pretty);
}

std::string ImpactToText(const ImpactReport& r, size_t max_changes) {
  const ImpactSummary& s = r.summary;
  std::string out = "impact: " + std::to_string(s.changed) + " of " + std::to_string(s.orders) + " orders change (" +
                    std::to_string(s.lines) + " lines, " + std::to_string(s.errors) +
                    (s.errors == 1 ? " error" : " errors");
  if (s.errors > 0) out += ", the first on line " + std::to_string(s.first_bad_line);
  out += ")\nold: " + SideText(r.before) + "\nnew: " + SideText(r.after) + "\n";
  if (!s.transitions.empty()) {
    out += "\n";
    Table t;
    t.Row({"old verdict", "", "new verdict", "orders"});
    for (const ImpactTransition& x : s.transitions) {
      t.Row({std::string(VerdictName(x.from)), "->", std::string(VerdictName(x.to)), std::to_string(x.count)});
    }
    t.Write(out);
  }
  if (!s.rules.empty()) {
    out += "\n";
    Table t;
    t.Row({"rule", "added", "removed", "changed"});
    for (const ImpactRuleCount& c : s.rules) {
      t.Row({std::string(c.rule), std::to_string(c.added), std::to_string(c.removed), std::to_string(c.changed)});
    }
    t.Write(out);
  }
  ChangesText(r, max_changes, out);
  return out;
}

}  // namespace exportctl
