// Story: the NVIDIA H20 to China through 2025.
//
// The H20 (TPP 2368, PD 2.91) was designed to stay under the 2023 thresholds, so until April 2025
// it needed no US license. This example runs the Timeline query over 2024-06-01..2025-12-31 on
// the sale in examples/sales/h20_2025.json (1,000 units at $12,000 to a Chinese cloud company,
// with a US license held from 2025-08-08) and prints every change with the rule that caused it:
// the April "is-informed" letter, the July reversal to case-by-case review, the license, the
// 15 % revenue share and China's guidance against the chip.
#include <cstdio>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "exportctl/exportctl.h"
#include "story_support.h"

namespace {

using namespace exportctl_examples;

constexpr char kProgram[] = "h20_2025";

// One line per jurisdiction: its verdict and what qualifies it.
void PrintSides(const exportctl::Decision& d) {
  for (const exportctl::JurisdictionDecision& j : d.jurisdictions) {
    PrintSideStart(j, "      ");
    if (j.licensed) std::printf("; covered by the license held");
    for (const exportctl::Advisory& a : j.advisories)
      std::printf("; advisory \"%s\" (%s)", S(a.text).c_str(), S(a.rule).c_str());
    std::printf("\n");
  }
  for (const exportctl::ConditionOut& c : d.conditions) {
    std::printf("      condition (%s, %s): %s", c.jurisdiction.ToString().c_str(), S(c.rule).c_str(),
                S(exportctl::ConditionKindName(c.kind)).c_str());
    if (c.percent) std::printf(" %g %%", *c.percent);
    if (c.amount_usd) std::printf(" = %s", Usd(*c.amount_usd).c_str());
    std::printf("\n");
  }
}

}  // namespace

int main() {
  const std::optional<Story> story = OpenStory(kProgram, "h20_2025.json");
  if (!story) return 1;
  const exportctl::RuleSet& rules = *story->rules;
  const exportctl::Sale& sale = story->sale;
  const exportctl::Date from = *exportctl::Date::Parse("2024-06-01");
  const exportctl::Date to = *exportctl::Date::Parse("2025-12-31");
  std::printf("%s to %s: %s units at %s each, buyer %s; US license held from %s\n", sale.item.model.c_str(),
              sale.destination.ToString().c_str(), Grouped(sale.quantity).c_str(),
              Usd(sale.unit_price_usd->value()).c_str(), sale.buyer.name.c_str(),
              sale.licenses.front().valid_from.ToString().c_str());
  std::printf(
      "TPP %g, PD %.3f; the decision from %s through %s, one block per change\n(each block: first and last day, the "
      "verdict, each side, and what changed with its citation):\n\n",
      sale.item.tpp().value->value(), sale.item.performance_density().value->value(), from.ToString().c_str(),
      to.ToString().c_str());

  absl::StatusOr<std::vector<exportctl::TimelineSegment>> timeline =
      exportctl::Timeline(rules, sale, from, to, {.trace = exportctl::TraceLevel::kFired});
  if (!timeline.ok()) return Fail(kProgram, timeline.status());

  std::map<std::string_view, std::string> before;  // rule -> detail, for the previous segment
  bool first = true;
  for (const exportctl::TimelineSegment& seg : *timeline) {
    const exportctl::Decision& d = seg.decision;
    const exportctl::Date last = seg.interval.until.AddDays(-1);
    std::printf("  %s .. %s  %s%s\n", seg.interval.from.ToString().c_str(), last.ToString().c_str(),
                S(exportctl::VerdictName(d.verdict)).c_str(), d.allowed ? " (may ship)" : " (may not ship)");
    PrintSides(d);
    std::map<std::string_view, std::string> now;
    for (const exportctl::TraceEntry& t : d.trace) {
      now[t.rule] = t.detail;
      auto was = before.find(t.rule);
      if (first) PrintReason(t, "      ", "because");
      else if (was == before.end()) PrintReason(t, "      ", "new:");
      else if (was->second != t.detail) PrintReason(t, "      ", "now:");
    }
    for (const auto& [gone, detail] : before) {
      if (now.contains(gone)) continue;
      const exportctl::Rule* r = rules.FindRule(gone);
      std::printf("      no longer: %s\n", S(gone).c_str());
      if (r != nullptr && !r->citations.empty()) std::printf("          cited: %s\n", r->citations.front().c_str());
    }
    if (first && d.trace.empty())
      std::printf("      because no rule in force reaches the sale (not 3A090, not named)\n");
    before = std::move(now);
    first = false;
    std::printf("\n");
  }
  return 0;
}
