// The built-in catalog (rules/*.toml) against shared/DOMAIN.md: the packs' own [[test]] cases,
// the eight stories and the worked outcomes of DOMAIN §3 through the public API, and the rules
// in force on a date.
#include <algorithm>
#include <cmath>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/str_cat.h"
#include "exportctl/exportctl.h"
#include "exportctl/pack_tests.h"
#include "gtest/gtest.h"

namespace exportctl {
namespace {

Date D(std::string_view text) {
  absl::StatusOr<Date> d = Date::Parse(text);
  EXPECT_TRUE(d.ok()) << text;
  return d.ok() ? *d : Date();
}

const RuleSet& Catalog() {
  static const std::shared_ptr<const RuleSet> rules = [] {
    absl::StatusOr<std::shared_ptr<const RuleSet>> rs = BuiltinRuleSet();
    if (!rs.ok()) {
      ADD_FAILURE() << "the built-in catalog does not compile: " << rs.status();
      return std::shared_ptr<const RuleSet>();
    }
    return *rs;
  }();
  if (rules == nullptr) std::abort();
  return *rules;
}

// Evaluates a contract sale (JSON) with a trace of the rules that fired.
Decision Eval(std::string_view sale_json, std::optional<Date> as_of = std::nullopt) {
  absl::StatusOr<Sale> sale = ParseSaleJson(sale_json, Catalog());
  EXPECT_TRUE(sale.ok()) << sale.status() << "\n" << sale_json;
  if (!sale.ok()) return Decision{.verdict = Verdict::kIndeterminate, .allowed = false};
  EvalOptions options;
  options.as_of = as_of;
  options.trace = TraceLevel::kFired;
  return Evaluate(Catalog(), *sale, options);
}

template <class Range>
std::string Join(const Range& items, std::string_view separator) {
  std::string out;
  bool first = true;
  for (const auto& item : items) {
    if (!first) out.append(separator);
    first = false;
    out.append(std::string_view(item));
  }
  return out;
}

std::string Fired(const Decision& d) {
  std::vector<std::string> ids;
  for (const TraceEntry& t : d.trace)
    if (t.fired) ids.emplace_back(t.rule);
  return Join(ids, ", ");
}

std::string_view V(const Decision& d) { return VerdictName(d.verdict); }

std::string_view JV(const Decision& d, std::string_view code) {
  const JurisdictionDecision* j = d.Find(Country::Of(code));
  return j ? VerdictName(j->verdict) : "absent";
}

std::string_view Review(const Decision& d, std::string_view code = "US") {
  const JurisdictionDecision* j = d.Find(Country::Of(code));
  return j && j->review_policy ? ReviewPolicyName(*j->review_policy) : "none";
}

std::string_view Exception(const Decision& d, std::string_view code = "US") {
  const JurisdictionDecision* j = d.Find(Country::Of(code));
  return j ? j->license_exception : "absent";
}

std::string_view UsClass(const Decision& d) {
  const JurisdictionDecision* j = d.Find(Country::Of("US"));
  if (j == nullptr) return "absent";
  return j->classification.empty() ? "none" : j->classification;
}

const ConditionOut* Cond(const Decision& d, ConditionKind kind, std::string_view rule = {}) {
  for (const ConditionOut& c : d.conditions)
    if (c.kind == kind && (rule.empty() || c.rule == rule)) return &c;
  return nullptr;
}

bool HasAdvisory(const Decision& d, std::string_view code, std::string_view rule, std::string_view text) {
  const JurisdictionDecision* j = d.Find(Country::Of(code));
  if (j == nullptr) return false;
  for (const Advisory& a : j->advisories)
    if (a.rule == rule && (text.empty() || a.text == text)) return true;
  return false;
}

#define EXPECT_FIRED(d, id) EXPECT_TRUE((d).Fired(id)) << (id) << " did not fire; fired: " << Fired(d)
#define EXPECT_NOT_FIRED(d, id) EXPECT_FALSE((d).Fired(id)) << (id) << " fired; fired: " << Fired(d)

// ---------------------------------------------------------------------------------------------
// (a) The packs' own tests
// ---------------------------------------------------------------------------------------------

TEST(CatalogPackTests, EveryPackTestPasses) {
  const std::vector<PackTestResult> results = RunPackTests(Catalog());
  ASSERT_FALSE(results.empty()) << "the built-in packs carry no [[test]]";
  std::vector<std::string> failures;
  for (const PackTestResult& r : results)
    if (!r.passed)
      failures.push_back(absl::StrCat(r.test->location.ToString(), ": ", r.test->name, ": ", r.failure));
  EXPECT_TRUE(failures.empty()) << failures.size() << " of " << results.size() << " pack tests failed:\n  "
                                << Join(failures, "\n  ");
}

TEST(CatalogPackTests, EveryRuleIsExercisedByAPackTest) {
  const std::vector<PackTestResult> results = RunPackTests(Catalog());
  const std::vector<std::string_view> untested = RulesNoTestFires(Catalog(), results);
  // A suspension changes the outcome by switching another rule off; whether the trace names it
  // is the evaluator's choice, so it is not required here.
  std::vector<std::string_view> unexpected;
  for (std::string_view id : untested)
    if (id != "us-affiliates-suspension") unexpected.push_back(id);
  EXPECT_TRUE(unexpected.empty()) << "rules no pack test sees fire: " << Join(unexpected, ", ");
}

TEST(CatalogPackTests, EveryPackCarriesTests) {
  absl::StatusOr<std::vector<RulePack>> packs = BuiltinPacks();
  ASSERT_TRUE(packs.ok()) << packs.status();
  ASSERT_EQ(packs->size(), 4u);
  for (const RulePack& p : *packs) EXPECT_GE(p.tests.size(), 5u) << p.info.source;
}

// ---------------------------------------------------------------------------------------------
// Catalog contents
// ---------------------------------------------------------------------------------------------

TEST(CatalogContents, EighteenChipsWithAliases) {
  EXPECT_EQ(Catalog().chips().size(), 18u);
  const std::vector<std::pair<std::string_view, std::string_view>> aliases = {
      {"H20", "NVIDIA H20"},          {"nvidia h20", "NVIDIA H20"},       {"MI300X", "AMD MI300X"},
      {"MI308", "AMD MI308X"},        {"MI308X", "AMD MI308X"},           {"Ascend 910B", "Huawei Ascend 910B"},
      {"RTX 4090D", "NVIDIA GeForce RTX 4090D"}, {"RTX Pro 6000D", "NVIDIA RTX Pro 6000D"},
      {"A100", "NVIDIA A100"},        {"L40S", "NVIDIA L40S"},            {"Ascend 910C", "Huawei Ascend 910C"}};
  for (const auto& [alias, model] : aliases) {
    const CatalogChip* c = Catalog().FindChip(alias);
    ASSERT_NE(c, nullptr) << alias;
    EXPECT_EQ(c->chip.model, model) << alias;
    EXPECT_FALSE(c->source.empty()) << model;
  }
}

TEST(CatalogContents, ChipFiguresAndDerivedMetrics) {
  const Chip& h20 = Catalog().FindChip("H20")->chip;
  ASSERT_TRUE(h20.tpp().known());
  EXPECT_NEAR(h20.tpp().value->value(), 2368, 1e-9);
  EXPECT_NEAR(h20.performance_density().value->value(), 2.909, 0.001);
  EXPECT_NEAR(h20.efficiency_8bit().value->value(), 0.74, 1e-9);
  EXPECT_EQ(h20.origin, Country::Of("US"));

  EXPECT_NEAR(Catalog().FindChip("L20")->chip.tpp().value->value(), 1912, 1e-9);
  EXPECT_NEAR(Catalog().FindChip("L20")->chip.performance_density().value->value(), 3.14, 0.005);
  EXPECT_NEAR(Catalog().FindChip("L40S")->chip.tpp().value->value(), 5864, 1e-9);
  EXPECT_NEAR(Catalog().FindChip("RTX 4090")->chip.tpp().value->value(), 5284.8, 1e-6);
  EXPECT_NEAR(Catalog().FindChip("MI325X")->chip.tpp().value->value(), 20919.2, 1e-6);
  EXPECT_NEAR(Catalog().FindChip("B200")->chip.tpp().value->value(), 36000, 1e-9);
  EXPECT_NEAR(Catalog().FindChip("H100")->chip.efficiency_8bit().value->value(), 2.827, 0.001);

  // Given by TPP only: no per-precision figure, no efficiency.
  const Chip& d4090 = Catalog().FindChip("RTX 4090D")->chip;
  EXPECT_NEAR(d4090.tpp().value->value(), 4707, 1e-9);
  EXPECT_FALSE(d4090.efficiency_8bit().known());
  EXPECT_EQ(d4090.datacenter, false);
  EXPECT_NEAR(Catalog().FindChip("RTX 5090D")->chip.tpp().value->value(), 4750, 1e-9);

  // Unknown stays unknown.
  const Chip& b200 = Catalog().FindChip("B200")->chip;
  EXPECT_FALSE(b200.die_area_mm2.has_value());
  EXPECT_FALSE(b200.performance_density().known());
  const Chip& mi308 = Catalog().FindChip("MI308X")->chip;
  EXPECT_FALSE(mi308.tpp().known());
  EXPECT_FALSE(mi308.tdp_w.has_value());
  EXPECT_FALSE(mi308.memory_bandwidth_gbps.has_value());
  const Chip& pro = Catalog().FindChip("RTX Pro 6000D")->chip;
  EXPECT_FALSE(pro.tpp().known());
  EXPECT_FALSE(pro.interconnect_gbps.has_value());
  EXPECT_EQ(pro.datacenter, true);
  EXPECT_FALSE(Catalog().FindChip("Ascend 910C")->chip.tdp_w.has_value());
  EXPECT_EQ(Catalog().FindChip("Ascend 910B")->chip.origin, Country::Of("CN"));
}

TEST(CatalogContents, EveryDomainRuleIdExistsWithCitations) {
  for (std::string_view id :
       {"us-2022-3a090", "us-2022-license", "us-2023-early", "us-2023-3a090", "us-2023-license", "us-nac",
        "us-aca", "us-ai-diffusion", "us-h20-informed", "us-h20-share", "us-h200-2026", "us-h200-levy",
        "us-entity-list", "us-affiliates", "cn-dc-energy", "cn-dc-pue", "cn-h20-guidance", "cn-rtxpro6000d",
        "cn-state-funded", "cn-h200-import"}) {
    const Rule* r = Catalog().FindRule(id);
    ASSERT_NE(r, nullptr) << id;
    EXPECT_FALSE(r->citations.empty()) << id;
  }
  for (const Rule& r : Catalog().rules()) {
    EXPECT_FALSE(r.citations.empty()) << r.id;
    if (r.modeled) EXPECT_FALSE(r.note.empty()) << r.id << " is modeled but says nothing about it";
  }
  for (const ParameterSeries& p : Catalog().parameters())
    for (const ParameterValue& v : p.values) EXPECT_FALSE(v.citation.empty()) << p.id;
}

TEST(CatalogContents, DatesAndAnnouncementsFollowDomain) {
  struct Expect {
    std::string_view id, announced, from, until;
  };
  for (const Expect& e : std::vector<Expect>{
           {"us-2022-3a090", "2022-10-07", "2022-10-07", "2023-11-17"},
           {"us-2022-license", "2022-10-07", "2022-10-07", "2023-11-17"},
           {"us-2023-early", "2023-10-23", "2023-10-23", "2023-11-17"},
           {"us-2023-3a090", "2023-10-17", "2023-11-17", ""},
           {"us-2023-license", "2023-10-17", "2023-11-17", ""},
           {"us-nac", "2023-10-17", "2023-11-17", ""},
           {"us-aca", "2024-03-29", "2024-04-04", ""},
           {"us-ai-diffusion", "2025-01-13", "2025-01-15", "2025-05-15"},
           {"us-h20-informed", "2025-04-09", "2025-04-09", ""},
           {"us-h20-share", "2025-08-11", "2025-08-11", ""},
           {"us-h200-2026", "2026-01-13", "2026-01-15", ""},
           {"us-h200-levy", "2025-12-08", "2026-01-15", ""},
           {"us-affiliates", "2025-09-29", "2025-09-29", ""},
           {"us-affiliates-suspension", "2025-11-01", "2025-11-10", "2026-11-10"},
           {"cn-dc-energy", "2025-03-25", "2025-03-25", ""},
           {"cn-dc-pue", "2021-12-08", "2021-12-08", ""},
           {"cn-h20-guidance", "2025-08-12", "2025-08-12", ""},
           {"cn-rtxpro6000d", "2025-09-17", "2025-09-17", ""},
           {"cn-state-funded", "2025-11-05", "2025-11-05", ""},
           {"cn-h200-import", "2026-01-14", "2026-01-14", ""},
       }) {
    const Rule* r = Catalog().FindRule(e.id);
    ASSERT_NE(r, nullptr) << e.id;
    EXPECT_EQ(r->announced.ToString(), e.announced) << e.id;
    EXPECT_EQ(r->effective.from.ToString(), e.from) << e.id;
    EXPECT_EQ(r->effective.until.ToString(), e.until) << e.id;
  }
  const Rule* aid = Catalog().FindRule("us-ai-diffusion");
  ASSERT_TRUE(aid->compliance.has_value());
  EXPECT_EQ(aid->compliance->ToString(), "2025-05-15");
  ASSERT_TRUE(aid->until_announced.has_value());
  EXPECT_EQ(aid->until_announced->ToString(), "2025-05-13");
  EXPECT_EQ(Catalog().FindRule("us-h20-share")->legal_force, LegalForce::kReportedArrangement);
  EXPECT_EQ(Catalog().FindRule("us-h200-levy")->legal_force, LegalForce::kProclamation);
  EXPECT_EQ(Catalog().FindRule("us-h20-informed")->legal_force, LegalForce::kExecutiveAction);
  EXPECT_EQ(Catalog().FindRule("cn-h200-import")->legal_force, LegalForce::kApprovalCondition);
  EXPECT_EQ(Catalog().FindRule("cn-dc-pue")->legal_force, LegalForce::kPlan);
  EXPECT_TRUE(Catalog().FindRule("cn-dc-energy")->modeled);
  EXPECT_TRUE(Catalog().FindRule("us-2022-license")->modeled);
  EXPECT_TRUE(Catalog().FindRule("us-nac")->modeled);
}

TEST(CatalogContents, GroupsAndEntities) {
  std::set<std::string> ids;
  for (const CountryGroup& g : Catalog().groups()) ids.insert(g.id);
  for (const char* id : {"A:5", "A:6", "D:1", "D:4", "D:5"}) EXPECT_TRUE(ids.contains(id)) << id;
  for (const CountryGroup& g : Catalog().groups())
    if (g.id.size() == 3 && g.id[1] == ':') EXPECT_TRUE(g.modeled) << g.id;
  std::set<std::string> entities;
  for (const Entity& e : Catalog().entities()) {
    entities.insert(e.name);
    EXPECT_FALSE(e.listings.empty()) << e.name;
    for (const Listing& l : e.listings) EXPECT_FALSE(l.citation.empty()) << e.name;
  }
  for (const char* name : {"Inspur Group", "Biren Technology", "Moore Threads", "Zhipu AI", "Sophgo", "Nettrix",
                           "Suma Technology", "Suma-USI Electronics"})
    EXPECT_TRUE(entities.contains(name)) << name;
}

// ---------------------------------------------------------------------------------------------
// (b) The stories, through the public API
// ---------------------------------------------------------------------------------------------

TEST(CatalogStory1, H100ToChina) {
  Decision before = Eval(R"({"date":"2022-09-30","item":"H100","destination":"CN"})");
  EXPECT_EQ(V(before), "allowed");
  EXPECT_TRUE(before.allowed);
  EXPECT_EQ(UsClass(before), "none");

  Decision after = Eval(R"({"date":"2022-10-07","item":"H100","destination":"CN"})");
  EXPECT_EQ(V(after), "license_required");
  EXPECT_FALSE(after.allowed);
  EXPECT_EQ(JV(after, "US"), "license_required");
  EXPECT_EQ(JV(after, "CN"), "allowed");
  EXPECT_EQ(Review(after), "presumption_of_denial");
  EXPECT_EQ(UsClass(after), "3A090.a");
  EXPECT_EQ(after.Find(Country::Of("US"))->classification_rule, "us-2022-3a090");
  EXPECT_FIRED(after, "us-2022-3a090");
  EXPECT_FIRED(after, "us-2022-license");
}

TEST(CatalogStory2, H800ToChina) {
  Decision mid2023 = Eval(R"({"date":"2023-06-01","item":"H800","destination":"CN"})");
  EXPECT_EQ(V(mid2023), "allowed");
  EXPECT_EQ(UsClass(mid2023), "none");
  EXPECT_NOT_FIRED(mid2023, "us-2022-3a090");

  Decision nov = Eval(R"({"date":"2023-11-17","item":"H800","destination":"CN"})");
  EXPECT_EQ(V(nov), "license_required");
  EXPECT_EQ(UsClass(nov), "3A090.a");
  EXPECT_EQ(Review(nov), "presumption_of_denial");
  EXPECT_FIRED(nov, "us-2023-3a090");
  EXPECT_FIRED(nov, "us-2023-license");
}

TEST(CatalogStory2, EarlyWindow) {
  EXPECT_EQ(V(Eval(R"({"date":"2023-10-22","item":"H800","destination":"CN"})")), "allowed");
  Decision d = Eval(R"({"date":"2023-10-23","item":"H800","destination":"CN"})");
  EXPECT_EQ(V(d), "license_required");
  EXPECT_EQ(UsClass(d), "3A090.a");
  EXPECT_EQ(d.Find(Country::Of("US"))->classification_rule, "us-2023-early");
  EXPECT_FIRED(d, "us-2023-early");
  EXPECT_FIRED(d, "us-2022-license");
  EXPECT_NOT_FIRED(d, "us-2023-license");
  // The early window uses the 2022 destinations: Saudi Arabia is not one of them.
  EXPECT_EQ(V(Eval(R"({"date":"2023-10-30","item":"H800","destination":"SA"})")), "allowed");
}

TEST(CatalogStory3, A100ToUae) {
  Decision d = Eval(R"({"date":"2024-02-01","item":"A100","destination":"AE"})");
  EXPECT_EQ(V(d), "license_required");
  EXPECT_EQ(JV(d, "US"), "license_required");
  EXPECT_EQ(JV(d, "CN"), "absent");
  EXPECT_EQ(Review(d), "presumption_of_approval");
  EXPECT_EQ(UsClass(d), "3A090.a");
  EXPECT_FIRED(d, "us-2023-license");
}

TEST(CatalogStory4, H20ToChina) {
  Decision d2024 = Eval(R"({"date":"2024-06-01","item":"H20","destination":"CN"})");
  EXPECT_EQ(V(d2024), "allowed");
  EXPECT_EQ(UsClass(d2024), "none");
  ASSERT_TRUE(d2024.tpp.has_value());
  EXPECT_NEAR(d2024.tpp->value(), 2368, 1e-9);
  ASSERT_TRUE(d2024.performance_density.has_value());
  EXPECT_NEAR(d2024.performance_density->value(), 2.909, 0.001);

  Decision apr = Eval(R"({"date":"2025-04-10","item":"H20","destination":"CN"})");
  EXPECT_EQ(V(apr), "license_required");
  EXPECT_EQ(Review(apr), "presumption_of_denial");
  EXPECT_EQ(UsClass(apr), "none");
  EXPECT_FIRED(apr, "us-h20-informed");

  const char* licensed = R"({"date":"2025-08-20","item":"H20","destination":"CN","quantity":1000,
      "unit_price_usd":12000,"licenses":[{"jurisdiction":"US","valid_from":"2025-08-01","items":["H20"]}]})";
  Decision aug = Eval(licensed);
  EXPECT_EQ(V(aug), "allowed_with_conditions") << Fired(aug);
  EXPECT_TRUE(aug.allowed);
  EXPECT_EQ(JV(aug, "US"), "allowed_with_conditions");
  EXPECT_EQ(JV(aug, "CN"), "allowed");
  EXPECT_EQ(Review(aug), "case_by_case");
  EXPECT_TRUE(aug.Find(Country::Of("US"))->licensed);
  EXPECT_EQ(Exception(aug), "");
  const ConditionOut* share = Cond(aug, ConditionKind::kRevenueShare);
  ASSERT_NE(share, nullptr) << Fired(aug);
  EXPECT_EQ(share->rule, "us-h20-share");
  EXPECT_EQ(share->jurisdiction, Country::Of("US"));
  ASSERT_TRUE(share->percent.has_value());
  EXPECT_DOUBLE_EQ(*share->percent, 15);
  ASSERT_TRUE(share->amount_usd.has_value());
  EXPECT_NEAR(*share->amount_usd, 1000 * 12000 * 0.15, 0.005);  // 1,800,000.00
  EXPECT_FIRED(aug, "us-h20-informed");
  EXPECT_FIRED(aug, "us-h20-reversal");
  EXPECT_FIRED(aug, "us-h20-share");
  EXPECT_TRUE(HasAdvisory(aug, "CN", "cn-h20-guidance", "discouraged"));

