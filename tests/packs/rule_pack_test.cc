// Tests for LoadRulePack / LoadRulePackFile: a complete pack read field for field, and one test per
// kind of malformed pack, each asserting the exact "file:line:column: message".
#include "exportctl/rule_pack.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "gtest/gtest.h"
#include "status_matchers.h"

namespace exportctl {
namespace {

using testing::IsOk;
using testing::StatusIs;

constexpr std::string_view kFullPack = R"toml(format = 1
id = "test-pack"
revision = "2026-01-01"
description = "every section of the format"

[[jurisdiction]]
code = "US"
name = "United States (EAR)"
scope = "origin in [US]"
report_out_of_scope = true
out_of_scope_note = "not subject to the EAR"
treat_as = { HK = "CN" }
classifications = ["3A090.a", "3A090.b"]

[[group]]
id = "D:5"
description = "arms embargoed"
citation = "Supp. No. 1 to 15 CFR part 740"
modeled = true
members = ["CN", "RU"]
from = 2022-01-01
until = 2030-01-01

[[group.member]]
country = "MO"
from = 2023-01-18

[[group.member]]
country = "VE"
until = 2024-01-01

[[parameter]]
id = "us.3a090.a.tpp"
unit = "tpp"

[[parameter.value]]
from = 2023-11-17
value = 4800
citation = "88 FR 73458"

[[parameter.value]]
from = 2022-10-07
value = 4800.5
citation = "87 FR 62186"
announced = 2022-10-01
modeled = true

[[chip]]
model = "NVIDIA H20"
aliases = ["H20"]
vendor = "NVIDIA"
origin = "US"
datacenter = true
dense_tops = { fp8 = 296, int8 = 296, fp16 = 148.5 }
die_area_mm2 = 814
interconnect_gbps = 900
memory_bandwidth_gbps = 4000
memory_gb = 96
tdp_w = 400
source = "datasheet"
modeled = false

[[chip]]
model = "RTX 4090D"
origin = "US"
tpp = 4707

[[entity]]
name = "Inspur Group"
aliases = ["Inspur Group Co., Ltd.", "浪潮集团"]
country = "CN"

[[entity.listing]]
from = 2023-03-02
citation = "88 FR 12170"

[[entity.listing]]
list = "other_list"
from = 2024-01-01
until = 2025-01-01
announced = 2023-12-20

[[entity]]
name = "Inspur Electronic Information"

[[ownership]]
owner = "Inspur Group"
owned = "Inspur Electronic Information"
percent = 51.0
from = 2020-01-01
until = 2030-01-01
citation = "annual report"

[[rule]]
id = "r-classify"
jurisdiction = "US"
announced = 2023-10-17
from = 2023-11-17
legal_force = "regulation"
citations = ["88 FR 73458"]
when = "tpp >= @us.3a090.a.tpp"
effect = "classify"
classification = "3A090.a"

[[rule.case]]
when = "tpp < 4800"
classification = "3A090.b"

[[rule]]
id = "r-license"
jurisdiction = "US"
announced = 2023-10-17
from = 2023-11-17
until = 2030-01-01
until_announced = 2029-12-01
compliance = 2023-12-01
legal_force = "regulation"
citations = ["88 FR 73458", "15 CFR 742.6"]
modeled = true
note = "a note"
when = "classification in [3A090.a] and destination in [D:5]"
effect = "license_required"
review_policy = "presumption_of_approval"
advisory = "check the end user"

[[rule.case]]
when = "destination in [MO]"
review_policy = "presumption_of_denial"

[[rule.case]]
when = "destination in [RU]"
effect = "prohibit"

[[rule]]
id = "r-approval"
jurisdiction = "CN"
announced = 2026-01-14
from = 2026-01-14
legal_force = "approval_condition"
citations = ["Reuters 2026-01-28"]
effect = "approval_required"

[[rule.condition]]
kind = "domestic_purchase"
ratio = 1.0
note = "ratio unpublished"

[[rule.condition]]
kind = "approval_quantity"

[[rule]]
id = "r-nac"
jurisdiction = "US"
announced = 2023-10-17
from = 2023-11-17
legal_force = "regulation"
citations = ["15 CFR 740.8"]
effect = "license_exception"
exception = "NAC"
exception_to = ["r-license"]
notification = true
wait_days = 25

[[rule.case]]
when = "destination in [VE]"
notification = false
wait_days = 0

[[rule]]
id = "r-review"
jurisdiction = "US"
announced = 2026-01-13
from = 2026-01-15
legal_force = "regulation"
citations = ["91 FR 1684"]
effect = "review"
amends = ["r-license"]
review_policy = "case_by_case"

[[rule.condition]]
kind = "volume_cap"
percent = 50

[[rule.condition]]
kind = "third_party_testing"

[[rule.case]]
when = "exported_from in [CN]"
review_policy = "presumption_of_denial"

[[rule.case.condition]]
kind = "remote_access_kyc"

[[rule]]
id = "r-suspend"
jurisdiction = "US"
announced = 2025-11-01
from = 2025-11-10
until = 2026-11-10
legal_force = "regulation"
citations = ["suspension"]
effect = "suspend"
suspends = ["r-license"]

[[rule]]
id = "r-prohibit"
jurisdiction = "CN"
announced = 2025-09-17
from = 2025-09-17
legal_force = "guidance"
citations = ["FT"]
effect = "prohibit"

[[rule]]
id = "r-advisory"
jurisdiction = "CN"
announced = 2025-08-12
from = 2025-08-12
legal_force = "guidance"
citations = ["reports"]
effect = "advisory"
advisory = "discouraged"

[[rule]]
id = "r-condition"
jurisdiction = "US"
announced = 2025-08-11
from = 2025-08-11
legal_force = "reported_arrangement"
citations = ["reported"]
effect = "condition"
applies_to = ["r-license", "r-review"]

[[rule.condition]]
kind = "revenue_share"
percent = 15

[[rule]]
id = "r-never"
jurisdiction = "US"
announced = 2025-01-13
from = 2025-05-15
until = 2025-05-15
legal_force = "executive_action"
citations = ["90 FR 4544"]
effect = "license_required"
review_policy = "case_by_case"

[[end]]
rule = "us-h20-informed"
until = 2027-01-01
announced = 2026-12-01

[[test]]
name = "H20 to China"
as_of = 2025-08-20
sale = { date = 2025-08-20, item = "H20", destination = "CN", quantity = 1000, unit_price_usd = 12000.5, buyer = { name = "A \"quoted\" co", sector = "commercial" }, licenses = [{ jurisdiction = "US", valid_from = 2025-08-01 }], datacenter = { pue = 1.25, national_hub = false } }
verdict = "allowed_with_conditions"
allowed = true
classification = "none"
jurisdictions = { US = "allowed_with_conditions", CN = "allowed" }
review_policy = "case_by_case"
license_exception = "NAC"
fired = ["r-condition"]
not_fired = ["r-prohibit"]
conditions = ["revenue_share"]
missing = ["die_area_mm2"]

[[test]]
name = "a bare test"
sale = { date = 2024-01-01, item = { model = "X", origin = "US" }, destination = "DE" }
)toml";

TEST(RulePackTest, LoadsEverySection) {
  absl::StatusOr<RulePack> loaded = LoadRulePack(kFullPack, "full.toml");
  ASSERT_THAT(loaded, IsOk());
  const RulePack& pack = *loaded;

  EXPECT_EQ(pack.info.format, 1);
  EXPECT_EQ(pack.info.id, "test-pack");
  EXPECT_EQ(pack.info.revision, "2026-01-01");
  EXPECT_EQ(pack.info.description, "every section of the format");
  EXPECT_EQ(pack.info.source, "full.toml");

  ASSERT_EQ(pack.jurisdictions.size(), 1u);
  const JurisdictionSpec& us = pack.jurisdictions[0];
  EXPECT_EQ(us.code, Country::Of("US"));
  EXPECT_EQ(us.name, "United States (EAR)");
  EXPECT_EQ(us.scope.kind, Predicate::Kind::kMember);
  EXPECT_TRUE(us.report_out_of_scope);
  EXPECT_EQ(us.out_of_scope_note, "not subject to the EAR");
  ASSERT_EQ(us.treat_as.size(), 1u);
  EXPECT_EQ(us.treat_as[0].first, Country::Of("HK"));
  EXPECT_EQ(us.treat_as[0].second, Country::Of("CN"));
  EXPECT_EQ(us.classifications, (std::vector<std::string>{"3A090.a", "3A090.b"}));
  EXPECT_EQ(us.location.ToString(), "full.toml:6:1");

  ASSERT_EQ(pack.groups.size(), 1u);
  const CountryGroup& d5 = pack.groups[0];
  EXPECT_EQ(d5.id, "D:5");
  EXPECT_EQ(d5.description, "arms embargoed");
  EXPECT_EQ(d5.citation, "Supp. No. 1 to 15 CFR part 740");
  EXPECT_TRUE(d5.modeled);
  EXPECT_EQ(d5.location.ToString(), "full.toml:15:1");
  ASSERT_EQ(d5.members.size(), 4u);
  const DateInterval life{Date(2022, 1, 1), Date(2030, 1, 1)};
  EXPECT_EQ(d5.members[0].country, Country::Of("CN"));
  EXPECT_EQ(d5.members[0].interval, life);
  EXPECT_EQ(d5.members[1].country, Country::Of("RU"));
  EXPECT_EQ(d5.members[2].country, Country::Of("MO"));
  EXPECT_EQ(d5.members[2].interval, (DateInterval{Date(2023, 1, 18), Date(2030, 1, 1)}));
  EXPECT_EQ(d5.members[3].country, Country::Of("VE"));
  EXPECT_EQ(d5.members[3].interval, (DateInterval{Date(2022, 1, 1), Date(2024, 1, 1)}));

  ASSERT_EQ(pack.parameters.size(), 1u);
  const ParameterSeries& tpp = pack.parameters[0];
  EXPECT_EQ(tpp.id, "us.3a090.a.tpp");
  EXPECT_EQ(tpp.unit, "tpp");
  ASSERT_EQ(tpp.values.size(), 2u);  // sorted by `from`
  EXPECT_EQ(tpp.values[0].from, Date(2022, 10, 7));
  EXPECT_EQ(tpp.values[0].value, 4800.5);
  EXPECT_EQ(tpp.values[0].citation, "87 FR 62186");
  EXPECT_EQ(tpp.values[0].announced, Date(2022, 10, 1));
  EXPECT_TRUE(tpp.values[0].modeled);
  EXPECT_EQ(tpp.values[1].from, Date(2023, 11, 17));
  EXPECT_EQ(tpp.values[1].value, 4800);
  EXPECT_EQ(tpp.values[1].announced, std::nullopt);
  EXPECT_FALSE(tpp.values[1].modeled);
  EXPECT_EQ(tpp.location.ToString(), "full.toml:32:1");

  ASSERT_EQ(pack.chips.size(), 2u);
  const CatalogChip& h20 = pack.chips[0];
  EXPECT_EQ(h20.chip.model, "NVIDIA H20");
  EXPECT_EQ(h20.aliases, std::vector<std::string>{"H20"});
  EXPECT_EQ(h20.chip.vendor, "NVIDIA");
  EXPECT_EQ(h20.chip.origin, Country::Of("US"));
  EXPECT_TRUE(h20.chip.datacenter);
  EXPECT_EQ(h20.chip.tops(Precision::kFp8), Tops{296});
  EXPECT_EQ(h20.chip.tops(Precision::kInt8), Tops{296});
  EXPECT_EQ(h20.chip.tops(Precision::kFp16), Tops{148.5});
  EXPECT_EQ(h20.chip.tops(Precision::kFp4), std::nullopt);
  EXPECT_EQ(h20.chip.tpp_direct, std::nullopt);
  EXPECT_EQ(h20.chip.die_area_mm2, SquareMillimeters{814});
  EXPECT_EQ(h20.chip.interconnect_gbps, GigabytesPerSecond{900});
  EXPECT_EQ(h20.chip.memory_bandwidth_gbps, GigabytesPerSecond{4000});
  EXPECT_EQ(h20.chip.memory_gb, Gigabytes{96});
  EXPECT_EQ(h20.chip.tdp_w, Watts{400});
  EXPECT_EQ(h20.source, "datasheet");
  EXPECT_FALSE(h20.modeled);
  EXPECT_EQ(h20.location.ToString(), "full.toml:48:1");
  const CatalogChip& rtx = pack.chips[1];
  EXPECT_EQ(rtx.chip.tpp_direct, Tpp{4707});
  EXPECT_FALSE(rtx.chip.datacenter);
  EXPECT_EQ(rtx.chip.die_area_mm2, std::nullopt);
  EXPECT_EQ(rtx.chip.tdp_w, std::nullopt);

  ASSERT_EQ(pack.entities.size(), 2u);
  const Entity& inspur = pack.entities[0];
  EXPECT_EQ(inspur.name, "Inspur Group");
  EXPECT_EQ(inspur.aliases, (std::vector<std::string>{"Inspur Group Co., Ltd.", "浪潮集团"}));
  EXPECT_EQ(inspur.country, Country::Of("CN"));
  ASSERT_EQ(inspur.listings.size(), 2u);
  EXPECT_EQ(inspur.listings[0].list, "entity_list");
  EXPECT_EQ(inspur.listings[0].interval, (DateInterval{Date(2023, 3, 2), Date::Unbounded()}));
  EXPECT_EQ(inspur.listings[0].announced, std::nullopt);
  EXPECT_EQ(inspur.listings[0].citation, "88 FR 12170");
  EXPECT_EQ(inspur.listings[1].list, "other_list");
  EXPECT_EQ(inspur.listings[1].interval, (DateInterval{Date(2024, 1, 1), Date(2025, 1, 1)}));
  EXPECT_EQ(inspur.listings[1].announced, Date(2023, 12, 20));
  EXPECT_EQ(inspur.location.ToString(), "full.toml:68:1");
  EXPECT_EQ(pack.entities[1].country, std::nullopt);
  EXPECT_TRUE(pack.entities[1].listings.empty());

  ASSERT_EQ(pack.ownership.size(), 1u);
  const OwnershipEdge& edge = pack.ownership[0];
  EXPECT_EQ(edge.owner, "Inspur Group");
  EXPECT_EQ(edge.owned, "Inspur Electronic Information");
  EXPECT_EQ(edge.percent, 51.0);
  EXPECT_EQ(edge.interval, (DateInterval{Date(2020, 1, 1), Date(2030, 1, 1)}));
  EXPECT_EQ(edge.citation, "annual report");
  EXPECT_EQ(edge.location.ToString(), "full.toml:86:1");

  ASSERT_EQ(pack.rules.size(), 10u);

  const Rule& classify = pack.rules[0];
  EXPECT_EQ(classify.id, "r-classify");
  EXPECT_EQ(classify.jurisdiction, Country::Of("US"));
  EXPECT_EQ(classify.announced, Date(2023, 10, 17));
  EXPECT_EQ(classify.effective, (DateInterval{Date(2023, 11, 17), Date::Unbounded()}));
  EXPECT_EQ(classify.legal_force, LegalForce::kRegulation);
  EXPECT_EQ(classify.citations, std::vector<std::string>{"88 FR 73458"});
  EXPECT_EQ(classify.when.kind, Predicate::Kind::kCompare);
  EXPECT_EQ(classify.when.parameter, "us.3a090.a.tpp");
  EXPECT_EQ(classify.outcome.effect, EffectKind::kClassify);
  EXPECT_EQ(classify.outcome.classification, "3A090.a");
  ASSERT_EQ(classify.cases.size(), 1u);
  EXPECT_EQ(classify.cases[0].when.kind, Predicate::Kind::kCompare);
  EXPECT_EQ(classify.cases[0].outcome.effect, EffectKind::kClassify);
  EXPECT_EQ(classify.cases[0].outcome.classification, "3A090.b");
  EXPECT_TRUE(classify.targets.empty());
  EXPECT_EQ(classify.location.ToString(), "full.toml:94:1");

  const Rule& license = pack.rules[1];
  EXPECT_EQ(license.effective, (DateInterval{Date(2023, 11, 17), Date(2030, 1, 1)}));
  EXPECT_EQ(license.until_announced, Date(2029, 12, 1));
  EXPECT_EQ(license.compliance, Date(2023, 12, 1));
  EXPECT_EQ(license.starts(), Date(2023, 12, 1));
  EXPECT_EQ(license.citations, (std::vector<std::string>{"88 FR 73458", "15 CFR 742.6"}));
  EXPECT_TRUE(license.modeled);
  EXPECT_EQ(license.note, "a note");
  EXPECT_EQ(license.when.kind, Predicate::Kind::kAnd);
  EXPECT_EQ(license.outcome.effect, EffectKind::kRequireLicense);
  EXPECT_EQ(license.outcome.review_policy, ReviewPolicy::kPresumptionOfApproval);
  EXPECT_EQ(license.outcome.advisory, "check the end user");
  ASSERT_EQ(license.cases.size(), 2u);
  // A case copies the rule's outcome and overrides what it sets.
  EXPECT_EQ(license.cases[0].outcome.effect, EffectKind::kRequireLicense);
  EXPECT_EQ(license.cases[0].outcome.review_policy, ReviewPolicy::kPresumptionOfDenial);
  EXPECT_EQ(license.cases[0].outcome.advisory, "check the end user");
  EXPECT_EQ(license.cases[1].outcome.effect, EffectKind::kProhibit);
  EXPECT_EQ(license.cases[1].outcome.advisory, "check the end user");

  const Rule& approval = pack.rules[2];
  EXPECT_EQ(approval.jurisdiction, Country::Of("CN"));
  EXPECT_EQ(approval.legal_force, LegalForce::kApprovalCondition);
  EXPECT_EQ(approval.when.kind, Predicate::Kind::kTrue);  // `when` defaults to true
  EXPECT_EQ(approval.outcome.effect, EffectKind::kRequireApproval);
  ASSERT_EQ(approval.outcome.conditions.size(), 2u);
  EXPECT_EQ(approval.outcome.conditions[0],
            (ConditionSpec{ConditionKind::kDomesticPurchase, std::nullopt, 1.0, "ratio unpublished"}));
  EXPECT_EQ(approval.outcome.conditions[1], (ConditionSpec{ConditionKind::kApprovalQuantity}));

  const Rule& nac = pack.rules[3];
  EXPECT_EQ(nac.outcome.effect, EffectKind::kLicenseException);
  EXPECT_EQ(nac.outcome.exception, "NAC");
  EXPECT_TRUE(nac.outcome.notification);
  EXPECT_EQ(nac.outcome.wait_days, 25);
  EXPECT_EQ(nac.targets, std::vector<std::string>{"r-license"});
  ASSERT_EQ(nac.cases.size(), 1u);
  EXPECT_EQ(nac.cases[0].outcome.exception, "NAC");
  EXPECT_FALSE(nac.cases[0].outcome.notification);
  EXPECT_EQ(nac.cases[0].outcome.wait_days, 0);

  const Rule& review = pack.rules[4];
  EXPECT_EQ(review.outcome.effect, EffectKind::kAmendReview);
  EXPECT_EQ(review.outcome.review_policy, ReviewPolicy::kCaseByCase);
  EXPECT_EQ(review.targets, std::vector<std::string>{"r-license"});
  ASSERT_EQ(review.outcome.conditions.size(), 2u);
  EXPECT_EQ(review.outcome.conditions[0], (ConditionSpec{ConditionKind::kVolumeCap, 50.0}));
  EXPECT_EQ(review.outcome.conditions[1], (ConditionSpec{ConditionKind::kThirdPartyTesting}));
  ASSERT_EQ(review.cases.size(), 1u);
  EXPECT_EQ(review.cases[0].outcome.review_policy, ReviewPolicy::kPresumptionOfDenial);
  // The case's own conditions replace the rule's.
  ASSERT_EQ(review.cases[0].outcome.conditions.size(), 1u);
  EXPECT_EQ(review.cases[0].outcome.conditions[0].kind, ConditionKind::kRemoteAccessKyc);

  const Rule& suspend = pack.rules[5];
  EXPECT_EQ(suspend.outcome.effect, EffectKind::kSuspend);
  EXPECT_EQ(suspend.targets, std::vector<std::string>{"r-license"});

  EXPECT_EQ(pack.rules[6].outcome.effect, EffectKind::kProhibit);
  EXPECT_EQ(pack.rules[6].legal_force, LegalForce::kGuidance);
  EXPECT_EQ(pack.rules[7].outcome.effect, EffectKind::kAdvisory);
  EXPECT_EQ(pack.rules[7].outcome.advisory, "discouraged");

  const Rule& condition = pack.rules[8];
  EXPECT_EQ(condition.outcome.effect, EffectKind::kCondition);
  EXPECT_EQ(condition.legal_force, LegalForce::kReportedArrangement);
  EXPECT_EQ(condition.targets, (std::vector<std::string>{"r-license", "r-review"}));
  ASSERT_EQ(condition.outcome.conditions.size(), 1u);
  EXPECT_EQ(condition.outcome.conditions[0], (ConditionSpec{ConditionKind::kRevenueShare, 15.0}));

  const Rule& never = pack.rules[9];  // until == from: allowed, never in force
  EXPECT_TRUE(never.effective.empty());
  EXPECT_EQ(never.legal_force, LegalForce::kExecutiveAction);

  ASSERT_EQ(pack.ends.size(), 1u);
  EXPECT_EQ(pack.ends[0].rule, "us-h20-informed");
  EXPECT_EQ(pack.ends[0].until, Date(2027, 1, 1));
  EXPECT_EQ(pack.ends[0].announced, Date(2026, 12, 1));
  EXPECT_EQ(pack.ends[0].location.ToString(), "full.toml:249:1");

  ASSERT_EQ(pack.tests.size(), 2u);
  const PackTest& test = pack.tests[0];
  EXPECT_EQ(test.name, "H20 to China");
  EXPECT_EQ(test.as_of, Date(2025, 8, 20));
  // Keys in alphabetical order (toml++ tables are sorted), dates as "YYYY-MM-DD" strings.
  EXPECT_EQ(test.sale_json, R"({"buyer":{"name":"A \"quoted\" co","sector":"commercial"},)"
                            R"("datacenter":{"national_hub":false,"pue":1.25},"date":"2025-08-20",)"
                            R"("destination":"CN","item":"H20",)"
                            R"("licenses":[{"jurisdiction":"US","valid_from":"2025-08-01"}],)"
                            R"("quantity":1000,"unit_price_usd":12000.5})");
  EXPECT_EQ(test.verdict, Verdict::kAllowedWithConditions);
  EXPECT_EQ(test.allowed, true);
  EXPECT_EQ(test.classification, "none");
  EXPECT_EQ(test.jurisdiction_verdicts,
            (std::vector<std::pair<Country, Verdict>>{{Country::Of("CN"), Verdict::kAllowed},
                                                      {Country::Of("US"), Verdict::kAllowedWithConditions}}));
  EXPECT_EQ(test.review_policy, ReviewPolicy::kCaseByCase);
  EXPECT_EQ(test.license_exception, "NAC");
  EXPECT_EQ(test.fired, std::vector<std::string>{"r-condition"});
  EXPECT_EQ(test.not_fired, std::vector<std::string>{"r-prohibit"});
  EXPECT_EQ(test.conditions, std::vector<ConditionKind>{ConditionKind::kRevenueShare});
  EXPECT_EQ(test.missing, std::vector<Spec>{Spec::kDieArea});
  EXPECT_EQ(test.location.ToString(), "full.toml:254:1");

  const PackTest& bare = pack.tests[1];
  EXPECT_EQ(bare.sale_json, R"({"date":"2024-01-01","destination":"DE","item":{"model":"X","origin":"US"}})");
  EXPECT_EQ(bare.as_of, std::nullopt);
  EXPECT_EQ(bare.verdict, std::nullopt);
  EXPECT_EQ(bare.allowed, std::nullopt);
  EXPECT_TRUE(bare.jurisdiction_verdicts.empty());
  EXPECT_TRUE(bare.fired.empty());
}

