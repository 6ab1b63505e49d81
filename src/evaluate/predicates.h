// The predicate machine: Kleene logic over the compiled predicates, and which rules are in force.
// Part of evaluate.cc's translation unit (see there): ForEachActiveDecided runs RunBranchesInline
// and EvalNode inline, the evaluator's hot path.
#ifndef EXPORTCTL_EVALUATE_PREDICATES_H_
#define EXPORTCTL_EVALUATE_PREDICATES_H_

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "absl/container/inlined_vector.h"
#include "evaluate/screening.h"

namespace exportctl::evaluator {
namespace {

enum class Tri : uint8_t { kFalse, kTrue, kUnknown };  // in this order: Branch::next is indexed by it

Tri Not(Tri a) { return a == Tri::kUnknown ? a : (a == Tri::kTrue ? Tri::kFalse : Tri::kTrue); }
Tri And(Tri a, Tri b) {
  if (a == Tri::kFalse || b == Tri::kFalse) return Tri::kFalse;
  return (a == Tri::kTrue && b == Tri::kTrue) ? Tri::kTrue : Tri::kUnknown;
}
Tri Or(Tri a, Tri b) {
  if (a == Tri::kTrue || b == Tri::kTrue) return Tri::kTrue;
  return (a == Tri::kFalse && b == Tri::kFalse) ? Tri::kFalse : Tri::kUnknown;
}
Tri FromBool(bool b) { return b ? Tri::kTrue : Tri::kFalse; }

// The thresholds one rule's predicate read, gathered when tracing. Kept inline: most rules do
// not fire, and only a fired rule's thresholds move to the heap, into its trace entry.
using Uses = absl::InlinedVector<ThresholdUse, 6>;

// The predicate machine: three-valued evaluation of the compiled predicates (branch programs and
// node trees) over the sale, and the rules in force at each stage.
class Predicates : public Screening {
 public:
  using Screening::Screening;

 protected:
  // --- Which rules are in force ---------------------------------------------------------------

  // Calls f(rule index) for each rule of jurisdiction j at `stage` in force on the sale date
  // (without as_of and a full trace, not for a rule the destination alone makes do nothing).
  template <class F>
  void ForEachActive(int j, Stage stage, F&& f) const {
    if (!options_.as_of) {
      const int g = static_cast<int>(stage);
      if (full_trace_) {  // every rule in force, for the trace to list
        for (uint32_t k = stage_offsets_[g], end = stage_offsets_[g + 1]; k < end; ++k) f(rs_.active[k]);
      } else {
        for (uint32_t k = destination_offsets_[g], end = destination_offsets_[g + 1]; k < end; ++k)
          f(rs_.by_destination.rules[k]);
      }
      return;
    }
    const Date as_of = *options_.as_of;
    for (uint32_t i : rs_.by_jurisdiction[j]) {
      const CompiledRule& cr = rs_.compiled[i];
      const Rule& r = *cr.rule;
      if (cr.stage != stage || r.announced > as_of) continue;
      Date until = r.effective.until;
      if (r.until_announced && *r.until_announced > as_of) until = Date::Unbounded();
      if (cr.starts <= sale_.date && sale_.date < until) f(i);
    }
  }

  // ForEachActive for the classification and requirement stages, over the rules not suspended
  // (whose predicate, when false, makes them do nothing untraced). Where nothing is traced and
  // no as_of filters the rules, each rule's predicate is decided here first, by its cheap-first
  // program (by_destination.entry) run inline, and f(rule index, &decided) is called only for rules
  // not decided false: most rules cost the program and nothing more. Otherwise f(rule index,
  // nullptr) is called for every rule not suspended.
  template <class S, class F>
  void ForEachActiveDecided(int j, Stage stage, S&& is_suspended, F&& f) {
    if (tracing_ || options_.as_of) {
      ForEachActive(j, stage, [&](uint32_t i) {
        if (!is_suspended(i)) f(i, nullptr);
      });
      return;
    }
    const int g = static_cast<int>(stage);
    for (uint32_t k = destination_offsets_[g], end = destination_offsets_[g + 1]; k < end; ++k) {
      const uint32_t i = rs_.by_destination.rules[k];
      if (is_suspended(i)) continue;
      const Tri decided = RunBranchesInline(rs_.by_destination.entry[k]);  // kUnknown: undecided
      if (decided != Tri::kFalse) f(i, &decided);
    }
  }

