// ImportScreeningList on the CSL fixture (tests/lists/data/csl_fixture.{json,csv}, invented parties
// but Huawei and SMIC): the counts, the reasons rows were skipped, the list ids, dates, citations
// and countries, parties joined by name, the built-in catalog's parties joined and loaded with it,
// and the TOML pack read back to the same entities.
#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "cli_runner.h"
#include "exportctl/exportctl.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "status_matchers.h"
#include "test_support.h"

namespace exportctl {
namespace {

using ::exportctl::testing::D;
using ::exportctl::testing::IsOk;
using ::exportctl::testing::ReadFile;
using ::exportctl::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::string Fixture(std::string_view format) {
  return std::string(EXPORTCTL_SOURCE_DIR) + "/tests/lists/data/csl_fixture." + std::string(format);
}

std::vector<Entity> BuiltinEntities() {
  const std::shared_ptr<const RuleSet> builtin = *BuiltinRuleSet();
  return {builtin->entities().begin(), builtin->entities().end()};
}

ScreeningListImport MustImport(std::string_view format, absl::Span<const Entity> base = {}) {
  const std::string path = Fixture(format);
  absl::StatusOr<ScreeningListImport> list =
      ImportScreeningList(ReadFile(path), "csl_fixture." + std::string(format), {.base = base});
  EXPECT_THAT(list, IsOk());
  return list.ok() ? *std::move(list) : ScreeningListImport{};
}

const Entity* Find(const std::vector<Entity>& entities, std::string_view name) {
  for (const Entity& e : entities)
    if (e.name == name) return &e;
  return nullptr;
}

std::vector<std::string> Strings(const std::vector<ScreeningListNote>& notes) {
  std::vector<std::string> out;
  for (const ScreeningListNote& n : notes) out.push_back(n.ToString());
  return out;
}

bool AnyNote(const ImportSummary& s, std::string_view text) {
  return std::any_of(s.notes.begin(), s.notes.end(),
                     [&](const auto& n) { return n.message.find(text) != n.message.npos; });
}

// The same parties with the same listings, wherever they were read.
void ExpectSameParties(const std::vector<Entity>& a, const std::vector<Entity>& b) {
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].name, b[i].name);
    EXPECT_EQ(a[i].aliases, b[i].aliases) << a[i].name;
    EXPECT_EQ(a[i].country, b[i].country) << a[i].name;
    ASSERT_EQ(a[i].listings.size(), b[i].listings.size()) << a[i].name;
    for (size_t k = 0; k < a[i].listings.size(); ++k) {
      const Listing& x = a[i].listings[k];
      const Listing& y = b[i].listings[k];
      EXPECT_EQ(x.list, y.list) << a[i].name;
      EXPECT_EQ(x.interval, y.interval) << a[i].name;
      EXPECT_EQ(x.announced, y.announced) << a[i].name;
      EXPECT_EQ(x.citation, y.citation) << a[i].name;
      EXPECT_EQ(x.entity_number, y.entity_number) << a[i].name;
      EXPECT_EQ(x.license_requirement, y.license_requirement) << a[i].name;
      EXPECT_EQ(x.license_policy, y.license_policy) << a[i].name;
    }
  }
}

class FixtureTest : public ::testing::TestWithParam<const char*> {};