TEST(RulePackTest, EmptyPackNeedsOnlyTheHeader) {
  absl::StatusOr<RulePack> pack = LoadRulePack("format = 1\nid = \"p\"\nrevision = \"1\"\n", "p.toml");
  ASSERT_THAT(pack, IsOk());
  EXPECT_EQ(pack->info.id, "p");
  EXPECT_EQ(pack->info.description, "");
  EXPECT_TRUE(pack->rules.empty());
}

TEST(RulePackTest, LoadsAFile) {
  const std::string path = ::testing::TempDir() + "/rule_pack_test_pack.toml";
  {
    std::ofstream out(path);
    out << kFullPack;
  }
  absl::StatusOr<RulePack> pack = LoadRulePackFile(path);
  ASSERT_THAT(pack, IsOk());
  EXPECT_EQ(pack->info.source, path);
  EXPECT_EQ(pack->rules.size(), 10u);
  EXPECT_EQ(pack->rules[0].location.ToString(), path + ":94:1");
  std::remove(path.c_str());
}

TEST(RulePackTest, MissingFileIsNotFound) {
  absl::StatusOr<RulePack> pack = LoadRulePackFile("/nonexistent/pack.toml");
  EXPECT_THAT(pack, StatusIs(absl::StatusCode::kNotFound, "cannot read '/nonexistent/pack.toml'"));
}

