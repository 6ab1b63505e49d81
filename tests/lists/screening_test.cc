// Screening against an imported list (docs/screening-lists.md): the test fixture loaded over the
// built-in catalog, the spellings a user types, and the false-positive rate on ordinary names.
#include <cstdio>
#include <string>
#include <vector>

#include "exportctl/exportctl.h"
#include "gtest/gtest.h"
#include "test_support.h"

namespace exportctl {
namespace {

const RuleSet& WithFixture() {
  static const std::shared_ptr<const RuleSet> rules = [] {
    const std::shared_ptr<const RuleSet> builtin = *BuiltinRuleSet();
    const std::vector<Entity> base(builtin->entities().begin(), builtin->entities().end());
    absl::StatusOr<ScreeningListImport> list =
        ImportScreeningListFile(EXPORTCTL_SOURCE_DIR "/tests/lists/data/csl_fixture.json", {.base = base});
    EXPECT_TRUE(list.ok()) << list.status();
    absl::StatusOr<std::shared_ptr<const RuleSet>> compiled = BuiltinRuleSet({list->pack});
    EXPECT_TRUE(compiled.ok()) << compiled.status();
    return *compiled;
  }();
  return *rules;
}

Decision Check(const std::string& buyer_json, const std::string& date = "2025-10-15") {
  absl::StatusOr<Sale> sale = ParseSaleJson(
      R"({"date": ")" + date + R"(", "item": "L20", "destination": "DE", "buyer": )" + buyer_json + "}", WithFixture());
  EXPECT_TRUE(sale.ok()) << sale.status();
  return sale.ok() ? Evaluate(WithFixture(), *sale, {.trace = TraceLevel::kFired}) : Decision{};
}
Decision Buyer(const std::string& name) { return Check(R"({"name": ")" + name + R"("})"); }

TEST(ScreeningWithAnImportedList, SpellingsOfListedNamesAreHits) {
  for (const char* name : {"HUAWEI TECHNOLOGIES CO LTD", "Huawei Technologies Co., Ltd.", "SMIC",
                           "Semiconductor Manufacturing International Corporation", "Example Compute Center",
                           "EXAMPLE COMPUTE CENTER CO., LTD."}) {
    const Decision d = Buyer(name);
    EXPECT_NE(d.verdict, Verdict::kAllowed) << name;  // "Example Compute Center" is on two lists
    EXPECT_TRUE(d.Fired("us-entity-list")) << name;
    EXPECT_FALSE(d.review_required()) << name;
  }
  // On the SDN list: prohibited.
  EXPECT_EQ(Buyer("Example Shipping Lines").verdict, Verdict::kProhibited);
}

TEST(ScreeningWithAnImportedList, ADecisionSaysWhichListsWereScreened) {
  absl::StatusOr<Sale> sale =
      ParseSaleJson(R"({"date": "2025-06-01", "item": "L40S", "destination": "DE"})", WithFixture());
  ASSERT_TRUE(sale.ok());
  const std::string json = DecisionToJson(Evaluate(WithFixture(), *sale), *sale, WithFixture());
  EXPECT_NE(json.find(R"("screening_lists":[{"list":"entity_list","packs":["csl","exportctl-us"]})"), std::string::npos)
      << json;
  EXPECT_NE(json.find(R"({"list":"sdn","packs":["csl"]})"), std::string::npos) << json;
}

TEST(ScreeningWithAnImportedList, AnOwnerSixtyPercentOwnedByAListedPartyMakesAnAffiliate) {
  // 2025-10-15: the affiliates rule is in force (its suspension starts 2025-11-10).
  const Decision d = Check(R"({"name": "Example Subsidiary GmbH", "owners": [
      {"name": "Example Holding Ltd", "percent": 100, "owners": [{"name": "Example Compute Center", "percent": 60}]}]})");
  EXPECT_EQ(d.verdict, Verdict::kLicenseRequired) << VerdictName(d.verdict);
  EXPECT_TRUE(d.Fired("us-affiliates"));
}

TEST(ScreeningWithAnImportedList, CloseNamesArePossibleMatchesWithAScore) {
  const Decision d = Buyer("Huawai Technologies");
  ASSERT_EQ(d.possible_matches.size(), 1u);
  EXPECT_EQ(d.possible_matches[0].entity, "Huawei Technologies Co., Ltd.");
  EXPECT_NEAR(d.possible_matches[0].score, 0.957, 0.001);
  EXPECT_FALSE(d.allowed);
  const Decision shipping = Buyer("Example Shiping Lines");
  ASSERT_EQ(shipping.possible_matches.size(), 1u);
  EXPECT_EQ(shipping.possible_matches[0].list, "sdn");
}

TEST(ScreeningWithAnImportedList, UnlikeNamesAreNeitherHitsNorPossibleMatches) {
  for (const char* name : {"Hua Wei Noodle Bar LLC", "Example Cloud Co", "Example Oilfield Services"}) {
    const Decision d = Buyer(name);
    EXPECT_FALSE(d.Fired("us-entity-list")) << name;
    EXPECT_FALSE(d.review_required()) << name << ": "
                                      << (d.possible_matches.empty() ? "" : d.possible_matches[0].entity);
  }
}

// 1,000 ordinary company names (some beginning like listed ones: "Huaxin", "Semicon"): none is a
// hit, and the possible matches among them are counted and printed (the false-positive rate
// docs/screening-lists.md reports). A name that begins a listed one ("Example Electronics") is
// a possible match by design, so the fixture's first word is not among them.
TEST(ScreeningWithAnImportedList, OrdinaryNamesFalsePositiveRate) {
  const std::vector<std::string> ordinary = testing::OrdinaryCompanyNames(
      {"Atlas",  "Beacon",   "Cedar", "Delta",  "Falcon",  "Granite", "Harbor",  "Juniper", "Keystone",
       "Lotus",  "Meridian", "Nova",  "Orion",  "Pioneer", "Quantum", "Redwood", "Summit",  "Titan",
       "Zenith", "Pacific",  "Union", "Vertex", "Sino",    "Huaxin",  "Semicon"});
  const int names = static_cast<int>(ordinary.size());
  int hits = 0, possible = 0;
  for (const std::string& name : ordinary) {
    const Decision d = Buyer(name);
    hits += d.verdict != Verdict::kAllowed;
    possible += d.review_required();
  }
  EXPECT_EQ(names, 1000);
  EXPECT_EQ(hits, 0);
  EXPECT_LE(possible, 10) << "more than 1 % of ordinary names held for review";
  std::printf("ordinary names: %d, hits: %d, possible matches: %d (%.1f %%)\n", names, hits, possible,
              100.0 * possible / names);
}

}  // namespace
}  // namespace exportctl
