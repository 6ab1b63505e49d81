// How cost grows with the size of the rule set.
//
// Rules: n synthetic rules (10 .. 10 000) in two shapes.
//   - "windowed": rule k is in force for 30 days from day 3k after 2000-01-01, so about ten rules
//     are in force on any day whatever n is. Evaluate should stay flat (O(log boundaries +
//     rules in force)); Compile's date index costs O(segments × rules) time.
//   - "open": rule k is in force from day 3k on, with no end: the rules in force grow with n
//     (Evaluate is linear in them by design), and the date index holds segments × rules entries.
// Entities: 1 000 .. 100 000 entities with three times as many ownership edges
// (bench::SyntheticEntityPack, as in entities_benchmark.cc); Compile (with the coverage fixpoint) and Evaluate.
//
//   build/bench/bench/scaling_benchmark --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
#include <map>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "bench_support.h"
#include "benchmark/benchmark.h"
#include "exportctl/exportctl.h"

namespace exportctl {
namespace {

using bench::Day;
const Date kBase = Date(2000, 1, 1);
constexpr const char* kDestinations[] = {"CN", "MO", "RU", "AE", "SA", "VN", "DE", "JP", "IN", "SG"};

// n rules of mixed effects over one US jurisdiction.
RulePack SyntheticRules(int n, bool windowed) {
  RulePack pack;
  pack.info.id = "synthetic-rules";
  JurisdictionSpec us;
  us.code = Country::Of("US");
  us.scope = *ParsePredicate("origin in [US]");
  us.classifications = {"3A090.a", "3A090.b"};
  pack.jurisdictions = {us};
  CountryGroup g;
  g.id = "X:1";
  g.citation = "synthetic";
  for (const char* c : {"CN", "MO", "RU", "BY", "IR"}) g.members.push_back({Country::Of(c), {}});
  pack.groups = {g};
  pack.rules.reserve(n);
  for (int k = 0; k < n; ++k) {
    Rule r;
    r.id = "r" + std::to_string(k);
    r.jurisdiction = us.code;
    r.announced = r.effective.from = kBase.AddDays(3 * k);
    if (windowed) r.effective.until = r.effective.from.AddDays(30);
    r.citations = {"synthetic"};
    const std::string tpp = std::to_string(1000 + (k * 37) % 5000);
    const char* dest = kDestinations[k % 10];
    switch (k % 4) {
      case 0:
        r.when = *ParsePredicate("datacenter and tpp >= " + tpp + " or performance_density >= 5.92");
        r.outcome.effect = EffectKind::kClassify;
        r.outcome.classification = k % 8 == 0 ? "3A090.a" : "3A090.b";
        break;
      case 1:
        r.when =
            *ParsePredicate("classification in [3A090.a, 3A090.b] and destination in [X:1, " + std::string(dest) + "]");
        r.outcome.effect = EffectKind::kRequireLicense;
        r.outcome.review_policy = ReviewPolicy::kPresumptionOfDenial;
        break;
      case 2:
        r.when = *ParsePredicate("tpp >= " + tpp + " and buyer_hq in [" + dest + "] and not sector in [research]");
        r.outcome.effect = EffectKind::kRequireLicense;
        r.outcome.review_policy = ReviewPolicy::kCaseByCase;
        break;
      default:
        r.when = *ParsePredicate("destination in [" + std::string(dest) + "] and interconnect_gbps >= 600");
        r.outcome.effect = EffectKind::kAdvisory;
        r.outcome.advisory = "synthetic";
        break;
    }
    pack.rules.push_back(std::move(r));
  }
  return pack;
}

const RulePack& RulesPack(int n, bool windowed) {
  static std::map<std::pair<int, bool>, RulePack> packs;
  auto it = packs.find({n, windowed});
  if (it == packs.end()) it = packs.emplace(std::make_pair(n, windowed), SyntheticRules(n, windowed)).first;
  return it->second;
}

std::shared_ptr<const RuleSet> RulesCompiled(int n, bool windowed) {
  static std::map<std::pair<int, bool>, std::shared_ptr<const RuleSet>> sets;
  auto it = sets.find({n, windowed});
  if (it == sets.end()) it = sets.emplace(std::make_pair(n, windowed), *Compile({RulesPack(n, windowed)})).first;
  return it->second;
}

void CompileRules(benchmark::State& state, bool windowed) {
  const int n = static_cast<int>(state.range(0));
  const RulePack& pack = RulesPack(n, windowed);
  const bench::CompileStats stats = bench::TimeCompile(state, pack);
  state.counters["rules"] = n;
  state.counters["boundaries"] = static_cast<double>(stats.boundaries);
  state.counters["compiled_MiB"] = static_cast<double>(stats.bytes) / (1 << 20);
}
void BM_CompileRulesWindowed(benchmark::State& state) { CompileRules(state, true); }
void BM_CompileRulesOpen(benchmark::State& state) { CompileRules(state, false); }
BENCHMARK(BM_CompileRulesWindowed)
    ->ArgName("rules")
    ->Arg(10)
    ->Arg(100)
    ->Arg(1000)
    ->Arg(3000)
    ->Arg(10000)
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1);
BENCHMARK(BM_CompileRulesOpen)
    ->ArgName("rules")
    ->Arg(10)
    ->Arg(100)
    ->Arg(1000)
    ->Arg(3000)
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1);

