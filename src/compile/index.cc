// The branch programs and the date index of a compiled rule set (index.h).
#include "compile/index.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <limits>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "internal/strings.h"

namespace exportctl::internal {
namespace {

class Indexer {
 public:
  Indexer(CompiledRules& out, const std::vector<CountrySetMembers>& country_sets)
      : out_(&out), country_sets_(country_sets) {
    for (const CompiledEntity& e : out.compiled_entities)
      for (uint32_t bit : e.list_bits) lists_with_entries_ |= bit;
  }

  // Every root predicate (scopes, rules, cases) as two branch programs (compiled.h): in written
  // order, three-valued, and cheapest leaves first, two-valued. Roots that share a node share
  // its programs.
  void BuildBranchPrograms() {
    out_->branch_entry.assign(out_->nodes.size(), kNoProgram);
    out_->cheap_entry.assign(out_->nodes.size(), kExitUnknown);
    std::vector<bool> emitted(out_->nodes.size(), false);
    auto root = [&](int32_t node) {
      if (node < 0 || emitted[node]) return;
      emitted[node] = true;
      const uint32_t n = static_cast<uint32_t>(node);
      const size_t before = out_->branches.size();
      emit_calls_ = 0;
      const int32_t written = EmitWritten(n, kExitTrue, kExitFalse, kExitUnknown);
      if (emit_calls_ <= kMaxProgramSteps) {
        out_->branch_entry[node] = written;
      } else {
        out_->branches.resize(before);  // the tree evaluates this one
      }
      out_->cheap_entry[node] = EmitCheap(n, kExitTrue, kExitFalse);
    };
    for (const CompiledJurisdiction& j : out_->compiled_jurisdictions) root(j.scope);
    for (const CompiledRule& cr : out_->compiled) {
      root(cr.when);
      for (const CompiledCase& c : cr.cases) root(c.when);
    }
  }

  // The entry of node `index`'s written-order steps, which continue at `on_true`, `on_false` or
  // `on_unknown`. Built from the last child back, so that each child's continuation exists. An
  // `and` goes on after a true child along its clean chain and after an unknown one along its
  // tainted chain, which ends unknown instead of true (`or` alike, with true and false swapped):
  // the Kleene value, visiting the leaves as the tree does. Stops once it has been called more
  // than kMaxProgramSteps times for one root (the caller drops that program): the chains double
  // with each level of nesting.
  int32_t EmitWritten(uint32_t index, int32_t on_true, int32_t on_false, int32_t on_unknown) {
    if (++emit_calls_ > kMaxProgramSteps) return kNoProgram;
    const Node n = out_->nodes[index];
    const std::vector<uint32_t> children(out_->children.begin() + n.first_child,
                                         out_->children.begin() + n.first_child + n.child_count);
    switch (n.op) {
      case Op::kTrue: return on_true;
      case Op::kFalse: return on_false;
      case Op::kNot: return EmitWritten(children[0], on_false, on_true, on_unknown);
      case Op::kAnd:
      case Op::kOr: {
        const bool is_and = n.op == Op::kAnd;
        int32_t clean = is_and ? on_true : on_false, tainted = on_unknown;
        for (size_t k = children.size(); k-- > 0;) {
          const uint32_t c = children[k];
          const int32_t next_clean =
              is_and ? EmitWritten(c, clean, on_false, tainted) : EmitWritten(c, on_true, clean, tainted);
          if (k > 0)
            tainted = is_and ? EmitWritten(c, tainted, on_false, tainted) : EmitWritten(c, on_true, tainted, tainted);
          clean = next_clean;
        }
        return clean;
      }
      default:
        out_->branches.push_back({n, {on_false, on_true, on_unknown}});
        return static_cast<int32_t>(out_->branches.size() - 1);
    }
  }

