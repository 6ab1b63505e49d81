// The ledger across an order book (exportctl/ledger.h): licenses and approvals drawn down in date
// order, the H200 volume cap from the book's own US shipments, and answers that do not depend on
// the number of threads or on the input order across days.
#include "exportctl/ledger.h"

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <map>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "exportctl/exportctl.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "status_matchers.h"
#include "test_support.h"

namespace exportctl {
namespace {

using ::exportctl::testing::IsOk;
using ::exportctl::testing::StatusIs;
using ::testing::HasSubstr;

std::shared_ptr<const RuleSet> Builtin() { return testing::BuiltinRules(); }

void WriteText(const std::string& path, const std::string& text) { std::ofstream(path, std::ios::binary) << text; }

Sale SaleFrom(const std::string& json) {
  absl::StatusOr<Sale> sale = ParseSaleJson(json, *Builtin());
  EXPECT_THAT(sale, IsOk()) << json;
  return sale.ok() ? *sale : Sale{};
}

std::string Day(int day_of_september) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "2025-09-%02d", day_of_september);
  return buffer;
}

// An H20 shipment to China on `date` holding the US license L-17 for 10,000 units.
Sale H20Shipment(int id, const std::string& date, int64_t quantity = 1000) {
  return SaleFrom(
      R"({"id": )" + std::to_string(id) + R"(, "date": ")" + date +
      R"(", "item": "H20", "destination": "CN", "quantity": )" + std::to_string(quantity) +
      R"(, "licenses": [{"id": "L-17", "jurisdiction": "US", "valid_from": "2025-08-08", "quantity": 10000}]})");
}

// An H200 shipment to China on `date` with a per-sale US license and the CN approval `approval`.
Sale H200Shipment(int id, const std::string& date, const std::string& approval, const std::string& extra = "") {
  return SaleFrom(R"({"id": )" + std::to_string(id) + R"(, "date": ")" + date +
                  R"(", "item": "H200", "destination": "CN", "quantity": 1000,
      "licenses": [{"jurisdiction": "US", "valid_from": "2026-01-20"}],
      "approvals": [)" +
                  approval + "]" + extra + "}");
}

OrderBookResult Screen(const std::vector<Sale>& book, int threads = 2) {
  absl::StatusOr<OrderBookResult> r = EvaluateOrderBook(*Builtin(), book, {.threads = threads});
  EXPECT_THAT(r, IsOk());
  return r.ok() ? *std::move(r) : OrderBookResult{};
}

std::string ReasonOf(const Decision& d, NotApplied::Kind kind) {
  for (const NotApplied& n : d.not_applied)
    if (n.kind == kind) return NotAppliedReason(n);
  return "";
}

const JurisdictionDecision& Side(const Decision& d, std::string_view code) {
  static const JurisdictionDecision none;
  const JurisdictionDecision* j = d.Find(Country::Of(code));
  EXPECT_NE(j, nullptr) << code;
  return j ? *j : none;
}

TEST(LedgerTest, TenThousandUnitLicenseCoversTheFirstTenShipments) {
  std::vector<Sale> book;
  // Input in reverse date order: the ledger applies them by date.
  for (int i = 20; i >= 1; --i) book.push_back(H20Shipment(i, Day(i)));
  const OrderBookResult r = Screen(book);
  ASSERT_EQ(r.decisions.size(), 20u);
  for (size_t k = 0; k < book.size(); ++k) {
    const int day = 20 - static_cast<int>(k);
    const Decision& d = r.decisions[k];
    if (day <= 10) {
      EXPECT_EQ(d.verdict, Verdict::kAllowedWithConditions) << day;
      EXPECT_TRUE(Side(d, "US").licensed) << day;
      EXPECT_TRUE(d.not_applied.empty()) << day;
    } else {
      EXPECT_EQ(d.verdict, Verdict::kLicenseRequired) << day;
      EXPECT_FALSE(Side(d, "US").licensed) << day;
      EXPECT_EQ(ReasonOf(d, NotApplied::Kind::kLicense), "license L-17: 0 units left, 1,000 asked") << day;
    }
  }
  ASSERT_EQ(r.ledger.entries.size(), 1u);
  const LedgerEntry& e = r.ledger.entries[0];
  EXPECT_EQ(e.id, "L-17");
  EXPECT_EQ(e.jurisdiction, Country::Of("US"));
  EXPECT_EQ(e.granted, 10000);
  EXPECT_EQ(e.used, 10000);
  EXPECT_EQ(e.left(), 0);
  EXPECT_EQ(e.sales_holding, 20);
  EXPECT_EQ(e.sales_covered, 10);
  EXPECT_EQ(e.sales_refused, 10);
}

