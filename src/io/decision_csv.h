// Decisions as CSV rows (docs/csv.md): one flat row per sale, for a spreadsheet.
#ifndef EXPORTCTL_SRC_IO_DECISION_CSV_H_
#define EXPORTCTL_SRC_IO_DECISION_CSV_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "exportctl/decision.h"
#include "exportctl/rule_set.h"
#include "exportctl/sale.h"

namespace exportctl::internal {

// The header row, '\n' included: id, line, verdict, allowed, then for each jurisdiction of
// `rules` (lower-case code cc) cc_verdict and cc_review_policy, then license_exception,
// conditions, rules, not_applied, missing, error.
std::string DecisionCsvHeader(const RuleSet& rules);

// The row of a decision on the sale read from input line `line`, '\n' included.
void AppendDecisionCsv(std::string& out, const Decision& decision, const Sale& sale, const RuleSet& rules,
                       int64_t line);

// The row of a bad input line: its line and the error, the other cells blank.
void AppendErrorCsv(std::string& out, const RuleSet& rules, int64_t line, std::string_view message);

// `cell` as an RFC 4180 field: quoted (its quotes doubled) when it holds a comma, a quote, a line
// break, or leading or trailing space.
void AppendCsvCell(std::string& out, std::string_view cell);

}  // namespace exportctl::internal

#endif  // EXPORTCTL_SRC_IO_DECISION_CSV_H_
