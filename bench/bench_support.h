// Helpers shared by the benchmarks in bench/: the mixed catalog workload, the synthetic Entity
// List pack, sales to its buyers, and the timed loops for Compile and Evaluate that several
// benchmarks run alike.
// Header-only.
#ifndef EXPORTCTL_BENCH_BENCH_SUPPORT_H_
#define EXPORTCTL_BENCH_BENCH_SUPPORT_H_

#include <malloc.h>

#include <algorithm>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "benchmark/benchmark.h"
#include "exportctl/exportctl.h"

namespace exportctl::bench {

inline Date Day(const char* text) { return *Date::Parse(text); }

// The mixed workload of issue 6 on a rule set's catalog: every catalog chip × 30 destinations ×
// 30 dates 2022-01-01..2026-11-05 × a buyer without owners and one 60 % owned by the first listed
// entity, shuffled with a fixed seed. Each sale's heap data stays where it was allocated, in
// generation order; copy the vector to lay it out in reading order.
inline std::vector<Sale> MixedWorkload(const RuleSet& rules) {
  static constexpr const char* kDestinations[] = {"CN", "HK", "MO", "RU", "BY", "IR", "KP", "SY", "CU", "VE",
                                                  "US", "DE", "FR", "GB", "JP", "KR", "TW", "IN", "AE", "SA",
                                                  "SG", "VN", "MY", "TH", "ID", "BR", "MX", "IL", "AU", "CA"};
  std::string listed;  // an owner that makes its buyer covered
  for (const Entity& e : rules.entities()) {
    if (!e.listings.empty()) {
      listed = e.name;
      break;
    }
  }
  std::vector<Sale> out;
  for (const CatalogChip& chip : rules.chips()) {
    for (const char* destination : kDestinations) {
      for (int k = 0; k < 30; ++k) {
        const Date date = Day("2022-01-01").AddDays(k * 61);  // 2022-01-01 .. 2026-11-05
        for (int with_owners = 0; with_owners < 2; ++with_owners) {
          Sale s;
          s.date = date;
          s.item = chip.chip;
          s.quantity = 1000;
          s.unit_price_usd = Usd(12000);
          s.destination = Country::Of(destination);
          s.buyer.headquarters = s.destination;
          if (with_owners) {
            s.buyer.name = "Example Subsidiary Co";
            s.buyer.owners.push_back({listed, 60, {}});
            s.buyer.owners.push_back({"Example Holding", 40, {{"Example Family Trust", 100, {}}}});
          } else {
            s.buyer.name = "Example Cloud Co";
          }
          out.push_back(std::move(s));
        }
      }
    }
  }
  std::shuffle(out.begin(), out.end(), std::mt19937(20251115));
  return out;
}

// A synthetic Entity List: entities e0..e(n-1) named "Entity <i> Co., Ltd.", about 1 % listed on
// one of ten dates; `edges` ownership edges, each entity with owners mostly among the entities
// before it (one edge in fifty goes the other way: cross-holdings), holding at most 100 % in all.
// Two US rules read it: "entity-list" (buyer_listed, from 2019) and "affiliates"
// (buyer_affiliate_listed, from 2025-09-29). The same seed gives the same pack every time.
inline RulePack SyntheticEntityPack(int entities, int edges) {
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
    if (rng() % 100 == 0)
      e.listings.push_back(
          {"entity_list", {Day(listing_days[rng() % 10]), Date::Unbounded()}, std::nullopt, "synthetic"});
    pack.entities.push_back(std::move(e));
  }
  pack.ownership.reserve(edges);
  std::vector<double> held(entities, 0);
  while (pack.ownership.size() < static_cast<size_t>(edges)) {
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
  entity_list.jurisdiction = us.code;
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

// A sale of a synthetic US-origin chip to `buyer` in Germany on `date`: what the entity packs'
// rules read is the buyer alone.
inline Sale EntitySale(Date date, std::string buyer) {
  Sale sale;
  sale.date = date;
  sale.item.model = "Synthetic";
  sale.item.origin = Country::Of("US");
  sale.destination = Country::Of("DE");
  sale.buyer.name = std::move(buyer);
  return sale;
}

// What the last iteration of TimeCompile compiled.
struct CompileStats {
  size_t bytes = 0;       // heap the compiled rule set holds (mallinfo2, before and after)
  size_t boundaries = 0;  // its date boundaries
};

// Times Compile({pack}), once per iteration.
inline CompileStats TimeCompile(benchmark::State& state, const RulePack& pack) {
  CompileStats stats;
  for (auto _ : state) {
    const size_t before = mallinfo2().uordblks;
    absl::StatusOr<std::shared_ptr<const RuleSet>> rules = Compile({pack});
    if (!rules.ok()) state.SkipWithError(std::string(rules.status().message()).c_str());
    stats.bytes = mallinfo2().uordblks - before;
    if (rules.ok()) stats.boundaries = (*rules)->boundaries().size();
    benchmark::DoNotOptimize(rules);
  }
  return stats;
}

// Times Evaluate on `sales` round robin, one sale per iteration, handing each decision to
// `on_decision`; sets the items processed (one per iteration).
template <typename OnDecision>
void TimeEvaluate(benchmark::State& state, const RuleSet& rules, const std::vector<Sale>& sales,
                  const EvalOptions& options, OnDecision on_decision) {
  size_t i = 0;
  for (auto _ : state) {
    Decision d = Evaluate(rules, sales[i], options);
    on_decision(d);
    benchmark::DoNotOptimize(d);
    if (++i == sales.size()) i = 0;
  }
  state.SetItemsProcessed(state.iterations());
}

inline void TimeEvaluate(benchmark::State& state, const RuleSet& rules, const std::vector<Sale>& sales,
                         const EvalOptions& options) {
  TimeEvaluate(state, rules, sales, options, [](const Decision&) {});
}

}  // namespace exportctl::bench

#endif  // EXPORTCTL_BENCH_BENCH_SUPPORT_H_
