// The exportctl command against docs/json.md: exit codes, error lines, batch order with
// several threads, and the outputs of classify, timeline, headroom, chips, rules and entities.
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "cli_runner.h"
#include "gtest/gtest.h"
#include "simdjson.h"

namespace {

namespace fs = std::filesystem;

using Result = exportctl::testing::CliResult;
using exportctl::testing::ReadFile;

class CliTest : public exportctl::testing::CliFixture {
 protected:
  static std::vector<std::string> Lines(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
  }
};

constexpr std::string_view kSale =
    R"({"date":"2025-09-01","item":"H20","quantity":1000,"unit_price_usd":12000,"destination":"CN",)"
    R"("licenses":[{"jurisdiction":"US","valid_from":"2025-08-08","valid_until":"2026-08-08"}]})";

TEST_F(CliTest, CheckPrintsOneDecisionWithTheContractFields) {
  const std::string file = Write("sale.json", kSale);
  const Result r = Run("check " + file);
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.err, "");
  ASSERT_EQ(Lines(r.out).size(), 1u) << r.out;
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  ASSERT_EQ(parser.parse(r.out).get(root), simdjson::SUCCESS) << r.out;
  for (const char* key :
       {"allowed", "verdict", "date", "item", "classification", "jurisdictions", "conditions", "trace", "rule_set"}) {
    simdjson::dom::element e;
    EXPECT_EQ(root[key].get(e), simdjson::SUCCESS) << key << " in " << r.out;
  }
  EXPECT_EQ(std::string_view(root["date"]), "2025-09-01");
  EXPECT_EQ(std::string_view(root["item"]["model"]), "NVIDIA H20");

  // stdin and --pretty.
  const Result pretty = Run("check --pretty -", kSale);
  ASSERT_EQ(pretty.status, 0) << pretty.err;
  EXPECT_GT(Lines(pretty.out).size(), 10u);
  simdjson::dom::element root2;
  ASSERT_EQ(parser.parse(pretty.out).get(root2), simdjson::SUCCESS);
}

// The answers the audit of 2026-12-05 corrected (docs/law.md §8), through `exportctl check`.
TEST_F(CliTest, CheckGivesTheCorrectedAnswers) {
  struct Case {
    const char* sale;
    const char* verdict;
    const char* must_contain;  // in the compact decision
    const char* must_not_contain;
  };
  const Case cases[] = {
      {R"({"date":"2022-09-15","item":"A100","destination":"CN"})", "license_required", "us-2022-informed", nullptr},
      {R"({"date":"2023-01-17","item":"A100","destination":"MO"})", "license_required", "us-2022-license", nullptr},
      {R"({"date":"2023-10-30","item":"H100","destination":"SA"})", "license_required", "us-2023-early-license",
       nullptr},
      {R"({"date":"2024-03-01","item":"RTX 4090","destination":"SA","end_use":"consumer"})", "allowed",
       R"("license_exception":"NAC")", nullptr},
      {R"({"date":"2022-06-01","item":"H100","destination":"IR"})", "license_required", "us-embargo-ir", nullptr},
      {R"({"date":"2026-02-10","item":"H100","destination":"CN","quantity":10,"unit_price_usd":25000,
           "licenses":[{"jurisdiction":"US","valid_from":"2026-02-01"}]})",
       "allowed_with_conditions", "us-h200-2026", R"("percent":25)"},
      {R"({"date":"2026-02-10","item":"H200","destination":"CN","quantity":10,"unit_price_usd":30000,
           "us_import_value_usd":200000,"licenses":[{"jurisdiction":"US","valid_from":"2026-02-01"}],
           "approvals":[{"jurisdiction":"CN","valid_from":"2026-01-28","quantity":100000}]})",
       "allowed_with_conditions",
       R"({"kind":"import_duty","jurisdiction":"US","rule":"us-chip-duty","percent":25,"amount_usd":50000})",
       "revenue_share"},
      {R"({"date":"2025-06-01","item":"Ascend 910B","destination":"CN"})", "license_required", "us-gp10-prc", nullptr},
  };
  int n = 0;
  for (const Case& c : cases) {
    const std::string file = Write("corrected-" + std::to_string(n++) + ".json", c.sale);
    const Result r = Run("check --trace fired " + file);
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_NE(r.out.find(std::string(R"("verdict":")") + c.verdict + "\""), std::string::npos) << c.sale << "\n"
                                                                                               << r.out;
    EXPECT_NE(r.out.find(c.must_contain), std::string::npos) << c.sale << "\n" << r.out;
    if (c.must_not_contain) EXPECT_EQ(r.out.find(c.must_not_contain), std::string::npos) << c.sale << "\n" << r.out;
  }
}

// A license that does not count says why, in the decision and the trace.
TEST_F(CliTest, CheckSaysWhyAHeldLicenseDoesNotCount) {
  const std::string file = Write("expired.json", R"({"id": "SO-7", "date":"2025-09-01","item":"H20","destination":"CN",
      "licenses":[{"id":"D1","jurisdiction":"US","valid_from":"2025-01-01","valid_until":"2025-08-31","items":["H20"]}]})");
  const Result r = Run("check --trace fired " + file);
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out.rfind(R"({"id":"SO-7",)", 0), 0u) << r.out;
  EXPECT_NE(r.out.find(
                R"("not_applied":[{"kind":"license","index":0,"jurisdiction":"US","reason":"expired on 2025-08-31"}])"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find(R"("detail":"license 0: expired on 2025-08-31")"), std::string::npos) << r.out;
  const std::string unknown = Write("unknown-chip.json", R"({"date":"2025-09-01","item":"H20","destination":"CN",
      "licenses":[{"jurisdiction":"US","valid_from":"2025-01-01","items":["H2O"]}]})");
  const Result bad = Run("check " + unknown);
  EXPECT_EQ(bad.status, 2);
  EXPECT_NE(bad.err.find("unknown chip 'H2O' in license 'items'"), std::string::npos) << bad.err;
}

