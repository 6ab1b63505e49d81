// The order book as JSON Lines (ScreenJsonLines) and the ledger's report (exportctl/ledger.h).
//
// A sale late in the input may come first in date order, so the book is read twice, each time
// through batch's pipeline (io/batch_internal.h), in blocks: the first pass parses, in parallel,
// only the lines that may matter to the ledger and keeps their facts; the plan is made (its walk
// evaluates only the few sales held); the second pass is a batch whose held sales the plan
// decides. A file is read from disk twice, not held in memory: on this project's machine, first
// touching the memory for a 273 MB book cost more than reading it (docs/performance.md).
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "exportctl/json.h"
#include "exportctl/ledger.h"
#include "internal/strings.h"
#include "io/batch_internal.h"
#include "queries/ledger.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace exportctl {
namespace {

// Whether `text` is a day as YYYY-MM-DD (YYYY-MM-DD text compares as the days do).
bool IsIsoDay(std::string_view text) {
  if (text.size() != 10) return false;
  for (size_t k = 0; k < 10; ++k) {
    if (k == 4 || k == 7 ? text[k] != '-' : (text[k] < '0' || text[k] > '9')) return false;
  }
  return true;
}

// The positions of the quotes of `line`, 16 bytes at a time; false when the line has a backslash
// (an escape can spell any key or value) or more than kMaxQuotes quotes.
constexpr int kMaxQuotes = 512;
bool FindQuotes(std::string_view line, uint32_t (&quotes)[kMaxQuotes], int& count) {
  count = 0;
  const auto add = [&](size_t at) {
    if (count == kMaxQuotes) return false;
    quotes[count++] = static_cast<uint32_t>(at);
    return true;
  };
  size_t i = 0;
#if defined(__SSE2__)
  const __m128i quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\');
  for (; i + 16 <= line.size(); i += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(line.data() + i));
    if (_mm_movemask_epi8(_mm_cmpeq_epi8(v, backslash)) != 0) return false;
    for (unsigned m = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, quote))); m != 0; m &= m - 1) {
      if (!add(i + static_cast<size_t>(__builtin_ctz(m)))) return false;
    }
  }
#endif
  for (; i < line.size(); ++i) {
    if (line[i] == '\\' || (line[i] == '"' && !add(i))) return false;
  }
  return true;
}

// Whether the sale on `line` may matter to the ledger's plan (internal::FactsOf): one that goes
// to the US, or holds a license or approval that is counted (an "id" key: the sale's own id
// passes too) or that a volume cap may bind (a "date" on or after `first_cap_day`, YYYY-MM-DD, or
// "~" when no rule has a cap). A line that passes may still not matter; one that fails cannot:
// without a backslash, quotes alternate, so each pair is a string, a key when a colon follows,
// and those facts are spelled out in the keys and their values. One pass over the quotes.
bool MayMatterToLedger(std::string_view line, std::string_view first_cap_day) {
  uint32_t quotes[kMaxQuotes];
  int count = 0;
  if (!FindQuotes(line, quotes, count) || count % 2 != 0) return true;  // the reader decides
  const auto skip_space = [&](size_t at) {
    while (at < line.size() && (line[at] == ' ' || line[at] == '\t' || line[at] == '\r')) ++at;
    return at;
  };
  bool holds = false, counted = false, late = false;
  int dates = 0;
  for (int k = 0; k < count; k += 2) {
    const std::string_view key = line.substr(quotes[k] + 1, quotes[k + 1] - quotes[k] - 1);
    const size_t colon = skip_space(quotes[k + 1] + 1);
    if (colon >= line.size() || line[colon] != ':') continue;  // a value, not a key
    const size_t value_at = skip_space(colon + 1);
    const bool string_value = k + 2 < count && quotes[k + 2] == value_at;
    const std::string_view value =
        string_value ? line.substr(quotes[k + 2] + 1, quotes[k + 3] - quotes[k + 2] - 1) : std::string_view();
    if (key == "destination") {
      if (string_value && value == "US") return true;
    } else if (key == "licenses" || key == "approvals") {
      holds = true;
    } else if (key == "id") {
      counted = true;
    } else if (key == "date") {
      ++dates;
      late |= !string_value || !IsIsoDay(value) || value >= first_cap_day;
    }
  }
  return holds && (counted || late || dates == 0);
}

