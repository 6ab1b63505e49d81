// The evaluator on rules built in test code: thresholds at and just below their values, interval
// edges, the verdict order, held licenses, notifications and approvals, as-of, indeterminate.
#include "exportctl/evaluate.h"

#include "gtest/gtest.h"
#include "test_support.h"

namespace exportctl {
namespace {

using testing::D;
using testing::MakeChip;
using testing::MakeRule;
using testing::MakeSale;
using testing::P;

const Country kUS = Country::Of("US");
const Country kCN = Country::Of("CN");

RulePack TestPack() {
  RulePack pack = testing::BasePack();
  ParameterSeries tpp_a;
  tpp_a.id = "tpp_a";
  tpp_a.values.push_back({D("2023-11-17"), 4800, "88 FR 73458", D("2023-10-17"), false});
  pack.parameters = {tpp_a};

  CatalogChip tx;
  tx.chip = MakeChip("Test X", 300, 800);
  tx.aliases = {"TX"};
  pack.chips = {tx};

  Entity listed;
  listed.name = "Listed Co., Ltd.";
  listed.listings.push_back({"entity_list", {D("2023-10-17"), Date::Unbounded()}, std::nullopt, "test"});
  pack.entities = {listed};

  Rule classify = MakeRule("classify", "US", "2023-11-17", "true", EffectKind::kClassify);
  classify.announced = D("2023-10-17");
  classify.outcome.classification = "3A090.a";
  classify.cases.push_back({P("tpp >= @tpp_a or (datacenter and tpp >= 1600 and performance_density >= 5.92)"),
                            {EffectKind::kClassify, "3A090.a"}});
  classify.cases.push_back({P("datacenter and ((tpp >= 2400 and tpp < 4800 and performance_density >= 1.6 and "
                              "performance_density < 5.92) or "
                              "(tpp >= 1600 and performance_density >= 3.2 and performance_density < 5.92))"),
                            {EffectKind::kClassify, "3A090.b"}});

  Rule license = MakeRule("license", "US", "2023-11-17",
                          "classification in [3A090.a, 3A090.b] and (destination in [D:5] or buyer_hq in [D:5])",
                          EffectKind::kRequireLicense);
  license.outcome.review_policy = ReviewPolicy::kPresumptionOfDenial;

  Rule nac = MakeRule("nac", "US", "2023-11-17",
                      "classification in [3A090.b] or (classification in [3A090.a] and not datacenter)",
                      EffectKind::kLicenseException);
  nac.outcome.exception = "NAC";
  nac.outcome.notification = true;
  nac.outcome.wait_days = 25;
  nac.targets = {"license"};

  Rule gate =
      MakeRule("gate", "US", "2026-01-15", "tpp < 21000 and memory_bandwidth_gbps < 6500 and exported_from in [US]",
               EffectKind::kAmendReview);
  gate.outcome.review_policy = ReviewPolicy::kCaseByCase;
  gate.outcome.conditions = {{ConditionKind::kVolumeCap, 50}, {ConditionKind::kThirdPartyTesting}};
  gate.targets = {"license"};

  Rule levy = MakeRule("levy", "US", "2026-01-15", "classification in [3A090.a]", EffectKind::kCondition);
  levy.outcome.conditions = {{ConditionKind::kRevenueShare, 25}};
  levy.targets = {"gate"};

  Rule entity_list = MakeRule("entity-list", "US", "2020-01-01", "buyer_listed", EffectKind::kRequireLicense);
  entity_list.outcome.review_policy = ReviewPolicy::kPresumptionOfDenial;
  Rule affiliates = MakeRule("affiliates", "US", "2025-09-29", "buyer_affiliate_listed", EffectKind::kRequireLicense);
  affiliates.outcome.review_policy = ReviewPolicy::kPresumptionOfDenial;
  Rule suspension = MakeRule("suspension", "US", "2025-11-10", "true", EffectKind::kSuspend);
  suspension.effective.until = D("2026-11-10");
  suspension.targets = {"affiliates"};

  Rule ban =
      MakeRule("cn-ban", "CN", "2025-09-17", "model in [\"Test X\"] and sector in [military]", EffectKind::kProhibit);
  Rule approval = MakeRule("cn-approval", "CN", "2026-01-14", "model in [TX] and end_use in [datacenter]",
                           EffectKind::kRequireApproval);
  approval.outcome.conditions = {{ConditionKind::kDomesticPurchase}, {ConditionKind::kApprovalQuantity}};
  Rule advisory = MakeRule("cn-advice", "CN", "2025-08-12", "model in [TX]", EffectKind::kAdvisory);
  advisory.outcome.advisory = "discouraged";
  Rule energy = MakeRule("cn-energy", "CN", "2025-03-25", "end_use in [new_datacenter] and efficiency_8bit < 1.0",
                         EffectKind::kProhibit);

  pack.rules = {classify,   license,    nac, gate,     levy,     entity_list,
                affiliates, suspension, ban, approval, advisory, energy};
  return pack;
}

class EvaluateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    rules_ = testing::MustCompile(TestPack());
    ASSERT_NE(rules_, nullptr);
  }
  Decision Eval(const Sale& sale, EvalOptions options = {.trace = TraceLevel::kFired}) const {
    return Evaluate(*rules_, sale, options);
  }
  std::string_view UsClass(const Decision& d) const { return d.Find(kUS)->classification; }
  Verdict UsVerdict(const Decision& d) const { return d.Find(kUS)->verdict; }
  std::shared_ptr<const RuleSet> rules_;
};