TEST_F(CliTest, UnusableInputExitsTwoWithOneLocatedLine) {
  const std::string file = Write("bad.json", R"({"date":"2025-09-01","item":"H20","quantityy":1,"destination":"CN"})");
  const Result r = Run("check " + file);
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, "exportctl: " + file + ":1:35: unknown field 'quantityy' in sale\n");

  const Result date = Run("check -", "{\n  \"date\": \"2025-02-30\", \"item\": \"H20\", \"destination\": \"CN\"}");
  EXPECT_EQ(date.status, 2);
  EXPECT_EQ(date.err, "exportctl: <stdin>:2:11: invalid date '2025-02-30' (no such day)\n");

  for (const std::string args : {"check /nonexistent/sale.json", "frobnicate", "check --bogus-option x.json",
                                 "check --rules /nonexistent/pack.toml -", "classify A800 --date 2023-02-30",
                                 "headroom --destination ZZ --date 2024-06-01", "classify NoSuchChip --date 2024-01-01",
                                 "check --trace loud -"}) {
    const Result bad = Run(args, kSale);
    EXPECT_EQ(bad.status, 2) << args;
    EXPECT_EQ(bad.err.rfind("exportctl: ", 0), 0u) << args << ": " << bad.err;
    EXPECT_EQ(Lines(bad.err).size(), 1u) << args << ": " << bad.err;
  }
}

TEST_F(CliTest, BatchKeepsInputOrderWithSeveralThreads) {
  // Dates, destinations and items vary by line, so each output line can be matched to its input.
  const char* items[] = {"H20", "H100", "A800", "L20", "RTX 4090"};
  const char* destinations[] = {"CN", "DE", "AE", "US", "MO"};
  std::string input;
  const int kLines = 3000;
  std::vector<std::string> dates;
  for (int i = 0; i < kLines; ++i) {
    char date[16];
    std::snprintf(date, sizeof date, "%04d-%02d-%02d", 2022 + i % 5, 1 + i % 12, 1 + i % 28);
    dates.push_back(date);
    input += std::string(R"({"date":")") + date + R"(","item":")" + items[i % 5] + R"(","destination":")" +
             destinations[i % 5] + R"(","quantity":)" + std::to_string(1 + i) + "}\n";
  }
  const std::string in = Write("in.jsonl", input);
  const std::string out4 = (dir_ / "out4.jsonl").string();
  const Result r4 = Run("batch --threads 4 " + in + " -o " + out4);
  ASSERT_EQ(r4.status, 0) << r4.err;
  const Result r1 = Run("batch --threads 1 -", input);
  ASSERT_EQ(r1.status, 0) << r1.err;
  const std::string four = ReadFile(out4);
  EXPECT_EQ(four, r1.out);
  const std::vector<std::string> lines = Lines(four);
  ASSERT_EQ(lines.size(), static_cast<size_t>(kLines));
  simdjson::dom::parser parser;
  for (int i = 0; i < kLines; ++i) {
    simdjson::dom::element root;
    ASSERT_EQ(parser.parse(lines[i]).get(root), simdjson::SUCCESS) << lines[i];
    ASSERT_EQ(std::string_view(root["date"]), dates[i]) << "line " << i + 1;
  }
}

