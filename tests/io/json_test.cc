// The contract JSON: sale parsing (defaults, every field, errors with positions) and decision
// output (every contract field, stable order, valid JSON).
#include "exportctl/json.h"

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

#include "exportctl/exportctl.h"
#include "gtest/gtest.h"
#include "simdjson.h"
#include "test_support.h"

namespace exportctl {
namespace {

using ::exportctl::testing::BasePack;
using ::exportctl::testing::D;
using ::exportctl::testing::MakeChip;
using ::exportctl::testing::MustCompile;

std::string Message(const absl::Status& s) { return std::string(s.message().data(), s.message().size()); }

class JsonTest : public ::testing::Test {
 protected:
  void SetUp() override {
    RulePack pack = BasePack();
    CatalogChip h20;
    h20.chip = MakeChip("NVIDIA H20", 296, 814);
    h20.chip.vendor = "NVIDIA";
    h20.aliases = {"H20"};
    pack.chips.push_back(h20);
    rules_ = MustCompile(pack);
    ASSERT_NE(rules_, nullptr);
  }

  absl::StatusOr<Sale> Parse(std::string_view json) { return ParseSaleJson(json, *rules_); }

  // The error message of parsing `json`, or "ok".
  std::string Error(std::string_view json) {
    absl::StatusOr<Sale> s = Parse(json);
    if (s.ok()) return "ok";
    EXPECT_EQ(s.status().code(), absl::StatusCode::kInvalidArgument) << s.status();
    return Message(s.status());
  }

