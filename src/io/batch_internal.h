// What batch.cc's pipeline offers the order book (src/queries/ledger_io.cc): a scan of the lines
// that writes nothing, and batch evaluation with the ledger deciding the sales it holds. Both
// read the input as EvaluateJsonLines does, so `screen` reads its book twice, in blocks, without
// holding it in memory.
#ifndef EXPORTCTL_SRC_IO_BATCH_INTERNAL_H_
#define EXPORTCTL_SRC_IO_BATCH_INTERNAL_H_

#include <cstdint>
#include <exception>
#include <new>
#include <string>
#include <string_view>

#include "absl/functional/function_ref.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "exportctl/batch.h"

namespace exportctl::internal {

// Runs `body` (returning absl::StatusOr<T>) and turns an exception into an error: "WHAT failed:
// out of memory", or the exception's message. None leaves the library.
template <class T, class Body>
absl::StatusOr<T> CatchAsStatus(std::string_view what, Body body) {
  try {
    return body();
  } catch (const std::bad_alloc&) {
    return absl::ResourceExhaustedError(std::string(what) + " failed: out of memory");
  } catch (const std::exception& e) {
    return absl::InternalError(std::string(what) + " failed: " + e.what());
  }
}

// One non-blank input line.
struct BatchLine {
  int64_t number = 0;     // 1-based line number in the input
  std::string_view text;  // into the block's text, or the caller's sale
  bool too_long = false;  // longer than kMaxBatchLineBytes: its text was dropped
};

// How a batch decides the sale of a line, when not by Evaluate alone.
class LineEvaluator {
 public:
  virtual ~LineEvaluator() = default;
  // The decision of `sale`, read from input line `line`. Called on the evaluating threads (the
  // workers and the calling thread).
  virtual Decision Evaluate(const RuleSet& rules, const Sale& sale, int64_t line, const EvalOptions& options) const = 0;
};

// EvaluateJsonLines, with `evaluator` deciding each sale.
absl::StatusOr<BatchSummary> EvaluateJsonLinesWith(const RuleSet& rules, const JsonLinesInput& input,
                                                   absl::FunctionRef<absl::Status(std::string_view)> write,
                                                   const BatchOptions& options, const LineEvaluator& evaluator);

// Reads `input` as EvaluateJsonLines does and hands its non-blank lines to `scan`, a chunk of
// consecutive lines at a time, on the evaluating threads, the chunks in no particular order; writes
// nothing and evaluates nothing. `scan` must be safe to call from several threads at once. The
// summary counts the lines read (`lines`) and the non-blank ones (`decisions`).
absl::StatusOr<BatchSummary> ScanJsonLines(const RuleSet& rules, const JsonLinesInput& input,
                                           const BatchOptions& options,
                                           absl::FunctionRef<void(absl::Span<const BatchLine>)> scan);

}  // namespace exportctl::internal

#endif  // EXPORTCTL_SRC_IO_BATCH_INTERNAL_H_