TEST_F(EvaluateTest, TppThresholdIsInclusive) {
  // 600 TOPS at 8 bits = TPP 4800 (BIS's example): 3A090.a at the threshold.
  Decision at = Eval(MakeSale("2024-06-01", MakeChip("A", 600, 1000), "DE"));
  EXPECT_EQ(UsClass(at), "3A090.a");
  EXPECT_DOUBLE_EQ(at.tpp->value(), 4800);
  // Just below: TPP 4799.92 with PD 4.8 is 3A090.b.
  Decision below = Eval(MakeSale("2024-06-01", MakeChip("A", 599.99, 1000), "DE"));
  EXPECT_EQ(UsClass(below), "3A090.b");
}

TEST_F(EvaluateTest, PerformanceDensityThresholdIsInclusiveWithTolerance) {
  // TPP 1600 on 1600 / 5.92 mm²: PD is 5.92 up to rounding, and counts as reaching it.
  Decision at = Eval(MakeSale("2024-06-01", MakeChip("A", 200, 1600 / 5.92), "DE"));
  EXPECT_EQ(UsClass(at), "3A090.a");
  Decision below = Eval(MakeSale("2024-06-01", MakeChip("A", 200, 1600 / 5.91), "DE"));
  EXPECT_EQ(UsClass(below), "3A090.b");  // TPP ≥ 1600 and 3.2 ≤ PD < 5.92
  Decision low_pd = Eval(MakeSale("2024-06-01", MakeChip("A", 200, 1600 / 3.19), "DE"));
  EXPECT_EQ(UsClass(low_pd), "none");
  Decision low_tpp = Eval(MakeSale("2024-06-01", MakeChip("A", 199.99, 100), "DE"));
  EXPECT_EQ(UsClass(low_tpp), "none");
}

TEST_F(EvaluateTest, NonDatacenterChipBelow4800IsNotClassified) {
  EXPECT_EQ(UsClass(Eval(MakeSale("2024-06-01", MakeChip("G", 599, 100, /*datacenter=*/false), "CN"))), "none");
  EXPECT_EQ(UsClass(Eval(MakeSale("2024-06-01", MakeChip("G", 600, 100, /*datacenter=*/false), "CN"))), "3A090.a");
}

TEST_F(EvaluateTest, IntervalEdgesAreHalfOpen) {
  Chip chip = MakeChip("A", 1000, 800);
  EXPECT_EQ(Eval(MakeSale("2023-11-16", chip, "CN")).verdict, Verdict::kAllowed);
  Decision on = Eval(MakeSale("2023-11-17", chip, "CN"));
  EXPECT_EQ(on.verdict, Verdict::kLicenseRequired);
  EXPECT_EQ(on.Find(kUS)->review_policy, ReviewPolicy::kPresumptionOfDenial);
  EXPECT_TRUE(on.Fired("license"));
  // The suspension ends on its `until`: in force on 2026-11-09, not on 2026-11-10.
  Sale owned = MakeSale("2026-11-09", MakeChip("L", 10, 800), "DE");
  owned.buyer.owners = {{"Listed Co", 60, {}}};
  EXPECT_EQ(Eval(owned).verdict, Verdict::kAllowed);
  owned.date = D("2026-11-10");
  EXPECT_EQ(Eval(owned).verdict, Verdict::kLicenseRequired);
}