TEST(LedgerTest, TheReasonSaysWhatIsLeftAndTheTraceSaysTheSame) {
  const std::vector<Sale> book = {H20Shipment(1, Day(1), 9600), H20Shipment(2, Day(2)), H20Shipment(3, Day(3), 400)};
  const OrderBookResult r = Screen(book);
  EXPECT_EQ(ReasonOf(r.decisions[1], NotApplied::Kind::kLicense), "license L-17: 400 units left, 1,000 asked");
  bool traced = false;
  for (const TraceEntry& t : r.decisions[1].trace)
    traced |= t.detail == "license 0: license L-17: 400 units left, 1,000 asked";
  EXPECT_TRUE(traced);
  EXPECT_TRUE(Side(r.decisions[2], "US").licensed);  // the 400 left cover the third
  EXPECT_EQ(r.ledger.entries[0].left(), 0);
  // The JSON of a decision carries the reason.
  EXPECT_THAT(DecisionToJson(r.decisions[1], book[1], *Builtin()),
              HasSubstr(R"("reason":"license L-17: 400 units left, 1,000 asked")"));
}

TEST(LedgerTest, ALicenseWithoutIdIsPerSale) {
  std::vector<Sale> book;
  for (int i = 1; i <= 20; ++i) {
    book.push_back(SaleFrom(R"({"date": ")" + Day(i) + R"(", "item": "H20", "destination": "CN", "quantity": 1000,
        "licenses": [{"jurisdiction": "US", "valid_from": "2025-08-08", "quantity": 10000}]})"));
  }
  const OrderBookResult r = Screen(book);
  for (size_t k = 0; k < book.size(); ++k) {
    EXPECT_TRUE(Side(r.decisions[k], "US").licensed) << k;
    EXPECT_EQ(DecisionToJson(r.decisions[k], book[k], *Builtin()),
              DecisionToJson(Evaluate(*Builtin(), book[k], {.trace = TraceLevel::kFired}), book[k], *Builtin()));
  }
  EXPECT_TRUE(r.ledger.entries.empty());
}

TEST(LedgerTest, ACnApprovalIsDrawnDownTheSameWay) {
  std::vector<Sale> book;
  for (int i = 1; i <= 20; ++i) {
    char date[16];
    std::snprintf(date, sizeof date, "2026-02-%02d", i + 1);
    book.push_back(H200Shipment(i, date, R"({"id": "A-1", "jurisdiction": "CN", "valid_from": "2026-01-28",
                                             "quantity": 10000})",
                                R"(, "us_units_shipped": 1000000)"));
  }
  const OrderBookResult r = Screen(book);
  for (size_t k = 0; k < book.size(); ++k) {
    const Decision& d = r.decisions[k];
    if (k < 10) {
      EXPECT_EQ(d.verdict, Verdict::kAllowedWithConditions) << k;
    } else {
      EXPECT_EQ(Side(d, "CN").verdict, Verdict::kProhibited) << k;
      EXPECT_EQ(ReasonOf(d, NotApplied::Kind::kApproval), "approval A-1: 0 units left, 1,000 asked") << k;
    }
  }
  ASSERT_EQ(r.ledger.entries.size(), 1u);
  EXPECT_EQ(r.ledger.entries[0].kind, NotApplied::Kind::kApproval);
  EXPECT_EQ(r.ledger.entries[0].used, 10000);
  EXPECT_EQ(r.ledger.entries[0].sales_covered, 10);
  EXPECT_EQ(r.ledger.entries[0].sales_refused, 10);
}