  Decision newdc = Eval(R"({"date":"2025-08-20","item":"H20","destination":"CN","quantity":1000,
      "unit_price_usd":12000,"end_use":"new_datacenter",
      "licenses":[{"jurisdiction":"US","valid_from":"2025-08-01","items":["H20"]}]})");
  EXPECT_EQ(V(newdc), "prohibited");
  EXPECT_FALSE(newdc.allowed);
  EXPECT_EQ(JV(newdc, "CN"), "prohibited");
  EXPECT_EQ(JV(newdc, "US"), "allowed_with_conditions");
  EXPECT_FIRED(newdc, "cn-dc-energy");
}

TEST(CatalogStory5, RtxPro6000dToChina) {
  Decision d = Eval(R"({"date":"2025-09-18","item":"RTX Pro 6000D","destination":"CN"})");
  EXPECT_EQ(V(d), "prohibited");
  EXPECT_FALSE(d.allowed);
  EXPECT_EQ(JV(d, "CN"), "prohibited");
  EXPECT_FIRED(d, "cn-rtxpro6000d");
  // No TPP is known: the US side cannot be decided, but China's ban outranks that.
  EXPECT_EQ(JV(d, "US"), "indeterminate");
  EXPECT_EQ(UsClass(d), "indeterminate");
}