  // --- Predicates -----------------------------------------------------------------------------

  // A rule's predicate: its root's children are evaluated here, without a call for the root.
  Tri Eval(int32_t index) {
    if (index < 0) return Tri::kTrue;
    const Node& n = rs_.nodes[index];
    if (n.op == internal::Op::kAnd || n.op == internal::Op::kOr) return EvalAndOr(n);
    return EvalNode(n);
  }

  // The common leaves inline, so that a connective's loop makes no call for them; connectives
  // and the rarer leaves out of line.
  [[gnu::always_inline]] Tri EvalNode(const Node& n) {
    switch (n.op) {
      case internal::Op::kAnd:
      case internal::Op::kOr:
      case internal::Op::kNot: return EvalConnective(n);
      case internal::Op::kCompare: return uses_ ? TracedCompare(n) : EvalCompare(n);
      case internal::Op::kDestinationIn: return FromBool(In(destination_, n.set));
      case internal::Op::kOriginIn:
        if (origin_ < 0) [[unlikely]]
          return UnknownFact(Spec::kOrigin);
        return FromBool(In(origin_, n.set));
      case internal::Op::kClassificationIn:
        if ((class_possible_ & n.mask) == 0) return Tri::kFalse;
        if ((class_possible_ & ~n.mask) == 0) return Tri::kTrue;
        rule_missing_ |= class_missing_;
        return Tri::kUnknown;
      default: return EvalLeaf(n);
    }
  }

  // Out of line, with the rarely read leaves further out, so that each recursion step has a
  // small frame.
  [[gnu::noinline]] Tri EvalConnective(const Node& n) {
    if (n.op == internal::Op::kNot) return Not(EvalNode(rs_.nodes[rs_.children[n.first_child]]));
    return EvalAndOr(n);
  }
  // And: the first false child decides, otherwise any unknown one does. Or: the same with true.
  [[gnu::always_inline]] Tri EvalAndOr(const Node& n) {
    const uint32_t* child = &rs_.children[n.first_child];
    const uint32_t* const end = child + n.child_count;
    const Tri decisive = n.op == internal::Op::kAnd ? Tri::kFalse : Tri::kTrue;
    Tri r = n.op == internal::Op::kAnd ? Tri::kTrue : Tri::kFalse;
    for (; child != end; ++child) {
      const Tri c = EvalNode(rs_.nodes[*child]);
      if (c == decisive) return c;
      if (c == Tri::kUnknown) r = c;
    }
    return r;
  }

  [[gnu::noinline]] Tri EvalLeaf(const Node& n) {
    switch (n.op) {
      case internal::Op::kAnd:  // EvalNode evaluates these
      case internal::Op::kOr:
      case internal::Op::kNot:
      case internal::Op::kCompare:
      case internal::Op::kOriginIn:
      case internal::Op::kDestinationIn:
      case internal::Op::kClassificationIn: break;
      case internal::Op::kTrue: return Tri::kTrue;
      case internal::Op::kFalse: return Tri::kFalse;
      case internal::Op::kFlag: return EvalFlag(n);
      case internal::Op::kExportedFromIn: return FromBool(In(exported_from_, n.set));
      case internal::Op::kTransitIn: return FromBool(TransitIn(n.set));
      case internal::Op::kHeadquartersIn: return FromBool(In(headquarters_, n.set) || In(ParentHeadquarters(), n.set));
      case internal::Op::kSectorIn: return FromBool(n.mask & (1u << static_cast<int>(sale_.buyer.sector)));
      case internal::Op::kEndUseIn: return FromBool(n.mask & (1u << static_cast<int>(sale_.end_use)));
      case internal::Op::kBuyerListIn: return FromBool(n.mask & BuyerLists());
      case internal::Op::kModelIn: return FromBool(ModelIn(n.set));
      case internal::Op::kVendorIn: return FromBool(VendorIn(n.set));
    }
    return Tri::kFalse;
  }

