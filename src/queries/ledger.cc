// The ledger across an order book (exportctl/ledger.h).
//
// How the ledger feeds the evaluator, which it leaves unchanged: each sale that holds a license
// or approval is evaluated on a copy of itself in which every counted authorization's `quantity`
// is what the book has left of it, and `us_units_shipped`, when the sale gives none, is the
// book's earlier US shipments of the item. The evaluator's own reason for a quantity too small
// ("covers N units, the sale has M") is then rewritten into the ledger's ("license L-17: N units
// left, M asked"). The volume cap counts the book's shipments under it: when they leave less than
// the sale asks, the sale is evaluated with a cap of 0 (`us_units_shipped` 0), which gives the
// decision of a cap the quantity exceeds, and the reason is rewritten to say what was left.
//
// Which authorization covered a sale: the evaluator applies, per jurisdiction, the first held
// license or approval (licenses first) that matches the sale; every other one that does not match
// is in `not_applied`. So the first of the jurisdiction's authorizations not in `not_applied` is
// the one applied, when the jurisdiction needed one: `licensed` says so for a license; for an
// approval, the sale is evaluated once more without that jurisdiction's authorizations, and the
// approval was needed if the jurisdiction's verdict changes.
//
// Order and threads: the sales are first evaluated as Evaluate would, in parallel; those whose
// decisions may depend on the ledger (internal::NeedsLedger: a counted authorization, a volume cap)
// are held. The plan walks the sales in date order (input order within a day), one at a time,
// evaluating the held ones; the others only count their US shipments, their decisions being
// Evaluate's. The decisions of the held sales are then evaluated in parallel from the plan. The
// result does not depend on the number of threads.
#include "exportctl/ledger.h"

#include <algorithm>
#include <cstdint>
#include <numeric>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/node_hash_map.h"
#include "compile/compiled.h"
#include "exportctl/json.h"
#include "internal/strings.h"
#include "queries/ledger.h"
#include "queries/parallel.h"

namespace exportctl {
namespace internal {

// A counted authorization a sale holds: which entry, and where in the sale.
struct CountedRef {
  uint32_t entry = 0;
  NotApplied::Kind kind = NotApplied::Kind::kLicense;
  uint32_t index = 0;  // into the sale's licenses or approvals
};

// What the plan changes in one sale before evaluating it.
struct Adjustment {
  std::optional<int64_t> us_units_shipped;  // set in the copy when given
  int64_t cap_room = -1;                    // >= 0: the volume cap left less than the sale asks
  int64_t cap_total = 0;
};

}  // namespace internal

namespace {

using internal::Adjustment;
using internal::CountedRef;
using internal::kOrderBookChunk;

std::vector<Authorization>& ListOf(Sale& sale, NotApplied::Kind kind) {
  return kind == NotApplied::Kind::kLicense ? sale.licenses : sale.approvals;
}
const std::vector<Authorization>& ListOf(const Sale& sale, NotApplied::Kind kind) {
  return kind == NotApplied::Kind::kLicense ? sale.licenses : sale.approvals;
}

bool IsNotApplied(const Decision& d, NotApplied::Kind kind, size_t index) {
  return std::any_of(d.not_applied.begin(), d.not_applied.end(),
                     [&](const NotApplied& n) { return n.kind == kind && n.index == index; });
}

// The authorization the evaluator applied for `jurisdiction`, if it needed one: the first of the
// jurisdiction's licenses, then approvals, that `not_applied` does not list.
std::optional<std::pair<NotApplied::Kind, uint32_t>> FirstMatching(const Sale& sale, const Decision& d,
                                                                   Country jurisdiction) {
  for (NotApplied::Kind kind : {NotApplied::Kind::kLicense, NotApplied::Kind::kApproval}) {
    const std::vector<Authorization>& list = ListOf(sale, kind);
    for (uint32_t i = 0; i < list.size(); ++i) {
      if (list[i].jurisdiction == jurisdiction && !IsNotApplied(d, kind, i)) return std::make_pair(kind, i);
    }
  }
  return std::nullopt;
}

// The smallest volume cap among the decision's conditions; -1 when none applies.
int64_t VolumeCapOf(const Decision& d) {
  int64_t cap = -1;
  for (const ConditionOut& c : d.conditions) {
    if (c.kind == ConditionKind::kVolumeCap && c.max_units && (cap < 0 || *c.max_units < cap)) cap = *c.max_units;
  }
  return cap;
}

// Per item: its US shipments and its shipments under the volume cap, as the walk goes.
struct ItemState {
  int64_t us_before = 0;  // allowed US shipments on earlier days
  int64_t us_today = 0;   // on the walk's current day
  int64_t us_total = 0;
  int64_t under_cap = 0;
  int64_t covered = 0;
  int64_t refused = 0;
  bool touched_today = false;
};

}  // namespace

struct LedgerPlan::State {
  Ledger ledger;
  std::vector<CountedRef> refs;         // grouped by sale
  std::vector<uint32_t> ref_begin;      // one offset into refs per sale, and one more
  std::vector<int64_t> left_before;     // per ref: units left before the sale; -1: not capped
  std::vector<int32_t> adjustment;      // per sale: index into adjustments, or -1
  std::vector<Adjustment> adjustments;  // per sale that holds a license or approval

