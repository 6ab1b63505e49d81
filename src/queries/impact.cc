// The impact of a rule change on an order book (exportctl/impact.h): each sale evaluated under both
// rule sets, block by block. The workers take chunks of a block (the calling thread among them);
// the calling thread then tallies the block's results in input order and reads the next one, so
// memory stays bounded by a block whatever the order book's size. A sale is first evaluated
// without a trace on both sides; only when the decisions differ are both evaluated again with
// the fired trace, to name the rules that made the difference.
#include "exportctl/impact.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <cstring>
#include <new>
#include <string>
#include <string_view>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "exportctl/json.h"

namespace exportctl {

std::vector<std::string_view> ImpactAspectNames(uint32_t changed) {
  static constexpr std::array<std::string_view, 9> kNames = {"verdict",           "allowed",        "review_required",
                                                             "jurisdictions",     "classification", "review_policy",
                                                             "license_exception", "licensed",       "conditions"};
  std::vector<std::string_view> names;
  for (size_t i = 0; i < kNames.size(); ++i) {
    if (changed & (1u << i)) names.push_back(kNames[i]);
  }
  return names;
}

namespace {

constexpr size_t kBlockLines = 1 << 14;   // sales per block
constexpr size_t kBlockBytes = 4u << 20;  // JSON Lines text per block, about
constexpr size_t kReadBytes = 1u << 20;   // one read of the input
constexpr size_t kChunk = 256;            // sales a worker takes at a time

// What each side evaluates with.
struct Sides {
  const RuleSet& old_rules;
  const RuleSet& new_rules;
  EvalOptions old_eval;
  EvalOptions new_eval;
  bool same_catalog = false;  // a line parses to the same sale under both rule sets
};

// One sale of a block, and what became of it.
struct Item {
  int64_t line = 0;
  std::string_view text;       // a JSON line, when `sale` is null
  const Sale* sale = nullptr;  // a sale of a span
  bool too_long = false;
  std::optional<ImpactChange> change;
  std::string error;  // not empty: not a usable sale