TEST_F(EvaluateTest, HongKongIsChinaForUsRules) {
  Decision d = Eval(MakeSale("2024-06-01", MakeChip("A", 1000, 800), "HK"));
  EXPECT_EQ(d.verdict, Verdict::kLicenseRequired);
  EXPECT_EQ(d.Find(kCN), nullptr);  // China's own rules reach mainland destinations only
}

TEST_F(EvaluateTest, BuyerHeadquartersBeatsDestination) {
  Sale sale = MakeSale("2024-06-01", MakeChip("A", 1000, 800), "DE");
  EXPECT_EQ(Eval(sale).verdict, Verdict::kAllowed);
  sale.buyer.ultimate_parent_headquarters = Country::Of("HK");
  EXPECT_EQ(Eval(sale).verdict, Verdict::kLicenseRequired);
}

TEST_F(EvaluateTest, OutOfScopeOriginIsAllowedWithANote) {
  Decision d = Eval(MakeSale("2024-06-01", MakeChip("Domestic", 1000, 800, true, "CN"), "CN"));
  const JurisdictionDecision* us = d.Find(kUS);
  ASSERT_NE(us, nullptr);
  EXPECT_FALSE(us->in_scope);
  EXPECT_EQ(us->verdict, Verdict::kAllowed);
  EXPECT_EQ(us->classification, "none");
  EXPECT_EQ(us->note, "not of US origin");
}

TEST_F(EvaluateTest, NotificationCoversTheSaleOnlyWithItsAuthorizationNumber) {
  Sale sale = MakeSale("2024-06-01", MakeChip("B", 400, 1000), "CN");  // TPP 3200, PD 3.2: 3A090.b
  Decision d = Eval(sale);
  EXPECT_EQ(d.verdict, Verdict::kNotificationRequired);
  EXPECT_EQ(d.Find(kUS)->license_exception, "NAC");
  EXPECT_TRUE(d.not_applied.empty());

  // Filed long ago but not yet approved: still notification_required, and the decision says the
  // notification was seen, when it was filed and when an answer is expected (filed + 25 days).
  sale.notifications = {{"NAC", D("2024-03-01")}};
  d = Eval(sale);
  EXPECT_EQ(d.verdict, Verdict::kNotificationRequired);
  ASSERT_EQ(d.not_applied.size(), 1u);
  EXPECT_EQ(d.not_applied[0].kind, NotApplied::Kind::kNotification);
  EXPECT_EQ(d.not_applied[0].index, 0u);
  EXPECT_EQ(NotAppliedReason(d.not_applied[0]),
            "no BIS authorization number: filed 2024-03-01, awaiting approval (earliest expected answer 2024-03-26)");

  // With the number, filed before the sale date: covered, whatever the wait.
  sale.notifications = {{"nac", D("2024-05-31"), "A123456"}};
  Decision cleared = Eval(sale);
  EXPECT_EQ(cleared.verdict, Verdict::kAllowed);
  EXPECT_EQ(cleared.Find(kUS)->license_exception, "NAC");
  EXPECT_TRUE(cleared.Fired("nac"));
  EXPECT_TRUE(cleared.not_applied.empty());

  // Filed on the sale date: not before it.
  sale.notifications = {{"NAC", D("2024-06-01"), "A123456"}};
  d = Eval(sale);
  EXPECT_EQ(d.verdict, Verdict::kNotificationRequired);
  ASSERT_EQ(d.not_applied.size(), 1u);
  EXPECT_EQ(NotAppliedReason(d.not_applied[0]), "filed 2024-06-01, not before the sale date");

  // A notification no exception of the sale takes (a datacenter 3A090.a chip has no NAC) is said
  // not to be used, never ignored.
  Sale datacenter_a = MakeSale("2024-06-01", MakeChip("Test X", 1000, 800), "CN");
  datacenter_a.notifications = {{"NAC", D("2024-05-01"), "A123456"}};
  d = Eval(datacenter_a);
  EXPECT_EQ(d.verdict, Verdict::kLicenseRequired);
  ASSERT_EQ(d.not_applied.size(), 1u);
  EXPECT_EQ(NotAppliedReason(d.not_applied[0]), "not used: no license exception of this sale takes a notification");
}