// The worked example of docs/rule-packs.md ("## A complete example") loads.
TEST(RulePackTest, TheDocumentedExampleLoads) {
  std::ifstream in(std::string(EXPORTCTL_SOURCE_DIR) + "/docs/rule-packs.md");
  ASSERT_TRUE(in) << "cannot read docs/rule-packs.md";
  std::string doc((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  size_t section = doc.find("## A complete example");
  ASSERT_NE(section, std::string::npos);
  size_t begin = doc.find("```toml\n", section);
  ASSERT_NE(begin, std::string::npos);
  begin += 8;
  size_t end = doc.find("```", begin);
  ASSERT_NE(end, std::string::npos);
  absl::StatusOr<RulePack> pack = LoadRulePack(doc.substr(begin, end - begin), "example.toml");
  ASSERT_THAT(pack, IsOk());
  EXPECT_EQ(pack->info.id, "whatif-lower-tpp");
  EXPECT_EQ(pack->jurisdictions.size(), 1u);
  EXPECT_EQ(pack->groups.size(), 1u);
  EXPECT_EQ(pack->parameters.size(), 1u);
  EXPECT_EQ(pack->chips.size(), 3u);
  EXPECT_EQ(pack->entities.size(), 2u);
  EXPECT_EQ(pack->ownership.size(), 1u);
  EXPECT_EQ(pack->rules.size(), 3u);
  EXPECT_EQ(pack->ends.size(), 1u);
  EXPECT_EQ(pack->tests.size(), 3u);
}

// Every built-in pack file loads on its own.
TEST(RulePackTest, TheBuiltinPackFilesLoad) {
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(std::string(EXPORTCTL_SOURCE_DIR) + "/rules")) {
    if (entry.path().extension() != ".toml") continue;
    ++files;
    absl::StatusOr<RulePack> pack = LoadRulePackFile(entry.path().string());
    EXPECT_THAT(pack, IsOk());
  }
  EXPECT_GT(files, 0);
}

// No input makes the loader throw or crash: every prefix of a valid pack gives a pack or an error
// of the form "file:line:column: message".
TEST(RulePackTest, EveryPrefixOfAPackGivesAStatus) {
  for (size_t n = 0; n <= kFullPack.size(); n += 7) {
    absl::StatusOr<RulePack> pack = LoadRulePack(kFullPack.substr(0, n), "cut.toml");
    if (!pack.ok()) {
      EXPECT_THAT(pack, StatusIs(absl::StatusCode::kInvalidArgument)) << n;
      EXPECT_EQ(pack.status().message().substr(0, 9), "cut.toml:") << n;
    }
  }
}

// ---- malformed packs --------------------------------------------------------------------------

constexpr std::string_view kHeader = "format = 1\nid = \"t\"\nrevision = \"r\"\n";  // lines 1-3

// A minimal valid rule starting on line 4; `extra` is appended on the lines after it (line 13 on).
std::string RuleWith(std::string_view extra) {
  return std::string(kHeader) + R"([[rule]]
id = "r1"
jurisdiction = "US"
announced = 2023-10-17
from = 2023-11-17
legal_force = "regulation"
citations = ["88 FR 73458"]
effect = "license_required"
review_policy = "case_by_case"
)" + std::string(extra);
}

