// Columnar evaluation (exportctl/columns.h). Each row's cells are made text (a number by
// std::to_chars into a per-thread buffer, a boolean "true"/"false", a code its dictionary entry)
// and read by ReadSaleCells (sale_csv.h), the path of a CSV row: the same checks, the same
// messages. Workers take chunks of rows and write each row's codes in place, so the results are in
// row order whatever the thread count; a chunk's fired rules and errors are joined in order at the end.
#include <algorithm>
#include <atomic>
#include <charconv>
#include <cmath>
#include <cstring>
#include <deque>
#include <exception>
#include <mutex>
#include <new>
#include <span>
#include <string>
#include <string_view>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "exportctl/batch.h"
#include "exportctl/columns.h"
#include "exportctl/decision.h"
#include "internal/strings.h"
#include "io/sale_csv.h"
#include "simdjson.h"

namespace exportctl {
namespace {

using internal::StrCat;

constexpr size_t kChunkRows = 1024;
constexpr size_t kNumberBytes = 32;  // a double's shortest text is at most 24 characters

enum class Amount : uint8_t { kPercent, kUsd, kUnits, kRatio };
struct ConditionField {
  ConditionKind kind;
  std::string_view name;
  Amount amount;
};
constexpr ConditionField kConditionFields[] = {
    {ConditionKind::kRevenueShare, "revenue_share_percent", Amount::kPercent},
    {ConditionKind::kRevenueShare, "revenue_share_usd", Amount::kUsd},
    {ConditionKind::kImportDuty, "import_duty_percent", Amount::kPercent},
    {ConditionKind::kImportDuty, "import_duty_usd", Amount::kUsd},
    {ConditionKind::kVolumeCap, "volume_cap_percent", Amount::kPercent},
    {ConditionKind::kVolumeCap, "volume_cap_units", Amount::kUnits},
    {ConditionKind::kApprovalQuantity, "approval_quantity_units", Amount::kUnits},
    {ConditionKind::kDomesticPurchase, "domestic_purchase_ratio", Amount::kRatio},
};

double AmountOf(const ConditionOut& c, Amount amount) {
  std::optional<double> v;
  switch (amount) {
    case Amount::kPercent: v = c.percent; break;
    case Amount::kUsd:  // to the cent, as the JSON decision gives it
      if (c.amount_usd) v = std::round(*c.amount_usd * 100) / 100;
      break;
    case Amount::kUnits:
      if (c.max_units) v = static_cast<double>(*c.max_units);
      break;
    case Amount::kRatio: v = c.ratio; break;
  }
  return v.value_or(std::nan(""));
}

// What every worker reads.
struct Context {
  const RuleSet& rules;
  const internal::SaleCsvLayout& layout;
  absl::Span<const SaleColumn> columns;
  std::vector<std::vector<uint8_t>> dictionary_ok;  // per kCodes column: its entries that are UTF-8
  absl::flat_hash_map<std::string_view, int32_t> rule_number;
  EvalOptions eval;
};

// What a chunk of rows gives beside the per-row codes.
struct Chunk {
  std::vector<int32_t> rules;                // the rule numbers of its rows, back to back
  std::vector<RowError> errors;              // in row order
  std::vector<std::string_view> exceptions;  // chunk-local table of license_exception codes
  std::deque<std::string> joined;            // exceptions of several jurisdictions, joined
  std::vector<std::string> unknown_rules;    // fired rules not in the rule set's list (none expected)
};

// One row's cells as text, in buffers reused row after row.
class RowCells {
 public:
  explicit RowCells(const Context& ctx)
      : ctx_(ctx), cells_(ctx.columns.size()), numbers_(ctx.columns.size() * kNumberBytes) {}

  // Fills the cells of `row`; false with *bad_column when a cell is not UTF-8.
  bool Fill(size_t row, int32_t* bad_column) {
    for (size_t c = 0; c < cells_.size(); ++c) {
      const SaleColumn& col = ctx_.columns[c];
      std::string_view cell;
      bool utf8_checked = true;
      switch (col.kind) {
        case ColumnKind::kText:
          cell = col.text[row].data() == nullptr ? std::string_view() : col.text[row];
          utf8_checked = false;
          break;
        case ColumnKind::kCStrings:
          if (const char* s = col.cstrings[row]; s != nullptr) {
            cell = std::string_view(s, col.sizes != nullptr ? col.sizes[row] : std::strlen(s));
          }
          utf8_checked = false;
          break;
        case ColumnKind::kCodes:
          if (const int32_t code = col.codes[row]; code >= 0) {
            if (static_cast<size_t>(code) >= col.dictionary.size() ||
                !ctx_.dictionary_ok[c][static_cast<size_t>(code)]) {
              *bad_column = static_cast<int32_t>(c);
              return false;
            }
            cell = col.dictionary[static_cast<size_t>(code)];
          }
          break;
        case ColumnKind::kNumbers: cell = NumberText(c, col.numbers[row]); break;
        case ColumnKind::kBools:
          if (col.bools[row] <= 1) cell = col.bools[row] != 0 ? "true" : "false";
          break;
      }
      if (!utf8_checked && !cell.empty() && !simdjson::validate_utf8(cell.data(), cell.size())) {
        *bad_column = static_cast<int32_t>(c);
        return false;
      }
      cells_[c] = cell;
    }
    return true;
  }

