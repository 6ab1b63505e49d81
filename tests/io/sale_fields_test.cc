// The one table of a sale's fields (src/io/sale_fields.h): its lookup, and that both sale readers
// and the pack loader know every field it names.
#include "io/sale_fields.h"

#include <memory>
#include <set>
#include <string>
#include <string_view>

#include "exportctl/exportctl.h"
#include "gtest/gtest.h"
#include "sale_dump.h"

namespace exportctl {
namespace {

using internal::kSaleFieldNames;
using internal::SaleField;
using internal::SaleFieldName;
using internal::SaleFieldNamed;

std::string Message(const absl::Status& s) { return std::string(s.message().data(), s.message().size()); }

TEST(SaleFields, EachNameLooksUpItsField) {
  std::set<std::string_view> names;
  for (size_t i = 0; i < kSaleFieldNames.size(); ++i) {
    const SaleField field = static_cast<SaleField>(i);
    EXPECT_EQ(SaleFieldNamed(SaleFieldName(field)), field) << SaleFieldName(field);
    names.insert(SaleFieldName(field));
  }
  EXPECT_EQ(names.size(), kSaleFieldNames.size()) << "a name given twice";
}

TEST(SaleFields, OtherNamesAreNone) {
  for (std::string_view name : {"", "Date", "dat", "dates", "item ", "unit_price", "licence", "owners", "pue"})
    EXPECT_EQ(SaleFieldNamed(name), std::nullopt) << name;
}

// A field the readers did not know would be "unknown field": with a value of the wrong type, each
// field's error is about its value instead, the same from ParseSaleJson and the reader alone.
TEST(SaleFields, BothReadersKnowEveryField) {
  const absl::StatusOr<std::shared_ptr<const RuleSet>> rules = BuiltinRuleSet();
  ASSERT_TRUE(rules.ok()) << rules.status();
  for (std::string_view name : kSaleFieldNames) {
    const std::string json = "{\"" + std::string(name) + "\": [true]}";
    const absl::StatusOr<Sale> parsed = ParseSaleJson(json, **rules);
    const absl::StatusOr<Sale> read = internal::ParseSaleJsonWithReader(json, **rules);
    ASSERT_FALSE(parsed.ok()) << name;
    ASSERT_FALSE(read.ok()) << name;
    EXPECT_EQ(Message(parsed.status()), Message(read.status())) << name;
    EXPECT_EQ(Message(parsed.status()).find("unknown field"), std::string::npos) << Message(parsed.status());
  }
}

// The loader checks a pack test's `sale` table against the same names (the values' types are
// the JSON reader's to check, when the test runs).
TEST(SaleFields, PackTestsAcceptEveryField) {
  const std::string pack_head =
      "format = 1\nid = \"p\"\nrevision = \"1\"\n\n[[test]]\nname = \"t\"\nverdict = \"allowed\"\n"
      "[test.sale]\ndate = 2025-01-01\nitem = \"H20\"\ndestination = \"DE\"\n";
  for (std::string_view name : kSaleFieldNames) {
    if (name == "date" || name == "item" || name == "destination") continue;
    const std::string pack = pack_head + std::string(name) + " = 1\n";
    EXPECT_TRUE(LoadRulePack(pack, "p.toml").ok()) << LoadRulePack(pack, "p.toml").status();
  }
  const absl::StatusOr<RulePack> unknown = LoadRulePack(pack_head + "colour = 1\n", "p.toml");
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(Message(unknown.status()).find("unknown key 'colour' in 'sale'"), std::string::npos) << unknown.status();
}

}  // namespace
}  // namespace exportctl
