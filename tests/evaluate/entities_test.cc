// The Entity List and the 50 % affiliates rule on the ownership graph: pack-known ownership
// (compiled coverage) and sale-supplied owners trees.
#include "exportctl/evaluate.h"
#include "gtest/gtest.h"
#include "test_support.h"

namespace exportctl {
namespace {

using testing::D;
using testing::MakeChip;
using testing::MakeRule;
using testing::MakeSale;

Entity MakeEntity(std::string name, std::optional<std::string_view> listed_from = std::nullopt,
                  std::string_view country = "CN", std::vector<std::string> aliases = {}) {
  Entity e;
  e.name = std::move(name);
  e.aliases = std::move(aliases);
  e.country = Country::Of(country);
  if (listed_from) e.listings.push_back({"entity_list", {D(*listed_from), Date::Unbounded()}, std::nullopt, "test FR"});
  return e;
}

OwnershipEdge Owns(std::string owner, std::string owned, double percent, std::string_view from = "2000-01-01") {
  OwnershipEdge o;
  o.owner = std::move(owner);
  o.owned = std::move(owned);
  o.percent = percent;
  o.interval.from = D(from);
  return o;
}

RulePack EntityPack() {
  RulePack pack = testing::BasePack();
  pack.entities = {
      MakeEntity("Listed Parent Co., Ltd.", "2023-03-02", "CN", {"浪潮集团"}),
      MakeEntity("Second Listed", "2024-01-01"),
      MakeEntity("Subsidiary A", std::nullopt, "CN"),   // 60 % Listed Parent: covered
      MakeEntity("Joint Venture", std::nullopt, "SG"),  // 30 % + 25 % listed: covered in aggregate
      MakeEntity("Grandchild", std::nullopt, "DE"),     // 50 % Subsidiary A: covered indirectly
      MakeEntity("Minority", std::nullopt, "DE"),       // 49 %: not covered
      MakeEntity("Cross X", std::nullopt, "JP"),        // X and Y hold each other: a cycle
      MakeEntity("Cross Y", std::nullopt, "JP"),
      MakeEntity("Late", std::nullopt, "DE"),  // owned from 2025-06-01 only
  };
  pack.ownership = {
      Owns("Listed Parent Co., Ltd.", "Subsidiary A", 60),
      Owns("Listed Parent", "Joint Venture", 30),
      Owns("Second Listed", "Joint Venture", 25),
      Owns("Subsidiary A", "Grandchild", 50),
      Owns("Listed Parent", "Minority", 49),
      Owns("Cross X", "Cross Y", 60),
      Owns("Cross Y", "Cross X", 60),
      Owns("Listed Parent", "Late", 80, "2025-06-01"),
  };
  Rule entity_list = MakeRule("entity-list", "US", "2020-01-01", "buyer_listed", EffectKind::kRequireLicense);
  entity_list.outcome.review_policy = ReviewPolicy::kPresumptionOfDenial;
  Rule affiliates = MakeRule("affiliates", "US", "2025-09-29", "buyer_affiliate_listed", EffectKind::kRequireLicense);
  affiliates.outcome.review_policy = ReviewPolicy::kPresumptionOfDenial;
  Rule suspension = MakeRule("suspension", "US", "2025-11-10", "true", EffectKind::kSuspend);
  suspension.effective.until = D("2026-11-10");
  suspension.targets = {"affiliates"};
  Rule hq = MakeRule("hq", "US", "2020-01-01", "buyer_hq in [D:5] and tpp >= 4800", EffectKind::kRequireLicense);
  hq.outcome.review_policy = ReviewPolicy::kPresumptionOfDenial;
  pack.rules = {entity_list, affiliates, suspension, hq};
  return pack;
}

class EntitiesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    rules_ = testing::MustCompile(EntityPack());
    ASSERT_NE(rules_, nullptr);
  }
  Decision Check(std::string_view buyer, std::string_view date, std::vector<Owner> owners = {}) const {
    Sale sale = MakeSale(date, MakeChip("Small", 10, 800), "DE");
    sale.buyer.name = std::string(buyer);
    sale.buyer.owners = std::move(owners);
    return Evaluate(*rules_, sale, {.trace = TraceLevel::kFired});
  }
  std::shared_ptr<const RuleSet> rules_;
};

