// The HTML page of `exportctl report`: a picture of an order book's decisions, self-contained (no
// external assets: inline CSS and SVG), for a browser or a headless screenshot (docs/cli.md, report).
#ifndef EXPORTCTL_SRC_CLI_REPORT_HTML_H_
#define EXPORTCTL_SRC_CLI_REPORT_HTML_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "exportctl/exportctl.h"

namespace exportctl::cli {

// One order of the book as the report shows it.
struct ReportOrder {
  int64_t line = 0;
  std::string id;     // the sale's id; empty when it has none
  std::string error;  // a line that is no usable sale: its error (the rest is empty)
  Date date;
  std::string item;         // as the sale names it
  std::string destination;  // ISO code
  int64_t quantity = 0;
  Verdict verdict = Verdict::kIndeterminate;
  bool allowed = false;
  bool review_required = false;
  std::vector<std::string> blocking_rules;  // the fired rules that made it not allowed
  std::string reasons;                      // not_applied reasons and possible matches, joined
};

// One license or approval of the ledger.
struct ReportLedgerLine {
  std::string id;
  std::string jurisdiction;
  std::optional<int64_t> granted;  // none: no sale gives its quantity
  int64_t used = 0;
  int64_t refused = 0;  // sales it did not cover for want of what was left
};

struct OrderBookReport {
  std::string source;    // the order book's name
  std::string rule_set;  // the packs and hash, one line
  std::vector<ReportOrder> orders;
  std::vector<ReportLedgerLine> ledger;
};

// The order of `d` for the report (line, sale and decision; the sale's item as given).
ReportOrder ReportOrderOf(int64_t line, const Sale& sale, const Decision& d);

std::string RenderReportHtml(const OrderBookReport& report);

}  // namespace exportctl::cli

#endif  // EXPORTCTL_SRC_CLI_REPORT_HTML_H_