  absl::Span<const CountedRef> RefsOf(size_t sale) const {
    return absl::MakeConstSpan(refs).subspan(ref_begin[sale], ref_begin[sale + 1] - ref_begin[sale]);
  }
  // Sale `sale` (`in`), as the ledger has it: counted quantities are what is left.
  void Apply(size_t sale, const Sale& in, Sale& copy) const;
  // The ledger's reasons in place of the evaluator's.
  void Rewrite(size_t sale, const Sale& s, Decision& d) const;
};

void LedgerPlan::State::Apply(size_t sale, const Sale& in, Sale& copy) const {
  copy = in;
  for (size_t r = ref_begin[sale]; r < ref_begin[sale + 1]; ++r) {
    if (left_before[r] >= 0) ListOf(copy, refs[r].kind)[refs[r].index].quantity = left_before[r];
  }
  const Adjustment& a = adjustments[static_cast<size_t>(adjustment[sale])];
  if (a.us_units_shipped) copy.us_units_shipped = a.us_units_shipped;
}

void LedgerPlan::State::Rewrite(size_t sale, const Sale& s, Decision& d) const {
  const Adjustment& a = adjustments[static_cast<size_t>(adjustment[sale])];
  bool changed = false;
  for (NotApplied& n : d.not_applied) {
    if (n.reason == NotApplied::Reason::kVolumeCap && a.cap_room >= 0) {
      n.reason = NotApplied::Reason::kVolumeCapLeft;
      n.units = a.cap_room;
      n.total = a.cap_total;
      changed = true;
      continue;
    }
    if (n.reason != NotApplied::Reason::kQuantity || n.kind == NotApplied::Kind::kNotification) continue;
    for (size_t r = ref_begin[sale]; r < ref_begin[sale + 1]; ++r) {
      if (refs[r].kind != n.kind || refs[r].index != n.index) continue;
      const std::optional<int64_t>& own = ListOf(s, n.kind)[n.index].quantity;
      changed = true;
      if (own && *own < s.quantity) {  // the sale's own quantity is too small: the evaluator's reason
        n.units = *own;
        break;
      }
      const LedgerEntry& e = ledger.entries[refs[r].entry];
      n.reason = NotApplied::Reason::kUnitsLeft;
      n.units = left_before[r];
      n.total = e.granted.value_or(0);
      n.id = e.id;
      break;
    }
  }
  if (!changed || d.trace.empty()) return;
  // The trace's not_applied lines are the last ones, one per entry and in its order.
  size_t k = d.not_applied.size();
  for (auto t = d.trace.rbegin(); t != d.trace.rend() && k > 0; ++t) {
    if (t->effect != TraceEffect::kNotApplied) continue;
    const NotApplied& n = d.not_applied[--k];
    t->detail = internal::StrCat(NotAppliedKindName(n.kind), " ", n.index, ": ", NotAppliedReason(n));
  }
}

namespace {

// Builds the plan: entries, references and the walk.
class Planner {
 public:
  Planner(const RuleSet& rules, const LedgerOptions& options, std::vector<internal::SaleFacts> facts,
          LedgerPlan::State& state)
      : rules_(rules), facts_(std::move(facts)), state_(state) {
    eval_.as_of = options.eval.as_of;
    eval_.trace = TraceLevel::kNone;
  }