  std::span<const std::string_view> cells() const { return cells_; }

 private:
  // A number as a person writes it: a whole number below 1e15 as its digits (100000, not the
  // shortest "1e+05"), another as its shortest text (12000.5, 1e+21); "" for NaN. An infinity is
  // "inf", which no field accepts.
  std::string_view NumberText(size_t column, double v) {
    if (std::isnan(v)) return {};
    char* begin = numbers_.data() + column * kNumberBytes;
    const std::to_chars_result r = std::trunc(v) == v && std::fabs(v) < 1e15
                                       ? std::to_chars(begin, begin + kNumberBytes, static_cast<int64_t>(v))
                                       : std::to_chars(begin, begin + kNumberBytes, v);
    return std::string_view(begin, static_cast<size_t>(r.ptr - begin));
  }

  const Context& ctx_;
  std::vector<std::string_view> cells_;
  std::vector<char> numbers_;
};

// The chunk-local code of the row's license exception(s), -1 for none.
int32_t ExceptionCode(const Decision& d, Chunk& chunk) {
  std::string_view found;
  int count = 0;
  for (const JurisdictionDecision& j : d.jurisdictions) {
    if (j.license_exception.empty()) continue;
    if (count++ == 0) {
      found = j.license_exception;
    } else {
      if (count == 2) found = chunk.joined.emplace_back(found);
      chunk.joined.back() += "; ";
      chunk.joined.back() += j.license_exception;
      found = chunk.joined.back();
    }
  }
  if (count == 0) return -1;
  for (size_t i = 0; i < chunk.exceptions.size(); ++i) {
    if (chunk.exceptions[i] == found) return static_cast<int32_t>(i);
  }
  chunk.exceptions.push_back(found);
  return static_cast<int32_t>(chunk.exceptions.size() - 1);
}

// Appends the rules that fired, each once, in trace order (the CSV's `rules` cell); returns how many.
uint32_t AddRules(const Context& ctx, const Decision& d, Chunk& chunk) {
  const size_t first = chunk.rules.size();
  for (const TraceEntry& t : d.trace) {
    if (!t.fired || t.effect == TraceEffect::kNotApplied || t.effect == TraceEffect::kOutOfScope) continue;
    int32_t number;
    if (auto it = ctx.rule_number.find(t.rule); it != ctx.rule_number.end()) {
      number = it->second;
    } else {  // not a rule of the list: numbered after it, per chunk, renumbered at the end
      auto known = std::find(chunk.unknown_rules.begin(), chunk.unknown_rules.end(), t.rule);
      if (known == chunk.unknown_rules.end()) known = chunk.unknown_rules.emplace(known, t.rule);
      number = -1 - static_cast<int32_t>(known - chunk.unknown_rules.begin());
    }
    if (std::find(chunk.rules.begin() + static_cast<std::ptrdiff_t>(first), chunk.rules.end(), number) ==
        chunk.rules.end()) {
      chunk.rules.push_back(number);
    }
  }
  return static_cast<uint32_t>(chunk.rules.size() - first);
}

void WriteDecision(const Context& ctx, size_t row, const Decision& d, Chunk& chunk, DecisionColumns& out) {
  out.verdict[row] = static_cast<int8_t>(d.verdict);
  out.allowed[row] = d.allowed ? 1 : 0;
  for (size_t j = 0; j < out.jurisdictions.size(); ++j) {
    const JurisdictionDecision* jd = d.Find(out.jurisdictions[j]);
    out.jurisdiction_verdict[j][row] = jd == nullptr ? -1 : static_cast<int8_t>(jd->verdict);
    out.review_policy[j][row] = jd == nullptr || !jd->review_policy ? -1 : static_cast<int8_t>(*jd->review_policy);
  }
  out.license_exception[row] = ExceptionCode(d, chunk);
  uint32_t kinds = 0;
  for (const ConditionOut& c : d.conditions) kinds |= uint32_t{1} << static_cast<unsigned>(c.kind);
  out.condition_kinds[row] = kinds;
  for (size_t f = 0; f < std::size(kConditionFields); ++f) {
    const ConditionField& field = kConditionFields[f];
    const auto c = std::find_if(d.conditions.begin(), d.conditions.end(),
                                [&](const ConditionOut& x) { return x.kind == field.kind; });
    out.conditions[f].values[row] = c == d.conditions.end() ? std::nan("") : AmountOf(*c, field.amount);
  }
  out.rule_offsets[row + 1] = AddRules(ctx, d, chunk);
}

void EvaluateRow(const Context& ctx, size_t row, RowCells& cells, Chunk& chunk, DecisionColumns& out) {
  int32_t column = -1;
  absl::Status read;
  Sale sale;
  if (!cells.Fill(row, &column)) {
    read = absl::InvalidArgumentError("invalid UTF-8");
  } else {
    read =
        internal::ReadSaleCells(ctx.layout, cells.cells(), 0, internal::CellErrors::kBare, ctx.rules, &sale, &column);
  }
  if (!read.ok()) {
    chunk.errors.push_back({row, column, std::string(read.message())});
    out.license_exception[row] = -1;
    for (ConditionColumn& c : out.conditions) c.values[row] = std::nan("");
    return;  // the other codes stay as DecisionColumns starts them: -1, not allowed, no rules
  }
  WriteDecision(ctx, row, Evaluate(ctx.rules, sale, ctx.eval), chunk, out);
}

absl::StatusOr<int> WorkerCount(int threads) {
  if (threads < 0 || threads > kMaxBatchThreads) {
    return absl::InvalidArgumentError(
        StrCat("threads must be between 1 and ", kMaxBatchThreads, " (0: one per hardware thread), not ", threads));
  }
  if (threads > 0) return threads;
  return static_cast<int>(std::clamp(std::thread::hardware_concurrency(), 1u, static_cast<unsigned>(kMaxBatchThreads)));
}

// Checks that each column has the data its kind reads; notes the UTF-8 of each dictionary entry.
absl::Status CheckColumns(absl::Span<const SaleColumn> columns, size_t rows, Context& ctx) {
  ctx.dictionary_ok.resize(columns.size());
  for (size_t c = 0; c < columns.size(); ++c) {
    const SaleColumn& col = columns[c];
    const void* data = nullptr;
    switch (col.kind) {
      case ColumnKind::kText: data = col.text; break;
      case ColumnKind::kCStrings: data = col.cstrings; break;
      case ColumnKind::kCodes: data = col.codes; break;
      case ColumnKind::kNumbers: data = col.numbers; break;
      case ColumnKind::kBools: data = col.bools; break;
    }
    if (data == nullptr && rows > 0) {
      return absl::InvalidArgumentError(StrCat("column '", col.name, "' has no data"));
    }
    if (col.kind != ColumnKind::kCodes) continue;
    for (std::string_view entry : col.dictionary) {
      ctx.dictionary_ok[c].push_back(entry.empty() || simdjson::validate_utf8(entry.data(), entry.size()));
    }
  }
  return absl::OkStatus();
}

DecisionColumns MakeOutput(const RuleSet& rules, size_t rows) {
  DecisionColumns out;
  out.rows = rows;
  out.verdict.assign(rows, -1);
  out.allowed.assign(rows, 0);
  for (const JurisdictionSpec& j : rules.jurisdictions()) out.jurisdictions.push_back(j.code);
  out.jurisdiction_verdict.assign(out.jurisdictions.size(), std::vector<int8_t>(rows, -1));
  out.review_policy.assign(out.jurisdictions.size(), std::vector<int8_t>(rows, -1));
  out.license_exception.assign(rows, -1);
  out.condition_kinds.assign(rows, 0);
  for (const ConditionField& f : kConditionFields)
    out.conditions.push_back({std::string(f.name), std::vector<double>(rows)});
  out.rule_offsets.assign(rows + 1, 0);
  for (const Rule& r : rules.rules()) out.rule_ids.push_back(r.id);
  return out;
}

// Joins the chunks' results in row order: rule offsets, rule numbers, exception codes, errors.
void Join(std::vector<Chunk>& chunks, size_t rows, DecisionColumns& out) {
  for (size_t r = 0; r < rows; ++r) out.rule_offsets[r + 1] += out.rule_offsets[r];
  out.rule_index.reserve(out.rule_offsets[rows]);
  absl::flat_hash_map<std::string, int32_t> exceptions, unknown;
  std::vector<int32_t> remap;
  for (size_t c = 0; c < chunks.size(); ++c) {
    Chunk& chunk = chunks[c];
    remap.clear();
    for (std::string_view e : chunk.exceptions) {
      auto [it, added] = exceptions.try_emplace(std::string(e), static_cast<int32_t>(out.license_exceptions.size()));
      if (added) out.license_exceptions.emplace_back(e);
      remap.push_back(it->second);
    }
    const size_t end = std::min(rows, (c + 1) * kChunkRows);
    for (size_t r = c * kChunkRows; r < end; ++r) {
      if (out.license_exception[r] >= 0)
        out.license_exception[r] = remap[static_cast<size_t>(out.license_exception[r])];
    }
    for (int32_t number : chunk.rules) {
      if (number < 0) {  // a rule not in the list: appended to rule_ids
        const std::string& id = chunk.unknown_rules[static_cast<size_t>(-1 - number)];
        auto [it, added] = unknown.try_emplace(id, static_cast<int32_t>(out.rule_ids.size()));
        if (added) out.rule_ids.push_back(id);
        number = it->second;
      }
      out.rule_index.push_back(number);
    }
    for (RowError& e : chunk.errors) out.errors.push_back(std::move(e));
  }
}

// Evaluates the chunks on `workers` threads; false when a worker ran out of memory.
bool RunChunks(const Context& ctx, int workers, std::vector<Chunk>& chunks, size_t rows, DecisionColumns& out) {
  std::atomic<size_t> next{0};
  std::atomic<bool> failed{false};
  auto work = [&] {
    try {
      RowCells cells(ctx);
      for (size_t c; (c = next.fetch_add(1)) < chunks.size();) {
        const size_t end = std::min(rows, (c + 1) * kChunkRows);
        for (size_t r = c * kChunkRows; r < end; ++r) EvaluateRow(ctx, r, cells, chunks[c], out);
      }
    } catch (...) {  // out of memory: no exception may leave a thread
      failed = true;
      next = chunks.size();
    }
  };
  std::vector<std::thread> pool;
  try {
    for (int t = 1; t < workers; ++t) pool.emplace_back(work);
  } catch (const std::system_error&) {  // fewer threads: the calling one still works
  }
  work();
  for (std::thread& t : pool) t.join();
  return !failed;
}

}  // namespace

std::string RowErrorText(const RowError& error, absl::Span<const SaleColumn> columns) {
  std::string text = StrCat("row ", error.row);
  if (error.column >= 0 && static_cast<size_t>(error.column) < columns.size()) {
    text += StrCat(", column '", columns[static_cast<size_t>(error.column)].name, "'");
  }
  return StrCat(text, ": ", error.message);
}

absl::StatusOr<DecisionColumns> EvaluateColumns(const RuleSet& rules, absl::Span<const SaleColumn> columns, size_t rows,
                                                const ColumnsOptions& options) {
  const absl::StatusOr<int> threads = WorkerCount(options.threads);
  if (!threads.ok()) return threads.status();
  try {
    std::vector<std::string_view> names;
    for (const SaleColumn& c : columns) names.push_back(c.name);
    absl::StatusOr<internal::SaleCsvLayout> layout = internal::SaleCsvLayout::FromNames(names, rules);
    if (!layout.ok()) return layout.status();
    Context ctx{rules, *layout, columns, {}, {}, options.eval};
    if (absl::Status s = CheckColumns(columns, rows, ctx); !s.ok()) return s;
    DecisionColumns out = MakeOutput(rules, rows);
    for (size_t i = 0; i < rules.rules().size(); ++i) {
      ctx.rule_number.try_emplace(rules.rules()[i].id, static_cast<int32_t>(i));  // views into the rule set
    }
    std::vector<Chunk> chunks((rows + kChunkRows - 1) / kChunkRows);
    const int workers =
        static_cast<int>(std::min<size_t>(static_cast<size_t>(*threads), std::max<size_t>(1, chunks.size())));
    if (!RunChunks(ctx, workers, chunks, rows, out)) {
      return absl::ResourceExhaustedError("columnar evaluation failed: out of memory");
    }
    Join(chunks, rows, out);
    return out;
  } catch (const std::bad_alloc&) {
    return absl::ResourceExhaustedError("columnar evaluation failed: out of memory");
  } catch (const std::exception& e) {
    return absl::InternalError(StrCat("columnar evaluation failed: ", e.what()));
  }
}

}  // namespace exportctl
