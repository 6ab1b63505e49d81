// What the ledger needs of each sale of an order book (ledger.cc), so that the JSON Lines form
// (ledger_io.cc) keeps only the sales that hold a license or approval while the plan is made, and
// parses the others again when it writes their decisions.
#ifndef EXPORTCTL_QUERIES_LEDGER_H_
#define EXPORTCTL_QUERIES_LEDGER_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "exportctl/ledger.h"

namespace exportctl::internal {

struct SaleFacts {
  Date date;
  int64_t quantity = 0;
  // The sale, when it holds a license or approval; it must outlive the making of the plan.
  const Sale* held = nullptr;
  // Destination US, no license or approval, and allowed: a shipment to US customers.
  bool shipped_to_us = false;
  std::string model;  // with shipped_to_us: the chip's model
};

// The facts of `sale`; evaluates it (as of `as_of`, without a trace) when it goes to the US
// without a license or approval.
SaleFacts FactsOf(const RuleSet& rules, const Sale& sale, const EvalOptions& options);

struct LedgerPlanAccess {
  // The plan of a book given by its facts, in input order.
  static absl::StatusOr<LedgerPlan> Make(const RuleSet& rules, std::vector<SaleFacts> facts,
                                         const LedgerOptions& options);
};

}  // namespace exportctl::internal

#endif  // EXPORTCTL_QUERIES_LEDGER_H_
