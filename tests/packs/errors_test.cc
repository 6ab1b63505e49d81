// Every class of bad input and the exact error it gets (docs/errors.md): rule packs (LoadRulePack,
// Compile), sales (ParseSaleJson) and the exportctl command.
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

#include "cli_runner.h"
#include "exportctl/exportctl.h"
#include "gtest/gtest.h"
#include "status_matchers.h"

namespace exportctl {
namespace {

using testing::IsOk;
using testing::StatusIs;

std::string Message(const absl::Status& s) { return std::string(s.message().data(), s.message().size()); }

// A valid pack header, then `body`.
std::string Pack(std::string_view body) { return "format = 1\nid = \"p\"\nrevision = \"1\"\n" + std::string(body); }

// The loader's error for `toml`, or "ok".
std::string LoadError(std::string_view toml) {
  absl::StatusOr<RulePack> pack = LoadRulePack(toml, "p.toml");
  if (pack.ok()) return "ok";
  EXPECT_THAT(pack, StatusIs(absl::StatusCode::kInvalidArgument));
  return Message(pack.status());
}

// The error of loading `toml` and compiling it over the built-in catalog, or "ok".
std::string OverlayError(std::string_view toml) {
  absl::StatusOr<RulePack> pack = LoadRulePack(toml, "p.toml");
  if (!pack.ok()) return "load: " + Message(pack.status());
  absl::StatusOr<std::shared_ptr<const RuleSet>> rules = BuiltinRuleSet({*pack});
  return rules.ok() ? "ok" : Message(rules.status());
}

// A complete rule with `extra` lines appended.
std::string RuleToml(std::string_view id, std::string_view extra) {
  return "[[rule]]\nid = \"" + std::string(id) +
         "\"\njurisdiction = \"US\"\nannounced = 2025-01-01\nfrom = 2025-01-01\nlegal_force = \"regulation\"\n"
         "citations = [\"c\"]\n" +
         std::string(extra) + "\n";
}

constexpr std::string_view kChip = "[[chip]]\nmodel = \"X\"\norigin = \"US\"\n";

// ---- rule packs: syntax and header ------------------------------------------------------------

TEST(PackErrorsTest, MalformedTomlIsToml_plusplusMessageAtItsPosition) {
  EXPECT_EQ(LoadError("format = 1\nid = \n"),
            "p.toml:2:6: error while parsing key-value pair: expected value, saw '\\n'");
}

TEST(PackErrorsTest, WrongFormatVersionIsCheckedFirst) {
  EXPECT_EQ(LoadError("format = 2\nnonsense = true\n"),
            "p.toml:1:10: unsupported pack format 2 (this library reads 1)");
}

TEST(PackErrorsTest, FormatMustBeAnInteger) {
  EXPECT_EQ(LoadError("format = \"1\"\n"), "p.toml:1:10: expected an integer for 'format', got string");
}

TEST(PackErrorsTest, UnknownTopLevelKey) {
  EXPECT_EQ(LoadError(Pack("colour = 1\n")), "p.toml:4:1: unknown key 'colour' at top level");
}

TEST(PackErrorsTest, UnknownKeyInRule) {
  EXPECT_EQ(LoadError(Pack(RuleToml("r", "effect = \"prohibit\"\nseverity = 3"))),
            "p.toml:12:1: unknown key 'severity' in [[rule]]");
}

TEST(PackErrorsTest, MissingRequiredKey) {
  EXPECT_EQ(LoadError("format = 1\nid = \"p\"\n"), "p.toml:1:1: missing required key 'revision' at top level");
}

TEST(PackErrorsTest, InvalidId) {
  EXPECT_EQ(LoadError("format = 1\nid = \"my pack\"\nrevision = \"1\"\n"),
            "p.toml:2:6: invalid id 'my pack': use letters, digits, '-', '_' and '.'");
}

// ---- rule packs: types, dates, numbers ----------------------------------------------------------

TEST(PackErrorsTest, QuotedDateIsAWrongType) {
  EXPECT_EQ(LoadError(Pack("[[rule]]\nid = \"r\"\njurisdiction = \"US\"\nannounced = \"2025-01-01\"\n")),
            "p.toml:7:13: expected a date for 'announced', got string");
}

TEST(PackErrorsTest, ImpossibleDateIsATomlError) {
  EXPECT_EQ(LoadError(Pack(RuleToml("r", "effect = \"prohibit\"\nuntil = 2025-02-30"))),
            "p.toml:12:19: error while parsing date: expected day between 1 and 28 (inclusive), saw 30");
}

TEST(PackErrorsTest, DateOutsideTheSupportedYears) {
  EXPECT_EQ(LoadError(Pack(RuleToml("r", "effect = \"prohibit\"\nuntil = 1300-01-01"))),
            "p.toml:12:9: invalid date '1300-01-01' (year outside 1400..9999)");
}

TEST(PackErrorsTest, InvertedInterval) {
  EXPECT_EQ(LoadError(Pack(RuleToml("r", "effect = \"prohibit\"\nuntil = 2024-01-01"))),
            "p.toml:12:9: 'until' 2024-01-01 is before 'from' 2025-01-01");
}

TEST(PackErrorsTest, UntilAnnouncedWithoutUntil) {
  EXPECT_EQ(LoadError(Pack(RuleToml("r", "effect = \"prohibit\"\nuntil_announced = 2025-06-01"))),
            "p.toml:12:19: 'until_announced' needs 'until'");
}

TEST(PackErrorsTest, UnknownCountry) {
  EXPECT_EQ(LoadError(Pack("[[jurisdiction]]\ncode = \"XX\"\n")), "p.toml:5:8: unknown country 'XX'");
}

TEST(PackErrorsTest, LowerCaseCountry) {
  EXPECT_EQ(LoadError(Pack("[[jurisdiction]]\ncode = \"us\"\n")),
            "p.toml:5:8: invalid country code 'us' (expected two upper-case letters)");
}

TEST(PackErrorsTest, NanSpec) {
  EXPECT_EQ(LoadError(Pack(std::string(kChip) + "tpp = 100\ndie_area_mm2 = nan\n")),
            "p.toml:8:16: expected a finite number for 'die_area_mm2', got nan");
}

TEST(PackErrorsTest, InfiniteSpec) {
  EXPECT_EQ(LoadError(Pack(std::string(kChip) + "tpp = inf\n")),
            "p.toml:7:7: expected a finite number for 'tpp', got inf");
}

TEST(PackErrorsTest, NegativeSpec) {
  EXPECT_EQ(LoadError(Pack(std::string(kChip) + "tpp = 100\nmemory_gb = -1\n")),
            "p.toml:8:13: 'memory_gb' must not be negative, got -1");
}

TEST(PackErrorsTest, ZeroDieAreaMustBePositive) {
  EXPECT_EQ(LoadError(Pack(std::string(kChip) + "tpp = 100\ndie_area_mm2 = 0\n")),
            "p.toml:8:16: 'die_area_mm2' must be positive, got 0");
}

TEST(PackErrorsTest, WrongTypeSpec) {
  EXPECT_EQ(LoadError(Pack(std::string(kChip) + "tpp = \"4800\"\n")),
            "p.toml:7:7: expected a number for 'tpp', got string");
}

TEST(PackErrorsTest, IntegerTooLargeForTomlIsATomlError) {
  const std::string e = LoadError(Pack(std::string(kChip) + "tpp = 99999999999999999999\n"));
  EXPECT_EQ(e.rfind("p.toml:7:", 0), 0u) << e;
}

TEST(PackErrorsTest, FloatThatOverflowsIsATomlError) {
  EXPECT_EQ(LoadError(Pack(std::string(kChip) + "tpp = 1e400\n")),
            "p.toml:7:12: error while parsing floating-point: '1e400' could not be interpreted as a value");
}

TEST(PackErrorsTest, AbsurdlyLargeFiniteSpecIsAccepted) {
  // Finite numbers are facts, however large: the chip is simply far above every threshold.
  EXPECT_EQ(LoadError(Pack(std::string(kChip) + "tpp = 1e300\n")), "ok");
}

TEST(PackErrorsTest, PercentOutOfRange) {
  EXPECT_EQ(LoadError(Pack("[[ownership]]\nowner = \"A\"\nowned = \"B\"\npercent = 150\n")),
            "p.toml:7:11: 'percent' must be in (0, 100], got 150");
}

TEST(PackErrorsTest, WaitDaysMustBeWhole) {
  EXPECT_EQ(LoadError(Pack(RuleToml("e",
                                    "effect = \"license_exception\"\nexception = \"NAC\"\nexception_to = [\"x\"]\n"
                                    "notification = true\nwait_days = 2.5"))),
            "p.toml:15:13: 'wait_days' must be a whole number, got 2.5");
}

// ---- rule packs: vocabularies and references ----------------------------------------------------

TEST(PackErrorsTest, UnknownEffect) {
  EXPECT_EQ(LoadError(Pack(RuleToml("r", "effect = \"forbid\""))), "p.toml:11:10: unknown effect 'forbid'");
}

TEST(PackErrorsTest, PredicateSyntaxError) {
  const std::string e = LoadError(Pack(RuleToml("r", "effect = \"prohibit\"\nwhen = \"tpp >=\"")));
  EXPECT_EQ(e.rfind("p.toml:12:", 0), 0u) << e;
  EXPECT_NE(e.find("predicate: "), std::string::npos) << e;
}

TEST(PackErrorsTest, UnknownGroupIsFoundWhenCompiling) {
  EXPECT_EQ(OverlayError(Pack(RuleToml("r", "effect = \"prohibit\"\nwhen = \"destination in [NOPE:1]\""))),
            "p.toml:4:1: rule 'r': predicate: column 1: unknown country or group 'NOPE:1'");
}

TEST(PackErrorsTest, UnknownRuleIdInTargets) {
  EXPECT_EQ(OverlayError(Pack(RuleToml("r", "effect = \"suspend\"\nsuspends = [\"no-such-rule\"]"))),
            "p.toml:4:1: rule 'r' refers to unknown rule 'no-such-rule'");
}

TEST(PackErrorsTest, EndOfUnknownRule) {
  EXPECT_EQ(OverlayError(Pack("[[end]]\nrule = \"no-such-rule\"\nuntil = 2027-01-01\n")),
            "p.toml:4:1: cannot end unknown rule 'no-such-rule'");
}

TEST(PackErrorsTest, ErrorMessagesQuotePackStringsOnOneLine) {
  // Found by rule_pack_fuzzer: a TOML string may hold an escaped newline, which the message quotes.
  EXPECT_EQ(
      LoadError(Pack("[[test]]\nname = \"t\"\nsale = { date = 2025-01-01, item = \"H20\", destination = \"CN\" }\n"
                     "verdict = \"lic\\nse_required\"\n")),
      "p.toml:7:11: unknown verdict 'lic\\nse_required'");
  // Compile quotes names a program may have built with any bytes.
  absl::StatusOr<RulePack> pack =
      LoadRulePack(Pack(RuleToml("r", "effect = \"suspend\"\nsuspends = [\"x\"]")), "p.toml");
  ASSERT_THAT(pack, IsOk());
  pack->rules[0].targets = {"no\nsuch\trule"};
  absl::StatusOr<std::shared_ptr<const RuleSet>> rules = BuiltinRuleSet({*pack});
  EXPECT_EQ(Message(rules.status()), "p.toml:4:1: rule 'r' refers to unknown rule 'no\\nsuch\\trule'");
}

TEST(PackErrorsTest, VocabularyParsersQuoteTheirInputOnOneLine) {
  // The public parsers a program may call with any bytes.
  EXPECT_EQ(Message(ParseVerdict("a\nb").status()), "unknown verdict 'a\\nb'");
  EXPECT_EQ(Message(ParseSector("a\rb").status()), "unknown sector 'a\\rb'");
  EXPECT_EQ(Message(Country::Parse("C\n").status()), "invalid country code 'C\\n' (expected two upper-case letters)");
  EXPECT_EQ(Message(ParsePredicate("tpp >= 1 \x01").status()), "column 10: unexpected '\\u0001'");
}

TEST(PackErrorsTest, UnknownChipInPackTestFailsTheTestNotTheLoad) {
  const std::string toml =
      Pack("[[test]]\nname = \"t\"\nsale = { date = 2025-01-01, item = \"H2O\", destination = \"CN\" }\n");
  ASSERT_EQ(LoadError(toml), "ok");
  absl::StatusOr<RulePack> pack = LoadRulePack(toml, "p.toml");
  absl::StatusOr<std::shared_ptr<const RuleSet>> rules = BuiltinRuleSet({*pack});
  ASSERT_THAT(rules, IsOk());
  bool found = false;
  for (const PackTestResult& r : RunPackTests(**rules)) {
    if (r.test->name != "t") continue;
    found = true;
    EXPECT_FALSE(r.passed);
    EXPECT_NE(r.failure.find("unknown chip 'H2O'"), std::string::npos) << r.failure;
  }
  EXPECT_TRUE(found);
}

// ---- rule packs: duplicates and cycles ------------------------------------------------------------

TEST(PackErrorsTest, DuplicateRuleId) {
  EXPECT_EQ(LoadError(Pack(RuleToml("r", "effect = \"prohibit\"") + RuleToml("r", "effect = \"prohibit\""))),
            "p.toml:13:6: duplicate rule id 'r'");
}

TEST(PackErrorsTest, DuplicateChipAliasIgnoringCaseAndPunctuation) {
  EXPECT_EQ(LoadError(Pack(std::string(kChip) + "tpp = 1\n" + "[[chip]]\nmodel = \"x.\"\norigin = \"US\"\ntpp = 1\n")),
            "p.toml:9:9: duplicate chip name 'x.'");
}

TEST(PackErrorsTest, ASuspendRuleSuspendingItselfIsAnError) {
  EXPECT_EQ(LoadError(Pack(RuleToml("s", "effect = \"suspend\"\nsuspends = [\"s\"]"))),
            "p.toml:12:13: rule 's' suspends itself");
}

TEST(PackErrorsTest, SuspendRulesThatSuspendEachOtherAreACycle) {
  EXPECT_EQ(LoadError(Pack(RuleToml("a", "effect = \"suspend\"\nsuspends = [\"b\"]") +
                           RuleToml("b", "effect = \"suspend\"\nsuspends = [\"a\"]"))),
            "p.toml:12:13: suspension cycle: rule 'a' suspends 'b', which suspends 'a'");
}

TEST(PackErrorsTest, SuspensionsDoNotChain) {
  EXPECT_EQ(LoadError(Pack(RuleToml("a", "effect = \"suspend\"\nsuspends = [\"b\"]") +
                           RuleToml("b", "effect = \"suspend\"\nsuspends = [\"c\"]") +
                           RuleToml("c", "effect = \"prohibit\""))),
            "p.toml:12:13: rule 'a' suspends 'b', a suspend rule: suspensions do not chain");
}

TEST(PackErrorsTest, AnExceptionToAnExceptionIsRejectedByCompile) {
  // Exception chains cannot form: exception_to must name license_required rules.
  EXPECT_EQ(OverlayError(
                Pack(RuleToml("e1", "effect = \"license_exception\"\nexception = \"NAC\"\nexception_to = [\"e2\"]") +
                     RuleToml("e2", "effect = \"license_exception\"\nexception = \"NAC\"\nexception_to = [\"e1\"]"))),
            "p.toml:4:1: rule 'e1' cannot apply to 'e2' (license_exception)");
}

TEST(PackErrorsTest, SuspensionCycleAcrossPacksIsRejectedByCompile) {
  // The loader sees one pack; Compile rejects a suspension of a suspension across packs too.
  absl::StatusOr<RulePack> a =
      LoadRulePack(Pack(RuleToml("a", "effect = \"suspend\"\nsuspends = [\"us-affiliates\"]")), "a.toml");
  ASSERT_THAT(a, IsOk());
  absl::StatusOr<RulePack> b = LoadRulePack(
      "format = 1\nid = \"q\"\nrevision = \"1\"\n" + RuleToml("b", "effect = \"suspend\"\nsuspends = [\"a\"]"),
      "b.toml");
  ASSERT_THAT(b, IsOk());
  absl::StatusOr<std::shared_ptr<const RuleSet>> rules = BuiltinRuleSet({*a, *b});
  ASSERT_FALSE(rules.ok());
  EXPECT_EQ(Message(rules.status()), "b.toml:4:1: rule 'b' suspends 'a', a suspend rule: suspensions do not chain");
}

// ---- rule packs: limits ---------------------------------------------------------------------------

TEST(PackErrorsTest, PackLargerThan8MiB) {
  std::string big = Pack("description = \"x\"\n");
  big.append((size_t{8} << 20), '#');
  EXPECT_EQ(LoadError(big),
            "p.toml:1:1: pack is " + std::to_string(big.size()) + " bytes, more than the limit of 8388608 (8 MiB)");
}

TEST(PackErrorsTest, LineLongerThan64KiB) {
  EXPECT_EQ(LoadError(Pack("description = \"" + std::string(70000, 'x') + "\"\n")),
            "p.toml:4:1: line is 70016 bytes long, more than the limit of 65536");
}

TEST(PackErrorsTest, PredicateLongerThan4096Bytes) {
  std::string when = "tpp >= 1";
  while (when.size() <= 4096) when += " or tpp >= 1";
  EXPECT_EQ(LoadError(Pack(RuleToml("r", "effect = \"prohibit\"\nwhen = \"" + when + "\""))),
            "p.toml:12:8: predicate longer than 4096 bytes");
}

TEST(PackErrorsTest, PredicateNestedDeeperThan32Parentheses) {
  const std::string when = std::string(33, '(') + "true" + std::string(33, ')');
  EXPECT_EQ(LoadError(Pack(RuleToml("r", "effect = \"prohibit\"\nwhen = \"" + when + "\""))),
            "p.toml:12:8: predicate nested deeper than 32 parentheses");
  const std::string ok = std::string(32, '(') + "true" + std::string(32, ')');
  EXPECT_EQ(LoadError(Pack(RuleToml("r", "effect = \"prohibit\"\nwhen = \"" + ok + "\""))), "ok");
}

TEST(PackErrorsTest, TomlNestedDeeperThan256IsATomlError) {
  const std::string e = LoadError(Pack("x = " + std::string(300, '[') + std::string(300, ']') + "\n"));
  EXPECT_EQ(e.rfind("p.toml:4:", 0), 0u) << e;
  EXPECT_NE(e.find("256"), std::string::npos) << e;
}

TEST(PredicateErrorsTest, ParsePredicateBoundsItsNesting) {
  // ParsePredicate bounds its recursion, so 100 000 parentheses cannot exhaust the stack.
  const std::string text = std::string(100000, '(') + "true" + std::string(100000, ')');
  absl::StatusOr<Predicate> p = ParsePredicate(text);
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(Message(p.status()), "column 33: nested deeper than 32 levels");
}

// ---- sales (ParseSaleJson) --------------------------------------------------------------------------

class SaleErrorsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { rules_ = new std::shared_ptr<const RuleSet>(*BuiltinRuleSet()); }
  static std::string Error(std::string_view json) {
    absl::StatusOr<Sale> s = ParseSaleJson(json, **rules_);
    if (s.ok()) return "ok";
    EXPECT_THAT(s, StatusIs(absl::StatusCode::kInvalidArgument));
    return Message(s.status());
  }
  // A valid sale with `extra` fields appended.
  static std::string WithFields(std::string_view extra) {
    return R"({"date":"2025-09-01","item":"H20","destination":"CN")" + std::string(extra) + "}";
  }
  static std::shared_ptr<const RuleSet>* rules_;
};
std::shared_ptr<const RuleSet>* SaleErrorsTest::rules_ = nullptr;

// An ownership tree `depth` levels deep, each level `width` owners wide (only the first goes deeper).
std::string Owners(int depth, int width) {
  std::string s = "[";
  for (int i = 0; i < width; ++i) {
    if (i) s += ',';
    s += R"({"name":"o)" + std::to_string(depth) + "_" + std::to_string(i) + R"(","percent":1,"owners":)";
    s += (i == 0 && depth > 1) ? Owners(depth - 1, width) : "[]";
    s += '}';
  }
  return s + "]";
}

TEST_F(SaleErrorsTest, MalformedJson) {
  EXPECT_EQ(Error(R"({"date":"2025-09-01",,"item":"H20","destination":"CN"})"), "1:22: malformed json");
}

TEST_F(SaleErrorsTest, EmptyInput) { EXPECT_EQ(Error(""), "1:1: empty input"); }

TEST_F(SaleErrorsTest, NotAnObject) { EXPECT_EQ(Error("[1]"), "1:1: expected a sale object, not an array"); }

TEST_F(SaleErrorsTest, TrailingContent) {
  EXPECT_EQ(Error(WithFields("") + " {}"), "1:55: unexpected content after the value");
}

TEST_F(SaleErrorsTest, UnterminatedString) { EXPECT_EQ(Error(R"({"date":"2025-09-01)"), "1:1: unterminated string"); }

TEST_F(SaleErrorsTest, InvalidUtf8) {
  EXPECT_EQ(Error(WithFields(",\"buyer\":{\"name\":\"\xff\"}")), "1:1: invalid utf-8");
}

TEST_F(SaleErrorsTest, WrongType) {
  EXPECT_EQ(Error(WithFields(R"(,"quantity":"10")")), "1:65: 'quantity' must be an integer, not a string");
}

TEST_F(SaleErrorsTest, UnknownField) {
  EXPECT_EQ(Error(WithFields(R"(,"colour":"red")")), "1:54: unknown field 'colour' in sale");
}

TEST_F(SaleErrorsTest, DuplicateField) {
  EXPECT_EQ(Error(WithFields(R"(,"item":"H100")")), "1:54: duplicate field 'item' in sale");
}

TEST_F(SaleErrorsTest, MissingRequiredField) {
  EXPECT_EQ(Error(R"({"date":"2025-09-01","item":"H20"})"), "1:1: missing required field 'destination' in sale");
}

TEST_F(SaleErrorsTest, ImpossibleDate) {
  EXPECT_EQ(Error(R"({"date":"2025-02-29","item":"H20","destination":"CN"})"),
            "1:9: invalid date '2025-02-29' (no such day)");
}

TEST_F(SaleErrorsTest, MalformedDate) {
  EXPECT_EQ(Error(R"({"date":"01/09/2025","item":"H20","destination":"CN"})"),
            "1:9: invalid date '01/09/2025' (expected YYYY-MM-DD)");
}

TEST_F(SaleErrorsTest, UnknownCountry) {
  EXPECT_EQ(Error(R"({"date":"2025-09-01","item":"H20","destination":"ZZ"})"), "1:49: unknown country 'ZZ'");
}

TEST_F(SaleErrorsTest, UnknownChip) {
  EXPECT_EQ(Error(R"({"date":"2025-09-01","item":"H2O","destination":"CN"})"), "1:29: unknown chip 'H2O'");
}

TEST_F(SaleErrorsTest, UnknownSector) {
  EXPECT_EQ(Error(WithFields(R"(,"buyer":{"sector":"army"})")), "1:72: unknown sector 'army'");
}

TEST_F(SaleErrorsTest, NegativeQuantity) {
  EXPECT_EQ(Error(WithFields(R"(,"quantity":-5)")), "1:65: 'quantity' must be a positive integer, got '-5'");
}

TEST_F(SaleErrorsTest, NonIntegerQuantity) {
  EXPECT_EQ(Error(WithFields(R"(,"quantity":2.5)")), "1:65: 'quantity' must be a positive integer, got '2.5'");
}

TEST_F(SaleErrorsTest, QuantityBeyond64Bits) {
  EXPECT_EQ(Error(WithFields(R"(,"quantity":99999999999999999999)")),
            "1:65: 'quantity' must be a positive integer, got '99999999999999999999'");
}

TEST_F(SaleErrorsTest, NanIsNotJson) {
  EXPECT_EQ(Error(WithFields(R"(,"unit_price_usd":NaN)")), "1:71: malformed json");
}

TEST_F(SaleErrorsTest, InfinityIsNotJson) {
  EXPECT_EQ(Error(WithFields(R"(,"unit_price_usd":1e999)")), "1:71: invalid number");
}

TEST_F(SaleErrorsTest, NegativeSpec) {
  EXPECT_EQ(Error(R"({"date":"2025-09-01","item":{"model":"X","tpp":-1},"destination":"CN"})"),
            "1:48: 'tpp' must be a non-negative number, got '-1'");
}

TEST_F(SaleErrorsTest, AbsurdlyLargeFiniteSpecIsAccepted) {
  EXPECT_EQ(Error(R"({"date":"2025-09-01","item":{"model":"X","origin":"US","tpp":1e300},"destination":"CN"})"), "ok");
}

TEST_F(SaleErrorsTest, OwnerPercentOutOfRange) {
  EXPECT_EQ(Error(WithFields(R"(,"buyer":{"owners":[{"name":"P","percent":0}]})")),
            "1:95: 'percent' must be in (0, 100], got '0'");
}

TEST_F(SaleErrorsTest, InvertedLicenseInterval) {
  EXPECT_EQ(
      Error(WithFields(R"(,"licenses":[{"jurisdiction":"US","valid_from":"2025-08-08","valid_until":"2025-08-01"}])")),
      "1:127: 'valid_until' 2025-08-01 must be after 'valid_from' 2025-08-08");
}

TEST_F(SaleErrorsTest, OwnersTreeDeeperThan64Levels) {
  EXPECT_EQ(Error(WithFields(R"(,"buyer":{"owners":)" + Owners(64, 1) + "}")), "ok");
  const std::string e = Error(WithFields(R"(,"buyer":{"owners":)" + Owners(65, 1) + "}"));
  EXPECT_NE(e.find(": ownership tree deeper than 64 levels"), std::string::npos) << e;
}

TEST_F(SaleErrorsTest, ErrorMessagesQuoteInputOnOneLine) {
  // Found by sale_json_fuzzer: a quoted \n used to break the message (and `exportctl check`'s one
  // stderr line) in two; quoted input now has its control characters escaped.
  const std::string e = Error(R"({"date": "2025-10ati\n", "item": "H20", "destination": "CN"})");
  EXPECT_EQ(e, "1:10: invalid date '2025-10ati\\n' (expected YYYY-MM-DD)");
  EXPECT_EQ(e.find('\n'), std::string::npos) << e;
}

TEST_F(SaleErrorsTest, OwnersTreeOfMoreThan10000OwnersIsRejected) {
  // The depth is bounded (64) and so is the number of owners in one tree.
  const std::string e = Error(WithFields(R"(,"buyer":{"owners":)" + Owners(3, 4000) + "}"));  // 12 000 owners
  EXPECT_NE(e.find(": ownership tree has more than 10000 owners"), std::string::npos) << e;
}

TEST_F(SaleErrorsTest, SaleLargerThan1MiBIsRejected) {
  // One sale is at most 1 MiB of JSON.
  const std::string sale = WithFields(R"(,"buyer":{"name":")" + std::string(2 << 20, 'x') + "\"}");
  EXPECT_EQ(Error(sale),
            "1:1: sale is " + std::to_string(sale.size()) + " bytes, more than the limit of 1048576 (1 MiB)");
}

// ---- the exportctl command --------------------------------------------------------------------------

class CliErrorsTest : public testing::CliFixture {
 protected:
  using Result = testing::CliResult;
};

TEST_F(CliErrorsTest, CheckWithABadSaleExitsTwoWithOneLine) {
  const Result r = Run("check -", R"({"date":"2025-09-01","item":"H20","destination":"ZZ"})");
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, "exportctl: <stdin>:1:49: unknown country 'ZZ'\n");
}

TEST_F(CliErrorsTest, BadRulePackExitsTwo) {
  const std::string pack = Write("bad.toml", "format = 2\n");
  const Result r = Run("check --rules " + pack + " -", R"({"date":"2025-09-01","item":"H20","destination":"CN"})");
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err, "exportctl: " + pack + ":1:10: unsupported pack format 2 (this library reads 1)\n");
}

