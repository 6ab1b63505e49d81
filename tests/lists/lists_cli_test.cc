// The command and screening lists: `exportctl lists import` writes packs --rules loads (checked
// writes, exit 1 when rows were skipped), --screening-list imports on any command, and
// `exportctl entities` says where each party came from.
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "cli_runner.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "lists/synthetic_csl.h"
#include "simdjson.h"

namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::StartsWith;
using Result = exportctl::testing::CliResult;
using exportctl::testing::ReadFile;

std::string Fixture(std::string_view format) {
  return std::string(EXPORTCTL_SOURCE_DIR) + "/tests/lists/data/csl_fixture." + std::string(format);
}

// Three rows, none skipped.
constexpr std::string_view kCleanList =
    "source,entity_number,name,alt_names,addresses,federal_register_notice,start_date,end_date,license_requirement,"
    "license_policy,source_list_url\n"
    "Entity List (EL) - Bureau of Industry and Security,,Example Photonics Co.,EP Wuhan,\"1 Road, Wuhan, CN\",88 FR "
    "71991,2023-10-17,,For all items subject to the EAR.,Presumption of denial.,https://www.bis.gov/entity-list\n"
    "Specially Designated Nationals (SDN) - Treasury Department,90001,EXAMPLE SHIPPING LINES,ESL,\"Tehran, IR\",,,,,,"
    "https://sanctionslist.ofac.treas.gov/\n"
    "Denied Persons List (DPL) - Bureau of Industry and Security,,EXAMPLE PERSON ONE,,\"Phoenix, AZ, 85043, US\",82 "
    "F.R. "
    "48792,2017-10-16,2027-10-16,,,\n";

constexpr std::string_view kListedSale =
    R"({"date":"2024-06-01","item":"H100","quantity":8,"unit_price_usd":30000,"destination":"DE",)"
    R"("buyer":{"name":"EP Wuhan"}})";

class ListsCliTest : public exportctl::testing::CliFixture {};

TEST_F(ListsCliTest, ImportWritesAPackThatRulesLoads) {
  const std::string list = Write("clean.csv", kCleanList);
  const std::string pack = (dir_ / "csl.toml").string();
  const Result r = Run("lists import " + list + " -o " + pack + " --date 2025-06-01");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err,
            "exportctl: lists import: 3 rows, 3 imported, 0 skipped, 3 parties (0 rows joined a party named before, 1 "
            "from an unknown date, 0 notes); lists: entity_list 1, dpl 1, sdn 1\n");
  const std::string toml = ReadFile(pack);
  EXPECT_THAT(toml, HasSubstr("id = \"csl\"\nrevision = \"2025-06-01\"\n"));
  EXPECT_THAT(toml, HasSubstr("entity_number = \"90001\""));

  // Loaded by --rules: the buyer is on the imported Entity List.
  const std::string sale = Write("sale.json", kListedSale);
  const Result check = Run("check --trace fired --rules " + pack + " " + sale);
  ASSERT_EQ(check.status, 0) << check.err;
  EXPECT_THAT(check.out, HasSubstr("\"rule\":\"us-entity-list\""));
  EXPECT_THAT(check.out,
              HasSubstr("matches listed entity 'Example Photonics Co.' (entity_list from 2023-10-17; 88 FR 71991"));

  // To stdout: the pack; the summary still on stderr.
  const Result out = Run("lists import --id my-list -o - " + list);
  ASSERT_EQ(out.status, 0) << out.err;
  EXPECT_THAT(out.out, StartsWith("# A screening list imported by exportctl"));
  EXPECT_THAT(out.out, HasSubstr("id = \"my-list\"\n"));
  EXPECT_THAT(out.err, StartsWith("exportctl: lists import: 3 rows"));
  // From stdin.
  const Result in = Run("lists import - --format csv", kCleanList);
  ASSERT_EQ(in.status, 0) << in.err;
  EXPECT_THAT(in.out, HasSubstr("# file: <stdin> (csv, "));
}

