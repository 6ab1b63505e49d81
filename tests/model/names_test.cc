#include "model/names.h"

#include <string>
#include <string_view>

#include "gtest/gtest.h"

namespace exportctl::internal {
namespace {

TEST(NormalizeChipNameTest, KeepsLowerCaseLettersAndDigits) {
  EXPECT_EQ(NormalizeChipName("NVIDIA H20"), "nvidiah20");
  EXPECT_EQ(NormalizeChipName("RTX Pro 6000D"), "rtxpro6000d");
  EXPECT_EQ(NormalizeChipName("nvidia-h20"), "nvidiah20");
  EXPECT_EQ(NormalizeChipName("  NVIDIA_H-20 \t"), "nvidiah20");
  EXPECT_EQ(NormalizeChipName("AMD Instinct MI325X"), "amdinstinctmi325x");
  EXPECT_EQ(NormalizeChipName("Ascend 910B"), "ascend910b");
  EXPECT_EQ(NormalizeChipName("RTX 4090D"), NormalizeChipName("rtx-4090d"));
  EXPECT_EQ(NormalizeChipName(""), "");
  EXPECT_EQ(NormalizeChipName("-- / --"), "");
}

TEST(NormalizeChipNameTest, KeepsNonAsciiBytes) {
  // 昇腾 910B: the UTF-8 bytes pass through untouched.
  EXPECT_EQ(NormalizeChipName("\xE6\x98\x87\xE8\x85\xBE 910B"),
            "\xE6\x98\x87\xE8\x85\xBE"
            "910b");
  EXPECT_EQ(NormalizeChipName("H20\xC3\x89"), "h20\xC3\x89");  // É is not lower-cased
}

TEST(NormalizeChipNameTest, IntoBuffer) {
  char buffer[16];
  size_t n = NormalizeChipNameInto("NVIDIA H20", buffer, sizeof buffer);
  ASSERT_EQ(n, 9u);
  EXPECT_EQ(std::string_view(buffer, n), "nvidiah20");

  // Exactly enough room.
  n = NormalizeChipNameInto("NVIDIA H20", buffer, 9);
  ASSERT_EQ(n, 9u);
  EXPECT_EQ(std::string_view(buffer, n), "nvidiah20");

  // One byte short.
  EXPECT_EQ(NormalizeChipNameInto("NVIDIA H20", buffer, 8), std::string_view::npos);
  // Skipped characters do not need room.
  n = NormalizeChipNameInto("  a - b  ", buffer, 2);
  ASSERT_EQ(n, 2u);
  EXPECT_EQ(std::string_view(buffer, n), "ab");
  // Empty input, zero capacity.
  EXPECT_EQ(NormalizeChipNameInto("", nullptr, 0), 0u);
  EXPECT_EQ(NormalizeChipNameInto("x", buffer, 0), std::string_view::npos);
}

TEST(NormalizeChipNameTest, IntoAgreesWithString) {
  for (const char* name :
       {"NVIDIA H20", "RTX Pro 6000D", "AMD MI308X", "Huawei Ascend 910C", "\xE6\x98\x87\xE8\x85\xBE-910C", "", "!!"}) {
    char buffer[64];
    size_t n = NormalizeChipNameInto(name, buffer, sizeof buffer);
    ASSERT_NE(n, std::string_view::npos) << name;
    EXPECT_EQ(std::string_view(buffer, n), NormalizeChipName(name)) << name;
  }
}

TEST(NormalizeEntityNameTest, FoldsCasePunctuationAndSpace) {
  EXPECT_EQ(NormalizeEntityName("Inspur Group Co., Ltd."), "inspur group");
  EXPECT_EQ(NormalizeEntityName("INSPUR  GROUP CO LTD"), "inspur group");
  EXPECT_EQ(NormalizeEntityName("  inspur\tgroup\n"), "inspur group");
  EXPECT_EQ(NormalizeEntityName("Inspur-Group"), "inspur group");
  EXPECT_EQ(NormalizeEntityName("Beijing Sophgo Technologies"), "beijing sophgo technologies");
  EXPECT_EQ(NormalizeEntityName("A.B.C. Holdings"), "a b c holdings");
  EXPECT_EQ(NormalizeEntityName(""), "");
  EXPECT_EQ(NormalizeEntityName(" ,.; "), "");
}

TEST(NormalizeEntityNameTest, DropsTrailingLegalSuffixes) {
  EXPECT_EQ(NormalizeEntityName("Huawei Technologies Co., Ltd."), "huawei technologies");
  EXPECT_EQ(NormalizeEntityName("Acme Inc."), "acme");
  EXPECT_EQ(NormalizeEntityName("Acme, Incorporated"), "acme");
  EXPECT_EQ(NormalizeEntityName("Acme LLC"), "acme");
  EXPECT_EQ(NormalizeEntityName("Acme GmbH"), "acme");
  EXPECT_EQ(NormalizeEntityName("Acme Corp."), "acme");
  EXPECT_EQ(NormalizeEntityName("Acme Corporation"), "acme");
  EXPECT_EQ(NormalizeEntityName("Acme Company Limited"), "acme");
  EXPECT_EQ(NormalizeEntityName("Acme PLC"), "acme");
  EXPECT_EQ(NormalizeEntityName("Acme SA"), "acme");
  EXPECT_EQ(NormalizeEntityName("Acme S.A."), "acme");
  EXPECT_EQ(NormalizeEntityName("Acme AG"), "acme");
  EXPECT_EQ(NormalizeEntityName("Acme B.V."), "acme");
  EXPECT_EQ(NormalizeEntityName("Acme BV"), "acme");
  EXPECT_EQ(NormalizeEntityName("Acme Co. Ltd"), "acme");
  EXPECT_EQ(NormalizeEntityName("Acme Holdings Co Ltd Inc"), "acme holdings");
}

TEST(NormalizeEntityNameTest, InitialsAfterTheFirstWordAreOneWord) {
  // Screening lists and order books spell legal forms with dots and spaces.
  EXPECT_EQ(NormalizeEntityName("Blocked Trading, L.L.C."), "blocked trading");
  EXPECT_EQ(NormalizeEntityName("BLOCKED TRADING L L C"), "blocked trading");
  EXPECT_EQ(NormalizeEntityName("Acme G.m.b.H."), "acme");
  EXPECT_EQ(NormalizeEntityName("Acme S. A."), "acme");
  EXPECT_EQ(NormalizeEntityName("Acme Pte. Ltd."), "acme");
  EXPECT_EQ(NormalizeEntityName("Acme Sdn. Bhd."), "acme");
  EXPECT_EQ(NormalizeEntityName("Acme P.J.S.C."), "acme");
  EXPECT_EQ(NormalizeEntityName("Acme O.O.O."), "acme");
  EXPECT_EQ(NormalizeEntityName("Research Institute A.B. Holdings"), "research institute ab holdings");
  // A run that starts with the first word stays as it is written.
  EXPECT_EQ(NormalizeEntityName("A.B.C. Holdings"), "a b c holdings");
  EXPECT_EQ(NormalizeEntityName("Acme Group A"), "acme group a");
}

TEST(NormalizeEntityNameTest, KeepsSuffixWordsThatAreNotTrailing) {
  EXPECT_EQ(NormalizeEntityName("Co Systems Ltd"), "co systems");
  EXPECT_EQ(NormalizeEntityName("Inc Research"), "inc research");
  EXPECT_EQ(NormalizeEntityName("Sachsen AG Werke"), "sachsen ag werke");
  // Suffixes are whole words only.
  EXPECT_EQ(NormalizeEntityName("Disco"), "disco");
  EXPECT_EQ(NormalizeEntityName("Plasma"), "plasma");
}

TEST(NormalizeEntityNameTest, NeverDropsTheWholeName) {
  EXPECT_EQ(NormalizeEntityName("Company"), "company");
  EXPECT_EQ(NormalizeEntityName("Company Ltd."), "company");
  EXPECT_EQ(NormalizeEntityName("S.A."), "s a");
}

TEST(NormalizeEntityNameTest, ChineseLegalForms) {
  // 浪潮集团有限公司 -> 浪潮集团
  EXPECT_EQ(NormalizeEntityName("浪潮集团有限公司"), "浪潮集团");
  // 华为技术有限公司 -> 华为技术
  EXPECT_EQ(NormalizeEntityName("华为技术有限公司"), "华为技术");
  // 浪潮电子信息产业股份有限公司 -> 浪潮电子信息产业
  EXPECT_EQ(NormalizeEntityName("浪潮电子信息产业股份有限公司"), "浪潮电子信息产业");
  EXPECT_EQ(NormalizeEntityName("某某科技有限责任公司"), "某某科技");
  // Mixed scripts and wide punctuation.
  EXPECT_EQ(NormalizeEntityName("Inspur 浪潮（集团）有限公司"), "inspur 浪潮 集团");
  EXPECT_EQ(NormalizeEntityName("Inspur 有限公司"), "inspur");
  EXPECT_EQ(NormalizeEntityName("有限公司"), "有限公司");
}

TEST(NormalizeEntityNameTest, SameEntityDifferentSpellings) {
  const std::string a = NormalizeEntityName("Sugon Information Industry Co., Ltd.");
  EXPECT_EQ(a, "sugon information industry");
  EXPECT_EQ(NormalizeEntityName("SUGON INFORMATION INDUSTRY CO LTD"), a);
  EXPECT_EQ(NormalizeEntityName("Sugon Information Industry Company Limited"), a);
  EXPECT_EQ(NormalizeEntityName("sugon information industry"), a);
}

TEST(NormalizeEntityNameTest, Idempotent) {
  for (const char* name : {"Inspur Group Co., Ltd.", "Acme S.A.", "浪潮集团有限公司", "Company", "A.B.C. Holdings",
                           "  x  ", "Acme Trading L.L.C.", "x a b c y"}) {
    const std::string once = NormalizeEntityName(name);
    EXPECT_EQ(NormalizeEntityName(once), once) << name;
  }
}

// Screening rejects a name by its first word's key before normalizing it, which is sound only
// if a raw name and its normalized form have the same key whenever the raw one has a key.
TEST(EntityFirstWordKeyTest, SameKeyAsTheNormalizedName) {
  for (const char* name :
       {"Inspur Group Co., Ltd.", "INSPUR  GROUP CO LTD", "  inspur\tgroup\n", "Inspur-Group", "A.B.C. Holdings",
        "Acme S.A.", "Company", "Company Ltd.", "S.A.", "Co Systems Ltd", "Inspur 有限公司",
        "Inspur 浪潮（集团）有限公司", "Disco", "x", "Acme Trading L.L.C.", "S. A. Holdings"}) {
    const uint64_t raw = EntityFirstWordKey(name);
    ASSERT_NE(raw, kNoFirstWordKey) << name;
    EXPECT_EQ(raw, EntityFirstWordKey(NormalizeEntityName(name))) << name;
    EXPECT_EQ(EntityFirstWordKeys(name).three, EntityFirstWordKeys(NormalizeEntityName(name)).three) << name;
  }
  // The three-byte key (possible matches) reads a shorter prefix: a misspelling after it keeps it.
  EXPECT_EQ(EntityFirstWordKeys("Huawai").three, EntityFirstWordKeys("Huawei").three);
  EXPECT_NE(EntityFirstWordKeys("Hauwei").three, EntityFirstWordKeys("Huawei").three);
  EXPECT_EQ(EntityFirstWordKeys("Ins浪潮").three, EntityFirstWordKeys("Inspur").three);
  EXPECT_EQ(EntityFirstWordKeys("In浪潮").three, kNoFirstWordKey);
  EXPECT_EQ(EntityFirstWordKey("Inspur Group"), EntityFirstWordKey("inspur"));
  EXPECT_NE(EntityFirstWordKey("Inspur Group"), EntityFirstWordKey("Insight Group"));
  // The key is of the word's first four bytes: a filter, which the full lookup then settles.
  EXPECT_EQ(EntityFirstWordKey("Inspur Group"), EntityFirstWordKey("Inspurs Group"));
  EXPECT_EQ(EntityFirstWordKey("Inspur浪潮"), EntityFirstWordKey(NormalizeEntityName("Inspur浪潮")));
}

TEST(EntityFirstWordKeyTest, NoKeyWithoutAnAsciiStart) {
  EXPECT_EQ(EntityFirstWordKey(""), kNoFirstWordKey);
  EXPECT_EQ(EntityFirstWordKey(" ,.; "), kNoFirstWordKey);
  EXPECT_EQ(EntityFirstWordKey("浪潮集团有限公司"), kNoFirstWordKey);
  EXPECT_EQ(EntityFirstWordKey("（Inspur）"), kNoFirstWordKey);  // wide punctuation first
  EXPECT_EQ(EntityFirstWordKey("Ins浪潮"), kNoFirstWordKey);     // a word that mixes scripts early
}

}  // namespace
}  // namespace exportctl::internal
