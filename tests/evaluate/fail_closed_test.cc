// Fail closed (docs/law.md §6): a fact the answer depends on and the input lacks is never a
// silent default. A Sale without its required facts is never allowed; a chip without an origin
// or a datacenter flag is undecided where that changes the verdict, and decided where it does
// not; the same owner named twice in a tree is one entity.
#include <memory>
#include <string>

#include "exportctl/exportctl.h"
#include "gtest/gtest.h"
#include "test_support.h"

namespace exportctl {
namespace {

using ::exportctl::testing::D;
using ::exportctl::testing::MakeSale;

const Country kUS = Country::Of("US");

class FailClosedTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    absl::StatusOr<std::shared_ptr<const RuleSet>> rules = BuiltinRuleSet();
    ASSERT_TRUE(rules.ok()) << rules.status();
    catalog_ = new std::shared_ptr<const RuleSet>(*rules);
  }
  static const RuleSet& Catalog() { return **catalog_; }
  static Decision Eval(const Sale& sale) { return Evaluate(Catalog(), sale, {.trace = TraceLevel::kFired}); }
  static Sale FromJson(std::string_view json) {
    absl::StatusOr<Sale> sale = ParseSaleJson(json, Catalog());
    EXPECT_TRUE(sale.ok()) << sale.status();
    return sale.ok() ? *sale : Sale();
  }
  static std::string Missing(SpecSet specs) {
    std::string out;
    specs.ForEachName([&](std::string_view name) { out += (out.empty() ? "" : ",") + std::string(name); });
    return out;
  }
  static std::shared_ptr<const RuleSet>* catalog_;
};
std::shared_ptr<const RuleSet>* FailClosedTest::catalog_ = nullptr;

TEST_F(FailClosedTest, DefaultConstructedSaleIsNeverAllowed) {
  const Sale sale;
  EXPECT_EQ(Validate(sale).message(), "sale has no date");
  const Decision d = Eval(sale);
  EXPECT_FALSE(d.allowed);
  EXPECT_EQ(d.verdict, Verdict::kIndeterminate);
  EXPECT_EQ(Missing(d.missing), "date,item,destination");
  EXPECT_TRUE(d.jurisdictions.empty());
}

TEST_F(FailClosedTest, SaleWithoutDestinationIsNeverAllowed) {
  Sale sale = FromJson(R"({"date": "2024-06-01", "item": "RTX 4090D", "destination": "DE"})");
  ASSERT_TRUE(Eval(sale).allowed);  // the same sale with its destination
  sale.destination = Country();
  EXPECT_EQ(Validate(sale).message(), "sale has no destination");
  const Decision d = Eval(sale);
  EXPECT_FALSE(d.allowed);
  EXPECT_EQ(d.verdict, Verdict::kIndeterminate);
  EXPECT_EQ(Missing(d.missing), "destination");
}

TEST_F(FailClosedTest, CodesOutsideIso3166AreNoCountry) {
  EXPECT_FALSE(Country::Of("ZZ").valid());
  EXPECT_FALSE(Country::Of("us").valid());
  EXPECT_FALSE(Country::Parse("XX").ok());
  Sale sale = FromJson(R"({"date": "2024-06-01", "item": "L20", "destination": "DE"})");
  sale.destination = Country::Of("ZZ");
  EXPECT_FALSE(Eval(sale).allowed);
  EXPECT_FALSE(Validate(sale).ok());
}

TEST_F(FailClosedTest, SaleWithoutItemIsNeverAllowed) {
  Sale sale = FromJson(R"({"date": "2024-06-01", "item": "L20", "destination": "DE"})");
  sale.item = Chip();
  EXPECT_EQ(Validate(sale).message(), "sale has no item");
  const Decision d = Eval(sale);
  EXPECT_FALSE(d.allowed);
  EXPECT_EQ(Missing(d.missing), "item");
}

TEST_F(FailClosedTest, ChipWithoutOriginIsUndecidedWhereTheUsRulesWouldBite) {
  const Decision d = Eval(FromJson(
      R"({"date": "2024-06-01", "item": {"model": "P1", "datacenter": true, "tpp": 5000}, "destination": "CN"})"));
  EXPECT_EQ(d.verdict, Verdict::kIndeterminate) << VerdictName(d.verdict);
  EXPECT_FALSE(d.allowed);
  EXPECT_EQ(d.Find(kUS)->verdict, Verdict::kIndeterminate);
  EXPECT_TRUE(d.missing.contains(Spec::kOrigin)) << Missing(d.missing);

  // Where every origin gives the same answer, the origin decides nothing.
  const Decision small = Eval(FromJson(
      R"({"date": "2024-06-01", "item": {"model": "P2", "datacenter": true, "tpp": 100, "die_area_mm2": 500}, "destination": "DE"})"));
  EXPECT_EQ(small.verdict, Verdict::kAllowed) << VerdictName(small.verdict);
}