  // A comparison node's threshold on the sale date (`from`: the day a parameter's value took
  // effect). False while its parameter has no value.
  bool NodeThreshold(const Node& n, double* threshold, Date* from) const {
    if (n.parameter < 0) {
      *threshold = n.threshold;
      return true;
    }
    return ParameterValue(n.parameter, threshold, from);
  }
  // The same as the threshold's bounds (precomputed for a literal, and per segment for a
  // parameter unless an as_of hides some values).
  [[gnu::always_inline]] bool NodeBounds(const Node& n, internal::Bounds* bounds) const {
    if (n.parameter < 0) {
      *bounds = n.bounds;
      return true;
    }
    if (options_.as_of) [[unlikely]] {
      double threshold;
      if (!DatedParameterValue(n.parameter, &threshold, nullptr)) return false;
      *bounds = internal::BoundsOf(threshold);
      return true;
    }
    *bounds = parameter_bounds_row_[n.parameter];
    return !std::isnan(bounds->low);
  }

  // A comparison is false while its parameter has no value, unknown when the metric is.
  [[gnu::always_inline]] Tri EvalCompare(const Node& n) {
    internal::Bounds bounds;
    if (!NodeBounds(n, &bounds)) return Tri::kFalse;
    const double* value = MetricValue(n.metric);
    if (!value) return Tri::kUnknown;
    return FromBool(internal::Compare(*value, n.compare, bounds));
  }
  // The same, recording the threshold read (with the parameter's date) for the trace.
  [[gnu::noinline]] Tri TracedCompare(const Node& n) {
    double threshold;
    Date from;
    if (!NodeThreshold(n, &threshold, &from)) return Tri::kFalse;
    const double* value = MetricValue(n.metric);
    if (!value) return Tri::kUnknown;
    const bool result =
        internal::Compare(*value, n.compare, n.parameter < 0 ? n.bounds : internal::BoundsOf(threshold));
    const ThresholdUse use{n.metric,
                           *value,
                           n.compare,
                           threshold,
                           n.parameter >= 0 ? std::string_view(rs_.parameters[n.parameter].id) : std::string_view(),
                           from,
                           result};
    // Parameter ids are views into the rule set, one per parameter: the same parameter is the
    // same pointer, so no string comparison is needed.
    const bool seen = std::any_of(uses_->begin(), uses_->end(), [&](const ThresholdUse& u) {
      return u.metric == use.metric && u.op == use.op && u.threshold == use.threshold &&
             u.parameter.data() == use.parameter.data() && u.parameter.size() == use.parameter.size();
    });
    if (!seen) uses_->push_back(use);
    return FromBool(result);
  }
  // The sale's value of a metric, or nullptr (noting the missing specs) when it is unknown.
  const double* MetricValue(Metric metric) {
    const int m = static_cast<int>(metric);
    if (metric_unknown_ & (1u << m)) [[unlikely]]
      return UnknownMetric(m);
    return &metric_value_[m];
  }
  [[gnu::noinline]] const double* UnknownMetric(int m) {
    if (m == static_cast<int>(Metric::kEfficiency8Bit) && efficiency_pending_) {
      ComputeEfficiency();
      if (!(metric_unknown_ & (1u << m))) return &metric_value_[m];
    }
    rule_missing_ |= metric_missing_[m];
    return nullptr;
  }
  // A fact of the sale the input does not state: the leaf is unknown, and names it.
  [[gnu::noinline]] Tri UnknownFact(Spec spec) {
    rule_missing_ |= spec;
    return Tri::kUnknown;
  }

  [[gnu::noinline]] bool ModelIn(int32_t set) {
    if (!facts_.model_name_done) {
      facts_.model_name_done = true;
      facts_.model_name = NameId(NormalizedModel());
    }
    return NameIn(set, facts_.model_name);
  }
  [[gnu::noinline]] bool VendorIn(int32_t set) const {
    char buffer[64];
    const size_t length = internal::NormalizeChipNameInto(sale_.item.vendor, buffer, sizeof buffer);
    return length != std::string_view::npos && NameIn(set, NameId(std::string_view(buffer, length)));
  }

  Tri EvalFlag(const Node& n) {
    switch (n.flag) {
      case Flag::kDatacenter:
        if (!sale_.item.datacenter) return UnknownFact(Spec::kDatacenter);
        return FromBool(*sale_.item.datacenter);
      case Flag::kNationalHub: return FromBool(sale_.datacenter.national_hub);
      case Flag::kPueGiven: return FromBool(sale_.datacenter.pue.has_value());
      case Flag::kBuyerListed: return FromBool(BuyerListed());
      case Flag::kBuyerAffiliateListed: return FromBool(BuyerAffiliateListed());
    }
    return Tri::kFalse;
  }

  // --- Root predicates ------------------------------------------------------------------------

