// Helpers shared by the story programs in examples/: opening the built-in catalog and a sale from
// examples/sales/, reporting errors, formatting numbers and printing the parts of a Decision that
// the stories print the same way. Header-only; uses only the public API.
//
// Each example target defines EXPORTCTL_SOURCE_DIR (the source tree), where the sales live.
#ifndef EXPORTCTL_EXAMPLES_STORY_SUPPORT_H_
#define EXPORTCTL_EXAMPLES_STORY_SUPPORT_H_

#include <cstdio>
#include <fstream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>

#include "exportctl/exportctl.h"

namespace exportctl_examples {

inline std::string S(std::string_view v) { return std::string(v); }
inline std::string Msg(const absl::Status& status) { return std::string(status.message()); }

// Prints "program: message" to stderr and returns the exit code 1.
inline int Fail(const char* program, const absl::Status& status) {
  std::fprintf(stderr, "%s: %s\n", program, Msg(status).c_str());
  return 1;
}

// 1234567 -> "1,234,567"
inline std::string Grouped(long long n) {
  std::string digits = std::to_string(n < 0 ? -n : n);
  std::string out = n < 0 ? "-" : "";
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

// 1800000 -> "$1,800,000.00"
inline std::string Usd(double amount) {
  const long long cents = static_cast<long long>(amount * 100 + 0.5);
  char tail[8];
  std::snprintf(tail, sizeof tail, ".%02lld", cents % 100);
  return "$" + Grouped(cents / 100) + tail;
}

// Reads examples/sales/<name> and parses it against `rules`.
inline absl::StatusOr<exportctl::Sale> LoadSale(const std::string& name, const exportctl::RuleSet& rules) {
  const std::string path = std::string(EXPORTCTL_SOURCE_DIR) + "/examples/sales/" + name;
  std::ifstream in(path);
  if (!in) return absl::NotFoundError("cannot read '" + path + "'");
  std::stringstream text;
  text << in.rdbuf();
  absl::StatusOr<exportctl::Sale> sale = exportctl::ParseSaleJson(text.str(), rules);
  if (!sale.ok()) return absl::InvalidArgumentError(path + ":" + Msg(sale.status()));
  return sale;
}

// The built-in catalog (with `overlays`), or nullptr after reporting the error for `program`.
inline std::shared_ptr<const exportctl::RuleSet> OpenCatalog(const char* program,
                                                             absl::Span<const exportctl::RulePack> overlays = {}) {
  absl::StatusOr<std::shared_ptr<const exportctl::RuleSet>> rules = exportctl::BuiltinRuleSet(overlays);
  if (!rules.ok()) {
    Fail(program, rules.status());
    return nullptr;
  }
  return *std::move(rules);
}

// What most stories start from: the built-in catalog and one sale from examples/sales/.
struct Story {
  std::shared_ptr<const exportctl::RuleSet> rules;
  exportctl::Sale sale;
};

// Opens the built-in catalog and loads examples/sales/<sale_file>; reports an error for `program`
// and returns nullopt if either fails.
inline std::optional<Story> OpenStory(const char* program, const std::string& sale_file) {
  std::shared_ptr<const exportctl::RuleSet> rules = OpenCatalog(program);
  if (rules == nullptr) return std::nullopt;
  absl::StatusOr<exportctl::Sale> sale = LoadSale(sale_file, *rules);
  if (!sale.ok()) {
    Fail(program, sale.status());
    return std::nullopt;
  }
  return Story{std::move(rules), *std::move(sale)};
}

// "  overall: not_required (may ship)"
inline void PrintOverall(const exportctl::Decision& d) {
  std::printf("  overall: %s (%s)\n", S(exportctl::VerdictName(d.verdict)).c_str(),
              d.allowed ? "may ship" : "may not ship");
}

// The start of a jurisdiction's line, without its end: "<indent>US side: <verdict>; classification
// <c>; review <policy>" (the last two only when set). Callers add what else they show and the "\n".
inline void PrintSideStart(const exportctl::JurisdictionDecision& j, const char* indent) {
  std::printf("%s%s side: %s", indent, j.jurisdiction.ToString().c_str(), S(exportctl::VerdictName(j.verdict)).c_str());
  if (!j.classification.empty()) std::printf("; classification %s", S(j.classification).c_str());
  if (j.review_policy) std::printf("; review %s", S(exportctl::ReviewPolicyName(*j.review_policy)).c_str());
}

// One line per advisory of `j`: "    <label> (<rule>): <text>".
inline void PrintAdvisoryLines(const exportctl::JurisdictionDecision& j, const char* label) {
  for (const exportctl::Advisory& a : j.advisories)
    std::printf("    %s (%s): %s\n", label, S(a.rule).c_str(), S(a.text).c_str());
}

// "<indent><verb> <rule> [<legal force>] <effect>: <detail>" (": <detail>" only when there is one).
inline void PrintRuleLine(const exportctl::TraceEntry& t, const char* indent, const char* verb) {
  std::printf("%s%s %s [%s] %s%s%s\n", indent, verb, S(t.rule).c_str(),
              S(exportctl::LegalForceName(t.legal_force)).c_str(), S(exportctl::TraceEffectName(t.effect)).c_str(),
              t.detail.empty() ? "" : ": ", t.detail.c_str());
}

// "<indent>cited: <citation>", with " (modeled)" for a modeled rule.
inline void PrintCited(const exportctl::TraceEntry& t, const char* indent) {
  std::printf("%scited: %s%s\n", indent, S(t.citation).c_str(), t.modeled ? " (modeled)" : "");
}

// A rule line and its citation, indented four more: the reason a trace entry gives.
inline void PrintReason(const exportctl::TraceEntry& t, const std::string& indent, const char* verb) {
  PrintRuleLine(t, indent.c_str(), verb);
  PrintCited(t, (indent + "    ").c_str());
}

// Every trace entry as "    because ..." with its citation.
inline void PrintReasons(const exportctl::Decision& d) {
  for (const exportctl::TraceEntry& t : d.trace) PrintReason(t, "    ", "because");
}

}  // namespace exportctl_examples

#endif  // EXPORTCTL_EXAMPLES_STORY_SUPPORT_H_
