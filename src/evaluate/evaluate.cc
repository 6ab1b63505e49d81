// Evaluate: the stages of docs/evaluation.md over the rules the date index gives.
//
// Nothing here allocates unless a trace is asked for: per-sale state lives on the stack in
// InlinedVectors sized for the catalog's worst case.
#include "exportctl/evaluate.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <optional>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/container/inlined_vector.h"
#include "internal/strings.h"
#include "absl/strings/str_join.h"
#include "compile/compiled.h"
#include "model/names.h"
#include "model/sale_facts.h"

namespace exportctl {
namespace {

using internal::CompiledJurisdiction;
using internal::CompiledOutcome;
using internal::CompiledRule;
using internal::CompiledRules;
using internal::Node;
using internal::Stage;

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

constexpr std::string_view kNone = "none";
constexpr std::string_view kIndeterminate = "indeterminate";

// Facts about the sale that do not depend on the jurisdiction, computed once.
struct SaleFacts {
  Known<Tpp> tpp;
  Known<PerformanceDensity> pd;
  // The chip's normalized name and catalog entry, each computed on first use (few rules read
  // the name, and only held authorizations need the catalog entry).
  bool model_done = false;
  bool catalog_done = false;
  char model[128];
  size_t model_length = std::string_view::npos;
  int catalog_chip = -1;  // the sale's chip in the catalog, when it is one
  bool model_name_done = false;
  int32_t model_name = -1;  // the model's id among the names `model in` sets hold (-1: none)
};

// A requirement (license, approval, prohibition, advisory) that fired or may have.
struct Fired {
  uint32_t rule = 0;
  Tri status = Tri::kTrue;
  const CompiledOutcome* outcome = nullptr;
  ReviewPolicy policy = ReviewPolicy::kPresumptionOfApproval;
  int32_t amended_by = -1;
  int32_t maybe_amended_by = -1;  // an amendment whose predicate is undecided
  SpecSet missing;
};

// The thresholds one rule's predicate read, gathered when tracing. Kept inline: most rules do
// not fire, and only a fired rule's thresholds move to the heap, into its trace entry.
using Uses = absl::InlinedVector<ThresholdUse, 6>;

struct Candidate {  // an exception or condition rule and whether it holds
  uint32_t rule = 0;
  Tri status = Tri::kFalse;
  SpecSet missing;
};

struct Resolution {
  Verdict verdict = Verdict::kAllowed;
  std::optional<ReviewPolicy> review_policy;
  std::string_view license_exception;
  int32_t exception_rule = -1;
  bool licensed = false;
  absl::InlinedVector<uint32_t, 4> condition_rules;  // review and condition rules whose conditions apply
  const Authorization* approval = nullptr;
  // Held but not covering: a license above its volume cap, an approval whose domestic purchase is
  // not met (reported in not_applied).
  const Authorization* capped = nullptr;
  int64_t cap_units = 0;
  const Authorization* approval_unmet = nullptr;
};

class Evaluator {
 public:
  Evaluator(const RuleSet& rule_set, const Sale& sale, const EvalOptions& options)
      : rs_(internal::Compiled(rule_set)),
        sale_(sale),
        options_(options),
        tracing_(options.trace != TraceLevel::kNone),
        full_trace_(options.trace == TraceLevel::kFull) {}

  Decision Run() {
    Decision d;
    if (!HasRequiredFacts(d)) return d;
    // One allocation for the trace instead of a regrowth per few entries (a fired trace has a
    // handful of entries; a full one lists every rule in force).
    if (tracing_) d.trace.reserve(options_.trace == TraceLevel::kFull ? 32 : 8);
    d.date = sale_.date;
    d.rule_set_hash = rs_.hash;
    facts_.tpp = sale_.item.tpp();
    facts_.pd = sale_.item.performance_density(facts_.tpp);
    segment_ = SegmentOf(sale_.date);
    parameter_row_ = rs_.parameter_table.data() + static_cast<size_t>(segment_) * rs_.compiled_parameters.size();
    parameter_bounds_row_ = rs_.parameter_bounds.data() + (parameter_row_ - rs_.parameter_table.data());
    ComputeMetrics();
    d.tpp = facts_.tpp.value;
    d.performance_density = facts_.pd.value;
    // Group membership as known on as_of: a change after it was not yet announced.
    const Date membership_day = options_.as_of && *options_.as_of < sale_.date ? *options_.as_of : sale_.date;
    country_row_ = rs_.segment_sets.data() +
                   static_cast<size_t>(membership_day == sale_.date ? segment_ : SegmentOf(membership_day)) * rs_.country_set_count;
    origin_ = IndexOf(sale_.item.origin);
    exported_from_ = IndexOf(sale_.exported_from);

    bool any_prohibited = false, any_indeterminate = false;
    Verdict worst = Verdict::kAllowed;
    for (size_t j = 0; j < rs_.compiled_jurisdictions.size(); ++j) {
      const CompiledJurisdiction& jur = rs_.compiled_jurisdictions[j];
      jurisdiction_ = static_cast<int>(j);
      const size_t segment_jurisdiction = static_cast<size_t>(segment_) * rs_.compiled_jurisdictions.size() + j;
      stage_offsets_ = rs_.offsets.data() + segment_jurisdiction * internal::kStageCount;
      destination_ = IndexOf(jur.Map(sale_.destination));
      const uint16_t destination_class =
          rs_.destination_classes[rs_.destination_table[segment_jurisdiction]][destination_ < 0 ? Country::kIndexCount : destination_];
      destination_offsets_ = rs_.destination_offsets.data() + (rs_.destination_block[segment_jurisdiction] + destination_class) * internal::kStageCount;
      headquarters_ = sale_.buyer.headquarters ? IndexOf(jur.Map(*sale_.buyer.headquarters)) : -1;
      SpecSet scope_missing;
      int32_t scope_rule = -1;
      const Tri scope = Scope(jur, &scope_missing, &scope_rule);
      if (scope == Tri::kFalse && !jur.report_out_of_scope) continue;  // the jurisdiction's rules do not reach the sale
      JurisdictionDecision& jd = d.jurisdictions.emplace_back();
      if (tracing_ && scope_rule >= 0) TraceFired(d, rs_.compiled[scope_rule], "in_scope").detail = "brings the item into scope";
      EvaluateJurisdiction(jur, scope != Tri::kFalse, d, jd);
      // An unknown scope (the chip's origin, say) decides nothing when the rules, applied, allow
      // the sale as being out of their reach would; otherwise it is what leaves the answer open.
      if (scope == Tri::kUnknown && jd.verdict != Verdict::kAllowed && jd.verdict != Verdict::kProhibited) {
        jd.verdict = Verdict::kIndeterminate;
        jd.missing |= scope_missing;
      }
      if (jd.verdict == Verdict::kProhibited) any_prohibited = true;
      else if (jd.verdict == Verdict::kIndeterminate) any_indeterminate = true;
      else worst = std::max(worst, jd.verdict);
      d.missing |= jd.missing;
    }
    d.verdict = any_prohibited ? Verdict::kProhibited : any_indeterminate ? Verdict::kIndeterminate : worst;
    d.allowed = IsAllowed(d.verdict);
    if (!sale_.licenses.empty() || !sale_.approvals.empty()) NoteAuthorizationsNotApplied(d);
    if (!sale_.notifications.empty()) NoteUnusedNotifications(d);
    if (tracing_ && !d.not_applied.empty()) TraceNotApplied(d);
    return d;
  }

 private:
  // A sale without a date, an item or a destination is never evaluated: it is indeterminate,
  // naming what is missing (Validate says the same as an error).
  bool HasRequiredFacts(Decision& d) const {
    const SpecSet missing = internal::MissingSaleFacts(sale_);
    if (missing.empty()) return true;
    d.date = sale_.date;
    d.rule_set_hash = rs_.hash;
    d.verdict = Verdict::kIndeterminate;
    d.allowed = false;
    d.missing = missing;
    return false;
  }

  // Whether the jurisdiction's rules reach the sale: its scope predicate, or an in_scope rule in
  // force whose predicate holds (`*rule`: the first such rule, for the trace).
  Tri Scope(const CompiledJurisdiction& jur, SpecSet* missing, int32_t* rule) {
    Tri scope = EvalRule(jur.scope, missing, nullptr, MissingRead::kIfUnknown);
    if (scope == Tri::kTrue) return scope;
    ForEachActive(jurisdiction_, Stage::kScope, [&](uint32_t i) {
      if (*rule >= 0) return;
      SpecSet rule_missing;
      const Tri t = EvalRule(rs_.compiled[i].when, &rule_missing, nullptr, MissingRead::kIfUnknown);
      if (t == Tri::kTrue) *rule = static_cast<int32_t>(i);
      else if (t == Tri::kUnknown) *missing |= rule_missing;
      scope = Or(scope, t);
    });
    return scope;
  }