  // The entry of node `index`'s cheap-first steps: two-valued, children of `and` and `or` in
  // CostOrder (the same value in two-valued logic); an unknown leaf exits kExitUnknown. With
  // `destination_in`, a `destination in [...]` leaf is no step but a jump to where its value,
  // destination_in(set), goes.
  template <class DestinationIn = std::nullptr_t>
  int32_t EmitCheap(uint32_t index, int32_t on_true, int32_t on_false, const DestinationIn& destination_in = nullptr) {
    const Node n = out_->nodes[index];
    switch (n.op) {
      case Op::kTrue: return on_true;
      case Op::kFalse: return on_false;
      case Op::kNot: return EmitCheap(out_->children[n.first_child], on_false, on_true, destination_in);
      case Op::kAnd:
      case Op::kOr: {
        const std::vector<uint32_t> children = CostOrder(n);
        int32_t entry = n.op == Op::kAnd ? on_true : on_false;
        for (size_t k = children.size(); k-- > 0;)
          entry = n.op == Op::kAnd ? EmitCheap(children[k], entry, on_false, destination_in)
                                   : EmitCheap(children[k], on_true, entry, destination_in);
        return entry;
      }
      case Op::kDestinationIn:
        if constexpr (!std::is_same_v<DestinationIn, std::nullptr_t>) return destination_in(n.set) ? on_true : on_false;
        [[fallthrough]];
      default:
        out_->branches.push_back({n, {on_false, on_true, kExitUnknown}});
        return static_cast<int32_t>(out_->branches.size() - 1);
    }
  }

  // What a leaf costs to test, roughly: fields of the sale and metrics are a load or two; the
  // buyer's parent, the chip's name and the Entity List need a derivation or a lookup the first
  // time. A connective costs the sum of its children.
  uint32_t Cost(uint32_t index) const {
    const Node& n = out_->nodes[index];
    switch (n.op) {
      case Op::kAnd:
      case Op::kOr:
      case Op::kNot: {
        uint32_t sum = 0;
        for (uint32_t k = 0; k < n.child_count; ++k) sum += Cost(out_->children[n.first_child + k]);
        return sum;
      }
      case Op::kHeadquartersIn: return 4;
      case Op::kModelIn:
      case Op::kVendorIn:
      case Op::kBuyerListIn: return 8;
      case Op::kFlag: return n.flag == Flag::kBuyerListed || n.flag == Flag::kBuyerAffiliateListed ? 8 : 1;
      default: return 1;
    }
  }
  // The children of connective `n` in the order the cheap program tests them (stable: equal
  // costs keep their written order).
  std::vector<uint32_t> CostOrder(const Node& n) const {
    std::vector<uint32_t> order(out_->children.begin() + n.first_child,
                                out_->children.begin() + n.first_child + n.child_count);
    std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return Cost(a) < Cost(b); });
    return order;
  }
  // --- Date index -----------------------------------------------------------------------------

  void BuildDateIndex() {
    std::vector<Date>& b = out_->boundaries;
    auto add = [&](Date d) {
      if (!d.is_unbounded() && d != Date::Earliest()) b.push_back(d);
    };
    for (const CompiledRule& cr : out_->compiled) {
      add(cr.starts);
      add(cr.rule->effective.until);
    }
    for (const CountryGroup& g : out_->groups)
      for (const GroupMember& m : g.members) add(m.interval.from), add(m.interval.until);
    for (const ParameterSeries& p : out_->parameters)
      for (const ParameterValue& v : p.values) add(v.from);
    for (const Entity& e : out_->entities)
      for (const Listing& l : e.listings) add(l.interval.from), add(l.interval.until);
    for (const OwnershipEdge& o : out_->ownership) add(o.interval.from), add(o.interval.until);
    std::sort(b.begin(), b.end());
    b.erase(std::unique(b.begin(), b.end()), b.end());
    constexpr size_t kMaxDayTable = 1 << 14;  // 45 years of days, 32 KiB
    if (!b.empty() && b.size() < UINT16_MAX && static_cast<size_t>(b.back().DaysSince(b.front())) < kMaxDayTable) {
      out_->first_boundary_day = static_cast<uint32_t>(b.front().boost_date().day_number());
      uint16_t segment = 1;  // the first boundary starts segment 1
      for (Date day = b.front(); day <= b.back(); day = day.AddDays(1)) {
        if (segment < b.size() && day == b[segment]) ++segment;
        out_->segment_of_day.push_back(segment);
      }
    }

    const size_t jurisdictions = out_->jurisdictions.size();
    std::vector<uint32_t> order(out_->compiled.size());
    for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(),
                     [&](uint32_t x, uint32_t y) { return out_->compiled[x].stage < out_->compiled[y].stage; });
    for (uint32_t i : order) out_->by_jurisdiction[out_->compiled[i].jurisdiction].push_back(i);