// A few thousand mixed lines (catalog chips, aliases, chip objects, owners, licenses, blank
// lines and bad lines of several kinds): with 1, 2 and 4 threads every output line is JSON, there
// is one per non-blank input line, in input order, and the outputs are identical.
TEST_F(CliTest, BatchMixedLinesAreJsonAndInOrderWithOneTwoAndFourThreads) {
  const char* items[] = {"H20",
                         "nvidia h20",
                         "H200",
                         "A800",
                         "L20",
                         "RTX Pro 6000D",
                         "MI308X",
                         "Ascend 910B",
                         R"({"model":"Custom X1","origin":"US","datacenter":true,"dense_tops":{"fp8":250}})",
                         R"({"model":"Custom X2","origin":"US","datacenter":true,"tpp":5000,"die_area_mm2":600})"};
  const char* destinations[] = {"CN", "HK", "MO", "AE", "DE", "US", "RU"};
  std::string input;
  struct Expect {
    int64_t line;
    std::string date;  // empty: a bad line
  };
  std::vector<Expect> expected;
  const int kLines = 4000;
  for (int i = 0; i < kLines; ++i) {
    const int64_t line = i + 1;
    if (i % 97 == 13) {  // blank lines are skipped and produce nothing
      input += i % 2 ? "\n" : "   \n";
      continue;
    }
    char date[16];
    std::snprintf(date, sizeof date, "%04d-%02d-%02d", 2022 + i % 5, 1 + i % 12, 1 + i % 28);
    const std::string item = items[i % 10];
    const std::string item_json = item[0] == '{' ? item : "\"" + item + "\"";
    std::string sale = std::string(R"({"date":")") + date + R"(","item":)" + item_json + R"(,"destination":")" +
                       destinations[i % 7] + R"(","quantity":)" + std::to_string(1 + i);
    if (i % 3 == 0)
      sale += R"(,"buyer":{"name":"Example Server GmbH","owners":[{"name":"Inspur Group","percent":51}]})";
    if (i % 5 == 0) {
      sale += R"(,"licenses":[{"jurisdiction":"US","valid_from":"2022-01-01","valid_until":"2027-01-01"}])";
    }
    sale += "}";
    switch (i % 50) {
      case 7: sale = sale.substr(0, sale.size() / 2); break;                              // truncated
      case 19: sale.insert(1, R"("colour":"red",)"); break;                               // unknown field
      case 31: sale = R"({"date":"2025-02-30","item":"H20","destination":"CN"})"; break;  // no such day
      case 43: sale = R"({"date":"2025-09-01","item":"No Such Chip","destination":"CN"})"; break;
      default: break;
    }
    const bool bad = i % 50 == 7 || i % 50 == 19 || i % 50 == 31 || i % 50 == 43;
    input += sale + (i % 11 == 0 ? "\r\n" : "\n");
    expected.push_back({line, bad ? "" : date});
  }
  const std::string in = Write("mixed.jsonl", input);
  int64_t bad_lines = 0, first_bad = 0;
  for (const Expect& e : expected) {
    if (!e.date.empty()) continue;
    ++bad_lines;
    if (first_bad == 0) first_bad = e.line;
  }
  const std::string summary = "exportctl: batch: " + std::to_string(kLines) + " lines, " +
                              std::to_string(expected.size() - bad_lines) + " decisions, " + std::to_string(bad_lines) +
                              " errors (first on line " + std::to_string(first_bad) + "), ";
  std::string first;
  for (int threads : {1, 2, 4}) {
    const Result r = Run("batch --threads " + std::to_string(threads) + " " + in);
    ASSERT_EQ(r.status, 1) << "threads " << threads << ": " << r.err;    // bad lines: exit 1
    EXPECT_EQ(r.err.rfind(summary, 0), 0u) << threads << ": " << r.err;  // and the time it took
    EXPECT_EQ(Lines(r.err).size(), 1u) << r.err;
    if (threads == 1) first = r.out;
    EXPECT_EQ(r.out, first) << "threads " << threads;
    const std::vector<std::string> lines = Lines(r.out);
    ASSERT_EQ(lines.size(), expected.size()) << "threads " << threads;
    simdjson::dom::parser parser;
    for (size_t k = 0; k < lines.size(); ++k) {
      simdjson::dom::element root;
      ASSERT_EQ(parser.parse(lines[k]).get(root), simdjson::SUCCESS) << "output line " << k + 1 << ": " << lines[k];
      if (expected[k].date.empty()) {
        int64_t line = 0;
        std::string_view error;
        ASSERT_EQ(root["line"].get(line), simdjson::SUCCESS) << lines[k];
        EXPECT_EQ(line, expected[k].line) << lines[k];
        ASSERT_EQ(root["error"].get(error), simdjson::SUCCESS) << lines[k];
        EXPECT_EQ(error.rfind(std::to_string(expected[k].line) + ":", 0), 0u) << lines[k];
      } else {
        std::string_view date, verdict;
        ASSERT_EQ(root["date"].get(date), simdjson::SUCCESS) << "output line " << k + 1 << ": " << lines[k];
        EXPECT_EQ(date, expected[k].date) << "input line " << expected[k].line;
        ASSERT_EQ(root["verdict"].get(verdict), simdjson::SUCCESS) << lines[k];
      }
    }
  }
}

// 20 000 lines of scripts/gen-sales (the generator of the 1M-line measurement in docs/cli.md),
// with bad lines: one JSON line out per line in, in order, the same with 1 and 2 threads.
TEST_F(CliTest, BatchOnTwentyThousandGeneratedSales) {
  const std::string gen = std::string(EXPORTCTL_SOURCE_DIR) + "/scripts/gen-sales";
  if (std::system("/usr/bin/python3 -c pass >/dev/null 2>&1") != 0) GTEST_SKIP() << "no /usr/bin/python3";
  const std::string in = (dir_ / "sales.jsonl").string();
  ASSERT_EQ(std::system((gen + " 20000 --seed 5 --bad-every 1000 > " + in).c_str()), 0);
  const std::vector<std::string> inputs = Lines(ReadFile(in));
  ASSERT_EQ(inputs.size(), 20000u);
  const std::string out1 = (dir_ / "out1.jsonl").string(), out2 = (dir_ / "out2.jsonl").string();
  const Result r1 = Run("batch --threads 1 --trace none " + in + " -o " + out1);
  EXPECT_EQ(r1.status, 1) << r1.err;
  const Result r2 = Run("batch --threads 2 " + in + " -o " + out2);
  EXPECT_EQ(r2.status, 1) << r2.err;
  const std::vector<std::string> lines = Lines(ReadFile(out1));
  const std::vector<std::string> traced = Lines(ReadFile(out2));
  ASSERT_EQ(lines.size(), inputs.size());
  ASSERT_EQ(traced.size(), inputs.size());
  simdjson::dom::parser in_parser, out_parser, traced_parser;
  int bad = 0;
  for (size_t k = 0; k < lines.size(); ++k) {
    simdjson::dom::element root;
    ASSERT_EQ(out_parser.parse(lines[k]).get(root), simdjson::SUCCESS) << lines[k];
    int64_t line = 0;
    ASSERT_EQ(root["line"].get(line), simdjson::SUCCESS) << lines[k];  // decisions and errors alike
    EXPECT_EQ(line, static_cast<int64_t>(k + 1));
    std::string_view error;
    if (root["error"].get(error) == simdjson::SUCCESS) {
      EXPECT_EQ((k + 1) % 1000, 0u) << "input line " << k + 1 << " rejected: " << lines[k];
      ++bad;
      continue;
    }
    simdjson::dom::element sale;
    ASSERT_EQ(in_parser.parse(inputs[k]).get(sale), simdjson::SUCCESS) << inputs[k];
    EXPECT_EQ(std::string_view(root["date"]), std::string_view(sale["date"])) << "line " << k + 1;
    // The trace level does not change the verdict.
    simdjson::dom::element with_trace;
    ASSERT_EQ(traced_parser.parse(traced[k]).get(with_trace), simdjson::SUCCESS) << traced[k];
    EXPECT_EQ(std::string_view(with_trace["verdict"]), std::string_view(root["verdict"])) << "line " << k + 1;
  }
  EXPECT_EQ(bad, 20);
}