  static Item Line(int64_t line, std::string_view text, bool too_long = false) {
    Item item;
    item.line = line;
    item.text = text;
    item.too_long = too_long;
    return item;
  }
  static Item OfSale(int64_t line, const Sale& sale) {
    Item item;
    item.line = line;
    item.sale = &sale;
    return item;
  }
};

// ---- Comparing two decisions ------------------------------------------------------------------

uint32_t JurisdictionDifferences(const Decision& a, const Decision& b) {
  uint32_t bits = a.jurisdictions.size() != b.jurisdictions.size() ? uint32_t{kImpactJurisdictions} : 0u;
  for (const JurisdictionDecision& x : a.jurisdictions) {
    const JurisdictionDecision* y = b.Find(x.jurisdiction);
    if (y == nullptr) {
      bits |= kImpactJurisdictions;
      continue;
    }
    if (x.verdict != y->verdict) bits |= kImpactJurisdictions;
    if (x.classification != y->classification) bits |= kImpactClassification;
    if (x.review_policy != y->review_policy) bits |= kImpactReviewPolicy;
    if (x.license_exception != y->license_exception) bits |= kImpactLicenseException;
    if (x.licensed != y->licensed) bits |= kImpactLicensed;
  }
  return bits;
}

bool SameCondition(const ConditionOut& x, const ConditionOut& y) {
  return x.kind == y.kind && x.jurisdiction == y.jurisdiction && x.percent == y.percent &&
         x.amount_usd == y.amount_usd && x.max_units == y.max_units && x.ratio == y.ratio;
}

// The ImpactAspect bits on which `a` and `b` differ.
uint32_t Differences(const Decision& a, const Decision& b) {
  uint32_t bits = JurisdictionDifferences(a, b);
  if (a.verdict != b.verdict) bits |= kImpactVerdict;
  if (a.allowed != b.allowed) bits |= kImpactAllowed;
  if (a.review_required() != b.review_required()) bits |= kImpactReviewRequired;
  if (!std::equal(a.conditions.begin(), a.conditions.end(), b.conditions.begin(), b.conditions.end(), SameCondition)) {
    bits |= kImpactConditions;
  }
  return bits;
}

ImpactOutcome OutcomeOf(const Decision& d) {
  ImpactOutcome o;
  o.verdict = d.verdict;
  o.allowed = d.allowed;
  o.review_required = d.review_required();
  for (const JurisdictionDecision& j : d.jurisdictions) {
    o.jurisdictions.push_back(
        {j.jurisdiction, j.verdict, j.classification, j.review_policy, j.license_exception, j.licensed});
  }
  o.conditions.assign(d.conditions.begin(), d.conditions.end());
  return o;
}

// A trace line of a rule that fired (not the lines of not_applied and out-of-scope).
bool IsFiredRule(const TraceEntry& t) {
  return t.fired && t.effect != TraceEffect::kNotApplied && t.effect != TraceEffect::kOutOfScope;
}

// The rules that fired in `d`, each once, in trace order.
std::vector<std::string_view> FiredRules(const Decision& d) {
  std::vector<std::string_view> ids;
  for (const TraceEntry& t : d.trace) {
    if (IsFiredRule(t) && std::find(ids.begin(), ids.end(), t.rule) == ids.end()) ids.push_back(t.rule);
  }
  return ids;
}

// Whether `rule` says the same in both traces: jurisdiction, effect and detail of each line.
bool SameFiring(const Decision& a, const Decision& b, std::string_view rule) {
  std::vector<const TraceEntry*> x, y;
  for (const TraceEntry& t : a.trace)
    if (IsFiredRule(t) && t.rule == rule) x.push_back(&t);
  for (const TraceEntry& t : b.trace)
    if (IsFiredRule(t) && t.rule == rule) y.push_back(&t);
  return std::equal(x.begin(), x.end(), y.begin(), y.end(), [](const TraceEntry* p, const TraceEntry* q) {
    return p->jurisdiction == q->jurisdiction && p->effect == q->effect && p->detail == q->detail;
  });
}

void DiffRules(const Decision& a, const Decision& b, ImpactChange& c) {
  const std::vector<std::string_view> before = FiredRules(a), after = FiredRules(b);
  for (std::string_view rule : after) {
    if (std::find(before.begin(), before.end(), rule) == before.end()) {
      c.rules_added.push_back(rule);
    } else if (!SameFiring(a, b, rule)) {
      c.rules_changed.push_back(rule);
    }
  }
  for (std::string_view rule : before) {
    if (std::find(after.begin(), after.end(), rule) == after.end()) c.rules_removed.push_back(rule);
  }
}

// Evaluates the sale on both sides; records a change when the decisions differ.
void Compare(const Sides& s, const Sale& before, const Sale& after, Item& item) {
  Decision a = Evaluate(s.old_rules, before, s.old_eval);
  Decision b = Evaluate(s.new_rules, after, s.new_eval);
  const uint32_t changed = Differences(a, b);
  if (changed == 0) return;
  EvalOptions traced = s.old_eval;
  traced.trace = TraceLevel::kFired;
  a = Evaluate(s.old_rules, before, traced);
  traced.as_of = s.new_eval.as_of;
  b = Evaluate(s.new_rules, after, traced);
  ImpactChange& c = item.change.emplace();
  c.line = item.line;
  c.id = after.id;
  c.date = after.date;
  c.item = after.item.model;
  c.destination = after.destination;
  c.changed = changed;
  c.before = OutcomeOf(a);
  c.after = OutcomeOf(b);
  DiffRules(a, b, c);
}

// "LINE:COLUMN: message" for a single-line sale's "1:COLUMN: message".
std::string LineError(const absl::Status& status, int64_t line) {
  std::string message(status.message().data(), status.message().size());
  if (message.compare(0, 2, "1:") == 0) message = std::to_string(line) + message.substr(1);
  return message;
}

void Process(const Sides& s, Item& item) {
  if (item.sale != nullptr) return Compare(s, *item.sale, *item.sale, item);
  if (item.too_long) {
    item.error = std::to_string(item.line) + ":1: line longer than " + std::to_string(kMaxBatchLineBytes) + " bytes";
    return;
  }
  absl::StatusOr<Sale> after = ParseSaleJson(item.text, s.new_rules);
  if (s.same_catalog) {
    if (!after.ok()) item.error = LineError(after.status(), item.line);
    else Compare(s, *after, *after, item);
    return;
  }
  absl::StatusOr<Sale> before = ParseSaleJson(item.text, s.old_rules);
  if (before.ok() && after.ok()) return Compare(s, *before, *after, item);
  if (!before.ok() && !after.ok()) item.error = LineError(after.status(), item.line);
  else if (!after.ok()) item.error = LineError(after.status(), item.line) + " (under the new rules only)";
  else item.error = LineError(before.status(), item.line) + " (under the old rules only)";
}

// Processes `items` on `threads` threads, the calling one among them.
absl::Status ProcessAll(const Sides& s, std::vector<Item>& items, int threads) {
  std::atomic<size_t> next{0};
  std::atomic<bool> failed{false};
  auto work = [&] {
    try {
      for (size_t begin; (begin = next.fetch_add(kChunk)) < items.size();) {
        const size_t end = std::min(items.size(), begin + kChunk);
        for (size_t i = begin; i < end; ++i) Process(s, items[i]);
      }
    } catch (...) {  // out of memory: no exception may leave a thread
      failed = true;
    }
  };
  const size_t workers = std::min(static_cast<size_t>(threads), (items.size() + kChunk - 1) / kChunk);
  std::vector<std::thread> pool;
  absl::Status status;
  try {
    for (size_t t = 1; t < workers; ++t) pool.emplace_back(work);
  } catch (const std::system_error& e) {
    status = absl::ResourceExhaustedError("cannot start " + std::to_string(workers) + " threads: " + e.what());
    next = items.size();
  }
  if (status.ok()) work();
  for (std::thread& t : pool) t.join();
  if (status.ok() && failed) status = absl::ResourceExhaustedError("impact evaluation failed: out of memory");
  return status;
}

// ---- Tallying, in input order ------------------------------------------------------------------

class Tally {
 public:
  Tally(ImpactReport& report, const ImpactOptions& options) : report_(report), options_(options) {}

