// Small builders for rule packs written in test code.
#ifndef EXPORTCTL_TESTS_TEST_SUPPORT_H_
#define EXPORTCTL_TESTS_TEST_SUPPORT_H_

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "exportctl/exportctl.h"
#include "gtest/gtest.h"

namespace exportctl::testing {

// Ordinary company names for false-positive counts: each first word with ten business words and
// four legal forms (25 first words: 1,000 names).
inline std::vector<std::string> OrdinaryCompanyNames(std::initializer_list<const char*> first) {
  const char* second[] = {"Trading", "Systems",   "Logistics", "Electronics", "Holdings",
                          "Cloud",   "Computing", "Networks",  "Labs",        "Industries"};
  const char* form[] = {"Co., Ltd.", "Inc.", "LLC", "GmbH"};
  std::vector<std::string> names;
  for (const char* a : first)
    for (const char* b : second)
      for (const char* c : form) names.push_back(std::string(a) + " " + b + " " + c);
  return names;
}

// The built-in rule set, compiled once per test program.
inline std::shared_ptr<const RuleSet> BuiltinRules() {
  static const std::shared_ptr<const RuleSet> rules = [] {
    absl::StatusOr<std::shared_ptr<const RuleSet>> r = BuiltinRuleSet();
    EXPECT_TRUE(r.ok()) << r.status();
    return r.ok() ? *r : nullptr;
  }();
  return rules;
}

inline Date D(std::string_view text) {
  absl::StatusOr<Date> d = Date::Parse(text);
  EXPECT_TRUE(d.ok()) << text;
  return d.ok() ? *d : Date();
}

inline Predicate P(std::string_view text) {
  absl::StatusOr<Predicate> p = ParsePredicate(text);
  EXPECT_TRUE(p.ok()) << text << ": " << p.status();
  return p.ok() ? *p : Predicate();
}

// A rule in force from `from` (announced the same day) with one citation.
inline Rule MakeRule(std::string id, std::string_view jurisdiction, std::string_view from, std::string_view when,
                     EffectKind effect) {
  Rule r;
  r.id = std::move(id);
  r.jurisdiction = Country::Of(jurisdiction);
  r.announced = D(from);
  r.effective.from = D(from);
  r.citations = {"test citation"};
  r.when = P(when);
  r.outcome.effect = effect;
  return r;
}

// A pack with the US (classifying 3A090.a/.b, Hong Kong as China, US-origin scope) and CN.
inline RulePack BasePack() {
  RulePack pack;
  pack.info.id = "test";
  pack.info.revision = "1";
  JurisdictionSpec us;
  us.code = Country::Of("US");
  us.scope = P("origin in [US]");
  us.report_out_of_scope = true;
  us.out_of_scope_note = "not of US origin";
  us.treat_as = {{Country::Of("HK"), Country::Of("CN")}};
  us.classifications = {"3A090.a", "3A090.b"};
  JurisdictionSpec cn;
  cn.code = Country::Of("CN");
  cn.scope = P("destination in [CN]");
  pack.jurisdictions = {us, cn};
  CountryGroup d5;
  d5.id = "D:5";
  for (const char* c : {"CN", "MO", "RU"}) d5.members.push_back({Country::Of(c), {}});
  pack.groups = {d5};
  return pack;
}

inline Chip MakeChip(std::string model, double fp8_tops, std::optional<double> die_area, bool datacenter = true,
                     std::string_view origin = "US") {
  Chip c;
  c.model = std::move(model);
  c.vendor = "Test";
  c.origin = Country::Of(origin);
  c.datacenter = datacenter;
  c.tops(Precision::kFp8) = Tops{fp8_tops};
  if (die_area) c.die_area_mm2 = SquareMillimeters{*die_area};
  c.interconnect_gbps = GigabytesPerSecond{900};
  c.memory_bandwidth_gbps = GigabytesPerSecond{3000};
  c.tdp_w = Watts{700};
  return c;
}

inline Sale MakeSale(std::string_view date, Chip chip, std::string_view destination) {
  Sale s;
  s.date = D(date);
  s.item = std::move(chip);
  s.destination = Country::Of(destination);
  return s;
}

inline std::shared_ptr<const RuleSet> MustCompile(const RulePack& pack) {
  absl::StatusOr<std::shared_ptr<const RuleSet>> rs = Compile({pack});
  EXPECT_TRUE(rs.ok()) << rs.status();
  return rs.ok() ? *rs : nullptr;
}

}  // namespace exportctl::testing

#endif  // EXPORTCTL_TESTS_TEST_SUPPORT_H_