  std::shared_ptr<const RuleSet> rules_;
};

TEST_F(JsonTest, MinimalSaleTakesTheContractDefaults) {
  absl::StatusOr<Sale> s = Parse(R"({"date":"2025-09-01","item":"h20","destination":"CN"})");
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->date, D("2025-09-01"));
  EXPECT_EQ(s->item.model, "NVIDIA H20");
  EXPECT_EQ(s->destination, Country::Of("CN"));
  EXPECT_EQ(s->quantity, 1);
  EXPECT_FALSE(s->unit_price_usd.has_value());
  EXPECT_EQ(s->exported_from, Country::Of("US"));
  EXPECT_EQ(s->buyer.sector, Sector::kCommercial);
  EXPECT_FALSE(s->buyer.headquarters.has_value());
  EXPECT_FALSE(s->buyer.ultimate_parent_headquarters.has_value());
  EXPECT_TRUE(s->buyer.owners.empty());
  EXPECT_EQ(s->end_use, EndUse::kDatacenter);
  EXPECT_TRUE(s->licenses.empty());
  EXPECT_TRUE(s->notifications.empty());
  EXPECT_TRUE(s->approvals.empty());
  EXPECT_FALSE(s->domestic_chips_purchased.has_value());
  EXPECT_FALSE(s->us_units_shipped.has_value());
  EXPECT_FALSE(s->datacenter.pue.has_value());
  EXPECT_FALSE(s->datacenter.national_hub);
}

// SaleParseOptions::default_date: a sale without "date" takes it (both the fast path and, for a
// chip object item, the reader); a sale with one keeps its own; without the option "date" is required.
TEST_F(JsonTest, DefaultDateFillsAMissingDateOnly) {
  const Date day(2024, 5, 6);
  for (const char* item : {R"("H20")", R"({"model":"X","tpp":100})"}) {
    const std::string without = std::string(R"({"item":)") + item + R"(,"destination":"CN","buyer":{"name":"date"}})";
    absl::StatusOr<Sale> sale = ParseSaleJson(without, *rules_, {.default_date = day});
    ASSERT_TRUE(sale.ok()) << sale.status();
    EXPECT_EQ(sale->date, day);
    EXPECT_EQ(ParseSaleJson(without, *rules_).status().message(), "1:1: missing required field 'date' in sale");
    const std::string with = std::string(R"({"date":"2023-01-02","item":)") + item + R"(,"destination":"CN"})";
    sale = ParseSaleJson(with, *rules_, {.default_date = day});
    ASSERT_TRUE(sale.ok()) << sale.status();
    EXPECT_EQ(sale->date, Date(2023, 1, 2));
  }
}

TEST_F(JsonTest, CatalogNamesAreCaseInsensitiveAndTakeAliases) {
  for (const char* name : {"H20", "NVIDIA H20", "nvidia h20"}) {
    absl::StatusOr<Sale> s = Parse(std::string(R"({"date":"2025-09-01","item":")") + name + R"(","destination":"CN"})");
    ASSERT_TRUE(s.ok()) << name << ": " << s.status();
    EXPECT_EQ(s->item.model, "NVIDIA H20");
    ASSERT_TRUE(s->item.die_area_mm2.has_value());
  }
}

TEST_F(JsonTest, EveryField) {
  constexpr std::string_view kSale = R"({
  "id": "SO-2025-0042",
  "date": "2025-09-01",
  "item": "H20",
  "quantity": 1000,
  "unit_price_usd": 12000.5,
  "destination": "CN",
  "exported_from": "SG",
  "buyer": {"name": "Example Cloud Co", "headquarters": "CN", "ultimate_parent_headquarters": "HK",
            "sector": "state_owned",
            "owners": [{"name": "Parent Holding", "percent": 60,
                        "owners": [{"name": "Grand \"Parent\"", "percent": 100}]},
                       {"name": "Other", "percent": 40, "owners": []}]},
  "end_use": "new_datacenter",
  "licenses": [{"jurisdiction": "US", "valid_from": "2025-08-08", "valid_until": "2026-08-08",
                "items": ["H20", "NVIDIA H20"], "destination": "CN", "buyer": "Example Cloud Co", "quantity": 5000,
                "id": "D1234567"}],
  "notifications": [{"exception": "NAC", "filed": "2025-07-01", "authorization": "A123456"}],
  "approvals": [{"jurisdiction": "CN", "valid_from": "2026-01-28", "quantity": 100000}],
  "domestic_chips_purchased": 7,
  "us_units_shipped": 0,
  "us_import_value_usd": 2500000,
  "datacenter": {"pue": 1.28, "national_hub": true}
})";
  absl::StatusOr<Sale> s = Parse(kSale);
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->quantity, 1000);
  ASSERT_TRUE(s->unit_price_usd.has_value());
  EXPECT_DOUBLE_EQ(s->unit_price_usd->value(), 12000.5);
  EXPECT_EQ(s->exported_from, Country::Of("SG"));
  EXPECT_EQ(s->buyer.name, "Example Cloud Co");
  EXPECT_EQ(s->buyer.headquarters, Country::Of("CN"));
  EXPECT_EQ(s->buyer.ultimate_parent_headquarters, Country::Of("HK"));
  EXPECT_EQ(s->buyer.sector, Sector::kStateOwned);
  ASSERT_EQ(s->buyer.owners.size(), 2u);
  EXPECT_EQ(s->buyer.owners[0].name, "Parent Holding");
  EXPECT_DOUBLE_EQ(s->buyer.owners[0].percent, 60);
  ASSERT_EQ(s->buyer.owners[0].owners.size(), 1u);
  EXPECT_EQ(s->buyer.owners[0].owners[0].name, "Grand \"Parent\"");
  EXPECT_DOUBLE_EQ(s->buyer.owners[0].owners[0].percent, 100);
  EXPECT_EQ(s->buyer.owners[1].name, "Other");
  EXPECT_EQ(s->end_use, EndUse::kNewDatacenter);
  ASSERT_EQ(s->licenses.size(), 1u);
  const Authorization& l = s->licenses[0];
  EXPECT_EQ(l.jurisdiction, Country::Of("US"));
  EXPECT_EQ(l.valid_from, D("2025-08-08"));
  EXPECT_EQ(l.valid_until, D("2026-08-08"));
  EXPECT_EQ(l.items, (std::vector<std::string>{"H20", "NVIDIA H20"}));
  EXPECT_EQ(l.id, "D1234567");
  ASSERT_TRUE(s->id.has_value());
  EXPECT_EQ(s->id->text, "SO-2025-0042");
  EXPECT_FALSE(s->id->integer);
  ASSERT_TRUE(s->us_import_value_usd.has_value());
  EXPECT_DOUBLE_EQ(s->us_import_value_usd->value(), 2500000);
  EXPECT_EQ(l.destination, Country::Of("CN"));
  EXPECT_EQ(l.buyer, "Example Cloud Co");
  EXPECT_EQ(l.quantity, 5000);
  ASSERT_EQ(s->notifications.size(), 1u);
  EXPECT_EQ(s->notifications[0].exception, "NAC");
  EXPECT_EQ(s->notifications[0].filed, D("2025-07-01"));
  EXPECT_EQ(s->notifications[0].authorization, "A123456");
  ASSERT_EQ(s->approvals.size(), 1u);
  EXPECT_EQ(s->approvals[0].jurisdiction, Country::Of("CN"));
  EXPECT_EQ(s->approvals[0].valid_from, D("2026-01-28"));
  EXPECT_TRUE(s->approvals[0].valid_until.is_unbounded());
  EXPECT_TRUE(s->approvals[0].items.empty());
  EXPECT_FALSE(s->approvals[0].destination.has_value());
  EXPECT_FALSE(s->approvals[0].buyer.has_value());
  EXPECT_EQ(s->approvals[0].quantity, 100000);
  EXPECT_EQ(s->domestic_chips_purchased, 7);
  EXPECT_EQ(s->us_units_shipped, 0);
  EXPECT_EQ(s->datacenter.pue, 1.28);
  EXPECT_TRUE(s->datacenter.national_hub);
}

