// The Entity List and the affiliates rule at scale: a synthetic ownership graph of 100 000
// entities and 300 000 edges. Measures Compile (with the per-segment coverage fixpoint), the
// memory it takes, and Evaluate for a listed, a covered and an unrelated buyer.
#include <memory>
#include <string>

#include "bench_support.h"
#include "benchmark/benchmark.h"
#include "exportctl/exportctl.h"

namespace exportctl {
namespace {

using bench::Day;

const RulePack& Pack() {
  static const RulePack pack = bench::SyntheticEntityPack(100000, 300000);
  return pack;
}

void BM_CompileEntityGraph(benchmark::State& state) {
  const RulePack& pack = Pack();
  const bench::CompileStats stats = bench::TimeCompile(state, pack);
  state.counters["entities"] = static_cast<double>(pack.entities.size());
  state.counters["edges"] = static_cast<double>(pack.ownership.size());
  state.counters["compiled_MiB"] = static_cast<double>(stats.bytes) / (1 << 20);
}
BENCHMARK(BM_CompileEntityGraph)->Unit(benchmark::kMillisecond)->Iterations(3);

std::shared_ptr<const RuleSet> Compiled() {
  static const std::shared_ptr<const RuleSet> rules = *Compile({Pack()});
  return rules;
}

// The first entity of the graph that is listed / covered but not listed / neither.
std::string FindBuyer(int kind) {
  const std::shared_ptr<const RuleSet> rules = Compiled();
  Sale sale = bench::EntitySale(Day("2025-10-15"), "");
  for (const Entity& e : rules->entities()) {
    sale.buyer.name = e.name;
    Decision d = Evaluate(*rules, sale, {.trace = TraceLevel::kFired});
    const bool listed = d.Fired("entity-list"), covered = d.Fired("affiliates");
    if ((kind == 0 && listed) || (kind == 1 && covered && !listed) || (kind == 2 && !listed && !covered)) return e.name;
  }
  return "";
}

void EvaluateBuyer(benchmark::State& state, int kind) {
  const std::shared_ptr<const RuleSet> rules = Compiled();
  const Sale sale = bench::EntitySale(Day("2025-10-15"), FindBuyer(kind));
  if (sale.buyer.name.empty()) state.SkipWithError("no such buyer in the graph");
  Verdict expected = kind == 2 ? Verdict::kAllowed : Verdict::kLicenseRequired;
  for (auto _ : state) {
    Decision d = Evaluate(*rules, sale);
    if (d.verdict != expected) state.SkipWithError("unexpected verdict");
    benchmark::DoNotOptimize(d);
  }
  state.SetItemsProcessed(state.iterations());
}
void BM_EvaluateListedBuyer(benchmark::State& state) { EvaluateBuyer(state, 0); }
void BM_EvaluateCoveredBuyer(benchmark::State& state) { EvaluateBuyer(state, 1); }
void BM_EvaluateUnrelatedBuyer(benchmark::State& state) { EvaluateBuyer(state, 2); }
BENCHMARK(BM_EvaluateListedBuyer);
BENCHMARK(BM_EvaluateCoveredBuyer);
BENCHMARK(BM_EvaluateUnrelatedBuyer);

}  // namespace
}  // namespace exportctl