TEST_F(CliTest, BatchReportsBadLinesAndGoesOn) {
  const std::string input = std::string(kSale) + "\n" +
                            R"({"date":"2025-09-01","item":"H20","quantityy":1,"destination":"CN"})" + "\n" +
                            "not json\n" + std::string(kSale) + "\n";
  const Result r = Run("batch -", input);
  EXPECT_EQ(r.status, 1) << r.err;
  const std::vector<std::string> lines = Lines(r.out);
  ASSERT_EQ(lines.size(), 4u) << r.out;
  EXPECT_EQ(lines[1], R"({"line":2,"error":"2:35: unknown field 'quantityy' in sale"})");
  EXPECT_EQ(lines[2].rfind(R"({"line":3,"error":")", 0), 0u) << lines[2];
  // The same sale gives the same decision, but for the line it answers.
  EXPECT_EQ(lines[0].rfind(R"({"line":1,"allowed":)", 0), 0u) << lines[0];
  EXPECT_EQ(lines[3].rfind(R"({"line":4,"allowed":)", 0), 0u) << lines[3];
  EXPECT_EQ(lines[0].substr(9), lines[3].substr(9));
  EXPECT_NE(lines[0].find("\"verdict\""), std::string::npos);
}

TEST_F(CliTest, Classify) {
  const Result r = Run("classify A800 --date 2023-11-17");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, "NVIDIA A800 on 2023-11-17: 3A090.a (us-2023-3a090)\n");
  const Result j = Run("classify A800 --date 2023-11-17 --json");
  ASSERT_EQ(j.status, 0) << j.err;
  EXPECT_EQ(j.out,
            R"({"item":"NVIDIA A800","date":"2023-11-17","classification":{"US":"3A090.a"},"rule":"us-2023-3a090"})"
            "\n");
  const Result before = Run("classify A800 --date 2023-10-22");
  ASSERT_EQ(before.status, 0) << before.err;
  EXPECT_EQ(before.out.rfind("NVIDIA A800 on 2023-10-22: none", 0), 0u) << before.out;
  // A chip JSON file works as the item.
  const std::string chip = Write("chip.json", R"({"model":"Custom X1","origin":"US","datacenter":true,"tpp":5000})");
  const Result custom = Run("classify " + chip + " --date 2024-06-01");
  ASSERT_EQ(custom.status, 0) << custom.err;
  EXPECT_EQ(custom.out, "Custom X1 on 2024-06-01: 3A090.a (us-2023-3a090)\n");
}

TEST_F(CliTest, TimelineSegmentsAndSvg) {
  const std::string svg = (dir_ / "h20.svg").string();
  const Result r = Run("timeline --item H20 --destination CN --from 2022-01-01 --to 2025-12-31 --svg " + svg);
  ASSERT_EQ(r.status, 0) << r.err;
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  ASSERT_EQ(parser.parse(r.out).get(root), simdjson::SUCCESS) << r.out;
  EXPECT_EQ(std::string_view(root["item"]), "NVIDIA H20");
  EXPECT_EQ(std::string_view(root["destination"]), "CN");
  simdjson::dom::array segments = root["segments"];
  ASSERT_GE(segments.size(), 2u) << r.out;
  simdjson::dom::element first = segments.at(0);
  EXPECT_EQ(std::string_view(first["from"]), "2022-01-01");
  EXPECT_EQ(std::string_view(first["until"]), "2025-04-09");
  EXPECT_EQ(std::string_view(first["verdict"]), "allowed");
  simdjson::dom::element second = segments.at(1);
  EXPECT_EQ(std::string_view(second["from"]), "2025-04-09");
  EXPECT_EQ(std::string_view(second["verdict"]), "license_required");
  EXPECT_EQ(std::string_view(second["review_policy"]), "presumption_of_denial");
  std::string_view last_until;
  std::string_view previous_until = "2022-01-01";
  for (simdjson::dom::element s : segments) {
    EXPECT_EQ(std::string_view(s["from"]), previous_until);  // contiguous
    previous_until = std::string_view(s["until"]);
    last_until = previous_until;
  }
  EXPECT_EQ(last_until, "2026-01-01");
  const std::string drawing = ReadFile(svg);
  EXPECT_EQ(drawing.rfind("<svg", 0), 0u);
  EXPECT_NE(drawing.find("us-h20-informed"), std::string::npos);
  EXPECT_NE(drawing.find(">2024<"), std::string::npos);

  const Result lanes = Run("timeline --item H100 --destination CN --destination AE --from 2022-01-01 --to 2024-12-31");
  ASSERT_EQ(lanes.status, 0) << lanes.err;
  simdjson::dom::element lroot;
  ASSERT_EQ(parser.parse(lanes.out).get(lroot), simdjson::SUCCESS) << lanes.out;
  simdjson::dom::array l = lroot["lanes"];
  ASSERT_EQ(l.size(), 2u);
  EXPECT_EQ(std::string_view(l.at(1)["destination"]), "AE");
}