// The minimal rule's effect lines (11-12), for tests that change the effect.
constexpr std::string_view kEffectLines = "effect = \"license_required\"\nreview_policy = \"case_by_case\"";

// `text` with the first `from` replaced by `to`.
void Replace(std::string& text, std::string_view from, std::string_view to) {
  size_t at = text.find(from);
  ASSERT_NE(at, std::string::npos) << from;
  text.replace(at, from.size(), to);
}

// The error message of loading `text` as "p.toml"; fails the test when it loads.
std::string ErrorOf(std::string_view text) {
  absl::StatusOr<RulePack> pack = LoadRulePack(text, "p.toml");
  if (pack.ok()) return "(loaded without error)";
  EXPECT_THAT(pack, StatusIs(absl::StatusCode::kInvalidArgument));
  return std::string(pack.status().message());
}

TEST(RulePackErrorTest, TheMinimalRuleLoads) {
  absl::StatusOr<RulePack> pack = LoadRulePack(RuleWith(""), "p.toml");
  ASSERT_THAT(pack, IsOk());
  EXPECT_EQ(pack->rules.size(), 1u);
}

// The loader records where it read each value, and the validator reports there: in LoadRulePack
// and, for a pack changed after loading, in Compile alike. A pack built in code has no places,
// and the message names its subject instead.
TEST(RulePackErrorTest, TheValidatorReportsWhereTheValueWasRead) {
  absl::StatusOr<RulePack> pack = LoadRulePack(RuleWith("until = 2024-01-01\n"), "p.toml");
  ASSERT_THAT(pack, IsOk());
  ASSERT_NE(pack->sources.Find("rule[0].until"), nullptr);
  EXPECT_EQ(pack->sources.Find("rule[0].until")->ToString(), "p.toml:13:9");
  ASSERT_NE(pack->sources.Find("rule[0].citations[0]"), nullptr);
  EXPECT_EQ(pack->sources.Find("rule[0].citations[0]")->ToString(), "p.toml:10:14");
  EXPECT_EQ(pack->sources.Find("rule[0].note"), nullptr);

  pack->rules[0].effective.until = Date(2023, 1, 1);
  EXPECT_THAT(Compile({*pack}), StatusIs(absl::StatusCode::kInvalidArgument,
                                         "p.toml:13:9: 'until' 2023-01-01 is before 'from' 2023-11-17"));
  RulePack built = *pack;
  built.sources = SourceMap();
  built.rules[0].location = SourceLocation();
  EXPECT_THAT(Compile({built}), StatusIs(absl::StatusCode::kInvalidArgument,
                                         "rule 'r1': 'until' 2023-01-01 is before 'from' 2023-11-17"));
}