TEST_F(JsonTest, NewContractFields) {
  absl::StatusOr<Sale> s = Parse(R"({"id": 42, "date":"2025-09-01","item":"H20","destination":"CN"})");
  ASSERT_TRUE(s.ok()) << s.status();
  ASSERT_TRUE(s->id.has_value());
  EXPECT_EQ(s->id->text, "42");
  EXPECT_TRUE(s->id->integer);
  EXPECT_EQ(Error(R"({"id": true, "date":"2025-09-01","item":"H20","destination":"CN"})"),
            "1:8: 'id' must be a string or an integer, not a boolean");
  // A license for a chip the catalog does not know is an input error at its place, like `item`.
  EXPECT_EQ(
      Error(
          R"({"date":"2025-09-01","item":"H20","destination":"CN","licenses":[{"jurisdiction":"US","valid_from":"2025-01-01","items":["H2O"]}]})"),
      "1:122: unknown chip 'H2O' in license 'items'");
  EXPECT_EQ(
      Error(
          R"({"date":"2025-09-01","item":"H20","destination":"CN","notifications":[{"exception":"NAC","filed":"2025-01-01","authorization":"123456"}]})"),
      "1:127: 'authorization' must be a BIS authorization number ('A' and six digits), got '123456'");
  EXPECT_EQ(Error(R"({"date":"2025-09-01","item":"H20","destination":"CN","us_import_value_usd":-1})"),
            "1:76: 'us_import_value_usd' must be a non-negative number, got '-1'");
}

TEST_F(JsonTest, ChipObjectItem) {
  absl::StatusOr<Sale> s = Parse(R"({"date":"2025-09-01","destination":"CN","item":
    {"model": "Custom X1", "vendor": "Example", "origin": "US", "datacenter": true,
     "die_area_mm2": 600, "dense_tops": {"fp8": 250, "fp16": 125},
     "interconnect_gbps": 900, "memory_bandwidth_gbps": 3000, "memory_gb": 96, "tdp_w": 350}})");
  ASSERT_TRUE(s.ok()) << s.status();
  const Chip& c = s->item;
  EXPECT_EQ(c.model, "Custom X1");
  EXPECT_EQ(c.vendor, "Example");
  EXPECT_EQ(c.origin, Country::Of("US"));
  EXPECT_TRUE(c.datacenter);
  EXPECT_EQ(c.die_area_mm2->value(), 600);
  EXPECT_EQ(c.tops(Precision::kFp8)->value(), 250);
  EXPECT_EQ(c.tops(Precision::kFp16)->value(), 125);
  EXPECT_FALSE(c.tops(Precision::kInt8).has_value());
  EXPECT_EQ(c.interconnect_gbps->value(), 900);
  EXPECT_EQ(c.memory_bandwidth_gbps->value(), 3000);
  EXPECT_EQ(c.memory_gb->value(), 96);
  EXPECT_EQ(c.tdp_w->value(), 350);
  EXPECT_EQ(c.tpp().value->value(), 2000);

  absl::StatusOr<Chip> direct = ParseChipJson(R"({"model": "T", "origin": "CN", "tpp": 4707})");
  ASSERT_TRUE(direct.ok()) << direct.status();
  EXPECT_EQ(direct->tpp().value->value(), 4707);
  EXPECT_FALSE(direct->die_area_mm2.has_value());
  EXPECT_FALSE(direct->datacenter);
}