TEST_F(EvaluateTest, NoExceptionForEveryRequirementMeansLicense) {
  // A listed buyer of a 3A090.b chip: the NAC covers the 3A090 requirement, not the Entity List.
  Sale sale = MakeSale("2024-06-01", MakeChip("B", 400, 1000), "CN");
  sale.buyer.name = "LISTED CO LTD";
  Decision d = Eval(sale);
  EXPECT_EQ(d.verdict, Verdict::kLicenseRequired);
  EXPECT_EQ(d.Find(kUS)->license_exception, "");
  EXPECT_TRUE(d.Fired("entity-list"));
}

TEST_F(EvaluateTest, HeldLicenseMatchesOnDatesItemsDestinationAndQuantity) {
  Sale sale = MakeSale("2024-06-01", MakeChip("Test X", 1000, 800), "CN");
  sale.quantity = 10;
  Authorization license{kUS, D("2024-01-01"), D("2024-06-02"), {"TX"}, kCN, std::nullopt, 10};
  sale.licenses = {license};
  Decision d = Eval(sale);
  EXPECT_EQ(d.verdict, Verdict::kAllowed);
  EXPECT_TRUE(d.Find(kUS)->licensed);

  EXPECT_TRUE(d.not_applied.empty());

  // A license that does not count is never silently ignored: the decision says why.
  auto reason_with = [&](Authorization a) {
    Sale s = sale;
    s.licenses = {a};
    Decision out = Eval(s);
    EXPECT_EQ(out.Find(kUS)->verdict, Verdict::kLicenseRequired);
    if (out.not_applied.size() != 1u) return std::string("not_applied has ") + std::to_string(out.not_applied.size());
    EXPECT_EQ(out.not_applied[0].kind, NotApplied::Kind::kLicense);
    return NotAppliedReason(out.not_applied[0]);
  };
  Authorization expired = license;
  expired.valid_until = D("2024-06-01");  // exclusive
  EXPECT_EQ(reason_with(expired), "expired on 2024-06-01");
  Authorization future = license;
  future.valid_from = D("2024-06-02");
  future.valid_until = D("2024-07-01");
  EXPECT_EQ(reason_with(future), "not valid until 2024-06-02");
  Authorization other_item = license;
  other_item.items = {"Another chip"};
  EXPECT_EQ(reason_with(other_item), "other item");
  Authorization too_few = license;
  too_few.quantity = 9;
  EXPECT_EQ(reason_with(too_few), "covers 9 units, the sale has 10");
  Authorization elsewhere = license;
  elsewhere.destination = Country::Of("MO");
  EXPECT_EQ(reason_with(elsewhere), "other destination");
  Authorization other_buyer = license;
  other_buyer.buyer = "Someone Else Ltd";
  EXPECT_EQ(reason_with(other_buyer), "other buyer");
  Authorization chinese = license;
  chinese.jurisdiction = Country::Of("JP");  // no jurisdiction of the rule set is JP
  EXPECT_EQ(reason_with(chinese), "other jurisdiction: JP's rules do not reach this sale");

  // Traced too, after the rules.
  Sale traced = sale;
  traced.licenses = {expired};
  Decision t = Evaluate(*rules_, traced, {.trace = TraceLevel::kFired});
  ASSERT_FALSE(t.trace.empty());
  EXPECT_EQ(t.trace.back().effect, TraceEffect::kNotApplied);
  EXPECT_EQ(t.trace.back().detail, "license 0: expired on 2024-06-01");
}