TEST(LedgerTest, TheH200VolumeCapComesFromTheBooksUsShipments) {
  const std::string approval = R"({"jurisdiction": "CN", "valid_from": "2026-01-28", "quantity": 100000})";
  std::vector<Sale> book = {
      // Before any US shipment: a cap of 0 units.
      H200Shipment(1, "2026-02-02", approval),
      SaleFrom(R"({"id": 2, "date": "2026-02-03", "item": "H200", "destination": "US", "quantity": 3000})"),
      SaleFrom(R"({"id": 3, "date": "2026-02-03", "item": "H200", "destination": "US", "quantity": 1000})"),
      // Another item's US shipments do not count.
      SaleFrom(R"({"id": 4, "date": "2026-02-03", "item": "H100", "destination": "US", "quantity": 9000})"),
      // On 2026-02-10: 4,000 H200 shipped to the US before, a cap of 2,000 for CN and MO together.
      H200Shipment(5, "2026-02-10", approval),
      H200Shipment(6, "2026-02-10", approval),
      H200Shipment(7, "2026-02-10", approval),
      // A US shipment on the sale's own day is not before it.
      SaleFrom(R"({"id": 8, "date": "2026-02-10", "item": "H200", "destination": "US", "quantity": 2000})"),
      // A sale that gives us_units_shipped keeps it; the book's shipments under the cap still count.
      H200Shipment(9, "2026-02-11", approval, R"(, "us_units_shipped": 8000)"),
      H200Shipment(10, "2026-02-11", approval, R"(, "us_units_shipped": 8000)"),
  };
  const OrderBookResult r = Screen(book);
  EXPECT_EQ(ReasonOf(r.decisions[0], NotApplied::Kind::kLicense),
            "volume cap: at most 0 units (a percent of us_units_shipped), the sale has 1000");
  for (size_t k : {4, 5}) {
    EXPECT_EQ(r.decisions[k].verdict, Verdict::kAllowedWithConditions) << k;
    bool cap = false;
    for (const ConditionOut& c : r.decisions[k].conditions)
      cap |= c.kind == ConditionKind::kVolumeCap && c.max_units == 2000;
    EXPECT_TRUE(cap) << k;
  }
  EXPECT_EQ(Side(r.decisions[6], "US").verdict, Verdict::kLicenseRequired);
  EXPECT_EQ(ReasonOf(r.decisions[6], NotApplied::Kind::kLicense),
            "volume cap: 0 of 2,000 units left after the order book's shipments to CN and MO, 1,000 asked");
  // 8,000 given: a cap of 4,000, of which the book used 2,000.
  EXPECT_EQ(r.decisions[8].verdict, Verdict::kAllowedWithConditions);
  EXPECT_EQ(r.decisions[9].verdict, Verdict::kAllowedWithConditions);
  ASSERT_EQ(r.ledger.volume_caps.size(), 1u);
  const VolumeCapEntry& c = r.ledger.volume_caps[0];
  EXPECT_EQ(c.item, "NVIDIA H200");
  EXPECT_EQ(c.us_units_shipped, 6000);
  EXPECT_EQ(c.units_under_cap, 4000);
  EXPECT_EQ(c.sales_covered, 4);
  EXPECT_EQ(c.sales_refused, 1);
}