  uint32_t SegmentOf(Date day) const {
    const boost::gregorian::date& d = day.boost_date();
    if (!rs_.segment_of_day.empty() && !d.is_special() && d.day_number() >= rs_.first_boundary_day) {
      const size_t k = d.day_number() - rs_.first_boundary_day;
      return k < rs_.segment_of_day.size() ? rs_.segment_of_day[k] : static_cast<uint32_t>(rs_.boundaries.size());
    }
    return static_cast<uint32_t>(std::upper_bound(rs_.boundaries.begin(), rs_.boundaries.end(), day) - rs_.boundaries.begin());
  }

  // --- The sale's names, normalized once and only when a rule reads them ---------------------

  std::string_view NormalizedModel() {
    if (!facts_.model_done) {
      facts_.model_done = true;
      facts_.model_length = internal::NormalizeChipNameInto(sale_.item.model, facts_.model, sizeof facts_.model);
    }
    return facts_.model_length == std::string_view::npos ? std::string_view()
                                                          : std::string_view(facts_.model, facts_.model_length);
  }
  int CatalogChip() {
    if (!facts_.catalog_done) {
      facts_.catalog_done = true;
      const std::string_view model = NormalizedModel();
      if (!model.empty()) {
        auto it = rs_.chip_index.find(internal::Av(model));
        if (it != rs_.chip_index.end()) facts_.catalog_chip = static_cast<int>(it->second);
      }
    }
    return facts_.catalog_chip;
  }
  int BuyerEntity() const {
    if (buyer_entity_ == kUnresolved) buyer_entity_ = rs_.EntityIndex(sale_.buyer.name);
    return buyer_entity_;
  }
  // An owner of the sale's tree as a pack entity, looked up once per sale.
  int OwnerEntity(const Owner& o) const {
    for (const auto& [owner, entity] : owner_entities_)
      if (owner == &o) return entity;
    const int entity = rs_.EntityIndex(o.name);
    owner_entities_.push_back({&o, entity});
    return entity;
  }

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
        for (uint32_t k = destination_offsets_[g], end = destination_offsets_[g + 1]; k < end; ++k) f(rs_.destination_rules[k]);
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
  // program (destination_entry) run inline, and f(rule index, &decided) is called only for rules
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
      const uint32_t i = rs_.destination_rules[k];
      if (is_suspended(i)) continue;
      const Tri decided = RunBranchesInline(rs_.destination_entry[k]);  // kUnknown: undecided
      if (decided != Tri::kFalse) f(i, &decided);
    }
  }

  bool Visible(Date announced) const { return !options_.as_of || announced <= *options_.as_of; }

  // --- Predicates -----------------------------------------------------------------------------

  // Parameter p's value on the sale date into *value (and the day it took effect into *from);
  // false when it has none yet. The per-segment table answers unless an as_of hides some values.
  bool ParameterValue(int32_t p, double* value, Date* from = nullptr) const {
    if (options_.as_of) return DatedParameterValue(p, value, from);
    const double v = parameter_row_[p];
    if (std::isnan(v)) return false;
    *value = v;
    if (from) *from = rs_.parameter_from[(parameter_row_ - rs_.parameter_table.data()) + p];
    return true;
  }
  [[gnu::noinline]] bool DatedParameterValue(int32_t p, double* value, Date* from) const {
    const internal::CompiledParameter& cp = rs_.compiled_parameters[p];
    for (size_t i = cp.from.size(); i > 0; --i) {
      if (cp.from[i - 1] <= sale_.date && Visible(cp.announced[i - 1])) {
        if (from) *from = cp.from[i - 1];
        *value = cp.value[i - 1];
        return true;
      }
    }
    return false;
  }

  // Every metric a predicate may read, computed once per sale (8-bit efficiency on first use:
  // only some jurisdictions' datacenter rules read it).
  void ComputeMetrics() {
    const Chip& chip = sale_.item;
    metric_unknown_ = 0;
    auto put = [&](Metric m, bool known, double value, SpecSet missing) {
      const int i = static_cast<int>(m);
      metric_value_[i] = value;
      if (!known) {  // metric_missing_ is read for unknown metrics only
        metric_unknown_ |= 1u << i;
        metric_missing_[i] = missing;
      }
    };
    auto spec = [&](Metric m, const auto& o, Spec s) { put(m, o.has_value(), o ? o->value() : 0, s); };
    const bool tpp_known = facts_.tpp.value.has_value();
    const double tpp = tpp_known ? facts_.tpp.value->value() : 0;
    put(Metric::kTpp, tpp_known, tpp, facts_.tpp.missing);
    put(Metric::kPerformanceDensity, facts_.pd.value.has_value(), facts_.pd.value ? facts_.pd.value->value() : 0, facts_.pd.missing);
    spec(Metric::kInterconnect, chip.interconnect_gbps, Spec::kInterconnect);
    spec(Metric::kMemoryBandwidth, chip.memory_bandwidth_gbps, Spec::kMemoryBandwidth);
    spec(Metric::kMemory, chip.memory_gb, Spec::kMemory);
    spec(Metric::kTdp, chip.tdp_w, Spec::kTdp);
    put(Metric::kEfficiency8Bit, false, 0, SpecSet());
    efficiency_pending_ = true;
    put(Metric::kQuantity, true, static_cast<double>(sale_.quantity), SpecSet());
    put(Metric::kConsignmentTpp, tpp_known, tpp * static_cast<double>(sale_.quantity), facts_.tpp.missing);
    put(Metric::kPue, sale_.datacenter.pue.has_value(), sale_.datacenter.pue.value_or(0), SpecSet());  // guarded by pue_given in the packs
  }

  [[gnu::noinline]] void ComputeEfficiency() {
    const Known<TopsPerWatt> e = sale_.item.efficiency_8bit();
    const int m = static_cast<int>(Metric::kEfficiency8Bit);
    metric_value_[m] = e.value ? e.value->value() : 0;
    metric_missing_[m] = e.missing;
    if (e.value) metric_unknown_ &= ~(1u << m);
    efficiency_pending_ = false;
  }

  // A normalized chip or vendor name's id among the names of name sets (-1: none).
  int32_t NameId(std::string_view normalized) const {
    if (normalized.empty()) return -1;
    auto it = rs_.name_ids.find(internal::Av(normalized));
    return it == rs_.name_ids.end() ? -1 : static_cast<int32_t>(it->second);
  }
  bool NameIn(int32_t set, int32_t id) const {
    if (id < 0) return false;
    const std::vector<uint32_t>& ids = rs_.name_sets[set];
    return std::binary_search(ids.begin(), ids.end(), static_cast<uint32_t>(id));
  }