// Both downloads hold the same 51 parties' rows, each with its own odd rows.
TEST_P(FixtureTest, CountsRowsImportedSkippedAndPerList) {
  const ScreeningListImport list = MustImport(GetParam(), BuiltinEntities());
  const ImportSummary& s = list.summary;
  const bool json = std::string_view(GetParam()) == "json";
  EXPECT_EQ(s.format, json ? ScreeningListFormat::kJson : ScreeningListFormat::kCsv);
  EXPECT_EQ(s.rows, 58u);
  EXPECT_EQ(s.imported, 53u);
  EXPECT_EQ(s.skipped.size(), 5u);
  EXPECT_EQ(s.parties, 51u);
  EXPECT_EQ(list.pack.entities.size(), 51u);
  EXPECT_EQ(s.joined, 4u);  // Huawei and SMIC (built-in), two parties on the EL and the SDN list
  EXPECT_EQ(s.joined_base, 2u);
  EXPECT_EQ(s.unknown_start_dates, 5u);
  EXPECT_EQ(s.without_country, json ? 8u : 7u);  // the JSON's fourth row has "addresses": null
  std::vector<std::string> lists;
  for (const ScreeningListSource& l : s.lists)
    lists.push_back(l.list + " " + std::to_string(l.rows) + (l.known ? "" : "?"));
  EXPECT_THAT(lists, ElementsAre("entity_list 13", "meu 3", "uvl 3", "dpl 4", "sdn 11", "fse 2", "ssi 3", "cmic 3",
                                 "ns_mbs 2", "dtc 3", "isn 3", "plc 2?", "cap 1?"));
  EXPECT_THAT(s.unknown_sources, ElementsAre("Palestinian Legislative Council List (PLC) - Treasury Department",
                                             "Capta List (CAP) - Treasury Department"));
  ASSERT_EQ(s.unknown_columns.size(), 1u);
  EXPECT_EQ(s.unknown_columns[0].ToString(),
            json ? "csl_fixture.json:4: unknown column 'risk_score': not a column of the CSL, left out"
                 : "csl_fixture.csv:1: unknown column 'risk_score': not a column of the CSL, left out");
  if (json) {
    EXPECT_THAT(Strings(s.skipped),
                ElementsAre("csl_fixture.json:55: the row has no 'name'",
                            "csl_fixture.json:56: the row has no 'source': the list it is on is unknown",
                            "csl_fixture.json:57: the name '***' has no letters or digits",
                            "csl_fixture.json:58: 'name' is a number, not a string",
                            "csl_fixture.json:59: the row is a string, not an object"));
  } else {
    EXPECT_THAT(Strings(s.skipped),
                ElementsAre("csl_fixture.csv:57: the row has no 'name'",
                            "csl_fixture.csv:58: the row has no 'source': the list it is on is unknown",
                            "csl_fixture.csv:59: the name '***' has no letters or digits",
                            "csl_fixture.csv:60: field 2: text after the closing quote (a quote inside a quoted field "
                            "is written twice)",
                            "csl_fixture.csv:61: the row has 8 fields, the header 30"));
  }
  EXPECT_EQ(list.pack.info.id, "csl");
  EXPECT_EQ(list.pack.info.source, "csl_fixture." + std::string(GetParam()));
  EXPECT_EQ(list.pack.info.revision, "undated");
  EXPECT_EQ(list.pack.info.description.rfind("Consolidated Screening List 'csl_fixture.", 0), 0u);
  EXPECT_THAT(list.pack.info.description, HasSubstr("58 rows read, 53 imported, 5 skipped"));
}

// What a row's columns become: the list id, the dates (end_date is the last day listed), the
// citation, what the list states, the country of the first address.
TEST_P(FixtureTest, RowsBecomeListings) {
  const ScreeningListImport list = MustImport(GetParam());
  const std::vector<Entity>& e = list.pack.entities;

  const Entity* photonics = Find(e, "Example Photonics Co., Ltd.");
  ASSERT_NE(photonics, nullptr);
  EXPECT_EQ(photonics->country, Country::Of("CN"));  // the first of two addresses
  EXPECT_TRUE(photonics->aliases.empty());           // "Example Photonics" is its name without the legal suffix
  ASSERT_EQ(photonics->listings.size(), 1u);
  const Listing& l = photonics->listings[0];
  EXPECT_EQ(l.list, "entity_list");
  EXPECT_EQ(l.interval.from, D("2023-10-17"));
  EXPECT_TRUE(l.interval.open_ended());
  EXPECT_EQ(l.citation,
            "88 FR 71991; Entity List (EL) - Bureau of Industry and Security (https://www.bis.gov/entity-list)");
  EXPECT_EQ(l.license_requirement,
            "For all items subject to the EAR. (See \xC2\xA7"
            "744.11 of the EAR)");
  EXPECT_EQ(l.license_policy, "Presumption of denial.");
  EXPECT_EQ(l.entity_number, "");

  const Entity* person = Find(e, "EXAMPLE PERSON ONE");
  ASSERT_NE(person, nullptr);
  EXPECT_EQ(person->listings[0].list, "dpl");
  EXPECT_EQ(person->listings[0].interval.until, D("2027-10-17"));  // listed through 2027-10-16
  EXPECT_EQ(person->country, Country::Of("US"));

  const Entity* shipping = Find(e, "EXAMPLE SHIPPING LINES");
  ASSERT_NE(shipping, nullptr);
  EXPECT_EQ(shipping->listings[0].list, "sdn");
  EXPECT_EQ(shipping->listings[0].entity_number, "90001");
  EXPECT_THAT(shipping->aliases, ElementsAre("EXAMPLE SHIPPING", "ESL"));
  EXPECT_EQ(shipping->listings[0].citation,
            "Specially Designated Nationals (SDN) - Treasury Department "
            "(https://sanctionslist.ofac.treas.gov/)");

  for (const auto& [name, id] : {std::pair{"EXAMPLE ENERGY BANK PJSC", "ns_mbs"},
                                 {"EXAMPLE CAPTA BANK", "cap"},
                                 {"EXAMPLE, Legislator A", "plc"},
                                 {"Example Nuclear Supply Company", "isn"},
                                 {"Example Defense Parts LLC", "dtc"},
                                 {"EXAMPLE OIL COMPANY OAO", "ssi"},
                                 {"EXAMPLE SURVEILLANCE TECHNOLOGY CO., LTD.", "cmic"},
                                 {"EXAMPLE EVASION TRADING FZE", "fse"},
                                 {"Example Radio Plant JSC", "meu"},
                                 {"Example Optics Supply", "uvl"}}) {
    const Entity* party = Find(e, name);
    ASSERT_NE(party, nullptr) << name;
    EXPECT_EQ(party->listings[0].list, id) << name;
  }
  EXPECT_EQ(Find(e, "Example Nowhere Trading")->country, std::nullopt);  // "ZZ" is no country
  EXPECT_EQ(Find(e, "Example Electronics Trading Limited")->country, Country::Of("HK"));
  // Quoted CSV cells: a comma and doubled quotes in the name, a line break in the name.
  const Entity* star = Find(e, "EXAMPLE \"NORTH STAR\" TRADING, LTD.");
  ASSERT_NE(star, nullptr);
  EXPECT_THAT(star->aliases, ElementsAre("NORTH STAR TRADING", "NST, LIMITED"));
  EXPECT_EQ(star->country, Country::Of("AE"));
  EXPECT_NE(Find(e, "Example Quantum Computing Institute"), nullptr);
}

