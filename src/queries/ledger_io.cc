// The order book as JSON Lines (ScreenJsonLines) and the ledger's report (exportctl/ledger.h).
//
// Unlike batch, which streams, the book is read whole: a sale late in the input may come first in
// date order. The lines are parsed in parallel, the ledger planned (its walk evaluates only the
// few sales held), and the decisions evaluated and written in parallel, a few chunks at a time, in
// input order, through buffers reused from round to round.
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <deque>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "exportctl/json.h"
#include "exportctl/ledger.h"
#include "internal/strings.h"
#include "queries/ledger.h"
#include "queries/parallel.h"

namespace exportctl {
namespace {

struct BookLine {
  int64_t number = 0;     // 1-based input line
  std::string_view text;  // empty when too long
  bool too_long = false;
};

// The whole input, in a buffer grown by doubling without first zeroing it.
struct InputText {
  std::unique_ptr<char[]> data;
  size_t size = 0;
  std::string_view view() const { return std::string_view(data.get(), size); }
};
absl::StatusOr<InputText> ReadAll(const JsonLinesInput& input) {
  InputText text;
  size_t capacity = 0;
  for (;;) {
    if (text.size == capacity) {
      capacity = std::max<size_t>(size_t{1} << 20, 2 * capacity);
      auto bigger = std::make_unique_for_overwrite<char[]>(capacity);
      if (text.size > 0) std::memcpy(bigger.get(), text.data.get(), text.size);
      text.data = std::move(bigger);
    }
    absl::StatusOr<size_t> got = input.Read(text.data.get() + text.size, capacity - text.size);
    if (!got.ok()) return got.status();
    if (*got == 0) return text;
    text.size += *got;
  }
}

// The non-blank lines of `text`, numbered as in the input (a trailing '\r' dropped).
std::vector<BookLine> SplitLines(std::string_view text, int64_t& count) {
  std::vector<BookLine> lines;
  count = 0;
  while (!text.empty()) {
    const size_t end = std::min(text.find('\n'), text.size());
    std::string_view line = text.substr(0, end);
    text.remove_prefix(std::min(text.size(), end + 1));
    ++count;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.find_first_not_of(" \t") == std::string_view::npos) continue;
    if (line.size() > kMaxBatchLineBytes) lines.push_back({count, {}, true});
    else lines.push_back({count, line, false});
  }
  return lines;
}

// {"line":N,"error":"N:COLUMN: message"}: the message of a single-line sale names the input line.
std::string LineError(const BookLine& line, const absl::Status& status) {
  std::string message(internal::Sv(status.message()));
  if (message.compare(0, 2, "1:") == 0) message = std::to_string(line.number) + message.substr(1);
  return message;
}

// The book, parsed in parallel: the facts of each good line, in order, and the error message of
// each line (empty for a sale). The sales whose decisions depend on the ledger
// (internal::NeedsLedger: those that hold a counted license or approval, or draw on the volume
// cap; few) are kept in `held` (one deque per chunk of lines: their addresses stay put); the
// others are parsed again when their decisions are written. Keeping every sale, or every decision
// written in the first pass, would hold a book's worth of memory: on this project's machine,
// first touching 1.3 GB costs more than parsing 1 M lines again.
struct Book {
  std::vector<internal::SaleFacts> facts;
  std::vector<std::string> errors;
  std::vector<std::deque<Sale>> held;
};

absl::Status ParseBook(const RuleSet& rules, const std::vector<BookLine>& lines, const LedgerOptions& options,
                       int threads, Book& book) {
  std::vector<internal::SaleFacts> facts(lines.size());
  book.errors.assign(lines.size(), {});
  book.held.resize((lines.size() + internal::kOrderBookChunk - 1) / internal::kOrderBookChunk);
  absl::Status s =
      internal::ParallelFor(lines.size(), threads, internal::kOrderBookChunk, [&](size_t begin, size_t end) {
        std::deque<Sale>& held = book.held[begin / internal::kOrderBookChunk];
        for (size_t k = begin; k < end; ++k) {
          if (lines[k].too_long) {
            book.errors[k] = std::to_string(lines[k].number) + ":1: line longer than " +
                             std::to_string(kMaxBatchLineBytes) + " bytes";
            continue;
          }
          absl::StatusOr<Sale> sale = ParseSaleJson(lines[k].text, rules);
          if (!sale.ok()) {
            book.errors[k] = LineError(lines[k], sale.status());
            continue;
          }
          facts[k] = internal::FactsOf(rules, *sale, options.eval);
          if (facts[k].held != nullptr) facts[k].held = &held.emplace_back(*std::move(sale));
        }
      });
  if (!s.ok()) return s;
  for (size_t k = 0; k < lines.size(); ++k) {
    if (book.errors[k].empty()) book.facts.push_back(std::move(facts[k]));
  }
  return absl::OkStatus();
}

void AppendErrorLine(std::string& out, int64_t line, std::string_view message) {
  out += "{\"line\":";
  out += std::to_string(line);
  out += ",\"error\":\"";
  AppendJsonEscaped(out, message);
  out += "\"}\n";
}

absl::StatusOr<ScreenSummary> Screen(const RuleSet& rules, std::string_view text,
                                     absl::FunctionRef<absl::Status(std::string_view)> write,
                                     const LedgerOptions& options) {
  const absl::StatusOr<int> threads = internal::WorkerThreads(options.threads);
  if (!threads.ok()) return threads.status();
  ScreenSummary summary;
  const std::vector<BookLine> lines = SplitLines(text, summary.batch.lines);
  Book book;
  if (absl::Status s = ParseBook(rules, lines, options, *threads, book); !s.ok()) return s;
  const std::vector<std::string>& errors = book.errors;
  // The index of each line's sale among the good ones, and the kept sales.
  std::vector<uint32_t> sale_of(lines.size());
  std::vector<const Sale*> held(book.facts.size());
  for (size_t k = 0, next = 0; k < lines.size(); ++k) {
    sale_of[k] = static_cast<uint32_t>(next);
    if (errors[k].empty()) held[next] = book.facts[next].held, ++next;
    else if (summary.batch.errors++ == 0) summary.batch.first_bad_line = lines[k].number;
  }
  summary.batch.decisions = static_cast<int64_t>(book.facts.size());
  absl::StatusOr<LedgerPlan> plan = internal::LedgerPlanAccess::Make(rules, std::move(book.facts), options);
  if (!plan.ok()) return plan.status();
  absl::Status s = internal::ParallelOrdered(
      lines.size(), *threads, internal::kOrderBookChunk,
      [&](size_t begin, size_t end, std::string& out) {
        for (size_t k = begin; k < end; ++k) {
          if (!errors[k].empty()) {
            AppendErrorLine(out, lines[k].number, errors[k]);
            continue;
          }
          const Sale* sale = held[sale_of[k]];
          absl::StatusOr<Sale> parsed;
          if (sale == nullptr) {  // parsed before: it parses again
            parsed = ParseSaleJson(lines[k].text, rules);
            if (!parsed.ok()) {  // never: the same text parsed before
              AppendErrorLine(out, lines[k].number, LineError(lines[k], parsed.status()));
              continue;
            }
            sale = &*parsed;
          }
          AppendDecisionJson(out, plan->Evaluate(rules, sale_of[k], *sale, options.eval), *sale, rules);
          out += '\n';
        }
      },
      write);
  if (!s.ok()) return s;
  summary.ledger = plan->ledger();
  return summary;
}

// A count, or null.
void AppendCount(std::string& out, const std::optional<int64_t>& v) {
  if (v) out += std::to_string(*v);
  else out += "null";
}

void AppendEntryJson(std::string& out, const LedgerEntry& e) {
  out += "{\"jurisdiction\":\"" + e.jurisdiction.ToString() + "\",\"id\":\"";
  AppendJsonEscaped(out, e.id);
  out += "\",\"kind\":\"";
  out += NotAppliedKindName(e.kind);
  out += "\",\"granted\":";
  AppendCount(out, e.granted);
  out += ",\"used\":" + std::to_string(e.used) + ",\"left\":";
  AppendCount(out, e.left());
  out += ",\"sales_holding\":" + std::to_string(e.sales_holding) +
         ",\"sales_covered\":" + std::to_string(e.sales_covered) +
         ",\"sales_refused\":" + std::to_string(e.sales_refused);
  if (e.quantities_differ) out += ",\"quantities_differ\":true";
  out += '}';
}

void AppendCapJson(std::string& out, const VolumeCapEntry& c) {
  out += "{\"item\":\"";
  AppendJsonEscaped(out, c.item);
  out += "\",\"us_units_shipped\":" + std::to_string(c.us_units_shipped) +
         ",\"units_under_cap\":" + std::to_string(c.units_under_cap) +
         ",\"sales_covered\":" + std::to_string(c.sales_covered) +
         ",\"sales_refused\":" + std::to_string(c.sales_refused) + "}";
}

// Appends `items` as a JSON array, one element a line when pretty.
template <class T, class Append>
void AppendArray(std::string& out, const std::vector<T>& items, bool pretty, Append append) {
  out += '[';
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += ',';
    if (pretty) out += "\n    ";
    append(out, items[i]);
  }
  if (pretty && !items.empty()) out += "\n  ";
  out += ']';
}

}  // namespace