TEST_F(JsonTest, ErrorsNameTheirPosition) {
  EXPECT_EQ(Error(R"({"date":"2025-09-01","item":"H20","quantityy":1,"destination":"CN"})"),
            "1:35: unknown field 'quantityy' in sale");
  EXPECT_EQ(Error(R"({"date": "2025-02-30", "item": "H20", "destination": "CN"})"),
            "1:10: invalid date '2025-02-30' (no such day)");
  EXPECT_EQ(Error(R"({"date": "2025-9-1", "item": "H20", "destination": "CN"})"),
            "1:10: invalid date '2025-9-1' (expected YYYY-MM-DD)");
  EXPECT_EQ(Error(R"({"date":"2025-09-01","item":"H2O","destination":"CN"})"), "1:29: unknown chip 'H2O'");
  EXPECT_EQ(Error(R"({"date":"2025-09-01","item":"H20"})"), "1:1: missing required field 'destination' in sale");
  EXPECT_EQ(Error(R"({"item":"H20","destination":"CN"})"), "1:1: missing required field 'date' in sale");
  EXPECT_EQ(Error(R"({"date":"2025-09-01","item":"H20","destination":"XX"})"), "1:49: unknown country 'XX'");
  EXPECT_EQ(Error(R"({"date":"2025-09-01","item":"H20","destination":"CN","quantity":0})"),
            "1:65: 'quantity' must be a positive integer, got '0'");
  EXPECT_EQ(Error(R"({"date":"2025-09-01","item":"H20","destination":"CN","quantity":1.5})"),
            "1:65: 'quantity' must be a positive integer, got '1.5'");
  EXPECT_EQ(Error(R"({"date":"2025-09-01","item":"H20","destination":"CN","unit_price_usd":-1})"),
            "1:71: 'unit_price_usd' must be a non-negative number, got '-1'");
  EXPECT_EQ(Error(R"({"date":20250901,"item":"H20","destination":"CN"})"),
            "1:9: 'date' must be a string, not a number");
  EXPECT_EQ(Error(R"({"date":"2025-09-01","item":"H20","destination":"CN","buyer":{"hq":"CN"}})"),
            "1:63: unknown field 'hq' in buyer");
  EXPECT_EQ(Error(R"({"date":"2025-09-01","item":"H20","destination":"CN","buyer":{"sector":"army"}})"),
            "1:72: unknown sector 'army'");
  EXPECT_EQ(Error(R"({"date":"2025-09-01","item":"H20","destination":"CN","end_use":"gaming"})"),
            "1:64: unknown end use 'gaming'");
  EXPECT_EQ(Error(R"({"date":"2025-09-01","item":"H20","destination":"CN","date":"2025-09-02"})"),
            "1:54: duplicate field 'date' in sale");
  EXPECT_EQ(Error(R"({"date":"2025-09-01","item":"H20","destination":"CN"} x)"),
            "1:55: unexpected content after the value");
  EXPECT_EQ(Error(R"(["2025-09-01"])"), "1:1: expected a sale object, not an array");
  EXPECT_EQ(Error(""), "1:1: empty input");
  EXPECT_EQ(Error(R"({"date":"2025-09-01","item":{"model":"X","dense_tops":{"fp12":1}},"destination":"CN"})"),
            "1:56: unknown precision 'fp12' in dense_tops (expected fp4, fp8, int8, fp16, bf16, tf32, fp32 or fp64)");
  EXPECT_EQ(Error(R"({"date":"2025-09-01","item":{"model":"X","tpp":5,"dense_tops":{}},"destination":"CN"})"),
            "1:48: give either 'tpp' or 'dense_tops' in item, not both");
  EXPECT_EQ(Error(R"({"date":"2025-09-01","item":{"model":"X","die_area_mm2":0},"destination":"CN"})"),
            "1:57: 'die_area_mm2' must be a positive number, got '0'");
  EXPECT_EQ(Error(R"({"date":"2025-09-01","item":true,"destination":"CN"})"),
            "1:29: 'item' must be a catalog name or a chip object, not a boolean");
}

