// Story: a German buyer 51 % owned by Inspur Group buys NVIDIA L20s.
//
// The L20 (TPP 1912, PD 3.14) is not 3A090, so a German datacenter may buy it without a license —
// unless the buyer is on the Entity List or, under the "affiliates rule" of 2025-09-29, owned 50 %
// or more by listed parties. Inspur Group is listed (2023). The affiliates rule was suspended for a
// year from 2025-11-10 and applies again from 2026-11-10 unless the suspension is extended. This
// example evaluates the sale in examples/sales/inspur_affiliates.json on three dates and prints
// the ownership path the evaluator found.
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "exportctl/exportctl.h"
#include "story_support.h"

namespace {

using namespace exportctl_examples;

constexpr char kProgram[] = "inspur_affiliates";

void PrintOwners(const std::vector<exportctl::Owner>& owners, int depth) {
  for (const exportctl::Owner& o : owners) {
    std::printf("%*s%g %% %s\n", 4 + 2 * depth, "", o.percent, o.name.c_str());
    PrintOwners(o.owners, depth + 1);
  }
}

void Print(const exportctl::Decision& d) {
  PrintOverall(d);
  for (const exportctl::JurisdictionDecision& j : d.jurisdictions) {
    PrintSideStart(j, "  ");
    if (!j.license_exception.empty()) std::printf("; exception %s", S(j.license_exception).c_str());
    std::printf("\n");
    PrintAdvisoryLines(j, "ADVISORY");
  }
  if (d.trace.empty()) std::printf("    no rule reaches the sale: the L20 is not 3A090 and the buyer is not listed\n");
  for (const exportctl::TraceEntry& t : d.trace) {
    // The detail of a rule that reads the Entity List ends with the ownership path it found:
    // "presumption_of_denial; owned 51 % in aggregate by listed or covered parties: Inspur Group 51 % (listed)".
    std::printf("    because %s [%s] %s\n", S(t.rule).c_str(), S(exportctl::LegalForceName(t.legal_force)).c_str(),
                S(exportctl::TraceEffectName(t.effect)).c_str());
    std::string_view detail = t.detail;
    while (!detail.empty()) {
      const size_t end = detail.find("; ");
      std::printf("        %s\n", S(detail.substr(0, end)).c_str());
      detail = end == std::string_view::npos ? std::string_view() : detail.substr(end + 2);
    }
    PrintCited(t, "        ");
  }
}

}  // namespace

int main() {
  const std::optional<Story> story = OpenStory(kProgram, "inspur_affiliates.json");
  if (!story) return 1;
  const exportctl::RuleSet& rules = *story->rules;
  const exportctl::Sale& base = story->sale;
  std::printf("%lld × %s (TPP %g, PD %.2f) to %s in %s; its owners:\n", static_cast<long long>(base.quantity),
              base.item.model.c_str(), base.item.tpp().value->value(), base.item.performance_density().value->value(),
              base.buyer.name.c_str(), base.destination.ToString().c_str());
  PrintOwners(base.buyer.owners, 0);
  for (const exportctl::Entity& e : rules.entities()) {
    if (e.name != "Inspur Group") continue;
    for (const exportctl::Listing& l : e.listings)
      std::printf("  %s is on the %s from %s (%s)\n", e.name.c_str(),
                  l.list == "entity_list" ? "Entity List" : l.list.c_str(), l.interval.from.ToString().c_str(),
                  l.citation.c_str());
  }
  std::printf("\n");

  struct Step {
    const char* date;
    const char* what;
  };
  for (const Step& step : {Step{"2025-10-15", "the affiliates rule is in force (from 2025-09-29)"},
                           Step{"2026-01-15", "the affiliates rule is suspended (2025-11-10 through 2026-11-09)"},
                           Step{"2026-11-23", "the suspension has lapsed (2026-11-10): the rule is back"}}) {
    exportctl::Sale sale = base;
    sale.date = *exportctl::Date::Parse(step.date);
    std::printf("%s — %s\n", step.date, step.what);
    Print(exportctl::Evaluate(rules, sale, {.trace = exportctl::TraceLevel::kFired}));
    std::printf("\n");
  }

  // Indirect ownership: the buyer is held 60 % by a holding company that Inspur Group owns 55 %.
  // The holding is itself covered (>= 50 % by a listed party), so its 60 % counts in full.
  exportctl::Sale indirect = base;
  indirect.date = *exportctl::Date::Parse("2025-10-15");
  indirect.buyer.owners = {
      {.name = "Example Holding Ltd", .percent = 60, .owners = {{.name = "Inspur Group", .percent = 55}}},
      {.name = "Example Beteiligungs AG", .percent = 40}};
  std::printf("2025-10-15 — the same buyer held through a holding company instead; its owners:\n");
  PrintOwners(indirect.buyer.owners, 0);
  Print(exportctl::Evaluate(rules, indirect, {.trace = exportctl::TraceLevel::kFired}));
  return 0;
}
