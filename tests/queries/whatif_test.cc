// The what-if overlay examples/whatif/lower_tpp.toml: the 3A090.a TPP threshold drops from 4800 to
// 3000 on 2027-01-01. Checks which catalog chips change US classification and verdict to China on
// 2027-02-01, against figures worked out by hand from docs/law.md §7, and that the overlay's own
// [[test]] cases pass.
//
// By hand (datacenter chips: 3A090.a iff TPP >= T or (TPP >= 1600 and PD >= 5.92); Note 2 takes
// consumer chips with TPP < T out of 3A090; T = 4800 before, 3000 after):
//   - chips with TPP >= 4800 (A100/A800 4992, H100/H800/H200 15832, B200 36000, L40S 5864,
//     RTX 4090 5284.8, MI300X/MI325X 20919.2) are 3A090.a either way;
//   - H20 (2368, PD 2.91) and L20 (1912, PD 3.14) are below 3000 and below every PD test: none
//     either way (3A090.b.1 needs TPP >= 2400 with PD >= 1.6; 3A090.b.2 needs PD >= 3.2);
//   - RTX 4090D (consumer, 4707) and RTX 5090D (consumer, 4750) have 3000 <= TPP < 4800: Note 2
//     exempts them at 4800, not at 3000, so they become 3A090.a (consumer: NAC with a notification
//     to China, a D:5 destination);
//   - no catalog datacenter chip has 3000 <= TPP < 4800, so no 3A090.b chip changes;
//   - RTX Pro 6000D and MI308X have no TPP: indeterminate either way; Huawei chips are CN origin but
//     under the US rules from 2025-05-13 (GP10 guidance).
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "exportctl/exportctl.h"
#include "gtest/gtest.h"
#include "status_matchers.h"

