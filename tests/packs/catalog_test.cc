// The built-in catalog (rules/*.toml) against its legal model, docs/law.md: the packs' own
// [[test]] cases, the eight stories and the worked outcomes of docs/law.md §3, §3b, §4 and §8
// through the public API, and the rules in force on a date.
#include <algorithm>
#include <cctype>
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
#include "status_matchers.h"

namespace exportctl {
namespace {

using testing::IsOk;

Date D(std::string_view text) {
  absl::StatusOr<Date> d = Date::Parse(text);
  EXPECT_THAT(d, IsOk()) << text;
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
    if (!r.passed) failures.push_back(absl::StrCat(r.test->location.ToString(), ": ", r.test->name, ": ", r.failure));
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
  ASSERT_THAT(packs, IsOk());
  ASSERT_EQ(packs->size(), 5u);
  for (const RulePack& p : *packs) EXPECT_GE(p.tests.size(), 5u) << p.info.source;
}

// ---------------------------------------------------------------------------------------------
// Catalog contents
// ---------------------------------------------------------------------------------------------

TEST(CatalogContents, NineteenChipsWithAliases) {
  // The 18 chips of docs/law.md §7 and the Ascend 910D, named by the GP10 rules (no figures).
  EXPECT_EQ(Catalog().chips().size(), 19u);
  const std::vector<std::pair<std::string_view, std::string_view>> aliases = {{"H20", "NVIDIA H20"},
                                                                              {"nvidia h20", "NVIDIA H20"},
                                                                              {"MI300X", "AMD MI300X"},
                                                                              {"MI308", "AMD MI308X"},
                                                                              {"MI308X", "AMD MI308X"},
                                                                              {"Ascend 910B", "Huawei Ascend 910B"},
                                                                              {"RTX 4090D", "NVIDIA GeForce RTX 4090D"},
                                                                              {"RTX Pro 6000D", "NVIDIA RTX Pro 6000D"},
                                                                              {"A100", "NVIDIA A100"},
                                                                              {"L40S", "NVIDIA L40S"},
                                                                              {"Ascend 910C", "Huawei Ascend 910C"},
                                                                              {"Ascend 910D", "Huawei Ascend 910D"}};
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
  // 784 GB/s is the Ascend 910C's die-to-die link inside the package, not chip-to-chip: unknown.
  EXPECT_FALSE(Catalog().FindChip("Ascend 910C")->chip.interconnect_gbps.has_value());
  // The Ascend 910D: CN origin, datacenter [M], no figure known (never 0).
  const CatalogChip* d910 = Catalog().FindChip("Ascend 910D");
  ASSERT_NE(d910, nullptr);
  EXPECT_EQ(d910->chip.origin, Country::Of("CN"));
  EXPECT_EQ(d910->chip.datacenter, true);
  EXPECT_TRUE(d910->modeled);
  EXPECT_FALSE(d910->chip.tpp().known());
  EXPECT_FALSE(d910->chip.die_area_mm2.has_value());
  EXPECT_FALSE(d910->chip.memory_bandwidth_gbps.has_value());
  // The RTX Pro 6000D's DRAM figure (reported only as "below 1.4 TB/s") is modeled.
  EXPECT_TRUE(Catalog().FindChip("RTX Pro 6000D")->modeled);
}

TEST(CatalogContents, EveryDomainRuleIdExistsWithCitations) {
  for (std::string_view id : {"us-2022-informed",
                              "us-2022-3a090",
                              "us-2022-license",
                              "us-2023-early",
                              "us-2023-early-license",
                              "us-2023-3a090",
                              "us-2023-license",
                              "us-nac",
                              "us-nac-no-notification",
                              "us-aca",
                              "us-ai-diffusion",
                              "us-ai-diffusion-lpp",
                              "us-ai-diffusion-gao",
                              "us-gp10-prc-scope",
                              "us-gp10-prc",
                              "us-h20-informed",
                              "us-h20-reversal",
                              "us-h20-share",
                              "us-h200-2026",
                              "us-chip-duty",
                              "us-chip-duty-announced",
                              "us-entity-list",
                              "us-affiliates",
                              "us-affiliates-tgl7",
                              "us-affiliates-suspension",
                              "us-affiliates-extension-check",
                              "us-embargo-cu",
                              "us-embargo-ir",
                              "us-embargo-kp",
                              "us-embargo-sy",
                              "us-embargo-sy-2025",
                              "us-russia",
                              "us-belarus",
                              "cn-dc-energy",
                              "cn-dc-pue",
                              "cn-h20-guidance",
                              "cn-rtxpro6000d",
                              "cn-state-funded",
                              "cn-h200-import",
                              "cn-xinchuang"}) {
    const Rule* r = Catalog().FindRule(id);
    ASSERT_NE(r, nullptr) << id;
    EXPECT_FALSE(r->citations.empty()) << id;
  }
  // The 25 % "levy" was wrong in scope and kind: us-chip-duty replaces it.
  EXPECT_EQ(Catalog().FindRule("us-h200-levy"), nullptr);
  for (const Rule& r : Catalog().rules()) {
    EXPECT_FALSE(r.citations.empty()) << r.id;
    if (r.modeled) EXPECT_FALSE(r.note.empty()) << r.id << " is modeled but says nothing about it";
  }
  for (const ParameterSeries& p : Catalog().parameters())
    for (const ParameterValue& v : p.values) EXPECT_FALSE(v.citation.empty()) << p.id;
}

// Lower-case copy, for case-insensitive searches.
std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// No placeholder citation ("verify", "to verify", the invented 88 FR 12170) and no reference to
// files a user of the repository does not have: the packs cite docs/law.md.
TEST(CatalogContents, NoPlaceholderCitationsOrPrivateReferences) {
  auto check = [](std::string_view what, std::string_view text) {
    const std::string lower = Lower(text);
    EXPECT_EQ(lower.find("verify"), std::string::npos) << what << ": " << text;
    EXPECT_EQ(lower.find("12170"), std::string::npos) << what << ": " << text;
    EXPECT_EQ(lower.find("domain"), std::string::npos) << what << ": " << text;
    EXPECT_EQ(lower.find("contract.md"), std::string::npos) << what << ": " << text;
    EXPECT_EQ(lower.find("../shared"), std::string::npos) << what << ": " << text;
  };
  for (const Rule& r : Catalog().rules()) {
    for (const std::string& c : r.citations) check(r.id, c);
    check(r.id, r.note);
  }
  for (const ParameterSeries& p : Catalog().parameters())
    for (const ParameterValue& v : p.values) check(p.id, v.citation);
  for (const CountryGroup& g : Catalog().groups()) check(g.id, g.citation);
  for (const CatalogChip& c : Catalog().chips()) check(c.chip.model, c.source);
  for (const Entity& e : Catalog().entities())
    for (const Listing& l : e.listings) check(e.name, l.citation);
}

TEST(CatalogContents, DatesAndAnnouncementsFollowDomain) {
  struct Expect {
    std::string_view id, announced, from, until;
  };
  for (const Expect& e : std::vector<Expect>{
           {"us-2022-3a090", "2022-10-07", "2022-10-07", "2023-11-17"},
           {"us-2022-license", "2022-10-07", "2022-10-07", "2023-11-17"},
           {"us-2022-informed", "2022-08-31", "2022-08-26", "2022-10-07"},
           {"us-2023-early", "2023-10-24", "2023-10-23", "2023-11-17"},
           {"us-2023-early-license", "2023-10-24", "2023-10-23", "2023-11-17"},
           {"us-2023-3a090", "2023-10-17", "2023-11-17", ""},
           {"us-2023-license", "2023-10-17", "2023-11-17", ""},
           {"us-nac", "2023-10-17", "2023-11-17", ""},
           {"us-nac-no-notification", "2023-10-17", "2023-11-17", "2024-04-04"},
           {"us-aca", "2024-03-29", "2024-04-04", ""},
           {"us-ai-diffusion", "2025-01-13", "2025-01-13", "2025-05-15"},
           {"us-ai-diffusion-lpp", "2025-01-13", "2025-01-13", "2025-05-15"},
           {"us-ai-diffusion-gao", "2026-05-12", "2026-05-12", ""},
           {"us-gp10-prc-scope", "2025-05-13", "2025-05-13", ""},
           {"us-gp10-prc", "2025-05-13", "2025-05-13", ""},
           {"us-h20-informed", "2025-04-09", "2025-04-09", ""},
           {"us-h20-share", "2025-08-11", "2025-08-11", ""},
           {"us-h200-2026", "2026-01-13", "2026-01-15", ""},
           {"us-chip-duty", "2026-01-14", "2026-01-15", ""},
           {"us-chip-duty-announced", "2025-12-08", "2025-12-08", "2026-01-15"},
           {"us-entity-list", "1400-01-01", "1400-01-01", ""},  // per entry: the rule always, each listing its dates
           {"us-affiliates", "2025-09-29", "2025-09-29", ""},
           {"us-affiliates-tgl7", "2025-09-29", "2025-09-29", "2025-11-28"},
           {"us-affiliates-suspension", "2025-11-01", "2025-11-10", "2026-11-10"},
           {"cn-dc-energy", "2025-03-25", "2025-03-25", ""},
           {"cn-dc-pue", "2021-12-08", "2021-12-08", ""},
           {"cn-h20-guidance", "2025-08-12", "2025-08-12", ""},
           {"cn-rtxpro6000d", "2025-09-17", "2025-09-17", ""},
           {"cn-state-funded", "2025-11-05", "2025-11-05", ""},
           {"cn-h200-import", "2026-01-14", "2026-01-14", ""},
           {"cn-xinchuang", "2025-12-10", "2025-12-10", ""},
           {"us-russia", "2022-02-24", "2022-02-24", ""},
           {"us-belarus", "2022-03-02", "2022-03-02", ""},
           {"us-embargo-sy-2025", "2025-06-30", "2025-06-30", ""},
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
  EXPECT_EQ(Catalog().FindRule("us-chip-duty")->legal_force, LegalForce::kProclamation);
  EXPECT_EQ(Catalog().FindRule("us-h20-informed")->legal_force, LegalForce::kExecutiveAction);
  EXPECT_EQ(Catalog().FindRule("cn-h200-import")->legal_force, LegalForce::kApprovalCondition);
  EXPECT_EQ(Catalog().FindRule("cn-dc-pue")->legal_force, LegalForce::kPlan);
  EXPECT_TRUE(Catalog().FindRule("cn-dc-energy")->modeled);
  EXPECT_TRUE(Catalog().FindRule("us-2022-license")->modeled);
  EXPECT_TRUE(Catalog().FindRule("us-nac")->modeled);
  EXPECT_TRUE(Catalog().FindRule("us-2022-informed")->modeled);
  EXPECT_TRUE(Catalog().FindRule("us-gp10-prc")->modeled);
  EXPECT_TRUE(Catalog().FindRule("us-russia")->modeled);
  EXPECT_TRUE(Catalog().FindRule("us-chip-duty")->modeled);
  // The country-wide embargoes are in force at every date: [-inf, inf).
  for (const char* id : {"us-embargo-cu", "us-embargo-ir", "us-embargo-kp", "us-embargo-sy"}) {
    const Rule* r = Catalog().FindRule(id);
    ASSERT_NE(r, nullptr) << id;
    EXPECT_EQ(r->effective.from, Date::Earliest()) << id;
    EXPECT_TRUE(r->effective.open_ended()) << id;
  }
  // The days the ends became known.
  struct End {
    std::string_view id, until_announced;
  };
  for (const End& e : std::vector<End>{{"us-2022-informed", "2022-10-07"},
                                       {"us-2022-3a090", "2023-10-17"},
                                       {"us-2022-license", "2023-10-17"},
                                       {"us-2023-early", "2023-10-24"},
                                       {"us-2023-early-license", "2023-10-24"},
                                       {"us-nac-no-notification", "2024-03-29"},
                                       {"us-ai-diffusion", "2025-05-13"},
                                       {"us-ai-diffusion-lpp", "2025-05-13"},
                                       {"us-chip-duty-announced", "2026-01-14"},
                                       {"us-affiliates-tgl7", "2025-09-29"},
                                       {"us-affiliates-suspension", "2025-11-01"}}) {
    const Rule* r = Catalog().FindRule(e.id);
    ASSERT_NE(r, nullptr) << e.id;
    ASSERT_TRUE(r->until_announced.has_value()) << e.id;
    EXPECT_EQ(r->until_announced->ToString(), e.until_announced) << e.id;
  }
}

// Every rule with an end carries the day its end became known; as known on the day before (when
// the rule itself was already known), the rule is still seen after its end.
TEST(CatalogContents, EveryEndedRuleSaysWhenItsEndBecameKnown) {
  for (const Rule& r : Catalog().rules()) {
    if (r.effective.open_ended()) continue;
    ASSERT_TRUE(r.until_announced.has_value()) << r.id << " has an end but no until_announced";
    const Date day_before = r.until_announced->AddDays(-1);
    if (day_before < r.announced) continue;  // the end was known as soon as the rule was
    std::set<std::string> seen;
    for (const Rule* in_force : Catalog().RulesInForce(r.effective.until.AddDays(10), day_before))
      seen.insert(in_force->id);
    EXPECT_TRUE(seen.contains(r.id)) << r.id << ": as of " << day_before.ToString() << " a day after its end";
  }
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
  for (const char* name : {"Huawei Technologies Co., Ltd.", "Semiconductor Manufacturing International Corporation",
                           "Inspur Group", "Biren Technology", "Moore Threads", "Zhipu AI", "Sophgo", "Nettrix",
                           "Suma Technology", "Suma-USI Electronics"})
    EXPECT_TRUE(entities.contains(name)) << name;
  // Macau is a member of the 2022 destinations from 2023-01-17 (88 FR 2821's effective date).
  bool macau = false;
  for (const CountryGroup& g : Catalog().groups())
    if (g.id == "US:2022-DEST")
      for (const GroupMember& m : g.members)
        if (m.country == Country::Of("MO")) {
          macau = true;
          EXPECT_EQ(m.interval.from.ToString(), "2023-01-17");
        }
  EXPECT_TRUE(macau);
}

// ---------------------------------------------------------------------------------------------
// (b) The stories, through the public API
// ---------------------------------------------------------------------------------------------

TEST(CatalogStory1, H100ToChina) {
  Decision before = Eval(R"({"date":"2022-08-25","item":"H100","destination":"CN"})");
  EXPECT_EQ(V(before), "allowed");
  EXPECT_TRUE(before.allowed);
  EXPECT_EQ(UsClass(before), "none");

  // The is-informed letter of 2022-08-26: a license before the H100 is 3A090.
  Decision letter = Eval(R"({"date":"2022-09-30","item":"H100","destination":"CN"})");
  EXPECT_EQ(V(letter), "license_required");
  EXPECT_FALSE(letter.allowed);
  EXPECT_EQ(UsClass(letter), "none");
  EXPECT_EQ(Review(letter), "presumption_of_denial");
  EXPECT_FIRED(letter, "us-2022-informed");

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
  EXPECT_FIRED(d, "us-2023-early-license");
  EXPECT_FIRED(d, "us-2022-license");
  EXPECT_NOT_FIRED(d, "us-2023-license");
  // The early window applies the 2023 rule's destinations at once: Saudi Arabia is one of them.
  Decision sa = Eval(R"({"date":"2023-10-30","item":"H800","destination":"SA"})");
  EXPECT_EQ(V(sa), "license_required");
  EXPECT_EQ(Review(sa), "presumption_of_approval");
  EXPECT_FIRED(sa, "us-2023-early-license");
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
      "unit_price_usd":30000,"us_units_shipped":10000,"us_import_value_usd":20000000,
      "licenses":[{"jurisdiction":"US","valid_from":"2026-02-01","items":["H200"],"quantity":5000}],
      "approvals":[{"jurisdiction":"CN","valid_from":"2026-01-28","items":["H200"],"quantity":100000}])";
  Decision ok = Eval("{" + base + R"(,"buyer":{"name":"Example Cloud Co","headquarters":"CN","sector":"commercial"}})");
  EXPECT_EQ(V(ok), "allowed_with_conditions") << Fired(ok);
  EXPECT_TRUE(ok.allowed);
  EXPECT_EQ(JV(ok, "US"), "allowed_with_conditions");
  EXPECT_EQ(JV(ok, "CN"), "allowed_with_conditions");
  EXPECT_EQ(Review(ok), "case_by_case");
  EXPECT_EQ(UsClass(ok), "3A090.a");
  // The 25 % is a Section 232 import duty on the customs value at US import, not a revenue share.
  EXPECT_EQ(Cond(ok, ConditionKind::kRevenueShare), nullptr);
  const ConditionOut* duty = Cond(ok, ConditionKind::kImportDuty);
  ASSERT_NE(duty, nullptr);
  EXPECT_EQ(duty->rule, "us-chip-duty");
  EXPECT_EQ(duty->jurisdiction, Country::Of("US"));
  EXPECT_DOUBLE_EQ(duty->percent.value_or(0), 25);
  ASSERT_TRUE(duty->amount_usd.has_value());
  EXPECT_NEAR(*duty->amount_usd, 20000000 * 0.25, 0.005);  // 5,000,000.00
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
  EXPECT_FIRED(ok, "us-chip-duty");
  EXPECT_FIRED(ok, "cn-h200-import");

  Decision military =
      Eval("{" + base + R"(,"buyer":{"name":"Example Institute","headquarters":"CN","sector":"military"}})");
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
// Worked outcomes of docs/law.md §3 and the other flows
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
  // Without its BIS authorization number a notification does not cover the sale, however old.
  Decision day25 = Eval(R"({"date":"2024-06-01","item":"RTX 4090","destination":"CN","end_use":"consumer",
      "notifications":[{"exception":"NAC","filed":"2024-05-07"}]})");
  EXPECT_EQ(V(day25), "notification_required");
  EXPECT_FALSE(day25.allowed);
  EXPECT_EQ(Exception(day25), "NAC");
  ASSERT_EQ(day25.not_applied.size(), 1u);
  EXPECT_EQ(day25.not_applied[0].kind, NotApplied::Kind::kNotification);
  EXPECT_EQ(day25.not_applied[0].index, 0u);
  EXPECT_EQ(day25.not_applied[0].reason, NotApplied::Reason::kNoAuthorization);
  Decision day24 = Eval(R"({"date":"2024-06-01","item":"RTX 4090","destination":"CN","end_use":"consumer",
      "notifications":[{"exception":"NAC","filed":"2024-05-08"}]})");
  EXPECT_EQ(V(day24), "notification_required");