TEST(RulePackErrorTest, TomlSyntax) {
  EXPECT_EQ(ErrorOf("format = 1\nid = \"t\nrevision = \"r\"\n"),
            "p.toml:2:8: error while parsing string: unescaped control characters other than TAB (U+0009) "
            "are explicitly prohibited");
  EXPECT_EQ(ErrorOf(std::string(kHeader) + "id = \"again\"\n"),
            "p.toml:4:6: error while parsing key-value pair: cannot redefine existing string 'id'");
}

TEST(RulePackErrorTest, InvalidDateInToml) {
  EXPECT_EQ(ErrorOf(RuleWith("until = 2025-02-30\n")),
            "p.toml:13:19: error while parsing date: expected day between 1 and 28 (inclusive), saw 30");
}

TEST(RulePackErrorTest, UnsupportedFormat) {
  EXPECT_EQ(ErrorOf("format = 2\nid = \"t\"\nrevision = \"r\"\nnew_key = 1\n"),
            "p.toml:1:10: unsupported pack format 2 (this library reads 1)");
  EXPECT_EQ(ErrorOf("format = \"1\"\n"), "p.toml:1:10: expected an integer for 'format', got string");
}

TEST(RulePackErrorTest, MissingHeaderKeys) {
  EXPECT_EQ(ErrorOf("id = \"t\"\n"), "p.toml:1:1: missing required key 'format' at top level");
  EXPECT_EQ(ErrorOf("format = 1\nid = \"t\"\n"), "p.toml:1:1: missing required key 'revision' at top level");
}

TEST(RulePackErrorTest, InvalidPackId) {
  EXPECT_EQ(ErrorOf("format = 1\nid = \"my pack\"\nrevision = \"r\"\n"),
            "p.toml:2:6: invalid id 'my pack': use letters, digits, '-', '_' and '.'");
}

TEST(RulePackErrorTest, UnknownTopLevelKey) {
  EXPECT_EQ(ErrorOf(std::string(kHeader) + "\n[[rules]]\nid = \"x\"\n"),
            "p.toml:5:3: unknown key 'rules' at top level");
}

TEST(RulePackErrorTest, UnknownKeyInRule) {
  EXPECT_EQ(ErrorOf(RuleWith("fromm = 2023-11-17\n")), "p.toml:13:1: unknown key 'fromm' in [[rule]]");
  EXPECT_EQ(ErrorOf(RuleWith("[[rule.case]]\nwhen = \"true\"\nreview = \"x\"\n")),
            "p.toml:15:1: unknown key 'review' in [[rule.case]]");
}

TEST(RulePackErrorTest, MissingRequiredRuleKey) {
  EXPECT_EQ(ErrorOf(std::string(kHeader) + "[[rule]]\nid = \"r1\"\njurisdiction = \"US\"\n"),
            "p.toml:4:1: missing required key 'announced' in [[rule]]");
}

TEST(RulePackErrorTest, SectionThatIsNotAnArrayOfTables) {
  EXPECT_EQ(ErrorOf(std::string(kHeader) + "[rule]\nid = \"r1\"\n"),
            "p.toml:4:1: expected an array of tables for 'rule', got table");
}

TEST(RulePackErrorTest, DateGivenAsString) {
  EXPECT_EQ(ErrorOf(std::string(kHeader) + "[[rule]]\nid = \"r1\"\njurisdiction = \"US\"\n"
                                           "announced = \"2023-10-17\"\n"),
            "p.toml:7:13: expected a date for 'announced', got string");
}

