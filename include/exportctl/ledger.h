// A ledger across an order book: licenses and approvals drawn down sale by sale, and the volume
// cap of the January 2026 rule computed from the book's own US shipments (docs/json.md, "Screen";
// docs/law.md §6, "The volume cap in an order book").
//
//   std::vector<Sale> book = ...;
//   absl::StatusOr<OrderBookResult> r = EvaluateOrderBook(*rules, book, {.threads = 2});
//   // r->decisions[i] is the decision of book[i]; r->ledger.entries what each license has left
//
// The rules of the ledger:
// - A license or approval with an `id` is counted: the sales of the book that hold one with the
//   same (jurisdiction, id) draw on one quantity. One without an `id` is per sale, as in
//   Evaluate. The quantity granted is the smallest `quantity` the sales give for it (none given:
//   not capped, its use is still counted).
// - Sales are applied in date order, and in input order within a day. A sale is evaluated as
//   Evaluate would, with each counted authorization's quantity replaced by what is left of it; one
//   that covers too few units is in `not_applied` with the reason "license L-17: 400 units left,
//   1,000 asked". A sale that may ship (verdict allowed or allowed_with_conditions; one held for
//   review reserves its units) draws its quantity on each counted authorization that covered it:
//   the one the evaluator applied, per jurisdiction.
// - A sale without `us_units_shipped` gets the units of the same item that the book ships to the
//   US (destination US, `allowed`) on earlier days. A sale licensed under a volume cap is covered
//   only while the book's shipments of the item under the cap, this one included, stay within the
//   cap; otherwise `not_applied` says "volume cap: N of C units left after the order book's
//   shipments to CN and MO, M asked".
//
// Deterministic: the same book and options give the same decisions and ledger on any number of
// threads. No exception leaves these calls.
#ifndef EXPORTCTL_LEDGER_H_
#define EXPORTCTL_LEDGER_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "exportctl/batch.h"
#include "exportctl/country.h"
#include "exportctl/decision.h"
#include "exportctl/evaluate.h"
#include "exportctl/rule_set.h"
#include "exportctl/sale.h"

namespace exportctl {

struct LedgerOptions {
  // The trace level and as-of date of the decisions (the ledger itself does not depend on the
  // trace level).
  EvalOptions eval = {.as_of = std::nullopt, .trace = TraceLevel::kFired};
  // Worker threads: 0 for std::thread::hardware_concurrency(), else 1 to kMaxBatchThreads.
  int threads = 0;
};

// One counted license or approval, after the whole book.
struct LedgerEntry {
  Country jurisdiction;
  std::string id;
  NotApplied::Kind kind = NotApplied::Kind::kLicense;  // where the first sale holding it lists it
  std::optional<int64_t> granted;                      // the smallest quantity a sale gives; nullopt: none gives one
  bool quantities_differ = false;                      // the sales give different quantities for it
  int64_t used = 0;                                    // units of the sales it covered
  int64_t sales_holding = 0;                           // sales that hold it
  int64_t sales_covered = 0;                           // sales it covered
  int64_t sales_refused = 0;                           // sales it would have matched but for the units left
  std::optional<int64_t> left() const { return granted ? std::optional<int64_t>(*granted - used) : std::nullopt; }
};

// The volume cap of one item across the book: only items that a sale ships, or asks to ship,
// under a cap.
struct VolumeCapEntry {
  std::string item;              // the chip's model
  int64_t us_units_shipped = 0;  // the book's allowed shipments of the item to the US, all dates
  int64_t units_under_cap = 0;   // units of the sales covered under the cap (to CN, HK, MO)
  int64_t sales_covered = 0;     // sales covered under the cap
  int64_t sales_refused = 0;     // sales not covered because the book's earlier ones used the cap
};

struct Ledger {
  std::vector<LedgerEntry> entries;         // by jurisdiction, then id
  std::vector<VolumeCapEntry> volume_caps;  // by item
};

namespace internal {
struct LedgerPlanAccess;
}

// What the ledger decided for each sale of a book: evaluate any sale of it in the book's context,
// in any order and on any thread.
class LedgerPlan {
 public:
  // Applies the book's sales in date order (threads as in `options`; the decisions' trace level
  // does not matter here). The sales need not outlive the plan.
  static absl::StatusOr<LedgerPlan> Make(const RuleSet& rules, absl::Span<const Sale> sales,
                                         const LedgerOptions& options = {});
  // The decision of `sale`, sale `index` of the book the plan was made from. Thread-safe. Its
  // NotApplied::id views point into this plan.
  Decision Evaluate(const RuleSet& rules, size_t index, const Sale& sale, const EvalOptions& options) const;
  const Ledger& ledger() const;
  // Keeps what the decisions' NotApplied::id views point into alive (OrderBookResult::keep_alive).
  std::shared_ptr<const void> KeepAlive() const { return state_; }