namespace exportctl {
namespace {

using testing::IsOk;

const char kOverlayPath[] = EXPORTCTL_SOURCE_DIR "/examples/whatif/lower_tpp.toml";

struct Outcome {
  std::string classification;  // US
  std::string us_verdict;
  std::string verdict;  // overall
  friend bool operator==(const Outcome&, const Outcome&) = default;
};

std::ostream& operator<<(std::ostream& os, const Outcome& o) {
  return os << "{US class " << o.classification << ", US " << o.us_verdict << ", overall " << o.verdict << "}";
}

struct Expected {
  Outcome before;
  Outcome after;
};

// Every catalog chip, to CN on 2027-02-01, no license, default buyer: by hand from docs/law.md §7.
const std::map<std::string, Expected>& ExpectedByChip() {
  static const auto* table = [] {
    const Outcome a_denied{"3A090.a", "license_required", "license_required"};
    const Outcome none_allowed{"none", "allowed", "allowed"};
    const Outcome a_nac{"3A090.a", "notification_required", "notification_required"};
    return new std::map<std::string, Expected>{
        {"NVIDIA A100", {a_denied, a_denied}},
        {"NVIDIA A800", {a_denied, a_denied}},
        {"NVIDIA H100", {a_denied, a_denied}},
        {"NVIDIA H800", {a_denied, a_denied}},
        // The H20 letter requires a license by name.
        {"NVIDIA H20",
         {{"none", "license_required", "license_required"}, {"none", "license_required", "license_required"}}},
        // China requires an import approval for the H200: without one, prohibited.
        {"NVIDIA H200", {{"3A090.a", "license_required", "prohibited"}, {"3A090.a", "license_required", "prohibited"}}},
        {"NVIDIA B200", {a_denied, a_denied}},
        {"NVIDIA L20", {none_allowed, none_allowed}},
        {"NVIDIA L40S", {a_denied, a_denied}},
        // No TPP: indeterminate on the US side; China's stop prohibits it.
        {"NVIDIA RTX Pro 6000D",
         {{"indeterminate", "indeterminate", "prohibited"}, {"indeterminate", "indeterminate", "prohibited"}}},
        {"NVIDIA GeForce RTX 4090", {a_nac, a_nac}},
        {"NVIDIA GeForce RTX 4090D", {none_allowed, a_nac}},  // changes
        {"NVIDIA GeForce RTX 5090D", {none_allowed, a_nac}},  // changes
        {"AMD MI300X", {a_denied, a_denied}},
        // No figures, but named by the H20/MI308 letter: a license is required whatever its class.
        {"AMD MI308X",
         {{"indeterminate", "license_required", "license_required"},
          {"indeterminate", "license_required", "license_required"}}},
        {"AMD MI325X", {a_denied, a_denied}},
        // CN origin, but under the US rules by the GP10 guidance (2025-05-13): a license by name.
        {"Huawei Ascend 910B", {a_denied, a_denied}},
        {"Huawei Ascend 910C", {a_denied, a_denied}},
        {"Huawei Ascend 910D",
         {{"indeterminate", "license_required", "license_required"},
          {"indeterminate", "license_required", "license_required"}}},
    };
  }();
  return *table;
}

Outcome Evaluate2027(const RuleSet& rules, const Chip& chip) {
  Sale sale;
  sale.date = Date(2027, 2, 1);
  sale.item = chip;
  sale.destination = Country::Of("CN");
  const Decision d = Evaluate(rules, sale);
  const JurisdictionDecision* us = d.Find(Country::Of("US"));
  EXPECT_NE(us, nullptr) << chip.model;
  return {us ? std::string(us->classification) : "", us ? std::string(VerdictName(us->verdict)) : "",
          std::string(VerdictName(d.verdict))};
}

class WhatIfTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    absl::StatusOr<RulePack> pack = LoadRulePackFile(kOverlayPath);
    ASSERT_THAT(pack, IsOk());
    pack_ = new RulePack(*pack);
    absl::StatusOr<std::shared_ptr<const RuleSet>> base = BuiltinRuleSet();
    ASSERT_THAT(base, IsOk());
    absl::StatusOr<std::shared_ptr<const RuleSet>> overlaid = BuiltinRuleSet({*pack});
    ASSERT_THAT(overlaid, IsOk());
    base_ = new std::shared_ptr<const RuleSet>(*base);
    overlaid_ = new std::shared_ptr<const RuleSet>(*overlaid);
  }
  static const RulePack* pack_;
  static const std::shared_ptr<const RuleSet>* base_;
  static const std::shared_ptr<const RuleSet>* overlaid_;
};
const RulePack* WhatIfTest::pack_ = nullptr;
const std::shared_ptr<const RuleSet>* WhatIfTest::base_ = nullptr;
const std::shared_ptr<const RuleSet>* WhatIfTest::overlaid_ = nullptr;

TEST_F(WhatIfTest, OverlayAddsOneValueToTheTppSeries) {
  ASSERT_NE(overlaid_, nullptr);
  ASSERT_EQ(pack_->parameters.size(), 1u);
  EXPECT_EQ(pack_->parameters[0].id, "us.3a090.a.tpp");
  ASSERT_EQ(pack_->parameters[0].values.size(), 1u);
  EXPECT_EQ(pack_->parameters[0].values[0].from, Date(2027, 1, 1));
  EXPECT_EQ(pack_->parameters[0].values[0].value, 3000);
  EXPECT_TRUE(pack_->parameters[0].values[0].modeled);
  EXPECT_EQ(pack_->parameters[0].values[0].citation, "what-if");
  EXPECT_TRUE(pack_->rules.empty());
  EXPECT_TRUE(pack_->chips.empty());

  // Merged by id: the built-in values stay, the what-if value is added at the end.
  const ParameterSeries* series = nullptr;
  for (const ParameterSeries& p : (*overlaid_)->parameters())
    if (p.id == "us.3a090.a.tpp") series = &p;
  ASSERT_NE(series, nullptr);
  ASSERT_GE(series->values.size(), 2u);
  EXPECT_EQ(series->values.back().from, Date(2027, 1, 1));
  EXPECT_EQ(series->values.back().value, 3000);
  EXPECT_EQ((*overlaid_)->rules().size(), (*base_)->rules().size());
  EXPECT_EQ((*overlaid_)->chips().size(), (*base_)->chips().size());
}

