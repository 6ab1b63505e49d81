// Columnar evaluation (exportctl/columns.h, docs/columns.md): the CSV order book's columns as typed
// views, each row read as the CSV row is, the decisions as codes in row order on any thread count.
#include <cmath>
#include <limits>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "cli_runner.h"
#include "exportctl/columns.h"
#include "exportctl/exportctl.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "internal/csv_reader.h"

namespace exportctl {
namespace {

using ::testing::HasSubstr;

const RuleSet& Builtin() {
  static const std::shared_ptr<const RuleSet> rules = *BuiltinRuleSet();
  return *rules;
}

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// A CSV text as columns of text cells (a blank cell absent), the way a caller would hold one.
struct TextTable {
  std::vector<std::string> names;
  std::vector<std::vector<std::string>> cells;       // [column][row]
  std::vector<std::vector<std::string_view>> views;  // the same, absent as a null view
  std::vector<SaleColumn> columns;
  size_t rows = 0;

  explicit TextTable(std::string_view csv) {
    internal::CsvReader reader(csv);
    internal::CsvRecord record;
    std::string error;
    bool header = true;
    while (reader.Next(record, error) == internal::CsvReader::Result::kRecord) {
      if (header) {
        names = record.fields;
        cells.resize(names.size());
        header = false;
        continue;
      }
      for (size_t c = 0; c < names.size(); ++c) cells[c].push_back(c < record.fields.size() ? record.fields[c] : "");
      ++rows;
    }
    views.resize(names.size());
    for (size_t c = 0; c < names.size(); ++c) {
      for (const std::string& s : cells[c]) views[c].push_back(s.empty() ? std::string_view() : std::string_view(s));
      columns.push_back(SaleColumn::Text(names[c], views[c].data()));
    }
  }
};

// A deterministic order book of `n` rows over chips, destinations, dates, prices, buyers and
// licenses, every 50th row bad (an unknown chip, an impossible date, a zero quantity).
std::string SyntheticCsv(int n) {
  const char* chips[] = {"H20", "H100", "A100", "RTX 4090", "H200", "MI308X", "Ascend 910B", "L20"};
  const char* destinations[] = {"CN", "AE", "DE", "IN", "RU", "SG", "MY", "US", "HK"};
  std::ostringstream out;
  out << "id,date,item,quantity,unit_price_usd,destination,buyer_name,buyer_headquarters,end_use,"
         "license_jurisdiction,license_valid_from,license_quantity,datacenter_pue\n";
  for (int i = 0; i < n; ++i) {
    const int year = 2022 + i % 5, month = 1 + (i * 7) % 12;
    std::string date = std::to_string(year) + "-" + (month < 10 ? "0" : "") + std::to_string(month) + "-15";
    std::string item = chips[i % 8], quantity = std::to_string(1 + (i * 37) % 3000);
    if (i % 50 == 7) item = "No Such Chip";
    if (i % 50 == 17) date = "2025-02-30";
    if (i % 50 == 27) quantity = "0";
    out << "S" << i << "," << date << "," << item << "," << quantity << "," << (i % 3 == 0 ? "" : "12000") << ","
        << destinations[i % 9] << "," << (i % 4 == 0 ? "" : "Example Cloud Co") << "," << (i % 5 == 0 ? "CN" : "")
        << "," << (i % 6 == 0 ? "new_datacenter" : "") << ",";
    if (i % 7 == 0) out << "US,2022-01-01," << (i % 2 == 0 ? "100000" : "10");
    else out << ",,";
    out << "," << (i % 8 == 0 ? "1.2" : "") << "\n";
  }
  return out.str();
}

// The batch's CSV decision rows, one per sale.
std::vector<std::string> BatchCsvRows(std::string_view csv, int threads) {
  BatchOptions options;
  options.input_format = BatchFormat::kCsv;
  options.output_format = BatchFormat::kCsv;
  options.threads = threads;
  std::vector<std::string> rows;
  const absl::StatusOr<BatchSummary> s = EvaluateJsonLinesEach(
      Builtin(), JsonLinesInput::Buffer(csv),
      [&](const BatchResult& r) {
        rows.emplace_back(r.json);
        return absl::OkStatus();
      },
      options);
  EXPECT_TRUE(s.ok()) << s.status();
  return rows;
}

std::vector<std::string> Split(const std::string& row) {
  std::vector<std::string> cells;
  internal::CsvReader reader(row);
  internal::CsvRecord record;
  std::string error;
  if (reader.Next(record, error) == internal::CsvReader::Result::kRecord) cells = record.fields;
  return cells;
}

std::string RulesOf(const DecisionColumns& d, size_t row) {
  std::string joined;
  for (uint32_t k = d.rule_offsets[row]; k < d.rule_offsets[row + 1]; ++k) {
    if (!joined.empty()) joined += "; ";
    joined += d.rule_ids[static_cast<size_t>(d.rule_index[k])];
  }
  return joined;
}

TEST(SaleColumnsTest, SameVerdictsRulesAndErrorsAsTheCsvBatchOnAnyThreadCount) {
  const std::string csv = SyntheticCsv(3000);
  const TextTable table(csv);
  const std::vector<std::string> want = BatchCsvRows(csv, 2);
  ASSERT_EQ(want.size(), table.rows);
  absl::StatusOr<DecisionColumns> one = EvaluateColumns(Builtin(), table.columns, table.rows, {.threads = 1});
  ASSERT_TRUE(one.ok()) << one.status();
  size_t error = 0;
  for (size_t r = 0; r < table.rows; ++r) {
    const std::vector<std::string> cells = Split(want[r]);  // id,line,verdict,allowed,us..,cn..,exc,cond,rules,..,error
    ASSERT_GE(cells.size(), 10u);
    const std::string& csv_error = cells.back();
    if (!csv_error.empty()) {
      ASSERT_LT(error, one->errors.size());
      EXPECT_EQ(one->errors[error].row, r);
      // The CSV error is "LINE:COLUMN: message"; the table's the message, its column the same one.
      EXPECT_THAT(csv_error, HasSubstr(one->errors[error].message)) << r;
      EXPECT_EQ(csv_error.substr(csv_error.find(':') + 1, csv_error.find(": ") - csv_error.find(':') - 1),
                std::to_string(one->errors[error].column + 1));
      EXPECT_EQ(one->verdict[r], -1);
      EXPECT_EQ(one->allowed[r], 0);
      ++error;
      continue;
    }
    EXPECT_EQ(VerdictName(static_cast<Verdict>(one->verdict[r])), cells[2]) << r;
    EXPECT_EQ(one->allowed[r] != 0, cells[3] == "true") << r;
    EXPECT_EQ(RulesOf(*one, r), cells[cells.size() - 4]) << r;
    const std::string exception =
        one->license_exception[r] < 0 ? "" : one->license_exceptions[one->license_exception[r]];
    EXPECT_EQ(exception, cells[4 + 2 * one->jurisdictions.size()]) << r;
  }
  EXPECT_EQ(error, one->errors.size());
  EXPECT_EQ(error, 180u);  // 3 bad rows in each 50
  for (int threads : {2, 3, 0}) {
    absl::StatusOr<DecisionColumns> many = EvaluateColumns(Builtin(), table.columns, table.rows, {.threads = threads});
    ASSERT_TRUE(many.ok()) << many.status();
    EXPECT_EQ(many->verdict, one->verdict);
    EXPECT_EQ(many->allowed, one->allowed);
    EXPECT_EQ(many->jurisdiction_verdict, one->jurisdiction_verdict);
    EXPECT_EQ(many->review_policy, one->review_policy);
    EXPECT_EQ(many->rule_offsets, one->rule_offsets);
    EXPECT_EQ(many->rule_index, one->rule_index);
    EXPECT_EQ(many->license_exception, one->license_exception);
    EXPECT_EQ(many->license_exceptions, one->license_exceptions);
    ASSERT_EQ(many->errors.size(), one->errors.size());
    for (size_t e = 0; e < one->errors.size(); ++e) EXPECT_EQ(many->errors[e].message, one->errors[e].message);
  }
}

TEST(SaleColumnsTest, NumbersBoolsAndCodesAreReadAsTheirCsvText) {
  const std::vector<std::string_view> dictionary = {"2025-09-01", "H20", "CN", "H100"};
  const std::vector<int32_t> date = {0, 0, 0, 0, 0, -1}, item = {1, 1, 3, 1, 1, 1}, destination = {2, 2, 2, 2, 2, 2};
  const std::vector<double> quantity = {100000, kNaN, 1.5, 0, 1000, 1000};  // 100000, not "1e+05"
  const std::vector<double> price = {12000, 12000, 12000, 12000, kNaN, 12000};
  const std::vector<uint8_t> hub = {1, 0, 2, 0, 255, 0};
  const std::vector<double> pue = {1.25, kNaN, kNaN, kNaN, std::numeric_limits<double>::infinity(), kNaN};
  const std::vector<SaleColumn> columns = {SaleColumn::Codes("date", date.data(), dictionary),
                                           SaleColumn::Codes("item", item.data(), dictionary),
                                           SaleColumn::Codes("destination", destination.data(), dictionary),
                                           SaleColumn::Numbers("quantity", quantity.data()),
                                           SaleColumn::Numbers("unit_price_usd", price.data()),
                                           SaleColumn::Bools("datacenter_national_hub", hub.data()),
                                           SaleColumn::Numbers("datacenter_pue", pue.data())};
  absl::StatusOr<DecisionColumns> d = EvaluateColumns(Builtin(), columns, 6, {.threads = 2});
  ASSERT_TRUE(d.ok()) << d.status();
  ASSERT_EQ(d->errors.size(), 4u);
  EXPECT_EQ(d->errors[0].row, 2u);  // 1.5 units
  EXPECT_EQ(d->errors[0].message, "'quantity' must be a positive integer, got '1.5'");
  EXPECT_EQ(RowErrorText(d->errors[0], columns),
            "row 2, column 'quantity': 'quantity' must be a positive integer, got '1.5'");
  EXPECT_EQ(d->errors[1].row, 3u);
  EXPECT_EQ(d->errors[1].message, "'quantity' must be a positive integer, got '0'");
  EXPECT_EQ(d->errors[2].row, 4u);  // an infinite PUE is no number
  EXPECT_EQ(d->errors[2].column, 6);
  EXPECT_EQ(d->errors[3].row, 5u);  // an absent date: no default, an error at its column
  EXPECT_EQ(d->errors[3].message, "no 'date'");
  EXPECT_EQ(d->errors[3].column, 0);
  // Row 0 and row 1 (NaN quantity: the default 1) are decided; so is the revenue share's amount.
  EXPECT_EQ(d->verdict[1], d->verdict[0]);
  EXPECT_GE(d->verdict[0], 0);
  for (const ConditionColumn& c : d->conditions) {
    if (c.name == "revenue_share_usd" && !std::isnan(c.values[0])) EXPECT_EQ(c.values[0], 100000 * 12000 * 0.15);
  }
}

TEST(SaleColumnsTest, TheRevenueShareIsAnAmountColumnAsInTheJsonDecision) {
  const std::vector<std::string_view> date = {"2025-09-01"}, item = {"H20"}, destination = {"CN"}, license = {"US"},
                                      from = {"2025-08-08"};
  const std::vector<double> quantity = {1000}, price = {12000};
  const std::vector<SaleColumn> columns = {SaleColumn::Text("date", date.data()),
                                           SaleColumn::Text("item", item.data()),
                                           SaleColumn::Text("destination", destination.data()),
                                           SaleColumn::Numbers("quantity", quantity.data()),
                                           SaleColumn::Numbers("unit_price_usd", price.data()),
                                           SaleColumn::Text("license_jurisdiction", license.data()),
                                           SaleColumn::Text("license_valid_from", from.data())};
  absl::StatusOr<DecisionColumns> d = EvaluateColumns(Builtin(), columns, 1);
  ASSERT_TRUE(d.ok()) << d.status();
  ASSERT_TRUE(d->errors.empty()) << d->errors[0].message;
  EXPECT_EQ(static_cast<Verdict>(d->verdict[0]), Verdict::kAllowedWithConditions);
  EXPECT_EQ(d->allowed[0], 1);
  EXPECT_EQ(d->condition_kinds[0] & (1u << static_cast<unsigned>(ConditionKind::kRevenueShare)),
            1u << static_cast<unsigned>(ConditionKind::kRevenueShare));
  EXPECT_EQ(d->conditions[0].name, "revenue_share_percent");
  EXPECT_EQ(d->conditions[0].values[0], 15);
  EXPECT_EQ(d->conditions[1].name, "revenue_share_usd");
  EXPECT_EQ(d->conditions[1].values[0], 1800000);
  EXPECT_TRUE(std::isnan(d->conditions[2].values[0]));  // no import duty
  EXPECT_THAT(RulesOf(*d, 0), HasSubstr("us-h20-share"));
}

TEST(SaleColumnsTest, ATableThatIsNotOneOfSalesFailsTheCall) {
  const std::vector<std::string_view> text = {"x"};
  const auto error = [&](std::vector<SaleColumn> columns, size_t rows = 1, int threads = 0) {
    return EvaluateColumns(Builtin(), columns, rows, {.threads = threads}).status();
  };
  const SaleColumn date = SaleColumn::Text("date", text.data()), item = SaleColumn::Text("item", text.data()),
                   destination = SaleColumn::Text("destination", text.data());
  EXPECT_EQ(error({date, item}), absl::InvalidArgumentError("the table has no 'destination' column"));
  EXPECT_EQ(error({date, item, destination, SaleColumn::Text("qty", text.data())}),
            absl::InvalidArgumentError("column 'qty': unknown column 'qty' (docs/csv.md lists the columns)"));
  EXPECT_EQ(error({date, item, destination, date}),
            absl::InvalidArgumentError("column 'date': column 'date' appears twice"));
  EXPECT_THAT(error({date, item, destination, SaleColumn::Text("buyer_owners", text.data())}).message(),
              HasSubstr("column 'buyer_owners': "));
  EXPECT_THAT(error({date, item, destination, SaleColumn::Text("license_colour", text.data())}).message(),
              HasSubstr("unknown column 'license_colour'"));
  EXPECT_EQ(error({date, item, SaleColumn::Text("destination", nullptr)}),
            absl::InvalidArgumentError("column 'destination' has no data"));
  EXPECT_EQ(error({date, item, destination}, 1, -1).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(error({date, item, destination}, 1, kMaxBatchThreads + 1).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(error({date, item, SaleColumn::Text("destination", nullptr)}, 0).ok());  // no rows, no data needed
}

TEST(SaleColumnsTest, RowCountsAroundAChunkAndNoRows) {
  for (size_t rows : {size_t{0}, size_t{1}, size_t{1023}, size_t{1024}, size_t{1025}, size_t{2049}}) {
    std::vector<std::string_view> date(rows, "2024-06-01"), item(rows, "H100"), destination(rows, "AE");
    if (rows > 0) item[rows - 1] = "H2O";
    const std::vector<SaleColumn> columns = {SaleColumn::Text("date", date.data()),
                                             SaleColumn::Text("item", item.data()),
                                             SaleColumn::Text("destination", destination.data())};
    absl::StatusOr<DecisionColumns> d = EvaluateColumns(Builtin(), columns, rows, {.threads = 2});
    ASSERT_TRUE(d.ok()) << d.status();
    EXPECT_EQ(d->verdict.size(), rows);
    EXPECT_EQ(d->rule_offsets.size(), rows + 1);
    ASSERT_EQ(d->errors.size(), rows > 0 ? 1u : 0u);
    if (rows == 0) continue;
    EXPECT_EQ(d->errors[0].row, rows - 1);
    EXPECT_EQ(d->errors[0].message, "unknown chip 'H2O'");
    EXPECT_EQ(d->errors[0].column, 1);
    EXPECT_EQ(d->rule_offsets[rows], d->rule_offsets[rows - 1]);  // a bad row fires nothing
    for (size_t r = 0; r + 1 < rows; ++r) ASSERT_EQ(d->verdict[r], d->verdict[0]);
  }
}

TEST(SaleColumnsTest, ACellThatIsNotUtf8IsABadRow) {
  const std::vector<std::string_view> date = {"2025-09-01", "2025-09-01"}, item = {"H20", "H20"},
                                      destination = {"CN", "CN"}, buyer = {"Caf\xe9", "Caf\xc3\xa9"};
  const std::vector<SaleColumn> columns = {SaleColumn::Text("date", date.data()), SaleColumn::Text("item", item.data()),
                                           SaleColumn::Text("destination", destination.data()),
                                           SaleColumn::Text("buyer_name", buyer.data())};
  absl::StatusOr<DecisionColumns> d = EvaluateColumns(Builtin(), columns, 2);
  ASSERT_TRUE(d.ok()) << d.status();
  ASSERT_EQ(d->errors.size(), 1u);
  EXPECT_EQ(d->errors[0].row, 0u);
  EXPECT_EQ(d->errors[0].column, 3);
  EXPECT_EQ(d->errors[0].message, "invalid UTF-8");
  EXPECT_GE(d->verdict[1], 0);
}

}  // namespace
}  // namespace exportctl