  void Run() {
    CollectEntries();
    SortEntries();
    state_.left_before.assign(state_.refs.size(), -1);
    state_.adjustment.assign(facts_.size(), -1);
    Walk();
    Report();
  }

 private:
  // Every counted authorization of every sale, and the entries they name.
  void CollectEntries() {
    absl::flat_hash_map<std::string, uint32_t> index;
    std::vector<LedgerEntry>& entries = state_.ledger.entries;
    state_.ref_begin.assign(1, 0);
    for (const internal::SaleFacts& f : facts_) {
      if (f.held == nullptr) {
        state_.ref_begin.push_back(static_cast<uint32_t>(state_.refs.size()));
        continue;
      }
      const Sale& s = *f.held;
      for (NotApplied::Kind kind : {NotApplied::Kind::kLicense, NotApplied::Kind::kApproval}) {
        const std::vector<Authorization>& list = ListOf(s, kind);
        for (uint32_t i = 0; i < list.size(); ++i) {
          const Authorization& a = list[i];
          if (a.id.empty()) continue;
          auto [it, added] = index.try_emplace(internal::StrCat(a.jurisdiction.ToString(), " ", a.id),
                                               static_cast<uint32_t>(entries.size()));
          if (added) {
            LedgerEntry& e = entries.emplace_back();
            e.jurisdiction = a.jurisdiction;
            e.id = a.id;
            e.kind = kind;
          }
          LedgerEntry& e = entries[it->second];
          if (a.quantity) {
            if (e.granted && *e.granted != *a.quantity) e.quantities_differ = true;
            e.granted = e.granted ? std::min(*e.granted, *a.quantity) : *a.quantity;
          }
          ++e.sales_holding;
          state_.refs.push_back({it->second, kind, i});
        }
      }
      state_.ref_begin.push_back(static_cast<uint32_t>(state_.refs.size()));
    }
  }

  // Entries by jurisdiction, then id.
  void SortEntries() {
    std::vector<LedgerEntry>& entries = state_.ledger.entries;
    std::vector<uint32_t> order(entries.size());
    std::iota(order.begin(), order.end(), 0u);
    std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
      const LedgerEntry &x = entries[a], &y = entries[b];
      const std::string cx = x.jurisdiction.ToString(), cy = y.jurisdiction.ToString();
      return cx != cy ? cx < cy : x.id < y.id;
    });
    std::vector<uint32_t> rank(entries.size());
    std::vector<LedgerEntry> sorted;
    sorted.reserve(entries.size());
    for (uint32_t r = 0; r < order.size(); ++r) {
      rank[order[r]] = r;
      sorted.push_back(std::move(entries[order[r]]));
    }
    entries = std::move(sorted);
    for (CountedRef& ref : state_.refs) ref.entry = rank[ref.entry];
  }

  void Walk() {
    std::vector<uint32_t> order(facts_.size());
    std::iota(order.begin(), order.end(), 0u);
    std::stable_sort(order.begin(), order.end(),
                     [&](uint32_t a, uint32_t b) { return facts_[a].date < facts_[b].date; });
    std::optional<Date> day;
    for (uint32_t i : order) {
      const internal::SaleFacts& f = facts_[i];
      if (day != f.date) {
        for (ItemState* item : touched_) item->us_before += item->us_today, item->us_today = 0;
        for (ItemState* item : touched_) item->touched_today = false;
        touched_.clear();
        day = f.date;
      }
      if (f.held != nullptr) {
        WalkSale(i);
      } else if (f.shipped_to_us) {
        ShipToUs(items_[f.model], f.quantity);
      }
    }
  }