// A licensed sale without a counted authorization is decided as Evaluate decides it, unless a
// volume cap may apply: then it is walked with the ledger (the H200 sales here, whose licenses
// and approvals have no id). ScreenJsonLines, which parses only the lines that may matter to the
// plan and decides the others as batch does, gives the decisions EvaluateOrderBook gives (with
// "line"), on one thread and on two.
TEST(LedgerTest, ScreenJsonLinesAgreesWithEvaluateOrderBook) {
  const std::string approval = R"({"jurisdiction": "CN", "valid_from": "2026-01-28", "quantity": 100000})";
  const std::vector<std::string> lines = {
      R"({"id": 1, "date": "2026-02-10", "item": "H200", "destination": "CN", "quantity": 1000, "licenses": [{"jurisdiction": "US", "valid_from": "2026-01-20"}], "approvals": [)" +
          approval + "]}",
      R"({"id": 2, "date": "2026-02-03", "item": "H200", "destination": "US", "quantity": 3000})",
      R"({"id": 3, "date": "2025-09-02", "item": "H20", "destination": "CN", "quantity": 1000, "licenses": [{"jurisdiction": "US", "valid_from": "2025-08-08", "quantity": 500}]})",
      R"({"id": 4, "date": "2025-09-01", "item": "H20", "destination": "CN", "quantity": 6000, "licenses": [{"id": "L-1", "jurisdiction": "US", "valid_from": "2025-08-08", "quantity": 10000}]})",
      R"({"id": 5, "date": "2025-08-30", "item": "H20", "destination": "CN", "quantity": 6000, "licenses": [{"id": "L-1", "jurisdiction": "US", "valid_from": "2025-08-08", "quantity": 10000}]})",
      R"({"id": 6, "date": "2026-02-11", "item": "H200", "destination": "CN", "quantity": 1000, "licenses": [{"jurisdiction": "US", "valid_from": "2026-01-20"}], "approvals": [)" +
          approval + R"(], "us_units_shipped": 8000})",
      R"({"id": 7, "date": "2025-09-03", "item": "A100", "destination": "AE", "quantity": 10, "licenses": [{"jurisdiction": "US", "valid_from": "2025-01-01"}]})",
  };
  std::vector<Sale> book;
  std::string input;
  for (const std::string& line : lines) book.push_back(SaleFrom(line)), input += line + "\n";
  for (int threads : {1, 2}) {
    const OrderBookResult r = Screen(book, threads);
    std::string expected, out;
    for (size_t k = 0; k < book.size(); ++k) {
      AppendDecisionJson(expected, r.decisions[k], book[k], *Builtin(), {.line = static_cast<int64_t>(k + 1)});
      expected += '\n';
    }
    absl::StatusOr<ScreenSummary> s = ScreenJsonLines(*Builtin(), JsonLinesInput::Buffer(input),
                                                      [&](std::string_view text) {
                                                        out += text;
                                                        return absl::OkStatus();
                                                      },
                                                      {.threads = threads});
    ASSERT_THAT(s, IsOk());
    EXPECT_EQ(out, expected) << threads;
    EXPECT_EQ(LedgerToJson(s->ledger), LedgerToJson(r.ledger)) << threads;
  }
}

TEST(LedgerTest, TheSameAnswersOnOneAndTwoThreads) {
  std::vector<Sale> book;
  for (int i = 1; i <= 30; ++i) book.push_back(H20Shipment(i, Day(1 + (i * 7) % 30)));
  const OrderBookResult one = Screen(book, 1), two = Screen(book, 2);
  for (size_t k = 0; k < book.size(); ++k) {
    EXPECT_EQ(DecisionToJson(one.decisions[k], book[k], *Builtin()),
              DecisionToJson(two.decisions[k], book[k], *Builtin()));
  }
  EXPECT_EQ(LedgerToJson(one.ledger), LedgerToJson(two.ledger));
}

TEST(LedgerTest, ThreadsOutsideTheRangeAreAnError) {
  EXPECT_FALSE(EvaluateOrderBook(*Builtin(), {}, {.threads = -1}).ok());
  EXPECT_FALSE(EvaluateOrderBook(*Builtin(), {}, {.threads = kMaxBatchThreads + 1}).ok());
  EXPECT_THAT(EvaluateOrderBook(*Builtin(), {}, {.threads = 1}), IsOk());
}

// A random book: H20 shipments in September 2025 on three counted licenses, H200 shipments to
// China and the US in February 2026 on two counted approvals, a few days each.
std::vector<Sale> RandomBook(uint32_t seed, int count) {
  std::mt19937 random(seed);
  auto below = [&](int n) { return static_cast<int>(random() % static_cast<uint32_t>(n)); };
  std::vector<Sale> book;
  for (int i = 0; i < count; ++i) {
    const std::string quantity = std::to_string(100 * (1 + below(30)));
    std::string json = R"({"id": )" + std::to_string(i) + R"(, "quantity": )" + quantity;
    if (below(2) == 0) {
      json += R"(, "date": ")" + Day(1 + below(6)) + R"(", "item": "H20", "destination": "CN", "licenses": [)";
      json += R"({"id": "L-)" + std::to_string(below(3)) +
              R"(", "jurisdiction": "US", "valid_from": "2025-08-08", "quantity": 9000}]})";
    } else if (below(3) == 0) {
      json += R"(, "date": "2026-02-0)" + std::to_string(1 + below(6)) + R"(", "item": "H200", "destination": "US"})";
    } else {
      json +=
          R"(, "date": "2026-02-0)" + std::to_string(1 + below(6)) +
          R"(", "item": "H200", "destination": "CN", "licenses": [{"jurisdiction": "US", "valid_from": "2026-01-20"}],
                "approvals": [{"id": "A-)" +
          std::to_string(below(2)) + R"(", "jurisdiction": "CN", "valid_from": "2026-01-28", "quantity": 12000}]})";
    }
    book.push_back(SaleFrom(json));
  }
  return book;
}