// A missing or unreadable start_date lists the party from 1900-01-01, said in the citation and a
// note; a bad or backwards end_date leaves the listing open. No row is dropped for its dates.
TEST_P(FixtureTest, OddDatesAreConservative) {
  const ScreeningListImport list = MustImport(GetParam());
  const std::vector<Entity>& e = list.pack.entities;
  EXPECT_EQ(UnknownListingStart(), D("1900-01-01"));
  const Listing& undated = Find(e, "Example Undated Institute")->listings[0];
  EXPECT_EQ(undated.interval.from, D("1900-01-01"));
  EXPECT_EQ(undated.citation,
            "66 FR 24266; Entity List (EL) - Bureau of Industry and Security "
            "(https://www.bis.gov/entity-list); listed on an unknown date");
  const Listing& misdated = Find(e, "Example Misdated Laboratory")->listings[0];
  EXPECT_EQ(misdated.interval.from, D("1900-01-01"));
  EXPECT_THAT(misdated.citation, HasSubstr("; listed on an unknown date (start_date '2014-13-45' unreadable)"));
  EXPECT_TRUE(AnyNote(list.summary, "start_date '2014-13-45' is not a date: listed from 1900-01-01, an unknown date"));
  EXPECT_TRUE(Find(e, "Example Backwards Corporation")->listings[0].interval.open_ended());
  EXPECT_TRUE(Find(e, "EXAMPLE PERSON THREE")->listings[0].interval.open_ended());
  EXPECT_TRUE(AnyNote(list.summary, "end_date 'someday' is not a date: the listing is left open"));
  EXPECT_TRUE(AnyNote(list.summary, "end_date 2017-01-01 is before start_date 2018-09-04: the listing is left open"));
  // Rows without a start date are counted per list: the EL's undated row, a DTC row, the PLC's two.
  std::vector<std::string> undated_lists;
  for (const ScreeningListSource& l : list.summary.lists)
    if (l.without_start_date > 0) undated_lists.push_back(l.list + " " + std::to_string(l.without_start_date));
  EXPECT_THAT(undated_lists, ElementsAre("entity_list 2", "dtc 1", "plc 2"));
}

// The same name on two lists is one party with two listings.
TEST_P(FixtureTest, OneNameOnTwoListsIsOneParty) {
  const ScreeningListImport list = MustImport(GetParam());
  const Entity* aerospace = Find(list.pack.entities, "Example Aerospace Industries");
  ASSERT_NE(aerospace, nullptr);
  ASSERT_EQ(aerospace->listings.size(), 2u);
  EXPECT_EQ(aerospace->listings[0].list, "entity_list");
  EXPECT_EQ(aerospace->listings[1].list, "sdn");
  EXPECT_EQ(aerospace->listings[1].interval.from, D("2005-06-28"));
  EXPECT_EQ(aerospace->listings[1].entity_number, "90004");
  EXPECT_THAT(aerospace->aliases, ElementsAre("EAI", "Example Aerospace", "EXAMPLE AEROSPACE INDUSTRIES ORGANIZATION"));
  const Entity* compute = Find(list.pack.entities, "Example Compute Center");
  ASSERT_NE(compute, nullptr);
  EXPECT_EQ(compute->listings.size(), 2u);
  EXPECT_EQ(compute->country, Country::Of("CN"));
}