  ItemState& Item(const Sale& s) { return items_[s.item.model]; }
  void ShipToUs(ItemState& item, int64_t quantity) {
    item.us_today += quantity;
    item.us_total += quantity;
    if (!item.touched_today) item.touched_today = true, touched_.push_back(&item);
  }

  // One sale that holds a license or approval: evaluated with what the ledger has left, then
  // drawn on it.
  void WalkSale(uint32_t i) {
    const Sale& s = *facts_[i].held;
    state_.adjustment[i] = static_cast<int32_t>(state_.adjustments.size());
    Adjustment& a = state_.adjustments.emplace_back();
    ItemState& item = Item(s);
    for (size_t r = state_.ref_begin[i]; r < state_.ref_begin[i + 1]; ++r) {
      const LedgerEntry& e = state_.ledger.entries[state_.refs[r].entry];
      if (e.granted) state_.left_before[r] = *e.granted - e.used;
    }
    if (!s.us_units_shipped) a.us_units_shipped = item.us_before;
    state_.Apply(i, s, copy_);
    Decision d = Evaluate(rules_, copy_, eval_);
    const int64_t cap = VolumeCapOf(d);
    if (cap >= 0 && s.quantity > std::max<int64_t>(0, cap - item.under_cap)) {
      a.us_units_shipped = 0;  // a cap of 0: the decision of a cap the quantity exceeds
      a.cap_room = std::max<int64_t>(0, cap - item.under_cap);
      a.cap_total = cap;
      ++item.refused;
      state_.Apply(i, s, copy_);
      d = Evaluate(rules_, copy_, eval_);
    }
    const bool ships = IsAllowed(d.verdict);
    if (ships) DrawOn(i, d);
    if (ships && cap >= 0 && a.cap_room < 0) item.under_cap += s.quantity, ++item.covered;
    if (s.destination == us_ && d.allowed) ShipToUs(item, s.quantity);
    CountRefusals(i, d);
  }

  // Each jurisdiction's applied authorization, when counted, covers the sale's quantity.
  void DrawOn(uint32_t i, const Decision& d) {
    const Sale& s = *facts_[i].held;
    for (const JurisdictionDecision& jd : d.jurisdictions) {
      const auto applied = FirstMatching(copy_, d, jd.jurisdiction);
      if (!applied) continue;
      for (const CountedRef& ref : state_.RefsOf(i)) {
        if (ref.kind != applied->first || ref.index != applied->second) continue;
        if (!jd.licensed && !Needed(d, jd)) break;
        LedgerEntry& e = state_.ledger.entries[ref.entry];
        e.used += s.quantity;
        ++e.sales_covered;
      }
    }
  }

  // Whether the jurisdiction's verdict depends on its held authorizations.
  bool Needed(const Decision& d, const JurisdictionDecision& jd) {
    Sale without = copy_;
    auto drop = [&](std::vector<Authorization>& list) {
      std::erase_if(list, [&](const Authorization& a) { return a.jurisdiction == jd.jurisdiction; });
    };
    drop(without.licenses);
    drop(without.approvals);
    const Decision probe = Evaluate(rules_, without, eval_);
    const JurisdictionDecision* other = probe.Find(jd.jurisdiction);
    return other == nullptr || other->verdict != jd.verdict || probe.verdict != d.verdict;
  }

  // Counted authorizations that would have matched but for the units the book has left.
  void CountRefusals(uint32_t i, const Decision& d) {
    const Sale& s = *facts_[i].held;
    for (const CountedRef& ref : state_.RefsOf(i)) {
      const std::optional<int64_t>& own = ListOf(s, ref.kind)[ref.index].quantity;
      if (own && *own < s.quantity) continue;
      for (const NotApplied& n : d.not_applied) {
        if (n.kind == ref.kind && n.index == ref.index && n.reason == NotApplied::Reason::kQuantity) {
          ++state_.ledger.entries[ref.entry].sales_refused;
        }
      }
    }
  }

