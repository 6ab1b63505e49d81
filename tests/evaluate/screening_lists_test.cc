// The US screening lists beyond the Entity List (docs/law.md §3c): `buyer_list in [...]` reads a
// listing's `list`, and `buyer_listed` reads the Entity List alone. The built-in catalog with an
// overlay of entries on each list, as an imported Consolidated Screening List gives them.
#include <algorithm>

#include "exportctl/evaluate.h"
#include "exportctl/json.h"
#include "exportctl/rule_pack.h"
#include "gtest/gtest.h"
#include "test_support.h"

namespace exportctl {
namespace {

const Country kUS = Country::Of("US");

constexpr std::string_view kOverlay = R"toml(format = 1
id = "screening-lists-test"
revision = "1"

[[entity]]
name = "Blocked Trading LLC"
[[entity.listing]]
list = "sdn"
from = 2024-01-10
citation = "test: SDN entry"

[[entity]]
name = "Evader Ltd"
[[entity.listing]]
list = "fse"
from = 2020-01-01
citation = "test: FSE entry"

[[entity]]
name = "Denied Person Co"
[[entity.listing]]
list = "dpl"
from = 2020-01-01
until = 2030-01-01
citation = "test: denial order"

[[entity]]
name = "Military Institute"
[[entity.listing]]
list = "meu"
from = 2020-12-23
citation = "test: MEU entry"

[[entity]]
name = "Unverified Trading"
[[entity.listing]]
list = "uvl"
from = 2020-01-01
citation = "test: UVL entry"

[[entity]]
name = "Sectoral Bank"
[[entity.listing]]
list = "ssi"
from = 2020-01-01
citation = "test: SSI entry"

[[entity]]
name = "Example Precision Instruments Corporation (EPIC)"
[[entity.listing]]
list = "entity_list"
from = 2021-01-01
citation = "test: Entity List entry with a short name"

[[entity]]
name = "Listed Twice"
[[entity.listing]]
list = "entity_list"
from = 2021-01-01
citation = "test: Entity List entry"
[[entity.listing]]
list = "sdn"
from = 2023-01-01
citation = "test: SDN entry"
)toml";

class ScreeningListsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    absl::StatusOr<RulePack> overlay = LoadRulePack(kOverlay, "screening-lists-test.toml");
    ASSERT_TRUE(overlay.ok()) << overlay.status();
    absl::StatusOr<std::shared_ptr<const RuleSet>> compiled = BuiltinRuleSet({*overlay});
    ASSERT_TRUE(compiled.ok()) << compiled.status();
    rules_ = new std::shared_ptr<const RuleSet>(*compiled);
  }
  static void TearDownTestSuite() { delete rules_; }

  static Decision Check(std::string_view json) {
    absl::StatusOr<Sale> sale = ParseSaleJson(json, **rules_);
    EXPECT_TRUE(sale.ok()) << sale.status();
    return sale.ok() ? Evaluate(**rules_, *sale, {.trace = TraceLevel::kFull}) : Decision{};
  }
  // A sale of an L40S (3A090.b, needs no license to Germany) to `buyer` on `date`.
  static Decision ToGermany(std::string_view buyer, std::string_view date) {
    return Check(std::string(R"({"date": ")") + std::string(date) +
                 R"(", "item": "L40S", "destination": "DE", "buyer": {"name": ")" + std::string(buyer) + R"("}})");
  }
  static bool Fired(const Decision& d, std::string_view rule) {
    return std::any_of(d.trace.begin(), d.trace.end(), [&](const TraceEntry& t) { return t.rule == rule && t.fired; });
  }

  static std::shared_ptr<const RuleSet>* rules_;
};
std::shared_ptr<const RuleSet>* ScreeningListsTest::rules_ = nullptr;

TEST_F(ScreeningListsTest, AnSdnBuyerIsProhibitedFromItsListingDay) {
  const Decision before = ToGermany("Blocked Trading LLC", "2024-01-09");
  EXPECT_EQ(before.verdict, Verdict::kAllowed) << VerdictName(before.verdict);
  EXPECT_FALSE(Fired(before, "us-ofac-blocked"));
  const Decision on = ToGermany("BLOCKED TRADING, L.L.C.", "2024-01-10");
  EXPECT_EQ(on.verdict, Verdict::kProhibited) << VerdictName(on.verdict);
  EXPECT_FALSE(on.allowed);
  EXPECT_TRUE(Fired(on, "us-ofac-blocked"));
  EXPECT_FALSE(Fired(on, "us-entity-list")) << "an SDN listing is not an Entity List listing";
}

TEST_F(ScreeningListsTest, ForeignSanctionsEvadersAndDeniedPersonsAreProhibited) {
  EXPECT_EQ(ToGermany("Evader Ltd", "2025-06-01").verdict, Verdict::kProhibited);
  const Decision denied = ToGermany("Denied Person Co", "2025-06-01");
  EXPECT_EQ(denied.verdict, Verdict::kProhibited);
  EXPECT_TRUE(Fired(denied, "us-denied-persons"));
  // The denial order ends on 2030-01-01.
  EXPECT_EQ(ToGermany("Denied Person Co", "2030-01-01").verdict, Verdict::kAllowed);
}

TEST_F(ScreeningListsTest, AMilitaryEndUserNeedsALicenseWithPresumptionOfDenial) {
  const Decision d = ToGermany("Military Institute", "2025-06-01");
  EXPECT_EQ(d.verdict, Verdict::kLicenseRequired) << VerdictName(d.verdict);
  ASSERT_NE(d.Find(kUS), nullptr);
  EXPECT_EQ(d.Find(kUS)->review_policy, ReviewPolicy::kPresumptionOfDenial);
  EXPECT_TRUE(Fired(d, "us-military-end-user"));
  EXPECT_EQ(ToGermany("Military Institute", "2020-12-22").verdict, Verdict::kAllowed);
}

