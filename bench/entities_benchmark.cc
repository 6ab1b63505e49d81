// The Entity List and the affiliates rule at scale: a synthetic ownership graph of 100 000
// entities and 300 000 edges. Measures Compile (with the per-segment coverage fixpoint), the
// memory it takes, and Evaluate for a listed, a covered and an unrelated buyer.
#include <malloc.h>

#include <random>
#include <string>

#include "benchmark/benchmark.h"
#include "exportctl/exportctl.h"

namespace exportctl {
namespace {

Date Day(const char* text) { return *Date::Parse(text); }

// Entities e0..e(n-1); about 1 % listed on one of ten dates; each entity has up to three owners
// among the entities before it (plus a few cross-holdings), holding at most 100 % in all.
RulePack SyntheticPack(int entities, int edges) {
  RulePack pack;
  pack.info.id = "synthetic-entities";
  JurisdictionSpec us;
  us.code = Country::Of("US");
  us.scope = *ParsePredicate("origin in [US]");
  pack.jurisdictions = {us};
  std::mt19937 rng(20251115);
  const char* listing_days[] = {"2019-05-16", "2020-08-17", "2021-04-08", "2022-10-07", "2023-03-02",
                                "2023-10-17", "2024-05-08", "2025-01-16", "2025-03-25", "2025-09-12"};
  pack.entities.reserve(entities);
  for (int i = 0; i < entities; ++i) {
    Entity e;
    e.name = "Entity " + std::to_string(i) + " Co., Ltd.";
    e.country = Country::Of(i % 3 == 0 ? "CN" : i % 3 == 1 ? "SG" : "DE");
    if (rng() % 100 == 0) e.listings.push_back({"entity_list", {Day(listing_days[rng() % 10]), Date::Unbounded()}, std::nullopt, "synthetic"});
    pack.entities.push_back(std::move(e));
  }
  pack.ownership.reserve(edges);
  std::vector<double> held(entities, 0);
  for (int k = 0; pack.ownership.size() < static_cast<size_t>(edges); ++k) {
    const int owned = 1 + static_cast<int>(rng() % (entities - 1));
    // Mostly older entities own newer ones; one edge in fifty goes the other way (cross-holdings).
    const int owner = rng() % 50 == 0 ? static_cast<int>(rng() % entities) : static_cast<int>(rng() % owned);
    const double percent = 5 + rng() % 46;
    if (owner == owned || held[owned] + percent > 100) continue;
    held[owned] += percent;
    OwnershipEdge o;
    o.owner = "Entity " + std::to_string(owner);
    o.owned = "Entity " + std::to_string(owned);
    o.percent = percent;
    pack.ownership.push_back(std::move(o));
  }
  Rule entity_list;
  entity_list.id = "entity-list";
  entity_list.jurisdiction = Country::Of("US");
  entity_list.announced = entity_list.effective.from = Day("2019-01-01");
  entity_list.citations = {"synthetic"};
  entity_list.when = *ParsePredicate("buyer_listed");
  entity_list.outcome.effect = EffectKind::kRequireLicense;
  entity_list.outcome.review_policy = ReviewPolicy::kPresumptionOfDenial;
  Rule affiliates = entity_list;
  affiliates.id = "affiliates";
  affiliates.announced = affiliates.effective.from = Day("2025-09-29");
  affiliates.when = *ParsePredicate("buyer_affiliate_listed");
  pack.rules = {entity_list, affiliates};
  return pack;
}

const RulePack& Pack() {
  static const RulePack pack = SyntheticPack(100000, 300000);
  return pack;
}

void BM_CompileEntityGraph(benchmark::State& state) {
  const RulePack& pack = Pack();
  size_t bytes = 0;
  for (auto _ : state) {
    const size_t before = mallinfo2().uordblks;
    absl::StatusOr<std::shared_ptr<const RuleSet>> rules = Compile({pack});
    if (!rules.ok()) state.SkipWithError(std::string(rules.status().message()).c_str());
    bytes = mallinfo2().uordblks - before;
    benchmark::DoNotOptimize(rules);
  }
  state.counters["entities"] = static_cast<double>(pack.entities.size());
  state.counters["edges"] = static_cast<double>(pack.ownership.size());
  state.counters["compiled_MiB"] = static_cast<double>(bytes) / (1 << 20);
}
BENCHMARK(BM_CompileEntityGraph)->Unit(benchmark::kMillisecond)->Iterations(3);

std::shared_ptr<const RuleSet> Compiled() {
  static const std::shared_ptr<const RuleSet> rules = *Compile({Pack()});
  return rules;
}

// The first entity of the graph that is listed / covered but not listed / neither.
std::string FindBuyer(int kind) {
  const std::shared_ptr<const RuleSet> rules = Compiled();
  Sale sale;
  sale.date = Day("2025-10-15");
  sale.item.origin = Country::Of("US");
  sale.destination = Country::Of("DE");
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
  Sale sale;
  sale.date = Day("2025-10-15");
  sale.item.model = "Synthetic";
  sale.item.origin = Country::Of("US");
  sale.destination = Country::Of("DE");
  sale.buyer.name = FindBuyer(kind);
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
