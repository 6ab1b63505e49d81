// Jaro-Winkler, as screening tools score names: the textbook figures and the edges.
#include "model/similarity.h"

#include <string>

#include "gtest/gtest.h"

namespace exportctl::internal {
namespace {

TEST(JaroWinklerTest, TextbookFigures) {
  EXPECT_NEAR(JaroWinkler("martha", "marhta"), 0.9611, 1e-4);
  EXPECT_NEAR(JaroWinkler("dwayne", "duane"), 0.8400, 1e-4);
  EXPECT_NEAR(JaroWinkler("dixon", "dicksonx"), 0.8133, 1e-4);
}

TEST(JaroWinklerTest, EqualEmptyAndDisjoint) {
  EXPECT_EQ(JaroWinkler("huawei", "huawei"), 1.0);
  EXPECT_EQ(JaroWinkler("", ""), 1.0);
  EXPECT_EQ(JaroWinkler("huawei", ""), 0.0);
  EXPECT_EQ(JaroWinkler("abc", "xyz"), 0.0);
}

TEST(JaroWinklerTest, SymmetricAndBounded) {
  for (const auto& [a, b] :
       {std::pair{"huawai technologies", "huawei technologies"}, std::pair{"hua wei noodle bar", "huawei technologies"},
        std::pair{"a", "ab"}, std::pair{"smic", "semiconductor manufacturing international"}}) {
    const double s = JaroWinkler(a, b);
    EXPECT_DOUBLE_EQ(s, JaroWinkler(b, a)) << a << " / " << b;
    EXPECT_GE(s, 0.0);
    EXPECT_LE(s, 1.0);
  }
  EXPECT_GT(JaroWinkler("huawai technologies", "huawei technologies"), 0.95);
  EXPECT_LT(JaroWinkler("hua wei noodle bar", "huawei technologies"), 0.9);
}

TEST(NameScoreTest, SharedLeadingWordsDoNotCount) {
  EXPECT_LT(NameScore("example cloud", "example oil"), 0.7);
  EXPECT_GT(JaroWinkler("example cloud", "example oil"), 0.9) << "what the whole names would score";
  EXPECT_DOUBLE_EQ(NameScore("example compute centre", "example compute center"), JaroWinkler("centre", "center"));
  // No whole word in common at the start, or nothing after it: the whole names.
  EXPECT_DOUBLE_EQ(NameScore("huawai technologies", "huawei technologies"),
                   JaroWinkler("huawai technologies", "huawei technologies"));
  EXPECT_DOUBLE_EQ(NameScore("inspur", "inspur group"), JaroWinkler("inspur", "inspur group"));
  EXPECT_EQ(NameScore("example oil", "example oil"), 1.0);
}

TEST(JaroWinklerTest, LongNamesCompareOnTheirFirst255Bytes) {
  const std::string a(300, 'x'), b = std::string(255, 'x') + std::string(45, 'y');
  EXPECT_EQ(JaroWinkler(a, b), 1.0);
}

}  // namespace
}  // namespace exportctl::internal
