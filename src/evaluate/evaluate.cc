// Evaluate: the stages of docs/evaluation.md over the rules the date index gives.
//
// Nothing here allocates unless a trace is asked for: per-sale state lives on the stack in
// InlinedVectors sized for the catalog's worst case.
//
// The evaluator is one translation unit cut into headers along its seams, each a class deriving
// from the one before: the sale view (sale_view.h), Entity List screening (screening.h), the
// predicate machine (predicates.h), held authorizations (authorizations.h), the trace
// (tracer.h), a jurisdiction's findings (findings.h) and their resolution (resolve.h), and here
// the stages.
// One object and one translation unit keep the hot path (ForEachActiveDecided ->
// RunBranchesInline -> EvalNode) inline and its state at fixed offsets from `this`.
#include "exportctl/evaluate.h"

#include <algorithm>
#include <string_view>

#include "absl/container/inlined_vector.h"
#include "evaluate/resolve.h"
#include "model/sale_facts.h"

namespace exportctl::evaluator {
namespace {

constexpr std::string_view kNone = "none";
constexpr std::string_view kIndeterminate = "indeterminate";

class Evaluator : public Resolver {
 public:
  using Resolver::Resolver;

  Decision Run() {
    Decision d;
    if (!HasRequiredFacts(d)) return d;
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
                   static_cast<size_t>(membership_day == sale_.date ? segment_ : SegmentOf(membership_day)) *
                       rs_.country_set_count;
    origin_ = IndexOf(sale_.item.origin);
    exported_from_ = IndexOf(sale_.exported_from);

    bool any_prohibited = false, any_indeterminate = false;
    Verdict worst = Verdict::kAllowed;
    for (size_t j = 0; j < rs_.compiled_jurisdictions.size(); ++j) {
      const CompiledJurisdiction& jur = rs_.compiled_jurisdictions[j];
      if (jur.route.on && !OnRoute(jur)) continue;  // out of scope, as its scope would find
      jurisdiction_ = static_cast<int>(j);
      const size_t segment_jurisdiction = static_cast<size_t>(segment_) * rs_.compiled_jurisdictions.size() + j;
      stage_offsets_ = rs_.offsets.data() + segment_jurisdiction * internal::kStageCount;
      destination_ = IndexOf(jur.Map(sale_.destination));
      const internal::DestinationIndex& index = rs_.by_destination;
      const uint16_t destination_class =
          index.classes[index.table[segment_jurisdiction]][destination_ < 0 ? Country::kIndexCount : destination_];
      destination_offsets_ =
          index.offsets.data() + (index.block[segment_jurisdiction] + destination_class) * internal::kStageCount;
      headquarters_ = sale_.buyer.headquarters ? IndexOf(jur.Map(*sale_.buyer.headquarters)) : -1;
      SpecSet scope_missing;
      int32_t scope_rule = -1;
      const Tri scope = Scope(jur, &scope_missing, &scope_rule);
      if (scope == Tri::kFalse && !jur.report_out_of_scope) continue;  // the jurisdiction's rules do not reach the sale
      JurisdictionDecision& jd = d.jurisdictions.emplace_back();
      if (tracing_ && scope_rule >= 0)
        TraceFired(d, rs_.compiled[scope_rule], TraceEffect::kInScope).detail = "brings the item into scope";
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
    FindPossibleMatches(d);
    d.allowed = IsAllowed(d.verdict) && !d.review_required();
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

  // Whether the shipment goes to, leaves from or passes through a country of the jurisdiction's
  // route scope.
  bool OnRoute(const CompiledJurisdiction& jur) const {
    const internal::RouteScope& route = jur.route;
    if (const int to = IndexOf(jur.Map(sale_.destination)); to >= 0 && route.destination[static_cast<size_t>(to)])
      return true;
    if (exported_from_ >= 0 && route.from[static_cast<size_t>(exported_from_)]) return true;
    for (Country c : sale_.transit)
      if (c.valid() && route.transit[c.index()]) return true;
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

  // Fills `jd` for the current jurisdiction, whose scope the caller has evaluated: stage 1
  // (suspensions), stage 2 (classification), stages 3 to 6 (requirements, review amendments,
  // exceptions and conditions), then their resolution into a verdict.
  void EvaluateJurisdiction(const CompiledJurisdiction& jur, bool in_scope, Decision& d, JurisdictionDecision& jd) {
    const JurisdictionSpec& spec = *jur.spec;
    jd.jurisdiction = jur.code;
    if (!spec.classifications.empty()) jd.classification = kNone;
    if (!in_scope) {
      jd.in_scope = false;
      jd.note = spec.out_of_scope_note;
      if (tracing_) TraceOutOfScope(jur, d);
      return;
    }
    Suspensions suspensions;
    Suspend(suspensions);
    Classify(jur, suspensions, d, jd);
    Collected c;
    Collect(suspensions, d, c);
    jd.missing |= c.missing;
    const Resolution r = ResolveJurisdiction(jur, c, jd);
    Conclude(jur, c, r, d, jd);
  }

  // Stage 1: the rules that suspend rules in force suspend (`suspended`), and those suspend rules.
  struct Suspensions {
    absl::InlinedVector<uint32_t, 4> suspended;
    absl::InlinedVector<uint32_t, 4> suspenders;

    bool Contains(uint32_t i) const {
      return !suspended.empty() && std::find(suspended.begin(), suspended.end(), i) != suspended.end();
    }
  };
  void Suspend(Suspensions& s) {
    ForEachActive(jurisdiction_, Stage::kSuspend, [&](uint32_t i) {
      const CompiledRule& cr = rs_.compiled[i];
      SpecSet missing;
      if (EvalRule(cr.when, &missing, nullptr, MissingRead::kIfUnknown) != Tri::kTrue) return;
      s.suspended.insert(s.suspended.end(), cr.targets.begin(), cr.targets.end());
      s.suspenders.push_back(i);
    });
  }

  // Stage 2: the classification, into class_possible_ (and class_missing_) and jd. The suspend
  // rules are traced here, after the classification rules a full trace lists.
  // Calls f(rule index, rule, when, missing, uses, decided) for each rule of jurisdiction j at
  // `stage` (classification or requirements) in force, not suspended and whose `when` is not
  // false; a full trace lists the others as not fired.
  template <class F>
  [[gnu::always_inline]] void ForEachApplying(int j, Stage stage, const Suspensions& suspensions, Decision& d, F&& f) {
    auto is_suspended = [&](uint32_t i) { return suspensions.Contains(i); };
    ForEachActiveDecided(j, stage, is_suspended, [&](uint32_t i, const Tri* decided) {
      const CompiledRule& cr = rs_.compiled[i];
      Uses* const uses = ScratchUses();
      SpecSet missing;
      const Tri when = EvalDecided(cr.when, decided, &missing, uses, WhenRead(cr));
      if (when == Tri::kFalse) {
        if (full_trace_) TraceNotFired(d, cr, *uses);
        return;
      }
      f(i, cr, when, missing, uses, decided);
    });
  }

  void Classify(const CompiledJurisdiction& jur, const Suspensions& suspensions, Decision& d,
                JurisdictionDecision& jd) {
    const JurisdictionSpec& spec = *jur.spec;
    // status[c] over the jurisdiction's classes, most controlled first.
    const size_t class_count = spec.classifications.size();
    // Compile bounds class_count. Fixed-size fills are a few stores; a fill of class_count
    // elements was a call to memset.
    static_assert(static_cast<int>(Tri::kFalse) == 0);
    Tri class_status[internal::kMaxClassifications] = {};
    int32_t class_rule[internal::kMaxClassifications];  // set where class_status first turns true, read only there
    absl::InlinedVector<Uses, 3> class_uses;            // inline for the catalog's jurisdictions
    if (tracing_) class_uses.resize(class_count);
    class_missing_ = SpecSet();
    ForEachApplying(
        jurisdiction_, Stage::kClassify, suspensions, d,
        [&](uint32_t i, const CompiledRule& cr, Tri when, const SpecSet& missing, Uses* uses, const Tri* decided) {
          // With cases, each case contributes; without, the rule's own classification.
          const size_t first = cr.has_cases() ? 0 : cr.cases.size() - 1;
          const size_t last = cr.has_cases() ? cr.cases.size() - 1 : cr.cases.size();
          bool contributed = false;
          for (size_t k = first; k < last; ++k) {
            SpecSet case_missing;
            const int32_t case_when = cr.cases[k].when;  // -1: the rule's own classification
            // With `when` unknown, a true case is unknown too, and reads its case's missing specs.
            const Tri s =
                case_when < 0
                    ? when
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
      for (uint32_t i : suspensions.suspenders)
        TraceFired(d, rs_.compiled[i], TraceEffect::kSuspend).detail = "suspends " + TargetIds(rs_.compiled[i]);
    }
    if (!spec.classifications.empty()) {
      if ((class_possible_ & (class_possible_ - 1)) != 0) {  // more than one class possible
        jd.classification = kIndeterminate;
        jd.missing |= class_missing_;
      } else if (chosen_class >= 0) {
        jd.classification = spec.classifications[chosen_class];
        const CompiledRule& cr = rs_.compiled[class_rule[chosen_class]];
        jd.classification_rule = cr.rule->id;
        if (tracing_) {
          TraceEntry& t = TraceFired(d, cr, TraceEffect::kClassify);
          t.detail = spec.classifications[chosen_class];
          t.thresholds.assign(class_uses[chosen_class].begin(), class_uses[chosen_class].end());
        }
      }
    }
  }

  // The verdict of the jurisdiction's findings into jd: the optimistic world's, unless the
  // pessimistic one disagrees and no classification decides (then indeterminate).
  Resolution ResolveJurisdiction(const CompiledJurisdiction& jur, const Collected& c, JurisdictionDecision& jd) {
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
    return optimistic;
  }

  // What the resolution implies beyond the verdict: advisories, conditions, the held
  // authorizations it did not apply, and the trace of the requirements.
  void Conclude(const CompiledJurisdiction& jur, Collected& c, const Resolution& optimistic, Decision& d,
                JurisdictionDecision& jd) {
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
      NoteNotApplied(NotApplied::Kind::kApproval, sale_.approvals, optimistic.approval_unmet, d).reason =
          NotApplied::Reason::kDomesticPurchase;
    if (tracing_) TraceRequirements(d, optimistic, c.fired, absl::MakeSpan(c.fired_uses), c.amendments);
  }

  // Stages 3 to 6: requirements, review amendments, exceptions and conditions.
  void Collect(const Suspensions& suspensions, Decision& d, Collected& c) {
    const int j = jurisdiction_;
    auto is_suspended = [&](uint32_t i) { return suspensions.Contains(i); };
    // Stage 3: requirements.
    ForEachApplying(
        j, Stage::kRequirement, suspensions, d,
        [&](uint32_t i, const CompiledRule& cr, Tri status, const SpecSet& missing, Uses* uses, const Tri* decided) {
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
    if (!c.fired.empty())
      ForEachActive(j, Stage::kReview, [&](uint32_t i) {
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
          const double amount =
              static_cast<double>(sale_.quantity) * sale_.unit_price_usd->value() * *spec.percent / 100.0;
          c.amount_usd = std::round(amount * 100.0) / 100.0;
        }
        if (spec.kind == ConditionKind::kImportDuty && spec.percent && sale_.us_import_value_usd) {
          c.amount_usd = std::round(sale_.us_import_value_usd->value() * *spec.percent) / 100.0;
        }
        if (spec.kind == ConditionKind::kVolumeCap && spec.percent && sale_.us_units_shipped)
          c.max_units = MaxUnits(*spec.percent);
        if (spec.kind == ConditionKind::kApprovalQuantity && r.approval && r.approval->quantity)
          c.max_units = *r.approval->quantity;
        d.conditions.push_back(c);
      }
    }
  }
};

}  // namespace
}  // namespace exportctl::evaluator

namespace exportctl {

// TraceEffect begins with EffectKind's effects, in its order (TraceEffectOf, TraceEffectName).
namespace {
constexpr bool SameIndex(TraceEffect t, EffectKind e) { return static_cast<int>(t) == static_cast<int>(e); }
}  // namespace
static_assert(SameIndex(TraceEffect::kClassify, EffectKind::kClassify) &&
              SameIndex(TraceEffect::kLicenseRequired, EffectKind::kRequireLicense) &&
              SameIndex(TraceEffect::kApprovalRequired, EffectKind::kRequireApproval) &&
              SameIndex(TraceEffect::kLicenseException, EffectKind::kLicenseException) &&
              SameIndex(TraceEffect::kReview, EffectKind::kAmendReview) &&
              SameIndex(TraceEffect::kSuspend, EffectKind::kSuspend) &&
              SameIndex(TraceEffect::kProhibit, EffectKind::kProhibit) &&
              SameIndex(TraceEffect::kAdvisory, EffectKind::kAdvisory) &&
              SameIndex(TraceEffect::kCondition, EffectKind::kCondition) &&
              SameIndex(TraceEffect::kInScope, EffectKind::kInScope));

std::string_view TraceEffectName(TraceEffect e) {
  switch (e) {
    case TraceEffect::kProhibited: return "prohibited";
    case TraceEffect::kOutOfScope: return "out_of_scope";
    case TraceEffect::kNotApplied: return "not_applied";
    default: return EffectKindName(static_cast<EffectKind>(e));
  }
}

Decision Evaluate(const RuleSet& rules, const Sale& sale, const EvalOptions& options) noexcept {
  return evaluator::Evaluator(rules, sale, options).Run();
}

}  // namespace exportctl