TEST(CatalogStory6, H200ToChina) {
  Decision unapproved = Eval(R"({"date":"2026-01-16","item":"H200","destination":"CN"})");
  EXPECT_EQ(V(unapproved), "prohibited");
  EXPECT_EQ(JV(unapproved, "CN"), "prohibited");
  EXPECT_EQ(JV(unapproved, "US"), "license_required");
  EXPECT_EQ(Review(unapproved), "case_by_case");
  EXPECT_FIRED(unapproved, "cn-h200-import");
  EXPECT_FIRED(unapproved, "us-h200-2026");

  const std::string base = R"("date":"2026-02-10","item":"H200","destination":"CN","quantity":1000,
      "unit_price_usd":30000,"us_units_shipped":10000,
      "licenses":[{"jurisdiction":"US","valid_from":"2026-02-01","items":["H200"],"quantity":5000}],
      "approvals":[{"jurisdiction":"CN","valid_from":"2026-01-28","items":["H200"],"quantity":100000}])";
  Decision ok = Eval("{" + base + R"(,"buyer":{"name":"Example Cloud Co","headquarters":"CN","sector":"commercial"}})");
  EXPECT_EQ(V(ok), "allowed_with_conditions") << Fired(ok);
  EXPECT_TRUE(ok.allowed);
  EXPECT_EQ(JV(ok, "US"), "allowed_with_conditions");
  EXPECT_EQ(JV(ok, "CN"), "allowed_with_conditions");
  EXPECT_EQ(Review(ok), "case_by_case");
  EXPECT_EQ(UsClass(ok), "3A090.a");
  const ConditionOut* levy = Cond(ok, ConditionKind::kRevenueShare);
  ASSERT_NE(levy, nullptr);
  EXPECT_EQ(levy->rule, "us-h200-levy");
  EXPECT_DOUBLE_EQ(levy->percent.value_or(0), 25);
  ASSERT_TRUE(levy->amount_usd.has_value());
  EXPECT_NEAR(*levy->amount_usd, 1000 * 30000 * 0.25, 0.005);  // 7,500,000.00
  const ConditionOut* cap = Cond(ok, ConditionKind::kVolumeCap);
  ASSERT_NE(cap, nullptr);
  EXPECT_EQ(cap->rule, "us-h200-2026");
  EXPECT_DOUBLE_EQ(cap->percent.value_or(0), 50);
  EXPECT_EQ(cap->max_units.value_or(-1), 5000);
  EXPECT_NE(Cond(ok, ConditionKind::kThirdPartyTesting, "us-h200-2026"), nullptr);
  EXPECT_NE(Cond(ok, ConditionKind::kRemoteAccessKyc, "us-h200-2026"), nullptr);
  const ConditionOut* domestic = Cond(ok, ConditionKind::kDomesticPurchase);
  ASSERT_NE(domestic, nullptr);
  EXPECT_EQ(domestic->rule, "cn-h200-import");
  EXPECT_EQ(domestic->jurisdiction, Country::Of("CN"));
  EXPECT_FALSE(domestic->ratio.has_value());  // unpublished [M]
  EXPECT_NE(Cond(ok, ConditionKind::kApprovalQuantity, "cn-h200-import"), nullptr);
  EXPECT_FIRED(ok, "us-2023-license");
  EXPECT_FIRED(ok, "us-h200-2026");
  EXPECT_FIRED(ok, "us-h200-levy");
  EXPECT_FIRED(ok, "cn-h200-import");

  Decision military = Eval("{" + base + R"(,"buyer":{"name":"Example Institute","headquarters":"CN","sector":"military"}})");
  EXPECT_EQ(V(military), "prohibited");
  EXPECT_FALSE(military.allowed);
  EXPECT_EQ(JV(military, "CN"), "prohibited");
  EXPECT_FIRED(military, "cn-h200-import");
}

