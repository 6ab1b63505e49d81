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
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "exportctl/exportctl.h"

namespace {

std::string S(std::string_view v) { return std::string(v); }
std::string Msg(const absl::Status& status) { return std::string(status.message()); }

absl::StatusOr<exportctl::Sale> LoadSale(const std::string& name, const exportctl::RuleSet& rules) {
  const std::string path = std::string(EXPORTCTL_SOURCE_DIR) + "/examples/sales/" + name;
  std::ifstream in(path);
  if (!in) return absl::NotFoundError("cannot read '" + path + "'");
  std::stringstream text;
  text << in.rdbuf();
  absl::StatusOr<exportctl::Sale> sale = exportctl::ParseSaleJson(text.str(), rules);
  if (!sale.ok()) return absl::InvalidArgumentError(path + ":" + Msg(sale.status()));
  return sale;
}

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
  std::printf("  overall: %s (%s)\n", S(exportctl::VerdictName(d.verdict)).c_str(),
              d.allowed ? "may ship" : "may not ship");
  for (const exportctl::JurisdictionDecision& j : d.jurisdictions) {
    std::printf("  %s side: %s", j.jurisdiction.ToString().c_str(), S(exportctl::VerdictName(j.verdict)).c_str());
    if (!j.classification.empty()) std::printf("; classification %s", S(j.classification).c_str());
    if (j.review_policy) std::printf("; review %s", S(exportctl::ReviewPolicyName(*j.review_policy)).c_str());
    if (!j.missing.empty()) std::printf("; missing spec: %s", Names(j.missing).c_str());
    std::printf("\n");
    for (const exportctl::Advisory& a : j.advisories)
      std::printf("    advisory (%s): %s\n", S(a.rule).c_str(), S(a.text).c_str());
  }
  for (const exportctl::TraceEntry& t : d.trace) {
    std::printf("    because %s [%s] %s%s%s\n", S(t.rule).c_str(), S(exportctl::LegalForceName(t.legal_force)).c_str(),
                S(t.effect).c_str(), t.detail.empty() ? "" : ": ", t.detail.c_str());
    std::printf("        cited: %s%s\n", S(t.citation).c_str(), t.modeled ? " (modeled)" : "");
  }
}

}  // namespace

int main() {
  absl::StatusOr<std::shared_ptr<const exportctl::RuleSet>> rules = exportctl::BuiltinRuleSet();
  if (!rules.ok()) {
    std::fprintf(stderr, "rtx_pro_6000d: %s\n", Msg(rules.status()).c_str());
    return 1;
  }
  absl::StatusOr<exportctl::Sale> base = LoadSale("rtx_pro_6000d.json", **rules);
  if (!base.ok()) {
    std::fprintf(stderr, "rtx_pro_6000d: %s\n", Msg(base.status()).c_str());
    return 1;
  }
  const exportctl::Chip& chip = base->item;
  std::printf("%s: datacenter card, die %g mm², DRAM %g GB/s, TPP %s\n", chip.model.c_str(),
              chip.die_area_mm2->value(), chip.memory_bandwidth_gbps->value(),
              chip.tpp().known() ? std::to_string(chip.tpp().value->value()).c_str() : "not public (unknown)");
  std::printf("sale: %lld units to %s in %s\n\n", static_cast<long long>(base->quantity), base->buyer.name.c_str(),
              base->destination.ToString().c_str());

  for (const char* day : {"2025-09-16", "2025-09-17"}) {
    exportctl::Sale sale = *base;
    sale.date = *exportctl::Date::Parse(day);
    std::printf("%s%s\n", day, sale.date == base->date ? " (the day before China's stop)" : " (China's stop)");
    Print(exportctl::Evaluate(**rules, sale, {.trace = exportctl::TraceLevel::kFired}));
    std::printf("\n");
  }

  // The US side waits on the TPP: the largest TPP that needs no US license for this die area.
  const exportctl::Headroom room = exportctl::ComputeHeadroom(**rules, base->destination, base->date,
                                                              chip.datacenter, chip.die_area_mm2);
  if (room.tpp_below) {
    std::printf("The US side needs the TPP: a datacenter chip with a %g mm² die needs no US license or\n"
                "notification to %s on %s if its TPP is below %g (rule %s).\n\n",
                chip.die_area_mm2->value(), base->destination.ToString().c_str(), base->date.ToString().c_str(),
                room.tpp_below->value(), S(room.rule).c_str());
  }

  // The decision over time, one line per change.
  const exportctl::Date from = *exportctl::Date::Parse("2025-06-01");
  const exportctl::Date to = *exportctl::Date::Parse("2026-03-31");
  absl::StatusOr<std::vector<exportctl::TimelineSegment>> timeline = exportctl::Timeline(**rules, *base, from, to);
  if (!timeline.ok()) {
    std::fprintf(stderr, "rtx_pro_6000d: %s\n", Msg(timeline.status()).c_str());
    return 1;
  }
  std::printf("Timeline %s .. %s (first and last day of each period):\n", from.ToString().c_str(), to.ToString().c_str());
  for (const exportctl::TimelineSegment& seg : *timeline) {
    std::printf("  %s .. %s  %-14s", seg.interval.from.ToString().c_str(),
                seg.interval.until.AddDays(-1).ToString().c_str(), S(exportctl::VerdictName(seg.decision.verdict)).c_str());
    for (const exportctl::JurisdictionDecision& j : seg.decision.jurisdictions)
      std::printf("  %s %s", j.jurisdiction.ToString().c_str(), S(exportctl::VerdictName(j.verdict)).c_str());
    std::printf("  rules:");
    for (std::string_view r : seg.rules) std::printf(" %s", S(r).c_str());
    if (seg.rules.empty()) std::printf(" none");
    std::printf("\n");
  }
  return 0;
}
