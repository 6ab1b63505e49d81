// Batch evaluation: many sales on several threads, the results in input order, a bad sale
// reported in its place (docs/json.md, docs/csv.md). `exportctl batch`, the C API's
// exportctl_evaluate_batch and Python's evaluate_many are this.
//
//   std::ifstream in("sales.jsonl");
//   absl::StatusOr<BatchSummary> summary = EvaluateJsonLines(
//       *rules, JsonLinesInput::Stream(in),
//       [&](std::string_view lines) { out << lines; return absl::OkStatus(); }, {.threads = 4});
//
// Input is JSON Lines (one sale object per line) or CSV (BatchOptions::input_format: a header
// row, then one sale per row; a quoted cell may span lines). A trailing '\r' is dropped and blank
// lines (for CSV, rows of blank cells too) are skipped; they are counted, so that line numbers
// stay those of the input. Each other line (record) gives one result: the decision, or an error
// for a line that is not a usable sale. A line longer than kMaxBatchLineBytes is a bad line;
// memory stays bounded whatever the input.
//
// Output is JSON Lines (each decision compact, as AppendDecisionJson writes it, carrying "line",
// the input line; {"line":N,"error":"N:COLUMN: message"} for a bad line) or CSV (one flat row per
// sale under a header row, BatchHeader). With rule_set_once, the JSON decisions leave the rule
// set and the citations to one header line (RuleSetHeaderJson).
//
// The calls fail (and stop early) when the input cannot be read, when a CSV header row is not
// one of sales ("LINE:COLUMN: message": the caller adds its file name), when a callback returns
// an error or when the threads cannot be started; a bad line is not a failure, it is counted in
// the summary. No exception leaves these calls.
#ifndef EXPORTCTL_BATCH_H_
#define EXPORTCTL_BATCH_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "exportctl/decision.h"
#include "exportctl/evaluate.h"
#include "exportctl/rule_set.h"

namespace exportctl {

// The most threads a batch evaluates on.
inline constexpr int kMaxBatchThreads = 1024;
// The longest input line a batch reads; a longer one is a bad line.
inline constexpr size_t kMaxBatchLineBytes = size_t{1} << 20;

// What a batch did.
struct BatchSummary {
  int64_t lines = 0;           // input lines read, blank ones included (sales, for a list)
  int64_t decisions = 0;       // lines evaluated
  int64_t errors = 0;          // bad lines, reported in place
  int64_t first_bad_line = 0;  // the line number of the first bad line; 0 when none
};

// How a batch reads its input or writes its output.
enum class BatchFormat : uint8_t {
  kJsonLines,  // one JSON object per line
  kCsv,        // RFC 4180, a header row first (docs/csv.md)
};

struct BatchOptions {
  // The trace level and as-of date of every evaluation.
  EvalOptions eval = {.as_of = std::nullopt, .trace = TraceLevel::kFired};
  // Threads that evaluate: 0 for std::thread::hardware_concurrency(), else 1 to kMaxBatchThreads.
  // The calling thread is one of them (it evaluates while it waits for the oldest block): a
  // batch starts threads - 1 workers.
  int threads = 0;
  // When set, called on the calling thread after each block of results is delivered.
  std::function<void(const BatchSummary&)> progress = nullptr;
  // The input of EvaluateJsonLines and EvaluateJsonLinesEach (EvaluateSalesEach reads JSON
  // objects whatever this says).
  BatchFormat input_format = BatchFormat::kJsonLines;
  // The output: compact JSON decisions, or CSV rows (BatchResult::json then holds the row).
  BatchFormat output_format = BatchFormat::kJsonLines;
  // JSON output for bulk use: the rule set once, in the header line (BatchHeader), not in each
  // decision; and unless eval.trace is kFull, trace entries name their rule without its legal
  // force, citation and thresholds (the header line gives each rule's legal force and citation).
  bool rule_set_once = false;
};

// What EvaluateJsonLines writes before the first result, '\n' included: the CSV header row for
// CSV output; RuleSetHeaderJson's line with rule_set_once; else nothing. The Each functions
// deliver results only: their callers write this themselves.
std::string BatchHeader(const RuleSet& rules, const BatchOptions& options);

// Where a batch reads its input (JSON Lines or CSV) from.
class JsonLinesInput {
 public:
  // Reads `fd` to its end (it is not closed). A failed read is "cannot read NAME: REASON".
  static JsonLinesInput Fd(int fd, std::string name);
  // Reads `in` to its end; a stream that goes bad is an error.
  static JsonLinesInput Stream(std::istream& in);
  // Reads `text`, which must outlive the call.
  static JsonLinesInput Buffer(std::string_view text);

  // Copies up to `size` bytes into `buffer`: the count, 0 at the end, or the read error.
  absl::StatusOr<size_t> Read(char* buffer, size_t size) const { return read_(buffer, size); }

 private:
  explicit JsonLinesInput(std::function<absl::StatusOr<size_t>(char*, size_t)> read) : read_(std::move(read)) {}
  std::function<absl::StatusOr<size_t>(char*, size_t)> read_;
};

// One result, in input order.
struct BatchResult {
  int64_t line = 0;        // the 1-based input line (for EvaluateSalesEach: the sale's index + 1)
  std::string_view json;   // without '\n': the decision, or {"line":N,"error":...}; for CSV output, the row
  std::string_view error;  // empty for a decision; else the error message, as in `json`
};

// Evaluates JSON Lines (or CSV) and hands the output to `write`, the header (BatchHeader) first,
// then in input order, in pieces of whole lines (each line ends with '\n'). Stops with the error
// `write` returns.
absl::StatusOr<BatchSummary> EvaluateJsonLines(const RuleSet& rules, const JsonLinesInput& input,
                                               absl::FunctionRef<absl::Status(std::string_view)> write,
                                               const BatchOptions& options = {});

// Evaluates JSON Lines (or CSV) and calls `on_result` for each non-blank line, in input order, on the
// calling thread. The views are valid during the call. Stops with the error `on_result` returns.
absl::StatusOr<BatchSummary> EvaluateJsonLinesEach(const RuleSet& rules, const JsonLinesInput& input,
                                                   absl::FunctionRef<absl::Status(const BatchResult&)> on_result,
                                                   const BatchOptions& options = {});

// Evaluates a list of sales (each one JSON object; it may span lines) and calls `on_result` for
// each, in order, on the calling thread. An error message keeps the sale's own "LINE:COLUMN: ";
// a decision carries no "line" (the sale's position is its index).
absl::StatusOr<BatchSummary> EvaluateSalesEach(const RuleSet& rules, absl::Span<const std::string_view> sales,
                                               absl::FunctionRef<absl::Status(const BatchResult&)> on_result,
                                               const BatchOptions& options = {});

}  // namespace exportctl

#endif  // EXPORTCTL_BATCH_H_