TEST_F(FailClosedTest, ChipWithoutDatacenterFlagIsNotTakenAsConsumer) {
  // A datacenter chip of TPP 3000 and PD 4.0 is 3A090.b (NAC notification to China); a consumer
  // one is not 3A090 (Note 2). Without the flag the answer is open, naming it.
  const Decision d = Eval(FromJson(
      R"({"date": "2024-06-01", "item": {"model": "P1", "origin": "US", "tpp": 3000, "die_area_mm2": 750}, "destination": "CN"})"));
  EXPECT_EQ(d.verdict, Verdict::kIndeterminate) << VerdictName(d.verdict);
  EXPECT_TRUE(d.missing.contains(Spec::kDatacenter)) << Missing(d.missing);
}

TEST_F(FailClosedTest, MissingSpecThatChangesNoVerdictDecidesNothing) {
  // A consumer chip of unknown TPP to Vietnam on 2025-01-15: below 4800 it is not 3A090 (Note 2);
  // at 4800 or more it is 3A090.a, and ACA covers it without notification. Allowed either way.
  const Decision d = Eval(FromJson(
      R"({"date": "2025-01-15", "item": {"model": "C1", "origin": "US", "datacenter": false}, "destination": "VN", "end_use": "consumer"})"));
  EXPECT_EQ(d.verdict, Verdict::kAllowed) << VerdictName(d.verdict);
  EXPECT_TRUE(d.allowed);
  EXPECT_EQ(d.Find(kUS)->classification, "indeterminate");
}

TEST_F(FailClosedTest, MissingSpecThatCouldVoidALicenseIsUndecided) {
  // A licensed MI308X (specs unknown) to China: under the letter the license covers it, but were it
  // a 3A090.a chip inside the January 2026 gate, a quantity above 50 % of US shipments (here 0)
  // would void the license.
  const Decision d =
      Eval(FromJson(R"({"date": "2026-02-10", "item": "MI308X", "destination": "CN", "us_units_shipped": 0,
      "licenses": [{"jurisdiction": "US", "valid_from": "2026-01-20"}]})"));
  EXPECT_EQ(d.verdict, Verdict::kIndeterminate) << VerdictName(d.verdict);
  EXPECT_FALSE(d.allowed);
  EXPECT_FALSE(d.missing.empty());
}

TEST_F(FailClosedTest, TheSameOwnerNamedTwiceIsOneEntity) {
  // Holding 1 holds 55 % directly and, as the 100 % owner of Nominee 2, 10 % more; Inspur Group
  // (listed) owns 60 % of Holding 1, as the second place Holding 1 is named says. One entity:
  // Holding 1 is covered, so the buyer is owned 65 % by covered parties.
  const Decision d = Eval(FromJson(R"({"date": "2025-10-15", "item": "L20", "destination": "DE",
      "buyer": {"name": "Example Server GmbH", "headquarters": "DE", "owners": [
        {"name": "Holding 1", "percent": 55},
        {"name": "Nominee 2", "percent": 10, "owners": [
          {"name": "Holding 1", "percent": 100, "owners": [{"name": "Inspur Group", "percent": 60}]}]}]}})"));
  EXPECT_EQ(d.verdict, Verdict::kLicenseRequired) << VerdictName(d.verdict);
  EXPECT_TRUE(d.Fired("us-affiliates"));

  // Named under other spellings of one legal name, the parties are the same too.
  const Decision spelled = Eval(FromJson(R"({"date": "2025-10-15", "item": "L20", "destination": "DE",
      "buyer": {"name": "Example Server GmbH", "headquarters": "DE", "owners": [
        {"name": "Holding 1 Co., Ltd.", "percent": 55},
        {"name": "Nominee 2", "percent": 10, "owners": [
          {"name": "HOLDING 1", "percent": 100, "owners": [{"name": "Inspur Group", "percent": 60}]}]}]}})"));
  EXPECT_EQ(spelled.verdict, Verdict::kLicenseRequired) << VerdictName(spelled.verdict);

  // Two stakes of one owner add up: 30 % and 30 % of a covered holding are 60 %.
  const Decision twice = Eval(FromJson(R"({"date": "2025-10-15", "item": "L20", "destination": "DE",
      "buyer": {"name": "Example Server GmbH", "headquarters": "DE", "owners": [
        {"name": "Holding 1", "percent": 30, "owners": [{"name": "Inspur Group", "percent": 60}]},
        {"name": "Holding 1", "percent": 30}]}})"));
  EXPECT_EQ(twice.verdict, Verdict::kLicenseRequired) << VerdictName(twice.verdict);
}