TEST_F(CliTest, Headroom) {
  const Result r = Run("headroom --destination CN --date 2024-06-01 --datacenter --die-area 814");
  ASSERT_EQ(r.status, 0) << r.err;
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  ASSERT_EQ(parser.parse(r.out).get(root), simdjson::SUCCESS) << r.out;
  EXPECT_EQ(std::string_view(root["destination"]), "CN");
  EXPECT_EQ(std::string_view(root["date"]), "2024-06-01");
  EXPECT_EQ(bool(root["datacenter"]), true);
  EXPECT_EQ(int64_t(root["die_area_mm2"]), 814);
  EXPECT_EQ(int64_t(root["tpp_below"]), 2400) << r.out;
  EXPECT_EQ(std::string_view(root["rule"]), "us-2023-3a090");

  const Result old = Run("headroom --destination CN --date 2022-11-01");
  ASSERT_EQ(old.status, 0) << old.err;
  ASSERT_EQ(parser.parse(old.out).get(root), simdjson::SUCCESS) << old.out;
  EXPECT_EQ(int64_t(root["tpp_below"]), 4800) << old.out;
  EXPECT_EQ(std::string_view(root["rule"]), "us-2022-3a090");
  EXPECT_TRUE(root["die_area_mm2"].is_null());

  const Result open = Run("headroom --destination DE --date 2024-06-01");
  ASSERT_EQ(open.status, 0) << open.err;
  ASSERT_EQ(parser.parse(open.out).get(root), simdjson::SUCCESS) << open.out;
  EXPECT_TRUE(root["tpp_below"].is_null()) << open.out;
}

TEST_F(CliTest, ChipsAndRules) {
  const Result chips = Run("chips");
  ASSERT_EQ(chips.status, 0) << chips.err;
  EXPECT_NE(chips.out.find("NVIDIA H20"), std::string::npos);
  const Result chips_json = Run("chips --json");
  ASSERT_EQ(chips_json.status, 0) << chips_json.err;
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  ASSERT_EQ(parser.parse(chips_json.out).get(root), simdjson::SUCCESS);
  const Result rules = Run("rules --date 2025-09-01");
  ASSERT_EQ(rules.status, 0) << rules.err;
  EXPECT_NE(rules.out.find("us-h20-share"), std::string::npos) << rules.out;
  EXPECT_EQ(rules.out.find("us-2022-3a090 "), std::string::npos) << rules.out;
  const Result rules_json = Run("rules --json");
  ASSERT_EQ(rules_json.status, 0) << rules_json.err;
  ASSERT_EQ(parser.parse(rules_json.out).get(root), simdjson::SUCCESS);
}

TEST_F(CliTest, OverlayPacksAndNoBuiltin) {
  const std::string overlay = Write("whatif.toml", R"(format = 1
id = "whatif"
revision = "7"

[[end]]
rule = "us-h20-informed"
until = 2025-06-01

[[test]]
name = "whatif: no H20 letter after June 2025"
sale = { date = 2025-09-01, item = "H20", destination = "CN" }
not_fired = ["us-h20-informed"]
)");
  const std::string sale = Write("sale.json", R"({"date":"2025-09-01","item":"H20","destination":"CN"})");
  const Result base = Run("check " + sale);
  ASSERT_EQ(base.status, 0) << base.err;
  EXPECT_NE(base.out.find("\"verdict\":\"license_required\""), std::string::npos) << base.out;
  // --rules before the positional does not swallow it.
  const Result whatif = Run("check --rules " + overlay + " " + sale);
  ASSERT_EQ(whatif.status, 0) << whatif.err;
  EXPECT_NE(whatif.out.find("\"verdict\":\"allowed\""), std::string::npos) << whatif.out;
  EXPECT_NE(whatif.out.find(R"({"id":"whatif","revision":"7"})"), std::string::npos) << whatif.out;
  // The overlay's own test runs with the others.
  const Result tests = Run("test --rules " + overlay);
  EXPECT_NE(tests.out.find(" passed, "), std::string::npos) << tests.out;
  EXPECT_EQ(tests.out.find("whatif: no H20 letter after June 2025"), std::string::npos) << tests.out;
  // Without the built-in catalog, H20 is unknown.
  const Result empty = Run("check --no-builtin " + sale);
  EXPECT_EQ(empty.status, 2);
  EXPECT_EQ(empty.err, "exportctl: " + sale + ":1:29: unknown chip 'H20'\n");
}

// The entity of `name` in the output of `exportctl entities`, or an error.
simdjson::error_code FindEntity(simdjson::dom::element root, std::string_view name, simdjson::dom::element& out) {
  simdjson::dom::array entities;
  if (auto error = root["entities"].get(entities)) return error;
  for (simdjson::dom::element e : entities) {
    std::string_view n;
    if (e["name"].get(n) == simdjson::SUCCESS && n == name) {
      out = e;
      return simdjson::SUCCESS;
    }
  }
  return simdjson::NO_SUCH_FIELD;
}

