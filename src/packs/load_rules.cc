// The loader's rule sections: rules with their outcomes, cases and conditions, and ends.
#include "compile/validate.h"
#include "internal/strings.h"
#include "packs/loader.h"

namespace exportctl::internal {
namespace {

// Whether an outcome key applies to an effect (`advisory` applies to every effect).
bool OutcomeKeyApplies(std::string_view key, EffectKind effect) {
  if (key == "classification") return effect == EffectKind::kClassify;
  if (key == "review_policy") return effect == EffectKind::kRequireLicense || effect == EffectKind::kAmendReview;
  if (key == "exception" || key == "notification" || key == "wait_days") return effect == EffectKind::kLicenseException;
  if (key == "condition")
    return effect == EffectKind::kRequireApproval || effect == EffectKind::kAmendReview ||
           effect == EffectKind::kCondition;
  return true;
}

constexpr std::string_view kOutcomeKeys[] = {"classification", "review_policy", "exception",
                                             "notification",   "wait_days",     "condition"};

}  // namespace

ConditionSpec Loader::LoadCondition(const toml::table& t, std::string_view where) const {
  CheckKeys(t, {"kind", "percent", "ratio", "note"}, where);
  ConditionSpec c;
  const toml::node& kind = Required(t, "kind", where);
  std::string name = NonEmptyString(kind, "kind");
  c.kind = Parsed(kind, ParseConditionKind(name));
  if (const toml::node* percent = t.get("percent")) {
    if (c.kind != ConditionKind::kRevenueShare && c.kind != ConditionKind::kVolumeCap &&
        c.kind != ConditionKind::kImportDuty)
      Fail(*percent, StrCat("'percent' does not apply to condition '", name, "'"));
    c.percent = Number(*percent, "percent");
  } else if (c.kind == ConditionKind::kRevenueShare || c.kind == ConditionKind::kImportDuty) {
    Fail(t.source().begin, StrCat("condition '", name, "' needs 'percent'"));
  }
  if (const toml::node* ratio = t.get("ratio")) {
    if (c.kind != ConditionKind::kDomesticPurchase)
      Fail(*ratio, StrCat("'ratio' does not apply to condition '", name, "'"));
    c.ratio = NonNegative(*ratio, "ratio");
  }
  c.note = OptString(t, "note").value_or("");
  return c;
}

// Reads the outcome keys `t` sets into `outcome`, checking that each applies to `effect`.
void Loader::LoadOutcomeKeys(const toml::table& t, EffectKind effect, Outcome& outcome,
                             std::string_view condition_where, const std::string& path) {
  for (std::string_view key : kOutcomeKeys) {
    const toml::node* node = t.get(key);
    if (node != nullptr && !OutcomeKeyApplies(key, effect))
      Fail(*node, StrCat("'", key, "' does not apply to effect '", EffectKindName(effect), "'"));
  }
  if (const toml::node* node = t.get("classification"))
    outcome.classification = NonEmptyString(*node, "classification");
  if (const toml::node* node = t.get("review_policy"))
    outcome.review_policy = Parsed(*node, ParseReviewPolicy(NonEmptyString(*node, "review_policy")));
  if (const toml::node* node = t.get("exception")) outcome.exception = NonEmptyString(*node, "exception");
  if (const toml::node* node = t.get("notification")) outcome.notification = Bool(*node, "notification");
  if (const toml::node* node = t.get("wait_days")) outcome.wait_days = WholeNumber(*node, "wait_days");
  if (const toml::node* node = t.get("advisory")) outcome.advisory = NonEmptyString(*node, "advisory");
  if (t.get("condition") != nullptr) {
    outcome.conditions.clear();
    for (const toml::table* c : Tables(t, "condition")) {
      Record(*c, StrCat(path, ".condition[", outcome.conditions.size(), "]"));
      outcome.conditions.push_back(LoadCondition(*c, condition_where));
    }
  }
}

// A case: a predicate and the rule's outcome with the keys the case changes.
RuleCase Loader::LoadCase(const toml::table& c, const Rule& rule, const std::string& path) {
  constexpr std::string_view where = "in [[rule.case]]";
  Enter(c, path, where,
        {"when", "effect", "classification", "review_policy", "exception", "notification", "wait_days", "advisory",
         "condition"});
  RuleCase rule_case;
  rule_case.when = PredicateOf(Required(c, "when", where), "when");
  rule_case.outcome = rule.outcome;
  if (const toml::node* node = c.get("effect")) {
    std::string name = NonEmptyString(*node, "effect");
    const EffectKind effect = Parsed(*node, ParseEffectKind(name));
    std::string_view targets = TargetsKey(effect);
    if (!targets.empty() && targets != TargetsKey(rule.outcome.effect))
      Fail(*node, StrCat("a case cannot change the effect to '", name, "': it needs '", targets, "' on the rule"));
    rule_case.outcome.effect = effect;
  }
  LoadOutcomeKeys(c, rule_case.outcome.effect, rule_case.outcome, "in [[rule.case.condition]]", path);
  return rule_case;
}

Rule Loader::LoadRule(const toml::table& t, const std::string& path) {
  constexpr std::string_view where = "in [[rule]]";
  Rule r = Begin<Rule>(t, path, where,
                       {"id",         "jurisdiction", "announced",      "from",          "until",     "until_announced",
                        "compliance", "legal_force",  "citation",       "citations",     "modeled",   "note",
                        "when",       "effect",       "classification", "review_policy", "exception", "notification",
                        "wait_days",  "advisory",     "exception_to",   "amends",        "suspends",  "applies_to",
                        "condition",  "case"});
  r.id = Id(Required(t, "id", where), "id");
  r.jurisdiction = CountryOf(Required(t, "jurisdiction", where), "jurisdiction");
  r.announced = ReqDate(t, "announced", where);
  r.effective = Interval(t, where, /*from_required=*/true);
  if (const toml::node* node = t.get("until_announced")) {
    if (t.get("until") == nullptr) Fail(*node, "'until_announced' needs 'until'");
    r.until_announced = DateOf(*node, "until_announced");
  }
  r.compliance = OptDate(t, "compliance");
  const toml::node& force = Required(t, "legal_force", where);
  r.legal_force = Parsed(force, ParseLegalForce(NonEmptyString(force, "legal_force")));

  // `citation` (one string or a list) is the documented key; `citations` is accepted as its alias.
  if (t.contains("citation") && t.contains("citations"))
    Fail(*t.get("citations"), "give 'citation' or 'citations', not both");
  const std::string_view citation_key = t.contains("citations") ? "citations" : "citation";
  const toml::node& citations = Required(t, citation_key, where);
  if (citations.is_string()) r.citations = {NonEmptyString(citations, citation_key)};
  else r.citations = StringList(t, citation_key, /*unique=*/false);
  r.modeled = OptBool(t, "modeled").value_or(false);
  r.note = OptString(t, "note").value_or("");
  r.when = OptPredicate(t, "when");

  const toml::node& effect_node = Required(t, "effect", where);
  std::string effect_name = NonEmptyString(effect_node, "effect");
  r.outcome.effect = Parsed(effect_node, ParseEffectKind(effect_name));
  // Targets: the one key the effect takes, and none of the others.
  const std::string_view targets_key = TargetsKey(r.outcome.effect);
  for (std::string_view key : {"exception_to", "amends", "suspends", "applies_to"}) {
    const toml::node* node = t.get(key);
    if (node == nullptr) continue;
    if (key != targets_key) Fail(*node, StrCat("'", key, "' does not apply to effect '", effect_name, "'"));
    r.targets = StringList(t, key, /*unique=*/true);
    if (r.targets.empty()) Fail(*node, StrCat("'", key, "' must not be empty"));
  }
  LoadOutcomeKeys(t, r.outcome.effect, r.outcome, "in [[rule.condition]]", path);
  for (const toml::table* c : Tables(t, "case"))
    r.cases.push_back(LoadCase(*c, r, StrCat(path, ".case[", r.cases.size(), "]")));
  return r;
}

RuleEnd Loader::LoadEnd(const toml::table& t, const std::string& path) {
  constexpr std::string_view where = "in [[end]]";
  RuleEnd e = Begin<RuleEnd>(t, path, where, {"rule", "until", "announced"});
  e.rule = ReqString(t, "rule", where);
  e.until = ReqDate(t, "until", where);
  e.announced = OptDate(t, "announced");
  return e;
}

}  // namespace exportctl::internal