TEST(CatalogStory6, ApprovalQuantityAndVolumeCap) {
  Decision over_approval = Eval(R"({"date":"2026-02-10","item":"H200","destination":"CN","quantity":1000,
      "us_units_shipped":10000,"licenses":[{"jurisdiction":"US","valid_from":"2026-02-01"}],
      "approvals":[{"jurisdiction":"CN","valid_from":"2026-01-28","quantity":500}]})");
  EXPECT_EQ(JV(over_approval, "CN"), "prohibited");
  EXPECT_EQ(V(over_approval), "prohibited");

  Decision over_cap = Eval(R"({"date":"2026-02-10","item":"H200","destination":"CN","quantity":1000,
      "us_units_shipped":1000,"licenses":[{"jurisdiction":"US","valid_from":"2026-02-01"}],
      "approvals":[{"jurisdiction":"CN","valid_from":"2026-01-28","quantity":100000}]})");
  EXPECT_EQ(JV(over_cap, "US"), "license_required");
  EXPECT_EQ(V(over_cap), "license_required");
  EXPECT_EQ(Review(over_cap), "case_by_case");
}

TEST(CatalogStory7, L40sToIndia) {
  const char* sale = R"({"date":"2025-06-01","item":"L40S","destination":"IN","quantity":5000})";
  Decision now = Eval(sale);
  EXPECT_EQ(V(now), "allowed");
  EXPECT_EQ(UsClass(now), "3A090.a");
  EXPECT_NOT_FIRED(now, "us-ai-diffusion");

  Decision then = Eval(sale, D("2025-04-01"));
  EXPECT_EQ(V(then), "license_required");
  EXPECT_EQ(Review(then), "presumption_of_approval");
  EXPECT_EQ(Exception(then), "");
  EXPECT_FIRED(then, "us-ai-diffusion");

  EXPECT_EQ(V(Eval(sale, D("2025-05-12"))), "license_required");
  EXPECT_EQ(V(Eval(sale, D("2025-05-13"))), "allowed");

  Decision lpp = Eval(R"({"date":"2025-06-01","item":"L40S","destination":"IN","quantity":1000})", D("2025-04-01"));
  EXPECT_EQ(V(lpp), "allowed");
  EXPECT_EQ(Exception(lpp), "LPP");
}

