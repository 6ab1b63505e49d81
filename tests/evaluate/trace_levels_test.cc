// The trace level changes what a decision explains, never what it decides: the fast path (no
// trace, memoized predicates, per-segment parameter table) agrees with the traced paths on
// every field, over the whole catalog.
#include "exportctl/evaluate.h"
#include "gtest/gtest.h"
#include "test_support.h"

namespace exportctl {
namespace {

void ExpectSameDecision(const Decision& a, const Decision& b, const std::string& where) {
  EXPECT_EQ(a.verdict, b.verdict) << where;
  EXPECT_EQ(a.allowed, b.allowed) << where;
  EXPECT_EQ(a.missing, b.missing) << where;
  ASSERT_EQ(a.jurisdictions.size(), b.jurisdictions.size()) << where;
  for (size_t j = 0; j < a.jurisdictions.size(); ++j) {
    const JurisdictionDecision &x = a.jurisdictions[j], &y = b.jurisdictions[j];
    EXPECT_EQ(x.verdict, y.verdict) << where;
    EXPECT_EQ(x.review_policy, y.review_policy) << where;
    EXPECT_EQ(x.license_exception, y.license_exception) << where;
    EXPECT_EQ(x.licensed, y.licensed) << where;
    EXPECT_EQ(x.classification, y.classification) << where;
    EXPECT_EQ(x.missing, y.missing) << where;
    ASSERT_EQ(x.advisories.size(), y.advisories.size()) << where;
  }
  ASSERT_EQ(a.conditions.size(), b.conditions.size()) << where;
  for (size_t c = 0; c < a.conditions.size(); ++c) {
    EXPECT_EQ(a.conditions[c].kind, b.conditions[c].kind) << where;
    EXPECT_EQ(a.conditions[c].amount_usd, b.conditions[c].amount_usd) << where;
  }
}

TEST(TraceLevelsTest, EveryLevelDecidesTheSame) {
  absl::StatusOr<std::shared_ptr<const RuleSet>> rules = BuiltinRuleSet();
  ASSERT_TRUE(rules.ok()) << rules.status();
  int compared = 0;
  for (const CatalogChip& chip : (*rules)->chips()) {
    for (const char* destination : {"CN", "HK", "MO", "AE", "IL", "DE", "IN", "RU", "US"}) {
      for (const char* date : {"2022-10-07", "2023-01-18", "2023-10-23", "2023-11-17", "2024-04-04", "2025-04-10",
                               "2025-06-01", "2025-08-20", "2025-10-15", "2026-02-10", "2026-11-23"}) {
        for (int variant = 0; variant < 3; ++variant) {
          Sale sale = testing::MakeSale(date, chip.chip, destination);
          sale.quantity = 2000;
          sale.unit_price_usd = Usd{10000};
          if (variant == 1) sale.buyer = {.name = "Example GmbH", .owners = {{"Inspur Group", 51, {}}}};
          if (variant == 2) {
            sale.buyer = {
                .name = "Biren Technology Co., Ltd.", .headquarters = Country::Of("CN"), .sector = Sector::kStateOwned};
            sale.end_use = EndUse::kNewDatacenter;
            sale.licenses = {{Country::Of("US"), testing::D("2022-01-01")}};
            sale.approvals = {{Country::Of("CN"), testing::D("2026-01-28")}};
          }
          const std::string where =
              chip.chip.model + " " + destination + " " + date + " variant " + std::to_string(variant);
          const Decision none = Evaluate(**rules, sale);
          ExpectSameDecision(none, Evaluate(**rules, sale, {.trace = TraceLevel::kFired}), where);
          ExpectSameDecision(none, Evaluate(**rules, sale, {.trace = TraceLevel::kFull}), where);
          // The as_of path, as known when everything was: some rules were announced after they took
          // effect (the early notice of 2023-10-23, announced the next day), so not the sale date.
          ExpectSameDecision(none,
                             Evaluate(**rules, sale, {.as_of = testing::D("9999-12-31"), .trace = TraceLevel::kNone}),
                             where + " as_of");
          ++compared;
        }
      }
    }
  }
  EXPECT_GT(compared, 5000);
}

}  // namespace
}  // namespace exportctl