TEST_F(EvaluateTest, ReviewAmendmentAddsConditionsToLicensedSales) {
  Sale sale = MakeSale("2026-02-10", MakeChip("Test X", 1000, 800), "CN");
  sale.quantity = 100;
  sale.unit_price_usd = Usd{30000};
  sale.licenses = {{kUS, D("2026-01-20")}};
  sale.approvals = {{kCN, D("2026-01-28"), Date::Unbounded(), {}, std::nullopt, std::nullopt, 1000}};
  Decision d = Eval(sale);
  EXPECT_EQ(d.verdict, Verdict::kAllowedWithConditions) << VerdictName(d.verdict);
  EXPECT_EQ(d.Find(kUS)->review_policy, ReviewPolicy::kCaseByCase);
  EXPECT_TRUE(d.Fired("gate"));
  EXPECT_TRUE(d.Fired("levy"));
  bool revenue_share = false, approval_quantity = false;
  for (const ConditionOut& c : d.conditions) {
    if (c.kind == ConditionKind::kRevenueShare) {
      revenue_share = true;
      EXPECT_EQ(c.percent, 25);
      EXPECT_DOUBLE_EQ(*c.amount_usd, 750000);
    }
    if (c.kind == ConditionKind::kApprovalQuantity) {
      approval_quantity = true;
      EXPECT_EQ(c.max_units, 1000);
    }
  }
  EXPECT_TRUE(revenue_share);
  EXPECT_TRUE(approval_quantity);

  // The volume cap: 50 % of units shipped to US customers.
  sale.us_units_shipped = 200;
  EXPECT_EQ(Eval(sale).Find(kUS)->verdict, Verdict::kAllowedWithConditions);
  sale.us_units_shipped = 199;
  EXPECT_EQ(Eval(sale).Find(kUS)->verdict, Verdict::kLicenseRequired);
}

TEST_F(EvaluateTest, ApprovalMatchingAndQuantity) {
  Sale sale = MakeSale("2026-02-10", MakeChip("Test X", 1000, 800, true, "CN"), "CN");  // no US side
  sale.quantity = 100;
  EXPECT_EQ(Eval(sale).verdict, Verdict::kProhibited);
  sale.approvals = {{kCN, D("2026-01-28"), Date::Unbounded(), {"Test X"}, std::nullopt, std::nullopt, 100}};
  EXPECT_EQ(Eval(sale).verdict, Verdict::kAllowedWithConditions);
  sale.quantity = 101;
  EXPECT_EQ(Eval(sale).verdict, Verdict::kProhibited);
}

TEST_F(EvaluateTest, ProhibitedIsTheMostRestrictive) {
  Sale sale = MakeSale("2026-02-10", MakeChip("Test X", 1000, 800), "CN");
  sale.buyer.sector = Sector::kMilitary;
  Decision d = Eval(sale);
  EXPECT_EQ(d.Find(kUS)->verdict, Verdict::kLicenseRequired);
  EXPECT_EQ(d.Find(kCN)->verdict, Verdict::kProhibited);
  EXPECT_EQ(d.verdict, Verdict::kProhibited);
  EXPECT_FALSE(d.allowed);
}

TEST_F(EvaluateTest, AdvisoryIsNotAVerdict) {
  Sale sale = MakeSale("2025-09-01", MakeChip("Test X", 10, 800, true, "CN"), "CN");
  Decision d = Eval(sale);
  EXPECT_EQ(d.verdict, Verdict::kAllowed);
  ASSERT_EQ(d.Find(kCN)->advisories.size(), 1u);
  EXPECT_EQ(d.Find(kCN)->advisories[0].text, "discouraged");
}

TEST_F(EvaluateTest, MissingSpecMakesTheOutcomeIndeterminateOnlyWhenItMatters) {
  // TPP 2000 and no die area: 3A090.a, .b or none depends on the density.
  Decision d = Eval(MakeSale("2024-06-01", MakeChip("U", 250, std::nullopt), "CN"));
  EXPECT_EQ(UsClass(d), "indeterminate");
  EXPECT_EQ(d.verdict, Verdict::kIndeterminate);
  EXPECT_FALSE(d.allowed);
  EXPECT_TRUE(d.missing.contains(Spec::kDieArea));
  // TPP ≥ 4800 decides 3A090.a without a die area.
  Decision decided = Eval(MakeSale("2024-06-01", MakeChip("U", 4500, std::nullopt), "CN"));
  EXPECT_EQ(UsClass(decided), "3A090.a");
  EXPECT_EQ(decided.verdict, Verdict::kLicenseRequired);
  EXPECT_TRUE(decided.missing.empty());
  // To Germany no license is needed whatever the class.
  Decision germany = Eval(MakeSale("2024-06-01", MakeChip("U", 250, std::nullopt), "DE"));
  EXPECT_EQ(germany.verdict, Verdict::kAllowed);
  // China's prohibition outranks an indeterminate US side.
  Sale military = MakeSale("2025-10-01", MakeChip("Test X", 250, std::nullopt), "CN");
  military.buyer.sector = Sector::kMilitary;
  EXPECT_EQ(Eval(military).verdict, Verdict::kProhibited);
}