TEST(CatalogStory8, InspurAffiliate) {
  const char* buyer =
      R"("buyer":{"name":"Example Server GmbH","headquarters":"DE","owners":[{"name":"Inspur Group","percent":51}]})";
  Decision oct = Eval(absl::StrCat(R"({"date":"2025-10-15","item":"L20","destination":"DE",)", buyer, "}"));
  EXPECT_EQ(V(oct), "license_required");
  EXPECT_EQ(JV(oct, "US"), "license_required");
  EXPECT_EQ(Review(oct), "presumption_of_denial");
  EXPECT_EQ(Exception(oct), "");
  EXPECT_EQ(UsClass(oct), "none");
  EXPECT_FIRED(oct, "us-affiliates");
  EXPECT_NOT_FIRED(oct, "us-entity-list");

  Decision jan = Eval(absl::StrCat(R"({"date":"2026-01-15","item":"L20","destination":"DE",)", buyer, "}"));
  EXPECT_EQ(V(jan), "allowed");
  EXPECT_TRUE(jan.allowed);
  EXPECT_NOT_FIRED(jan, "us-affiliates");

  Decision back = Eval(absl::StrCat(R"({"date":"2026-11-10","item":"L20","destination":"DE",)", buyer, "}"));
  EXPECT_EQ(V(back), "license_required");
  EXPECT_TRUE(HasAdvisory(back, "US", "us-affiliates-extension-check", "check for an extension of the suspension"))
      << Fired(back);
}