// The verdict of each sale, by its id.
std::map<std::string, Verdict> VerdictsById(const std::vector<Sale>& book, const OrderBookResult& r) {
  std::map<std::string, Verdict> verdicts;
  for (size_t k = 0; k < book.size(); ++k) verdicts[book[k].id->text] = r.decisions[k].verdict;
  return verdicts;
}

// Shuffles the book keeping the input order of the sales of each day.
std::vector<Sale> ShuffleAcrossDays(const std::vector<Sale>& book, uint32_t seed) {
  std::mt19937 random(seed);
  std::vector<Date> days;
  for (const Sale& s : book) days.push_back(s.date);
  std::shuffle(days.begin(), days.end(), random);  // the days' slots, in a random order
  std::map<Date, std::vector<const Sale*>> by_day;
  for (const Sale& s : book) by_day[s.date].push_back(&s);
  std::map<Date, size_t> next;
  std::vector<Sale> shuffled;
  for (const Date& d : days) shuffled.push_back(*by_day[d][next[d]++]);
  return shuffled;
}

TEST(LedgerPropertyTest, CoveredSalesDependOnlyOnDatesAndTheOrderWithinADay) {
  for (uint32_t seed = 1; seed <= 12; ++seed) {
    const std::vector<Sale> book = RandomBook(seed, 120);
    const std::map<std::string, Verdict> expected = VerdictsById(book, Screen(book, 1));
    int covered = 0, refused = 0;
    for (const auto& [id, v] : expected) (IsAllowed(v) ? covered : refused)++;
    EXPECT_GT(covered, 0) << seed;
    EXPECT_GT(refused, 0) << seed;
    for (int threads : {1, 2, 3}) {
      const std::vector<Sale> shuffled = ShuffleAcrossDays(book, seed * 31 + static_cast<uint32_t>(threads));
      const OrderBookResult r = Screen(shuffled, threads);
      EXPECT_EQ(VerdictsById(shuffled, r), expected) << "seed " << seed << ", " << threads << " threads";
      EXPECT_EQ(LedgerToJson(r.ledger), LedgerToJson(Screen(book, 1).ledger)) << seed;
    }
  }
}

// The first pass of screen reads only the lines that may go to the US or hold a license or
// approval that is counted or may meet a volume cap. Shipments to the US spelled with spaces around the colon or with
// an escape still count towards the H200 volume cap; the file form (read twice from disk) agrees with the text form and
// with EvaluateOrderBook.
TEST(LedgerTest, ScreenFindsUsShipmentsHoweverTheyAreSpelled) {
  // No id anywhere, and its date spelled with spaces: the scan must still see a sale dated after
  // the volume cap starts.
  const std::string h200_to_cn =
      R"({"date" :  "2026-02-10", "item": "H200", "destination": "CN", "quantity": 1000, "licenses": [{"jurisdiction": "US", "valid_from": "2026-01-20"}], "approvals": [{"jurisdiction": "CN", "valid_from": "2026-01-28", "quantity": 100000}]})";
  const std::vector<std::string> spellings = {
      R"({"date": "2026-02-03", "item": "H200", "destination": "US", "quantity": 900})",
      R"({"date": "2026-02-03", "item": "H200", "destination" :	"US", "quantity": 900})",
      R"({"date": "2026-02-03", "item": "H200", "destination": "\u0055S", "quantity": 900})",
      R"({"date": "2026-02-03", "item": "H200", "dest\u0069nation": "US", "quantity": 900})",
  };
  for (const std::string& shipment : spellings) {
    const std::string input = shipment + "\n" + shipment + "\n" + h200_to_cn + "\n";
    const std::vector<Sale> book = {SaleFrom(shipment), SaleFrom(shipment), SaleFrom(h200_to_cn)};
    const OrderBookResult r = Screen(book, 2);
    std::string expected;
    for (size_t k = 0; k < book.size(); ++k) {
      AppendDecisionJson(expected, r.decisions[k], book[k], *Builtin(), {.line = static_cast<int64_t>(k + 1)});
      expected += '\n';
    }
    // 1 800 units shipped to the US: a cap of 900, less than the 1 000 asked.
    EXPECT_THAT(expected, HasSubstr("volume cap")) << shipment;
    const std::string path = ::testing::TempDir() + "/screen_book.jsonl";
    WriteText(path, input);
    std::string from_text, from_file;
    const auto append_to = [](std::string& out) {
      return [&out](std::string_view text) {
        out += text;
        return absl::OkStatus();
      };
    };
    ASSERT_THAT(ScreenJsonLines(*Builtin(), input, append_to(from_text), {.threads = 2}), IsOk());
    absl::StatusOr<ScreenSummary> s = ScreenJsonLinesFile(*Builtin(), path, append_to(from_file), {.threads = 2});
    ASSERT_THAT(s, IsOk());
    EXPECT_EQ(from_text, expected) << shipment;
    EXPECT_EQ(from_file, expected) << shipment;
    EXPECT_EQ(LedgerToJson(s->ledger), LedgerToJson(r.ledger)) << shipment;
  }
}