// The built-in list: Inspur Group with its listing and aliases, and the source block saying the
// list is a sample. Counts and citation texts are left to the catalog's own tests: they change
// as the catalog is corrected.
TEST_F(CliTest, EntitiesListsTheScreenedPartiesAndWhereTheListCameFrom) {
  const Result r = Run("entities");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.err, "");
  ASSERT_EQ(Lines(r.out).size(), 1u) << r.out;
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  ASSERT_EQ(parser.parse(r.out).get(root), simdjson::SUCCESS) << r.out;

  simdjson::dom::element inspur;
  ASSERT_EQ(FindEntity(root, "Inspur Group", inspur), simdjson::SUCCESS) << r.out;
  EXPECT_EQ(std::string_view(inspur["country"]), "CN");
  simdjson::dom::array aliases = inspur["aliases"];
  EXPECT_GE(aliases.size(), 1u) << r.out;
  for (simdjson::dom::element a : aliases) EXPECT_TRUE(a.is_string());
  simdjson::dom::array listings = inspur["listings"];
  ASSERT_GE(listings.size(), 1u);
  simdjson::dom::element listing = listings.at(0);
  EXPECT_EQ(std::string_view(listing["list"]), "entity_list");
  EXPECT_EQ(std::string_view(listing["from"]), "2023-03-02");
  EXPECT_TRUE(listing["until"].is_null());
  EXPECT_EQ(std::string_view(listing["announced"]).size(), 10u);
  EXPECT_TRUE(listing["citation"].is_string());
  simdjson::dom::element in_force;
  EXPECT_NE(listing["in_force"].get(in_force), simdjson::SUCCESS) << "in_force only with --date";
  EXPECT_TRUE(root["ownership"].is_array());

  // The source: the built-in pack that lists the entities, and the plain statement that it is a sample.
  simdjson::dom::array packs = root["source"]["packs"];
  bool builtin = false;
  for (simdjson::dom::element p : packs) {
    EXPECT_TRUE(p["id"].is_string());
    EXPECT_TRUE(p["revision"].is_string());
    builtin |= std::string_view(p["source"]).rfind("builtin:rules/", 0) == 0;
  }
  EXPECT_TRUE(builtin) << r.out;
  const std::string_view coverage = root["source"]["coverage"];
  EXPECT_EQ(coverage.rfind("sample: ", 0), 0u) << coverage;
  EXPECT_NE(coverage.find("not screened against the full list"), std::string_view::npos) << coverage;
  EXPECT_NE(coverage.find("docs/coverage.md"), std::string_view::npos) << coverage;

  const Result pretty = Run("entities --pretty");
  ASSERT_EQ(pretty.status, 0) << pretty.err;
  EXPECT_GT(Lines(pretty.out).size(), 10u);
  simdjson::dom::element root2;
  ASSERT_EQ(parser.parse(pretty.out).get(root2), simdjson::SUCCESS) << pretty.out;
}

// --date keeps the listings (and edges) in force that day; --as-of hides the listings announced later.
TEST_F(CliTest, EntitiesOnADateAndAsOf) {
  simdjson::dom::parser parser;
  simdjson::dom::element root, e;
  const Result early = Run("entities --date 2023-01-01");
  ASSERT_EQ(early.status, 0) << early.err;
  ASSERT_EQ(parser.parse(early.out).get(root), simdjson::SUCCESS) << early.out;
  EXPECT_NE(FindEntity(root, "Zhipu AI", e), simdjson::SUCCESS) << "listed 2025-01-16: " << early.out;
  EXPECT_NE(FindEntity(root, "Inspur Group", e), simdjson::SUCCESS) << "listed 2023-03-02: " << early.out;
  simdjson::dom::array entities = root["entities"];
  for (simdjson::dom::element entity : entities) {
    simdjson::dom::array listings = entity["listings"];
    for (simdjson::dom::element l : listings) {
      EXPECT_EQ(bool(l["in_force"]), true);
      EXPECT_LE(std::string_view(l["from"]), "2023-01-01");
    }
  }
  // The source does not depend on the day: the built-in list is a sample on any day.
  EXPECT_EQ(std::string_view(root["source"]["coverage"]).rfind("sample: ", 0), 0u);

  const Result later = Run("entities --date 2025-09-01");
  ASSERT_EQ(later.status, 0) << later.err;
  ASSERT_EQ(parser.parse(later.out).get(root), simdjson::SUCCESS) << later.out;
  ASSERT_EQ(FindEntity(root, "Zhipu AI", e), simdjson::SUCCESS) << later.out;
  simdjson::dom::array listings = e["listings"];
  ASSERT_GE(listings.size(), 1u);
  simdjson::dom::element listing = listings.at(0);
  EXPECT_EQ(std::string_view(listing["from"]), "2025-01-16");
  EXPECT_EQ(bool(listing["in_force"]), true);

  // Known on 2024-12-31: Zhipu AI's listing (announced 2025-01-16) is not yet seen, Inspur's is.
  const Result as_of = Run("entities --as-of 2024-12-31");
  ASSERT_EQ(as_of.status, 0) << as_of.err;
  ASSERT_EQ(parser.parse(as_of.out).get(root), simdjson::SUCCESS) << as_of.out;
  EXPECT_NE(FindEntity(root, "Zhipu AI", e), simdjson::SUCCESS) << as_of.out;
  EXPECT_EQ(FindEntity(root, "Inspur Group", e), simdjson::SUCCESS) << as_of.out;
}