// The fixture has odd rows: they are reported on stderr, one line each, the pack is written all
// the same, and the exit status is 1 (as batch's for bad lines).
TEST_F(ListsCliTest, SkippedRowsAreReportedAndExitOne) {
  const std::string pack = (dir_ / "fixture.toml").string();
  const Result r = Run("lists import " + Fixture("json") + " -o " + pack);
  EXPECT_EQ(r.status, 1) << r.err;
  EXPECT_THAT(r.err, StartsWith("exportctl: lists import: 58 rows, 53 imported, 5 skipped, 51 parties (4 rows joined"));
  EXPECT_THAT(r.err,
              HasSubstr("\nexportctl: skipped " + Fixture("json") + ":59: the row is a string, not an object\n"));
  EXPECT_THAT(r.err, HasSubstr("\nexportctl: " + Fixture("json") + ":4: unknown column 'risk_score'"));
  EXPECT_THAT(r.err, HasSubstr("\nexportctl: unknown source 'Capta List (CAP) - Treasury Department'"));
  const std::string toml = ReadFile(pack);
  EXPECT_THAT(toml, HasSubstr("# skipped rows:\n#   " + Fixture("json") + ":55: the row has no 'name'\n"));
  EXPECT_EQ(Run("entities --rules " + pack).status, 0);
}

// --screening-list imports on any command that evaluates; skipped rows are one warning line.
TEST_F(ListsCliTest, ScreeningListOptionImportsDirectly) {
  const std::string list = Write("clean.csv", kCleanList);
  const std::string sale = Write("sale.json", kListedSale);
  const Result check = Run("check --trace fired --screening-list " + list + " " + sale);
  ASSERT_EQ(check.status, 0) << check.err;
  EXPECT_EQ(check.err, "");
  EXPECT_THAT(check.out, HasSubstr("\"rule\":\"us-entity-list\""));
  const Result batch = Run("batch --screening-list " + list + " -", std::string(kListedSale) + "\n");
  ASSERT_EQ(batch.status, 0) << batch.err;
  EXPECT_THAT(batch.out, HasSubstr("\"verdict\":\"license_required\""));
  for (const std::string command : {"rules", "chips", "test",
                                    "timeline --item H100 --destination DE --from 2024-01-01 "
                                    "--to 2024-12-31"}) {
    const Result r = Run(command + " --screening-list " + list);
    EXPECT_EQ(r.status, 0) << command << ": " << r.err;
  }
  const Result fixture = Run("check --screening-list " + Fixture("csv") + " " + sale);
  ASSERT_EQ(fixture.status, 0) << fixture.err;
  EXPECT_EQ(fixture.err, "exportctl: warning: " + Fixture("csv") + ": 5 of 58 rows skipped, the first at " +
                             Fixture("csv") + ":57: the row has no 'name' (see exportctl lists import)\n");
  // Not a list, or no file: exit 2 with one line.
  const Result bad = Run("check --screening-list " + sale + " " + sale);
  EXPECT_EQ(bad.status, 2);
  EXPECT_EQ(bad.err,
            "exportctl: " + sale + ":1: not a Consolidated Screening List: the object has no 'results' array\n");
  const Result missing = Run("check --screening-list /nonexistent/list.json " + sale);
  EXPECT_EQ(missing.status, 2);
  EXPECT_EQ(missing.err, "exportctl: cannot read '/nonexistent/list.json': No such file or directory\n");
}

// entities: the imported list's file, date and size, what its coverage means, and what each
// listing states.
TEST_F(ListsCliTest, EntitiesSayWhereEachPartyCameFrom) {
  const std::string list = Write("clean.csv", kCleanList);
  fs::last_write_time(list, fs::file_time_type::clock::now());
  const Result r = Run("entities --screening-list " + list);
  ASSERT_EQ(r.status, 0) << r.err;
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  ASSERT_EQ(parser.parse(r.out).get(root), simdjson::SUCCESS) << r.out;
  simdjson::dom::array packs = root["source"]["packs"];
  ASSERT_EQ(packs.size(), 2u) << r.out;
  EXPECT_EQ(std::string_view(packs.at(0)["source"]), "builtin:rules/20-us.toml");
  simdjson::dom::element imported = packs.at(1);
  EXPECT_EQ(std::string_view(imported["id"]), "csl");
  EXPECT_EQ(std::string_view(imported["source"]), list);
  EXPECT_EQ(std::string_view(imported["revision"]).size(), 10u);  // the file's day
  EXPECT_THAT(
      std::string(std::string_view(imported["description"])),
      StartsWith("Consolidated Screening List 'clean.csv' (" + std::string(std::string_view(imported["revision"])) +
                 ", " + std::to_string(kCleanList.size()) + " bytes): 3 rows read, 3 imported, 0 skipped"));
  EXPECT_THAT(std::string(std::string_view(root["source"]["coverage"])),
              StartsWith("imported: the parties of the screening lists above and the built-in sample"));
  bool found = false;
  for (simdjson::dom::element e : simdjson::dom::array(root["entities"])) {
    if (std::string_view(e["name"]) != "EXAMPLE SHIPPING LINES") continue;
    found = true;
    EXPECT_EQ(std::string_view(e["pack"]), "csl");
    simdjson::dom::element listing = simdjson::dom::array(e["listings"]).at(0);
    EXPECT_EQ(std::string_view(listing["list"]), "sdn");
    EXPECT_EQ(std::string_view(listing["from"]), "1900-01-01");
    EXPECT_EQ(std::string_view(listing["entity_number"]), "90001");
    EXPECT_THAT(std::string(std::string_view(listing["citation"])), HasSubstr("; listed on an unknown date"));
  }
  EXPECT_TRUE(found) << r.out;
  // Without the built-in catalog the coverage names the lists alone.
  const Result alone = Run("entities --no-builtin --screening-list " + list);
  ASSERT_EQ(alone.status, 0) << alone.err;
  EXPECT_THAT(alone.out, HasSubstr("\"coverage\":\"imported: the parties of the screening lists above, matched"));
}

