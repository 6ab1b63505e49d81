// The batch API (exportctl/batch.h): input order on any number of threads, a bad line in its
// place, the per-line callback and the list variant, and failures that stop a batch (an
// unreadable input, a failed write, an impossible thread count).
#include "exportctl/batch.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "exportctl/exportctl.h"
#include "gtest/gtest.h"

namespace exportctl {
namespace {

const RuleSet& Builtin() {
  static const std::shared_ptr<const RuleSet> rules = *BuiltinRuleSet();
  return *rules;
}

// `count` lines; every 7th is bad (an unknown chip), every 11th blank.
std::string Lines(int count) {
  std::string text;
  for (int i = 0; i < count; ++i) {
    if (i % 11 == 10) {
      text += "  \n";
      continue;
    }
    const std::string item = i % 7 == 3 ? "No Such Chip" : (i % 2 ? "H20" : "H200");
    text += R"({"date":"202)" + std::to_string(2 + i % 4) + R"(-06-01","item":")" + item +
            R"(","destination":"CN","quantity":)" + std::to_string(i + 1) + "}\n";
  }
  return text;
}

// A writer that appends to `out`.
auto AppendTo(std::string& out) {
  return [&out](std::string_view lines) {
    out += lines;
    return absl::OkStatus();
  };
}

// What one thread, line by line, gives: the reference.
std::string OneByOne(const std::string& text, const EvalOptions& options) {
  std::string out;
  std::istringstream in(text);
  int64_t number = 0;
  for (std::string line; std::getline(in, line);) {
    ++number;
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    absl::StatusOr<Sale> sale = ParseSaleJson(line, Builtin());
    if (!sale.ok()) {
      out += "{\"line\":" + std::to_string(number) + ",\"error\":\"" + std::to_string(number) +
             std::string(sale.status().message()).substr(1) + "\"}\n";
      continue;
    }
    AppendDecisionJson(out, Evaluate(Builtin(), *sale, options), *sale, Builtin(), {.line = number});
    out += '\n';
  }
  return out;
}

TEST(BatchTest, KeepsInputOrderOnAnyNumberOfThreads) {
  const std::string text = Lines(20000);  // several blocks
  const std::string want = OneByOne(text, {.trace = TraceLevel::kFired});
  for (int threads : {1, 2, 3, 8}) {
    std::string got;
    const absl::StatusOr<BatchSummary> summary =
        EvaluateJsonLines(Builtin(), JsonLinesInput::Buffer(text), AppendTo(got), {.threads = threads});
    ASSERT_TRUE(summary.ok()) << summary.status();
    EXPECT_EQ(got, want) << threads;
    EXPECT_EQ(summary->lines, 20000);
    EXPECT_EQ(summary->decisions + summary->errors + 20000 / 11, 20000);
    EXPECT_EQ(summary->first_bad_line, 4);
  }
}

// A worker reads line after line into one Sale, reset between them: a sale that gives every
// field, one that fails halfway through its fields, then sales that give few, each decided as if
// read alone.
TEST(BatchTest, AWorkersSaleCarriesNothingFromOneLineToTheNext) {
  const std::string full =
      R"({"id":"SO-1","date":"2025-09-01","item":{"model":"Chip X","vendor":"V","origin":"US","datacenter":true,)"
      R"("die_area_mm2":800,"dense_tops":{"fp8":2000,"fp16":1000},"interconnect_gbps":900,)"
      R"("memory_bandwidth_gbps":4000,"memory_gb":96,"tdp_w":700},"quantity":50,"unit_price_usd":25000.5,)"
      R"("destination":"CN","exported_from":"SG","transit":["MY","SG"],"end_use":"research",)"
      R"("buyer":{"name":"Biren Technology","headquarters":"CN","ultimate_parent_headquarters":"CN",)"
      R"("sector":"state_owned","owners":[{"name":"Sophgo","percent":60,"owners":[{"name":"P","percent":100}]}]},)"
      R"("licenses":[{"jurisdiction":"US","valid_from":"2025-01-01","valid_until":"2026-01-01","items":["H20"],)"
      R"("destination":"CN","buyer":"Biren Technology","quantity":100,"id":"L-1"}],)"
      R"("approvals":[{"jurisdiction":"CN","valid_from":"2025-01-01","quantity":100,"id":"A-1"}],)"
      R"("notifications":[{"exception":"NAC","filed":"2025-08-01","authorization":"A123456"}],)"
      R"("domestic_chips_purchased":10,"us_units_shipped":5,"us_import_value_usd":1000,)"
      R"("datacenter":{"pue":1.2,"national_hub":true}})";
  std::string broken = full;
  broken.insert(broken.size() - 1, R"(,"unknown_field":1)");
  const std::string text = full + "\n" + broken + "\n" +
                           R"({"date":"2025-09-01","item":"H20","destination":"CN"})"
                           "\n" +
                           full + "\n" +
                           R"({"date":"2025-09-01","item":{"model":"Chip Y","tpp":100},"destination":"DE"})"
                           "\n" +
                           R"({"date":"2025-09-01","item":"H200","destination":"CN","buyer":{"name":"B"}})"
                           "\n";
  for (const TraceLevel trace : {TraceLevel::kNone, TraceLevel::kFull}) {
    std::string got;
    const absl::StatusOr<BatchSummary> summary = EvaluateJsonLines(
        Builtin(), JsonLinesInput::Buffer(text), AppendTo(got), {.eval = {.trace = trace}, .threads = 1});
    ASSERT_TRUE(summary.ok()) << summary.status();
    EXPECT_EQ(summary->errors, 1);
    EXPECT_EQ(got, OneByOne(text, {.trace = trace}));
  }
}