// An overlay that lists a party owned by a built-in one.
constexpr std::string_view kEntityOverlay = R"(format = 1
id = "scenario-entities"
revision = "3"

[[entity]]
name = "Example Subsidiary"
aliases = ["Example Sub Co., Ltd."]
country = "DE"

[[entity.listing]]
from = 2024-05-01
citation = "scenario listing"

[[ownership]]
owner = "Inspur Group"
owned = "Example Subsidiary"
percent = 60
from = 2024-01-01
citation = "scenario edge"
)";

// An overlay's entity and ownership edges appear next to the built-in list, with the overlay named
// as a source.
TEST_F(CliTest, EntitiesFromAnOverlayPack) {
  const std::string overlay = Write("entities.toml", kEntityOverlay);
  const Result r = Run("entities --rules " + overlay);
  ASSERT_EQ(r.status, 0) << r.err;
  simdjson::dom::parser parser;
  simdjson::dom::element root, e;
  ASSERT_EQ(parser.parse(r.out).get(root), simdjson::SUCCESS) << r.out;
  ASSERT_EQ(FindEntity(root, "Example Subsidiary", e), simdjson::SUCCESS) << r.out;
  EXPECT_EQ(std::string_view(e["country"]), "DE");
  EXPECT_EQ(std::string_view(e["pack"]), "scenario-entities");
  EXPECT_EQ(FindEntity(root, "Inspur Group", e), simdjson::SUCCESS) << r.out;
  bool edge = false;
  simdjson::dom::array ownership = root["ownership"];
  for (simdjson::dom::element o : ownership) {
    if (std::string_view(o["owner"]) != "Inspur Group") continue;
    edge = true;
    EXPECT_EQ(std::string_view(o["owned"]), "Example Subsidiary");
    EXPECT_EQ(double(o["percent"]), 60.0);
    EXPECT_EQ(std::string_view(o["from"]), "2024-01-01");
    EXPECT_TRUE(o["until"].is_null());
    EXPECT_EQ(std::string_view(o["citation"]), "scenario edge");
  }
  EXPECT_TRUE(edge) << r.out;
  bool overlay_named = false, builtin_named = false;
  simdjson::dom::array packs = root["source"]["packs"];
  for (simdjson::dom::element p : packs) {
    const std::string_view source = p["source"];
    if (source == overlay) {
      overlay_named = true;
      EXPECT_EQ(std::string_view(p["id"]), "scenario-entities");
      EXPECT_EQ(std::string_view(p["revision"]), "3");
    }
    builtin_named |= source.rfind("builtin:", 0) == 0;
  }
  EXPECT_TRUE(overlay_named) << r.out;
  EXPECT_TRUE(builtin_named) << r.out;
  EXPECT_EQ(std::string_view(root["source"]["coverage"]).rfind("sample: ", 0), 0u);
}

// Without the built-in catalog, the whole output, byte for byte, for the pack of the example in
// docs/cli.md.
TEST_F(CliTest, EntitiesWithoutTheBuiltinCatalog) {
  const std::string file = std::string(EXPORTCTL_SOURCE_DIR) + "/tests/golden/entities-scenario.toml";
  const std::string source = R"({"packs":[{"id":"scenario-entities","revision":"3","source":")" + file +
                             R"("}],"coverage":"as given: only the entries of the packs above; an unlisted name )"
                             R"(was screened against them alone"})";
  const std::string subsidiary =
      R"({"name":"Example Subsidiary","aliases":["Example Sub Co., Ltd."],"country":"DE","listings":[)"
      R"({"list":"entity_list","from":"2024-05-01","until":"2026-01-01","announced":"2024-04-28",)"
      R"("citation":"scenario listing"%s}],"pack":"scenario-entities"})";
  const std::string holding = R"({"name":"Example Holding","aliases":[],"country":null,"listings":[],)"
                              R"("pack":"scenario-entities"})";
  const std::string edge = R"({"owner":"Example Holding","owned":"Example Subsidiary","percent":25,"from":null,)"
                           R"("until":"2025-01-01","citation":null,"pack":"scenario-entities"})";
  auto with = [](std::string text, std::string_view in_force) { return text.replace(text.find("%s"), 2, in_force); };

  const Result all = Run("entities --no-builtin --rules " + file);
  ASSERT_EQ(all.status, 0) << all.err;
  EXPECT_EQ(all.out, R"({"source":)" + source + R"(,"entities":[)" + with(subsidiary, "") + "," + holding +
                         R"(],"ownership":[)" + edge + "]}\n");

  // On 2025-06-01 the listing is in force and the edge has ended; the holding (never listed) stays.
  const Result on = Run("entities --no-builtin --rules " + file + " --date 2025-06-01");
  ASSERT_EQ(on.status, 0) << on.err;
  EXPECT_EQ(on.out, R"({"source":)" + source + R"(,"entities":[)" + with(subsidiary, R"(,"in_force":true)") + "," +
                        holding + R"(],"ownership":[]})" + "\n");

  // Before the listing was announced, the subsidiary is not yet on the list.
  const Result as_of = Run("entities --no-builtin --rules " + file + " --as-of 2024-04-27");
  ASSERT_EQ(as_of.status, 0) << as_of.err;
  EXPECT_EQ(as_of.out, R"({"source":)" + source + R"(,"entities":[)" + holding + R"(],"ownership":[)" + edge + "]}\n");

  // No pack lists anyone: the source says so.
  const std::string empty = Write("empty.toml", "format = 1\nid = \"empty\"\nrevision = \"1\"\n");
  const Result none = Run("entities --no-builtin --rules " + empty);
  ASSERT_EQ(none.status, 0) << none.err;
  EXPECT_EQ(none.out, R"({"source":{"packs":[],"coverage":"none: no rule pack lists a party, so no name was )"
                      R"(screened"},"entities":[],"ownership":[]})"
                      "\n");
}

