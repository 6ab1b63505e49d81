// exportctl report: a picture of an order book (report_html.h): its JSON Lines evaluated as one
// order book (with its ledger, exportctl/ledger.h), written as one self-contained HTML page (docs/cli.md, report).
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cli.h"
#include "report_html.h"

namespace exportctl::cli {
namespace {

struct ReportArgs {
  std::string input;
  std::string output;
};

absl::StatusOr<int> RunReport(const Common& common, const ReportArgs& args) {
  absl::StatusOr<Setup> setup = LoadSetup(common, TraceLevel::kFired);
  if (!setup.ok()) return setup.status();
  absl::StatusOr<std::string> text = ReadInput(args.input);
  if (!text.ok()) return text.status();
  OrderBookReport report{.source = DisplayName(args.input), .rule_set = RuleSetLine(*setup->rules)};
  // The book's usable sales, evaluated as one order book (with its ledger, as `screen` does); a
  // line that is no sale keeps its place with its error.
  std::vector<Sale> sales;
  std::vector<int64_t> sale_lines;
  std::string_view rest = *text;
  for (int64_t line = 1; !rest.empty(); ++line) {
    const size_t end = rest.find('\n');
    std::string_view sale_text = rest.substr(0, end);
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
    if (!sale_text.empty() && sale_text.back() == '\r') sale_text.remove_suffix(1);
    if (sale_text.find_first_not_of(" \t") == std::string_view::npos) continue;
    absl::StatusOr<Sale> sale = ParseSaleJson(sale_text, *setup->rules);
    if (!sale.ok()) {
      report.orders.push_back({.line = line, .error = std::string(View(sale.status().message()))});
      continue;
    }
    sales.push_back(*std::move(sale));
    sale_lines.push_back(line);
    report.orders.push_back({.line = line});  // filled below
  }
  absl::StatusOr<OrderBookResult> book = EvaluateOrderBook(*setup->rules, sales, {.eval = setup->options});
  if (!book.ok()) return book.status();
  size_t next = 0;
  for (ReportOrder& order : report.orders) {
    if (!order.error.empty()) continue;
    order = ReportOrderOf(sale_lines[next], sales[next], book->decisions[next]);
    ++next;
  }
  for (const LedgerEntry& e : book->ledger.entries) {
    report.ledger.push_back({.id = e.id,
                             .jurisdiction = e.jurisdiction.ToString(),
                             .granted = e.granted,
                             .used = e.used,
                             .refused = e.sales_refused});
  }
  EXPORTCTL_CLI_RETURN_IF_ERROR(WriteFile(args.output, RenderReportHtml(report)));
  return 0;
}

}  // namespace

Command AddReport(CLI::App& app, Common& common) {
  CLI::App* report = AddCommand(app, common, "report",
                                "Write a self-contained HTML page on an order book (JSON Lines): verdicts per "
                                "destination and month, the rules that blocked orders, the orders not allowed",
                                kAsOf);
  auto args = std::make_shared<ReportArgs>();
  report->add_option("input", args->input, "JSON Lines order book, or - for stdin")->required()->type_name("FILE|-");
  report->add_option("-o,--output", args->output, "The HTML file to write")->required()->type_name("OUT");
  return {report, [&common, args] { return RunReport(common, *args); }};
}

}  // namespace exportctl::cli