    // Parameter values per segment (their dates are boundaries), NaN before a series starts.
    const size_t parameters = out_->compiled_parameters.size();
    out_->parameter_table.reserve((b.size() + 1) * parameters);
    out_->parameter_from.reserve((b.size() + 1) * parameters);
    for (size_t s = 0; s <= b.size(); ++s) {
      const Date day = s == 0 ? Date::Earliest() : b[s - 1];
      for (const CompiledParameter& p : out_->compiled_parameters) {
        double value = std::numeric_limits<double>::quiet_NaN();
        Date from;
        for (size_t v = 0; v < p.from.size() && p.from[v] <= day; ++v) value = p.value[v], from = p.from[v];
        out_->parameter_table.push_back(value);
        out_->parameter_bounds.push_back(BoundsOf(value));  // NaN bounds: no value yet
        out_->parameter_from.push_back(from);
      }
    }

    // Country sets per segment: every group member's dates are boundaries, so membership on a
    // segment's first day holds for the whole segment.
    out_->country_set_count = static_cast<uint32_t>(country_sets_.size());
    out_->segment_sets.reserve((b.size() + 1) * country_sets_.size());
    absl::flat_hash_map<std::string, uint32_t> distinct;  // a member set's bits -> its index
    for (size_t s = 0; s <= b.size(); ++s) {
      const Date day = s == 0 ? Date::Earliest() : b[s - 1];
      for (size_t k = 0; k < country_sets_.size(); ++k) {
        CountryBits bits;
        for (const auto& [country, interval] : country_sets_[k])
          if (interval.Contains(day)) bits.set(country.index());
        if (s > 0) {  // most sets do not change at a boundary: reuse the previous segment's entry
          const uint32_t previous = out_->segment_sets[(s - 1) * country_sets_.size() + k];
          if (out_->distinct_sets[previous] == bits) {
            out_->segment_sets.push_back(previous);
            continue;
          }
        }
        auto [it, inserted] = distinct.emplace(bits.to_string(), static_cast<uint32_t>(out_->distinct_sets.size()));
        if (inserted) out_->distinct_sets.push_back(bits);
        out_->segment_sets.push_back(it->second);
      }
    }