  // The items that shipped or asked to ship under a volume cap, by name.
  void Report() {
    for (const auto& [model, item] : items_) {
      if (item.covered == 0 && item.refused == 0) continue;
      state_.ledger.volume_caps.push_back({.item = std::string(model),
                                           .us_units_shipped = item.us_total,
                                           .units_under_cap = item.under_cap,
                                           .sales_covered = item.covered,
                                           .sales_refused = item.refused});
    }
    std::sort(state_.ledger.volume_caps.begin(), state_.ledger.volume_caps.end(),
              [](const VolumeCapEntry& a, const VolumeCapEntry& b) { return a.item < b.item; });
  }

  const RuleSet& rules_;
  const std::vector<internal::SaleFacts> facts_;
  LedgerPlan::State& state_;
  EvalOptions eval_;
  const Country us_ = Country::Of("US");
  // Views into the item models of the facts and the held sales; a node map: touched_ points into it.
  absl::node_hash_map<std::string_view, ItemState> items_;
  std::vector<ItemState*> touched_;  // items shipped to the US today
  Sale copy_;                        // reused: the sale as the ledger has it
};

}  // namespace

namespace internal {

// Whether `sale` holds a license or approval with an id (one the ledger counts).
bool HoldsCounted(const Sale& sale) {
  for (const std::vector<Authorization>* list : {&sale.licenses, &sale.approvals}) {
    for (const Authorization& a : *list) {
      if (!a.id.empty()) return true;
    }
  }
  return false;
}

// Kept per thread for the last rule set, keyed by its address and content hash.
Date FirstVolumeCapDay(const RuleSet& rules) {
  thread_local const RuleSet* cached = nullptr;
  thread_local uint64_t cached_hash = 0;
  thread_local Date day;
  if (cached == &rules && cached_hash == rules.content_hash()) return day;
  day = Date::Unbounded();
  for (const CompiledRule& r : Compiled(rules).compiled) {
    for (const CompiledCase& c : r.cases) {
      if (c.outcome.source == nullptr) continue;
      for (const ConditionSpec& spec : c.outcome.source->conditions) {
        if (spec.kind == ConditionKind::kVolumeCap) day = std::min(day, r.rule->effective.from);
      }
    }
  }
  cached = &rules;
  cached_hash = rules.content_hash();
  return day;
}

bool NeedsLedger(const RuleSet& rules, const Sale& sale, const Decision& decision, const EvalOptions& options) {
  if (sale.licenses.empty() && sale.approvals.empty()) return false;
  if (HoldsCounted(sale)) return true;
  for (const ConditionOut& c : decision.conditions) {
    if (c.kind == ConditionKind::kVolumeCap) return true;
  }
  for (const NotApplied& n : decision.not_applied) {
    if (n.reason == NotApplied::Reason::kVolumeCap) return true;
  }
  if (sale.licenses.empty() || sale.us_units_shipped) return false;  // the walk gives it no us_units_shipped
  if (sale.date < FirstVolumeCapDay(rules)) return false;
  // A cap is floor(us_units_shipped * percent / 100): 0 is the tightest, refusing every license a
  // cap could refuse. Each world of the evaluation is refused at a cap of 0 or not at all, so when
  // the decisions at 0 and at none are the same, the one at any count is too.
  const EvalOptions none{.as_of = options.as_of, .trace = TraceLevel::kNone};
  // A copy reused by the thread (assigning keeps its buffers), and two texts compared.
  thread_local Sale probe;
  thread_local std::string a, b;
  probe = sale;
  probe.us_units_shipped = 0;
  a.clear();
  b.clear();
  const DecisionJsonOptions json{.line = std::nullopt, .rule_set = false, .citations = false};
  AppendDecisionJson(a, exportctl::Evaluate(rules, sale, none), sale, rules, json);
  AppendDecisionJson(b, exportctl::Evaluate(rules, probe, none), sale, rules, json);
  return a != b;
}

SaleFacts FactsOf(const Sale& sale, const Decision& decision, bool needs_ledger) {
  SaleFacts f;
  f.date = sale.date;
  f.quantity = sale.quantity;
  if (needs_ledger) {
    f.held = &sale;
  } else if (sale.destination == Country::Of("US") && decision.allowed) {
    f.shipped_to_us = true;
    f.model = sale.item.model;
  }
  return f;
}

SaleFacts FactsOf(const RuleSet& rules, const Sale& sale, const EvalOptions& options) {
  // Not held (nothing counted, no volume cap yet: NeedsLedger is false without evaluating) and
  // not shipped to the US: the plan needs nothing of the sale but its date and quantity.
  if (sale.destination != Country::Of("US") && ((sale.licenses.empty() && sale.approvals.empty()) ||
                                                (!HoldsCounted(sale) && sale.date < FirstVolumeCapDay(rules)))) {
    SaleFacts f;
    f.date = sale.date;
    f.quantity = sale.quantity;
    return f;
  }
  const EvalOptions none{.as_of = options.as_of, .trace = TraceLevel::kNone};
  const Decision d = exportctl::Evaluate(rules, sale, none);
  return FactsOf(sale, d, NeedsLedger(rules, sale, d, options));
}

absl::StatusOr<LedgerPlan> LedgerPlanAccess::Make(const RuleSet& rules, std::vector<SaleFacts> facts,
                                                  const LedgerOptions& options) {
  if (facts.size() >= UINT32_MAX) return absl::InvalidArgumentError("an order book holds fewer than 2^32 sales");
  try {
    auto state = std::make_shared<LedgerPlan::State>();
    Planner planner(rules, options, std::move(facts), *state);
    planner.Run();
    return LedgerPlan(std::move(state));
  } catch (const std::bad_alloc&) {
    return absl::ResourceExhaustedError("order book evaluation failed: out of memory");
  }
}

}  // namespace internal

