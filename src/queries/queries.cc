// Classification, timelines and headroom: queries built on Evaluate and the rule set's date index.
#include "exportctl/queries.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"

namespace exportctl {
namespace {

const Country kUs = Country::Of("US");

// What two days' decisions must agree on to be one timeline segment.
bool SameOutcome(const Decision& a, const Decision& b) {
  if (a.verdict != b.verdict || a.jurisdictions.size() != b.jurisdictions.size() ||
      a.conditions.size() != b.conditions.size()) {
    return false;
  }
  for (size_t i = 0; i < a.jurisdictions.size(); ++i) {
    const JurisdictionDecision& x = a.jurisdictions[i];
    const JurisdictionDecision& y = b.jurisdictions[i];
    if (x.jurisdiction != y.jurisdiction || x.verdict != y.verdict || x.review_policy != y.review_policy ||
        x.license_exception != y.license_exception || x.advisories.size() != y.advisories.size()) {
      return false;
    }
    for (size_t k = 0; k < x.advisories.size(); ++k) {
      if (x.advisories[k].rule != y.advisories[k].rule || x.advisories[k].text != y.advisories[k].text) {
        return false;
      }
    }
  }
  for (size_t i = 0; i < a.conditions.size(); ++i) {
    const ConditionOut& x = a.conditions[i];
    const ConditionOut& y = b.conditions[i];
    if (x.kind != y.kind || x.jurisdiction != y.jurisdiction || x.percent != y.percent) return false;
  }
  return true;
}

void AddFiredRules(const Decision& d, std::vector<std::string_view>& rules) {
  for (const TraceEntry& t : d.trace) {
    if (!t.fired) continue;
    if (std::find(rules.begin(), rules.end(), t.rule) == rules.end()) rules.push_back(t.rule);
  }
}

// Every day in (from, to] on which the decision on `sale` may change: rule, parameter, group,
// listing and ownership dates, and the sale's own license, approval and notification dates.
std::vector<Date> ChangePoints(const RuleSet& rules, const Sale& sale, Date from, Date to) {
  std::vector<Date> points;
  auto add = [&](Date d) {
    if (from < d && d <= to) points.push_back(d);
  };
  auto add_interval = [&](const DateInterval& in) {
    add(in.from);
    add(in.until);
  };
  for (Date d : rules.boundaries()) add(d);
  std::vector<int> waits = {0, 25};
  for (const Rule& r : rules.rules()) {
    add_interval(r.effective);
    if (r.compliance) add(*r.compliance);
    waits.push_back(r.outcome.wait_days);
    for (const RuleCase& c : r.cases) waits.push_back(c.outcome.wait_days);
  }
  for (const ParameterSeries& p : rules.parameters())
    for (const ParameterValue& v : p.values) add(v.from);
  for (const CountryGroup& g : rules.groups())
    for (const GroupMember& m : g.members) add_interval(m.interval);
  for (const Entity& e : rules.entities())
    for (const Listing& l : e.listings) add_interval(l.interval);
  for (const OwnershipEdge& o : rules.ownership()) add_interval(o.interval);
  for (const Authorization& a : sale.licenses) add_interval({a.valid_from, a.valid_until});
  for (const Authorization& a : sale.approvals) add_interval({a.valid_from, a.valid_until});
  std::sort(waits.begin(), waits.end());
  waits.erase(std::unique(waits.begin(), waits.end()), waits.end());
  for (const Notification& n : sale.notifications)
    for (int w : waits) add(n.filed.AddDays(w));
  std::sort(points.begin(), points.end());
  points.erase(std::unique(points.begin(), points.end()), points.end());
  return points;
}

// The value of parameter `id` on `date`, as known on `as_of`.
std::optional<double> ParameterValueOn(const RuleSet& rules, std::string_view id, Date date,
                                       std::optional<Date> as_of) {
  for (const ParameterSeries& p : rules.parameters()) {
    if (p.id != id) continue;
    std::optional<double> value;
    for (const ParameterValue& v : p.values) {
      if (date < v.from) continue;
      if (as_of && *as_of < v.announced.value_or(v.from)) continue;
      value = v.value;
    }
    return value;
  }
  return std::nullopt;
}

// Collects the TPP values at which `p` may change its truth value for a chip of `die_area`.
void CollectTppThresholds(const Predicate& p, const RuleSet& rules, Date date, std::optional<Date> as_of,
                          std::optional<SquareMillimeters> die_area, std::vector<double>& out) {
  for (const Predicate& child : p.children) CollectTppThresholds(child, rules, date, as_of, die_area, out);
  if (p.kind != Predicate::Kind::kCompare) return;
  std::optional<double> threshold = p.threshold;
  if (!p.parameter.empty()) threshold = ParameterValueOn(rules, p.parameter, date, as_of);
  if (!threshold || !std::isfinite(*threshold)) return;
  switch (p.metric) {
    case Metric::kTpp:
    case Metric::kConsignmentTpp:  // quantity 1
      out.push_back(*threshold);
      break;
    case Metric::kPerformanceDensity:
      if (die_area) out.push_back(*threshold * die_area->value());
      break;
    default: break;
  }
}

bool NeedsLicenseOrNotification(const Decision& d) {
  const JurisdictionDecision* us = d.Find(kUs);
  if (us == nullptr) return false;
  switch (us->verdict) {
    case Verdict::kNotificationRequired:
    case Verdict::kLicenseRequired:
    case Verdict::kProhibited:
    case Verdict::kIndeterminate: return true;
    default: return false;
  }
}

}  // namespace

ClassifyResult Classify(const RuleSet& rules, const Chip& chip, Date date, const EvalOptions& options,
                        Country jurisdiction) {
  Sale sale;
  sale.date = date;
  sale.item = chip;
  sale.destination = Country::Of("CN");
  EvalOptions o = options;
  o.trace = TraceLevel::kNone;
  const Decision d = Evaluate(rules, sale, o);
  ClassifyResult result{"none", "", {}};
  if (const JurisdictionDecision* j = d.Find(jurisdiction)) {
    if (!j->classification.empty()) result.classification = j->classification;
    result.rule = j->classification_rule;
    if (result.classification == "indeterminate") result.missing = j->missing;
  }
  return result;
}

absl::StatusOr<std::vector<TimelineSegment>> Timeline(const RuleSet& rules, const Sale& sale, Date from, Date to,
                                                      const EvalOptions& options) {
  if (to < from) {
    return absl::InvalidArgumentError("timeline ends (" + to.ToString() + ") before it starts (" + from.ToString() +
                                      ")");
  }
  if (from.is_unbounded() || to.is_unbounded()) return absl::InvalidArgumentError("timeline needs real dates");
  EvalOptions o = options;
  if (o.trace == TraceLevel::kNone) o.trace = TraceLevel::kFired;

  std::vector<TimelineSegment> segments;
  Sale day = sale;
  auto evaluate_at = [&](Date d) {
    day.date = d;
    return Evaluate(rules, day, o);
  };
  std::vector<Date> points = ChangePoints(rules, sale, from, to);
  points.insert(points.begin(), from);
  for (Date p : points) {
    Decision d = evaluate_at(p);
    if (!segments.empty() && SameOutcome(segments.back().decision, d)) {
      AddFiredRules(d, segments.back().rules);
      continue;
    }
    if (!segments.empty()) segments.back().interval.until = p;
    TimelineSegment segment;
    segment.interval = {p, Date::Unbounded()};
    AddFiredRules(d, segment.rules);
    segment.decision = std::move(d);
    segments.push_back(std::move(segment));
  }
  segments.back().interval.until = to.AddDays(1);
  return segments;
}

Headroom ComputeHeadroom(const RuleSet& rules, Country destination, Date date, bool datacenter,
                         std::optional<SquareMillimeters> die_area, const EvalOptions& options) {
  Sale sale;
  sale.date = date;
  sale.destination = destination;
  sale.end_use = datacenter ? EndUse::kDatacenter : EndUse::kConsumer;
  Chip& chip = sale.item;
  chip.model = "headroom probe";
  chip.origin = kUs;
  chip.datacenter = datacenter;
  // Unknown specs take the values that reach furthest into every test: the bound then holds
  // whatever they are (controls grow with the specs).
  chip.die_area_mm2 = die_area ? *die_area : SquareMillimeters(1e-9);
  chip.interconnect_gbps = GigabytesPerSecond(1e12);
  chip.memory_bandwidth_gbps = GigabytesPerSecond(1e12);

  std::vector<double> thresholds;
  for (const Rule* rule : rules.RulesInForce(date, options.as_of)) {
    CollectTppThresholds(rule->when, rules, date, options.as_of, die_area, thresholds);
    for (const RuleCase& c : rule->cases)
      CollectTppThresholds(c.when, rules, date, options.as_of, die_area, thresholds);
  }
  // Probe just above 0, at each threshold, and just above each (for strict comparisons).
  std::vector<std::pair<double, double>> candidates;  // {probe, reported bound}
  candidates.push_back({1e-6, 0});
  for (double t : thresholds) {
    if (t <= 0) continue;
    candidates.push_back({t, t});
    candidates.push_back({t * (1 + 1e-7), t});
  }
  std::sort(candidates.begin(), candidates.end());

  EvalOptions o = options;
  o.trace = TraceLevel::kFired;
  auto evaluate_at = [&](double tpp) {
    chip.tpp_direct = Tpp(tpp);
    return Evaluate(rules, sale, o);
  };

  Headroom headroom;
  std::optional<Decision> previous;
  for (const auto& [probe, bound] : candidates) {
    Decision d = evaluate_at(probe);
    if (!NeedsLicenseOrNotification(d)) {
      previous = std::move(d);
      continue;
    }
    headroom.tpp_below = Tpp(bound);
    if (die_area && die_area->value() > 0) headroom.pd_below = Tpp(bound) / *die_area;
    // The rule that sets the bound: a US rule that fired here but not just below, a
    // classification first.
    std::string_view first_new, classify_new, first_any;
    for (const TraceEntry& t : d.trace) {
      if (!t.fired || t.jurisdiction != kUs) continue;
      if (first_any.empty()) first_any = t.rule;
      if (previous && previous->Fired(t.rule)) continue;
      if (first_new.empty()) first_new = t.rule;
      if (classify_new.empty() && t.effect == TraceEffect::kClassify) classify_new = t.rule;
    }
    headroom.rule = !classify_new.empty() ? classify_new : !first_new.empty() ? first_new : first_any;
    break;
  }
  return headroom;
}

}  // namespace exportctl