// ---------------------------------------------------------------------------------------------
// Worked outcomes of DOMAIN §3 and the other flows
// ---------------------------------------------------------------------------------------------

TEST(CatalogWorked, A100AndA800) {
  Decision a100 = Eval(R"({"date":"2022-10-07","item":"A100","destination":"CN"})");
  EXPECT_EQ(V(a100), "license_required");
  EXPECT_EQ(UsClass(a100), "3A090.a");
  Decision a800 = Eval(R"({"date":"2022-10-07","item":"A800","destination":"CN"})");
  EXPECT_EQ(V(a800), "allowed");
  EXPECT_EQ(UsClass(a800), "none");
  for (const char* item : {"A100", "A800"}) {
    Decision d = Eval(absl::StrCat(R"({"date":"2023-11-17","item":")", item, R"(","destination":"CN"})"));
    EXPECT_EQ(UsClass(d), "3A090.a") << item;
    EXPECT_EQ(V(d), "license_required") << item;
    EXPECT_EQ(d.Find(Country::Of("US"))->classification_rule, "us-2023-3a090") << item;
  }
}

TEST(CatalogWorked, Classifications) {
  struct Case {
    const char* item;
    const char* classification;
  };
  for (const Case& c : std::vector<Case>{{"H100", "3A090.a"},
                                         {"H800", "3A090.a"},
                                         {"H200", "3A090.a"},
                                         {"H20", "none"},
                                         {"L20", "none"},
                                         {"RTX 4090", "3A090.a"},
                                         {"RTX 4090D", "none"},
                                         {"RTX 5090D", "none"},
                                         {"L40S", "3A090.a"},
                                         {"MI300X", "3A090.a"},
                                         {"MI325X", "3A090.a"},
                                         {"B200", "3A090.a"},
                                         {"Ascend 910B", "none"}}) {
    Decision d = Eval(absl::StrCat(R"({"date":"2024-06-01","item":")", c.item, R"(","destination":"DE"})"));
    EXPECT_EQ(UsClass(d), c.classification) << c.item;
    ClassifyResult r = Classify(Catalog(), Catalog().FindChip(c.item)->chip, D("2024-06-01"));
    EXPECT_EQ(r.classification, c.classification) << c.item;
  }
  // A 3A090.b chip: TPP 3200 on 800 mm² (PD 4.0).
  Decision b = Eval(R"({"date":"2024-06-01","destination":"CN","item":{"model":"Example B1","vendor":"Example",
      "origin":"US","datacenter":true,"die_area_mm2":800,"dense_tops":{"fp16":200}}})");
  EXPECT_EQ(UsClass(b), "3A090.b");
  EXPECT_EQ(V(b), "notification_required");
  EXPECT_EQ(Exception(b), "NAC");
}