  Decision authorized = Eval(R"({"date":"2024-06-01","item":"RTX 4090","destination":"CN","end_use":"consumer",
      "notifications":[{"exception":"NAC","filed":"2024-05-20","authorization":"A123456"}]})");
  EXPECT_EQ(V(authorized), "allowed");
  EXPECT_TRUE(authorized.allowed);
  EXPECT_EQ(Exception(authorized), "NAC");
  EXPECT_TRUE(authorized.not_applied.empty());
  Decision same_day = Eval(R"({"date":"2024-06-01","item":"RTX 4090","destination":"CN","end_use":"consumer",
      "notifications":[{"exception":"NAC","filed":"2024-06-01","authorization":"A123456"}]})");
  EXPECT_EQ(V(same_day), "notification_required");
  ASSERT_EQ(same_day.not_applied.size(), 1u);
  EXPECT_EQ(same_day.not_applied[0].reason, NotApplied::Reason::kFiledOnOrAfterSale);
}

TEST(CatalogFlows, Aca) {
  Decision aca = Eval(R"({"date":"2024-06-01","item":"RTX 4090","destination":"SA","end_use":"consumer"})");
  EXPECT_EQ(V(aca), "allowed");
  EXPECT_EQ(Exception(aca), "ACA");
  EXPECT_FIRED(aca, "us-aca");
  // Before 2024-04-04 the same path was NAC without notification.
  Decision before = Eval(R"({"date":"2024-03-01","item":"RTX 4090","destination":"SA","end_use":"consumer"})");
  EXPECT_EQ(V(before), "allowed");
  EXPECT_TRUE(before.allowed);
  EXPECT_EQ(Exception(before), "NAC");
  EXPECT_FIRED(before, "us-nac-no-notification");
  EXPECT_NOT_FIRED(before, "us-nac");
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
  EXPECT_EQ(V(Eval(R"({"date":"2023-01-16","item":"A100","destination":"MO"})")), "allowed");
  Decision mo = Eval(R"({"date":"2023-01-17","item":"A100","destination":"MO"})");
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
      "datacenter":{"pue":1.28}})")),
            "allowed");
  EXPECT_EQ(V(Eval(R"({"date":"2024-06-01","item":"Ascend 910B","destination":"CN","end_use":"new_datacenter",
      "datacenter":{"pue":1.28,"national_hub":true}})")),
            "prohibited");

  Decision funded =
      Eval(R"({"date":"2025-11-05","item":"L20","destination":"CN","end_use":"state_funded_datacenter"})");
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
  Decision d = Eval(R"({"date":"2025-05-12","item":"Ascend 910B","destination":"CN"})");
  EXPECT_EQ(V(d), "allowed");
  EXPECT_EQ(JV(d, "US"), "allowed");
  EXPECT_EQ(UsClass(d), "none");
  const JurisdictionDecision* us = d.Find(Country::Of("US"));
  ASSERT_NE(us, nullptr);
  EXPECT_FALSE(us->in_scope);
  EXPECT_FALSE(us->note.empty());
}