// Huawei and SMIC are in the built-in catalog: the pack carries them whole, with the list's
// listings after the built-in ones, so that it replaces them when compiled with the catalog.
TEST_P(FixtureTest, BuiltinPartiesAreJoinedAndTheImportLoadsWithTheCatalog) {
  const ScreeningListImport list = MustImport(GetParam(), BuiltinEntities());
  const Entity* huawei = Find(list.pack.entities, "Huawei Technologies Co., Ltd.");
  ASSERT_NE(huawei, nullptr);
  // The built-in Entity List and Taiwan SHTC listings, then the list's.
  ASSERT_EQ(huawei->listings.size(), 3u);
  EXPECT_EQ(huawei->listings[0].citation,
            "84 FR 22961 (Entity List addition effective 2019-05-16, published 2019-05-21)");
  EXPECT_EQ(huawei->listings[1].list, "tw_shtc");
  EXPECT_EQ(huawei->listings[2].interval.from, D("2019-05-16"));
  EXPECT_THAT(huawei->listings[2].citation, HasSubstr("84 FR 22961; Entity List (EL)"));
  EXPECT_THAT(huawei->aliases, ::testing::Contains("Huawei"));
  EXPECT_THAT(huawei->aliases, ::testing::Contains("\xE5\x8D\x8E\xE4\xB8\xBA"));  // 华为, the built-in alias
  const Entity* smic = Find(list.pack.entities, "Semiconductor Manufacturing International Corporation");
  ASSERT_NE(smic, nullptr) << "joined by its alias SMIC";
  EXPECT_THAT(smic->aliases, ::testing::Contains("Semiconductor Manufacturing International Corporation (SMIC)"));
  EXPECT_EQ(smic->listings.size(), 3u);
  EXPECT_EQ(smic->location.file, list.pack.info.source);  // the pack's party now
  EXPECT_TRUE(AnyNote(list.summary, "joins the base catalog's party 'Huawei Technologies Co., Ltd.'"));

  absl::StatusOr<std::shared_ptr<const RuleSet>> rules = BuiltinRuleSet({list.pack});
  ASSERT_THAT(rules, IsOk());
  const auto entities = (*rules)->entities();
  EXPECT_EQ(std::count_if(entities.begin(), entities.end(),
                          [](const Entity& x) { return x.name == "Huawei Technologies Co., Ltd."; }),
            1);
  // A buyer on the imported Entity List rows is screened as listed.
  Sale sale;
  sale.date = D("2024-06-01");
  sale.item = (*rules)->FindChip("H100")->chip;
  sale.destination = Country::Of("DE");
  sale.quantity = 8;
  const Decision clear = Evaluate(**rules, sale, {.trace = TraceLevel::kFired});
  sale.buyer.name = "Example Photonics";
  const Decision listed = Evaluate(**rules, sale, {.trace = TraceLevel::kFired});
  EXPECT_FALSE(clear.Fired("us-entity-list"));
  EXPECT_TRUE(listed.Fired("us-entity-list"));
  EXPECT_EQ(listed.verdict, Verdict::kLicenseRequired);
}

// Without the base catalog the import compiles on its own, and as an overlay it would clash only
// where it names a built-in party by an alias, which is why the base is given.
TEST_P(FixtureTest, WithoutABaseTheListIsSelfContained) {
  const ScreeningListImport list = MustImport(GetParam());
  EXPECT_EQ(list.summary.joined_base, 0u);
  EXPECT_THAT(Compile({list.pack}), IsOk());
  EXPECT_THAT(BuiltinRuleSet({list.pack}), StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("SMIC")));
}

// The TOML pack reads back to the same entities, and loads over the built-in catalog.
TEST_P(FixtureTest, TomlPackReadsBackToTheSameEntities) {
  const ScreeningListImport list = MustImport(GetParam(), BuiltinEntities());
  const std::vector<std::string> parts = ScreeningListToToml(list);
  ASSERT_EQ(parts.size(), 1u);
  const std::string& toml = parts[0];
  absl::StatusOr<RulePack> pack = LoadRulePack(toml, "csl.toml");
  ASSERT_THAT(pack, IsOk());
  EXPECT_EQ(pack->info.id, "csl");
  EXPECT_EQ(pack->info.description, list.pack.info.description);
  ExpectSameParties(pack->entities, list.pack.entities);
  EXPECT_THAT(BuiltinRuleSet({*pack}), IsOk());
  EXPECT_THAT(toml, HasSubstr("#   csl_fixture."));  // the skipped rows, in the header
}

INSTANTIATE_TEST_SUITE_P(JsonAndCsv, FixtureTest, ::testing::Values("json", "csv"));

// The two downloads of one list give the same parties.
TEST(ImportTest, JsonAndCsvGiveTheSameParties) {
  const ScreeningListImport json = MustImport("json", BuiltinEntities());
  const ScreeningListImport csv = MustImport("csv", BuiltinEntities());
  ExpectSameParties(json.pack.entities, csv.pack.entities);
}

}  // namespace
}  // namespace exportctl
