// Evaluates the mixed catalog workload (bench_support.h) a fixed number of times, untimed, for
// instruction counts under callgrind, which do not move with the machine's load as wall times
// do. bench/instructions.sh runs it.
//
//   evaluate_driver TRACE PASSES [scattered]
//     TRACE: 0 none, 1 fired, 2 full. PASSES: passes over the 32 400 sales, each sale once per
//     pass, in reading order (or, with "scattered", as shuffled in place, as BM_EvaluateScattered).
#include <cstdio>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "bench_support.h"
#include "exportctl/exportctl.h"

int main(int argc, char** argv) {
  using namespace exportctl;
  if (argc < 3) {
    std::fprintf(stderr, "usage: evaluate_driver TRACE PASSES [scattered]\n");
    return 2;
  }
  const absl::StatusOr<std::shared_ptr<const RuleSet>> rules = BuiltinRuleSet();
  if (!rules.ok()) {
    std::fprintf(stderr, "%s\n", std::string(rules.status().message()).c_str());
    return 1;
  }
  std::vector<Sale> sales = bench::MixedWorkload(**rules);
  if (argc < 4 || std::string_view(argv[3]) != "scattered") sales = std::vector<Sale>(sales.begin(), sales.end());
  const EvalOptions options{.trace = static_cast<TraceLevel>(std::atoi(argv[1]))};
  const int passes = std::atoi(argv[2]);
  size_t checksum = 0;  // so that no decision is optimized away
  for (int p = 0; p < passes; ++p) {
    for (const Sale& sale : sales) {
      const Decision d = Evaluate(**rules, sale, options);
      checksum += static_cast<size_t>(d.verdict) + d.trace.size();
    }
  }
  std::printf("%zu decisions, checksum %zu\n", sales.size() * static_cast<size_t>(passes), checksum);
  return 0;
}
