// Story: the NVIDIA H200 to China in 2026.
//
// From 2026-01-15 the US reviews licenses for chips below the "H200 gate" (TPP < 21000 and DRAM
// bandwidth < 6500 GB/s) case by case, on conditions: a volume cap, third-party testing in the
// US, know-your-customer checks against remote access, and a 25 % levy. From 2026-01-14 China
// requires an import approval for the H200, with conditions of its own (buy domestic chips
// alongside, stay within the approved quantity), and never approves it for military, government,
// critical-infrastructure or state-owned buyers. This example evaluates the sale in
// examples/sales/h200_2026.json (10,000 units at $30,000) and variations of it, and prints both
// sides' verdicts, conditions and reasons.
#include <cstdio>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "exportctl/exportctl.h"
#include "story_support.h"

namespace {

using namespace exportctl_examples;

constexpr char kProgram[] = "h200_2026";

// A condition in words, with its amounts.
std::string Describe(const exportctl::ConditionOut& c) {
  char buf[160];
  switch (c.kind) {
    case exportctl::ConditionKind::kRevenueShare:
      std::snprintf(buf, sizeof buf, "pay %g %% of the revenue", c.percent.value_or(0));
      return std::string(buf) + (c.amount_usd ? " = " + Usd(*c.amount_usd) : "");
    case exportctl::ConditionKind::kVolumeCap:
      std::snprintf(buf, sizeof buf, "China+Macau volume at most %g %% of the units shipped to US customers",
                    c.percent.value_or(0));
      return std::string(buf) + (c.max_units ? ": at most " + Grouped(*c.max_units) + " units" : "");
    case exportctl::ConditionKind::kThirdPartyTesting: return "third-party testing in the US before export";
    case exportctl::ConditionKind::kRemoteAccessKyc: return "know-your-customer checks against remote access";
    case exportctl::ConditionKind::kDomesticPurchase:
      if (c.ratio) {
        std::snprintf(buf, sizeof buf, "buy %g domestic accelerators per unit imported", *c.ratio);
        return buf;
      }
      return "buy domestic accelerators alongside (ratio unpublished)";
    case exportctl::ConditionKind::kApprovalQuantity:
      return "stay within the approved quantity" + (c.max_units ? ": at most " + Grouped(*c.max_units) + " units" : "");
  }
  return S(exportctl::ConditionKindName(c.kind));
}

void Print(const exportctl::Decision& d) {
  PrintOverall(d);
  for (const exportctl::JurisdictionDecision& j : d.jurisdictions) {
    PrintSideStart(j, "  ");
    if (j.licensed)
      std::printf("; covered by the %s held", j.jurisdiction == exportctl::Country::Of("US") ? "license" : "approval");
    std::printf("\n");
    PrintAdvisoryLines(j, "advisory");
  }
  for (const exportctl::ConditionOut& c : d.conditions)
    std::printf("    condition %s %-19s %s (%s)\n", c.jurisdiction.ToString().c_str(),
                S(exportctl::ConditionKindName(c.kind)).c_str(), Describe(c).c_str(), S(c.rule).c_str());
  PrintReasons(d);
}

struct Variation {
  const char* title;
  std::function<void(exportctl::Sale&)> change;
};

}  // namespace

int main() {
  const std::optional<Story> story = OpenStory(kProgram, "h200_2026.json");
  if (!story) return 1;
  const exportctl::RuleSet& rules = *story->rules;
  const exportctl::Sale& base = story->sale;
  const exportctl::Chip& h200 = base.item;
  std::printf("%s: TPP %g, DRAM bandwidth %g GB/s (the 2026 gate: TPP < 21000 and DRAM < 6500 GB/s)\n",
              h200.model.c_str(), h200.tpp().value->value(), h200.memory_bandwidth_gbps->value());
  std::printf("base sale: %s units at %s to %s (%s, %s), %s units shipped to US customers\n\n",
              Grouped(base.quantity).c_str(), Usd(base.unit_price_usd->value()).c_str(), base.buyer.name.c_str(),
              base.destination.ToString().c_str(), S(exportctl::SectorName(base.buyer.sector)).c_str(),
              Grouped(base.us_units_shipped.value_or(0)).c_str());

  const exportctl::CatalogChip* b200 = rules.FindChip("B200");
  const std::vector<Variation> variations = {
      {"before the January 2026 measures: no license yet, no approval needed",
       [](exportctl::Sale& s) {
         s.date = *exportctl::Date::Parse("2026-01-10");
         s.licenses.clear();
         s.approvals.clear();
       }},
      {"with a US license and a Chinese approval (the base sale)", [](exportctl::Sale&) {}},
      {"the same without a Chinese approval", [](exportctl::Sale& s) { s.approvals.clear(); }},
      {"the same without a US license", [](exportctl::Sale& s) { s.licenses.clear(); }},
      {"only 15,000 units shipped to US customers: the 50 % cap (7,500) is below the 10,000 sold, so the license does "
       "not cover the sale",
       [](exportctl::Sale& s) { s.us_units_shipped = 15000; }},
      {"a military buyer, with both the license and the approval",
       [](exportctl::Sale& s) {
         s.buyer.name = "Example Defense Institute";
         s.buyer.sector = exportctl::Sector::kMilitary;
       }},
      {"a state-owned buyer, with both the license and the approval",
       [](exportctl::Sale& s) {
         s.buyer.name = "Example State Compute Co";
         s.buyer.sector = exportctl::Sector::kStateOwned;
       }},
      {"a B200 instead (TPP 36000, DRAM 8000 GB/s: above the gate), no license",
       [b200](exportctl::Sale& s) {
         if (b200 != nullptr) s.item = b200->chip;
         s.licenses.clear();
         s.approvals.clear();
       }},
  };

  for (const Variation& v : variations) {
    exportctl::Sale sale = base;
    v.change(sale);
    std::printf("%s — %s, %s\n", sale.date.ToString().c_str(), sale.item.model.c_str(), v.title);
    Print(exportctl::Evaluate(rules, sale, {.trace = exportctl::TraceLevel::kFired}));
    std::printf("\n");
  }
  return 0;
}
