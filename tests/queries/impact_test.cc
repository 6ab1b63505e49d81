// The impact of a rule change on an order book (exportctl/impact.h).
//
// Acceptance (issue 17): the what-if examples/whatif/lower_tpp.toml lowers the 3A090.a TPP
// threshold from 4800 to 3000 on 2027-01-01 and changes nothing else, so on a generated
// 100,000-order book (scripts/gen-sales 100000 --to 2027-12-31) impact must report exactly the
// orders whose item is a chip the what-if reclassifies on the order's day. The test computes that
// set on its own, twice: by classifying each order's chip under both rule sets (Classify), and by
// evaluating each order one at a time under both with Evaluate and comparing the decisions.
#include "exportctl/impact.h"

#include <cstdio>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "exportctl/exportctl.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "status_matchers.h"

namespace exportctl {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::IsOk;

const char kOverlayPath[] = EXPORTCTL_SOURCE_DIR "/examples/whatif/lower_tpp.toml";

// The generated order book: 100,000 sales from 2022-01-01 to 2027-12-31 (a sixth after the
// what-if's day), made once for the suite.
std::string GenerateBook(int count) {
  const std::string command =
      std::string(EXPORTCTL_SOURCE_DIR) + "/scripts/gen-sales " + std::to_string(count) + " --to 2027-12-31";
  std::string text;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return text;
  char buffer[1 << 16];
  for (size_t got; (got = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;) text.append(buffer, got);
  if (::pclose(pipe) != 0) text.clear();
  return text;
}

std::vector<std::string_view> Lines(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    const size_t end = text.find('\n');
    lines.push_back(text.substr(0, end));
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
  }
  return lines;
}

// What the test calls a changed decision, written here apart from the library's.
bool DecisionsDiffer(const Decision& a, const Decision& b) {
  if (a.verdict != b.verdict || a.allowed != b.allowed || a.jurisdictions.size() != b.jurisdictions.size() ||
      a.conditions.size() != b.conditions.size()) {
    return true;
  }
  for (const JurisdictionDecision& x : a.jurisdictions) {
    const JurisdictionDecision* y = b.Find(x.jurisdiction);
    if (y == nullptr || x.verdict != y->verdict || x.classification != y->classification ||
        x.review_policy != y->review_policy || x.license_exception != y->license_exception ||
        x.licensed != y->licensed) {
      return true;
    }
  }
  for (size_t i = 0; i < a.conditions.size(); ++i) {
    const ConditionOut &x = a.conditions[i], &y = b.conditions[i];
    if (x.kind != y.kind || x.percent != y.percent || x.amount_usd != y.amount_usd || x.max_units != y.max_units) {
      return true;
    }
  }
  return false;
}

class ImpactTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    absl::StatusOr<RulePack> pack = LoadRulePackFile(kOverlayPath);
    ASSERT_THAT(pack, IsOk());
    absl::StatusOr<std::shared_ptr<const RuleSet>> base = BuiltinRuleSet();
    ASSERT_THAT(base, IsOk());
    absl::StatusOr<std::shared_ptr<const RuleSet>> whatif = BuiltinRuleSet({*pack});
    ASSERT_THAT(whatif, IsOk());
    old_ = new std::shared_ptr<const RuleSet>(*base);
    new_ = new std::shared_ptr<const RuleSet>(*whatif);
  }
  void SetUp() override { ASSERT_NE(new_, nullptr); }
  // The book, made by the first test that needs it (ctest runs each test in a process of its own).
  static const std::string& Book() {
    static const std::string* book = new std::string(GenerateBook(100000));
    return *book;
  }
  static const RuleSet& Old() { return **old_; }
  static const RuleSet& New() { return **new_; }

  static const std::shared_ptr<const RuleSet>* old_;
  static const std::shared_ptr<const RuleSet>* new_;
};
const std::shared_ptr<const RuleSet>* ImpactTest::old_ = nullptr;
const std::shared_ptr<const RuleSet>* ImpactTest::new_ = nullptr;

std::vector<int64_t> ChangedLines(const ImpactReport& report) {
  std::vector<int64_t> lines;
  for (const ImpactChange& c : report.changes) lines.push_back(c.line);
  return lines;
}