// The sales of a book that its plan needs (held, or shipped to the US), by input line.
struct PlanSales {
  std::vector<int64_t> lines;  // ascending
  std::vector<internal::SaleFacts> facts;
  std::vector<std::unique_ptr<Sale>> held;  // what facts[].held point into
};

// The first pass: each line that may matter is parsed and its facts taken, on the evaluating threads.
// A bad line is left to the second pass, which reports it in place.
absl::StatusOr<PlanSales> ScanBook(const RuleSet& rules, const JsonLinesInput& input, const BatchOptions& options) {
  struct Kept {
    int64_t line;
    internal::SaleFacts facts;
    std::unique_ptr<Sale> sale;
  };
  const Date cap_day = internal::FirstVolumeCapDay(rules);
  const std::string first_cap_day = cap_day.is_unbounded() ? "~" : cap_day.ToString();
  std::mutex mutex;
  std::vector<Kept> kept;
  auto scan = [&](absl::Span<const internal::BatchLine> lines) {
    std::vector<Kept> found;
    for (const internal::BatchLine& line : lines) {
      if (line.too_long || !MayMatterToLedger(line.text, first_cap_day)) continue;
      absl::StatusOr<Sale> sale = ParseSaleJson(line.text, rules);
      if (!sale.ok()) continue;
      internal::SaleFacts facts = internal::FactsOf(rules, *sale, options.eval);
      if (facts.held == nullptr && !facts.shipped_to_us) continue;
      Kept& k = found.emplace_back(Kept{line.number, std::move(facts), nullptr});
      if (k.facts.held != nullptr) {
        k.sale = std::make_unique<Sale>(*std::move(sale));
        k.facts.held = k.sale.get();
      }
    }
    std::lock_guard<std::mutex> lock(mutex);
    for (Kept& k : found) kept.push_back(std::move(k));
  };
  const absl::StatusOr<BatchSummary> scanned = internal::ScanJsonLines(rules, input, options, scan);
  if (!scanned.ok()) return scanned.status();
  std::sort(kept.begin(), kept.end(), [](const Kept& a, const Kept& b) { return a.line < b.line; });
  PlanSales book;
  for (Kept& k : kept) {
    book.lines.push_back(k.line);
    book.facts.push_back(std::move(k.facts));
    if (k.sale) book.held.push_back(std::move(k.sale));
  }
  return book;
}

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

// The second pass decides each sale the plan holds by the plan, the others by Evaluate.
class PlannedLines : public internal::LineEvaluator {
 public:
  PlannedLines(const LedgerPlan& plan, std::vector<int64_t> lines) : plan_(plan), lines_(std::move(lines)) {}
  Decision Evaluate(const RuleSet& rules, const Sale& sale, int64_t line, const EvalOptions& options) const override {
    const auto it = std::lower_bound(lines_.begin(), lines_.end(), line);
    if (it == lines_.end() || *it != line) return exportctl::Evaluate(rules, sale, options);
    return plan_.Evaluate(rules, static_cast<size_t>(it - lines_.begin()), sale, options);
  }

 private:
  const LedgerPlan& plan_;
  const std::vector<int64_t> lines_;
};

// The book read twice by `open_book` (each call starts it anew), as ScreenJsonLines says.
absl::StatusOr<ScreenSummary> Screen(const RuleSet& rules,
                                     absl::FunctionRef<absl::StatusOr<JsonLinesInput>()> open_book,
                                     absl::FunctionRef<absl::Status(std::string_view)> write,
                                     const LedgerOptions& options) {
  const BatchOptions batch{.eval = options.eval, .threads = options.threads};
  absl::StatusOr<JsonLinesInput> input = open_book();
  if (!input.ok()) return input.status();
  absl::StatusOr<PlanSales> book = ScanBook(rules, *input, batch);
  if (!book.ok()) return book.status();
  absl::StatusOr<LedgerPlan> plan = internal::LedgerPlanAccess::Make(rules, std::move(book->facts), options);
  if (!plan.ok()) return plan.status();
  book->held.clear();  // the plan is made: the decisions read the sales again
  const PlannedLines planned(*plan, std::move(book->lines));
  input = open_book();
  if (!input.ok()) return input.status();
  absl::StatusOr<BatchSummary> summary = internal::EvaluateJsonLinesWith(rules, *input, write, batch, planned);
  if (!summary.ok()) return summary.status();
  return ScreenSummary{.batch = *summary, .ledger = plan->ledger()};
}