TEST_F(EvaluateTest, MissingEfficiencyIsNamed) {
  Chip chip = MakeChip("E", 10, 800, true, "KR");
  chip.tdp_w.reset();
  Sale sale = MakeSale("2025-06-01", chip, "CN");
  sale.end_use = EndUse::kNewDatacenter;
  Decision d = Eval(sale);
  EXPECT_EQ(d.verdict, Verdict::kIndeterminate);
  EXPECT_TRUE(d.missing.contains(Spec::kTdp));
}

TEST_F(EvaluateTest, AffiliatesRuleAggregatesListedOwners) {
  Sale sale = MakeSale("2025-10-15", MakeChip("L", 10, 800), "DE");
  sale.buyer.owners = {{"Listed Co", 30, {}}, {"LISTED CO., LTD.", 20, {}}};
  EXPECT_EQ(Eval(sale).verdict, Verdict::kLicenseRequired);  // 30 + 20 = 50
  sale.buyer.owners = {{"Listed Co", 49, {}}};
  EXPECT_EQ(Eval(sale).verdict, Verdict::kAllowed);
  // Indirect: through an intermediate that is itself 50 % owned.
  sale.buyer.owners = {{"Holding", 60, {{"Listed Co", 50, {}}}}};
  EXPECT_EQ(Eval(sale).verdict, Verdict::kLicenseRequired);
  // Before the listing date the owner is not listed.
  sale.date = D("2023-10-16");
  EXPECT_EQ(Eval(sale).verdict, Verdict::kAllowed);
}

TEST_F(EvaluateTest, AsOfHidesLaterAnnouncementsAndEnds) {
  RulePack overlay;
  overlay.info.id = "whatif";
  ParameterSeries lower;
  lower.id = "tpp_a";
  lower.values.push_back({D("2027-01-01"), 3000, "what-if", D("2026-12-01"), true});
  overlay.parameters = {lower};
  Rule later = MakeRule("later-ban", "US", "2027-01-01", "destination in [FR]", EffectKind::kProhibit);
  later.announced = D("2026-12-15");
  overlay.rules = {later};
  absl::StatusOr<std::shared_ptr<const RuleSet>> rs = Compile({TestPack(), overlay});
  ASSERT_TRUE(rs.ok()) << rs.status();

  Sale sale = MakeSale("2027-02-01", MakeChip("A", 400, 1000), "FR");  // TPP 3200
  Decision now = Evaluate(**rs, sale, {});
  EXPECT_EQ(now.Find(kUS)->classification, "3A090.a");
  EXPECT_EQ(now.verdict, Verdict::kProhibited);
  Decision then = Evaluate(**rs, sale, {.as_of = D("2026-11-01")});
  EXPECT_EQ(then.Find(kUS)->classification, "3A090.b");
  EXPECT_EQ(then.verdict, Verdict::kAllowed);

  // An end announced after as_of is not seen: the suspension runs on.
  Sale owned = MakeSale("2026-12-01", MakeChip("L", 10, 800), "DE");
  owned.buyer.owners = {{"Listed Co", 60, {}}};
  RulePack extension;
  extension.info.id = "extension";
  extension.ends.push_back({"suspension", D("2027-06-01"), D("2026-11-05"), {}});
  rs = Compile({TestPack(), extension});
  ASSERT_TRUE(rs.ok()) << rs.status();
  EXPECT_EQ(Evaluate(**rs, owned).verdict, Verdict::kAllowed);  // the extension holds
  // As known on 2026-11-01 the extension was not announced yet, and the original end still stood.
  EXPECT_EQ(Evaluate(**rs, owned, {.as_of = D("2026-11-01")}).verdict, Verdict::kAllowed);
}