  // The thresholds buffer for one rule's predicates when tracing, emptied; nullptr otherwise.
  Uses* ScratchUses() {
    if (!tracing_) return nullptr;
    scratch_uses_.clear();
    return &scratch_uses_;
  }

  // How a caller reads the missing specs of a predicate's value. The written-order evaluation
  // notes the specs of every unknown leaf it visits, also when another leaf decides (`a or b`
  // with `a` unknown and `b` true is true, missing a's specs); a program that tests `b` first
  // visits no unknown leaf.
  enum class MissingRead {
    kIfUnknown,  // only when the value is unknown: the cheap-first program may decide
    kAlways,     // whatever the value: the leaves are visited in written order
  };

  // How a rule reads the missing specs of its `when` (CompiledRule::has_cases).
  static MissingRead WhenRead(const CompiledRule& cr) {
    return cr.has_cases() ? MissingRead::kAlways : MissingRead::kIfUnknown;
  }

  // Evaluates a root predicate (scope, rule, case), collecting the thresholds it read when
  // tracing. When nothing is recorded and the caller reads the missing specs of unknown values
  // only, the cheap-first program runs; it decides unless a leaf is unknown. Otherwise, or then,
  // the written-order evaluation decides.
  Tri EvalRule(int32_t node, SpecSet* missing, Uses* uses, MissingRead read) {
    if (node < 0) {  // no predicate: always
      *missing = SpecSet();
      return Tri::kTrue;
    }
    uses_ = uses;
    rule_missing_ = SpecSet();
    Tri r = Tri::kUnknown;  // undecided
    if (!uses && read == MissingRead::kIfUnknown) r = RunBranches(rs_.cheap_entry[node]);
    if (r == Tri::kUnknown) r = EvalWritten(node);
    uses_ = nullptr;
    *missing = rule_missing_;
    return r;
  }
  // The same for a rule's predicate that ForEachActiveDecided has tried (`decided`; nullptr:
  // not tried). A true or false it found holds with no spec missing, as it visited no unknown
  // leaf.
  Tri EvalDecided(int32_t node, const Tri* decided, SpecSet* missing, Uses* uses, MissingRead read) {
    if (!decided) return EvalRule(node, missing, uses, read);
    if (*decided != Tri::kUnknown) {
      *missing = SpecSet();
      return *decided;
    }
    return EvalRule(node, missing, nullptr, MissingRead::kAlways);  // undecided: in written order
  }
  // The missing specs of a rule's `when` in written order, which an unknown case reads with them:
  // a `when` ForEachActiveDecided decided true visited no unknown leaf and noted none, though the
  // written order may visit some before the leaf that decides, so they are found now (rarely:
  // only when a case is unknown).
  SpecSet WhenMissing(const CompiledRule& cr, const Tri* decided, const SpecSet& missing) {
    if (!decided || *decided != Tri::kTrue) return missing;
    SpecSet written;
    EvalRule(cr.when, &written, nullptr, MissingRead::kAlways);
    return written;
  }
  // The written-order evaluation of root `node`: its three-valued program, or the tree for one
  // too large to compile (the same visits either way). Notes the missing specs in rule_missing_.
  Tri EvalWritten(int32_t node) {
    rule_missing_ = SpecSet();  // a cheap-first run may have noted some before it gave up
    const int32_t entry = rs_.branch_entry[node];
    return entry == internal::kNoProgram ? Eval(node) : RunBranches(entry);
  }
  // Runs a branch program from `step` to its exit. From a cheap-first program, kUnknown means
  // undecided. Out of line for EvalRule's callers; ForEachActiveDecided runs it inline.
  [[gnu::noinline]] Tri RunBranches(int32_t step) { return RunBranchesInline(step); }
  [[gnu::always_inline]] Tri RunBranchesInline(int32_t step) {
    const internal::Branch* const program = rs_.branches.data();
    while (step >= 0) {
      const internal::Branch& b = program[step];
      const Tri v = EvalNode(b.leaf);
      step = b.next[static_cast<int>(v)];
    }
    return static_cast<Tri>(-1 - step);  // the exits are -1 - the value (compiled.h)
  }

  uint32_t class_possible_ = 0;
  SpecSet class_missing_;
  SpecSet rule_missing_;
  Uses* uses_ = nullptr;
  Uses scratch_uses_;  // see ScratchUses
};

}  // namespace
}  // namespace exportctl::evaluator

#endif  // EXPORTCTL_EVALUATE_PREDICATES_H_
