// The built-in catalog: Evaluate on a mixed workload at each trace level, Compile, the queries
// built on Evaluate (Timeline, ComputeHeadroom, Classify), and the JSON reader and writer that
// `exportctl batch` runs per line.
//
// The mixed workload: every catalog chip × 30 destinations × 30 dates spread over 2022–2026 ×
// two buyers (one with no owners, one 60 % owned by a listed entity), shuffled with a fixed seed,
// evaluated round robin. BM_EvaluateScattered times the same sales with their heap data left
// where the shuffle put it.
//
//   build/bench/bench/evaluate_benchmark --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "bench_support.h"
#include "benchmark/benchmark.h"
#include "exportctl/exportctl.h"

namespace exportctl {
namespace {

using bench::Day;

std::shared_ptr<const RuleSet> Builtin() {
  static const std::shared_ptr<const RuleSet> rules = *BuiltinRuleSet();
  return rules;
}

// The mixed workload as shuffled: each sale's heap data (names, owners) stays where it was
// allocated, in generation order, so reading the sales in shuffled order jumps across memory.
const std::vector<Sale>& ScatteredSales() {
  static const std::vector<Sale> sales = bench::MixedWorkload(*Builtin());
  return sales;
}

// The mixed workload, copied after the shuffle so that each sale's strings and owners lie in
// memory in the order the sales are read, as in an order book just parsed. The shuffle is there
// to mix the decision paths; ScatteredSales also scatters every sale's heap data and times cache
// misses of the benchmark's own making (docs/performance.md).
const std::vector<Sale>& MixedSales() {
  static const std::vector<Sale> sales(ScatteredSales().begin(), ScatteredSales().end());
  return sales;
}

void BM_Evaluate(benchmark::State& state) {
  const std::shared_ptr<const RuleSet> rules = Builtin();
  const std::vector<Sale>& sales = MixedSales();
  const EvalOptions options{.trace = static_cast<TraceLevel>(state.range(0))};
  bench::TimeEvaluate(state, *rules, sales, options);
  state.counters["sales"] = static_cast<double>(sales.size());
}
BENCHMARK(BM_Evaluate)->ArgName("trace")->Arg(0)->Arg(1)->Arg(2);

void BM_EvaluateScattered(benchmark::State& state) {
  bench::TimeEvaluate(state, *Builtin(), ScatteredSales(),
                      EvalOptions{.trace = static_cast<TraceLevel>(state.range(0))});
}
BENCHMARK(BM_EvaluateScattered)->ArgName("trace")->Arg(0)->Arg(1);

// The same with an as_of date (rules filtered by announcement: the slower path).
void BM_EvaluateAsOf(benchmark::State& state) {
  const std::shared_ptr<const RuleSet> rules = Builtin();
  const std::vector<Sale>& sales = MixedSales();
  bench::TimeEvaluate(state, *rules, sales, {.as_of = Day("2025-06-01")});
}
BENCHMARK(BM_EvaluateAsOf);

// --- Compile ---------------------------------------------------------------------------------

void BM_CompileBuiltin(benchmark::State& state) {
  const std::vector<RulePack> packs = *BuiltinPacks();
  for (auto _ : state) {
    absl::StatusOr<std::shared_ptr<const RuleSet>> rules = Compile(packs);
    if (!rules.ok()) state.SkipWithError(std::string(rules.status().message()).c_str());
    benchmark::DoNotOptimize(rules);
  }
  state.counters["rules"] = static_cast<double>(Builtin()->rules().size());
  state.counters["boundaries"] = static_cast<double>(Builtin()->boundaries().size());
}
BENCHMARK(BM_CompileBuiltin)->Unit(benchmark::kMillisecond);

void BM_BuiltinPacksParse(benchmark::State& state) {
  for (auto _ : state) {
    absl::StatusOr<std::vector<RulePack>> packs = BuiltinPacks();
    benchmark::DoNotOptimize(packs);
  }
}
BENCHMARK(BM_BuiltinPacksParse)->Unit(benchmark::kMillisecond);

void BM_BuiltinPacksAndCompile(benchmark::State& state) {
  for (auto _ : state) {
    absl::StatusOr<std::shared_ptr<const RuleSet>> rules = Compile(*BuiltinPacks());
    benchmark::DoNotOptimize(rules);
  }
}
BENCHMARK(BM_BuiltinPacksAndCompile)->Unit(benchmark::kMillisecond);

// --- Queries ---------------------------------------------------------------------------------

Sale ChipSale(const char* item, const char* destination) {
  Sale s;
  s.date = Day("2022-01-01");
  s.item = Builtin()->FindChip(item)->chip;
  s.destination = Country::Of(destination);
  s.buyer.headquarters = s.destination;
  return s;
}

// Five years of days, 2022-01-01 .. 2026-12-31, for one chip and destination.
void BM_Timeline5Years(benchmark::State& state, const char* item, const char* destination) {
  const std::shared_ptr<const RuleSet> rules = Builtin();
  const Sale sale = ChipSale(item, destination);
  size_t segments = 0;
  for (auto _ : state) {
    absl::StatusOr<std::vector<TimelineSegment>> t = Timeline(*rules, sale, Day("2022-01-01"), Day("2026-12-31"));
    segments = t->size();
    benchmark::DoNotOptimize(t);
  }
  state.counters["segments"] = static_cast<double>(segments);
  state.counters["days"] = 1826;
}
BENCHMARK_CAPTURE(BM_Timeline5Years, H20_CN, "H20", "CN")->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_Timeline5Years, H100_AE, "H100", "AE")->Unit(benchmark::kMicrosecond);

void BM_Headroom(benchmark::State& state) {
  const std::shared_ptr<const RuleSet> rules = Builtin();
  const Date dates[] = {Day("2023-01-01"), Day("2024-06-01"), Day("2025-05-20"), Day("2026-03-01")};
  const Country destinations[] = {Country::Of("CN"), Country::Of("AE"), Country::Of("DE")};
  size_t i = 0;
  for (auto _ : state) {
    Headroom h = ComputeHeadroom(*rules, destinations[i % 3], dates[i % 4], true,
                                 i % 2 ? std::optional<SquareMillimeters>(SquareMillimeters(814)) : std::nullopt);
    benchmark::DoNotOptimize(h);
    ++i;
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Headroom)->Unit(benchmark::kMicrosecond);

void BM_Classify(benchmark::State& state) {
  const std::shared_ptr<const RuleSet> rules = Builtin();
  const std::vector<Sale>& sales = MixedSales();
  size_t i = 0;
  for (auto _ : state) {
    ClassifyResult r = Classify(*rules, sales[i].item, sales[i].date);
    benchmark::DoNotOptimize(r);
    if (++i == sales.size()) i = 0;
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Classify);

// --- JSON: what `exportctl batch` does per line ------------------------------------------------

std::string SaleLine(const Sale& s, bool owners) {
  std::string line = "{\"date\":\"" + s.date.ToString() + "\",\"item\":\"" + s.item.model +
                     "\",\"quantity\":1000,\"unit_price_usd\":12000,\"destination\":\"" + s.destination.ToString() +
                     "\",\"buyer\":{\"name\":\"" + s.buyer.name + "\",\"headquarters\":\"" + s.destination.ToString() +
                     "\"";
  if (owners && !s.buyer.owners.empty())
    line += ",\"owners\":[{\"name\":\"" + s.buyer.owners[0].name + "\",\"percent\":60,\"owners\":[]}]";
  line += "},\"end_use\":\"datacenter\"}";
  return line;
}

const std::vector<std::string>& MixedLines() {
  static const std::vector<std::string> lines = [] {
    std::vector<std::string> out;
    for (const Sale& s : MixedSales()) out.push_back(SaleLine(s, true));
    return out;
  }();
  return lines;
}

void BM_ParseSaleJson(benchmark::State& state) {
  const std::shared_ptr<const RuleSet> rules = Builtin();
  const std::vector<std::string>& lines = MixedLines();
  size_t i = 0, bytes = 0;
  for (auto _ : state) {
    absl::StatusOr<Sale> sale = ParseSaleJson(lines[i], *rules);
    if (!sale.ok()) state.SkipWithError(std::string(sale.status().message()).c_str());
    benchmark::DoNotOptimize(sale);
    bytes += lines[i].size();
    if (++i == lines.size()) i = 0;
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
}
BENCHMARK(BM_ParseSaleJson);

void BM_DecisionToJson(benchmark::State& state) {
  const std::shared_ptr<const RuleSet> rules = Builtin();
  const std::vector<Sale>& sales = MixedSales();
  const EvalOptions options{.trace = static_cast<TraceLevel>(state.range(0))};
  std::vector<Decision> decisions;
  for (size_t k = 0; k < 4096; ++k) decisions.push_back(Evaluate(*rules, sales[k], options));
  std::string out;
  size_t i = 0, bytes = 0;
  for (auto _ : state) {
    out.clear();
    AppendDecisionJson(out, decisions[i], sales[i], *rules);
    bytes += out.size();
    benchmark::DoNotOptimize(out);
    if (++i == decisions.size()) i = 0;
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
}
BENCHMARK(BM_DecisionToJson)->ArgName("trace")->Arg(0)->Arg(1);

// Parse + Evaluate (trace fired, as batch does) + write: one batch line, in process.
void BM_BatchLine(benchmark::State& state) {
  const std::shared_ptr<const RuleSet> rules = Builtin();
  const std::vector<std::string>& lines = MixedLines();
  const EvalOptions options{.trace = static_cast<TraceLevel>(state.range(0))};
  std::string out;
  size_t i = 0;
  for (auto _ : state) {
    absl::StatusOr<Sale> sale = ParseSaleJson(lines[i], *rules);
    Decision d = Evaluate(*rules, *sale, options);
    out.clear();
    AppendDecisionJson(out, d, *sale, *rules);
    benchmark::DoNotOptimize(out);
    if (++i == lines.size()) i = 0;
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_BatchLine)->ArgName("trace")->Arg(0)->Arg(1);

}  // namespace
}  // namespace exportctl