TEST_F(ImpactTest, LowerTppOnAGeneratedBookReportsExactlyTheOrdersOfTheChipsItReclassifies) {
  ASSERT_FALSE(Book().empty()) << "scripts/gen-sales failed";
  const std::vector<std::string_view> lines = Lines(Book());
  ASSERT_EQ(lines.size(), 100000u);
  absl::StatusOr<ImpactReport> report =
      ComputeImpactJsonLines(Old(), New(), JsonLinesInput::Buffer(Book()), {.threads = 2});
  ASSERT_THAT(report, IsOk());
  EXPECT_EQ(report->summary.lines, 100000);
  EXPECT_EQ(report->summary.orders, 100000);
  EXPECT_EQ(report->summary.errors, 0);

  // Independently, one order at a time: the orders whose chip the what-if reclassifies on the
  // order's day, and the orders whose decisions differ.
  std::vector<int64_t> reclassified, differing;
  std::set<std::string> chips;
  for (size_t i = 0; i < lines.size(); ++i) {
    absl::StatusOr<Sale> sale = ParseSaleJson(lines[i], Old());
    ASSERT_THAT(sale, IsOk()) << "line " << i + 1;
    const int64_t line = static_cast<int64_t>(i) + 1;
    if (Classify(Old(), sale->item, sale->date).classification !=
        Classify(New(), sale->item, sale->date).classification) {
      reclassified.push_back(line);
      if (Old().FindChip(sale->item.model) != nullptr) chips.insert(sale->item.model);
      EXPECT_GE(sale->date, Date(2027, 1, 1)) << "line " << line;
    }
    if (DecisionsDiffer(Evaluate(Old(), *sale), Evaluate(New(), *sale))) differing.push_back(line);
  }
  // The catalog chips the what-if changes (tests/queries/whatif_test.cc works them out by hand).
  EXPECT_EQ(chips, (std::set<std::string>{"NVIDIA GeForce RTX 4090D", "NVIDIA GeForce RTX 5090D"}));
  ASSERT_GT(reclassified.size(), 1000u);  // a real test: a sixth of the book is in 2027
  EXPECT_EQ(ChangedLines(*report), reclassified);
  EXPECT_EQ(ChangedLines(*report), differing);
  EXPECT_EQ(report->summary.changed, static_cast<int64_t>(reclassified.size()));

  // Every change names the rules that made it; the summary counts them and the transitions.
  int64_t in_transitions = 0;
  for (const ImpactTransition& t : report->summary.transitions) in_transitions += t.count;
  EXPECT_EQ(in_transitions, report->summary.changed);
  for (const ImpactChange& c : report->changes) {
    EXPECT_TRUE(c.changed & kImpactClassification) << "line " << c.line;
    EXPECT_FALSE(c.rules_added.empty() && c.rules_removed.empty() && c.rules_changed.empty()) << "line " << c.line;
  }
  ASSERT_FALSE(report->summary.rules.empty());
}

TEST_F(ImpactTest, SameAnswerOnOneThreadOnASpanOfSalesAndOnTwoAsOfDays) {
  ASSERT_FALSE(Book().empty()) << "scripts/gen-sales failed";
  const std::vector<std::string_view> lines = Lines(std::string_view(Book()).substr(0, 20000 * 400));
  std::string text;
  std::vector<Sale> sales;
  for (size_t i = 0; i + 1 < lines.size() && i < 20000; ++i) {
    text.append(lines[i]).append("\n");
    absl::StatusOr<Sale> sale = ParseSaleJson(lines[i], Old());
    ASSERT_THAT(sale, IsOk());
    sales.push_back(*std::move(sale));
  }
  absl::StatusOr<ImpactReport> two = ComputeImpactJsonLines(Old(), New(), JsonLinesInput::Buffer(text), {.threads = 2});
  absl::StatusOr<ImpactReport> one = ComputeImpactJsonLines(Old(), New(), JsonLinesInput::Buffer(text), {.threads = 1});
  absl::StatusOr<ImpactReport> span = ComputeImpact(Old(), New(), sales, {.threads = 2});
  // The what-if's value is announced when it takes effect: as known on 2026-12-31 it is unseen.
  absl::StatusOr<ImpactReport> as_of = ComputeImpactJsonLines(New(), New(), JsonLinesInput::Buffer(text),
                                                              {.old_as_of = Date(2026, 12, 31), .threads = 2});
  ASSERT_THAT(two, IsOk());
  ASSERT_THAT(one, IsOk());
  ASSERT_THAT(span, IsOk());
  ASSERT_THAT(as_of, IsOk());
  ASSERT_FALSE(two->changes.empty());
  EXPECT_EQ(ChangedLines(*one), ChangedLines(*two));
  EXPECT_EQ(ChangedLines(*span), ChangedLines(*two));
  EXPECT_EQ(ImpactToJson(*one), ImpactToJson(*two));
  // Orders dated before the as-of day see the same rules either way; the others change as above.
  std::vector<int64_t> after_2026;
  for (const ImpactChange& c : two->changes)
    if (c.date > Date(2026, 12, 31)) after_2026.push_back(c.line);
  EXPECT_EQ(ChangedLines(*as_of), after_2026);
}