TEST(RulePackErrorTest, DateTimeIsNotADate) {
  EXPECT_EQ(ErrorOf(RuleWith("until = 2025-01-01T00:00:00\n")),
            "p.toml:13:9: expected a date for 'until', got date-time");
}

TEST(RulePackErrorTest, DateOutOfRange) {
  EXPECT_EQ(ErrorOf(RuleWith("until = 0999-01-01\n")),
            "p.toml:13:9: invalid date '0999-01-01' (year outside 1400..9999)");
}

TEST(RulePackErrorTest, UntilBeforeFrom) {
  EXPECT_EQ(ErrorOf(RuleWith("until = 2023-01-01\n")), "p.toml:13:9: 'until' 2023-01-01 is before 'from' 2023-11-17");
}

TEST(RulePackErrorTest, UntilAnnouncedWithoutUntil) {
  EXPECT_EQ(ErrorOf(RuleWith("until_announced = 2024-01-01\n")), "p.toml:13:19: 'until_announced' needs 'until'");
}

TEST(RulePackErrorTest, UnknownCountry) {
  std::string text = RuleWith("");
  Replace(text, "\"US\"", "\"XX\"");
  EXPECT_EQ(ErrorOf(text), "p.toml:6:16: unknown country 'XX'");
  Replace(text, "\"XX\"", "\"us\"");
  EXPECT_EQ(ErrorOf(text), "p.toml:6:16: invalid country code 'us' (expected two upper-case letters)");
}

TEST(RulePackErrorTest, UnknownLegalForce) {
  std::string text = RuleWith("");
  Replace(text, "\"regulation\"", "\"law\"");
  EXPECT_EQ(ErrorOf(text), "p.toml:9:15: unknown legal force 'law'");
}

TEST(RulePackErrorTest, EmptyCitations) {
  std::string text = RuleWith("");
  Replace(text, "[\"88 FR 73458\"]", "[]");
  EXPECT_EQ(ErrorOf(text), "p.toml:10:13: rule 'r1' has no citation");
}

TEST(RulePackErrorTest, CitationThatIsNotAString) {
  std::string text = RuleWith("");
  Replace(text, "[\"88 FR 73458\"]", "[\"a\", 5]");
  EXPECT_EQ(ErrorOf(text), "p.toml:10:19: expected a string in 'citations', got integer");
}

TEST(RulePackErrorTest, CitationIsOneStringOrAListAndNotBothKeys) {
  std::string single = RuleWith("");
  Replace(single, "citations = [\"88 FR 73458\"]", "citation = \"88 FR 73458\"");
  absl::StatusOr<RulePack> pack = LoadRulePack(single, "p.toml");
  ASSERT_THAT(pack, IsOk());
  EXPECT_EQ(pack->rules[0].citations, std::vector<std::string>{"88 FR 73458"});

  std::string both = RuleWith("citation = \"15 CFR 742.6\"\n");
  EXPECT_EQ(ErrorOf(both), "p.toml:10:13: give 'citation' or 'citations', not both");
}

TEST(RulePackErrorTest, UnknownEffect) {
  std::string text = RuleWith("");
  Replace(text, "\"license_required\"", "\"licence_required\"");
  EXPECT_EQ(ErrorOf(text), "p.toml:11:10: unknown effect 'licence_required'");
}

TEST(RulePackErrorTest, EffectMissingItsKey) {
  std::string text = RuleWith("");
  Replace(text, "review_policy = \"case_by_case\"", "note = \"\"");
  EXPECT_EQ(ErrorOf(text), "p.toml:11:10: effect 'license_required' needs 'review_policy'");
}

TEST(RulePackErrorTest, UnknownReviewPolicy) {
  EXPECT_EQ(ErrorOf(RuleWith("[[rule.case]]\nwhen = \"true\"\nreview_policy = \"denial\"\n")),
            "p.toml:15:17: unknown review policy 'denial'");
}

TEST(RulePackErrorTest, KeyOfAnotherEffect) {
  EXPECT_EQ(ErrorOf(RuleWith("classification = \"3A090.a\"\n")),
            "p.toml:13:18: 'classification' does not apply to effect 'license_required'");
}

TEST(RulePackErrorTest, TargetsKeyOnTheWrongEffect) {
  EXPECT_EQ(ErrorOf(RuleWith("amends = [\"x\"]\n")),
            "p.toml:13:10: 'amends' does not apply to effect 'license_required'");
}

TEST(RulePackErrorTest, ExceptionWithoutTargets) {
  std::string text = RuleWith("");
  Replace(text, kEffectLines, "effect = \"license_exception\"\nexception = \"NAC\"");
  EXPECT_EQ(ErrorOf(text), "p.toml:11:10: effect 'license_exception' needs 'exception_to'");
}

TEST(RulePackErrorTest, ConditionRuleWithoutConditions) {
  std::string text = RuleWith("");
  Replace(text, kEffectLines, "effect = \"condition\"\napplies_to = [\"r0\"]");
  EXPECT_EQ(ErrorOf(text), "p.toml:11:10: effect 'condition' needs at least one [[rule.condition]]");
}

TEST(RulePackErrorTest, CaseCannotChangeTheEffectToOneWithTargets) {
  EXPECT_EQ(ErrorOf(RuleWith("[[rule.case]]\nwhen = \"true\"\neffect = \"suspend\"\n")),
            "p.toml:15:10: a case cannot change the effect to 'suspend': it needs 'suspends' on the rule");
}

TEST(RulePackErrorTest, CaseWithoutWhen) {
  EXPECT_EQ(ErrorOf(RuleWith("\n[[rule.case]]\neffect = \"prohibit\"\n")),
            "p.toml:14:1: missing required key 'when' in [[rule.case]]");
}

TEST(RulePackErrorTest, PredicateErrorPointsIntoTheString) {
  // The string's quote is at column 8, so the predicate's column 9 is the file's column 8 + 9.
  EXPECT_EQ(ErrorOf(RuleWith("when = \"tpp > 1 xor true\"\n")), "p.toml:13:17: predicate: column 9: unexpected 'xor'");
  EXPECT_EQ(ErrorOf(RuleWith("when = 'tppp >= 4800'\n")), "p.toml:13:9: predicate: column 1: unknown name 'tppp'");
}

TEST(RulePackErrorTest, PredicateErrorWithEscapesPointsAtTheString) {
  EXPECT_EQ(ErrorOf(RuleWith("when = \"model in [\\\"H20\\\"] and tppp > 1\"\n")),
            "p.toml:13:8: predicate: column 22: unknown name 'tppp'");
}

TEST(RulePackErrorTest, DuplicateRuleId) {
  std::string rule = RuleWith("");
  std::string text = rule + rule.substr(kHeader.size());
  EXPECT_EQ(ErrorOf(text), "p.toml:14:6: duplicate rule id 'r1'");
}

TEST(RulePackErrorTest, UnknownConditionKind) {
  std::string text = RuleWith("");
  Replace(text, kEffectLines, "effect = \"approval_required\"\n\n[[rule.condition]]\nkind = \"bribe\"");
  EXPECT_EQ(ErrorOf(text), "p.toml:14:8: unknown condition kind 'bribe'");
}