TEST_F(JsonTest, MalformedScalarsAreMalformedNotMerelyTheWrongType) {
  EXPECT_EQ(Error("not json"), "1:1: invalid literal");
  EXPECT_EQ(Error("nul"), "1:1: invalid literal");
  EXPECT_EQ(Error("nullx"), "1:1: invalid literal");
  EXPECT_EQ(Error("12x"), "1:1: invalid number");
  EXPECT_EQ(Error("null"), "1:1: expected a sale object, not null");
  EXPECT_EQ(Error(" true"), "1:2: expected a sale object, not a boolean");
  EXPECT_EQ(Error("12"), "1:1: expected a sale object, not a number");
}

TEST_F(JsonTest, ErrorsInNestedObjectsAndOnLaterLines) {
  EXPECT_EQ(Error("{\"date\": \"2025-09-01\",\n \"item\": \"H20\",\n  \"destination\": \"CN\",\n"
                  "  \"buyer\": {\"owners\": [{\"name\": \"P\", \"percent\": 150}]}}"),
            "4:49: 'percent' must be in (0, 100], got '150'");
  EXPECT_EQ(Error("{\"date\": \"2025-09-01\",\n \"item\": \"H20\", \"destination\": \"CN\",\n"
                  "  \"buyer\": {\"owners\": [{\"name\": \"P\"}]}}"),
            "3:24: missing required field 'percent' in owner");
  EXPECT_EQ(Error(R"({"date":"2025-09-01","item":"H20","destination":"CN",)"
                  R"("licenses":[{"jurisdiction":"US","valid_from":"2025-08-08","valid_until":"2025-08-01"}]})"),
            "1:127: 'valid_until' 2025-08-01 must be after 'valid_from' 2025-08-08");
  EXPECT_EQ(Error(R"({"date":"2025-09-01","item":"H20","destination":"CN","licenses":[{"valid_from":"2025-08-08"}]})"),
            "1:66: missing required field 'jurisdiction' in license");
  EXPECT_EQ(Error(R"({"date":"2025-09-01","item":"H20","destination":"CN","notifications":[{"exception":"NAC"}]})"),
            "1:71: missing required field 'filed' in notification");
  EXPECT_EQ(Error(R"({"date":"2025-09-01","item":"H20","destination":"CN","datacenter":{"pue":1.2,"hub":true}})"),
            "1:78: unknown field 'hub' in datacenter");
  // Columns count characters, not bytes.
  EXPECT_EQ(Error(R"({"date":"2025-09-01","item":"H20","destination":"CN","buyer":{"name":"Ünïcödé","x":1}})"),
            "1:80: unknown field 'x' in buyer");
  // Malformed JSON is an error with a position too.
  const std::string broken = Error(R"({"date":"2025-09-01","item":"H20",,"destination":"CN"})");
  EXPECT_NE(broken.find("1:"), std::string::npos) << broken;
}

TEST_F(JsonTest, OwnershipTreesDeeperThan64LevelsAreRejected) {
  auto tree = [](int depth) {
    std::string s = R"({"date":"2025-09-01","item":"H20","destination":"CN","buyer":{"owners":)";
    for (int i = 0; i < depth; ++i) s += R"([{"name":"o)" + std::to_string(i) + R"(","percent":100,"owners":)";
    s += "[]";
    for (int i = 0; i < depth; ++i) s += "}]";
    return s + "}}";
  };
  EXPECT_EQ(Error(tree(64)), "ok");
  const std::string deep = Error(tree(65));
  EXPECT_NE(deep.find("ownership tree deeper than 64 levels"), std::string::npos) << deep;
}

TEST(JsonEscapeTest, EscapesQuotesBackslashesAndControlCharacters) {
  std::string out;
  AppendJsonEscaped(out, "a\"b\\c\nd\x01\xc3\xa9");
  EXPECT_EQ(out, "a\\\"b\\\\c\\nd\\u0001\xc3\xa9");
}