TEST_F(ScreeningListsTest, AnUnverifiedBuyerLosesTheLicenseExceptions) {
  // An RTX 4090 to Saudi Arabia on 2024-03-01 is allowed under NAC (no notification then);
  // to a party on the Unverified List no license exception may be used.
  const Decision ordinary =
      Check(R"({"date": "2024-03-01", "item": "RTX 4090", "destination": "SA", "buyer": {"name": "Ordinary Buyer"}})");
  ASSERT_EQ(ordinary.verdict, Verdict::kAllowed) << VerdictName(ordinary.verdict);
  ASSERT_NE(ordinary.Find(kUS), nullptr);
  ASSERT_EQ(ordinary.Find(kUS)->license_exception, "NAC");
  const Decision unverified = Check(
      R"({"date": "2024-03-01", "item": "RTX 4090", "destination": "SA", "buyer": {"name": "Unverified Trading"}})");
  EXPECT_EQ(unverified.verdict, Verdict::kLicenseRequired) << VerdictName(unverified.verdict);
  EXPECT_EQ(unverified.Find(kUS)->license_exception, "");
  EXPECT_TRUE(Fired(unverified, "us-unverified-no-exception"));
  EXPECT_TRUE(Fired(unverified, "us-unverified-list"));
  // A sale that needs no license is allowed, with the advisory to get the UVL statement.
  const Decision plain = ToGermany("Unverified Trading", "2025-06-01");
  EXPECT_EQ(plain.verdict, Verdict::kAllowed) << VerdictName(plain.verdict);
  ASSERT_NE(plain.Find(kUS), nullptr);
  ASSERT_EQ(plain.Find(kUS)->advisories.size(), 1u);
  EXPECT_EQ(plain.Find(kUS)->advisories[0].rule, "us-unverified-list");
}

TEST_F(ScreeningListsTest, AnotherListGivesAnAdvisoryNamingIt) {
  const Decision d = ToGermany("Sectoral Bank", "2025-06-01");
  EXPECT_EQ(d.verdict, Verdict::kAllowed) << VerdictName(d.verdict);
  ASSERT_TRUE(Fired(d, "us-screening-list-other"));
  const auto it = std::find_if(d.trace.begin(), d.trace.end(),
                               [](const TraceEntry& t) { return t.rule == "us-screening-list-other"; });
  EXPECT_NE(it->detail.find("ssi from 2020-01-01"), std::string::npos) << it->detail;
}

TEST_F(ScreeningListsTest, EachListingCountsOnItsOwnList) {
  // On the Entity List from 2021, and on the SDN list too from 2023.
  const Decision entity_list_only = ToGermany("Listed Twice", "2022-06-01");
  EXPECT_EQ(entity_list_only.verdict, Verdict::kLicenseRequired) << VerdictName(entity_list_only.verdict);
  EXPECT_TRUE(Fired(entity_list_only, "us-entity-list"));
  EXPECT_FALSE(Fired(entity_list_only, "us-ofac-blocked"));
  const Decision both = ToGermany("Listed Twice", "2023-06-01");
  EXPECT_EQ(both.verdict, Verdict::kProhibited) << VerdictName(both.verdict);
  EXPECT_TRUE(Fired(both, "us-entity-list"));
  EXPECT_TRUE(Fired(both, "us-ofac-blocked"));
}

TEST_F(ScreeningListsTest, AParenthesizedShortNameIsAName) {
  for (std::string_view buyer :
       {"EPIC", "Example Precision Instruments Corp.", "example precision instruments corporation (epic)"}) {
    const Decision d = ToGermany(buyer, "2025-06-01");
    EXPECT_EQ(d.verdict, Verdict::kLicenseRequired) << buyer;
    EXPECT_TRUE(Fired(d, "us-entity-list")) << buyer;
  }
  EXPECT_EQ(ToGermany("Epic Games", "2025-06-01").verdict, Verdict::kAllowed);
}

TEST_F(ScreeningListsTest, ListsOtherThanTheEntityListDoNotMakeAffiliates) {
  // 60 % owned by an SDN-listed party: OFAC's own 50 % rule is not modeled, and the BIS
  // affiliates rule (in force again from 2026-11-10) reads Entity List parties only.
  const Decision d = Check(R"({"date": "2026-11-20", "item": "L40S", "destination": "DE",
      "buyer": {"name": "Subsidiary", "owners": [{"name": "Blocked Trading LLC", "percent": 60}]}})");
  EXPECT_FALSE(Fired(d, "us-affiliates"));
  EXPECT_FALSE(Fired(d, "us-ofac-blocked"));
}

TEST(ScreeningListsCompile, MoreThanThirtyTwoListsIsAnError) {
  std::string pack = "format = 1\nid = \"many\"\nrevision = \"1\"\n";
  for (int i = 0; i < 33; ++i)
    pack += "\n[[entity]]\nname = \"Party " + std::to_string(i) + "\"\n[[entity.listing]]\nlist = \"list" +
            std::to_string(i) + "\"\nfrom = 2020-01-01\ncitation = \"test\"\n";
  absl::StatusOr<RulePack> overlay = LoadRulePack(pack, "many.toml");
  ASSERT_TRUE(overlay.ok()) << overlay.status();
  absl::StatusOr<std::shared_ptr<const RuleSet>> rules = BuiltinRuleSet({*overlay});
  ASSERT_FALSE(rules.ok());
  EXPECT_NE(rules.status().message().find("more than 32 screening lists"), std::string::npos) << rules.status();
}

}  // namespace
}  // namespace exportctl
