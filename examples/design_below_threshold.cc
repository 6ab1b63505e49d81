// Story: designing a chip below the thresholds.
//
// An architect planning a chip for China in mid-2024 asks: how much performance can it have and
// still need neither a US license nor a notification? Under the 2023 rule the answer depends on
// the die area (performance density = TPP / area) and on whether the chip is designed or marketed
// for datacenters (Note 2 exempts other chips below TPP 4800). This example prints the headroom
// (ComputeHeadroom) for several die areas, then checks the NVIDIA H20 — TPP 2368 on 814 mm² —
// against it with the sale in examples/sales/design_below_threshold.json, and shows what a 1.4 %
// faster variant would have needed.
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "exportctl/exportctl.h"
#include "story_support.h"

namespace {

using namespace exportctl_examples;

constexpr char kProgram[] = "design_below_threshold";

void Print(const exportctl::Decision& d) {
  PrintOverall(d);
  for (const exportctl::JurisdictionDecision& j : d.jurisdictions) {
    PrintSideStart(j, "  ");
    if (!j.license_exception.empty()) std::printf("; license exception %s", S(j.license_exception).c_str());
    std::printf("\n");
  }
  for (const exportctl::TraceEntry& t : d.trace) {
    if (!t.fired && t.thresholds.empty()) continue;  // at kFull: rules in force that read no threshold
    PrintRuleLine(t, "    ", t.fired ? "because" : "checked");
    for (const exportctl::ThresholdUse& u : t.thresholds)
      std::printf("        %s %g %s %g%s%s -> %s\n", S(exportctl::MetricName(u.metric)).c_str(), u.value,
                  S(exportctl::CompareOpSymbol(u.op)).c_str(), u.threshold, u.parameter.empty() ? "" : " @",
                  S(u.parameter).c_str(), u.result ? "true" : "false");
    PrintCited(t, "        ");
  }
}

}  // namespace

int main() {
  const std::optional<Story> story = OpenStory(kProgram, "design_below_threshold.json");
  if (!story) return 1;
  const exportctl::RuleSet& rules = *story->rules;
  const exportctl::Sale& sale = story->sale;
  const exportctl::Country dest = sale.destination;
  const exportctl::Date date = sale.date;

  std::printf("Largest TPP that needs no US license or notification to %s on %s (exclusive bound):\n\n",
              dest.ToString().c_str(), date.ToString().c_str());
  std::printf("  %-10s  %-28s  %-28s\n", "die area", "datacenter chip", "consumer chip");
  const std::vector<std::optional<double>> areas = {400, 600, 814, std::nullopt};
  std::string rule_used;
  for (const std::optional<double>& area : areas) {
    std::optional<exportctl::SquareMillimeters> die;
    if (area) die = exportctl::SquareMillimeters(*area);
    char label[32];
    if (area) std::snprintf(label, sizeof label, "%g mm²", *area);
    else std::snprintf(label, sizeof label, "unknown");
    std::printf(area ? "  %-11s" : "  %-10s", label);  // "²" takes two bytes, prints as one
    for (bool datacenter : {true, false}) {
      const exportctl::Headroom h = exportctl::ComputeHeadroom(rules, dest, date, datacenter, die);
      char cell[64];
      if (!h.tpp_below) std::snprintf(cell, sizeof cell, "no limit");
      else if (h.pd_below)
        std::snprintf(cell, sizeof cell, "TPP < %g (PD < %.3f)", h.tpp_below->value(), h.pd_below->value());
      else std::snprintf(cell, sizeof cell, "TPP < %g", h.tpp_below->value());
      std::printf("  %-28s", cell);
      if (!h.rule.empty()) rule_used = S(h.rule);
    }
    std::printf("\n");
  }
  const exportctl::Rule* rule = rules.FindRule(rule_used);
  std::printf("\n  bounds set by %s", rule_used.c_str());
  if (rule != nullptr) {
    std::printf(" [%s], cited:", S(exportctl::LegalForceName(rule->legal_force)).c_str());
    for (size_t i = 0; i < rule->citations.size(); ++i) std::printf("%s %s", i ? ";" : "", rule->citations[i].c_str());
  }
  std::printf(
      "\n  datacenter: 3A090.b starts at TPP 2400 with PD >= 1.6, or TPP 1600 with PD >= 3.2; an unknown area\n"
      "  must assume the worst (a small die: PD >= 5.92 makes TPP 1600 3A090.a). Consumer chips: Note 2\n"
      "  exempts them below TPP 4800; at 4800 they are 3A090.a and need a NAC notification for %s.\n\n",
      dest.ToString().c_str());

  // The H20 against its bound.
  const exportctl::Chip& h20 = sale.item;
  const exportctl::Headroom h20_room =
      exportctl::ComputeHeadroom(rules, dest, date, h20.datacenter.value_or(true), h20.die_area_mm2);
  const double tpp = h20.tpp().value->value();
  std::printf("%s: TPP %g (fp8 %g dense TOPS × 8 bits), die %g mm², PD %.3f\n", h20.model.c_str(), tpp,
              h20.tops(exportctl::Precision::kFp8)->value(), h20.die_area_mm2->value(),
              h20.performance_density().value->value());
  if (h20_room.tpp_below) {
    std::printf("  bound for its die: TPP < %g; the H20 sits %g TPP (%.1f %%) under it\n\n",
                h20_room.tpp_below->value(), h20_room.tpp_below->value() - tpp,
                100 * (h20_room.tpp_below->value() - tpp) / h20_room.tpp_below->value());
  }
  std::printf("%s to %s on %s:\n", h20.model.c_str(), dest.ToString().c_str(), date.ToString().c_str());
  Print(exportctl::Evaluate(rules, sale, {.trace = exportctl::TraceLevel::kFull}));

  // A variant at the bound: 300 dense fp8 TOPS gives TPP 2400.
  exportctl::Sale faster = sale;
  faster.item.model = "H20 variant at 300 fp8 TOPS";
  faster.item.tops(exportctl::Precision::kFp8) = exportctl::Tops(300);
  faster.item.tops(exportctl::Precision::kInt8) = exportctl::Tops(300);
  faster.item.tops(exportctl::Precision::kFp16) = exportctl::Tops(150);
  std::printf("\n%s (TPP %g, same die) to %s on %s:\n", faster.item.model.c_str(), faster.item.tpp().value->value(),
              dest.ToString().c_str(), date.ToString().c_str());
  Print(exportctl::Evaluate(rules, faster, {.trace = exportctl::TraceLevel::kFired}));
  return 0;
}