TEST_F(EvaluateTest, TraceNamesRulesAndThresholds) {
  Decision d = Eval(MakeSale("2024-06-01", MakeChip("A", 1000, 800), "CN"));
  ASSERT_GE(d.trace.size(), 2u);
  EXPECT_EQ(d.trace[0].rule, "classify");
  EXPECT_EQ(d.trace[0].detail, "3A090.a");
  ASSERT_FALSE(d.trace[0].thresholds.empty());
  EXPECT_EQ(d.trace[0].thresholds[0].parameter, "tpp_a");
  EXPECT_DOUBLE_EQ(d.trace[0].thresholds[0].threshold, 4800);
  EXPECT_DOUBLE_EQ(d.trace[0].thresholds[0].value, 8000);
  EXPECT_EQ(d.trace[1].rule, "license");
  EXPECT_EQ(d.trace[1].effect, TraceEffect::kLicenseRequired);
  EXPECT_EQ(d.trace[1].citation, "test citation");

  Decision quiet = Eval(MakeSale("2024-06-01", MakeChip("A", 1000, 800), "CN"), {});
  EXPECT_TRUE(quiet.trace.empty());
  Decision full = Eval(MakeSale("2024-06-01", MakeChip("A", 1000, 800), "CN"), {.trace = TraceLevel::kFull});
  EXPECT_GT(full.trace.size(), d.trace.size());
}

TEST(CompileTest, RejectsBadReferencesAndIntervals) {
  auto error = [](RulePack pack) { return std::string(Compile({pack}).status().message()); };
  RulePack unknown_group = testing::BasePack();
  unknown_group.rules = {MakeRule("r", "US", "2024-01-01", "destination in [D:9]", EffectKind::kProhibit)};
  EXPECT_EQ(error(unknown_group), "rule 'r': predicate: column 1: unknown country or group 'D:9'");
  RulePack inverted = testing::BasePack();
  Rule r = MakeRule("r", "US", "2024-01-01", "true", EffectKind::kProhibit);
  r.effective.until = D("2023-01-01");
  inverted.rules = {r};
  EXPECT_EQ(error(inverted), "rule 'r': 'until' 2023-01-01 is before 'from' 2024-01-01");
  RulePack duplicate = testing::BasePack();
  duplicate.rules = {MakeRule("r", "US", "2024-01-01", "true", EffectKind::kProhibit),
                     MakeRule("r", "US", "2024-01-01", "true", EffectKind::kProhibit)};
  EXPECT_EQ(error(duplicate), "test: duplicate rule id 'r'");
  RulePack bad_target = testing::BasePack();
  Rule e = MakeRule("e", "US", "2024-01-01", "true", EffectKind::kLicenseException);
  e.outcome.exception = "NAC";
  e.targets = {"nope"};
  bad_target.rules = {e};
  EXPECT_EQ(error(bad_target), "rule 'e' refers to unknown rule 'nope'");
}

// A trace effect's name is the string the decision JSON writes: a rule's own effect by its
// EffectKind name, and three of the trace's own.
TEST(TraceEffectTest, NamesAreTheJsonStrings) {
  EXPECT_EQ(TraceEffectName(TraceEffect::kClassify), "classify");
  EXPECT_EQ(TraceEffectName(TraceEffect::kLicenseRequired), "license_required");
  EXPECT_EQ(TraceEffectName(TraceEffect::kReview), "review");
  EXPECT_EQ(TraceEffectName(TraceEffect::kProhibit), "prohibit");
  EXPECT_EQ(TraceEffectName(TraceEffect::kInScope), "in_scope");
  EXPECT_EQ(TraceEffectName(TraceEffectOf(EffectKind::kLicenseException)), "license_exception");
  EXPECT_EQ(TraceEffectName(TraceEffect::kProhibited), "prohibited");
  EXPECT_EQ(TraceEffectName(TraceEffect::kOutOfScope), "out_of_scope");
  EXPECT_EQ(TraceEffectName(TraceEffect::kNotApplied), "not_applied");
}

}  // namespace
}  // namespace exportctl