TEST(CatalogFlows, Gp10BringsTheAscendChipsIntoScope) {
  Decision d = Eval(R"({"date":"2025-06-01","item":"Ascend 910B","destination":"CN"})");
  EXPECT_EQ(V(d), "license_required");
  EXPECT_FALSE(d.allowed);
  EXPECT_EQ(JV(d, "US"), "license_required");
  EXPECT_EQ(JV(d, "CN"), "allowed");
  EXPECT_EQ(Review(d), "presumption_of_denial");
  const JurisdictionDecision* us = d.Find(Country::Of("US"));
  ASSERT_NE(us, nullptr);
  EXPECT_TRUE(us->in_scope);
  EXPECT_FIRED(d, "us-gp10-prc-scope");
  EXPECT_FIRED(d, "us-gp10-prc");

  // Acquisition solely for technical evaluation is excepted from GP10, and from GP10 only: the
  // chip stays subject to the EAR (allowed in Germany; the 3A090 license to China).
  Decision eval = Eval(R"({"date":"2025-06-01","item":"Ascend 910B","destination":"DE","end_use":"evaluation"})");
  EXPECT_EQ(V(eval), "allowed");
  EXPECT_TRUE(eval.allowed);
  EXPECT_NOT_FIRED(eval, "us-gp10-prc");
  Decision eval_cn = Eval(R"({"date":"2025-06-01","item":"Ascend 910B","destination":"CN","end_use":"evaluation"})");
  EXPECT_EQ(V(eval_cn), "license_required");
  EXPECT_FIRED(eval_cn, "us-2023-license");
  EXPECT_NOT_FIRED(eval_cn, "us-gp10-prc");

  for (const char* item : {"Ascend 910C", "Ascend 910D"}) {
    Decision other = Eval(absl::StrCat(R"({"date":"2025-05-13","item":")", item, R"(","destination":"DE"})"));
    EXPECT_EQ(V(other), "license_required") << item;
    EXPECT_FIRED(other, "us-gp10-prc");
    EXPECT_EQ(V(Eval(absl::StrCat(R"({"date":"2025-05-12","item":")", item, R"(","destination":"DE"})"))), "allowed")
        << item;
  }
}