TEST_F(ImpactTest, AChangeSaysWhatChangedAndWhy) {
  const std::string book =
      "{\"id\":\"A\",\"date\":\"2027-02-01\",\"item\":\"RTX 4090D\",\"destination\":\"CN\"}\n"
      "{\"id\":7,\"date\":\"2026-12-31\",\"item\":\"RTX 4090D\",\"destination\":\"CN\"}\n";
  absl::StatusOr<ImpactReport> report = ComputeImpactJsonLines(Old(), New(), JsonLinesInput::Buffer(book));
  ASSERT_THAT(report, IsOk());
  ASSERT_EQ(report->changes.size(), 1u);
  const ImpactChange& c = report->changes[0];
  EXPECT_EQ(c.line, 1);
  ASSERT_TRUE(c.id.has_value());
  EXPECT_EQ(c.id->text, "A");
  EXPECT_EQ(c.item, "NVIDIA GeForce RTX 4090D");
  EXPECT_EQ(c.before.verdict, Verdict::kAllowed);
  EXPECT_EQ(c.after.verdict, Verdict::kNotificationRequired);
  EXPECT_THAT(ImpactAspectNames(c.changed), ElementsAre("verdict", "allowed", "jurisdictions", "classification",
                                                        "review_policy", "license_exception"));
  // In trace order: the classification, the license requirement and its review policy (the GAO
  // and 2026 amendments of 3A090.a), the NAC exception.
  EXPECT_THAT(c.rules_added,
              ElementsAre("us-2023-3a090", "us-2023-license", "us-ai-diffusion-gao", "us-h200-2026", "us-nac"));
  EXPECT_TRUE(c.rules_removed.empty());
  ASSERT_EQ(report->summary.transitions.size(), 1u);
  EXPECT_EQ(report->summary.transitions[0].count, 1);
  EXPECT_THAT(ImpactToText(*report), HasSubstr("-> notification_required      1\n"));
  EXPECT_THAT(ImpactToText(*report), HasSubstr("+us-2023-3a090 +us-2023-license"));
}

TEST_F(ImpactTest, BadAndBlankLinesAreCountedInPlaceAndAFailedCallbackStops) {
  const std::string book = std::string("\n{\"date\":\"2027-02-01\",\"item\":\"RTX 4090D\",\"destination\":\"CN\"}\n") +
                           "{\"date\":\"2027-02-01\",\"item\":\"No Such\",\"destination\":\"CN\"}\n  \n" +
                           std::string(kMaxBatchLineBytes + 10, ' ') + "x\n" +
                           "{\"date\":\"2027-02-01\",\"item\":\"RTX 5090D\",\"destination\":\"CN\"}";
  absl::StatusOr<ImpactReport> report = ComputeImpactJsonLines(Old(), New(), JsonLinesInput::Buffer(book));
  ASSERT_THAT(report, IsOk());
  EXPECT_EQ(report->summary.lines, 6);
  EXPECT_EQ(report->summary.orders, 2);
  EXPECT_EQ(report->summary.errors, 2);
  EXPECT_EQ(report->summary.first_bad_line, 3);
  EXPECT_THAT(ChangedLines(*report), ElementsAre(2, 6));
  ASSERT_EQ(report->errors.size(), 2u);
  EXPECT_THAT(report->errors[0].message, HasSubstr("3:"));
  EXPECT_THAT(report->errors[0].message, HasSubstr("No Such"));
  EXPECT_EQ(report->errors[1].line, 5);
  EXPECT_THAT(report->errors[1].message, HasSubstr("line longer than"));

  const absl::StatusOr<ImpactReport> stopped =
      ComputeImpactJsonLines(Old(), New(), JsonLinesInput::Buffer(book),
                             {.on_change = [](const ImpactChange&) { return absl::DataLossError("full"); }});
  EXPECT_EQ(stopped.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(ComputeImpactJsonLines(Old(), New(), JsonLinesInput::Buffer(book), {.threads = -1}).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(ImpactTest, EachSideLooksItsChipsUpInItsOwnCatalog) {
  absl::StatusOr<RulePack> pack = LoadRulePack(R"(format = 1
id = "impact-test-chip"
revision = "1"
[[chip]]
model = "Example X1"
aliases = ["X1"]
vendor = "Example"
origin = "US"
datacenter = true
tpp = 4000
die_area_mm2 = 900
source = "test"
)",
                                               "impact-test-chip.toml");
  ASSERT_THAT(pack, IsOk());
  absl::StatusOr<std::shared_ptr<const RuleSet>> with_chip = BuiltinRuleSet({*pack});
  ASSERT_THAT(with_chip, IsOk());
  const std::string book =
      "{\"date\":\"2025-02-01\",\"item\":\"X1\",\"destination\":\"CN\"}\n"
      "{\"date\":\"2027-02-01\",\"item\":\"RTX 4090D\",\"destination\":\"CN\"}\n";
  absl::StatusOr<ImpactReport> added = ComputeImpactJsonLines(Old(), **with_chip, JsonLinesInput::Buffer(book));
  ASSERT_THAT(added, IsOk());
  EXPECT_EQ(added->summary.orders, 1);
  EXPECT_TRUE(added->changes.empty());
  ASSERT_EQ(added->errors.size(), 1u);
  EXPECT_EQ(added->errors[0].message, "1:29: unknown chip 'X1' (under the old rules only)");
  absl::StatusOr<ImpactReport> removed = ComputeImpactJsonLines(**with_chip, Old(), JsonLinesInput::Buffer(book));
  ASSERT_THAT(removed, IsOk());
  ASSERT_EQ(removed->errors.size(), 1u);
  EXPECT_EQ(removed->errors[0].message, "1:29: unknown chip 'X1' (under the new rules only)");
}

}  // namespace
}  // namespace exportctl