// The escaper skips clean 8-byte words: a character to escape at any offset, in a string of any
// length, must still be found; UTF-8 bytes pass through.
TEST(JsonEscapeTest, FindsTheCharacterToEscapeAtEveryOffset) {
  for (const char special : {'"', '\\', '\n', '\x1f', '\0'}) {
    for (size_t length = 1; length <= 24; ++length) {
      for (size_t at = 0; at < length; ++at) {
        std::string text(length, 'a');
        if (at % 3 == 1) text.replace(0, 2, "\xc3\xa9");  // é before the special character
        text[at] = special;
        std::string expected;
        for (char c : text) {
          if (c == '"') expected += "\\\"";
          else if (c == '\\') expected += "\\\\";
          else if (c == '\n') expected += "\\n";
          else if (c == '\x1f') expected += "\\u001f";
          else if (c == '\0') expected += "\\u0000";
          else expected += c;
        }
        std::string out;
        AppendJsonEscaped(out, text);
        EXPECT_EQ(out, expected) << "length " << length << " at " << at;
      }
    }
  }
}

// Found by the sale_json fuzzer: a chip of 6.9e19 TPP printed as a 20-digit integer, which
// 64-bit JSON readers (simdjson among them) reject. Every number must read back as a number.
TEST(JsonNumberTest, EveryMagnitudeReadsBackAsTheSameNumber) {
  simdjson::dom::parser parser;
  for (double v : {0.0, -0.0, 1.0, -4800.0, 2.5, 0.001, 123456789012345.0, 999999999999999.0, 1e15,
                   6.933333332933333e19, -1.7e308, 1e-300, 4.9e-324}) {
    std::string out;
    AppendJsonNumber(out, v);
    double back = 0;
    simdjson::dom::element e;
    ASSERT_EQ(parser.parse(out).get(e), simdjson::SUCCESS) << out;
    if (e.is_int64()) back = static_cast<double>(int64_t(e));
    else ASSERT_EQ(e.get(back), simdjson::SUCCESS) << out;
    EXPECT_EQ(back, v) << out;
  }
  std::string out;
  AppendJsonNumber(out, 69333333329333329920.0);
  EXPECT_EQ(out, "6.933333332933333e+19");
  for (double v : {std::numeric_limits<double>::infinity(), std::numeric_limits<double>::quiet_NaN()}) {
    out.clear();
    AppendJsonNumber(out, v);
    EXPECT_EQ(out, "null");
  }
}

// A decision with every optional part filled, pointing at static strings.
Decision FullDecision() {
  Decision d;
  d.verdict = Verdict::kAllowedWithConditions;
  d.allowed = true;
  d.date = D("2025-09-01");
  d.tpp = Tpp(2368);
  d.performance_density = PerformanceDensity(2368.0 / 814);
  JurisdictionDecision us;
  us.jurisdiction = Country::Of("US");
  us.verdict = Verdict::kAllowedWithConditions;
  us.review_policy = ReviewPolicy::kCaseByCase;
  us.licensed = true;
  us.classification = "none";
  JurisdictionDecision cn;
  cn.jurisdiction = Country::Of("CN");
  cn.verdict = Verdict::kAllowed;
  cn.advisories.push_back({"cn-h20-guidance", "discouraged"});
  cn.note = "a note";
  d.jurisdictions = {us, cn};
  ConditionOut share;
  share.kind = ConditionKind::kRevenueShare;
  share.jurisdiction = Country::Of("US");
  share.rule = "us-h20-share";
  share.percent = 15;
  share.amount_usd = 1800000.004;
  d.conditions.push_back(share);
  TraceEntry t;
  t.rule = "us-h20-informed";
  t.jurisdiction = Country::Of("US");
  t.effect = TraceEffect::kLicenseRequired;
  t.legal_force = LegalForce::kExecutiveAction;
  t.citation = "vendor 8-K of 2025-04-15";
  t.detail = "case_by_case";
  t.modeled = true;
  ThresholdUse u;
  u.metric = Metric::kTpp;
  u.value = 2368;
  u.op = CompareOp::kGe;
  u.threshold = 4800;
  u.parameter = "us.3a090.a.tpp";
  u.parameter_from = D("2023-11-17");
  t.thresholds.push_back(u);
  d.trace.push_back(t);
  d.rule_set_hash = 0x0123456789abcdefULL;
  return d;
}