TEST(RulePackErrorTest, ConditionPercentOutOfRange) {
  std::string text = RuleWith("");
  Replace(text, kEffectLines,
          "effect = \"condition\"\napplies_to = [\"x\"]\n\n[[rule.condition]]\n"
          "kind = \"revenue_share\"\npercent = 150");
  EXPECT_EQ(ErrorOf(text), "p.toml:16:11: 'percent' must be in (0, 100], got 150");
}

TEST(RulePackErrorTest, RevenueShareNeedsPercent) {
  std::string text = RuleWith("");
  Replace(text, kEffectLines,
          "effect = \"condition\"\napplies_to = [\"x\"]\n\n[[rule.condition]]\n"
          "kind = \"revenue_share\"");
  EXPECT_EQ(ErrorOf(text), "p.toml:14:1: condition 'revenue_share' needs 'percent'");
}

TEST(RulePackErrorTest, WaitDaysMustBeWhole) {
  std::string text = RuleWith("");
  Replace(text, kEffectLines,
          "effect = \"license_exception\"\nexception = \"NAC\"\nexception_to = [\"x\"]\n"
          "wait_days = 2.5");
  EXPECT_EQ(ErrorOf(text), "p.toml:14:13: 'wait_days' must be a whole number, got 2.5");
}

TEST(RulePackErrorTest, WrongTypeForBoolean) {
  EXPECT_EQ(ErrorOf(RuleWith("modeled = \"yes\"\n")), "p.toml:13:11: expected a boolean for 'modeled', got string");
}

TEST(RulePackErrorTest, GroupMemberErrors) {
  EXPECT_EQ(ErrorOf(std::string(kHeader) + "[[group]]\nid = \"G\"\nmembers = [\"CN\", \"RU\", \"CN\"]\n"),
            "p.toml:6:24: duplicate member 'CN' in 'members'");
  EXPECT_EQ(ErrorOf(std::string(kHeader) + "[[group]]\nid = \"G\"\n[[group.member]]\ncountry = \"MO\"\n"
                                           "from = 2024-01-01\nuntil = 2023-01-01\n"),
            "p.toml:9:9: 'until' 2023-01-01 is before 'from' 2024-01-01");
  EXPECT_EQ(ErrorOf(std::string(kHeader) + "[[group]]\nid = \"CN\"\n"), "p.toml:5:6: group id 'CN' is a country code");
  EXPECT_EQ(ErrorOf(std::string(kHeader) + "[[group]]\nid = \"G\"\n[[group.member]]\nfrom = 2024-01-01\n"),
            "p.toml:6:1: missing required key 'country' in [[group.member]]");
  EXPECT_EQ(ErrorOf(std::string(kHeader) + "[[group]]\nid = \"G\"\nuntil = 2020-01-01\n[[group.member]]\n"
                                           "country = \"MO\"\nfrom = 2024-01-01\n"),
            "p.toml:9:8: 'from' 2024-01-01 is after the group's 'until' 2020-01-01");
}

TEST(RulePackErrorTest, DuplicateGroupId) {
  EXPECT_EQ(ErrorOf(std::string(kHeader) + "[[group]]\nid = \"G\"\n[[group]]\nid = \"G\"\n"),
            "p.toml:7:6: duplicate group id 'G'");
}

TEST(RulePackErrorTest, ParameterErrors) {
  const std::string param = std::string(kHeader) + "[[parameter]]\nid = \"p.x\"\n";  // lines 4-5
  EXPECT_EQ(ErrorOf(param), "p.toml:4:1: parameter 'p.x' has no value");
  EXPECT_EQ(ErrorOf(param + "[[parameter.value]]\nfrom = 2024-01-01\nvalue = 1\ncitation = \"c\"\n"
                            "[[parameter.value]]\nfrom = 2024-01-01\nvalue = 2\ncitation = \"c\"\n"),
            "p.toml:11:8: duplicate value for parameter 'p.x' from 2024-01-01");
  EXPECT_EQ(ErrorOf(param + "[[parameter.value]]\nfrom = 2024-01-01\nvalue = nan\ncitation = \"c\"\n"),
            "p.toml:8:9: expected a finite number for 'value', got nan");
  EXPECT_EQ(ErrorOf(param + "[[parameter.value]]\nfrom = 2024-01-01\nvalue = 1\n"),
            "p.toml:6:1: missing required key 'citation' in [[parameter.value]]");
  const std::string value = "[[parameter.value]]\nfrom = 2024-01-01\nvalue = 1\ncitation = \"c\"\n";
  EXPECT_EQ(ErrorOf(param + value + "[[parameter]]\nid = \"p.x\"\n" + value),  // 2nd id: line 11
            "p.toml:11:6: duplicate parameter id 'p.x'");
}

TEST(RulePackErrorTest, ChipErrors) {
  const std::string chip = std::string(kHeader) + "[[chip]]\nmodel = \"X1\"\norigin = \"US\"\n";  // 4-6
  EXPECT_EQ(ErrorOf(chip + "die_area_mm2 = -5\n"), "p.toml:7:16: 'die_area_mm2' must be positive, got -5");
  EXPECT_EQ(ErrorOf(chip + "interconnect_gbps = -1.5\n"),
            "p.toml:7:21: 'interconnect_gbps' must not be negative, got -1.5");
  EXPECT_EQ(ErrorOf(chip + "tdp_w = inf\n"), "p.toml:7:9: expected a finite number for 'tdp_w', got inf");
  EXPECT_EQ(ErrorOf(chip + "dense_tops = { fp8 = 1, fp12 = 2 }\n"), "p.toml:7:25: unknown precision 'fp12'");
  EXPECT_EQ(ErrorOf(chip + "dense_tops = { fp8 = 1 }\ntpp = 8\n"),
            "p.toml:8:7: give either 'tpp' or 'dense_tops', not both");
  EXPECT_EQ(ErrorOf(chip + "tpp = \"big\"\n"), "p.toml:7:7: expected a number for 'tpp', got string");
  EXPECT_EQ(ErrorOf(std::string(kHeader) + "[[chip]]\nmodel = \"X1\"\n"),
            "p.toml:4:1: missing required key 'origin' in [[chip]]");
}

TEST(RulePackErrorTest, DuplicateChipName) {
  // Names are compared ignoring case, spaces and punctuation; aliases count.
  EXPECT_EQ(ErrorOf(std::string(kHeader) + "[[chip]]\nmodel = \"NVIDIA H20\"\naliases = [\"H20\"]\norigin = \"US\"\n"
                                           "[[chip]]\nmodel = \"h-20\"\norigin = \"US\"\n"),
            "p.toml:9:9: duplicate chip name 'h-20'");
  EXPECT_EQ(ErrorOf(std::string(kHeader) + "[[chip]]\nmodel = \"--\"\norigin = \"US\"\n"),
            "p.toml:5:9: chip name '--' has no letters or digits");
}