TEST(LedgerTest, ScreenFileThatCannotBeReadIsAnError) {
  std::string out;
  const auto write = [&](std::string_view text) {
    out += text;
    return absl::OkStatus();
  };
  EXPECT_THAT(ScreenJsonLinesFile(*Builtin(), ::testing::TempDir() + "/no-such-book.jsonl", write),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("No such file")));
  EXPECT_THAT(ScreenJsonLinesFile(*Builtin(), ::testing::TempDir(), write),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("Is a directory")));
  EXPECT_EQ(out, "");
}

TEST(LedgerTest, ScreenJsonLinesReportsBadLinesInPlace) {
  const std::string input =
      std::string(R"({"date":"2025-09-01","item":"H20","destination":"CN","quantity":6000,)") +
      R"("licenses":[{"id":"L-1","jurisdiction":"US","valid_from":"2025-08-08","quantity":10000}]})" +
      "\n\n{\"date\":\"2025-09-0\"}\n" + R"({"date":"2025-08-30","item":"H20","destination":"CN","quantity":6000,)" +
      R"("licenses":[{"id":"L-1","jurisdiction":"US","valid_from":"2025-08-08","quantity":10000}]})" + "\n";
  std::string out;
  absl::StatusOr<ScreenSummary> s = ScreenJsonLines(*Builtin(), JsonLinesInput::Buffer(input),
                                                    [&](std::string_view text) {
                                                      out += text;
                                                      return absl::OkStatus();
                                                    },
                                                    {.eval = {.trace = TraceLevel::kNone}, .threads = 2});
  ASSERT_THAT(s, IsOk());
  EXPECT_EQ(s->batch.lines, 4);
  EXPECT_EQ(s->batch.decisions, 2);
  EXPECT_EQ(s->batch.errors, 1);
  EXPECT_EQ(s->batch.first_bad_line, 3);
  std::vector<std::string> lines;
  for (size_t at = 0; at < out.size();) {
    const size_t end = out.find('\n', at);
    lines.push_back(out.substr(at, end - at));
    at = end + 1;
  }
  ASSERT_EQ(lines.size(), 3u);
  // The later line is the earlier sale: it has the license; the first line's sale does not.
  EXPECT_THAT(lines[0], HasSubstr("license L-1: 4,000 units left, 6,000 asked"));
  EXPECT_THAT(lines[1], HasSubstr(R"({"line":3,"error":"3:)"));
  EXPECT_THAT(lines[2], HasSubstr(R"("licensed":true)"));
  EXPECT_EQ(LedgerToJson(s->ledger),
            R"({"licenses":[{"jurisdiction":"US","id":"L-1","kind":"license","granted":10000,"used":6000,"left":4000,)"
            R"("sales_holding":2,"sales_covered":1,"sales_refused":1}],"volume_caps":[]})"
            "\n");
}

}  // namespace
}  // namespace exportctl