// What identifies a file's content: a write changes its size or its times (ctime cannot be set
// back).
struct FileVersion {
  dev_t device;
  ino_t inode;
  off_t size;
  timespec modified, changed;
  bool operator==(const FileVersion& o) const {
    return device == o.device && inode == o.inode && size == o.size && modified.tv_sec == o.modified.tv_sec &&
           modified.tv_nsec == o.modified.tv_nsec && changed.tv_sec == o.changed.tv_sec &&
           changed.tv_nsec == o.changed.tv_nsec;
  }
};
FileVersion VersionOf(const struct stat& st) { return {st.st_dev, st.st_ino, st.st_size, st.st_mtim, st.st_ctim}; }

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
  return internal::CatchAsStatus<ScreenSummary>("order book evaluation", [&] {
    return Screen(
        rules, [&]() -> absl::StatusOr<JsonLinesInput> { return JsonLinesInput::Buffer(text); }, write, options);
  });
}

absl::StatusOr<ScreenSummary> ScreenJsonLines(const RuleSet& rules, const JsonLinesInput& input,
                                              absl::FunctionRef<absl::Status(std::string_view)> write,
                                              const LedgerOptions& options) {
  return internal::CatchAsStatus<ScreenSummary>("order book evaluation", [&]() -> absl::StatusOr<ScreenSummary> {
    const absl::StatusOr<InputText> text = ReadAll(input);
    if (!text.ok()) return text.status();
    return ScreenJsonLines(rules, text->view(), write, options);
  });
}

absl::StatusOr<ScreenSummary> ScreenJsonLinesFile(const RuleSet& rules, const std::string& path,
                                                  absl::FunctionRef<absl::Status(std::string_view)> write,
                                                  const LedgerOptions& options) {
  const std::string name = "'" + path + "'";
  const auto fail = [&](int error) {
    return absl::InvalidArgumentError("cannot read " + name + ": " + std::strerror(error));
  };
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return fail(errno);
  const std::unique_ptr<int, void (*)(int*)> closer(new int(fd), [](int* f) { ::close(*f), delete f; });
  struct stat st;
  if (::fstat(fd, &st) != 0) return fail(errno);
  if (S_ISDIR(st.st_mode)) return fail(EISDIR);
  if (!S_ISREG(st.st_mode)) return ScreenJsonLines(rules, JsonLinesInput::Fd(fd, name), write, options);
  const FileVersion version = VersionOf(st);
  // Each pass starts at the beginning of a file that has not changed since the first began.
  const auto unchanged = [&]() -> absl::Status {
    struct stat now;
    if (::fstat(fd, &now) != 0) return fail(errno);
    if (!(VersionOf(now) == version)) {
      return absl::FailedPreconditionError(name + " changed while it was screened: its decisions are not usable");
    }
    return absl::OkStatus();
  };
  absl::StatusOr<ScreenSummary> summary = internal::CatchAsStatus<ScreenSummary>("order book evaluation", [&] {
    return Screen(
        rules,
        [&]() -> absl::StatusOr<JsonLinesInput> {
          if (absl::Status s = unchanged(); !s.ok()) return s;
          if (::lseek(fd, 0, SEEK_SET) != 0) return fail(errno);
          return JsonLinesInput::Fd(fd, name);
        },
        write, options);
  });
  if (!summary.ok()) return summary;
  if (absl::Status s = unchanged(); !s.ok()) return s;
  return summary;
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