TEST_F(EntitiesTest, ListedBuyerMatchesDespiteCaseSuffixesAndAliases) {
  for (std::string_view name : {"Listed Parent Co., Ltd.", "LISTED PARENT", "listed parent co ltd",
                                "Listed Parent Limited", "Listed  Parent, Inc.", "浪潮集团"}) {
    Decision d = Check(name, "2024-01-01");
    EXPECT_EQ(d.verdict, Verdict::kLicenseRequired) << name;
    EXPECT_TRUE(d.Fired("entity-list")) << name;
  }
  EXPECT_EQ(Check("Listed Parents", "2024-01-01").verdict, Verdict::kAllowed);
}

TEST_F(EntitiesTest, ListingTakesEffectOnItsDate) {
  EXPECT_EQ(Check("Listed Parent", "2023-03-01").verdict, Verdict::kAllowed);
  EXPECT_EQ(Check("Listed Parent", "2023-03-02").verdict, Verdict::kLicenseRequired);
}

TEST_F(EntitiesTest, PackKnownOwnershipDirectAggregateIndirect) {
  const char* date = "2025-10-15";  // affiliates rule in force, before the suspension
  EXPECT_TRUE(Check("Subsidiary A", date).Fired("affiliates"));
  EXPECT_TRUE(Check("Joint Venture", date).Fired("affiliates"));  // 30 + 25 in aggregate
  EXPECT_TRUE(Check("Grandchild", date).Fired("affiliates"));     // through a covered intermediate
  EXPECT_EQ(Check("Minority", date).verdict, Verdict::kAllowed);  // 49 %
  EXPECT_EQ(Check("Cross X", date).verdict, Verdict::kAllowed);   // an unlisted cycle covers nothing
  EXPECT_EQ(Check("Unrelated GmbH", date).verdict, Verdict::kAllowed);
}

TEST_F(EntitiesTest, AggregateNeedsEveryOwnerListedOnTheDate) {
  // Second Listed is listed from 2024-01-01: before it, Joint Venture has only 30 %.
  Sale sale = MakeSale("2023-12-31", MakeChip("Small", 10, 800), "DE");
  sale.buyer.name = "Joint Venture";
  RulePack pack = EntityPack();
  pack.rules[1].effective.from = D("2023-01-01");  // the affiliates rule, moved earlier for the test
  pack.rules[1].announced = D("2023-01-01");
  std::shared_ptr<const RuleSet> rules = testing::MustCompile(pack);
  EXPECT_EQ(Evaluate(*rules, sale).verdict, Verdict::kAllowed);
  sale.date = D("2024-01-01");
  EXPECT_EQ(Evaluate(*rules, sale).verdict, Verdict::kLicenseRequired);
}

TEST_F(EntitiesTest, OwnershipEdgesAreDated) {
  EXPECT_EQ(Check("Late", "2025-05-31").verdict, Verdict::kAllowed);  // before the affiliates rule anyway
  RulePack pack = EntityPack();
  pack.rules[1].effective.from = D("2025-01-01");
  std::shared_ptr<const RuleSet> rules = testing::MustCompile(pack);
  Sale sale = MakeSale("2025-05-31", MakeChip("Small", 10, 800), "DE");
  sale.buyer.name = "Late";
  EXPECT_EQ(Evaluate(*rules, sale).verdict, Verdict::kAllowed);
  sale.date = D("2025-06-01");
  EXPECT_EQ(Evaluate(*rules, sale).verdict, Verdict::kLicenseRequired);
}

TEST_F(EntitiesTest, SaleSuppliedOwnersTree) {
  const char* date = "2025-10-15";
  EXPECT_EQ(Check("Buyer", date, {{"Listed Parent", 50, {}}}).verdict, Verdict::kLicenseRequired);
  EXPECT_EQ(Check("Buyer", date, {{"Listed Parent", 49.9, {}}}).verdict, Verdict::kAllowed);
  // Aggregate across a listed owner and one the packs know to be covered.
  EXPECT_EQ(Check("Buyer", date, {{"Second Listed", 20, {}}, {"Subsidiary A", 30, {}}}).verdict,
            Verdict::kLicenseRequired);
  // Indirect, through an intermediate covered by its own owners in the tree.
  Decision d =
      Check("Buyer", date, {{"Holding BV", 70, {{"listed parent co", 30, {}}, {"SECOND LISTED LTD", 20, {}}}}});
  EXPECT_EQ(d.verdict, Verdict::kLicenseRequired);
  ASSERT_FALSE(d.trace.empty());
  EXPECT_EQ(d.trace.back().detail,
            "presumption_of_denial; owned 70 % in aggregate by listed or covered parties: Holding BV 70 % (covered: "
            "listed parent co 30 % (listed), SECOND LISTED LTD 20 % (listed))");
}

