// A screening list of the real one's size: 30 000 synthetic rows in the CSL's shape
// (tests/lists/synthetic_csl.h). Measures the import from JSON and from CSV over the built-in
// catalog's entities, the compile of the imported pack with the built-in catalog (the realistic
// mix of dates, and every row dated differently: the most date segments), and the pack as TOML:
// writing it and reading it back, the --rules path.
#include <memory>
#include <string>
#include <vector>

#include "../tests/lists/synthetic_csl.h"
#include "benchmark/benchmark.h"
#include "exportctl/exportctl.h"

namespace exportctl {
namespace {

constexpr int kRows = 30000;

const std::string& ListText(bool json, bool dated = false) {
  static const std::string texts[2][2] = {
      {testing::MakeSyntheticCsl(kRows, false).text, testing::MakeSyntheticCsl(kRows, false, true).text},
      {testing::MakeSyntheticCsl(kRows, true).text, testing::MakeSyntheticCsl(kRows, true, true).text}};
  return texts[json][dated];
}

const RuleSet& Builtin() {
  static const std::shared_ptr<const RuleSet> rules = *BuiltinRuleSet();
  return *rules;
}

ScreeningListImport Import(bool json, bool dated = false) {
  return *ImportScreeningList(ListText(json, dated), json ? "synthetic.json" : "synthetic.csv",
                              {.base = Builtin().entities()});
}

void ImportList(benchmark::State& state, bool json) {
  const std::string& text = ListText(json);
  Builtin();
  for (auto _ : state) {
    absl::StatusOr<ScreeningListImport> list =
        ImportScreeningList(text, json ? "synthetic.json" : "synthetic.csv", {.base = Builtin().entities()});
    if (!list.ok() || list->summary.imported != kRows) state.SkipWithError("import failed");
    benchmark::DoNotOptimize(list);
  }
  state.counters["rows"] = kRows;
  state.counters["MB"] = static_cast<double>(text.size()) / 1e6;
}
void BM_ImportJson(benchmark::State& state) { ImportList(state, true); }
void BM_ImportCsv(benchmark::State& state) { ImportList(state, false); }
BENCHMARK(BM_ImportJson)->Unit(benchmark::kMillisecond)->Iterations(5);
BENCHMARK(BM_ImportCsv)->Unit(benchmark::kMillisecond)->Iterations(5);

void CompileWithBuiltin(benchmark::State& state, bool dated) {
  const ScreeningListImport list = Import(true, dated);
  for (auto _ : state) {
    absl::StatusOr<std::shared_ptr<const RuleSet>> rules = BuiltinRuleSet({list.pack});
    if (!rules.ok()) state.SkipWithError("compile failed");
    benchmark::DoNotOptimize(rules);
  }
  state.counters["parties"] = static_cast<double>(list.pack.entities.size());
}
void BM_CompileWithBuiltin(benchmark::State& state) { CompileWithBuiltin(state, false); }
void BM_CompileWithBuiltinEveryRowDated(benchmark::State& state) { CompileWithBuiltin(state, true); }
BENCHMARK(BM_CompileWithBuiltin)->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK(BM_CompileWithBuiltinEveryRowDated)->Unit(benchmark::kMillisecond)->Iterations(1);

void BM_WriteToml(benchmark::State& state) {
  const ScreeningListImport list = Import(true);
  size_t bytes = 0;
  for (auto _ : state) {
    const std::vector<std::string> parts = ScreeningListToToml(list);
    bytes = 0;
    for (const std::string& part : parts) bytes += part.size();
    state.counters["parts"] = static_cast<double>(parts.size());
  }
  state.counters["MB"] = static_cast<double>(bytes) / 1e6;
}
BENCHMARK(BM_WriteToml)->Unit(benchmark::kMillisecond)->Iterations(3);

void BM_LoadTomlParts(benchmark::State& state) {
  const std::vector<std::string> parts = ScreeningListToToml(Import(true));
  for (auto _ : state) {
    for (const std::string& part : parts) {
      absl::StatusOr<RulePack> pack = LoadRulePack(part, "synthetic.toml");
      if (!pack.ok()) state.SkipWithError("load failed");
      benchmark::DoNotOptimize(pack);
    }
  }
}
BENCHMARK(BM_LoadTomlParts)->Unit(benchmark::kMillisecond)->Iterations(3);

}  // namespace
}  // namespace exportctl