TEST_F(JsonTest, DecisionJsonHasEveryContractFieldInOrder) {
  absl::StatusOr<Sale> sale = Parse(R"({"date":"2025-09-01","item":"H20","destination":"CN","quantity":1000})");
  ASSERT_TRUE(sale.ok()) << sale.status();
  const Decision d = FullDecision();
  const std::string json = DecisionToJson(d, *sale, *rules_);

  // Stable order of the top-level fields.
  size_t last = 0;
  for (const char* key : {"\"allowed\"", "\"verdict\"", "\"date\"", "\"item\"", "\"classification\"",
                          "\"jurisdictions\"", "\"conditions\"", "\"trace\"", "\"rule_set\""}) {
    const size_t at = json.find(key);
    ASSERT_NE(at, std::string::npos) << key << " in " << json;
    EXPECT_GT(at, last) << key;
    last = at;
  }

  simdjson::dom::parser parser;
  simdjson::dom::element root;
  ASSERT_EQ(parser.parse(json).get(root), simdjson::SUCCESS) << json;
  EXPECT_EQ(bool(root["allowed"]), true);
  EXPECT_EQ(std::string_view(root["verdict"]), "allowed_with_conditions");
  EXPECT_EQ(std::string_view(root["date"]), "2025-09-01");
  EXPECT_EQ(std::string_view(root["item"]["model"]), "NVIDIA H20");
  EXPECT_EQ(int64_t(root["item"]["tpp"]), 2368);
  EXPECT_EQ(double(root["item"]["performance_density"]), 2.909);
  EXPECT_EQ(std::string_view(root["classification"]["US"]), "none");
  simdjson::dom::element cn_class;
  EXPECT_NE(root["classification"]["CN"].get(cn_class), simdjson::SUCCESS);
  simdjson::dom::element us = root["jurisdictions"]["US"];
  EXPECT_EQ(std::string_view(us["verdict"]), "allowed_with_conditions");
  EXPECT_EQ(std::string_view(us["review_policy"]), "case_by_case");
  EXPECT_TRUE(us["license_exception"].is_null());
  EXPECT_EQ(bool(us["licensed"]), true);
  simdjson::dom::element cn = root["jurisdictions"]["CN"];
  EXPECT_EQ(std::string_view(cn["verdict"]), "allowed");
  EXPECT_EQ(std::string_view(cn["advisories"].at(0)), "cn-h20-guidance: discouraged");
  EXPECT_EQ(std::string_view(cn["note"]), "a note");
  simdjson::dom::element c = root["conditions"].at(0);
  EXPECT_EQ(std::string_view(c["kind"]), "revenue_share");
  EXPECT_EQ(std::string_view(c["jurisdiction"]), "US");
  EXPECT_EQ(std::string_view(c["rule"]), "us-h20-share");
  EXPECT_EQ(int64_t(c["percent"]), 15);
  EXPECT_EQ(int64_t(c["amount_usd"]), 1800000);  // rounded to cents: an integer here
  simdjson::dom::element t = root["trace"].at(0);
  EXPECT_EQ(std::string_view(t["rule"]), "us-h20-informed");
  EXPECT_EQ(std::string_view(t["jurisdiction"]), "US");
  EXPECT_EQ(std::string_view(t["effect"]), "license_required");
  EXPECT_EQ(std::string_view(t["legal_force"]), "executive_action");
  EXPECT_EQ(std::string_view(t["citation"]), "vendor 8-K of 2025-04-15");
  EXPECT_EQ(std::string_view(t["detail"]), "case_by_case");
  EXPECT_EQ(bool(t["modeled"]), true);
  simdjson::dom::element th = t["thresholds"].at(0);
  EXPECT_EQ(std::string_view(th["metric"]), "tpp");
  EXPECT_EQ(int64_t(th["value"]), 2368);
  EXPECT_EQ(std::string_view(th["op"]), ">=");
  EXPECT_EQ(int64_t(th["threshold"]), 4800);
  EXPECT_EQ(std::string_view(th["parameter"]), "us.3a090.a.tpp");
  EXPECT_EQ(std::string_view(th["from"]), "2023-11-17");
  EXPECT_EQ(std::string_view(root["rule_set"]["packs"].at(0)["id"]), "test");
  EXPECT_EQ(std::string_view(root["rule_set"]["packs"].at(0)["revision"]), "1");
  EXPECT_EQ(std::string_view(root["rule_set"]["hash"]), "0123456789abcdef");
  // No top-level "missing" when nothing is missing.
  simdjson::dom::element missing;
  EXPECT_NE(root["missing"].get(missing), simdjson::SUCCESS);

  // Pretty output is the same JSON, indented by two spaces; the compact form has no newline.
  const std::string pretty = DecisionToJson(d, *sale, *rules_, {.pretty = true});
  EXPECT_NE(pretty.find("\n  \"verdict\": \"allowed_with_conditions\""), std::string::npos) << pretty;
  EXPECT_EQ(json.find('\n'), std::string::npos);
  simdjson::dom::parser parser2;
  simdjson::dom::element pretty_root;
  ASSERT_EQ(parser2.parse(pretty).get(pretty_root), simdjson::SUCCESS);
  EXPECT_EQ(simdjson::minify(pretty_root), simdjson::minify(root));
  std::string appended = "x";
  AppendDecisionJson(appended, d, *sale, *rules_);
  EXPECT_EQ(appended, "x" + json);
}