TEST(BatchTest, EachResultInOrderWithItsLineAndError) {
  const std::string text = Lines(700);
  std::vector<BatchResult> seen;
  std::vector<std::string> errors;
  std::string joined;
  const absl::StatusOr<BatchSummary> summary =
      EvaluateJsonLinesEach(Builtin(), JsonLinesInput::Buffer(text),
                            [&](const BatchResult& r) {
                              seen.push_back(r);
                              errors.emplace_back(r.error);
                              joined += std::string(r.json) + "\n";
                              return absl::OkStatus();
                            },
                            {.eval = {.trace = TraceLevel::kNone}, .threads = 2});
  ASSERT_TRUE(summary.ok()) << summary.status();
  EXPECT_EQ(joined, OneByOne(text, {.trace = TraceLevel::kNone}));
  ASSERT_EQ(seen.size(), static_cast<size_t>(summary->decisions + summary->errors));
  EXPECT_EQ(seen[0].line, 1);
  EXPECT_EQ(seen[3].line, 4);
  EXPECT_EQ(errors[3], "4:29: unknown chip 'No Such Chip'");
  EXPECT_EQ(errors[0], "");
}

TEST(BatchTest, ReadsAStream) {
  const std::string text = Lines(50);
  std::istringstream in(text);
  std::string got;
  const absl::StatusOr<BatchSummary> summary = EvaluateJsonLines(Builtin(), JsonLinesInput::Stream(in), AppendTo(got));
  ASSERT_TRUE(summary.ok()) << summary.status();
  EXPECT_EQ(got, OneByOne(text, {.trace = TraceLevel::kFired}));
}

TEST(BatchTest, ListOfSalesKeepsEachSalesOwnLocation) {
  const std::vector<std::string_view> sales = {
      R"({"date":"2025-09-01","item":"H20","destination":"CN"})",
      "{\n  \"date\": \"2025-09-01\",\n  \"item\": \"H2O\", \"destination\": \"CN\"}",
      R"({"date":"2025-09-01","item":"H200","destination":"DE"})"};
  std::vector<std::string> errors;
  std::vector<int64_t> lines;
  const absl::StatusOr<BatchSummary> summary = EvaluateSalesEach(Builtin(), sales, [&](const BatchResult& r) {
    errors.emplace_back(r.error);
    lines.push_back(r.line);
    return absl::OkStatus();
  });
  ASSERT_TRUE(summary.ok()) << summary.status();
  EXPECT_EQ(errors, (std::vector<std::string>{"", "3:11: unknown chip 'H2O'", ""}));
  EXPECT_EQ(lines, (std::vector<int64_t>{1, 2, 3}));
  EXPECT_EQ(summary->lines, 3);
  EXPECT_EQ(summary->errors, 1);
  EXPECT_EQ(summary->first_bad_line, 2);
}

TEST(BatchTest, AFailedWriteStopsTheBatchWithItsError) {
  int calls = 0;
  const absl::StatusOr<BatchSummary> summary = EvaluateJsonLines(Builtin(), JsonLinesInput::Buffer(Lines(30000)),
                                                                 [&](std::string_view) {
                                                                   ++calls;
                                                                   return absl::DataLossError("disk full");
                                                                 },
                                                                 {.threads = 2});
  EXPECT_EQ(summary.status(), absl::DataLossError("disk full"));
  EXPECT_EQ(calls, 1);
}

TEST(BatchTest, AnUnreadableInputIsAnError) {
  const int fd = ::open("/", O_RDONLY | O_DIRECTORY);
  ASSERT_GE(fd, 0);
  const absl::StatusOr<BatchSummary> summary =
      EvaluateJsonLines(Builtin(), JsonLinesInput::Fd(fd, "'/'"), [](std::string_view) { return absl::OkStatus(); });
  ::close(fd);
  EXPECT_EQ(summary.status(), absl::InvalidArgumentError("cannot read '/': Is a directory"));
}

