// Resolution of a jurisdiction's findings into a verdict. Part of evaluate.cc's translation unit
// (see there).
#ifndef EXPORTCTL_EVALUATE_RESOLVE_H_
#define EXPORTCTL_EVALUATE_RESOLVE_H_

#include <algorithm>
#include <cstdint>

#include "absl/container/inlined_vector.h"
#include "absl/types/span.h"
#include "evaluate/tracer.h"

namespace exportctl::evaluator {
namespace {

// Stages 3 to 6 resolved into a verdict: per world (optimistic, pessimistic) and, where the
// classification is open, per classification.
class Resolver : public Tracer {
 public:
  using Tracer::Tracer;

 protected:
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
        if (k.status == Tri::kUnknown)
          m.status = EvalRule(rs_.compiled[k.rule].when, &m.missing, nullptr, MissingRead::kIfUnknown);
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
        if (std::find(merged.condition_rules.begin(), merged.condition_rules.end(), rule) ==
            merged.condition_rules.end())
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
    Resolution r;
    auto counts = [&](Tri s, bool is_requirement) { return Counts(s, is_requirement, pessimistic); };
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
          if (pessimistic && f.maybe_amended_by >= 0)
            licensed_under.push_back(static_cast<uint32_t>(f.maybe_amended_by));
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
        v = ExceptedVerdict(c, pessimistic, r);
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

  // Whether a finding counts in a world: the optimistic one counts undecided requirements as not
  // applying and undecided exceptions as applying, the pessimistic one the other way round.
  static bool Counts(Tri s, bool is_requirement, bool pessimistic) {
    if (s == Tri::kTrue) return true;
    if (s == Tri::kFalse) return false;
    return is_requirement ? pessimistic : !pessimistic;
  }

  // Without a license that covers the sale, each license requirement needs an exception; the
  // least restrictive one is taken (into r). The verdict: license required, notification
  // required (an exception awaits BIS's answer) or allowed.
  Verdict ExceptedVerdict(const Collected& c, bool pessimistic, Resolution& r) {
    bool notification_pending = false;
    for (const Fired& f : c.fired) {
      if (!Counts(f.status, true, pessimistic) || f.outcome->effect != EffectKind::kRequireLicense) continue;
      int32_t best = -1;
      for (const Candidate& e : c.exceptions) {
        if (!Counts(e.status, false, pessimistic)) continue;
        const CompiledRule& cr = rs_.compiled[e.rule];
        if (std::find(cr.targets.begin(), cr.targets.end(), f.rule) == cr.targets.end()) continue;
        const Outcome& o = *cr.cases.back().outcome.source;
        if (best < 0 || (rs_.compiled[best].cases.back().outcome.source->notification && !o.notification))
          best = static_cast<int32_t>(e.rule);
      }
      if (best < 0) {
        r.exception_rule = -1;
        r.license_exception = {};
        return Verdict::kLicenseRequired;
      }
      const Outcome& o = *rs_.compiled[best].cases.back().outcome.source;
      const bool pending = o.notification && !NotificationCleared(o);
      if (r.exception_rule < 0 || (pending && !notification_pending)) {
        r.exception_rule = best;
        r.license_exception = o.exception;
      }
      notification_pending |= pending;
    }
    return notification_pending ? Verdict::kNotificationRequired : Verdict::kAllowed;
  }
};

}  // namespace
}  // namespace exportctl::evaluator

#endif  // EXPORTCTL_EVALUATE_RESOLVE_H_