TEST_F(EntitiesTest, TraceNamesThePathForPackKnownBuyers) {
  Decision d = Check("Grandchild", "2025-10-15");
  ASSERT_TRUE(d.Fired("affiliates"));
  EXPECT_EQ(
      d.trace.back().detail,
      "presumption_of_denial; owned 50 % by listed or covered parties per the ownership data; path: Grandchild <- "
      "Subsidiary A <- Listed Parent Co., Ltd. (listed)");
  Decision listed = Check("listed parent", "2025-10-15");
  EXPECT_EQ(listed.trace.back().detail,
            "presumption_of_denial; 'listed parent' matches listed entity 'Listed Parent Co., Ltd.' (entity_list from "
            "2023-03-02; test FR)");
}

TEST_F(EntitiesTest, SuspensionWindowAndItsEnd) {
  EXPECT_EQ(Check("Subsidiary A", "2025-09-28").verdict, Verdict::kAllowed);
  EXPECT_EQ(Check("Subsidiary A", "2025-09-29").verdict, Verdict::kLicenseRequired);
  EXPECT_EQ(Check("Subsidiary A", "2025-11-09").verdict, Verdict::kLicenseRequired);
  EXPECT_EQ(Check("Subsidiary A", "2025-11-10").verdict, Verdict::kAllowed);
  EXPECT_EQ(Check("Subsidiary A", "2026-11-09").verdict, Verdict::kAllowed);
  EXPECT_EQ(Check("Subsidiary A", "2026-11-10").verdict, Verdict::kLicenseRequired);
}

TEST_F(EntitiesTest, UltimateParentIsDerivedFromTheMajorityChain) {
  // A German buyer 80 % owned by a Singapore holding that is 60 % owned by a Chinese listed parent:
  // its ultimate parent is headquartered in China (D:5).
  Sale sale = MakeSale("2024-06-01", MakeChip("Big", 1000, 800), "DE");
  sale.buyer.name = "Buyer GmbH";
  sale.buyer.owners = {{"Holding", 80, {{"Listed Parent", 60, {}}}}};
  EXPECT_EQ(Evaluate(*rules_, sale).verdict, Verdict::kLicenseRequired);
  sale.buyer.owners = {{"Holding", 80, {{"Listed Parent", 40, {}}}}};  // no majority at the top
  EXPECT_EQ(Evaluate(*rules_, sale).verdict, Verdict::kAllowed);
  // Pack-known chain: Grandchild (DE) <- Subsidiary A (CN) <- Listed Parent (CN).
  sale.buyer = Buyer{.name = "Subsidiary A"};
  EXPECT_EQ(Evaluate(*rules_, sale).verdict, Verdict::kLicenseRequired);
  // A stated ultimate parent wins over the derived one.
  sale.buyer.ultimate_parent_headquarters = Country::Of("FR");
  sale.buyer.name = "Buyer GmbH";
  sale.buyer.owners = {{"Listed Parent", 60, {}}};
  EXPECT_EQ(Evaluate(*rules_, sale).verdict, Verdict::kAllowed);
}

TEST(EntityErrorsTest, BadOwnershipDataIsAnError) {
  auto error = [](std::vector<OwnershipEdge> edges) {
    RulePack pack = EntityPack();
    pack.ownership = std::move(edges);
    return std::string(Compile({pack}).status().message());
  };
  EXPECT_EQ(error({Owns("Listed Parent", "Subsidiary A", 0)}), "ownership: 'percent' must be in (0, 100], got 0");
  EXPECT_EQ(error({Owns("Listed Parent", "Subsidiary A", 100.5)}),
            "ownership: 'percent' must be in (0, 100], got 100.5");
  EXPECT_EQ(error({Owns("Nobody", "Subsidiary A", 10)}), "ownership: unknown entity 'Nobody'");
  EXPECT_EQ(error({Owns("Subsidiary A", "subsidiary a", 10)}), "ownership: entity 'subsidiary a' cannot own itself");
  EXPECT_EQ(error({Owns("Listed Parent", "Minority", 60), Owns("Second Listed", "Minority", 50)}),
            "ownership: the owners of 'Minority' hold 110 % of it on 2000-01-01, over 100 %");
}

}  // namespace
}  // namespace exportctl
