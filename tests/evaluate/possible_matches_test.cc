// Possible matches (docs/entities.md): a name close to a listed entity's is not screened clear;
// the decision lists it and holds the sale for review. The built-in catalog.
#include <string>

#include "exportctl/evaluate.h"
#include "exportctl/json.h"
#include "exportctl/rule_pack.h"
#include "gtest/gtest.h"
#include "test_support.h"

namespace exportctl {
namespace {

const RuleSet& Catalog() {
  static const std::shared_ptr<const RuleSet> rules = *BuiltinRuleSet();
  return *rules;
}

// An L40S to Germany (no license needed there) with the buyer object `buyer` (JSON) on `date`.
Decision ToGermany(const std::string& buyer, const std::string& date = "2025-06-01") {
  absl::StatusOr<Sale> sale = ParseSaleJson(
      R"({"date": ")" + date + R"(", "item": "L40S", "destination": "DE", "buyer": )" + buyer + "}", Catalog());
  EXPECT_TRUE(sale.ok()) << sale.status();
  return sale.ok() ? Evaluate(Catalog(), *sale) : Decision{};
}
Decision BuyerNamed(const std::string& name, const std::string& date = "2025-06-01") {
  return ToGermany(R"({"name": ")" + name + R"("})", date);
}

TEST(PossibleMatchTest, AMisspelledListedNameIsHeldForReview) {
  const Decision d = BuyerNamed("Huawai Technologies");
  EXPECT_EQ(d.verdict, Verdict::kAllowed) << "not a hit: the rules see an unlisted name";
  ASSERT_TRUE(d.review_required());
  EXPECT_FALSE(d.allowed) << "a possible match holds the sale";
  ASSERT_EQ(d.possible_matches.size(), 1u);
  EXPECT_EQ(d.possible_matches[0].party, "Huawai Technologies");
  EXPECT_EQ(d.possible_matches[0].entity, "Huawei Technologies Co., Ltd.");
  EXPECT_EQ(d.possible_matches[0].list, "entity_list");
  EXPECT_GT(d.possible_matches[0].score, 0.95);
  EXPECT_LT(d.possible_matches[0].score, 1.0);
}

TEST(PossibleMatchTest, AShortNameThatBeginsAListedOneIsHeldForReview) {
  for (const char* name : {"Huawei", "HUAWEI", "Inspur", "Moore"}) {
    const Decision d = BuyerNamed(name);
    EXPECT_TRUE(d.review_required()) << name;
    EXPECT_FALSE(d.allowed) << name;
  }
}

TEST(PossibleMatchTest, ExactHitsAreHitsNotPossibleMatches) {
  for (const char* name : {"Huawei Technologies Co., Ltd.", "HUAWEI TECHNOLOGIES CO LTD", "SMIC"}) {
    const Decision d = BuyerNamed(name);
    EXPECT_EQ(d.verdict, Verdict::kLicenseRequired) << name;
    EXPECT_FALSE(d.review_required()) << name;
  }
}

TEST(PossibleMatchTest, OnlyListingsInForceCount) {
  // Huawei is listed from 2019-05-16.
  EXPECT_FALSE(BuyerNamed("Huawai Technologies", "2019-05-15").review_required());
  EXPECT_TRUE(BuyerNamed("Huawai Technologies", "2019-05-16").review_required());
}

TEST(PossibleMatchTest, OwnersAreScreenedToo) {
  const Decision d = ToGermany(R"({"name": "Ordinary Buyer GmbH", "owners": [{"name": "Orion Holdings", "percent": 70,
      "owners": [{"name": "Huawai Technologies", "percent": 10}]}]})");
  ASSERT_EQ(d.possible_matches.size(), 1u);
  EXPECT_EQ(d.possible_matches[0].party, "Huawai Technologies");
  EXPECT_FALSE(d.allowed);
}

TEST(PossibleMatchTest, UnlikeNamesAreNotHeld) {
  for (const char* name : {"Hua Wei Noodle Bar LLC", "Epic Games", "Biryani House", "Summit Trading Co."}) {
    const Decision d = BuyerNamed(name);
    EXPECT_FALSE(d.review_required()) << name << ": "
                                      << (d.possible_matches.empty() ? "" : d.possible_matches[0].entity);
    EXPECT_TRUE(d.allowed) << name;
  }
}

// 1,000 ordinary company names against the built-in sample: none is held (the false-positive
// rate against an imported list is measured in docs/screening-lists.md).
TEST(PossibleMatchTest, OrdinaryCompanyNamesAreNotHeld) {
  const std::vector<std::string> ordinary = testing::OrdinaryCompanyNames(
      {"Atlas",   "Beacon",   "Cedar", "Delta",    "Evergreen", "Falcon", "Granite", "Harbor",  "Iron",
       "Juniper", "Keystone", "Lotus", "Meridian", "Nova",      "Orion",  "Pioneer", "Quantum", "Redwood",
       "Summit",  "Titan",    "Union", "Vertex",   "Willow",    "Zenith", "Pacific"});
  int held = 0;
  for (const std::string& name : ordinary) held += BuyerNamed(name).review_required();
  EXPECT_EQ(ordinary.size(), 1000u);
  EXPECT_EQ(held, 0);
}

TEST(PossibleMatchTest, OffWithoutTheThresholdParameter) {
  absl::StatusOr<std::vector<RulePack>> packs = BuiltinPacks();
  ASSERT_TRUE(packs.ok());
  for (RulePack& p : *packs)
    std::erase_if(p.parameters, [](const ParameterSeries& s) { return s.id == "screening.possible_match_score"; });
  absl::StatusOr<std::shared_ptr<const RuleSet>> rules = Compile(*packs);
  ASSERT_TRUE(rules.ok()) << rules.status();
  absl::StatusOr<Sale> sale = ParseSaleJson(
      R"({"date": "2025-06-01", "item": "L40S", "destination": "DE", "buyer": {"name": "Huawai Technologies"}})",
      **rules);
  ASSERT_TRUE(sale.ok());
  EXPECT_FALSE(Evaluate(**rules, *sale).review_required());
}

}  // namespace
}  // namespace exportctl