TEST_F(CliErrorsTest, MissingRulePackFileExitsTwo) {
  const Result r =
      Run("check --rules /nonexistent/p.toml -", R"({"date":"2025-09-01","item":"H20","destination":"CN"})");
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err, "exportctl: cannot read '/nonexistent/p.toml'\n");
}

TEST_F(CliErrorsTest, BatchReportsABadLineAndGoesOn) {
  const Result r = Run("batch --threads 1 -",
                       "{\"date\":\"2025-09-01\",\"item\":\"H20\",\"destination\":\"CN\"}\n"
                       "{\"date\":\"2025-09-01\",\"item\":\"H2O\",\"destination\":\"CN\"}\n"
                       "not json\n");
  EXPECT_EQ(r.status, 1);
  std::istringstream lines(r.out);
  std::string first, second, third;
  std::getline(lines, first);
  std::getline(lines, second);
  std::getline(lines, third);
  EXPECT_EQ(first.rfind("{\"line\":1,\"allowed\":", 0), 0u) << first;
  EXPECT_EQ(second, R"({"line":2,"error":"2:29: unknown chip 'H2O'"})");
  EXPECT_EQ(third.rfind(R"({"line":3,"error":"3:)", 0), 0u) << third;
}

TEST_F(CliErrorsTest, BatchOwnersTooDeepIsABadLine) {
  const std::string line =
      R"({"date":"2025-09-01","item":"H20","destination":"CN","buyer":{"owners":)" + Owners(65, 1) + "}}\n";
  const Result r = Run("batch --threads 1 -", line);
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.out.find("ownership tree deeper than 64 levels"), std::string::npos) << r.out;
}

TEST_F(CliErrorsTest, BatchLineLongerThan1MiBIsABadLine) {
  // batch reads lines in bounded pieces: a longer line is a bad line, not a memory spike.
  const std::string line = R"({"date":"2025-09-01","item":"H20","destination":"CN","buyer":{"name":")" +
                           std::string(2 << 20, 'x') + "\"}}\n";
  const Result r = Run("batch --threads 1 -", line);
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.out, "{\"line\":1,\"error\":\"1:1: line longer than 1048576 bytes\"}\n");
}

}  // namespace
}  // namespace exportctl
