// Batch evaluation: many sales on several threads, the results in input order, a bad sale
// reported in its place (docs/json.md). `exportctl batch`, the C API's exportctl_evaluate_batch
// and Python's evaluate_many are this.
//
//   std::ifstream in("sales.jsonl");
//   absl::StatusOr<BatchSummary> summary = EvaluateJsonLines(
//       *rules, JsonLinesInput::Stream(in),
//       [&](std::string_view lines) { out << lines; return absl::OkStatus(); }, {.threads = 4});
//
// Input is JSON Lines: one sale object per line; a trailing '\r' is dropped and blank lines are
// skipped (they are counted, so that line numbers stay those of the input). Each other line gives
// one output line: the decision (compact JSON, as AppendDecisionJson writes it), or
// {"line":N,"error":"N:COLUMN: message"} for a line that is not a usable sale. A line longer than
// kMaxBatchLineBytes is a bad line; memory stays bounded whatever the input.
//
// The calls fail (and stop early) when the input cannot be read, when a callback returns an error
// or when the threads cannot be started; a bad line is not a failure, it is counted in the summary.
// No exception leaves these calls.
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

// The most worker threads a batch takes.
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

struct BatchOptions {
  // The trace level and as-of date of every evaluation.
  EvalOptions eval = {.as_of = std::nullopt, .trace = TraceLevel::kFired};
  // Worker threads: 0 for std::thread::hardware_concurrency(), else 1 to kMaxBatchThreads.
  int threads = 0;
  // When set, called on the calling thread after each block of results is delivered.
  std::function<void(const BatchSummary&)> progress = nullptr;
};

// Where a batch reads JSON Lines from.
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
  std::string_view json;   // one JSON object without '\n': the decision, or {"line":N,"error":...}
  std::string_view error;  // empty for a decision; else the error message, as in `json`
};

// Evaluates JSON Lines and hands the output to `write`, in input order, in pieces of whole lines
// (each line ends with '\n'). Stops with the error `write` returns.
absl::StatusOr<BatchSummary> EvaluateJsonLines(const RuleSet& rules, const JsonLinesInput& input,
                                               absl::FunctionRef<absl::Status(std::string_view)> write,
                                               const BatchOptions& options = {});

// Evaluates JSON Lines and calls `on_result` for each non-blank line, in input order, on the
// calling thread. The views are valid during the call. Stops with the error `on_result` returns.
absl::StatusOr<BatchSummary> EvaluateJsonLinesEach(const RuleSet& rules, const JsonLinesInput& input,
                                                   absl::FunctionRef<absl::Status(const BatchResult&)> on_result,
                                                   const BatchOptions& options = {});

// Evaluates a list of sales (each one JSON object; it may span lines) and calls `on_result` for
// each, in order, on the calling thread. An error message keeps the sale's own "LINE:COLUMN: ".
absl::StatusOr<BatchSummary> EvaluateSalesEach(const RuleSet& rules, absl::Span<const std::string_view> sales,
                                               absl::FunctionRef<absl::Status(const BatchResult&)> on_result,
                                               const BatchOptions& options = {});

}  // namespace exportctl

#endif  // EXPORTCTL_BATCH_H_