absl::StatusOr<LedgerPlan> LedgerPlan::Make(const RuleSet& rules, absl::Span<const Sale> sales,
                                            const LedgerOptions& options) {
  const absl::StatusOr<int> threads = internal::WorkerThreads(options.threads);
  if (!threads.ok()) return threads.status();
  std::vector<internal::SaleFacts> facts(sales.size());
  absl::Status s = internal::ParallelFor(sales.size(), *threads, kOrderBookChunk, [&](size_t begin, size_t end) {
    for (size_t i = begin; i < end; ++i) facts[i] = internal::FactsOf(rules, sales[i], options.eval);
  });
  if (!s.ok()) return s;
  return internal::LedgerPlanAccess::Make(rules, std::move(facts), options);
}

Decision LedgerPlan::Evaluate(const RuleSet& rules, size_t index, const Sale& sale, const EvalOptions& options) const {
  if (state_->adjustment[index] < 0) return exportctl::Evaluate(rules, sale, options);
  thread_local Sale copy;
  state_->Apply(index, sale, copy);
  Decision d = exportctl::Evaluate(rules, copy, options);
  state_->Rewrite(index, sale, d);
  return d;
}

const Ledger& LedgerPlan::ledger() const { return state_->ledger; }

absl::StatusOr<OrderBookResult> EvaluateOrderBook(const RuleSet& rules, absl::Span<const Sale> sales,
                                                  const LedgerOptions& options) {
  absl::StatusOr<LedgerPlan> plan = LedgerPlan::Make(rules, sales, options);
  if (!plan.ok()) return plan.status();
  try {
    OrderBookResult result;
    result.decisions.resize(sales.size());
    absl::Status s = internal::ParallelFor(sales.size(), internal::WorkerThreads(options.threads).value_or(1),
                                           kOrderBookChunk, [&](size_t begin, size_t end) {
                                             for (size_t i = begin; i < end; ++i)
                                               result.decisions[i] = plan->Evaluate(rules, i, sales[i], options.eval);
                                           });
    if (!s.ok()) return s;
    result.ledger = plan->ledger();
    result.keep_alive = plan->KeepAlive();
    return result;
  } catch (const std::bad_alloc&) {
    return absl::ResourceExhaustedError("order book evaluation failed: out of memory");
  }
}

}  // namespace exportctl
