// What is not a screening list, the format's detection, the file variant, the source table, and
// the listing keys a pack may carry (entity_number, license_requirement, license_policy).
#include <sys/stat.h>
#include <utime.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "exportctl/exportctl.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "lists/rows.h"
#include "status_matchers.h"
#include "test_support.h"

namespace exportctl {
namespace {

using ::exportctl::testing::D;
using ::exportctl::testing::IsOk;
using ::exportctl::testing::StatusIs;
using ::testing::HasSubstr;

constexpr std::string_view kHeader = "source,name,start_date\n";

absl::Status ImportStatus(std::string_view text, std::string_view file = "list.json") {
  return ImportScreeningList(text, file).status();
}

TEST(ScreeningListErrorsTest, NotAScreeningListIsAnErrorWithItsPlace) {
  const absl::StatusCode invalid = absl::StatusCode::kInvalidArgument;
  EXPECT_THAT(ImportStatus(""), StatusIs(invalid, "list.json:1: the file is empty"));
  EXPECT_THAT(ImportStatus(" \n"), StatusIs(invalid, "list.json:1: the file is empty"));
  EXPECT_THAT(ImportStatus("{\"total\": 3}"),
              StatusIs(invalid, "list.json:1: not a Consolidated Screening List: the object has no 'results' array"));
  EXPECT_THAT(
      ImportStatus("{\n\"results\": {}}"),
      StatusIs(invalid, "list.json:2: not a Consolidated Screening List: 'results' is an object, not an array"));
  EXPECT_THAT(
      ImportStatus("[{\"date\": \"2025-01-01\", \"item\": \"H20\"}]"),
      StatusIs(invalid, HasSubstr("list.json:1: not a Consolidated Screening List: no row has a 'name' or 'source'")));
  EXPECT_THAT(ImportStatus("{\"results\": [\n{\"name\": \"A\",}\n]}"), StatusIs(invalid, HasSubstr("list.json:2: ")));
  EXPECT_THAT(ImportStatus("{\"results\": []} x"), StatusIs(invalid, HasSubstr("list.json:1: ")));
  EXPECT_THAT(ImportStatus("{\"results\": [\"\xFF\"]}"), StatusIs(invalid, HasSubstr("list.json:1: ")));
  EXPECT_THAT(
      ImportStatus("date,item\n2025-01-01,H20\n", "sales.csv"),
      StatusIs(invalid, "sales.csv:1: not a Consolidated Screening List CSV: the header row has no 'name' column"));
  EXPECT_THAT(ImportStatus("name,source,name\n", "twice.csv"),
              StatusIs(invalid, "twice.csv:1: not a Consolidated Screening List CSV: the column 'name' appears twice"));
  EXPECT_THAT(ImportStatus("\"source,name\n", "open.csv"),
              StatusIs(invalid, HasSubstr("open.csv:1: not a Consolidated "
                                          "Screening List CSV: the header row "
                                          "is malformed")));
  // Every error is one line.
  EXPECT_THAT(ImportStatus("na\nme,so\x01urce\n", "x.csv"), StatusIs(invalid, ::testing::Not(HasSubstr("\n"))));
}

TEST(ScreeningListErrorsTest, AnEmptyListImportsNothing) {
  absl::StatusOr<ScreeningListImport> json = ImportScreeningList("{\"results\": []}", "empty.json");
  ASSERT_THAT(json, IsOk());
  EXPECT_EQ(json->summary.rows, 0u);
  EXPECT_TRUE(json->pack.entities.empty());
  absl::StatusOr<ScreeningListImport> csv = ImportScreeningList(kHeader, "empty.csv");
  ASSERT_THAT(csv, IsOk());
  EXPECT_EQ(csv->summary.rows, 0u);
}

TEST(ScreeningListErrorsTest, FormatFromTheContentThenTheName) {
  EXPECT_EQ(*DetectScreeningListFormat("\xEF\xBB\xBF  {\"results\": []}", "list.csv"), ScreeningListFormat::kJson);
  EXPECT_EQ(*DetectScreeningListFormat("[]", "x"), ScreeningListFormat::kJson);
  EXPECT_EQ(*DetectScreeningListFormat(kHeader, "list.json"), ScreeningListFormat::kJson);
  EXPECT_EQ(*DetectScreeningListFormat(kHeader, "list.csv"), ScreeningListFormat::kCsv);
  EXPECT_EQ(*DetectScreeningListFormat(kHeader, "list"), ScreeningListFormat::kCsv);
  // A byte-order mark is not part of the header.
  absl::StatusOr<ScreeningListImport> bom =
      ImportScreeningList("\xEF\xBB\xBFsource,name\nEntity List (EL),Example Co\n", "bom.csv");
  ASSERT_THAT(bom, IsOk());
  EXPECT_EQ(bom->summary.imported, 1u);
  EXPECT_TRUE(bom->summary.unknown_columns.empty());
  // A format given wins.
  EXPECT_THAT(ImportScreeningList(kHeader, "list.json", {.format = ScreeningListFormat::kJson}).status(),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(ScreeningListErrorsTest, PackIdIsChecked) {
  EXPECT_THAT(ImportScreeningList(kHeader, "l.csv", {.pack_id = "my list"}).status(),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("pack id 'my list'")));
  absl::StatusOr<ScreeningListImport> ok =
      ImportScreeningList(kHeader, "l.csv", {.pack_id = "csl-2025.06", .list_date = D("2025-06-01")});
  ASSERT_THAT(ok, IsOk());
  EXPECT_EQ(ok->pack.info.id, "csl-2025.06");
  EXPECT_EQ(ok->pack.info.revision, "2025-06-01");
}

TEST(ScreeningListErrorsTest, FileVariantTakesTheFilesDay) {
  const std::filesystem::path path = std::filesystem::temp_directory_path() / "exportctl_lists_file_test.csv";
  std::ofstream(path) << kHeader << "Entity List (EL) - Bureau of Industry and Security,Example Co,2020-01-02\n";
  struct utimbuf times = {1751328000, 1751328000};  // 2025-07-01 00:00 UTC
  ASSERT_EQ(::utime(path.c_str(), &times), 0);
  absl::StatusOr<ScreeningListImport> list = ImportScreeningListFile(path.string());
  ASSERT_THAT(list, IsOk());
  EXPECT_EQ(list->pack.info.revision, "2025-07-01");
  EXPECT_EQ(list->summary.list_date, D("2025-07-01"));
  EXPECT_EQ(list->pack.info.source, path.string());
  EXPECT_EQ(list->pack.entities.at(0).location.file, path.string());
  EXPECT_EQ(list->pack.entities.at(0).location.line, 2);
  EXPECT_EQ(ImportScreeningListFile(path.string(), {.list_date = D("2024-01-01")})->pack.info.revision, "2024-01-01");
  std::filesystem::remove(path);
  EXPECT_THAT(ImportScreeningListFile(path.string()).status(),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("cannot read '" + path.string() + "': No such file")));
  EXPECT_THAT(ImportScreeningListFile("/tmp").status(),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("Is a directory")));
}

// The source table: the CSL's own names, older spellings, bare abbreviations; an unknown source
// gets an id from its abbreviation, or its name.
TEST(ScreeningListSourcesTest, SourcesMapToListIds) {
  using internal::ListIdOfSource;
  struct Case {
    const char* source;
    const char* id;
    bool known;
  };
  const Case cases[] = {
      {"Entity List (EL) - Bureau of Industry and Security", "entity_list", true},
      {"Military End User (MEU) List - Bureau of Industry and Security", "meu", true},
      {"Unverified List (UVL) - Bureau of Industry and Security", "uvl", true},
      {"Denied Persons List (DPL) - Bureau of Industry and Security", "dpl", true},
      {"Specially Designated Nationals (SDN) - Treasury Department", "sdn", true},
      {"Foreign Sanctions Evaders (FSE) - Treasury Department", "fse", true},
      {"Sectoral Sanctions Identifications List (SSI) - Treasury Department", "ssi", true},
      {"Non-SDN Chinese Military-Industrial Complex Companies List (CMIC) - Treasury Department", "cmic", true},
      {"Non-SDN Menu-Based Sanctions List (NS-MBS List) - Treasury Department", "ns_mbs", true},
      {"ITAR Debarred (DTC) - State Department", "dtc", true},
      {"AECA Debarred List - State Department", "dtc", true},
      {"Nonproliferation Sanctions (ISN) - State Department", "isn", true},
      {"SDN", "sdn", true},
      {"MBS", "ns_mbs", true},
      {"Entity List", "entity_list", true},
      {"Palestinian Legislative Council List (PLC) - Treasury Department", "plc", false},
      {"Non-SDN Palestinian Legislative Council (NS-PLC) - Treasury Department", "ns_plc", false},
      {"Capta List (CAP) - Treasury Department", "cap", false},
      {"Some New List - Treasury Department", "some_new_list", false},
      {"!!!", "unknown", false},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(ListIdOfSource(c.source).id, c.id) << c.source;
    EXPECT_EQ(ListIdOfSource(c.source).known, c.known) << c.source;
  }
}

constexpr std::string_view kListingPack = R"(format = 1
id = "keys"
revision = "1"

[[entity]]
name = "Example Co"

[[entity.listing]]
list = "sdn"
from = 2020-01-01
entity_number = "12345"
license_requirement = "For all items subject to the EAR."
license_policy = "Presumption of denial."
)";

TEST(ListingKeysTest, PacksCarryWhatTheListStates) {
  absl::StatusOr<RulePack> pack = LoadRulePack(kListingPack, "keys.toml");
  ASSERT_THAT(pack, IsOk());
  const Listing& l = pack->entities.at(0).listings.at(0);
  EXPECT_EQ(l.list, "sdn");
  EXPECT_EQ(l.entity_number, "12345");
  EXPECT_EQ(l.license_requirement, "For all items subject to the EAR.");
  EXPECT_EQ(l.license_policy, "Presumption of denial.");
  std::string text(kListingPack);
  EXPECT_THAT(LoadRulePack(text.replace(text.find("\"12345\""), 7, "12345"), "keys.toml"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("keys.toml:11:17: ")));
  text = kListingPack;
  EXPECT_THAT(LoadRulePack(text.replace(text.find("\"Presumption of denial.\""), 24, "\"\""), "keys.toml"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("keys.toml:13:")));
}

}  // namespace
}  // namespace exportctl