TEST(BatchTest, ThreadCountOutOfRangeIsAnError) {
  for (int threads : {-1, kMaxBatchThreads + 1, 100000}) {
    const absl::StatusOr<BatchSummary> summary =
        EvaluateJsonLines(Builtin(), JsonLinesInput::Buffer(Lines(3)),
                          [](std::string_view) { return absl::OkStatus(); }, {.threads = threads});
    EXPECT_EQ(summary.status().code(), absl::StatusCode::kInvalidArgument) << threads;
  }
}

TEST(BatchTest, EmptyInput) {
  const absl::StatusOr<BatchSummary> summary =
      EvaluateJsonLines(Builtin(), JsonLinesInput::Buffer(""), [](std::string_view) { return absl::OkStatus(); });
  ASSERT_TRUE(summary.ok());
  EXPECT_EQ(summary->lines, 0);
  EXPECT_EQ(summary->decisions, 0);
}

// The input lines: those ended by '\n' and a last one without it.
int64_t ExpectedLineCount(const std::string& text) {
  return static_cast<int64_t>(std::count(text.begin(), text.end(), '\n')) + (text.back() != '\n' ? 1 : 0);
}

// The lines as the reader must split them: each '\n'-ended line (and a last one without '\n'),
// numbered; a line longer than kMaxBatchLineBytes (its '\r' included) is an error in its place, a
// blank one (after its '\r' goes) nothing.
std::vector<std::pair<int64_t, bool>> ExpectedLines(const std::string& text) {
  std::vector<std::pair<int64_t, bool>> lines;  // (line, too long)
  int64_t number = 0;
  for (size_t at = 0; at < text.size();) {
    const size_t end = std::min(text.find('\n', at), text.size());
    std::string line = text.substr(at, end - at);
    at = end + 1;
    ++number;
    if (line.size() > kMaxBatchLineBytes) {
      lines.emplace_back(number, true);
      continue;
    }
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") != std::string::npos) lines.emplace_back(number, false);
  }
  return lines;
}

// Lines around the length limit, across the reads and the blocks: CRLF, blank lines, a last line
// without '\n', and lines far longer than the limit, read from a buffer and from a stream.
TEST(BatchTest, SplitsLinesAtTheLimitAcrossReadsAndBlocks) {
  const std::string sale = R"({"date":"2025-06-01","item":"H20","destination":"CN"})";
  const auto padded = [&](size_t size) {  // a sale of `size` bytes: spaces before its '}'
    std::string s = sale.substr(0, sale.size() - 1);
    s.append(size - s.size() - 1, ' ');
    return s + "}";
  };
  std::string text;
  for (size_t size : {kMaxBatchLineBytes - 1, kMaxBatchLineBytes, kMaxBatchLineBytes + 1, 3 * kMaxBatchLineBytes}) {
    text += padded(size) + "\n";
    text += padded(size) + "\r\n";
    for (int i = 0; i < 1500; ++i) text += (i % 13 == 0 ? std::string(i % 3, ' ') : sale) + (i % 7 ? "\n" : "\r\n");
  }
  for (const std::string& input : {text, text + sale, text + padded(kMaxBatchLineBytes + 5), std::string("\n"),
                                   std::string("\r\n \n"), std::string(2 * kMaxBatchLineBytes, 'x')}) {
    const std::vector<std::pair<int64_t, bool>> expected = ExpectedLines(input);
    for (int source = 0; source < 2; ++source) {
      std::vector<std::pair<int64_t, bool>> got;
      std::istringstream stream(input);
      const JsonLinesInput in = source == 0 ? JsonLinesInput::Buffer(input) : JsonLinesInput::Stream(stream);
      const absl::StatusOr<BatchSummary> summary =
          EvaluateJsonLinesEach(Builtin(), in,
                                [&](const BatchResult& r) {
                                  const bool too_long = r.error.find("line longer than") != std::string_view::npos;
                                  EXPECT_TRUE(too_long || r.error.empty()) << r.line << ": " << r.error;
                                  got.emplace_back(r.line, too_long);
                                  return absl::OkStatus();
                                },
                                {.eval = {.trace = TraceLevel::kNone}, .threads = 2});
      ASSERT_TRUE(summary.ok()) << summary.status();
      EXPECT_EQ(got, expected) << "input of " << input.size() << " bytes, source " << source;
      EXPECT_EQ(summary->lines, input.empty() ? 0 : ExpectedLineCount(input)) << input.size();
    }
  }
}

}  // namespace
}  // namespace exportctl