  struct State;  // the plan's data (src/queries/ledger.cc)

 private:
  friend struct internal::LedgerPlanAccess;
  explicit LedgerPlan(std::shared_ptr<const State> state) : state_(std::move(state)) {}
  std::shared_ptr<const State> state_;
};

struct OrderBookResult {
  std::vector<Decision> decisions;  // decisions[i] is the decision of sales[i]
  Ledger ledger;
  // Owns what the decisions' NotApplied::id views point into.
  std::shared_ptr<const void> keep_alive;
};

// Evaluates an order book with its ledger.
absl::StatusOr<OrderBookResult> EvaluateOrderBook(const RuleSet& rules, absl::Span<const Sale> sales,
                                                  const LedgerOptions& options = {});

// What `exportctl screen` did.
struct ScreenSummary {
  BatchSummary batch;  // lines, decisions, bad lines
  Ledger ledger;
};

// Evaluates the sales of the JSON Lines in `text` as one order book and hands the output to
// `write` as EvaluateJsonLines does (blank lines skipped, each decision carrying "line", a bad
// line reported in place as {"line":N,"error":...}), in input order, in pieces of whole lines.
absl::StatusOr<ScreenSummary> ScreenJsonLines(const RuleSet& rules, std::string_view text,
                                              absl::FunctionRef<absl::Status(std::string_view)> write,
                                              const LedgerOptions& options = {});
// The same on the whole of `input`, read into memory first (a pipe can be read only once).
absl::StatusOr<ScreenSummary> ScreenJsonLines(const RuleSet& rules, const JsonLinesInput& input,
                                              absl::FunctionRef<absl::Status(std::string_view)> write,
                                              const LedgerOptions& options = {});
// The same on the file at `path`, read twice (the plan, then the decisions), a block at a time:
// memory does not grow with the book. A file that changes between or during the reads (its size,
// modification or change time) is an error, returned after the output it spoiled: that output
// must not be used. A path that is not a regular file (a pipe) is read into memory.
absl::StatusOr<ScreenSummary> ScreenJsonLinesFile(const RuleSet& rules, const std::string& path,
                                                  absl::FunctionRef<absl::Status(std::string_view)> write,
                                                  const LedgerOptions& options = {});

// The ledger as JSON: {"licenses": [{"jurisdiction", "id", "kind", "granted", "used", "left",
// "sales_holding", "sales_covered", "sales_refused", "quantities_differ"?}, ...],
// "volume_caps": [{"item", "us_units_shipped", "units_under_cap", "sales_covered",
// "sales_refused"}, ...]}. `granted` and `left` are null when no sale gives a quantity.
std::string LedgerToJson(const Ledger& ledger, bool pretty = false);
// A short table for people: one line per entry, at most `max_rows` of them.
std::string LedgerTable(const Ledger& ledger, size_t max_rows = 20);

}  // namespace exportctl

#endif  // EXPORTCTL_LEDGER_H_