absl::StatusOr<ScreenSummary> ScreenJsonLines(const RuleSet& rules, std::string_view text,
                                              absl::FunctionRef<absl::Status(std::string_view)> write,
                                              const LedgerOptions& options) {
  try {
    return Screen(rules, text, write, options);
  } catch (const std::bad_alloc&) {
    return absl::ResourceExhaustedError("order book evaluation failed: out of memory");
  } catch (const std::exception& e) {
    return absl::InternalError(std::string("order book evaluation failed: ") + e.what());
  }
}

absl::StatusOr<ScreenSummary> ScreenJsonLines(const RuleSet& rules, const JsonLinesInput& input,
                                              absl::FunctionRef<absl::Status(std::string_view)> write,
                                              const LedgerOptions& options) {
  absl::StatusOr<InputText> text;
  try {
    text = ReadAll(input);
  } catch (const std::bad_alloc&) {
    return absl::ResourceExhaustedError("order book evaluation failed: out of memory");
  }
  if (!text.ok()) return text.status();
  return ScreenJsonLines(rules, text->view(), write, options);
}

std::string LedgerToJson(const Ledger& ledger, bool pretty) {
  std::string out = pretty ? "{\n  \"licenses\": " : "{\"licenses\":";
  AppendArray(out, ledger.entries, pretty, AppendEntryJson);
  out += pretty ? ",\n  \"volume_caps\": " : ",\"volume_caps\":";
  AppendArray(out, ledger.volume_caps, pretty, AppendCapJson);
  out += pretty ? "\n}\n" : "}\n";
  return out;
}

