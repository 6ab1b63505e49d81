// The trace of a decision. Part of evaluate.cc's translation unit (see there).
#ifndef EXPORTCTL_EVALUATE_TRACER_H_
#define EXPORTCTL_EVALUATE_TRACER_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/str_join.h"
#include "absl/types/span.h"
#include "evaluate/authorizations.h"
#include "evaluate/findings.h"

namespace exportctl::evaluator {
namespace {

// The trace (EvalOptions::trace): one entry per rule that fired, and at TraceLevel::kFull per
// rule that did not. Called only when tracing_.
class Tracer : public Authorizations {
 public:
  using Authorizations::Authorizations;

 protected:
  // A trace line for each, after the rules.
  static void TraceNotApplied(Decision& d) {
    for (const NotApplied& n : d.not_applied)
      TraceLine(d, "not_applied", n.jurisdiction, TraceEffect::kNotApplied,
                internal::StrCat(NotAppliedKindName(n.kind), " ", n.index, ": ", NotAppliedReason(n)));
  }
  // A jurisdiction whose rules do not reach the sale.
  static void TraceOutOfScope(const CompiledJurisdiction& jur, Decision& d) {
    TraceLine(d, "scope", jur.code, TraceEffect::kOutOfScope, jur.spec->out_of_scope_note);
  }
  // An entry of the trace that names no rule of the pack.
  static void TraceLine(Decision& d, std::string_view rule, Country jurisdiction, TraceEffect effect,
                        std::string detail) {
    TraceEntry t;
    t.rule = rule;
    t.jurisdiction = jurisdiction;
    t.effect = effect;
    t.detail = std::move(detail);
    Append(d, std::move(t), kFiredTraceCapacity);
  }
  // Appends `t`, making room for `capacity` entries at the first: one allocation instead of a
  // regrowth per few entries, and none for a decision with an empty trace (most allowed sales).
  static constexpr size_t kFiredTraceCapacity = 8;  // a fired trace has a handful of entries
  static void Append(Decision& d, TraceEntry&& t, size_t capacity) {
    if (d.trace.capacity() == 0) d.trace.reserve(capacity);
    d.trace.push_back(std::move(t));
  }

  static std::string TargetIds(const CompiledRule& cr) { return absl::StrJoin(cr.rule->targets, ", "); }

  TraceEntry& TraceFired(Decision& d, const CompiledRule& cr, TraceEffect effect) const {
    TraceEntry t;
    t.rule = cr.rule->id;
    t.jurisdiction = rs_.compiled_jurisdictions[cr.jurisdiction].code;
    t.effect = effect;
    t.legal_force = cr.rule->legal_force;
    t.citation = cr.citation;
    t.modeled = cr.rule->modeled;
    Append(d, std::move(t), full_trace_ ? 32 : kFiredTraceCapacity);  // a full trace lists every rule in force
    return d.trace.back();
  }
  void TraceNotFired(Decision& d, const CompiledRule& cr, const Uses& uses) const {
    TraceEntry& t = TraceFired(d, cr, TraceEffectOf(cr.rule->outcome.effect));
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
        TraceEntry& t = TraceFired(d, cr, TraceEffectOf(f.outcome->effect));
        t.detail = "may apply: a spec it needs is missing";
        t.thresholds = std::move(uses[k]);
        continue;
      }
      const EffectKind e = f.outcome->effect;
      TraceEntry& t = TraceFired(d, cr, e == EffectKind::kProhibit ? TraceEffect::kProhibited : TraceEffectOf(e));
      t.thresholds = std::move(uses[k]);
      if (e == EffectKind::kRequireLicense) t.detail = std::string(ReviewPolicyName(f.policy));
      else if (e == EffectKind::kRequireApproval) t.detail = r.approval ? "approval held" : "no matching approval";
      else if (e == EffectKind::kAdvisory || e == EffectKind::kProhibit) t.detail = f.outcome->source->advisory;
      if (e == EffectKind::kRequireLicense && r.licensed) t.detail += "; a held license covers the sale";
      if (cr.reads_listing) internal::StrAppend(&t.detail, "; ", ExplainListing());
    }
    for (uint32_t i : amendments) {
      const CompiledRule& cr = rs_.compiled[i];
      TraceEntry& t = TraceFired(d, cr, TraceEffect::kReview);
      t.detail =
          internal::StrCat(ReviewPolicyName(cr.cases.back().outcome.review_policy.value_or(ReviewPolicy::kCaseByCase)),
                           " for ", TargetIds(cr));
    }
    if (r.exception_rule >= 0) {
      const CompiledRule& cr = rs_.compiled[r.exception_rule];
      const Outcome& o = *cr.cases.back().outcome.source;
      TraceEntry& t = TraceFired(d, cr, TraceEffect::kLicenseException);
      t.detail = o.notification ? internal::StrCat(o.exception,
                                                   " with a notification: covers the sale once BIS issues its "
                                                   "authorization number (an answer is expected within ",
                                                   o.wait_days, " days of filing)")
                                : internal::StrCat(o.exception, " without notification");
    }
    for (uint32_t i : r.condition_rules) {
      const CompiledRule& cr = rs_.compiled[i];
      if (cr.stage != Stage::kCondition) continue;
      TraceEntry& t = TraceFired(d, cr, TraceEffect::kCondition);
      for (const ConditionSpec& c : cr.cases.back().outcome.source->conditions) {
        if (!t.detail.empty()) t.detail += ", ";
        internal::StrAppend(&t.detail, ConditionKindName(c.kind));
        if (c.percent) internal::StrAppend(&t.detail, " ", *c.percent, "%");
      }
    }
  }
};

}  // namespace
}  // namespace exportctl::evaluator

#endif  // EXPORTCTL_EVALUATE_TRACER_H_