TEST(CatalogWorked, RtxAndNotes) {
  Decision d4090 = Eval(R"({"date":"2024-06-01","item":"RTX 4090","destination":"CN","end_use":"consumer"})");
  EXPECT_EQ(UsClass(d4090), "3A090.a");
  EXPECT_EQ(V(d4090), "notification_required");
  EXPECT_EQ(Exception(d4090), "NAC");
  EXPECT_FIRED(d4090, "us-nac");

  Decision d4090d = Eval(R"({"date":"2024-06-01","item":"RTX 4090D","destination":"CN","end_use":"consumer"})");
  EXPECT_EQ(UsClass(d4090d), "none");  // Note 2
  EXPECT_EQ(V(d4090d), "allowed");
}

TEST(CatalogWorked, H200GateIn2026) {
  Decision mi325 = Eval(R"({"date":"2026-02-10","item":"MI325X","destination":"CN"})");
  EXPECT_EQ(Review(mi325), "case_by_case");
  EXPECT_FIRED(mi325, "us-h200-2026");
  Decision b200 = Eval(R"({"date":"2026-02-10","item":"B200","destination":"CN"})");
  EXPECT_EQ(V(b200), "license_required");
  EXPECT_EQ(Review(b200), "presumption_of_denial");
  EXPECT_NOT_FIRED(b200, "us-h200-2026");
}

TEST(CatalogFlows, NacNotification) {
  Decision none = Eval(R"({"date":"2024-06-01","item":"RTX 4090","destination":"CN","end_use":"consumer"})");
  EXPECT_EQ(V(none), "notification_required");
  EXPECT_EQ(JV(none, "US"), "notification_required");
  EXPECT_EQ(Exception(none), "NAC");
  Decision day25 = Eval(R"({"date":"2024-06-01","item":"RTX 4090","destination":"CN","end_use":"consumer",
      "notifications":[{"exception":"NAC","filed":"2024-05-07"}]})");
  EXPECT_EQ(V(day25), "allowed");
  EXPECT_TRUE(day25.allowed);
  EXPECT_EQ(Exception(day25), "NAC");
  Decision day24 = Eval(R"({"date":"2024-06-01","item":"RTX 4090","destination":"CN","end_use":"consumer",
      "notifications":[{"exception":"NAC","filed":"2024-05-08"}]})");
  EXPECT_EQ(V(day24), "notification_required");
}

TEST(CatalogFlows, Aca) {
  Decision aca = Eval(R"({"date":"2024-06-01","item":"RTX 4090","destination":"SA","end_use":"consumer"})");
  EXPECT_EQ(V(aca), "allowed");
  EXPECT_EQ(Exception(aca), "ACA");
  EXPECT_FIRED(aca, "us-aca");
  Decision before = Eval(R"({"date":"2024-03-01","item":"RTX 4090","destination":"SA","end_use":"consumer"})");
  EXPECT_EQ(V(before), "notification_required");
  EXPECT_EQ(Exception(before), "NAC");
  Decision cn_buyer = Eval(R"({"date":"2024-06-01","item":"RTX 4090","destination":"SA","end_use":"consumer",
      "buyer":{"name":"Example Trading","headquarters":"CN"}})");
  EXPECT_EQ(V(cn_buyer), "notification_required");
  EXPECT_EQ(Exception(cn_buyer), "NAC");
}

TEST(CatalogFlows, BuyerHeadquarteredInChina) {
  Decision d = Eval(R"({"date":"2024-06-01","item":"H100","destination":"DE",
      "buyer":{"name":"Example GmbH","headquarters":"CN"}})");
  EXPECT_EQ(V(d), "license_required");
  EXPECT_EQ(Review(d), "presumption_of_denial");
  EXPECT_EQ(Exception(d), "");
  EXPECT_EQ(V(Eval(R"({"date":"2024-06-01","item":"H100","destination":"DE"})")), "allowed");
}

TEST(CatalogFlows, DestinationsIsraelMacauHongKong) {
  EXPECT_EQ(V(Eval(R"({"date":"2024-06-01","item":"H100","destination":"IL"})")), "allowed");
  EXPECT_EQ(V(Eval(R"({"date":"2024-06-01","item":"H100","destination":"VN"})")), "license_required");
  EXPECT_EQ(V(Eval(R"({"date":"2023-01-17","item":"A100","destination":"MO"})")), "allowed");
  Decision mo = Eval(R"({"date":"2023-01-18","item":"A100","destination":"MO"})");
  EXPECT_EQ(V(mo), "license_required");
  EXPECT_FIRED(mo, "us-2022-license");
  Decision hk = Eval(R"({"date":"2022-10-07","item":"H100","destination":"HK"})");
  EXPECT_EQ(V(hk), "license_required");
  EXPECT_EQ(Review(hk), "presumption_of_denial");
  EXPECT_EQ(JV(hk, "CN"), "absent");  // China's import rules reach the mainland only
}

TEST(CatalogFlows, EntityList) {
  Decision d = Eval(R"({"date":"2024-01-01","item":"RTX 4090","destination":"CN",
      "buyer":{"name":"Biren Technology Co., Ltd.","headquarters":"CN"},
      "notifications":[{"exception":"NAC","filed":"2023-11-20"}]})");
  EXPECT_EQ(V(d), "license_required");
  EXPECT_EQ(Review(d), "presumption_of_denial");
  EXPECT_EQ(Exception(d), "");  // no exception for a listed buyer
  EXPECT_FIRED(d, "us-entity-list");
  Decision before = Eval(R"({"date":"2023-10-16","item":"L20","destination":"CN",
      "buyer":{"name":"Biren Technology","headquarters":"CN"}})");
  EXPECT_EQ(V(before), "allowed");
}