TEST_F(ListsCliTest, FailuresAreExitTwoWithOneLine) {
  const std::string list = Write("clean.csv", kCleanList);
  if (fs::exists("/dev/full")) {
    const Result full = Run("lists import " + list + " -o /dev/full");
    EXPECT_EQ(full.status, 2);
    EXPECT_EQ(full.err, "exportctl: cannot write '/dev/full': No space left on device\n");
    const std::string err = (dir_ / "stderr.txt").string();
    const int raw =
        std::system((std::string(EXPORTCTL_CLI) + " lists import " + list + " >/dev/full 2>" + err).c_str());
    EXPECT_EQ(exportctl::testing::ExitStatus(raw), 2);
    EXPECT_EQ(ReadFile(err), "exportctl: cannot write <stdout>: No space left on device\n");
  }
  const Result same = Run("lists import " + list + " -o " + list);
  EXPECT_EQ(same.status, 2);
  EXPECT_EQ(same.err, "exportctl: cannot write '" + list + "': it is the input '" + list + "'\n");
  EXPECT_EQ(ReadFile(list), kCleanList);
  const std::string sale = Write("sale.json", kListedSale);
  for (const std::string& args : std::vector<std::string>{
           "lists", "lists import", "lists import " + sale, "lists import /nonexistent.csv",
           "lists import " + list + " --format xml", "lists import " + list + " --id 'a b'",
           "lists import " + list + " --date 2025-02-30", "lists import " + list + " --as-of 2025-01-01",
           "lists import " + list + " --pretty", "lists import " + list + " --rules /nonexistent"}) {
    const Result r = Run(args);
    EXPECT_EQ(r.status, 2) << args;
    EXPECT_EQ(r.out, "") << args;
    EXPECT_THAT(r.err, StartsWith("exportctl: ")) << args;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << args << ": " << r.err;
  }
}

// A list larger than a rule pack may be is written as several packs, loaded together.
TEST_F(ListsCliTest, ALargeListIsWrittenAsSeveralPacks) {
  const std::string list = Write("large.json", exportctl::testing::MakeSyntheticCsl(30000, true).text);
  const std::string pack = (dir_ / "large.toml").string();
  const Result r = Run("lists import " + list + " -o " + pack);
  ASSERT_EQ(r.status, 0) << r.err;
  const std::string second = (dir_ / "large.2.toml").string();
  EXPECT_THAT(r.err, HasSubstr("exportctl: lists import: written as 2 packs, larger than one may be (8 MiB): --rules " +
                               pack + " --rules " + second + "\n"));
  EXPECT_LT(fs::file_size(pack), 8388608u);
  EXPECT_THAT(ReadFile(second), HasSubstr("id = \"csl.2\""));
  const Result entities = Run("entities --rules " + pack + " --rules " + second);
  ASSERT_EQ(entities.status, 0) << entities.err;
  EXPECT_THAT(entities.out, HasSubstr("\"id\":\"csl.2\""));
  const Result to_stdout = Run("lists import " + list);
  EXPECT_EQ(to_stdout.status, 2);
  EXPECT_EQ(to_stdout.err,
            "exportctl: the pack is larger than a rule pack may be (8 MiB): give -o FILE to write it as 2 packs\n");
}

}  // namespace