    out_->offsets.push_back(0);
    out_->by_destination.offsets.push_back(0);
    std::vector<uint32_t> in_force[kStageCount];
    for (size_t s = 0; s <= b.size(); ++s) {
      const Date day = s == 0 ? Date::Earliest() : b[s - 1];
      for (size_t j = 0; j < jurisdictions; ++j) {
        for (int stage = 0; stage < kStageCount; ++stage) {
          in_force[stage].clear();
          for (uint32_t i : out_->by_jurisdiction[j]) {
            const CompiledRule& cr = out_->compiled[i];
            if (static_cast<int>(cr.stage) == stage && cr.starts <= day && day < cr.rule->effective.until)
              in_force[stage].push_back(i);
          }
          out_->active.insert(out_->active.end(), in_force[stage].begin(), in_force[stage].end());
          out_->offsets.push_back(static_cast<uint32_t>(out_->active.size()));
        }
        IndexByDestination(s, in_force);
      }
    }
    for (size_t j = 0; j < jurisdictions; ++j) BuildRouteScope(j);
  }

  // compiled_jurisdictions[j].route, when its scope qualifies (RouteScope).
  void BuildRouteScope(size_t j) {
    CompiledJurisdiction& cj = out_->compiled_jurisdictions[j];
    if (cj.report_out_of_scope || cj.scope < 0) return;
    for (uint32_t i : out_->by_jurisdiction[j])
      if (out_->compiled[i].stage == Stage::kScope) return;
    RouteScope route;
    if (!AddRouteLeaves(static_cast<uint32_t>(cj.scope), route)) return;
    route.on = true;
    cj.route = route;
  }
  bool AddRouteLeaves(uint32_t index, RouteScope& route) const {
    const Node& n = out_->nodes[index];
    if (n.op == Op::kOr) {
      for (uint32_t c = 0; c < n.child_count; ++c)
        if (!AddRouteLeaves(out_->children[n.first_child + c], route)) return false;
      return true;
    }
    CountryBits* bits = nullptr;
    if (n.op == Op::kDestinationIn) bits = &route.destination;
    else if (n.op == Op::kExportedFromIn) bits = &route.from;
    else if (n.op == Op::kTransitIn) bits = &route.transit;
    else return false;
    for (const auto& member : country_sets_[n.set]) bits->set(member.first.index());
    return true;
  }

  // The rules in force in segment s for one jurisdiction (in_force, stage by stage), listed again
  // per destination class without those the destination alone makes do nothing. Countries alike in
  // every country set the rules' `destination in [...]` leaves read form one class.
  void IndexByDestination(size_t s, const std::vector<uint32_t> (&in_force)[kStageCount]) {
    DestinationIndex& index = out_->by_destination;
    std::vector<int32_t> sets;  // the destination sets the rules read
    for (const std::vector<uint32_t>& rules : in_force)
      for (uint32_t i : rules) DestinationSets(out_->compiled[i].when, sets);
    std::sort(sets.begin(), sets.end());
    sets.erase(std::unique(sets.begin(), sets.end()), sets.end());

    // A country's class: its membership in each set, as bits (none past 64 sets: one class).
    std::array<uint64_t, Country::kIndexCount + 1> signature{};
    if (sets.size() <= 64) {
      for (size_t k = 0; k < sets.size(); ++k) {
        const CountryBits& members = out_->distinct_sets[out_->segment_sets[s * out_->country_set_count + sets[k]]];
        for (size_t c = members._Find_first(); c < members.size(); c = members._Find_next(c))
          signature[c] |= uint64_t{1} << k;
      }
    }
    DestinationIndex::Classes classes{};
    std::vector<uint64_t> distinct;
    std::vector<int> representative;  // a country of each class (kIndexCount: no destination)
    for (int c = 0; c <= Country::kIndexCount; ++c) {
      auto it = std::find(distinct.begin(), distinct.end(), signature[c]);
      if (it == distinct.end()) {
        distinct.push_back(signature[c]);
        representative.push_back(c);
        it = distinct.end() - 1;
      }
      classes[c] = static_cast<uint16_t>(it - distinct.begin());
    }
    auto table = std::find(index.classes.begin(), index.classes.end(), classes);
    index.table.push_back(static_cast<uint32_t>(table - index.classes.begin()));
    if (table == index.classes.end()) index.classes.push_back(classes);

    index.block.push_back(static_cast<uint32_t>(index.offsets.size() - 1) / kStageCount);
    for (int c : representative) {
      for (const std::vector<uint32_t>& rules : in_force) {
        for (uint32_t i : rules) {
          const CompiledRule& cr = out_->compiled[i];
          if (ByDestination(cr.when, c, s) == kFalseForDestination) continue;
          index.rules.push_back(i);
          index.entry.push_back(cr.when < 0 ? kExitTrue : CheapFor(cr.when, c, s));
        }
        index.offsets.push_back(static_cast<uint32_t>(index.rules.size()));
      }
    }
  }

  // Root `node`'s cheap-first program with its `destination in [...]` leaves decided for country
  // c in segment s: the steps that test them are jumps. Roots alike in those leaves share one.
  int32_t CheapFor(int32_t node, int c, size_t s) {
    std::vector<int32_t> sets;
    DestinationSets(node, sets);
    if (sets.empty()) return out_->cheap_entry[node];
    std::string key = StrCat(node, ":");
    for (int32_t set : sets) key += DestinationIn(set, c, s) ? '1' : '0';
    auto [it, inserted] = specialized_.try_emplace(std::move(key), 0);
    if (inserted)
      it->second = EmitCheap(static_cast<uint32_t>(node), kExitTrue, kExitFalse,
                             [&](int32_t set) { return DestinationIn(set, c, s); });
    return it->second;
  }
  bool DestinationIn(int32_t set, int c, size_t s) const {
    return c < Country::kIndexCount && out_->distinct_sets[out_->segment_sets[s * out_->country_set_count + set]][c];
  }

  // The country sets of the `destination in [...]` leaves of predicate `node`, into `sets`.
  void DestinationSets(int32_t node, std::vector<int32_t>& sets) const {
    if (node < 0) return;
    const Node& n = out_->nodes[node];
    if (n.op == Op::kDestinationIn) sets.push_back(n.set);
    if (n.op <= Op::kNot)
      for (uint32_t k = 0; k < n.child_count; ++k)
        DestinationSets(static_cast<int32_t>(out_->children[n.first_child + k]), sets);
  }

  // Predicate `node` with only the destination known (country index c, or kIndexCount for none,
  // in segment s), in three-valued logic: false means no other fact of a sale can make it hold.
  // So is `buyer_list in [...]` of lists no entity is on (the built-in catalog's SDN rules,
  // until a screening list is imported).
  enum Partial { kFalseForDestination, kTrueForDestination, kOpen };
  Partial ByDestination(int32_t node, int c, size_t s) const {
    if (node < 0) return kTrueForDestination;
    const Node& n = out_->nodes[node];
    switch (n.op) {
      case Op::kTrue: return kTrueForDestination;
      case Op::kFalse: return kFalseForDestination;
      case Op::kDestinationIn: return DestinationIn(n.set, c, s) ? kTrueForDestination : kFalseForDestination;
      case Op::kBuyerListIn: return (n.mask & lists_with_entries_) == 0 ? kFalseForDestination : kOpen;
      case Op::kNot: {
        const Partial p = ByDestination(static_cast<int32_t>(out_->children[n.first_child]), c, s);
        return p == kOpen ? kOpen : p == kTrueForDestination ? kFalseForDestination : kTrueForDestination;
      }
      case Op::kAnd:
      case Op::kOr: {
        const Partial decisive = n.op == Op::kAnd ? kFalseForDestination : kTrueForDestination;
        Partial r = n.op == Op::kAnd ? kTrueForDestination : kFalseForDestination;
        for (uint32_t k = 0; k < n.child_count; ++k) {
          const Partial p = ByDestination(static_cast<int32_t>(out_->children[n.first_child + k]), c, s);
          if (p == decisive) return p;
          if (p == kOpen) r = kOpen;
        }
        return r;
      }
      default: return kOpen;
    }
  }

  CompiledRules* out_;
  const std::vector<CountrySetMembers>& country_sets_;     // by set index
  size_t emit_calls_ = 0;                                  // EmitWritten calls for the current root
  absl::flat_hash_map<std::string, int32_t> specialized_;  // CheapFor: root and destination leaves -> entry
  uint32_t lists_with_entries_ = 0;                        // the screening lists (bits) some entity has a listing on
};

}  // namespace

void BuildBranchPrograms(CompiledRules& out) { Indexer(out, {}).BuildBranchPrograms(); }

void BuildDateIndex(CompiledRules& out, const std::vector<CountrySetMembers>& country_sets) {
  Indexer(out, country_sets).BuildDateIndex();
}

}  // namespace exportctl::internal
