// Evaluate with tracing off performs no heap allocation: a counting global operator new proves it.
#include <atomic>
#include <cstdlib>
#include <new>

#include "exportctl/evaluate.h"
#include "gtest/gtest.h"
#include "test_support.h"

// Sanitizers bring their own allocator; replacing operator new under them proves nothing and
// trips their allocation-pairing checks, so the count runs in the plain builds only.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define EXPORTCTL_COUNT_ALLOCATIONS 0
#else
#define EXPORTCTL_COUNT_ALLOCATIONS 1
#endif

namespace {
std::atomic<long> g_allocations{0};
}  // namespace

#if EXPORTCTL_COUNT_ALLOCATIONS
void* operator new(std::size_t size) {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
#endif

namespace exportctl {
namespace {

TEST(NoAllocationTest, EvaluateWithoutTraceDoesNotAllocate) {
  if (!EXPORTCTL_COUNT_ALLOCATIONS) GTEST_SKIP() << "allocations are not counted under a sanitizer";
  absl::StatusOr<std::shared_ptr<const RuleSet>> rules = BuiltinRuleSet();
  ASSERT_TRUE(rules.ok()) << rules.status();
  std::vector<Sale> sales;
  for (const CatalogChip& chip : (*rules)->chips()) {
    for (const char* destination : {"CN", "HK", "AE", "DE", "IN", "US"}) {
      for (const char* date : {"2022-09-30", "2023-11-17", "2025-04-10", "2025-10-15", "2026-02-10"}) {
        Sale sale = testing::MakeSale(date, chip.chip, destination);
        sale.buyer.name = "Example Cloud";
        sale.buyer.owners = {{"Inspur Group", 51, {}}};
        sale.licenses = {{Country::Of("US"), testing::D("2025-01-01"), Date::Unbounded(), {"H20"}}};
        sale.end_use = EndUse::kNewDatacenter;
        sales.push_back(std::move(sale));
      }
    }
  }
  ASSERT_FALSE(sales.empty());
  long verdicts = 0;
  const long before = g_allocations.load();
  for (const Sale& sale : sales) verdicts += static_cast<long>(Evaluate(**rules, sale).verdict);
  const long after = g_allocations.load();
  EXPECT_EQ(after - before, 0) << "over " << sales.size() << " evaluations";
  EXPECT_GT(verdicts, 0);
}

}  // namespace
}  // namespace exportctl