TEST(CatalogFlows, ChinaSide) {
  Decision pue = Eval(R"({"date":"2024-06-01","item":"Ascend 910B","destination":"CN","end_use":"new_datacenter",
      "datacenter":{"pue":1.3}})");
  EXPECT_EQ(V(pue), "prohibited");
  EXPECT_FIRED(pue, "cn-dc-pue");
  EXPECT_EQ(V(Eval(R"({"date":"2024-06-01","item":"Ascend 910B","destination":"CN","end_use":"new_datacenter",
      "datacenter":{"pue":1.28}})")), "allowed");
  EXPECT_EQ(V(Eval(R"({"date":"2024-06-01","item":"Ascend 910B","destination":"CN","end_use":"new_datacenter",
      "datacenter":{"pue":1.28,"national_hub":true}})")), "prohibited");

  Decision funded = Eval(R"({"date":"2025-11-05","item":"L20","destination":"CN","end_use":"state_funded_datacenter"})");
  EXPECT_EQ(V(funded), "prohibited");
  EXPECT_FIRED(funded, "cn-state-funded");

  const char* h20 = R"({"date":"2025-09-01","item":"H20","destination":"CN","quantity":10,"unit_price_usd":12000,
      "licenses":[{"jurisdiction":"US","valid_from":"2025-08-08"}],"buyer":{"sector":"%s"}})";
  auto with_sector = [&](std::string_view sector) {
    std::string json = h20;
    json.replace(json.find("%s"), 2, sector);
    return Eval(json);
  };
  Decision commercial = with_sector("commercial");
  EXPECT_EQ(V(commercial), "allowed_with_conditions");
  EXPECT_EQ(JV(commercial, "CN"), "allowed");
  EXPECT_TRUE(HasAdvisory(commercial, "CN", "cn-h20-guidance", "discouraged"));
  Decision state = with_sector("state_owned");
  EXPECT_EQ(V(state), "prohibited");
  EXPECT_EQ(JV(state, "CN"), "prohibited");
  EXPECT_FALSE(HasAdvisory(state, "CN", "cn-h20-guidance", "discouraged"));
}

TEST(CatalogFlows, ChineseOriginIsNotSubjectToTheEar) {
  Decision d = Eval(R"({"date":"2025-06-01","item":"Ascend 910B","destination":"CN"})");
  EXPECT_EQ(V(d), "allowed");
  EXPECT_EQ(JV(d, "US"), "allowed");
  EXPECT_EQ(UsClass(d), "none");
  const JurisdictionDecision* us = d.Find(Country::Of("US"));
  ASSERT_NE(us, nullptr);
  EXPECT_FALSE(us->in_scope);
  EXPECT_FALSE(us->note.empty());
}

// ---------------------------------------------------------------------------------------------
// (c) Rules in force on a date
// ---------------------------------------------------------------------------------------------

std::set<std::string> InForce(std::string_view date, std::optional<Date> as_of = std::nullopt) {
  std::set<std::string> ids;
  for (const Rule* r : Catalog().RulesInForce(D(date), as_of)) {
    EXPECT_FALSE(r->citations.empty()) << r->id;
    ids.insert(r->id);
  }
  return ids;
}

TEST(CatalogRulesInForce, OnDates) {
  const std::set<std::string> before = InForce("2022-10-06");
  EXPECT_FALSE(before.contains("us-2022-license"));
  EXPECT_TRUE(before.contains("cn-dc-pue"));

  const std::set<std::string> y2022 = InForce("2022-10-07");
  EXPECT_TRUE(y2022.contains("us-2022-3a090"));
  EXPECT_TRUE(y2022.contains("us-2022-license"));
  EXPECT_FALSE(y2022.contains("us-2023-3a090"));

  const std::set<std::string> early = InForce("2023-10-23");
  EXPECT_TRUE(early.contains("us-2023-early"));
  EXPECT_TRUE(early.contains("us-2022-license"));

  const std::set<std::string> y2024 = InForce("2024-06-01");
  for (const char* id : {"us-2023-3a090", "us-2023-license", "us-nac", "us-aca", "us-entity-list", "cn-dc-pue"})
    EXPECT_TRUE(y2024.contains(id)) << id;
  for (const char* id : {"us-2022-3a090", "us-2022-license", "us-2023-early", "us-h20-informed"})
    EXPECT_FALSE(y2024.contains(id)) << id;

  // AI Diffusion: never in force, but seen by a query as known before 2025-05-13.
  EXPECT_FALSE(InForce("2025-06-01").contains("us-ai-diffusion"));
  EXPECT_TRUE(InForce("2025-06-01", D("2025-04-01")).contains("us-ai-diffusion"));
  EXPECT_FALSE(InForce("2025-06-01", D("2025-05-13")).contains("us-ai-diffusion"));

  const std::set<std::string> suspended = InForce("2026-01-15");
  for (const char* id : {"us-affiliates", "us-affiliates-suspension", "us-h200-2026", "us-h200-levy",
                         "cn-h200-import", "cn-state-funded", "cn-rtxpro6000d", "cn-h20-guidance",
                         "us-h20-share"})
    EXPECT_TRUE(suspended.contains(id)) << id;
  const std::set<std::string> after = InForce("2026-11-10");
  EXPECT_FALSE(after.contains("us-affiliates-suspension"));
  EXPECT_TRUE(after.contains("us-affiliates-extension-check"));

  // As known on 2026-01-12, the January 2026 rule had not been announced.
  EXPECT_FALSE(InForce("2026-02-10", D("2026-01-12")).contains("us-h200-2026"));
}

}  // namespace
}  // namespace exportctl
