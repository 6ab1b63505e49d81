// Story: what if the 3A090.a TPP threshold dropped from 4800 to 3000 on 2027-01-01?
//
// Rule packs are data, so a scenario is an overlay: examples/whatif/lower_tpp.toml adds one value
// to the parameter series `us.3a090.a.tpp` (parameters merge by id) and carries its own tests.
// This example compiles the built-in catalog with and without the overlay, evaluates every
// catalog chip to China on 2027-02-01 (the sale in examples/sales/whatif.json, its item replaced
// by each chip), prints the US classification and verdict side by side, marks the chips that
// change, explains each change from the trace, and runs the overlay's own tests.
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "exportctl/exportctl.h"
#include "story_support.h"

namespace {

using namespace exportctl_examples;

constexpr char kProgram[] = "whatif";

// "3A090.a, notification_required (NAC)"
std::string Summary(const exportctl::Decision& d) {
  const exportctl::JurisdictionDecision* us = d.Find(exportctl::Country::Of("US"));
  if (us == nullptr) return "?";
  std::string out = S(us->classification) + ", " + S(exportctl::VerdictName(us->verdict));
  if (!us->license_exception.empty()) out += " (" + S(us->license_exception) + ")";
  return out;
}

// The rules behind the US side, e.g. "us-2023-3a090 3A090.a; us-2023-license; us-nac".
std::string UsReasons(const exportctl::Decision& d) {
  std::string out;
  for (const exportctl::TraceEntry& t : d.trace) {
    if (t.jurisdiction != exportctl::Country::Of("US")) continue;
    if (!out.empty()) out += "; ";
    out += S(t.rule) + " [" + S(exportctl::LegalForceName(t.legal_force)) + "]";
  }
  return out.empty() ? "no US rule applies" : out;
}

}  // namespace

int main() {
  const std::string overlay_path = std::string(EXPORTCTL_SOURCE_DIR) + "/examples/whatif/lower_tpp.toml";
  absl::StatusOr<exportctl::RulePack> pack = exportctl::LoadRulePackFile(overlay_path);
  if (!pack.ok()) return Fail(kProgram, pack.status());
  const std::shared_ptr<const exportctl::RuleSet> base = OpenCatalog(kProgram);
  if (base == nullptr) return 1;
  const std::shared_ptr<const exportctl::RuleSet> whatif = OpenCatalog(kProgram, {*pack});
  if (whatif == nullptr) return 1;
  absl::StatusOr<exportctl::Sale> sale = LoadSale("whatif.json", *base);
  if (!sale.ok()) return Fail(kProgram, sale.status());

  std::string shown = pack->info.source;  // the path, relative to the source tree
  const std::string root = std::string(EXPORTCTL_SOURCE_DIR) + "/";
  if (shown.rfind(root, 0) == 0) shown.erase(0, root.size());
  std::printf("Overlay %s (%s): %s\n", pack->info.id.c_str(), shown.c_str(), pack->info.description.c_str());
  for (const exportctl::ParameterSeries& p : pack->parameters)
    for (const exportctl::ParameterValue& v : p.values)
      std::printf("  parameter %s = %g from %s, cited \"%s\"%s\n", p.id.c_str(), v.value, v.from.ToString().c_str(),
                  v.citation.c_str(), v.modeled ? " (modeled)" : "");
  std::printf("Every catalog chip to %s on %s (no license, %s buyer), US classification and verdict:\n\n",
              sale->destination.ToString().c_str(), sale->date.ToString().c_str(),
              S(exportctl::SectorName(sale->buyer.sector)).c_str());
  std::printf("    %-26s %-8s  %-40s  %s\n", "chip", "TPP", "built-in catalog (threshold 4800)",
              "with the overlay (3000)");

  struct Change {
    std::string model;
    exportctl::Decision before, after;
  };
  std::vector<Change> changes;
  for (const exportctl::CatalogChip& c : base->chips()) {
    exportctl::Sale s = *sale;
    s.item = c.chip;
    const exportctl::Decision before = exportctl::Evaluate(*base, s, {.trace = exportctl::TraceLevel::kFired});
    const exportctl::Decision after = exportctl::Evaluate(*whatif, s, {.trace = exportctl::TraceLevel::kFired});
    const std::string b = Summary(before), a = Summary(after);
    const bool changed = b != a;
    char tpp[16] = "?";
    if (before.tpp) std::snprintf(tpp, sizeof tpp, "%g", before.tpp->value());
    std::printf("  %s %-26s %-8s  %-40s  %s\n", changed ? "*" : " ", c.chip.model.c_str(), tpp, b.c_str(), a.c_str());
    if (changed) changes.push_back({c.chip.model, before, after});
  }
  std::printf("\n  * changes: %zu chip(s)\n\n", changes.size());

  for (const Change& ch : changes) {
    std::printf("%s changes:\n", ch.model.c_str());
    std::printf("  built-in: %s\n      because %s\n", Summary(ch.before).c_str(), UsReasons(ch.before).c_str());
    std::printf("  what-if:  %s\n      because %s\n", Summary(ch.after).c_str(), UsReasons(ch.after).c_str());
    for (const exportctl::TraceEntry& t : ch.after.trace)
      for (const exportctl::ThresholdUse& u : t.thresholds)
        if (u.parameter == "us.3a090.a.tpp" && u.result)
          std::printf("      %s reads %s %g %s %g (@%s, value from %s)\n", S(t.rule).c_str(),
                      S(exportctl::MetricName(u.metric)).c_str(), u.value, S(exportctl::CompareOpSymbol(u.op)).c_str(),
                      u.threshold, S(u.parameter).c_str(), u.parameter_from.ToString().c_str());
  }

  // The overlay's own tests, run on the overlaid rule set.
  std::printf("\nThe overlay's own [[test]] cases:\n");
  int passed = 0, total = 0;
  for (const exportctl::PackTestResult& r : exportctl::RunPackTests(*whatif)) {
    if (r.test->location.file != overlay_path) continue;
    ++total;
    if (r.passed) ++passed;
    std::printf("%s  test: %s%s%s\n", r.passed ? "ok  " : "FAIL", r.test->name.c_str(), r.passed ? "" : ": ",
                r.failure.c_str());
  }
  std::printf("\n%d of %d tests of the overlay pass\n", passed, total);
  return passed == total ? 0 : 1;
}