// Sales on days spread over the rules' whole span, so every part of the index is hit.
std::vector<Sale> ScalingSales(int n) {
  std::mt19937 rng(7);
  std::vector<Sale> sales;
  const int span = 3 * n + 30;
  for (int i = 0; i < 4096; ++i) {
    Sale s;
    s.date = kBase.AddDays(static_cast<int>(rng() % span));
    s.item.model = "Synthetic";
    s.item.origin = Country::Of("US");
    s.item.datacenter = rng() % 2;
    s.item.tpp_direct = Tpp(500 + rng() % 8000);
    s.item.die_area_mm2 = SquareMillimeters(300 + rng() % 600);
    s.item.interconnect_gbps = GigabytesPerSecond(rng() % 2 ? 900 : 400);
    s.destination = Country::Of(kDestinations[rng() % 10]);
    s.buyer.headquarters = Country::Of(kDestinations[rng() % 10]);
    sales.push_back(std::move(s));
  }
  return sales;
}

void EvaluateRules(benchmark::State& state, bool windowed) {
  const int n = static_cast<int>(state.range(0));
  const std::shared_ptr<const RuleSet> rules = RulesCompiled(n, windowed);
  const std::vector<Sale> sales = ScalingSales(n);
  const EvalOptions options{.trace = static_cast<TraceLevel>(state.range(1))};
  bench::TimeEvaluate(state, *rules, sales, options);
  double in_force = 0;
  for (size_t k = 0; k < 256; ++k) in_force += static_cast<double>(rules->RulesInForce(sales[k].date).size());
  state.counters["rules"] = n;
  state.counters["in_force"] = in_force / 256;
}
void BM_EvaluateRulesWindowed(benchmark::State& state) { EvaluateRules(state, true); }
void BM_EvaluateRulesOpen(benchmark::State& state) { EvaluateRules(state, false); }
BENCHMARK(BM_EvaluateRulesWindowed)->ArgNames({"rules", "trace"})->ArgsProduct({{10, 100, 1000, 3000, 10000}, {0, 1}});
BENCHMARK(BM_EvaluateRulesOpen)->ArgNames({"rules", "trace"})->ArgsProduct({{10, 100, 1000, 3000}, {0}});

// --- Entities --------------------------------------------------------------------------------

const RulePack& EntitiesPack(int n) {
  static std::map<int, RulePack> packs;
  auto it = packs.find(n);
  if (it == packs.end()) it = packs.emplace(n, bench::SyntheticEntityPack(n, 3 * n)).first;
  return it->second;
}

void BM_CompileEntities(benchmark::State& state) {
  const RulePack& pack = EntitiesPack(static_cast<int>(state.range(0)));
  const bench::CompileStats stats = bench::TimeCompile(state, pack);
  state.counters["edges"] = static_cast<double>(pack.ownership.size());
  state.counters["compiled_MiB"] = static_cast<double>(stats.bytes) / (1 << 20);
}
BENCHMARK(BM_CompileEntities)
    ->ArgName("entities")
    ->Arg(1000)
    ->Arg(10000)
    ->Arg(100000)
    ->Unit(benchmark::kMillisecond)
    ->Iterations(3);

// Buyers drawn from the whole graph (listed, covered and unrelated alike), named as in the pack
// but for the suffix, so the lookup normalizes and hashes a realistic name.
void BM_EvaluateEntities(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  const std::shared_ptr<const RuleSet> rules = *Compile({EntitiesPack(n)});
  std::mt19937 rng(11);
  std::vector<Sale> sales;
  for (int i = 0; i < 4096; ++i)
    sales.push_back(bench::EntitySale(Day(i % 2 ? "2025-10-15" : "2024-03-01"), "Entity " + std::to_string(rng() % n)));
  size_t not_allowed = 0;
  bench::TimeEvaluate(state, *rules, sales, {}, [&](const Decision& d) { not_allowed += !d.allowed; });
  state.counters["entities"] = n;
  state.counters["share_not_allowed"] = static_cast<double>(not_allowed) / static_cast<double>(state.iterations());
}
BENCHMARK(BM_EvaluateEntities)->ArgName("entities")->Arg(1000)->Arg(10000)->Arg(100000);

}  // namespace
}  // namespace exportctl