// The answers docs/law.md §8 corrected, through the public API.
TEST(CatalogRevision, WorkedCorrections) {
  // §8.2: the is-informed letter of 2022-08-26.
  Decision a100 = Eval(R"({"date":"2022-09-15","item":"A100","destination":"CN"})");
  EXPECT_EQ(V(a100), "license_required");
  EXPECT_FIRED(a100, "us-2022-informed");
  EXPECT_EQ(V(Eval(R"({"date":"2022-08-25","item":"A100","destination":"CN"})")), "allowed");

  // §8.1: Macau from 2023-01-17.
  EXPECT_EQ(V(Eval(R"({"date":"2023-01-17","item":"A100","destination":"MO"})")), "license_required");
  EXPECT_EQ(V(Eval(R"({"date":"2023-01-16","item":"A100","destination":"MO"})")), "allowed");

  // §8.3: the early window's destinations.
  EXPECT_EQ(V(Eval(R"({"date":"2023-10-30","item":"H100","destination":"SA"})")), "license_required");
  EXPECT_EQ(V(Eval(R"({"date":"2023-10-22","item":"H100","destination":"SA"})")), "allowed");

  // §8.4: NAC without notification before 2024-04-04.
  Decision rtx = Eval(R"({"date":"2024-03-01","item":"RTX 4090","destination":"SA","end_use":"consumer"})");
  EXPECT_EQ(V(rtx), "allowed");
  EXPECT_EQ(Exception(rtx), "NAC");

  // §8.8: the country-wide controls.
  Decision iran = Eval(R"({"date":"2022-06-01","item":"H100","destination":"IR"})");
  EXPECT_EQ(V(iran), "license_required");
  EXPECT_FALSE(iran.allowed);
  EXPECT_EQ(Review(iran), "presumption_of_denial");
  EXPECT_FIRED(iran, "us-embargo-ir");
  EXPECT_EQ(V(Eval(R"({"date":"2022-02-24","item":"H100","destination":"RU"})")), "license_required");
  EXPECT_EQ(V(Eval(R"({"date":"2022-02-23","item":"H100","destination":"RU"})")), "allowed");

  // §8.6: no duty and no revenue share on a licensed H100; the import duty on a licensed H200.
  Decision h100 = Eval(R"({"date":"2026-02-10","item":"H100","destination":"CN","quantity":100,
      "unit_price_usd":25000,"us_units_shipped":10000,"us_import_value_usd":2000000,
      "licenses":[{"jurisdiction":"US","valid_from":"2026-02-01"}]})");
  EXPECT_TRUE(h100.allowed) << V(h100);
  EXPECT_EQ(Cond(h100, ConditionKind::kImportDuty), nullptr);
  EXPECT_EQ(Cond(h100, ConditionKind::kRevenueShare), nullptr);
  EXPECT_NOT_FIRED(h100, "us-chip-duty");
  Decision h200 = Eval(R"({"date":"2026-02-10","item":"H200","destination":"CN","quantity":100,
      "unit_price_usd":30000,"us_units_shipped":10000,"us_import_value_usd":2500000,
      "licenses":[{"jurisdiction":"US","valid_from":"2026-02-01"}],
      "approvals":[{"jurisdiction":"CN","valid_from":"2026-01-28","quantity":100000}]})");
  EXPECT_EQ(V(h200), "allowed_with_conditions");
  const ConditionOut* duty = Cond(h200, ConditionKind::kImportDuty, "us-chip-duty");
  ASSERT_NE(duty, nullptr);
  EXPECT_DOUBLE_EQ(duty->percent.value_or(0), 25);
  ASSERT_TRUE(duty->amount_usd.has_value());
  EXPECT_NEAR(*duty->amount_usd, 625000, 0.005);
  EXPECT_EQ(Cond(h200, ConditionKind::kRevenueShare), nullptr);
  // Without us_import_value_usd the duty is listed with no amount.
  Decision no_value = Eval(R"({"date":"2026-02-10","item":"H200","destination":"MO","us_units_shipped":10000,
      "licenses":[{"jurisdiction":"US","valid_from":"2026-02-01"}]})");
  const ConditionOut* open = Cond(no_value, ConditionKind::kImportDuty, "us-chip-duty");
  ASSERT_NE(open, nullptr);
  EXPECT_FALSE(open->amount_usd.has_value());

  // §8.9: Huawei and SMIC on the Entity List.
  for (const char* buyer : {"Huawei Technologies Co., Ltd.", "Huawei Technologies", "SMIC"}) {
    Decision d = Eval(absl::StrCat(R"({"date":"2024-06-01","item":"L20","destination":"CN","buyer":{"name":")", buyer,
                                   R"(","headquarters":"CN"}})"));
    EXPECT_EQ(V(d), "license_required") << buyer;
    EXPECT_FIRED(d, "us-entity-list");
  }

  // §8.11: advisories.
  Decision xin = Eval(R"({"date":"2025-12-10","item":"L20","destination":"CN","buyer":{"sector":"government"}})");
  EXPECT_EQ(V(xin), "allowed");
  EXPECT_TRUE(HasAdvisory(xin, "CN", "cn-xinchuang", "domestic preferred (Xinchuang)"));
  Decision syria = Eval(R"({"date":"2025-06-30","item":"H20","destination":"SY"})");
  EXPECT_TRUE(
      HasAdvisory(syria, "US", "us-embargo-sy-2025", "Syria controls were revised in 2025: check the current 746.9"));
  EXPECT_TRUE(
      HasAdvisory(Eval(R"({"date":"2026-05-12","item":"L40S","destination":"IN"})"), "US", "us-ai-diffusion-gao", ""));
  EXPECT_TRUE(HasAdvisory(Eval(R"({"date":"2025-10-15","item":"L20","destination":"DE","buyer":{"name":"Example GmbH",
      "headquarters":"DE","owners":[{"name":"Inspur Group","percent":51}]}})"),
                          "US", "us-affiliates-tgl7", ""));

  // cn-h200-import: a military end use counts like a military buyer.
  Decision military = Eval(R"({"date":"2026-02-10","item":"H200","destination":"CN","end_use":"military",
      "us_units_shipped":10000,"licenses":[{"jurisdiction":"US","valid_from":"2026-02-01"}],
      "approvals":[{"jurisdiction":"CN","valid_from":"2026-01-28","quantity":100000}]})");
  EXPECT_EQ(JV(military, "CN"), "prohibited");
}