TEST_F(CliTest, EntitiesBadOptionsExitTwoWithOneLine) {
  const Result date = Run("entities --date 2023-02-30");
  EXPECT_EQ(date.status, 2);
  EXPECT_EQ(date.out, "");
  EXPECT_EQ(date.err, "exportctl: --date: invalid date '2023-02-30' (no such day)\n");
  for (const std::string args : {"entities --date yesterday", "entities --as-of 2025-13-01",
                                 "entities --rules /nonexistent/pack.toml", "entities --json", "entities extra"}) {
    const Result bad = Run(args);
    EXPECT_EQ(bad.status, 2) << args;
    EXPECT_EQ(bad.out, "") << args;
    EXPECT_EQ(bad.err.rfind("exportctl: ", 0), 0u) << args << ": " << bad.err;
    EXPECT_EQ(Lines(bad.err).size(), 1u) << args << ": " << bad.err;
  }
}

// Output cut short must never look complete: a full disk is exit 2 with the reason.
TEST_F(CliTest, EntitiesFailedWriteIsExitTwo) {
  if (!fs::exists("/dev/full")) GTEST_SKIP() << "no /dev/full";
  const std::string err = Write("stderr.txt", "");
  const int raw = std::system((std::string(EXPORTCTL_CLI) + " entities >/dev/full 2>" + err).c_str());
  EXPECT_EQ(exportctl::testing::ExitStatus(raw), 2);
  EXPECT_EQ(ReadFile(err), "exportctl: cannot write <stdout>: No space left on device\n");
}

// A reader that went away is a failed write too: exit 2 with the reason, not a death by SIGPIPE.
TEST_F(CliTest, ClosedPipeIsExitTwo) {
  for (const char* command : {"check", "batch"}) {
    const std::string in = Write("in.jsonl", std::string(kSale) + "\n");
    const std::string err = (dir_ / "stderr.txt").string();
    int fds[2];
    ASSERT_EQ(::pipe(fds), 0);
    ::close(fds[0]);  // nobody will read
    const pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      ::dup2(fds[1], STDOUT_FILENO);
      const int e = ::open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      ::dup2(e, STDERR_FILENO);
      ::execl(EXPORTCTL_CLI, "exportctl", command, in.c_str(), static_cast<char*>(nullptr));
      ::_exit(127);
    }
    ::close(fds[1]);
    int raw = 0;
    ASSERT_EQ(::waitpid(pid, &raw, 0), pid);
    const std::string got = ReadFile(err);
    EXPECT_EQ(exportctl::testing::ExitStatus(raw), 2) << command << ": " << got;
    EXPECT_EQ(got, "exportctl: cannot write <stdout>: Broken pipe\n") << command;
  }
}

// `batch x -o x` and `batch -o x < x` refuse before they open x for writing: the input is intact;
// so do `screen` and `impact`, which write with the same code.
TEST_F(CliTest, BatchRefusesItsInputAsOutputAndKeepsIt) {
  const std::string text = std::string(kSale) + "\n" + std::string(kSale) + "\n";
  const std::string in = Write("same.jsonl", text);
  for (const std::string& args :
       {"batch " + in + " -o " + in, "batch -o " + in + " - <" + in, "screen " + in + " -o " + in,
        "impact --old-as-of 2025-01-01 " + in + " -o " + in, "impact --old-as-of 2025-01-01 -o " + in + " - <" + in}) {
    const std::string err = (dir_ / "stderr.txt").string();
    const int raw = std::system((std::string(EXPORTCTL_CLI) + " " + args + " 2>" + err).c_str());
    EXPECT_EQ(exportctl::testing::ExitStatus(raw), 2) << args;
    EXPECT_NE(ReadFile(err).find("cannot write '" + in + "': it is the input"), std::string::npos) << ReadFile(err);
    EXPECT_EQ(Lines(ReadFile(err)).size(), 1u) << ReadFile(err);
    EXPECT_EQ(ReadFile(in), text) << args;
  }
}

// `impact -o FILE` writes the report there and nothing to stdout.
TEST_F(CliTest, ImpactWritesItsReportToOutput) {
  const std::string in = Write("book.jsonl", std::string(kSale) + "\n");
  const std::string report = (dir_ / "impact.json").string();
  const Result r = Run("impact --old-as-of 2025-01-01 " + in + " -o " + report);
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, "");
  EXPECT_NE(ReadFile(report).find("\"summary\""), std::string::npos) << ReadFile(report);
}

TEST_F(CliTest, PackTests) {
  const Result r = Run("test");
  EXPECT_NE(r.out.find(" passed, "), std::string::npos) << r.out << r.err;
  EXPECT_TRUE(r.status == 0 || r.status == 1) << r.err;
}

}  // namespace
