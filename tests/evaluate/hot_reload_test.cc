// Hot reload: evaluator threads read the rule set through std::atomic<std::shared_ptr<const RuleSet>>
// while another thread swaps it 1 000 times, alternating the built-in catalog and the catalog with
// an overlay that changes the decision on the test sale. Every decision must carry the hash of the
// set its thread loaded and the verdict expected for that set. Run under the tsan preset by .ci/run.
#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "exportctl/exportctl.h"
#include "gtest/gtest.h"

namespace exportctl {
namespace {

// Prohibits every US-origin sale to China from 2020: the H20 sale below changes from
// license_required to prohibited.
constexpr std::string_view kOverlay = R"(
format = 1
id = "hot-reload-overlay"
revision = "1"

[[rule]]
id = "hot-reload-prohibit-cn"
jurisdiction = "US"
announced = 2020-01-01
from = 2020-01-01
legal_force = "regulation"
citations = ["test"]
when = "destination in [CN]"
effect = "prohibit"
)";

TEST(HotReloadTest, EvaluatorsSeeExactlyTheSetTheyLoadedAcross1000Swaps) {
  absl::StatusOr<std::shared_ptr<const RuleSet>> builtin = BuiltinRuleSet();
  ASSERT_TRUE(builtin.ok()) << builtin.status();
  absl::StatusOr<RulePack> overlay = LoadRulePack(kOverlay, "overlay.toml");
  ASSERT_TRUE(overlay.ok()) << overlay.status();
  absl::StatusOr<std::shared_ptr<const RuleSet>> overlaid = BuiltinRuleSet({*overlay});
  ASSERT_TRUE(overlaid.ok()) << overlaid.status();
  const std::shared_ptr<const RuleSet> sets[2] = {*builtin, *overlaid};
  ASSERT_NE(sets[0]->content_hash(), sets[1]->content_hash());

  absl::StatusOr<Sale> sale =
      ParseSaleJson(R"({"date":"2025-04-10","item":"H20","destination":"CN","quantity":10})", *sets[0]);
  ASSERT_TRUE(sale.ok()) << sale.status();
  const Verdict expected[2] = {Evaluate(*sets[0], *sale).verdict, Evaluate(*sets[1], *sale).verdict};
  ASSERT_EQ(expected[0], Verdict::kLicenseRequired);
  ASSERT_EQ(expected[1], Verdict::kProhibited);

  std::atomic<std::shared_ptr<const RuleSet>> current{sets[0]};
  std::atomic<bool> done{false};
  constexpr int kEvaluators = 3;
  std::vector<int> failures(kEvaluators, 0), evaluations(kEvaluators, 0), saw_overlay(kEvaluators, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < kEvaluators; ++t) {
    threads.emplace_back([&, t] {
      // Each thread evaluates its own copy of the sale; the trace varies so both paths run.
      const Sale mine = *sale;
      for (int n = 0; !done.load(std::memory_order_acquire) || n < 50; ++n) {
        const std::shared_ptr<const RuleSet> rules = current.load();
        const int which = rules == sets[1] ? 1 : 0;
        const Decision d = Evaluate(*rules, mine, {.trace = n % 8 == 0 ? TraceLevel::kFired : TraceLevel::kNone});
        if (d.rule_set_hash != rules->content_hash() || d.verdict != expected[which]) ++failures[t];
        if (n % 64 == 0) {
          // The decision's views point into `rules`, which this thread still holds.
          const std::string json = DecisionToJson(d, mine, *rules);
          if (json.find(rules->content_hash_hex()) == std::string::npos) ++failures[t];
        }
        ++evaluations[t];
        saw_overlay[t] += which;
      }
    });
  }
  std::thread swapper([&] {
    for (int i = 1; i <= 1000; ++i) {
      current.store(sets[i % 2]);
      std::this_thread::yield();
    }
    done.store(true, std::memory_order_release);
  });
  swapper.join();
  for (std::thread& t : threads) t.join();

  for (int t = 0; t < kEvaluators; ++t) {
    EXPECT_EQ(failures[t], 0) << "thread " << t;
    EXPECT_GE(evaluations[t], 50) << "thread " << t;
  }
  // After 1 000 swaps (an even number) the built-in set is current again.
  EXPECT_EQ(current.load(), sets[0]);
}

// Swapping in freshly compiled sets (not only two prebuilt ones): the old set dies with its last
// reader, never under one.
TEST(HotReloadTest, FreshlyCompiledSetsOutliveTheirLastReader) {
  absl::StatusOr<std::vector<RulePack>> packs = BuiltinPacks();
  ASSERT_TRUE(packs.ok()) << packs.status();
  absl::StatusOr<std::shared_ptr<const RuleSet>> first = Compile(*packs);
  ASSERT_TRUE(first.ok()) << first.status();
  std::atomic<std::shared_ptr<const RuleSet>> current{*first};
  absl::StatusOr<Sale> sale = ParseSaleJson(R"({"date":"2025-04-10","item":"H20","destination":"CN"})", **first);
  ASSERT_TRUE(sale.ok()) << sale.status();
  const uint64_t hash = (*first)->content_hash();
  std::atomic<bool> done{false};
  std::atomic<int> failures{0};
  std::thread reader([&] {
    while (!done.load(std::memory_order_acquire)) {
      const std::shared_ptr<const RuleSet> rules = current.load();
      const Decision d = Evaluate(*rules, *sale, {.trace = TraceLevel::kFired});
      if (d.rule_set_hash != hash || d.verdict != Verdict::kLicenseRequired || d.trace.empty()) ++failures;
    }
  });
  for (int i = 0; i < 5; ++i) {
    absl::StatusOr<std::shared_ptr<const RuleSet>> next = Compile(*packs);
    ASSERT_TRUE(next.ok()) << next.status();
    current.store(*std::move(next));
  }
  done.store(true, std::memory_order_release);
  reader.join();
  EXPECT_EQ(failures.load(), 0);
}

}  // namespace
}  // namespace exportctl