// The issue's as-of example: the 2022 rule's end became known with the 2023 rule (2023-10-17).
TEST(CatalogRevision, AsKnownBeforeThe2023Rule) {
  Decision d = Eval(R"({"date":"2024-06-01","item":"H100","destination":"CN"})", D("2023-03-02"));
  EXPECT_EQ(V(d), "license_required");
  EXPECT_EQ(UsClass(d), "3A090.a");
  EXPECT_FIRED(d, "us-2022-license");
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
  EXPECT_TRUE(before.contains("us-2022-informed"));
  EXPECT_TRUE(before.contains("cn-dc-pue"));
  for (const char* id : {"us-embargo-cu", "us-embargo-ir", "us-embargo-kp", "us-embargo-sy", "us-russia", "us-belarus",
                         "us-entity-list"})
    EXPECT_TRUE(before.contains(id)) << id;
  EXPECT_FALSE(InForce("2022-10-07").contains("us-2022-informed"));

  const std::set<std::string> y2022 = InForce("2022-10-07");
  EXPECT_TRUE(y2022.contains("us-2022-3a090"));
  EXPECT_TRUE(y2022.contains("us-2022-license"));
  EXPECT_FALSE(y2022.contains("us-2023-3a090"));

  const std::set<std::string> early = InForce("2023-10-23");
  EXPECT_TRUE(early.contains("us-2023-early"));
  EXPECT_TRUE(early.contains("us-2023-early-license"));
  EXPECT_TRUE(early.contains("us-2022-license"));

  EXPECT_TRUE(InForce("2024-04-03").contains("us-nac-no-notification"));
  EXPECT_FALSE(InForce("2024-04-04").contains("us-nac-no-notification"));
  // As known on 2024-03-28, NAC without notification had no known end.
  EXPECT_TRUE(InForce("2024-04-10", D("2024-03-28")).contains("us-nac-no-notification"));

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
  for (const char* id : {"us-affiliates", "us-affiliates-suspension", "us-h200-2026", "us-chip-duty", "cn-h200-import",
                         "cn-state-funded", "cn-rtxpro6000d", "cn-h20-guidance", "us-h20-share"})
    EXPECT_TRUE(suspended.contains(id)) << id;
  const std::set<std::string> after = InForce("2026-11-10");
  EXPECT_FALSE(after.contains("us-affiliates-suspension"));
  EXPECT_TRUE(after.contains("us-affiliates-extension-check"));

  // As known on 2026-01-12, the January 2026 rule had not been announced.
  EXPECT_FALSE(InForce("2026-02-10", D("2026-01-12")).contains("us-h200-2026"));
}

}  // namespace
}  // namespace exportctl