  absl::Status Add(Item& item) {
    ImpactSummary& s = report_.summary;
    if (!item.error.empty()) {
      ++s.errors;
      if (s.first_bad_line == 0) s.first_bad_line = item.line;
      if (report_.errors.size() < options_.max_errors) report_.errors.push_back({item.line, std::move(item.error)});
      return absl::OkStatus();
    }
    ++s.orders;
    if (!item.change) return absl::OkStatus();
    ImpactChange& c = *item.change;
    ++s.changed;
    ++transitions_[static_cast<size_t>(c.before.verdict)][static_cast<size_t>(c.after.verdict)];
    for (std::string_view r : c.rules_added) ++Rule(r).added;
    for (std::string_view r : c.rules_removed) ++Rule(r).removed;
    for (std::string_view r : c.rules_changed) ++Rule(r).changed;
    if (options_.on_change) return options_.on_change(c);
    report_.changes.push_back(std::move(c));
    return absl::OkStatus();
  }

  // Writes the transitions and rule counts into the summary, sorted.
  void Finish() {
    ImpactSummary& s = report_.summary;
    for (size_t from = 0; from < kVerdicts; ++from) {
      for (size_t to = 0; to < kVerdicts; ++to) {
        if (transitions_[from][to] > 0) {
          s.transitions.push_back({static_cast<Verdict>(from), static_cast<Verdict>(to), transitions_[from][to]});
        }
      }
    }
    std::stable_sort(s.transitions.begin(), s.transitions.end(),
                     [](const ImpactTransition& a, const ImpactTransition& b) { return a.count > b.count; });
    for (const auto& [id, counts] : rules_) s.rules.push_back(counts);
    auto total = [](const ImpactRuleCount& r) { return r.added + r.removed + r.changed; };
    std::sort(s.rules.begin(), s.rules.end(), [&](const ImpactRuleCount& a, const ImpactRuleCount& b) {
      return total(a) != total(b) ? total(a) > total(b) : a.rule < b.rule;
    });
  }