TEST_F(JsonTest, DecisionJsonListsMissingSpecsAndEmptyTrace) {
  absl::StatusOr<Sale> sale = Parse(R"({"date":"2025-09-01","destination":"CN","item":{"model":"X","origin":"US"}})");
  ASSERT_TRUE(sale.ok()) << sale.status();
  Decision d;
  d.verdict = Verdict::kIndeterminate;
  d.allowed = false;
  d.date = sale->date;
  d.missing = SpecSet(Spec::kDenseTops) | Spec::kDieArea;
  JurisdictionDecision us;
  us.jurisdiction = Country::Of("US");
  us.verdict = Verdict::kIndeterminate;
  us.classification = "indeterminate";
  us.missing = d.missing;
  d.jurisdictions = {us};
  const std::string json = DecisionToJson(d, *sale, *rules_);
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  ASSERT_EQ(parser.parse(json).get(root), simdjson::SUCCESS) << json;
  EXPECT_TRUE(root["item"]["tpp"].is_null());
  EXPECT_TRUE(root["item"]["performance_density"].is_null());
  EXPECT_EQ(std::string_view(root["item"]["missing"].at(0)), "tpp");
  EXPECT_EQ(std::string_view(root["classification"]["US"]), "indeterminate");
  EXPECT_EQ(std::string_view(root["missing"].at(0)), "tpp");
  EXPECT_EQ(std::string_view(root["missing"].at(1)), "die_area_mm2");
  EXPECT_EQ(std::string_view(root["jurisdictions"]["US"]["missing"].at(1)), "die_area_mm2");
  simdjson::dom::array trace;
  ASSERT_EQ(root["trace"].get(trace), simdjson::SUCCESS);
  EXPECT_EQ(trace.size(), 0u);
  simdjson::dom::array conditions;
  ASSERT_EQ(root["conditions"].get(conditions), simdjson::SUCCESS);
  EXPECT_EQ(conditions.size(), 0u);
}

TEST_F(JsonTest, EvaluatedDecisionRoundTrips) {
  absl::StatusOr<Sale> sale = Parse(R"({"date":"2025-09-01","item":"H20","destination":"CN"})");
  ASSERT_TRUE(sale.ok()) << sale.status();
  EvalOptions options;
  options.trace = TraceLevel::kFull;
  const Decision d = Evaluate(*rules_, *sale, options);
  const std::string json = DecisionToJson(d, *sale, *rules_, {.pretty = true});
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  ASSERT_EQ(parser.parse(json).get(root), simdjson::SUCCESS) << json;
  for (const char* key :
       {"allowed", "verdict", "date", "item", "classification", "jurisdictions", "conditions", "trace", "rule_set"}) {
    simdjson::dom::element e;
    EXPECT_EQ(root[key].get(e), simdjson::SUCCESS) << key;
  }
  EXPECT_EQ(std::string_view(root["rule_set"]["hash"]), rules_->content_hash_hex());
}

}  // namespace
}  // namespace exportctl