TEST_F(WhatIfTest, EveryCatalogChipMatchesTheHandWorkedTable) {
  ASSERT_NE(overlaid_, nullptr);
  const auto& expected = ExpectedByChip();
  EXPECT_EQ((*base_)->chips().size(), expected.size()) << "a catalog chip is missing from the table";
  for (const CatalogChip& c : (*base_)->chips()) {
    auto it = expected.find(c.chip.model);
    if (it == expected.end()) {
      ADD_FAILURE() << "no expectation for " << c.chip.model;
      continue;
    }
    EXPECT_EQ(Evaluate2027(**base_, c.chip), it->second.before) << c.chip.model << " without the overlay";
    EXPECT_EQ(Evaluate2027(**overlaid_, c.chip), it->second.after) << c.chip.model << " with the overlay";
  }
}

TEST_F(WhatIfTest, ExactlyTheConsumerChipsBetween3000And4800Change) {
  ASSERT_NE(overlaid_, nullptr);
  std::vector<std::string> changed;
  for (const CatalogChip& c : (*base_)->chips())
    if (!(Evaluate2027(**base_, c.chip) == Evaluate2027(**overlaid_, c.chip))) changed.push_back(c.chip.model);
  EXPECT_EQ(changed, (std::vector<std::string>{"NVIDIA GeForce RTX 4090D", "NVIDIA GeForce RTX 5090D"}));

  // The change is the lower threshold, read from the overlay's value.
  Sale sale;
  sale.date = Date(2027, 2, 1);
  sale.item = (*overlaid_)->FindChip("RTX 4090D")->chip;
  sale.destination = Country::Of("CN");
  const Decision d = Evaluate(**overlaid_, sale, {.trace = TraceLevel::kFired});
  bool read_3000 = false;
  for (const TraceEntry& t : d.trace)
    for (const ThresholdUse& u : t.thresholds)
      if (u.parameter == "us.3a090.a.tpp" && u.threshold == 3000 && u.parameter_from == Date(2027, 1, 1))
        read_3000 = true;
  EXPECT_TRUE(read_3000);
  EXPECT_EQ(d.Find(Country::Of("US"))->license_exception, "NAC");
}

TEST_F(WhatIfTest, NothingChangesBefore2027) {
  ASSERT_NE(overlaid_, nullptr);
  for (const CatalogChip& c : (*base_)->chips()) {
    Sale sale;
    sale.date = Date(2026, 12, 31);
    sale.item = c.chip;
    sale.destination = Country::Of("CN");
    const Decision before = Evaluate(**base_, sale);
    const Decision after = Evaluate(**overlaid_, sale);
    EXPECT_EQ(before.verdict, after.verdict) << c.chip.model;
    EXPECT_EQ(before.Find(Country::Of("US"))->classification, after.Find(Country::Of("US"))->classification)
        << c.chip.model;
  }
}

TEST_F(WhatIfTest, TheOverlaysOwnTestsPass) {
  ASSERT_NE(overlaid_, nullptr);
  ASSERT_EQ(pack_->tests.size(), 10u);
  const std::vector<PackTestResult> results = RunPackTests(**overlaid_);
  int overlay_tests = 0;
  for (const PackTestResult& r : results) {
    ASSERT_NE(r.test, nullptr);
    if (r.test->location.file != kOverlayPath) continue;
    ++overlay_tests;
    EXPECT_TRUE(r.passed) << r.test->name << ": " << r.failure;
  }
  EXPECT_EQ(overlay_tests, static_cast<int>(pack_->tests.size()));
}

TEST_F(WhatIfTest, TheBuiltinTestsStillPassUnderTheOverlay) {
  ASSERT_NE(overlaid_, nullptr);
  for (const PackTestResult& r : RunPackTests(**overlaid_))
    EXPECT_TRUE(r.passed) << r.test->location.ToString() << ": " << r.test->name << ": " << r.failure;
}

}  // namespace
}  // namespace exportctl