 private:
  static constexpr size_t kVerdicts = static_cast<size_t>(Verdict::kIndeterminate) + 1;
  ImpactRuleCount& Rule(std::string_view id) {
    ImpactRuleCount& r = rules_[id];
    r.rule = id;
    return r;
  }

  ImpactReport& report_;
  const ImpactOptions& options_;
  std::array<std::array<int64_t, kVerdicts>, kVerdicts> transitions_{};
  absl::flat_hash_map<std::string_view, ImpactRuleCount> rules_;
};

// ---- Reading JSON Lines, a block at a time -----------------------------------------------------

class BlockReader {
 public:
  explicit BlockReader(const JsonLinesInput& in) : in_(in) {}

  // Replaces `text` and `items` with the next block's lines (blank ones skipped, numbered after
  // `line`). False at the end of the input.
  absl::StatusOr<bool> Next(std::string& text, std::vector<Item>& items, int64_t& line) {
    items.clear();
    text.swap(carry_);
    carry_.clear();
    while (!end_ && (skipping_ || text.size() < kBlockBytes)) {
      if (absl::Status s = ReadMore(text); !s.ok()) return s;
      if (skipping_) SkipRest(text);
    }
    if (end_) skipping_ = false;
    size_t pos = 0;
    while (pos < text.size() && items.size() < kBlockLines) {
      const char* start = text.data() + pos;
      const char* newline = static_cast<const char*>(std::memchr(start, '\n', text.size() - pos));
      if (newline == nullptr && !end_) break;  // a partial line: the next block's
      const size_t length = newline ? static_cast<size_t>(newline - start) : text.size() - pos;
      AddLine(std::string_view(start, length), ++line, items);
      pos += length + 1;
    }
    if (pos < text.size()) {
      carry_.assign(text, pos, std::string::npos);
      text.resize(pos);
      // A partial line already too long (the block was not cut for its number of lines).
      if (items.size() < kBlockLines && carry_.size() > kMaxBatchLineBytes) {
        items.push_back(Item::Line(++line, {}, true));
        carry_.clear();
        skipping_ = true;
      }
    }
    return !end_ || !carry_.empty() || skipping_;
  }

 private:
  static void AddLine(std::string_view line, int64_t number, std::vector<Item>& items) {
    if (line.size() > kMaxBatchLineBytes) {
      items.push_back(Item::Line(number, {}, true));
      return;
    }
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.find_first_not_of(" \t") == std::string_view::npos) return;  // blank: skipped
    items.push_back(Item::Line(number, line));
  }

  absl::Status ReadMore(std::string& text) {
    const size_t size = text.size();
    text.resize(size + kReadBytes);
    absl::StatusOr<size_t> got = in_.Read(text.data() + size, kReadBytes);
    text.resize(size + (got.ok() ? *got : 0));
    if (!got.ok()) return got.status();
    end_ = *got == 0;
    return absl::OkStatus();
  }

  // Drops the rest of a line reported as too long, up to and with its '\n'.
  void SkipRest(std::string& text) {
    const size_t newline = text.find('\n');
    text.erase(0, newline == std::string::npos ? text.size() : newline + 1);
    skipping_ = newline == std::string::npos;
  }

