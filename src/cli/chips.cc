// exportctl chips: the chip catalog, as text or JSON.
#include <charconv>
#include <cmath>
#include <cstdio>
#include <memory>
#include <string>

#include "cli.h"

namespace exportctl::cli {
namespace {

std::string FormatNumber(double v) {
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, r.ptr);
}

double Round(double v, double scale) { return std::round(v * scale) / scale; }

std::string ChipLine(const CatalogChip& c) {
  const Known<Tpp> tpp = c.chip.tpp();
  const Known<PerformanceDensity> pd = c.chip.performance_density();
  const std::string tpp_text = tpp.value ? FormatNumber(std::round(tpp.value->value() * 10) / 10) : "?";
  const std::string pd_text = pd.value ? FormatNumber(Round(pd.value->value(), 1000)) : "?";
  char line[256];
  std::snprintf(line, sizeof line, "%-22s TPP %8s  PD %7s  %s  %s\n", c.chip.model.c_str(), tpp_text.c_str(),
                pd_text.c_str(), c.chip.origin.valid() ? c.chip.origin.ToString().c_str() : "??",
                !c.chip.datacenter   ? "datacenter?"
                : *c.chip.datacenter ? "datacenter"
                                     : "consumer");
  return line;
}

absl::StatusOr<int> RunChips(const Common& common, bool json) {
  absl::StatusOr<Setup> setup = LoadSetup(common);
  if (!setup.ok()) return setup.status();
  std::string out;
  if (json) {
    out = ChipsToJson(*setup->rules, {.pretty = common.pretty}) + "\n";
  } else {
    for (const CatalogChip& c : setup->rules->chips()) out += ChipLine(c);
  }
  return Print(out);
}

}  // namespace

Command AddChips(CLI::App& app, Common& common) {
  auto json = std::make_shared<bool>(false);
  CLI::App* chips = AddCommand(app, common, "chips", "List the chip catalog", kPretty);
  AddJsonFlag(chips, *json);
  return {chips, [&common, json] { return RunChips(common, *json); }};
}

}  // namespace exportctl::cli
