// The main demo: the built-in catalog answers the questions compliance teams asked from 2022 to
// 2026, each with its verdict and the rules that produced it.
#include <cstdio>
#include <string>
#include <vector>

#include "exportctl/exportctl.h"

namespace {

struct Question {
  const char* title;
  const char* sale_json;
  const char* as_of = nullptr;
};

const std::vector<Question> kQuestions = {
    {"H100 to China, a week before the October 2022 rule", R"({"date":"2022-09-30","item":"H100","destination":"CN"})"},
    {"H100 to China, the day the 2022 rule took effect", R"({"date":"2022-10-07","item":"H100","destination":"CN"})"},
    {"H800 (interconnect 400 GB/s) to China, mid-2023", R"({"date":"2023-06-01","item":"H800","destination":"CN"})"},
    {"H800 to China under the 2023 rule", R"({"date":"2023-11-17","item":"H800","destination":"CN"})"},
    {"A100 to the UAE, 2024", R"({"date":"2024-02-01","item":"A100","destination":"AE"})"},
    {"H20 to China, 2024", R"({"date":"2024-06-01","item":"H20","destination":"CN"})"},
    {"H20 to China after the April 2025 license letter", R"({"date":"2025-04-10","item":"H20","destination":"CN"})"},
    {"H20 to China with a US license, August 2025",
     R"({"date":"2025-08-20","item":"H20","destination":"CN","quantity":1000,"unit_price_usd":12000,
        "licenses":[{"jurisdiction":"US","valid_from":"2025-08-08","items":["H20"]}]})"},
    {"H20 for a new datacenter in China",
     R"({"date":"2025-08-20","item":"H20","destination":"CN","end_use":"new_datacenter",
        "licenses":[{"jurisdiction":"US","valid_from":"2025-08-08","items":["H20"]}]})"},
    {"RTX Pro 6000D to China, September 2025", R"({"date":"2025-09-18","item":"RTX Pro 6000D","destination":"CN"})"},
    {"H200 to China without a Chinese approval", R"({"date":"2026-01-16","item":"H200","destination":"CN",
        "licenses":[{"jurisdiction":"US","valid_from":"2026-01-15"}]})"},
    {"H200 to China with both sides' approvals",
     R"({"date":"2026-02-10","item":"H200","destination":"CN","quantity":10000,"unit_price_usd":30000,
        "buyer":{"name":"Example Cloud Co","headquarters":"CN","sector":"commercial"},
        "licenses":[{"jurisdiction":"US","valid_from":"2026-01-20"}],
        "approvals":[{"jurisdiction":"CN","valid_from":"2026-01-28","quantity":100000}]})"},
    {"5,000 L40S to India as known on 2025-04-01 (AI Diffusion, over the LPP allowance)",
     R"({"date":"2025-06-01","item":"L40S","destination":"IN","quantity":5000})", "2025-04-01"},
    {"5,000 L40S to India, as it turned out",
     R"({"date":"2025-06-01","item":"L40S","destination":"IN","quantity":5000})"},
    {"L20 to a German buyer 51 % owned by Inspur Group, October 2025",
     R"({"date":"2025-10-15","item":"L20","destination":"DE","buyer":{"name":"Example GmbH","owners":[{"name":"Inspur Group","percent":51}]}})"},
    {"The same, January 2026 (affiliates rule suspended)",
     R"({"date":"2026-01-15","item":"L20","destination":"DE","buyer":{"name":"Example GmbH","owners":[{"name":"Inspur Group","percent":51}]}})"},
};

void Print(const exportctl::Decision& d) {
  std::printf("  verdict: %s\n", std::string(exportctl::VerdictName(d.verdict)).c_str());
  for (const exportctl::JurisdictionDecision& j : d.jurisdictions) {
    std::printf("    %s: %s", j.jurisdiction.ToString().c_str(),
                std::string(exportctl::VerdictName(j.verdict)).c_str());
    if (!j.classification.empty()) std::printf(", class %s", std::string(j.classification).c_str());
    if (j.review_policy) std::printf(", %s", std::string(exportctl::ReviewPolicyName(*j.review_policy)).c_str());
    if (!j.license_exception.empty()) std::printf(", exception %s", std::string(j.license_exception).c_str());
    if (j.licensed) std::printf(", licensed");
    for (const exportctl::Advisory& a : j.advisories)
      std::printf(", advisory %s: %s", std::string(a.rule).c_str(), std::string(a.text).c_str());
    std::printf("\n");
  }
  for (const exportctl::ConditionOut& c : d.conditions) {
    std::printf("    condition %s (%s)", std::string(exportctl::ConditionKindName(c.kind)).c_str(),
                std::string(c.rule).c_str());
    if (c.percent) std::printf(" %g %%", *c.percent);
    if (c.amount_usd) std::printf(" = $%.2f", *c.amount_usd);
    if (c.max_units) std::printf(", at most %lld units", static_cast<long long>(*c.max_units));
    std::printf("\n");
  }
  for (const exportctl::TraceEntry& t : d.trace) {
    std::printf("    because %s (%s): %s%s%s\n", std::string(t.rule).c_str(),
                std::string(exportctl::LegalForceName(t.legal_force)).c_str(),
                std::string(exportctl::TraceEffectName(t.effect)).c_str(), t.detail.empty() ? "" : " ",
                t.detail.c_str());
  }
}

}  // namespace

int main() {
  absl::StatusOr<std::shared_ptr<const exportctl::RuleSet>> rules = exportctl::BuiltinRuleSet();
  if (!rules.ok()) {
    std::fprintf(stderr, "demo: %s\n", std::string(rules.status().message()).c_str());
    return 1;
  }
  std::printf("exportctl demo: built-in catalog, %zu rules, %zu chips, rule set %s\n\n", (*rules)->rules().size(),
              (*rules)->chips().size(), (*rules)->content_hash_hex().c_str());
  for (const Question& q : kQuestions) {
    absl::StatusOr<exportctl::Sale> sale = exportctl::ParseSaleJson(q.sale_json, **rules);
    if (!sale.ok()) {
      std::fprintf(stderr, "demo: %s: %s\n", q.title, std::string(sale.status().message()).c_str());
      return 1;
    }
    exportctl::EvalOptions options{.trace = exportctl::TraceLevel::kFired};
    if (q.as_of) options.as_of = *exportctl::Date::Parse(q.as_of);
    std::printf("%s\n", q.title);
    Print(exportctl::Evaluate(**rules, *sale, options));
    std::printf("\n");
  }
  return 0;
}
