// A jurisdiction whose scope reads only the route (destination, exported_from, transit) and
// does not report out of scope is passed over without its setup when the route misses it
// (compile/compiled.h, RouteScope). That shortcut must answer as the scope does: with dated
// group membership, as_of, treat_as, and an in_scope rule that widens the scope.
#include <optional>
#include <string_view>

#include "exportctl/evaluate.h"
#include "gtest/gtest.h"
#include "test_support.h"

namespace exportctl {
namespace {

using testing::BasePack;
using testing::D;
using testing::MakeChip;
using testing::MakeRule;
using testing::MakeSale;
using testing::MustCompile;
using testing::P;

// BasePack plus Singapore's jurisdiction: in scope for sales to its "HUB" group (Germany from
// 2025-01-01 to 2026-01-01; Hong Kong, treated as China), or leaving from or passing through
// Singapore.
RulePack RoutePack(bool with_in_scope_rule) {
  RulePack pack = BasePack();
  JurisdictionSpec sg;
  sg.code = Country::Of("SG");
  sg.scope = P("destination in [HUB] or exported_from in [SG] or transit in [SG]");
  sg.treat_as = {{Country::Of("HK"), Country::Of("CN")}};
  pack.jurisdictions.push_back(sg);
  CountryGroup hub;
  hub.id = "HUB";
  hub.members.push_back({Country::Of("DE"), {D("2025-01-01"), D("2026-01-01")}});
  hub.members.push_back({Country::Of("CN"), {}});
  pack.groups.push_back(hub);
  if (with_in_scope_rule)  // Japan brought into scope by a rule, from 2025-01-01
    pack.rules.push_back(MakeRule("sg-japan", "SG", "2025-01-01", "destination in [JP]", EffectKind::kInScope));
  return pack;
}

bool HasSingapore(const RuleSet& rules, std::string_view date, std::string_view destination,
                  std::string_view exported_from = "US", std::optional<std::string_view> transit = std::nullopt,
                  std::optional<std::string_view> as_of = std::nullopt) {
  Sale sale = MakeSale(date, MakeChip("X1", 100, 800), destination);
  sale.exported_from = Country::Of(exported_from);
  if (transit) sale.transit = {Country::Of(*transit)};
  EvalOptions options;
  if (as_of) options.as_of = D(*as_of);
  const Decision d = Evaluate(rules, sale, options);
  for (const JurisdictionDecision& jd : d.jurisdictions)
    if (jd.jurisdiction == Country::Of("SG")) return true;
  return false;
}

TEST(RouteScopeTest, DatedGroupMembershipDecidesAsTheScopeDoes) {
  const auto rules = MustCompile(RoutePack(false));
  EXPECT_FALSE(HasSingapore(*rules, "2024-06-01", "DE"));
  EXPECT_TRUE(HasSingapore(*rules, "2025-06-01", "DE"));
  EXPECT_FALSE(HasSingapore(*rules, "2026-06-01", "DE"));
  EXPECT_FALSE(HasSingapore(*rules, "2025-06-01", "FR"));
}

TEST(RouteScopeTest, AsOfSeesMembershipAsKnownThen) {
  const auto rules = MustCompile(RoutePack(false));
  EXPECT_FALSE(HasSingapore(*rules, "2025-06-01", "DE", "US", std::nullopt, "2024-06-01"));
  EXPECT_TRUE(HasSingapore(*rules, "2025-06-01", "DE", "US", std::nullopt, "2025-02-01"));
}

TEST(RouteScopeTest, ExportedFromTransitAndTreatAs) {
  const auto rules = MustCompile(RoutePack(false));
  EXPECT_TRUE(HasSingapore(*rules, "2024-06-01", "FR", "SG"));
  EXPECT_TRUE(HasSingapore(*rules, "2024-06-01", "FR", "US", "SG"));
  EXPECT_FALSE(HasSingapore(*rules, "2024-06-01", "FR", "US", "MY"));
  EXPECT_TRUE(HasSingapore(*rules, "2024-06-01", "HK"));  // Hong Kong as China, a HUB member
}

TEST(RouteScopeTest, AnInScopeRuleWidensTheScope) {
  const auto rules = MustCompile(RoutePack(true));
  EXPECT_TRUE(HasSingapore(*rules, "2025-06-01", "JP"));
  EXPECT_FALSE(HasSingapore(*rules, "2024-06-01", "JP"));  // before the rule
  EXPECT_TRUE(HasSingapore(*rules, "2025-06-01", "DE"));
}

}  // namespace
}  // namespace exportctl