  const JsonLinesInput& in_;
  std::string carry_;  // the start of a line the last block did not end
  bool end_ = false;
  bool skipping_ = false;
};

// ---- The two entry points ----------------------------------------------------------------------

bool SameChip(const Chip& a, const Chip& b) {
  return a.model == b.model && a.vendor == b.vendor && a.origin == b.origin && a.datacenter == b.datacenter &&
         a.dense_tops == b.dense_tops && a.tpp_direct == b.tpp_direct && a.die_area_mm2 == b.die_area_mm2 &&
         a.interconnect_gbps == b.interconnect_gbps && a.memory_bandwidth_gbps == b.memory_bandwidth_gbps &&
         a.memory_gb == b.memory_gb && a.tdp_w == b.tdp_w;
}

// True when every chip name resolves to the same chip in both catalogs.
bool SameCatalog(const RuleSet& a, const RuleSet& b) {
  if (&a == &b) return true;
  if (a.chips().size() != b.chips().size()) return false;
  for (const CatalogChip& x : b.chips()) {
    const CatalogChip* y = a.FindChip(x.chip.model);
    if (y == nullptr || !SameChip(x.chip, y->chip) || x.aliases != y->aliases) return false;
  }
  return true;
}

ImpactSide SideOf(const RuleSet& rules, std::optional<Date> as_of) {
  return {rules.packs(), rules.content_hash_hex(), as_of};
}

// The worker threads of ImpactOptions::threads.
absl::StatusOr<int> Threads(int threads) {
  if (0 < threads && threads <= kMaxBatchThreads) return threads;
  if (threads != 0) {
    return absl::InvalidArgumentError("impact: threads must be 0 (one per hardware thread) or 1 to " +
                                      std::to_string(kMaxBatchThreads) + ", not " + std::to_string(threads));
  }
  return static_cast<int>(std::min<unsigned>(std::max(1u, std::thread::hardware_concurrency()), kMaxBatchThreads));
}

// Runs `fill(items, line)` (StatusOr<bool>: more to come) block by block, processing and tallying
// each; no exception leaves it.
template <typename Fill>
absl::StatusOr<ImpactReport> Run(const RuleSet& old_rules, const RuleSet& new_rules, const ImpactOptions& options,
                                 Fill fill) {
  const absl::StatusOr<int> threads = Threads(options.threads);
  if (!threads.ok()) return threads.status();
  try {
    const Sides sides{old_rules,
                      new_rules,
                      {.as_of = options.old_as_of},
                      {.as_of = options.new_as_of},
                      SameCatalog(old_rules, new_rules)};
    ImpactReport report{SideOf(old_rules, options.old_as_of), SideOf(new_rules, options.new_as_of), {}, {}, {}};
    Tally tally(report, options);
    std::vector<Item> items;
    int64_t line = 0;
    for (bool more = true; more;) {
      absl::StatusOr<bool> next = fill(items, line);
      if (!next.ok()) return next.status();
      more = *next;
      if (absl::Status s = ProcessAll(sides, items, *threads); !s.ok()) return s;
      for (Item& item : items) {
        if (absl::Status s = tally.Add(item); !s.ok()) return s;
      }
    }
    report.summary.lines = line;
    tally.Finish();
    return report;
  } catch (const std::bad_alloc&) {
    return absl::ResourceExhaustedError("impact evaluation failed: out of memory");
  } catch (const std::exception& e) {
    return absl::InternalError(std::string("impact evaluation failed: ") + e.what());
  }
}

}  // namespace

absl::StatusOr<ImpactReport> ComputeImpact(const RuleSet& old_rules, const RuleSet& new_rules,
                                           absl::Span<const Sale> sales, const ImpactOptions& options) {
  size_t next = 0;
  return Run(old_rules, new_rules, options, [&](std::vector<Item>& items, int64_t& line) -> absl::StatusOr<bool> {
    items.clear();
    for (; next < sales.size() && items.size() < kBlockLines; ++next) {
      items.push_back(Item::OfSale(++line, sales[next]));
    }
    return next < sales.size();
  });
}

absl::StatusOr<ImpactReport> ComputeImpactJsonLines(const RuleSet& old_rules, const RuleSet& new_rules,
                                                    const JsonLinesInput& input, const ImpactOptions& options) {
  BlockReader reader(input);
  std::string text;
  return Run(old_rules, new_rules, options,
             [&](std::vector<Item>& items, int64_t& line) { return reader.Next(text, items, line); });
}

}  // namespace exportctl