TEST_F(FailClosedTest, InScopeRuleBringsAForeignChipUnderTheUsRules) {
  // An overlay: from 2027-01-01 a named foreign chip is subject to the US rules, and any sale of
  // it needs a license.
  absl::StatusOr<RulePack> overlay = LoadRulePack(R"(format = 1
id = "scope-test"
revision = "1"

[[chip]]
model = "Example Foreign X1"
vendor = "Example"
origin = "JP"
datacenter = true
tpp = 1000

[[rule]]
id = "t-scope"
jurisdiction = "US"
announced = 2026-12-01
from = 2027-01-01
legal_force = "guidance"
citation = "test"
when = "model in [\"Example Foreign X1\"]"
effect = "in_scope"

[[rule]]
id = "t-license"
jurisdiction = "US"
announced = 2026-12-01
from = 2027-01-01
legal_force = "guidance"
citation = "test"
when = "model in [\"Example Foreign X1\"] and not end_use in [evaluation]"
effect = "license_required"
review_policy = "presumption_of_denial"
)",
                                                  "scope-test.toml");
  ASSERT_TRUE(overlay.ok()) << overlay.status();
  absl::StatusOr<std::shared_ptr<const RuleSet>> rules = BuiltinRuleSet({*overlay});
  ASSERT_TRUE(rules.ok()) << rules.status();
  absl::StatusOr<Sale> parsed =
      ParseSaleJson(R"({"date": "2026-12-31", "item": "Example Foreign X1", "destination": "DE"})", **rules);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  Sale sale = *parsed;
  Decision before = Evaluate(**rules, sale);
  EXPECT_FALSE(before.Find(kUS)->in_scope);
  EXPECT_EQ(before.verdict, Verdict::kAllowed);
  sale.date = D("2027-01-01");
  Decision after = Evaluate(**rules, sale, {.trace = TraceLevel::kFired});
  EXPECT_TRUE(after.Find(kUS)->in_scope);
  EXPECT_EQ(after.verdict, Verdict::kLicenseRequired) << VerdictName(after.verdict);
  EXPECT_TRUE(after.Fired("t-scope"));
  sale.end_use = EndUse::kEvaluation;
  EXPECT_EQ(Evaluate(**rules, sale).verdict, Verdict::kAllowed);
  // As known before the rule was announced, the chip is out of scope.
  sale.end_use = EndUse::kDatacenter;
  EXPECT_FALSE(Evaluate(**rules, sale, {.as_of = D("2026-11-30")}).Find(kUS)->in_scope);
}

TEST_F(FailClosedTest, ImportDutyIsOnTheImportValueNotThePrice) {
  absl::StatusOr<RulePack> overlay = LoadRulePack(R"(format = 1
id = "duty-test"
revision = "1"

[[rule]]
id = "t-duty"
jurisdiction = "US"
announced = 2027-01-01
from = 2027-01-01
legal_force = "proclamation"
citation = "test"
effect = "condition"
applies_to = ["us-h200-2026"]

[[rule.condition]]
kind = "import_duty"
percent = 25
)",
                                                  "duty-test.toml");
  ASSERT_TRUE(overlay.ok()) << overlay.status();
  absl::StatusOr<std::shared_ptr<const RuleSet>> rules = BuiltinRuleSet({*overlay});
  ASSERT_TRUE(rules.ok()) << rules.status();
  Sale sale = FromJson(R"({"date": "2027-02-10", "item": "H200", "destination": "MO", "quantity": 100,
      "unit_price_usd": 30000, "us_units_shipped": 10000, "licenses": [{"jurisdiction": "US", "valid_from": "2027-02-01"}]})");
  auto duty = [&](const Decision& d) -> const ConditionOut* {
    for (const ConditionOut& c : d.conditions)
      if (c.kind == ConditionKind::kImportDuty) return &c;
    return nullptr;
  };
  Decision d = Evaluate(**rules, sale);
  ASSERT_NE(duty(d), nullptr) << VerdictName(d.verdict);
  EXPECT_EQ(duty(d)->percent, 25);
  EXPECT_FALSE(duty(d)->amount_usd.has_value());  // no import value: unknown, never the price
  sale.us_import_value_usd = Usd{2000000};
  d = Evaluate(**rules, sale);
  ASSERT_NE(duty(d), nullptr);
  EXPECT_DOUBLE_EQ(*duty(d)->amount_usd, 500000);
}

}  // namespace
}  // namespace exportctl
