// The batch's formats (exportctl/batch.h, docs/json.md, docs/csv.md): decisions that join back by
// "line", the compact form with the rule set once, CSV order books in and CSV decisions out.
#include <memory>
#include <regex>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "cli_runner.h"
#include "exportctl/exportctl.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace exportctl {
namespace {

using ::exportctl::testing::ReadFile;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

const RuleSet& Builtin() {
  static const std::shared_ptr<const RuleSet> rules = *BuiltinRuleSet();
  return *rules;
}

// The output of a batch over `text`, or its error.
absl::StatusOr<std::string> Batch(std::string_view text, const BatchOptions& options = {}) {
  std::string out;
  const absl::StatusOr<BatchSummary> summary = EvaluateJsonLines(
      Builtin(), JsonLinesInput::Buffer(text),
      [&](std::string_view lines) {
        out += lines;
        return absl::OkStatus();
      },
      options);
  if (!summary.ok()) return summary.status();
  return out;
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

BatchOptions CsvIn() {
  BatchOptions options;
  options.input_format = BatchFormat::kCsv;
  return options;
}

// The output lines of a batch over the CSV `csv` (none, and a failure, when the batch fails).
std::vector<std::string> CsvResults(std::string_view csv) {
  const absl::StatusOr<std::string> out = Batch(csv, CsvIn());
  EXPECT_TRUE(out.ok()) << out.status();
  return out.ok() ? Lines(*out) : std::vector<std::string>{};
}

TEST(BatchFormatsTest, DecisionsCarryTheirLineAfterTheIdElseFirst) {
  const std::string text =
      "{\"id\":\"SO-1\",\"date\":\"2025-09-01\",\"item\":\"H20\",\"destination\":\"CN\"}\n"
      "\n"
      "{\"date\":\"2025-09-01\",\"item\":\"H20\",\"destination\":\"CN\"}\n"
      "{\"id\":7,\"date\":\"2025-09-01\",\"item\":\"H2O\",\"destination\":\"CN\"}\n";
  const absl::StatusOr<std::string> out = Batch(text);
  ASSERT_TRUE(out.ok()) << out.status();
  const std::vector<std::string> lines = Lines(*out);
  ASSERT_EQ(lines.size(), 3u);  // one per non-blank line
  EXPECT_THAT(lines[0], StartsWith(R"({"id":"SO-1","line":1,"allowed":)"));
  EXPECT_THAT(lines[1], StartsWith(R"({"line":3,"allowed":)"));  // the blank line keeps the numbering
  EXPECT_THAT(lines[2], StartsWith(R"({"line":4,"error":"4:)"));
}

TEST(BatchFormatsTest, RuleSetOnceWritesItInAHeaderAndNamesRulesByTheirId) {
  const std::string text = ReadFile(std::string(EXPORTCTL_SOURCE_DIR) + "/examples/orderbook/orders.jsonl");
  BatchOptions options;
  options.rule_set_once = true;
  const absl::StatusOr<std::string> compact = Batch(text, options);
  ASSERT_TRUE(compact.ok()) << compact.status();
  const std::vector<std::string> lines = Lines(*compact);
  ASSERT_EQ(lines.size(), 21u);  // the header and 20 decisions
  EXPECT_EQ(lines[0], RuleSetHeaderJson(Builtin()));
  EXPECT_EQ(lines[0] + "\n", BatchHeader(Builtin(), options));
  EXPECT_THAT(lines[0], StartsWith(R"({"rule_set":{"packs":[)"));
  EXPECT_THAT(lines[0], HasSubstr(R"({"id":"us-h20-share","legal_force":"reported_arrangement","citation":"reported)"));
  for (size_t i = 1; i < lines.size(); ++i) {
    EXPECT_THAT(lines[i], Not(HasSubstr("\"rule_set\"")));
    EXPECT_THAT(lines[i], Not(HasSubstr("\"citation\"")));
    EXPECT_THAT(lines[i], Not(HasSubstr("\"thresholds\"")));
  }
  EXPECT_THAT(*compact, HasSubstr(R"({"rule":"us-h20-share","jurisdiction":"US","effect":"condition","detail")"));
  // The same decisions as the full form, but for what moved to the header.
  const absl::StatusOr<std::string> full = Batch(text);
  ASSERT_TRUE(full.ok());
  EXPECT_LT((compact->size() - lines[0].size()) * 2, full->size());  // the decisions, less than half
  // --trace full keeps the citations.
  options.eval.trace = TraceLevel::kFull;
  const absl::StatusOr<std::string> traced = Batch(text, options);
  ASSERT_TRUE(traced.ok());
  EXPECT_THAT(Lines(*traced)[1], HasSubstr("\"citation\""));
  EXPECT_THAT(Lines(*traced)[1], Not(HasSubstr("\"rule_set\"")));
}

// The decisions without their "line" member.
std::string WithoutLines(const std::string& out) { return std::regex_replace(out, std::regex("\"line\":[0-9]+,"), ""); }

TEST(BatchFormatsTest, TheExampleBookGivesTheSameDecisionsAsCsvAndAsJsonLines) {
  const std::string dir = std::string(EXPORTCTL_SOURCE_DIR) + "/examples/orderbook/";
  const absl::StatusOr<std::string> json = Batch(ReadFile(dir + "orders.jsonl"));
  const absl::StatusOr<std::string> csv = Batch(ReadFile(dir + "orders.csv"), CsvIn());
  ASSERT_TRUE(json.ok()) << json.status();
  ASSERT_TRUE(csv.ok()) << csv.status();
  EXPECT_EQ(Lines(*csv).size(), 20u);
  EXPECT_THAT(*csv, Not(HasSubstr("\"error\"")));
  EXPECT_EQ(WithoutLines(*csv), WithoutLines(*json));
  // Line N of the JSON Lines is line N + 1 of the CSV, under its header.
  EXPECT_THAT(Lines(*json)[10], StartsWith(R"({"id":"SO-1011","line":12,)"));
  EXPECT_THAT(Lines(*csv)[10], StartsWith(R"({"id":"SO-1011","line":13,)"));
}

TEST(BatchFormatsTest, CsvCellsAreTheSalesFieldsWithABlankCellAbsent) {
  const std::string csv =
      "\xEF\xBB\xBF"
      "id,date,item,quantity,destination,buyer_name,transit,license_jurisdiction,license_valid_from\r\n"
      "A-1,2025-09-01,H20,,CN,\"Example, \"\"Cloud\"\"\nCo\",SG;MY,US,2025-08-08\r\n"
      ",,,,,,,,\r\n"
      "A-2, 2025-09-01 ,H200,5,DE,,,,\r\n";
  const absl::StatusOr<std::string> got = Batch(csv, CsvIn());
  ASSERT_TRUE(got.ok()) << got.status();
  const std::string want_json =
      "\n{\"id\":\"A-1\",\"date\":\"2025-09-01\",\"item\":\"H20\",\"destination\":\"CN\",\"buyer\":{\"name\":"
      "\"Example, \\\"Cloud\\\"\\nCo\"},\"transit\":[\"SG\",\"MY\"],\"licenses\":[{\"jurisdiction\":\"US\","
      "\"valid_from\":\"2025-08-08\"}]}\n\n\n"
      "{\"id\":\"A-2\",\"date\":\"2025-09-01\",\"item\":\"H200\",\"quantity\":5,\"destination\":\"DE\"}\n";
  const absl::StatusOr<std::string> want = Batch(want_json);
  ASSERT_TRUE(want.ok()) << want.status();
  EXPECT_EQ(*got, *want);  // the quoted cell spans lines 2-3, the blank row is line 4
}

// Rows are read one after another into one Sale, reset between them: each row's decision is
// the decision of that row alone, after a row that gave every column or failed halfway.
TEST(BatchFormatsTest, ARowCarriesNothingToTheNext) {
  const std::string header =
      "id,date,item,quantity,unit_price_usd,destination,exported_from,transit,end_use,buyer_name,"
      "buyer_headquarters,buyer_ultimate_parent_headquarters,buyer_sector,datacenter_pue,datacenter_national_hub,"
      "license_jurisdiction,license_valid_from,license_valid_until,license_quantity,license_id,"
      "approval_jurisdiction,approval_valid_from,approval_quantity,domestic_chips_purchased,us_units_shipped\n";
  const std::vector<std::string> rows = {
      "SO-1,2025-09-01,H20,50,25000.5,CN,SG,MY;SG,research,Biren Technology,CN,CN,state_owned,1.2,true,"
      "US,2025-01-01,2026-01-01,100,L-1,CN,2025-01-01,100,10,5\n",
      "SO-2,2025-09-01,H20,50,25000.5,CN,SG,MY;SG,research,Biren Technology,CN,CN,state_owned,1.2,maybe,"
      "US,2025-01-01,2026-01-01,100,L-1,CN,2025-01-01,100,10,5\n",
      ",2025-09-01,H20,,,CN,,,,,,,,,,,,,,,,,,,\n",
      ",2025-09-01,H200,,,DE,,,,B,,,,,,,,,,,,,,,\n",
  };
  std::string book = header;
  for (const std::string& row : rows) book += row;
  const std::vector<std::string> together = CsvResults(book);
  ASSERT_EQ(together.size(), rows.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    const std::vector<std::string> alone = CsvResults(header + rows[i]);
    ASSERT_EQ(alone.size(), 1u);
    // The same decision (or error), at its own line number.
    const std::string line = std::to_string(i + 2);
    std::string want = alone[0];
    want.replace(want.find("\"line\":2,"), 9, "\"line\":" + line + ",");
    if (const size_t error = want.find("\"error\":\"2:"); error != std::string::npos) want.replace(error + 9, 1, line);
    EXPECT_EQ(together[i], want) << i;
  }
  EXPECT_THAT(together[1], HasSubstr("\"error\""));
}

TEST(BatchFormatsTest, ABadRowNamesItsLineAndColumnAndTheBatchGoesOn) {
  const std::string csv =
      "date,item,quantity,destination\n"
      "2025-09-01,H20,0,CN\n"
      "2025-09-01,H20,1\n"
      "2025-09-01,H2O,1,CN\n"
      "2025-02-30,H20,1,CN\n"
      "2025-09-01,H20,1,\n"
      "2025-09-01,\"H20\"x,1,CN\n"
      "2025-09-01,H20,1,CN\n";
  const std::vector<std::string> lines = CsvResults(csv);
  ASSERT_EQ(lines.size(), 7u);
  EXPECT_EQ(lines[0], R"({"line":2,"error":"2:3: 'quantity' must be a positive integer, got '0'"})");
  EXPECT_EQ(lines[1], R"({"line":3,"error":"3:4: the row has 3 cells, the header 4"})");
  EXPECT_EQ(lines[2], R"({"line":4,"error":"4:2: unknown chip 'H2O'"})");
  EXPECT_THAT(lines[3], StartsWith(R"({"line":5,"error":"5:1: )"));
  EXPECT_EQ(lines[4], R"({"line":6,"error":"6:1: no 'destination'"})");
  EXPECT_THAT(lines[5], StartsWith(R"({"line":7,"error":"7:2: text after the closing quote)"));
  EXPECT_THAT(lines[6], StartsWith(R"({"line":8,"allowed":)"));
}

TEST(BatchFormatsTest, AQuoteInsideAnUnquotedCellDoesNotSwallowTheNextRow) {
  const std::vector<std::string> lines =
      CsvResults("date,item,destination\n2025-09-01,X\"Y,CN\n2025-09-01,H20,CN\n\"2025-09-01\",H20,CN\n");
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0], R"({"line":2,"error":"2:2: unknown chip 'X\"Y'"})");
  EXPECT_THAT(lines[1], StartsWith(R"({"line":3,"allowed":)"));
  EXPECT_THAT(lines[2], StartsWith(R"({"line":4,"allowed":)"));
}

TEST(BatchFormatsTest, ACellThatIsNotUtf8IsABadRow) {
  const std::vector<std::string> lines =
      CsvResults("date,item,destination,buyer_name\n2025-09-01,H20,CN,Caf\xe9\n2025-09-01,H20,CN,Caf\xc3\xa9\n");
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0], "{\"line\":2,\"error\":\"2:4: invalid UTF-8 (a CSV order book is UTF-8)\"}");
  EXPECT_THAT(lines[1], StartsWith(R"({"line":3,"allowed":)"));
  EXPECT_EQ(Batch("date,item,destination,\xff\n", CsvIn()).status(),
            absl::InvalidArgumentError("1:4: invalid UTF-8 (a CSV order book is UTF-8)"));
}

TEST(BatchFormatsTest, AHeaderThatIsNotOneOfSalesStopsTheBatch) {
  const auto error = [](std::string_view csv) { return Batch(csv, CsvIn()).status(); };
  EXPECT_EQ(error("date,item,qty,destination\n"),
            absl::InvalidArgumentError("1:3: unknown column 'qty' (docs/csv.md lists the columns)"));
  EXPECT_EQ(error("\ndate,item,destination,item\n"), absl::InvalidArgumentError("2:4: column 'item' appears twice"));
  EXPECT_EQ(error("date,item\n"), absl::InvalidArgumentError("1:1: the header has no 'destination' column"));
  EXPECT_EQ(error("date,item,destination,buyer_nmae\n"),
            absl::InvalidArgumentError("1:4: unknown column 'buyer_nmae' (docs/csv.md lists the columns)"));
  EXPECT_THAT(std::string(error("date,item,destination,buyer_owners\n").message()),
              StartsWith("1:4: column 'buyer_owners': 'owner' is not a flat field"));
  EXPECT_THAT(std::string(error("date,item,destination,licenses\n").message()), StartsWith("1:4: column 'licenses'"));
  // An empty input has no header and no rows.
  EXPECT_EQ(*Batch("", CsvIn()), "");
}

TEST(BatchFormatsTest, CsvDecisionsAreOneFlatRowPerSaleUnderAHeader) {
  BatchOptions options = CsvIn();
  options.output_format = BatchFormat::kCsv;
  const absl::StatusOr<std::string> got = Batch(
      "id,date,item,quantity,unit_price_usd,destination,license_jurisdiction,license_valid_from\n"
      "SO-1,2025-09-01,H20,1000,12000,CN,US,2025-08-08\n"
      "SO-2,2025-09-01,H2O,1,,CN,,\n",
      options);
  ASSERT_TRUE(got.ok()) << got.status();
  const std::vector<std::string> lines = Lines(*got);
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0] + "\n", BatchHeader(Builtin(), options));
  EXPECT_THAT(lines[0], StartsWith("id,line,verdict,allowed,us_verdict,us_review_policy,cn_verdict,"));
  EXPECT_THAT(lines[0], HasSubstr(",license_exception,conditions,rules,not_applied,missing,error"));
  EXPECT_THAT(lines[1],
              StartsWith("SO-1,2,allowed_with_conditions,true,allowed_with_conditions,case_by_case,allowed,"));
  EXPECT_THAT(lines[1], HasSubstr(",revenue_share 15% 1800000 USD (us-h20-share),us-h20-informed; us-h20-reversal; "
                                  "us-h20-share; cn-h20-guidance,,,"));
  EXPECT_THAT(lines[2], StartsWith(",3,,,"));
  EXPECT_THAT(lines[2], HasSubstr(",3:3: unknown chip 'H2O'"));
}

}  // namespace
}  // namespace exportctl