  static int IndexOf(Country c) { return c.valid() ? c.index() : -1; }
  // Country `c` (an index, -1 for none) in country set `set` on the membership day.
  bool In(int c, int32_t set) const {
    return c >= 0 && rs_.distinct_sets[country_row_[set]][static_cast<size_t>(c)];
  }

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
        if (origin_ < 0) [[unlikely]] return UnknownFact(Spec::kOrigin);
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
      case internal::Op::kHeadquartersIn: return FromBool(In(headquarters_, n.set) || In(ParentHeadquarters(), n.set));
      case internal::Op::kSectorIn: return FromBool(n.mask & (1u << static_cast<int>(sale_.buyer.sector)));
      case internal::Op::kEndUseIn: return FromBool(n.mask & (1u << static_cast<int>(sale_.end_use)));
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
    const bool result = internal::Compare(*value, n.compare, n.parameter < 0 ? n.bounds : internal::BoundsOf(threshold));
    const ThresholdUse use{n.metric, *value, n.compare, threshold,
                           n.parameter >= 0 ? std::string_view(rs_.parameters[n.parameter].id) : std::string_view(), from,
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
    if (metric_unknown_ & (1u << m)) [[unlikely]] return UnknownMetric(m);
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

  // The ultimate parent's headquarters as the current jurisdiction treats it (-1: none), derived
  // on first use: a buyer with its own headquarters in the set never needs it.
  [[gnu::noinline]] int ParentHeadquarters() {
    if (!derived_parent_done_) {
      const Buyer& b = sale_.buyer;
      derived_parent_ = b.ultimate_parent_headquarters ? b.ultimate_parent_headquarters : DerivedUltimateParentHeadquarters();
      derived_parent_done_ = true;
    }
    return derived_parent_ ? IndexOf(rs_.compiled_jurisdictions[jurisdiction_].Map(*derived_parent_)) : -1;
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

  // --- Entity List screening ------------------------------------------------------------------

  const Listing* ActiveListing(int entity) const {
    if (entity < 0) return nullptr;
    for (const Listing& l : rs_.entities[entity].listings)
      if (l.interval.Contains(sale_.date) && Visible(l.announced.value_or(l.interval.from))) return &l;
    return nullptr;
  }

  [[gnu::noinline]] bool BuyerListed() {
    if (buyer_listed_ < 0) buyer_listed_ = ActiveListing(BuyerEntity()) ? 1 : 0;
    return buyer_listed_ == 1;
  }

  // Covered by the packs' ownership data on the sale date. The compiled coverage answers in one
  // lookup; an as_of earlier than some listing's announcement recomputes from the graph.
  bool PackCovered(int entity, int depth = 0) const {
    if (entity < 0) return false;
    if (!options_.as_of || *options_.as_of >= rs_.listings_known) return rs_.CoverageOf(entity, sale_.date) != nullptr;
    return PackShareAsOf(entity, depth) >= 50 - 1e-9;
  }
  double PackShareAsOf(int entity, int depth) const {
    if (depth > 64) return 0;  // the slow path bounds cross-holdings by depth
    double share = 0;
    for (uint32_t e : rs_.compiled_entities[entity].owners) {
      const OwnershipEdge& edge = rs_.ownership[e];
      if (!edge.interval.Contains(sale_.date)) continue;
      const int owner = rs_.edge_owner[e];
      if (ActiveListing(owner) || PackShareAsOf(owner, depth + 1) >= 50 - 1e-9) share += edge.percent;
    }
    return share;
  }
  // An owner in the sale's tree is covered when listed, covered by the packs' ownership data, or
  // held ≥ 50 % by covered owners of its own.
  bool OwnerCovered(const Owner& o, int depth) const {
    const int entity = OwnerEntity(o);
    return ActiveListing(entity) || PackCovered(entity) || OwnersShare(o.owners, depth + 1, /*enough=*/true) >= 50 - 1e-9;
  }
  // The percent held by covered owners; with `enough`, stops once it reaches 50 (all that
  // coverage asks), otherwise sums every owner (the trace reports the total).
  double OwnersShare(const std::vector<Owner>& owners, int depth, bool enough) const {
    if (depth > 64) return 0;
    double share = 0;
    for (const Owner& o : owners) {
      if (OwnerCovered(o, depth)) share += o.percent;
      if (enough && share >= 50 - 1e-9) break;
    }
    return share;
  }
  // Owned 50 % or more, directly or indirectly, individually or in aggregate, by listed parties.
  // Merging the parties a tree names twice only adds owners, so it can only raise the share: it
  // is needed only where the tree walk finds less than 50 %.
  [[gnu::noinline]] bool BuyerAffiliateListed() {
    if (buyer_affiliate_ < 0) {
      double share = OwnersShare(sale_.buyer.owners, 0, /*enough=*/true);
      if (share < 50 - 1e-9 && AnyOwnerCovered(sale_.buyer.owners, 0) && OwnerNamesRepeat()) share = MergedOwners().BuyerShare();
      buyer_affiliate_ = (share >= 50 - 1e-9 || PackCovered(BuyerEntity())) ? 1 : 0;
    }
    return buyer_affiliate_ == 1;
  }

  // --- Owners trees that name a party more than once ------------------------------------------
  //
  // The same name anywhere in the owners tree is one entity (docs/law.md §6): its owners are
  // those listed under every place it appears, and two stakes of one owner in the same party add
  // up (to 100 % at most: never less control than the tree states). The tree walk above is exact
  // for a tree that repeats no name, as nearly all do; a tree that may (OwnerNamesRepeat compares
  // hashes, so a collision only takes the slower, equally exact path) is merged into a graph, and
  // covered owners are found by a fixed point, which also ends on cross-holdings.

  // Whether any party of the tree is listed or covered per the packs: without one, merging
  // cannot make the buyer covered, and the names need no comparing.
  bool AnyOwnerCovered(const std::vector<Owner>& owners, int depth) const {
    if (depth > 64) return false;
    for (const Owner& o : owners) {
      const int entity = OwnerEntity(o);
      if (ActiveListing(entity) || PackCovered(entity) || AnyOwnerCovered(o.owners, depth + 1)) return true;
    }
    return false;
  }

  // The normalized entity name of `name` into `buffer`, or `name` itself when it does not fit.
  static std::string_view EntityKey(std::string_view name, char (&buffer)[256]) {
    const size_t n = internal::NormalizeEntityNameInto(name, buffer, sizeof buffer);
    return n == std::string_view::npos ? name : std::string_view(buffer, n);
  }

  bool OwnerNamesRepeat() const {
    if (owner_names_repeat_ >= 0) return owner_names_repeat_ == 1;
    absl::flat_hash_set<size_t> keys;
    char buffer[256];
    keys.insert(std::hash<std::string_view>()(EntityKey(sale_.buyer.name, buffer)));
    bool repeat = false;
    auto walk = [&](auto& self, const std::vector<Owner>& owners, int depth) -> void {
      for (const Owner& o : owners) {
        if (repeat || depth > 64) return;
        repeat = !keys.insert(std::hash<std::string_view>()(EntityKey(o.name, buffer))).second;
        self(self, o.owners, depth + 1);
      }
    };
    walk(walk, sale_.buyer.owners, 0);
    owner_names_repeat_ = repeat ? 1 : 0;
    return repeat;
  }

  struct OwnershipGraph {
    struct Party {
      std::string_view name;  // as first written
      bool covered = false;
      double share = 0;  // percent held by covered owners
    };
    struct Holding {
      uint32_t owner = 0, owned = 0;
      double percent = 0;
    };
    std::vector<Party> parties;  // parties[0] is the buyer
    std::vector<Holding> holdings;

    double BuyerShare() const { return parties[0].share; }
  };

  // Linear in the tree's size: parties and holdings are found by hash, and coverage spreads from
  // the listed parties along the holdings they are the owner of (a worklist, not passes).
  const OwnershipGraph& MergedOwners() const {
    if (merged_) return *merged_;
    OwnershipGraph& g = merged_.emplace();
    absl::flat_hash_map<std::string, uint32_t> party_index;
    absl::flat_hash_map<uint64_t, uint32_t> holding_index;
    std::vector<uint32_t> worklist;
    char buffer[256];
    auto party = [&](std::string_view name) {
      auto [it, inserted] = party_index.try_emplace(std::string(EntityKey(name, buffer)), static_cast<uint32_t>(g.parties.size()));
      if (inserted) {
        g.parties.push_back({name, false, 0});
        const int entity = rs_.EntityIndex(name);
        // The buyer's own listing is the Entity List rule's business, not this one's.
        if (it->second != 0 && (ActiveListing(entity) || PackCovered(entity))) {
          g.parties.back().covered = true;
          worklist.push_back(it->second);
        }
      }
      return it->second;
    };
    party(sale_.buyer.name);
    auto walk = [&](auto& self, const std::vector<Owner>& owners, uint32_t owned, int depth) -> void {
      if (depth > 64) return;
      for (const Owner& o : owners) {
        const uint32_t owner = party(o.name);
        auto [it, inserted] = holding_index.try_emplace(uint64_t{owner} << 32 | owned, static_cast<uint32_t>(g.holdings.size()));
        if (inserted) g.holdings.push_back({owner, owned, o.percent});
        else g.holdings[it->second].percent = std::min(100.0, g.holdings[it->second].percent + o.percent);
        self(self, o.owners, owner, depth + 1);
      }
    };
    walk(walk, sale_.buyer.owners, 0, 0);
    std::vector<std::vector<uint32_t>> owns(g.parties.size());  // party -> its holdings
    for (uint32_t h = 0; h < g.holdings.size(); ++h) owns[g.holdings[h].owner].push_back(h);
    while (!worklist.empty()) {
      const uint32_t covered = worklist.back();
      worklist.pop_back();
      for (uint32_t h : owns[covered]) {
        OwnershipGraph::Party& owned = g.parties[g.holdings[h].owned];
        owned.share += g.holdings[h].percent;
        if (!owned.covered && g.holdings[h].owned != 0 && owned.share >= 50 - 1e-9) {
          owned.covered = true;
          worklist.push_back(g.holdings[h].owned);
        }
      }
    }
    return g;
  }

  // The ultimate parent's headquarters when the sale does not state it: the end of the majority
  // ownership chain (the sale's owners tree, then the packs' edges), if the packs know its country.
  std::optional<Country> DerivedUltimateParentHeadquarters() const {
    const std::vector<Owner>* owners = &sale_.buyer.owners;
    const Owner* top = nullptr;
    for (int depth = 0; depth < 64; ++depth) {
      const Owner* majority = nullptr;
      for (const Owner& o : *owners)
        if (o.percent > 50) majority = &o;
      if (!majority) break;
      top = majority;
      owners = &majority->owners;
    }
    int entity = top ? OwnerEntity(*top) : BuyerEntity();
    for (int depth = 0; entity >= 0 && depth < 64; ++depth) {
      int next = -1;
      for (uint32_t e : rs_.compiled_entities[entity].owners) {
        const OwnershipEdge& edge = rs_.ownership[e];
        if (edge.percent > 50 && edge.interval.Contains(sale_.date)) next = rs_.edge_owner[e];
      }
      if (next < 0) break;
      entity = next;
    }
    if (entity < 0 || (!top && entity == BuyerEntity())) return std::nullopt;  // no parent above the buyer
    return rs_.entities[entity].country;
  }

  // Why the buyer is listed or covered, for the trace: the listed owners, the path, the percent.
  std::string ExplainListing() const {
    std::string out;
    const int buyer = BuyerEntity();
    if (const Listing* l = ActiveListing(buyer)) {
      internal::StrAppend(&out, "'", sale_.buyer.name, "' matches listed entity '", rs_.entities[buyer].name, "' (",
                          l->list, " from ", l->interval.from.ToString(), "; ", l->citation, ")");
      return out;
    }
    const double tree_share = OwnersShare(sale_.buyer.owners, 0, /*enough=*/false);
    if (tree_share < 50 - 1e-9 && AnyOwnerCovered(sale_.buyer.owners, 0) && OwnerNamesRepeat()) {
      const OwnershipGraph& g = MergedOwners();
      if (g.BuyerShare() >= 50 - 1e-9) {
        internal::StrAppend(&out, "owned ", g.BuyerShare(),
                            " % in aggregate by listed or covered parties (a party named more than once in the owners tree is one entity): ");
        bool first = true;
        for (const OwnershipGraph::Holding& h : g.holdings) {
          if (h.owned != 0 || !g.parties[h.owner].covered) continue;
          internal::StrAppend(&out, first ? "" : ", ", g.parties[h.owner].name, " ", h.percent, " %");
          first = false;
        }
        return out;
      }
    }
    if (tree_share >= 50 - 1e-9) {
      internal::StrAppend(&out, "owned ", tree_share, " % in aggregate by listed or covered parties: ");
      DescribeOwners(sale_.buyer.owners, 0, out);
      return out;
    }
    if (const internal::Coverage* c = buyer >= 0 ? rs_.CoverageOf(buyer, sale_.date) : nullptr) {
      internal::StrAppend(&out, "owned ", c->share, " % by listed or covered parties per the ownership data; path: ",
                          rs_.entities[buyer].name);
      for (int32_t v = c->via, depth = 0; v >= 0 && depth < 64; ++depth) {
        internal::StrAppend(&out, " <- ", rs_.entities[v].name);
        if (ActiveListing(v)) {
          out += " (listed)";
          break;
        }
        const internal::Coverage* up = rs_.CoverageOf(v, sale_.date);
        v = up ? up->via : -1;
      }
    }
    return out;
  }
  void DescribeOwners(const std::vector<Owner>& owners, int depth, std::string& out) const {
    bool first = true;
    for (const Owner& o : owners) {
      if (!OwnerCovered(o, depth)) continue;
      if (!first) out += ", ";
      first = false;
      internal::StrAppend(&out, o.name, " ", o.percent, " %");
      const int entity = OwnerEntity(o);
      if (ActiveListing(entity)) out += " (listed)";
      else if (PackCovered(entity)) out += " (covered per the ownership data)";
      else {
        out += " (covered: ";
        DescribeOwners(o.owners, depth + 1, out);
        out += ")";
      }
    }
  }

  // --- Held authorizations --------------------------------------------------------------------

  bool ItemMatches(const std::string& item) {
    char buffer[128];
    const size_t n = internal::NormalizeChipNameInto(item, buffer, sizeof buffer);
    if (n == std::string_view::npos) return false;
    const std::string_view normalized(buffer, n);
    if (normalized == NormalizedModel()) return true;
    if (CatalogChip() < 0) return false;
    auto it = rs_.chip_index.find(internal::Av(normalized));
    return it != rs_.chip_index.end() && static_cast<int>(it->second) == CatalogChip();
  }

  static bool SameEntity(std::string_view a, std::string_view b) {
    char x[256], y[256];
    const size_t nx = internal::NormalizeEntityNameInto(a, x, sizeof x);
    const size_t ny = internal::NormalizeEntityNameInto(b, y, sizeof y);
    if (nx == std::string_view::npos || ny == std::string_view::npos) return a == b;
    return std::string_view(x, nx) == std::string_view(y, ny);
  }

  bool Matches(const Authorization& a, Country jurisdiction) {
    const Date* date = nullptr;
    return a.jurisdiction == jurisdiction && !Mismatch(a, &date);
  }

  const Authorization* FindAuthorization(Country jurisdiction) {
    for (const Authorization& a : sale_.licenses)
      if (Matches(a, jurisdiction)) return &a;
    for (const Authorization& a : sale_.approvals)
      if (Matches(a, jurisdiction)) return &a;
    return nullptr;
  }

  static bool SameException(const Notification& n, const Outcome& exception) {
    return n.exception.size() == exception.exception.size() &&
           std::equal(n.exception.begin(), n.exception.end(), exception.exception.begin(), [](char a, char b) {
             return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
           });
  }

  // A notification covers a sale once BIS has approved it (its authorization number is given)
  // and it was filed before the sale date (docs/law.md §6); the review days are no wait.
  bool Clears(const Notification& n, const Outcome& exception) const {
    return SameException(n, exception) && IsNacAuthorizationNumber(n.authorization) && n.filed < sale_.date;
  }
  bool NotificationCleared(const Outcome& exception) const {
    return std::any_of(sale_.notifications.begin(), sale_.notifications.end(),
                       [&](const Notification& n) { return Clears(n, exception); });
  }

  // --- Held authorizations that do not cover the sale (Decision::not_applied) -----------------

  template <class List>
  NotApplied& NoteNotApplied(NotApplied::Kind kind, const List& list, const typename List::value_type* item, Decision& d) const {
    NotApplied& n = d.not_applied.emplace_back();
    n.kind = kind;
    n.index = static_cast<uint32_t>(item - list.data());
    if constexpr (std::is_same_v<typename List::value_type, Authorization>) n.jurisdiction = item->jurisdiction;
    return n;
  }

  // The notifications for a pending exception: why none of them covers the sale.
  void NoteNotificationsNotApplied(const CompiledJurisdiction& jur, const Outcome& exception, Decision& d) const {
    for (const Notification& n : sale_.notifications) {
      if (!SameException(n, exception)) continue;
      NotApplied& out = NoteNotApplied(NotApplied::Kind::kNotification, sale_.notifications, &n, d);
      out.jurisdiction = jur.code;
      out.filed = n.filed;
      if (!(n.filed < sale_.date)) {
        out.reason = NotApplied::Reason::kFiledOnOrAfterSale;
      } else {
        out.reason = NotApplied::Reason::kNoAuthorization;
        out.date = n.filed.AddDays(exception.wait_days);
      }
    }
  }

  // Every held notification that covers nothing and was not reported with the pending exception
  // it was filed for: no exception of this sale takes one (docs/law.md §5: never ignored).
  void NoteUnusedNotifications(Decision& d) const {
    for (const Notification& n : sale_.notifications) {
      const uint32_t index = static_cast<uint32_t>(&n - sale_.notifications.data());
      bool reported = false, used = false;
      for (const NotApplied& a : d.not_applied)
        reported |= a.kind == NotApplied::Kind::kNotification && a.index == index;
      for (const Outcome* o : cleared_by_notification_)
        used |= Clears(n, *o);
      if (reported || used) continue;
      NotApplied& out = NoteNotApplied(NotApplied::Kind::kNotification, sale_.notifications, &n, d);
      out.reason = NotApplied::Reason::kNotUsed;
      out.filed = n.filed;
    }
  }

  // Why a held license or approval does not match the sale, checked in the order a compliance
  // officer reads it; nullopt when it matches. `*date` is the day a reason names.
  std::optional<NotApplied::Reason> Mismatch(const Authorization& a, const Date** date) {
    using R = NotApplied::Reason;
    if (sale_.date < a.valid_from) return *date = &a.valid_from, R::kNotYetValid;
    if (!(sale_.date < a.valid_until)) return *date = &a.valid_until, R::kExpired;
    if (!a.items.empty() && std::none_of(a.items.begin(), a.items.end(), [&](const std::string& i) { return ItemMatches(i); }))
      return R::kOtherItem;
    if (a.destination && *a.destination != sale_.destination) return R::kOtherDestination;
    if (a.buyer && !SameEntity(*a.buyer, sale_.buyer.name)) return R::kOtherBuyer;
    if (a.quantity && *a.quantity < sale_.quantity) return R::kQuantity;
    return std::nullopt;
  }

  // Every held license and approval that does not match the sale, or whose jurisdiction's rules
  // do not reach it, is listed with its reason (a volume cap or an unmet domestic purchase was
  // noted where the jurisdiction was resolved).
  void NoteAuthorizationsNotApplied(Decision& d) {
    auto note = [&](NotApplied::Kind kind, const std::vector<Authorization>& list) {
      for (const Authorization& a : list) {
        const JurisdictionDecision* jd = d.Find(a.jurisdiction);
        const Date* date = nullptr;
        std::optional<NotApplied::Reason> reason;
        if (jd == nullptr || !jd->in_scope) reason = NotApplied::Reason::kOtherJurisdiction;
        else reason = Mismatch(a, &date);
        if (!reason) continue;
        NotApplied& n = NoteNotApplied(kind, list, &a, d);
        n.reason = *reason;
        if (date) n.date = *date;
        if (*reason == NotApplied::Reason::kQuantity) n.units = *a.quantity, n.asked = sale_.quantity;
      }
    };
    note(NotApplied::Kind::kLicense, sale_.licenses);
    note(NotApplied::Kind::kApproval, sale_.approvals);
  }
  // A trace line for each, after the rules.
  static void TraceNotApplied(Decision& d) {
    for (const NotApplied& n : d.not_applied) {
      TraceEntry t;
      t.rule = "not_applied";
      t.jurisdiction = n.jurisdiction;
      t.effect = "not_applied";
      t.detail = internal::StrCat(NotAppliedKindName(n.kind), " ", n.index, ": ", NotAppliedReason(n));
      d.trace.push_back(std::move(t));
    }
  }

  // --- One jurisdiction -----------------------------------------------------------------------

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
  // Fills `jd` for the current jurisdiction, whose scope the caller has evaluated.
  void EvaluateJurisdiction(const CompiledJurisdiction& jur, bool in_scope, Decision& d, JurisdictionDecision& jd) {
    const int j = jurisdiction_;
    const JurisdictionSpec& spec = *jur.spec;
    jd.jurisdiction = jur.code;
    const bool classifies = !spec.classifications.empty();
    if (classifies) jd.classification = kNone;

    if (!in_scope) {
      jd.in_scope = false;
      jd.note = spec.out_of_scope_note;
      if (tracing_) {
        TraceEntry t;
        t.rule = "scope";
        t.jurisdiction = jur.code;
        t.effect = "out_of_scope";
        t.detail = spec.out_of_scope_note;
        d.trace.push_back(std::move(t));
      }
      return;
    }

    // Stage 1: suspensions.
    absl::InlinedVector<uint32_t, 4> suspended;
    absl::InlinedVector<uint32_t, 4> suspenders;
    ForEachActive(j, Stage::kSuspend, [&](uint32_t i) {
      const CompiledRule& cr = rs_.compiled[i];
      SpecSet missing;
      if (EvalRule(cr.when, &missing, nullptr, MissingRead::kIfUnknown) != Tri::kTrue) return;
      suspended.insert(suspended.end(), cr.targets.begin(), cr.targets.end());
      suspenders.push_back(i);
    });
    auto is_suspended = [&](uint32_t i) {
      return !suspended.empty() && std::find(suspended.begin(), suspended.end(), i) != suspended.end();
    };

    // Stage 2: classification. status[c] over the jurisdiction's classes, most controlled first.
    const size_t class_count = spec.classifications.size();
    // Compile bounds class_count. Fixed-size fills are a few stores; a fill of class_count
    // elements was a call to memset.
    static_assert(static_cast<int>(Tri::kFalse) == 0);
    Tri class_status[internal::kMaxClassifications] = {};
    int32_t class_rule[internal::kMaxClassifications];  // set where class_status first turns true, read only there
    absl::InlinedVector<Uses, 3> class_uses;  // inline for the catalog's jurisdictions
    if (tracing_) class_uses.resize(class_count);
    class_missing_ = SpecSet();
    ForEachActiveDecided(j, Stage::kClassify, is_suspended, [&](uint32_t i, const Tri* decided) {
      const CompiledRule& cr = rs_.compiled[i];
      Uses* const uses = ScratchUses();
      SpecSet missing;
      const Tri when = EvalDecided(cr.when, decided, &missing, uses, WhenRead(cr));
      if (when == Tri::kFalse) {
        if (full_trace_) TraceNotFired(d, cr, *uses);
        return;
      }
      // With cases, each case contributes; without, the rule's own classification.
      const size_t first = cr.has_cases() ? 0 : cr.cases.size() - 1;
      const size_t last = cr.has_cases() ? cr.cases.size() - 1 : cr.cases.size();
      bool contributed = false;
      for (size_t k = first; k < last; ++k) {
        SpecSet case_missing;
        const int32_t case_when = cr.cases[k].when;  // -1: the rule's own classification
        // With `when` unknown, a true case is unknown too, and reads its case's missing specs.
        const Tri s = case_when < 0 ? when
                                    : And(when, EvalRule(case_when, &case_missing, uses,
                                                         when == Tri::kTrue ? MissingRead::kIfUnknown : MissingRead::kAlways));
        const int c = cr.cases[k].outcome.classification;
        if (s == Tri::kUnknown) class_missing_ |= WhenMissing(cr, decided, missing) | case_missing;
        if (s == Tri::kTrue && class_status[c] != Tri::kTrue) {
          class_rule[c] = static_cast<int32_t>(i);
          if (tracing_) class_uses[c] = *uses;
        }
        contributed |= s != Tri::kFalse;
        class_status[c] = Or(class_status[c], s);
      }
      if (!contributed && full_trace_) TraceNotFired(d, cr, *uses);
    });
    class_possible_ = 0;
    int chosen_class = -1;
    for (size_t c = 0; c < class_count; ++c) {
      if (class_status[c] == Tri::kFalse) continue;
      class_possible_ |= 1u << c;
      if (class_status[c] == Tri::kTrue) {
        chosen_class = static_cast<int>(c);
        break;
      }
    }
    if (chosen_class < 0) class_possible_ |= 1u << class_count;  // "none" remains possible
    if (tracing_) {
      for (uint32_t i : suspenders) TraceFired(d, rs_.compiled[i], "suspend").detail = "suspends " + TargetIds(rs_.compiled[i]);
    }
    if (classifies) {
      if ((class_possible_ & (class_possible_ - 1)) != 0) {  // more than one class possible
        jd.classification = kIndeterminate;
        jd.missing |= class_missing_;
      } else if (chosen_class >= 0) {
        jd.classification = spec.classifications[chosen_class];
        const CompiledRule& cr = rs_.compiled[class_rule[chosen_class]];
        jd.classification_rule = cr.rule->id;
        if (tracing_) {
          TraceEntry& t = TraceFired(d, cr, "classify");
          t.detail = spec.classifications[chosen_class];
          t.thresholds.assign(class_uses[chosen_class].begin(), class_uses[chosen_class].end());
        }
      }
    }

    // Stages 3 to 6: requirements, review amendments, exceptions and conditions.
    Collected c;
    Collect(is_suspended, d, c);
    jd.missing |= c.missing;

    // Nothing fired: allowed, with nothing to resolve.
    Resolution optimistic = c.fired.empty() ? Resolution() : Resolve(jur, c, /*pessimistic=*/false);
    if (c.any_unknown) {
      Resolution pessimistic = Resolve(jur, c, /*pessimistic=*/true);
      if (pessimistic.verdict != optimistic.verdict && optimistic.verdict != Verdict::kProhibited &&
          !DecideByClassification(jur, c, optimistic)) {
        // Open: no license or exception is said to cover the sale.
        optimistic.verdict = Verdict::kIndeterminate;
        optimistic.licensed = false;
        optimistic.license_exception = {};
        optimistic.exception_rule = -1;
        for (const Fired& f : c.fired)
          if (f.status == Tri::kUnknown) jd.missing |= f.missing;
        for (const Candidate& e : c.exceptions)
          if (e.status == Tri::kUnknown) jd.missing |= e.missing;
        for (const Candidate& e : c.conditions)
          if (e.status == Tri::kUnknown) jd.missing |= e.missing;
        if (jd.missing.empty()) jd.missing |= class_missing_;
      }
    }

    jd.verdict = optimistic.verdict;
    jd.review_policy = optimistic.review_policy;
    jd.license_exception = optimistic.license_exception;
    jd.licensed = optimistic.licensed;

    // Advisories: advisory rules, and the advisory text of any rule that fired.
    for (const Fired& f : c.fired) {
      // An advisory is said of an outcome that is not itself a prohibition.
      if (f.status != Tri::kTrue || f.outcome->effect == EffectKind::kProhibit) continue;
      const Outcome& o = *f.outcome->source;
      if (!o.advisory.empty()) jd.advisories.push_back({rs_.rules[f.rule].id, o.advisory});
    }

    EmitConditions(jur, optimistic, d);
    if (optimistic.exception_rule >= 0) {
      const Outcome& exception = *rs_.compiled[optimistic.exception_rule].cases.back().outcome.source;
      if (jd.verdict == Verdict::kNotificationRequired) NoteNotificationsNotApplied(jur, exception, d);
      else if (exception.notification) cleared_by_notification_.push_back(&exception);
    }
    if (optimistic.capped) {
      NotApplied& n = NoteNotApplied(NotApplied::Kind::kLicense, sale_.licenses, optimistic.capped, d);
      n.reason = NotApplied::Reason::kVolumeCap;
      n.units = optimistic.cap_units;
      n.asked = sale_.quantity;
    }
    if (optimistic.approval_unmet)
      NoteNotApplied(NotApplied::Kind::kApproval, sale_.approvals, optimistic.approval_unmet, d).reason = NotApplied::Reason::kDomesticPurchase;
    if (tracing_) TraceRequirements(d, optimistic, c.fired, absl::MakeSpan(c.fired_uses), c.amendments);
  }

  // What stages 3 to 6 find for one jurisdiction, under the classification class_possible_ allows.
  struct Collected {
    absl::InlinedVector<Fired, 12> fired;
    absl::InlinedVector<std::vector<ThresholdUse>, 1> fired_uses;  // parallel to fired, when tracing
    absl::InlinedVector<uint32_t, 4> amendments;
    absl::InlinedVector<Candidate, 6> exceptions;
    absl::InlinedVector<Candidate, 6> conditions;
    bool any_unknown = false;  // some requirement, amendment, exception or condition is undecided
    SpecSet missing;           // of undecided amendments: the review policy is open
  };

  template <class S>
  void Collect(S&& is_suspended, Decision& d, Collected& c) {
    const int j = jurisdiction_;
    // Stage 3: requirements.
    ForEachActiveDecided(j, Stage::kRequirement, is_suspended, [&](uint32_t i, const Tri* decided) {
      const CompiledRule& cr = rs_.compiled[i];
      Uses* const uses = ScratchUses();
      SpecSet missing;
      const Tri status = EvalDecided(cr.when, decided, &missing, uses, WhenRead(cr));
      if (status == Tri::kFalse) {
        if (full_trace_) TraceNotFired(d, cr, *uses);
        return;
      }
      Fired& f = c.fired.emplace_back();
      f.rule = i;
      f.status = status;
      f.missing = missing;
      SelectCase(cr, f, uses, decided);
      c.any_unknown |= f.status == Tri::kUnknown;
      if (tracing_) c.fired_uses.emplace_back(uses->begin(), uses->end());
    });

    // Stage 4: review amendments, which act on fired rules only. An undecided one leaves the
    // review policy as it was, but its conditions may bind (the pessimistic world counts them).
    if (!c.fired.empty()) ForEachActive(j, Stage::kReview, [&](uint32_t i) {
      const CompiledRule& cr = rs_.compiled[i];
      if (is_suspended(i)) return;
      bool targets_fired = false;
      for (const Fired& f : c.fired)
        targets_fired |= std::find(cr.targets.begin(), cr.targets.end(), f.rule) != cr.targets.end();
      if (!targets_fired) return;
      SpecSet missing;
      const Tri s = EvalRule(cr.when, &missing, nullptr, MissingRead::kAlways);
      if (s == Tri::kFalse) return;
      if (s == Tri::kUnknown) c.missing |= missing, c.any_unknown = true;
      const CompiledOutcome& o = cr.cases.back().outcome;
      for (Fired& f : c.fired) {
        if (std::find(cr.targets.begin(), cr.targets.end(), f.rule) == cr.targets.end()) continue;
        if (s == Tri::kUnknown) {
          f.maybe_amended_by = static_cast<int32_t>(i);
          continue;
        }
        if (o.review_policy) f.policy = *o.review_policy;
        f.amended_by = static_cast<int32_t>(i);
      }
      if (s == Tri::kTrue) c.amendments.push_back(i);
    });

    // Stages 5 and 6: exceptions and conditions, evaluated once; used per world by Resolve.
    // Exceptions matter only when a license is required, conditions only when something fired.
    const bool license_fired = std::any_of(c.fired.begin(), c.fired.end(), [](const Fired& f) {
      return f.outcome->effect == EffectKind::kRequireLicense;
    });
    auto collect = [&](Stage stage, auto& into) {
      ForEachActive(j, stage, [&](uint32_t i) {
        if (is_suspended(i)) return;
        Candidate k;
        k.rule = i;
        k.status = EvalRule(rs_.compiled[i].when, &k.missing, nullptr, MissingRead::kIfUnknown);
        if (k.status == Tri::kFalse) return;
        c.any_unknown |= k.status == Tri::kUnknown;
        into.push_back(k);
      });
    };
    if (license_fired) collect(Stage::kException, c.exceptions);
    if (!c.fired.empty()) collect(Stage::kCondition, c.conditions);
  }

  // The outcome of a requirement that fired: the first case whose `when` holds, else the rule's
  // (`decided`: as for WhenMissing).
  void SelectCase(const CompiledRule& cr, Fired& f, Uses* uses, const Tri* decided = nullptr) {
    for (const internal::CompiledCase& k : cr.cases) {
      if (k.when < 0) {  // the default outcome
        f.outcome = &k.outcome;
        break;
      }
      SpecSet case_missing;
      const Tri s = EvalRule(k.when, &case_missing, uses, MissingRead::kIfUnknown);
      if (s == Tri::kFalse) continue;
      f.outcome = &k.outcome;
      if (s == Tri::kUnknown) f.status = Tri::kUnknown, f.missing = WhenMissing(cr, decided, f.missing) | case_missing;
      break;
    }
    f.policy = f.outcome->review_policy.value_or(ReviewPolicy::kPresumptionOfApproval);
  }

  // Stages 3 to 6 under one classification (class_possible_), from what Collect found under all
  // of them: a predicate decided for every classification is decided for each (Kleene logic is
  // monotone), so only the undecided entries are evaluated again.
  void CollectWorld(const Collected& all, Collected& w) {
    for (const Fired& f : all.fired) {
      Fired& g = w.fired.emplace_back(f);
      if (f.status == Tri::kUnknown) {
        const CompiledRule& cr = rs_.compiled[f.rule];
        g.missing = SpecSet();
        g.status = EvalRule(cr.when, &g.missing, nullptr, WhenRead(cr));
        if (g.status == Tri::kFalse) {
          w.fired.pop_back();
          continue;
        }
        SelectCase(cr, g, nullptr);
      }
      if (g.maybe_amended_by >= 0) {
        const CompiledRule& amendment = rs_.compiled[g.maybe_amended_by];
        SpecSet missing;
        const Tri s = EvalRule(amendment.when, &missing, nullptr, MissingRead::kAlways);
        if (s == Tri::kTrue) {
          if (const auto& policy = amendment.cases.back().outcome.review_policy) g.policy = *policy;
          g.amended_by = g.maybe_amended_by;
        }
        if (s != Tri::kUnknown) g.maybe_amended_by = -1;
      }
      w.any_unknown |= g.status == Tri::kUnknown || g.maybe_amended_by >= 0;
    }
    auto narrow = [&](const auto& from, auto& into) {
      for (const Candidate& k : from) {
        Candidate& m = into.emplace_back(k);
        if (k.status == Tri::kUnknown) m.status = EvalRule(rs_.compiled[k.rule].when, &m.missing, nullptr, MissingRead::kIfUnknown);
        if (m.status == Tri::kFalse) into.pop_back();
        else w.any_unknown |= m.status == Tri::kUnknown;
      }
    };
    narrow(all.exceptions, w.exceptions);
    narrow(all.conditions, w.conditions);
  }

  // With the classification open, optimistic and pessimistic worlds can disagree where no single
  // classification would: a consumer chip of unknown TPP is either not 3A090 (allowed) or
  // 3A090.a under ACA (allowed), but the two worlds pair the requirement of one with the missing
  // exception of the other. So each classification still possible is decided on its own; when
  // every one gives the same verdict, that is the answer (the classification stays open).
  // Into `r` (true) or nothing (false: the missing specs decide).
  bool DecideByClassification(const CompiledJurisdiction& jur, const Collected& all, Resolution& r) {
    const uint32_t possible = class_possible_;
    if ((possible & (possible - 1)) == 0) return false;  // one classification: nothing to split
    bool agreed = true, first = true;
    Resolution merged;
    for (uint32_t bits = possible; bits != 0 && agreed; bits &= bits - 1) {
      class_possible_ = bits & (~bits + 1);
      Collected w;
      CollectWorld(all, w);
      Resolution o = w.fired.empty() ? Resolution() : Resolve(jur, w, false);
      if (w.any_unknown && Resolve(jur, w, true).verdict != o.verdict) agreed = false;
      if (first) {
        merged = o;
        first = false;
        continue;
      }
      if (o.verdict != merged.verdict) agreed = false;
      if (o.review_policy != merged.review_policy) merged.review_policy.reset();
      if (o.license_exception != merged.license_exception) merged.license_exception = {}, merged.exception_rule = -1;
      merged.licensed |= o.licensed;
      // Conditions of every world: an obligation that may bind is listed.
      for (uint32_t rule : o.condition_rules)
        if (std::find(merged.condition_rules.begin(), merged.condition_rules.end(), rule) == merged.condition_rules.end())
          merged.condition_rules.push_back(rule);
    }
    class_possible_ = possible;
    if (!agreed || merged.verdict == Verdict::kIndeterminate) return false;
    merged.capped = nullptr;
    merged.approval_unmet = nullptr;
    r = merged;
    return true;
  }

  // The verdict of one world: the optimistic one counts undecided requirements as not applying
  // and undecided exceptions as applying; the pessimistic one the other way round, and also counts
  // undecided amendments' and conditions' obligations.
  Resolution Resolve(const CompiledJurisdiction& jur, const Collected& c, bool pessimistic) {
    const absl::Span<const Fired> fired = c.fired;
    const absl::Span<const Candidate> exceptions = c.exceptions;
    Resolution r;
    auto counts = [&](Tri s, bool is_requirement) {
      if (s == Tri::kTrue) return true;
      if (s == Tri::kFalse) return false;
      return is_requirement ? pessimistic : !pessimistic;
    };
    bool prohibited = false, license_needed = false, approval_needed = false, approval_missing = false;
    absl::InlinedVector<uint32_t, 8> licensed_under;  // rules whose conditions may apply when licensed
    for (const Fired& f : fired) {
      if (!counts(f.status, true)) continue;
      switch (f.outcome->effect) {
        case EffectKind::kProhibit: prohibited = true; break;
        case EffectKind::kRequireLicense:
          license_needed = true;
          r.review_policy = r.review_policy ? std::max(*r.review_policy, f.policy) : f.policy;
          licensed_under.push_back(f.rule);
          if (f.amended_by >= 0) licensed_under.push_back(static_cast<uint32_t>(f.amended_by));
          if (pessimistic && f.maybe_amended_by >= 0) licensed_under.push_back(static_cast<uint32_t>(f.maybe_amended_by));
          break;
        case EffectKind::kRequireApproval: {
          approval_needed = true;
          licensed_under.push_back(f.rule);
          const Authorization* a = FindAuthorization(jur.code);
          if (a && DomesticPurchaseMet(*f.outcome->source)) {
            r.approval = a;
          } else {
            approval_missing = true;
            if (a) r.approval_unmet = a;
          }
          break;
        }
        default: break;
      }
    }

    Verdict v = Verdict::kAllowed;
    bool conditions_apply = false;
    if (license_needed) {
      const Authorization* license = FindAuthorization(jur.code);
      const int64_t cap = license ? VolumeCap(licensed_under) : -1;
      if (cap >= 0 && sale_.quantity > cap) r.capped = license, r.cap_units = cap;
      if (license && !r.capped) {
        r.licensed = true;
        conditions_apply = true;
      } else {
        // Each license requirement needs an exception; the least restrictive one is taken.
        bool all_excepted = true, notification_pending = false;
        for (const Fired& f : fired) {
          if (!counts(f.status, true) || f.outcome->effect != EffectKind::kRequireLicense) continue;
          int32_t best = -1;
          for (const Candidate& c : exceptions) {
            if (!counts(c.status, false)) continue;
            const CompiledRule& cr = rs_.compiled[c.rule];
            if (std::find(cr.targets.begin(), cr.targets.end(), f.rule) == cr.targets.end()) continue;
            const Outcome& o = *cr.cases.back().outcome.source;
            if (best < 0 || (rs_.compiled[best].cases.back().outcome.source->notification && !o.notification))
              best = static_cast<int32_t>(c.rule);
          }
          if (best < 0) {
            all_excepted = false;
            break;
          }
          const Outcome& o = *rs_.compiled[best].cases.back().outcome.source;
          const bool pending = o.notification && !NotificationCleared(o);
          if (r.exception_rule < 0 || (pending && !notification_pending)) {
            r.exception_rule = best;
            r.license_exception = o.exception;
          }
          notification_pending |= pending;
        }
        if (!all_excepted) {
          v = Verdict::kLicenseRequired;
          r.exception_rule = -1;
          r.license_exception = {};
        } else {
          v = notification_pending ? Verdict::kNotificationRequired : Verdict::kAllowed;
        }
      }
    }
    if (approval_needed && !approval_missing) conditions_apply = true;
    if (conditions_apply) {
      for (uint32_t rule : licensed_under) {
        const CompiledRule& cr = rs_.compiled[rule];
        if (!cr.cases.back().outcome.source->conditions.empty()) r.condition_rules.push_back(rule);
      }
      for (const Candidate& k : c.conditions) {
        if (!counts(k.status, /*is_requirement=*/true)) continue;
        const CompiledRule& cr = rs_.compiled[k.rule];
        const bool applies = std::any_of(cr.targets.begin(), cr.targets.end(), [&](uint32_t t) {
          return std::find(licensed_under.begin(), licensed_under.end(), t) != licensed_under.end();
        });
        if (applies) r.condition_rules.push_back(k.rule);
      }
      if (v == Verdict::kAllowed && !r.condition_rules.empty()) v = Verdict::kAllowedWithConditions;
    }
    if (approval_missing) v = Verdict::kProhibited;
    if (prohibited) v = Verdict::kProhibited;
    r.verdict = v;
    return r;
  }

  // The smallest volume cap of the rules a license would be held under (-1: none, or no
  // us_units_shipped to compute it from). A sale above it is not covered by the license.
  int64_t VolumeCap(absl::Span<const uint32_t> licensed_under) const {
    if (!sale_.us_units_shipped) return -1;
    int64_t cap = -1;
    for (uint32_t rule : licensed_under) {
      for (const ConditionSpec& c : rs_.compiled[rule].cases.back().outcome.source->conditions) {
        if (c.kind != ConditionKind::kVolumeCap || !c.percent) continue;
        const int64_t units = MaxUnits(*c.percent);
        if (cap < 0 || units < cap) cap = units;
      }
    }
    return cap;
  }
  int64_t MaxUnits(double percent) const {
    return static_cast<int64_t>(std::floor(static_cast<double>(*sale_.us_units_shipped) * percent / 100.0 + 1e-9));
  }
  bool DomesticPurchaseMet(const Outcome& o) const {
    for (const ConditionSpec& c : o.conditions) {
      if (c.kind != ConditionKind::kDomesticPurchase || !c.ratio) continue;
      const double needed = *c.ratio * static_cast<double>(sale_.quantity);
      if (static_cast<double>(sale_.domestic_chips_purchased.value_or(0)) + 1e-9 < needed) return false;
    }
    return true;
  }

  void EmitConditions(const CompiledJurisdiction& jur, const Resolution& r, Decision& d) const {
    if (r.verdict != Verdict::kAllowedWithConditions) return;
    for (uint32_t rule : r.condition_rules) {
      const CompiledRule& cr = rs_.compiled[rule];
      for (const ConditionSpec& spec : cr.cases.back().outcome.source->conditions) {
        ConditionOut c;
        c.kind = spec.kind;
        c.jurisdiction = jur.code;
        c.rule = cr.rule->id;
        c.percent = spec.percent;
        c.ratio = spec.ratio;
        if (spec.kind == ConditionKind::kRevenueShare && spec.percent && sale_.unit_price_usd) {
          const double amount = static_cast<double>(sale_.quantity) * sale_.unit_price_usd->value() * *spec.percent / 100.0;
          c.amount_usd = std::round(amount * 100.0) / 100.0;
        }
        if (spec.kind == ConditionKind::kImportDuty && spec.percent && sale_.us_import_value_usd) {
          c.amount_usd = std::round(sale_.us_import_value_usd->value() * *spec.percent) / 100.0;
        }
        if (spec.kind == ConditionKind::kVolumeCap && spec.percent && sale_.us_units_shipped) c.max_units = MaxUnits(*spec.percent);
        if (spec.kind == ConditionKind::kApprovalQuantity && r.approval && r.approval->quantity) c.max_units = *r.approval->quantity;
        d.conditions.push_back(c);
      }
    }
  }

  // --- Trace ----------------------------------------------------------------------------------

  static std::string TargetIds(const CompiledRule& cr) { return absl::StrJoin(cr.rule->targets, ", "); }

  TraceEntry& TraceFired(Decision& d, const CompiledRule& cr, std::string_view effect) const {
    TraceEntry t;
    t.rule = cr.rule->id;
    t.jurisdiction = rs_.compiled_jurisdictions[cr.jurisdiction].code;
    t.effect = effect;
    t.legal_force = cr.rule->legal_force;
    t.citation = cr.citation;
    t.modeled = cr.rule->modeled;
    d.trace.push_back(std::move(t));
    return d.trace.back();
  }
  void TraceNotFired(Decision& d, const CompiledRule& cr, const Uses& uses) const {
    TraceEntry& t = TraceFired(d, cr, EffectKindName(cr.rule->outcome.effect));
    t.fired = false;
    t.detail = "does not apply";
    t.thresholds.assign(uses.begin(), uses.end());
  }

  void TraceRequirements(Decision& d, const Resolution& r, absl::Span<const Fired> fired,
                         absl::Span<std::vector<ThresholdUse>> uses, absl::Span<const uint32_t> amendments) const {
    for (size_t k = 0; k < fired.size(); ++k) {
      const Fired& f = fired[k];
      const CompiledRule& cr = rs_.compiled[f.rule];
      if (f.status != Tri::kTrue) {
        TraceEntry& t = TraceFired(d, cr, EffectKindName(f.outcome->effect));
        t.detail = "may apply: a spec it needs is missing";
        t.thresholds = std::move(uses[k]);
        continue;
      }
      const EffectKind e = f.outcome->effect;
      TraceEntry& t = TraceFired(d, cr, e == EffectKind::kProhibit ? "prohibited" : EffectKindName(e));
      t.thresholds = std::move(uses[k]);
      if (e == EffectKind::kRequireLicense) t.detail = std::string(ReviewPolicyName(f.policy));
      else if (e == EffectKind::kRequireApproval) t.detail = r.approval ? "approval held" : "no matching approval";
      else if (e == EffectKind::kAdvisory || e == EffectKind::kProhibit) t.detail = f.outcome->source->advisory;
      if (e == EffectKind::kRequireLicense && r.licensed) t.detail += "; a held license covers the sale";
      if (cr.reads_listing) internal::StrAppend(&t.detail, "; ", ExplainListing());
    }
    for (uint32_t i : amendments) {
      const CompiledRule& cr = rs_.compiled[i];
      TraceEntry& t = TraceFired(d, cr, "review");
      t.detail = internal::StrCat(ReviewPolicyName(cr.cases.back().outcome.review_policy.value_or(ReviewPolicy::kCaseByCase)),
                              " for ", TargetIds(cr));
    }
    if (r.exception_rule >= 0) {
      const CompiledRule& cr = rs_.compiled[r.exception_rule];
      const Outcome& o = *cr.cases.back().outcome.source;
      TraceEntry& t = TraceFired(d, cr, "license_exception");
      t.detail = o.notification ? internal::StrCat(o.exception, " with a notification: covers the sale once BIS issues its authorization number (an answer is expected within ",
                                                   o.wait_days, " days of filing)")
                                : internal::StrCat(o.exception, " without notification");
    }
    for (uint32_t i : r.condition_rules) {
      const CompiledRule& cr = rs_.compiled[i];
      if (cr.stage != Stage::kCondition) continue;
      TraceEntry& t = TraceFired(d, cr, "condition");
      for (const ConditionSpec& c : cr.cases.back().outcome.source->conditions) {
        if (!t.detail.empty()) t.detail += ", ";
        internal::StrAppend(&t.detail, ConditionKindName(c.kind));
        if (c.percent) internal::StrAppend(&t.detail, " ", *c.percent, "%");
      }
    }
  }

  const CompiledRules& rs_;
  const Sale& sale_;
  const EvalOptions& options_;
  const bool tracing_;
  const bool full_trace_;  // TraceLevel::kFull: rules that do not apply are traced too
  SaleFacts facts_;
  int jurisdiction_ = 0;
  uint32_t segment_ = 0;
  const double* parameter_row_ = nullptr;     // the parameters' values in the sale date's segment
  const internal::Bounds* parameter_bounds_row_ = nullptr;  // and their bounds
  const uint32_t* stage_offsets_ = nullptr;  // the date index's offsets for this segment and jurisdiction
  const uint32_t* destination_offsets_ = nullptr;  // the same for the sale's destination class
  const uint32_t* country_row_ = nullptr;  // the country sets on the membership day (distinct_sets indices)
  int origin_ = -1, exported_from_ = -1;                // country indices, -1 when not given
  int destination_ = -1, headquarters_ = -1;            // as the current jurisdiction treats them
  static constexpr int kMetricCount = 10;
  double metric_value_[kMetricCount];
  SpecSet metric_missing_[kMetricCount];
  uint32_t metric_unknown_ = 0;  // bit m: metric m is unknown (or, for efficiency, not computed yet)
  bool efficiency_pending_ = false;  // metric kEfficiency8Bit is not computed yet
  uint32_t class_possible_ = 0;
  SpecSet class_missing_;
  SpecSet rule_missing_;
  Uses* uses_ = nullptr;
  Uses scratch_uses_;  // see ScratchUses
  static constexpr int kUnresolved = -2;
  mutable int buyer_entity_ = kUnresolved;
  mutable absl::InlinedVector<std::pair<const Owner*, int>, 4> owner_entities_;
  int8_t buyer_listed_ = -1;
  bool derived_parent_done_ = false;
  std::optional<Country> derived_parent_;
  int8_t buyer_affiliate_ = -1;
  mutable int8_t owner_names_repeat_ = -1;
  // The notification-path exceptions a held notification cleared, per jurisdiction.
  absl::InlinedVector<const Outcome*, 2> cleared_by_notification_;
  mutable std::optional<OwnershipGraph> merged_;
};

}  // namespace

Decision Evaluate(const RuleSet& rules, const Sale& sale, const EvalOptions& options) noexcept {
  return Evaluator(rules, sale, options).Run();
}

}  // namespace exportctl
