// Classify, Timeline and ComputeHeadroom against the built-in catalog, and Timeline against a
// day-by-day evaluation.
#include "exportctl/queries.h"

#include <string>
#include <string_view>
#include <vector>

#include "exportctl/exportctl.h"
#include "gtest/gtest.h"
#include "status_matchers.h"
#include "test_support.h"

namespace exportctl {
namespace {

using testing::IsOk;

using ::exportctl::testing::D;

std::shared_ptr<const RuleSet> Builtin() {
  static const std::shared_ptr<const RuleSet> rules = [] {
    absl::StatusOr<std::shared_ptr<const RuleSet>> r = BuiltinRuleSet();
    EXPECT_THAT(r, IsOk());
    return r.ok() ? *r : nullptr;
  }();
  return rules;
}

Chip CatalogChipNamed(const RuleSet& rules, std::string_view name) {
  const CatalogChip* c = rules.FindChip(name);
  EXPECT_NE(c, nullptr) << name;
  return c ? c->chip : Chip{};
}

// What Timeline promises stays the same within a segment.
std::string Key(const Decision& d) {
  std::string k(VerdictName(d.verdict));
  for (const JurisdictionDecision& j : d.jurisdictions) {
    k += "|" + j.jurisdiction.ToString() + ":" + std::string(VerdictName(j.verdict));
    if (j.review_policy) k += "/" + std::string(ReviewPolicyName(*j.review_policy));
    k += "/" + std::string(j.license_exception);
    for (const Advisory& a : j.advisories) k += "/" + std::string(a.rule) + "=" + std::string(a.text);
  }
  for (const ConditionOut& c : d.conditions) {
    k += "|" + std::string(ConditionKindName(c.kind)) + "@" + c.jurisdiction.ToString();
    if (c.percent) k += "=" + std::to_string(*c.percent);
  }
  return k;
}

void ExpectTimelineMatchesDays(const RuleSet& rules, const Sale& sale, Date from, Date to,
                               const EvalOptions& options = {}) {
  absl::StatusOr<std::vector<TimelineSegment>> segments = Timeline(rules, sale, from, to, options);
  ASSERT_THAT(segments, IsOk());
  ASSERT_FALSE(segments->empty());
  EXPECT_EQ(segments->front().interval.from, from);
  EXPECT_EQ(segments->back().interval.until, to.AddDays(1));
  for (size_t i = 1; i < segments->size(); ++i) {
    EXPECT_EQ((*segments)[i].interval.from, (*segments)[i - 1].interval.until);
    EXPECT_NE(Key((*segments)[i].decision), Key((*segments)[i - 1].decision))
        << "adjacent segments should differ at " << (*segments)[i].interval.from.ToString();
  }
  Sale day = sale;
  size_t s = 0;
  for (Date d = from; d <= to; d = d.AddDays(1)) {
    while (!(*segments)[s].interval.Contains(d)) ++s;
    day.date = d;
    const Decision decision = Evaluate(rules, day, options);
    ASSERT_EQ(Key(decision), Key((*segments)[s].decision))
        << sale.item.model << " to " << sale.destination.ToString() << " on " << d.ToString();
  }
}

TEST(TimelineTest, SegmentsAgreeWithEveryDay) {
  std::shared_ptr<const RuleSet> rules = Builtin();
  ASSERT_NE(rules, nullptr);
  for (const char* item : {"H20", "H100", "A800", "RTX 4090", "MI325X", "RTX Pro 6000D"}) {
    for (const char* destination : {"CN", "AE", "DE", "MO"}) {
      Sale sale;
      sale.item = CatalogChipNamed(*rules, item);
      sale.destination = Country::Of(destination);
      ExpectTimelineMatchesDays(*rules, sale, D("2022-01-01"), D("2026-12-31"));
    }
  }
}

TEST(TimelineTest, SaleDatesAndKnowledgeDatesAreChangePoints) {
  std::shared_ptr<const RuleSet> rules = Builtin();
  ASSERT_NE(rules, nullptr);
  Sale sale;
  sale.item = CatalogChipNamed(*rules, "RTX 4090");
  sale.destination = Country::Of("CN");
  sale.buyer.headquarters = Country::Of("CN");
  sale.notifications.push_back({"NAC", D("2024-02-03")});
  Authorization license;
  license.jurisdiction = Country::Of("US");
  license.valid_from = D("2025-03-01");
  license.valid_until = D("2025-10-01");
  sale.licenses.push_back(license);
  ExpectTimelineMatchesDays(*rules, sale, D("2023-06-01"), D("2026-06-30"));

  Sale h20;
  h20.item = CatalogChipNamed(*rules, "H20");
  h20.destination = Country::Of("CN");
  ExpectTimelineMatchesDays(*rules, h20, D("2025-01-01"), D("2025-12-31"),
                            {.as_of = D("2025-07-13"), .trace = TraceLevel::kNone});
}

TEST(TimelineTest, RejectsAnInvertedRange) {
  std::shared_ptr<const RuleSet> rules = Builtin();
  ASSERT_NE(rules, nullptr);
  Sale sale;
  sale.item = CatalogChipNamed(*rules, "H20");
  sale.destination = Country::Of("CN");
  EXPECT_EQ(Timeline(*rules, sale, D("2025-01-02"), D("2025-01-01")).status().code(),
            absl::StatusCode::kInvalidArgument);
  absl::StatusOr<std::vector<TimelineSegment>> one = Timeline(*rules, sale, D("2025-01-01"), D("2025-01-01"));
  ASSERT_THAT(one, IsOk());
  ASSERT_EQ(one->size(), 1u);
  EXPECT_EQ(one->front().interval.until, D("2025-01-02"));
}

TEST(TimelineTest, NamesTheRulesThatFired) {
  std::shared_ptr<const RuleSet> rules = Builtin();
  ASSERT_NE(rules, nullptr);
  Sale sale;
  sale.item = CatalogChipNamed(*rules, "H20");
  sale.destination = Country::Of("CN");
  absl::StatusOr<std::vector<TimelineSegment>> segments = Timeline(*rules, sale, D("2022-01-01"), D("2025-12-31"));
  ASSERT_THAT(segments, IsOk());
  ASSERT_GE(segments->size(), 2u);
  EXPECT_EQ((*segments)[0].interval, (DateInterval{D("2022-01-01"), D("2025-04-09")}));
  EXPECT_EQ((*segments)[0].decision.verdict, Verdict::kAllowed);
  EXPECT_EQ((*segments)[1].interval.from, D("2025-04-09"));
  EXPECT_EQ((*segments)[1].decision.verdict, Verdict::kLicenseRequired);
  const std::vector<std::string_view>& fired = (*segments)[1].rules;
  EXPECT_NE(std::find(fired.begin(), fired.end(), "us-h20-informed"), fired.end());
}

TEST(ClassifyTest, CatalogChips) {
  std::shared_ptr<const RuleSet> rules = Builtin();
  ASSERT_NE(rules, nullptr);
  ClassifyResult a800 = Classify(*rules, CatalogChipNamed(*rules, "A800"), D("2023-11-17"));
  EXPECT_EQ(a800.classification, "3A090.a");
  EXPECT_EQ(a800.rule, "us-2023-3a090");
  EXPECT_TRUE(a800.missing.empty());
  ClassifyResult a100 = Classify(*rules, CatalogChipNamed(*rules, "A100"), D("2022-10-07"));
  EXPECT_EQ(a100.classification, "3A090.a");
  EXPECT_EQ(a100.rule, "us-2022-3a090");
  EXPECT_EQ(Classify(*rules, CatalogChipNamed(*rules, "A800"), D("2023-01-01")).classification, "none");
  EXPECT_EQ(Classify(*rules, CatalogChipNamed(*rules, "H20"), D("2025-09-01")).classification, "none");
  // Not subject to the EAR before the GP10 guidance; 3A090.a by its specs from then on.
  EXPECT_EQ(Classify(*rules, CatalogChipNamed(*rules, "Ascend 910B"), D("2025-05-12")).classification, "none");
  EXPECT_EQ(Classify(*rules, CatalogChipNamed(*rules, "Ascend 910B"), D("2025-09-01")).classification, "3A090.a");

  Chip no_area;
  no_area.model = "No Area";
  no_area.origin = Country::Of("US");
  no_area.datacenter = true;
  no_area.tpp_direct = Tpp(3000);
  ClassifyResult open = Classify(*rules, no_area, D("2024-06-01"));
  EXPECT_EQ(open.classification, "indeterminate");
  EXPECT_TRUE(open.missing.contains(Spec::kDieArea));
}

TEST(HeadroomTest, BoundsOfTheContract) {
  std::shared_ptr<const RuleSet> rules = Builtin();
  ASSERT_NE(rules, nullptr);
  const Country cn = Country::Of("CN");
  Headroom h = ComputeHeadroom(*rules, cn, D("2024-06-01"), true, SquareMillimeters(814));
  ASSERT_TRUE(h.tpp_below.has_value());
  EXPECT_DOUBLE_EQ(h.tpp_below->value(), 2400);
  EXPECT_EQ(h.rule, "us-2023-3a090");
  ASSERT_TRUE(h.pd_below.has_value());
  EXPECT_NEAR(h.pd_below->value(), 2400.0 / 814, 1e-9);

  // Unknown interconnect: the 2022 bound that holds whatever it is.
  h = ComputeHeadroom(*rules, cn, D("2022-11-01"), true, std::nullopt);
  ASSERT_TRUE(h.tpp_below.has_value());
  EXPECT_DOUBLE_EQ(h.tpp_below->value(), 4800);
  EXPECT_EQ(h.rule, "us-2022-3a090");
  EXPECT_FALSE(h.pd_below.has_value());

  // Unknown die area in 2024: TPP 1600 with a small enough die is 3A090.a.
  h = ComputeHeadroom(*rules, cn, D("2024-06-01"), true, std::nullopt);
  ASSERT_TRUE(h.tpp_below.has_value());
  EXPECT_DOUBLE_EQ(h.tpp_below->value(), 1600);

  // Consumer chips: Note 2 keeps them out below 4800.
  h = ComputeHeadroom(*rules, cn, D("2024-06-01"), false, SquareMillimeters(609));
  ASSERT_TRUE(h.tpp_below.has_value());
  EXPECT_DOUBLE_EQ(h.tpp_below->value(), 4800);

  // Before the 2022 rule nothing spec-based limits a sale to China; Germany is never limited.
  EXPECT_FALSE(ComputeHeadroom(*rules, cn, D("2022-01-01"), true, SquareMillimeters(814)).tpp_below.has_value());
  EXPECT_FALSE(ComputeHeadroom(*rules, Country::Of("DE"), D("2024-06-01"), true, std::nullopt).tpp_below.has_value());
}

}  // namespace
}  // namespace exportctl
