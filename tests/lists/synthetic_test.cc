// A list of the real one's size: 30 000 synthetic rows (synthetic_csl.h) import from JSON and
// CSV alike, every row kept, and compile with the built-in catalog. The time it takes is measured
// by bench/screening_list_benchmark.cc, not asserted here.
#include <string>

#include "exportctl/exportctl.h"
#include "gtest/gtest.h"
#include "lists/synthetic_csl.h"
#include "status_matchers.h"

namespace exportctl {
namespace {

using ::exportctl::testing::IsOk;
using ::exportctl::testing::MakeSyntheticCsl;
using ::exportctl::testing::SyntheticCsl;

constexpr int kRows = 30000;

class SyntheticListTest : public ::testing::TestWithParam<bool> {};

TEST_P(SyntheticListTest, ThirtyThousandRowsImportAndCompileWithTheBuiltinCatalog) {
  const bool json = GetParam();
  const SyntheticCsl csl = MakeSyntheticCsl(kRows, json);
  const std::shared_ptr<const RuleSet> builtin = *BuiltinRuleSet();
  absl::StatusOr<ScreeningListImport> list =
      ImportScreeningList(csl.text, json ? "synthetic.json" : "synthetic.csv", {.base = builtin->entities()});
  ASSERT_THAT(list, IsOk());
  const ImportSummary& s = list->summary;
  EXPECT_EQ(s.rows, static_cast<size_t>(kRows));
  EXPECT_EQ(s.imported, static_cast<size_t>(kRows));
  EXPECT_TRUE(s.skipped.empty()) << s.skipped.front().ToString();
  EXPECT_TRUE(s.unknown_columns.empty());
  EXPECT_EQ(s.parties, static_cast<size_t>(kRows - csl.repeated_names));
  EXPECT_EQ(s.joined, static_cast<size_t>(csl.repeated_names));
  EXPECT_EQ(s.unknown_start_dates, static_cast<size_t>(csl.without_start_date));
  EXPECT_EQ(s.without_country, 0u);
  ASSERT_EQ(s.unknown_sources.size(), 1u);
  EXPECT_EQ(s.unknown_sources[0], "Capta List (CAP) - Treasury Department");
  size_t listed = 0;
  for (const ScreeningListSource& l : s.lists) listed += l.rows;
  EXPECT_EQ(listed, static_cast<size_t>(kRows));

  absl::StatusOr<std::shared_ptr<const RuleSet>> rules = BuiltinRuleSet({list->pack});
  ASSERT_THAT(rules, IsOk());
  EXPECT_EQ((*rules)->entities().size(), builtin->entities().size() + s.parties);
}

INSTANTIATE_TEST_SUITE_P(JsonAndCsv, SyntheticListTest, ::testing::Bool(),
                         [](const ::testing::TestParamInfo<bool>& info) { return info.param ? "json" : "csv"; });

}  // namespace
}  // namespace exportctl
