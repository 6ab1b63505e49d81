// Decisions as CSV rows (decision_csv.h). Lists within a cell (conditions, rules, not_applied,
// missing) separate their entries with "; ".
#include "io/decision_csv.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <string_view>

#include "absl/container/inlined_vector.h"
#include "exportctl/json.h"
#include "internal/strings.h"

namespace exportctl::internal {
namespace {

// A number as JSON writes it (no exponent below 1e15, no trailing zeros).
std::string NumberText(double v) {
  std::string s;
  AppendJsonNumber(s, v);
  return s;
}

// Appends `entry` to the "; "-separated list in `cell`.
void AddEntry(std::string& cell, std::string_view entry) {
  if (!cell.empty()) cell += "; ";
  cell += entry;
}

// "revenue_share 15% 1800000 USD (us-h20-share)": kind, percent, amount, units, ratio, rule.
std::string ConditionsCell(const Decision& d) {
  std::string cell;
  for (const ConditionOut& c : d.conditions) {
    std::string entry(ConditionKindName(c.kind));
    if (c.percent) entry += StrCat(" ", NumberText(*c.percent), "%");
    if (c.amount_usd) entry += StrCat(" ", NumberText(std::round(*c.amount_usd * 100) / 100), " USD");
    if (c.max_units) entry += StrCat(" max ", *c.max_units, " units");
    if (c.ratio) entry += StrCat(" ratio ", NumberText(*c.ratio));
    entry += StrCat(" (", c.rule, ")");
    AddEntry(cell, entry);
  }
  return cell;
}

// The rules that fired, each once, in trace order (not the trace's not_applied and scope lines).
std::string RulesCell(const Decision& d) {
  std::string cell;
  absl::InlinedVector<std::string_view, 8> listed;
  for (const TraceEntry& t : d.trace) {
    if (!t.fired || t.effect == TraceEffect::kNotApplied || t.effect == TraceEffect::kOutOfScope) continue;
    if (std::find(listed.begin(), listed.end(), t.rule) != listed.end()) continue;
    listed.push_back(t.rule);
    AddEntry(cell, t.rule);
  }
  return cell;
}

std::string NotAppliedCell(const Decision& d) {
  std::string cell;
  for (const NotApplied& n : d.not_applied) {
    AddEntry(cell, StrCat(NotAppliedKindName(n.kind), " ", n.index, ": ", NotAppliedReason(n)));
  }
  return cell;
}

std::string SpecsCell(SpecSet specs) {
  std::string cell;
  specs.ForEachName([&](std::string_view name) { AddEntry(cell, name); });
  return cell;
}

// The license exceptions set, as "NAC" (one jurisdiction) or "US:NAC; MY:...".
std::string ExceptionCell(const Decision& d) {
  std::string cell;
  for (const JurisdictionDecision& j : d.jurisdictions) {
    if (!j.license_exception.empty()) AddEntry(cell, j.license_exception);
  }
  return cell;
}

std::string LowerCode(Country c) {
  std::string code = c.ToString();
  for (char& ch : code) ch = static_cast<char>(ch | 0x20);
  return code;
}

}  // namespace

void AppendCsvCell(std::string& out, std::string_view cell) {
  // (A loop: find_first_of searches its set with memchr at each byte of the cell.)
  bool quote = !cell.empty() && (cell.front() == ' ' || cell.back() == ' ' || cell.front() == '\t');
  for (size_t i = 0; i < cell.size() && !quote; ++i) {
    const char c = cell[i];
    quote = c == ',' || c == '"' || c == '\r' || c == '\n';
  }
  if (!quote) {
    out += cell;
    return;
  }
  out += '"';
  for (char c : cell) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

std::string DecisionCsvHeader(const RuleSet& rules) {
  std::string out = "id,line,verdict,allowed";
  for (const JurisdictionSpec& j : rules.jurisdictions()) {
    const std::string code = LowerCode(j.code);
    out += StrCat(",", code, "_verdict,", code, "_review_policy");
  }
  out += ",license_exception,conditions,rules,not_applied,missing,error\n";
  return out;
}

void AppendDecisionCsv(std::string& out, const Decision& d, const Sale& sale, const RuleSet& rules, int64_t line) {
  if (sale.id) AppendCsvCell(out, sale.id->text);
  StrAppend(&out, ",", line, ",", VerdictName(d.verdict), ",", d.allowed ? "true" : "false");
  for (const JurisdictionSpec& spec : rules.jurisdictions()) {
    const JurisdictionDecision* j = d.Find(spec.code);
    out += ',';
    if (j != nullptr) out += VerdictName(j->verdict);
    out += ',';
    if (j != nullptr && j->review_policy) out += ReviewPolicyName(*j->review_policy);
  }
  for (const std::string& cell :
       {ExceptionCell(d), ConditionsCell(d), RulesCell(d), NotAppliedCell(d), SpecsCell(d.missing)}) {
    out += ',';
    AppendCsvCell(out, cell);
  }
  out += ",\n";  // no error
}

void AppendErrorCsv(std::string& out, const RuleSet& rules, int64_t line, std::string_view message) {
  StrAppend(&out, ",", line, ",,");
  for (size_t i = 0; i < rules.jurisdictions().size(); ++i) out += ",,";
  out += ",,,,,,";
  AppendCsvCell(out, message);
  out += '\n';
}

}  // namespace exportctl::internal