std::string LedgerTable(const Ledger& ledger, size_t max_rows) {
  std::string out;
  auto cell = [](const std::optional<int64_t>& v) { return v ? std::to_string(*v) : std::string("-"); };
  char line[512];
  size_t rows = 0;
  if (!ledger.entries.empty()) {
    std::snprintf(line, sizeof line, "%-4s %-20s %-9s %12s %12s %12s %8s %8s\n", "jur", "id", "kind", "granted", "used",
                  "left", "covered", "refused");
    out += line;
  }
  for (const LedgerEntry& e : ledger.entries) {
    if (rows++ == max_rows) break;
    std::snprintf(line, sizeof line, "%-4s %-20.20s %-9s %12s %12lld %12s %8lld %8lld\n",
                  e.jurisdiction.ToString().c_str(), e.id.c_str(), std::string(NotAppliedKindName(e.kind)).c_str(),
                  cell(e.granted).c_str(), static_cast<long long>(e.used), cell(e.left()).c_str(),
                  static_cast<long long>(e.sales_covered), static_cast<long long>(e.sales_refused));
    out += line;
  }
  for (const VolumeCapEntry& c : ledger.volume_caps) {
    if (rows++ >= max_rows) break;
    std::snprintf(line, sizeof line,
                  "volume cap %.60s: %lld units shipped to the US, %lld under the cap (%lld %s), %lld refused\n",
                  c.item.c_str(), static_cast<long long>(c.us_units_shipped), static_cast<long long>(c.units_under_cap),
                  static_cast<long long>(c.sales_covered), c.sales_covered == 1 ? "sale" : "sales",
                  static_cast<long long>(c.sales_refused));
    out += line;
  }
  const size_t total = ledger.entries.size() + ledger.volume_caps.size();
  if (total > max_rows) out += "... and " + std::to_string(total - max_rows) + " more rows in the JSON report\n";
  return out;
}

}  // namespace exportctl
