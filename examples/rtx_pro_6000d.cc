// Story: the NVIDIA RTX Pro 6000D to China, before and after China's stop of 2025-09-17.
//
// The RTX Pro 6000D was NVIDIA's China-specific datacenter card of 2025. On 2025-09-17 China's
// Cyberspace Administration reportedly told companies to stop buying and testing it and to cancel
// orders; the catalog treats that guidance as a ban. Its performance figures are not public, so
// the catalog leaves its TPP unknown: the US side is "indeterminate" (a spec it needs is missing)
// until China's prohibition decides the sale regardless. This example evaluates the sale in
// examples/sales/rtx_pro_6000d.json on the day before and the day of the stop, prints the
// timeline around it, and shows what TPP the card would need to stay clear of US licensing.
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "exportctl/exportctl.h"
#include "story_support.h"

namespace {

using namespace exportctl_examples;

constexpr char kProgram[] = "rtx_pro_6000d";

// "die_area_mm2, tpp"
std::string Names(exportctl::SpecSet specs) {
  std::string out;
  specs.ForEachName([&](std::string_view name) {
    if (!out.empty()) out += ", ";
    out += std::string(name);
  });
  return out;
}

void Print(const exportctl::Decision& d) {
  PrintOverall(d);
  for (const exportctl::JurisdictionDecision& j : d.jurisdictions) {
    PrintSideStart(j, "  ");
    if (!j.missing.empty()) std::printf("; missing spec: %s", Names(j.missing).c_str());
    std::printf("\n");
    PrintAdvisoryLines(j, "advisory");
  }
  PrintReasons(d);
}

}  // namespace

int main() {
  const std::optional<Story> story = OpenStory(kProgram, "rtx_pro_6000d.json");
  if (!story) return 1;
  const exportctl::RuleSet& rules = *story->rules;
  const exportctl::Sale& base = story->sale;
  const exportctl::Chip& chip = base.item;
  std::printf("%s: datacenter card, die %g mm², DRAM %g GB/s, TPP %s\n", chip.model.c_str(), chip.die_area_mm2->value(),
              chip.memory_bandwidth_gbps->value(),
              chip.tpp().known() ? std::to_string(chip.tpp().value->value()).c_str() : "not public (unknown)");
  std::printf("sale: %lld units to %s in %s\n\n", static_cast<long long>(base.quantity), base.buyer.name.c_str(),
              base.destination.ToString().c_str());

  for (const char* day : {"2025-09-16", "2025-09-17"}) {
    exportctl::Sale sale = base;
    sale.date = *exportctl::Date::Parse(day);
    std::printf("%s%s\n", day, sale.date == base.date ? " (the day before China's stop)" : " (China's stop)");
    Print(exportctl::Evaluate(rules, sale, {.trace = exportctl::TraceLevel::kFired}));
    std::printf("\n");
  }

  // The US side waits on the TPP: the largest TPP that needs no US license for this die area.
  const exportctl::Headroom room =
      exportctl::ComputeHeadroom(rules, base.destination, base.date, chip.datacenter.value_or(true), chip.die_area_mm2);
  if (room.tpp_below) {
    std::printf(
        "The US side needs the TPP: a datacenter chip with a %g mm² die needs no US license or\n"
        "notification to %s on %s if its TPP is below %g (rule %s).\n\n",
        chip.die_area_mm2->value(), base.destination.ToString().c_str(), base.date.ToString().c_str(),
        room.tpp_below->value(), S(room.rule).c_str());
  }

  // The decision over time, one line per change.
  const exportctl::Date from = *exportctl::Date::Parse("2025-06-01");
  const exportctl::Date to = *exportctl::Date::Parse("2026-03-31");
  absl::StatusOr<std::vector<exportctl::TimelineSegment>> timeline = exportctl::Timeline(rules, base, from, to);
  if (!timeline.ok()) return Fail(kProgram, timeline.status());
  std::printf("Timeline %s .. %s (first and last day of each period):\n", from.ToString().c_str(),
              to.ToString().c_str());
  for (const exportctl::TimelineSegment& seg : *timeline) {
    std::printf("  %s .. %s  %-14s", seg.interval.from.ToString().c_str(),
                seg.interval.until.AddDays(-1).ToString().c_str(),
                S(exportctl::VerdictName(seg.decision.verdict)).c_str());
    for (const exportctl::JurisdictionDecision& j : seg.decision.jurisdictions)
      std::printf("  %s %s", j.jurisdiction.ToString().c_str(), S(exportctl::VerdictName(j.verdict)).c_str());
    std::printf("  rules:");
    for (std::string_view r : seg.rules) std::printf(" %s", S(r).c_str());
    if (seg.rules.empty()) std::printf(" none");
    std::printf("\n");
  }
  return 0;
}