TEST(RulePackErrorTest, EntityAndOwnershipErrors) {
  EXPECT_EQ(ErrorOf(std::string(kHeader) + "[[entity]]\nname = \"Acme\"\n[[entity]]\nname = \"ACME\"\n"),
            "p.toml:7:8: duplicate entity name 'ACME'");
  EXPECT_EQ(ErrorOf(std::string(kHeader) + "[[entity]]\nname = \"Acme\"\n[[entity]]\nname = \"Other\"\n"
                                           "aliases = [\"Acme Co., Ltd.\"]\n"),
            "p.toml:8:12: duplicate entity name 'Acme Co., Ltd.'");
  EXPECT_EQ(ErrorOf(std::string(kHeader) + "[[entity]]\nname = \"Acme\"\n[[entity.listing]]\nfrom = 2024-01-01\n"
                                           "citaton = \"x\"\n"),
            "p.toml:8:1: unknown key 'citaton' in [[entity.listing]]");
  const std::string edge = std::string(kHeader) + "[[ownership]]\nowner = \"A\"\nowned = \"B\"\n";  // 4-6
  EXPECT_EQ(ErrorOf(edge + "percent = 0\n"), "p.toml:7:11: 'percent' must be in (0, 100], got 0");
  EXPECT_EQ(ErrorOf(edge + "percent = 100.5\n"), "p.toml:7:11: 'percent' must be in (0, 100], got 100.5");
  EXPECT_EQ(ErrorOf(edge), "p.toml:4:1: missing required key 'percent' in [[ownership]]");
  EXPECT_EQ(ErrorOf(std::string(kHeader) + "[[ownership]]\nowner = \"A\"\nowned = \"a\"\npercent = 5\n"),
            "p.toml:6:9: entity 'a' cannot own itself");
}

TEST(RulePackErrorTest, JurisdictionErrors) {
  EXPECT_EQ(ErrorOf(std::string(kHeader) + "[[jurisdiction]]\ncode = \"US\"\ntreat_as = { HX = \"CN\" }\n"),
            "p.toml:6:14: unknown country 'HX'");
  EXPECT_EQ(ErrorOf(std::string(kHeader) + "[[jurisdiction]]\ncode = \"US\"\n[[jurisdiction]]\ncode = \"US\"\n"),
            "p.toml:7:8: duplicate jurisdiction 'US'");
  std::string classes;
  for (int i = 0; i < 32; ++i) classes += (i ? ", \"c" : "\"c") + std::to_string(i) + "\"";
  EXPECT_EQ(ErrorOf(std::string(kHeader) + "[[jurisdiction]]\ncode = \"US\"\nclassifications = [" + classes + "]\n"),
            "p.toml:6:19: more than 31 classifications (32)");
  RulePack many = *LoadRulePack(std::string(kHeader) + "[[jurisdiction]]\ncode = \"US\"\n", "p.toml");
  many.jurisdictions[0].classifications.resize(32, "c");
  EXPECT_EQ(Compile({many}).status().message(), "p.toml:4:1: more than 31 classifications (32)");
  EXPECT_EQ(ErrorOf(std::string(kHeader) + "[[jurisdiction]]\ncode = \"US\"\nscope = \"origin in US\"\n"),
            "p.toml:6:20: predicate: column 11: expected '['");
}

TEST(RulePackErrorTest, EndErrors) {
  EXPECT_EQ(ErrorOf(std::string(kHeader) + "[[end]]\nrule = \"r\"\n"),
            "p.toml:4:1: missing required key 'until' in [[end]]");
  EXPECT_EQ(ErrorOf(std::string(kHeader) + "[[end]]\nrule = \"r\"\nuntil = 2024-01-01\n"
                                           "[[end]]\nrule = \"r\"\nuntil = 2025-01-01\n"),
            "p.toml:8:8: duplicate [[end]] for rule 'r'");
}

TEST(RulePackErrorTest, TestErrors) {
  const std::string test = std::string(kHeader) + "[[test]]\nname = \"t1\"\n";                      // lines 4-5
  const std::string sale = "sale = { date = 2024-01-01, item = \"H20\", destination = \"CN\" }\n";  // line 6
  EXPECT_EQ(ErrorOf(test + sale + "verdict = \"denied\"\n"), "p.toml:7:11: unknown verdict 'denied'");
  EXPECT_EQ(ErrorOf(test + sale + "jurisdictions = { US = \"ok\" }\n"), "p.toml:7:24: unknown verdict 'ok'");
  EXPECT_EQ(ErrorOf(test + sale + "conditions = [\"tax\"]\n"), "p.toml:7:15: unknown condition kind 'tax'");
  EXPECT_EQ(ErrorOf(test + sale + "missing = [\"area\"]\n"), "p.toml:7:12: unknown spec 'area' in 'missing'");
  EXPECT_EQ(ErrorOf(test + sale + "fired = [\"a\"]\nnot_fired = [\"a\"]\n"),
            "p.toml:8:14: rule 'a' is in both 'fired' and 'not_fired'");
  EXPECT_EQ(ErrorOf(test + sale + "expect = 1\n"), "p.toml:7:1: unknown key 'expect' in [[test]]");
  EXPECT_EQ(ErrorOf(test), "p.toml:4:1: missing required key 'sale' in [[test]]");
  EXPECT_EQ(ErrorOf(test + "sale = { date = \"2024-01-01\", item = \"H20\", destination = \"CN\" }\n"),
            "p.toml:6:17: expected a date for 'date', got string");
  EXPECT_EQ(ErrorOf(test + "sale = { date = 2024-01-01, item = \"H20\", destinaton = \"CN\" }\n"),
            "p.toml:6:43: unknown key 'destinaton' in 'sale'");
  EXPECT_EQ(ErrorOf(test + "sale = { date = 2024-01-01, item = \"H20\", destination = \"CN\", "
                           "licenses = [{ jurisdiction = \"US\", valid_from = 2024-01-01T10:00:00 }] }\n"),
            "p.toml:6:111: expected a date in 'sale', got date-time");
}

TEST(RulePackErrorTest, DuplicateTestName) {
  const std::string test =
      "[[test]]\nname = \"t1\"\nsale = { date = 2024-01-01, item = \"H20\", destination = \"CN\" }\n";
  EXPECT_EQ(ErrorOf(std::string(kHeader) + test + test), "p.toml:8:8: duplicate test name 't1'");
}

TEST(RulePackErrorTest, ErrorsAreOneLowerCaseLineWithoutAFinalPeriod) {
  for (std::string_view text :
       {std::string_view("format = 1\nid = [\n"), std::string_view("= 1\n"), std::string_view("format = 1\n\"\n")}) {
    std::string message = ErrorOf(text);
    EXPECT_EQ(message.find('\n'), std::string::npos) << message;
    EXPECT_NE(message.back(), '.') << message;
    size_t after_position = message.find(": ");
    ASSERT_NE(after_position, std::string::npos) << message;
    char first = message[after_position + 2];
    EXPECT_FALSE(first >= 'A' && first <= 'Z') << message;
  }
}

}  // namespace
}  // namespace exportctl
