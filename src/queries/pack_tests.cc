// Runs the `[[test]]` cases of rule packs against a compiled rule set.
#include "exportctl/pack_tests.h"

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "exportctl/country.h"
#include "exportctl/decision.h"
#include "exportctl/evaluate.h"
#include "exportctl/json.h"
#include "exportctl/rule_pack.h"
#include "exportctl/sale.h"
#include "internal/strings.h"

namespace exportctl {
namespace {

template <class Range>
std::string Join(const Range& items, std::string_view separator) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out.append(separator);
    out.append(std::string_view(item));
  }
  return out;
}

// Collects mismatches as "what: expected X, got Y", joined by "; ".
class Mismatches {
 public:
  void Add(std::string text) { items_.push_back(std::move(text)); }
  void Compare(std::string_view what, std::string_view expected, std::string_view got) {
    if (expected != got) Add(internal::StrCat(what, ": expected ", expected, ", got ", Shown(got)));
  }
  bool empty() const { return items_.empty(); }
  std::string Joined() const { return exportctl::Join(items_, "; "); }

  static std::string_view Shown(std::string_view s) { return s.empty() ? "(none)" : s; }

 private:
  std::vector<std::string> items_;
};

// The US classification as the contract reports it: a jurisdiction that classified nothing (out
// of scope, or no classify rule in force) reports "none".
std::string_view UsClassification(const Decision& d) {
  const JurisdictionDecision* us = d.Find(Country::Of("US"));
  if (us == nullptr || us->classification.empty()) return "none";
  return us->classification;
}

std::string MissingNames(SpecSet set) {
  std::vector<std::string_view> names;
  set.ForEachName([&](std::string_view n) { names.push_back(n); });
  return names.empty() ? std::string("(none)") : Join(names, ", ");
}

PackTestResult RunOne(const RuleSet& rules, const PackTest& test) {
  PackTestResult result;
  result.test = &test;
  absl::StatusOr<Sale> sale = ParseSaleJson(test.sale_json, rules);
  if (!sale.ok()) {
    result.failure = internal::StrCat("sale: ", sale.status().message());
    return result;
  }
  EvalOptions options;
  options.as_of = test.as_of;
  options.trace = TraceLevel::kFired;
  const Decision d = Evaluate(rules, *sale, options);

  for (const TraceEntry& t : d.trace) {
    if (!t.fired) continue;
    if (std::find(result.fired.begin(), result.fired.end(), t.rule) == result.fired.end())
      result.fired.push_back(t.rule);
  }

  Mismatches m;
  if (test.verdict) m.Compare("verdict", VerdictName(*test.verdict), VerdictName(d.verdict));
  if (test.allowed && *test.allowed != d.allowed)
    m.Add(internal::StrCat("allowed: expected ", *test.allowed ? "true" : "false", ", got ",
                           d.allowed ? "true" : "false"));
  if (test.classification) m.Compare("classification", *test.classification, UsClassification(d));
  for (const auto& [country, expected] : test.jurisdiction_verdicts) {
    const JurisdictionDecision* j = d.Find(country);
    m.Compare(internal::StrCat("jurisdictions.", country.ToString()), VerdictName(expected),
              j ? VerdictName(j->verdict) : "absent");
  }
  if (test.review_policy) {
    std::string_view got;
    for (const JurisdictionDecision& j : d.jurisdictions) {
      if (j.review_policy) {
        got = ReviewPolicyName(*j.review_policy);
        break;
      }
    }
    m.Compare("review_policy", ReviewPolicyName(*test.review_policy), got);
  }
  if (test.license_exception) {
    std::string_view got;
    for (const JurisdictionDecision& j : d.jurisdictions) {
      if (!j.license_exception.empty()) {
        got = j.license_exception;
        break;
      }
    }
    m.Compare("license_exception", *test.license_exception, got);
  }
  for (const std::string& id : test.fired) {
    if (std::find(result.fired.begin(), result.fired.end(), id) == result.fired.end())
      m.Add(internal::StrCat(
          "fired: ", id, " did not fire (fired: ", result.fired.empty() ? "(none)" : Join(result.fired, ", "), ")"));
  }
  for (const std::string& id : test.not_fired) {
    if (std::find(result.fired.begin(), result.fired.end(), id) != result.fired.end())
      m.Add(internal::StrCat("not_fired: ", id, " fired"));
  }
  for (const ConditionKind kind : test.conditions) {
    bool found = false;
    std::vector<std::string> listed;
    for (const ConditionOut& c : d.conditions) {
      listed.push_back(internal::StrCat(ConditionKindName(c.kind), "(", c.rule, ")"));
      found = found || c.kind == kind;
    }
    if (!found)
      m.Add(internal::StrCat("conditions: ", ConditionKindName(kind),
                             " not listed (listed: ", listed.empty() ? "(none)" : Join(listed, ", "), ")"));
  }
  for (const Spec spec : test.missing) {
    if (!d.missing.contains(spec))
      m.Add(internal::StrCat("missing: ", SpecSet::NameOf(spec), " not reported (missing: ", MissingNames(d.missing),
                             ")"));
  }

  result.passed = m.empty();
  result.failure = m.Joined();
  return result;
}

}  // namespace

std::vector<PackTestResult> RunPackTests(const RuleSet& rules) {
  std::vector<PackTestResult> results;
  results.reserve(rules.tests().size());
  for (const PackTest& test : rules.tests()) results.push_back(RunOne(rules, test));
  return results;
}

namespace {

// Whether `p` can only be true for a buyer on one of the screening lists `buyer_list` names and
// no entity of the rule set is on any of them (an imported list brings them).
bool NeedsAbsentList(const Predicate& p, const absl::flat_hash_set<std::string_view>& lists) {
  if (p.kind == Predicate::Kind::kMember && p.field == Field::kBuyerList)
    return std::none_of(p.members.begin(), p.members.end(), [&](const std::string& m) { return lists.contains(m); });
  if (p.kind == Predicate::Kind::kAnd)
    return std::any_of(p.children.begin(), p.children.end(),
                       [&](const Predicate& c) { return NeedsAbsentList(c, lists); });
  return false;
}

}  // namespace

std::vector<std::string_view> RulesNoTestFires(const RuleSet& rules, absl::Span<const PackTestResult> results) {
  absl::flat_hash_set<std::string_view> seen;
  for (const PackTestResult& r : results)
    for (std::string_view id : r.fired) seen.insert(id);
  absl::flat_hash_set<std::string_view> lists;
  for (const Entity& e : rules.entities())
    for (const Listing& l : e.listings) lists.insert(l.list);
  std::vector<std::string_view> untested;
  for (const Rule& rule : rules.rules())
    if (!seen.contains(rule.id) && !NeedsAbsentList(rule.when, lists)) untested.push_back(rule.id);
  return untested;
}

}  // namespace exportctl
