// What the ledger needs of each sale of an order book (ledger.cc), so that the JSON Lines form
// (ledger_io.cc) keeps only the sales whose decisions depend on the ledger while the plan is made,
// and writes the decisions of the others as it parses them.
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
  // The sale, when its decision depends on the ledger (NeedsLedger); it must outlive the making
  // of the plan.
  const Sale* held = nullptr;
  // Destination US, not held, and allowed: a shipment to US customers.
  bool shipped_to_us = false;
  std::string model;  // with shipped_to_us: the chip's model
};

// Whether the decision of `sale` in an order book may differ from Evaluate's, `decision` (at
// any trace level, as of options.as_of): when it holds a license or approval with an id (counted),
// when a volume cap applies to it, or when a cap computed from the book's US shipments (the walk
// gives `us_units_shipped` to a licensed sale that has none) could refuse its license. The last is
// tested with the tightest cap, us_units_shipped 0: no cap is smaller, so when that one changes
// nothing in the decision, no other does. False for a sale without licenses and approvals.
bool NeedsLedger(const RuleSet& rules, const Sale& sale, const Decision& decision, const EvalOptions& options);

// The first day a volume cap can bind under `rules`: the earliest start of a rule with a
// volume_cap condition, Date::Unbounded() when there is none. us_units_shipped is read only to
// compute volume caps, so before that day it changes no decision.
Date FirstVolumeCapDay(const RuleSet& rules);

// The facts of `sale`, whose decision is `decision` (Evaluate's, at any trace level), held when
// `needs_ledger` (NeedsLedger's answer).
SaleFacts FactsOf(const Sale& sale, const Decision& decision, bool needs_ledger);
// The same, evaluating the sale (as of `as_of`, without a trace) when it holds a license or
// approval or goes to the US.
SaleFacts FactsOf(const RuleSet& rules, const Sale& sale, const EvalOptions& options);

struct LedgerPlanAccess {
  // The plan of a book given by its facts, in input order.
  static absl::StatusOr<LedgerPlan> Make(const RuleSet& rules, std::vector<SaleFacts> facts,
                                         const LedgerOptions& options);
};

}  // namespace exportctl::internal

#endif  // EXPORTCTL_QUERIES_LEDGER_H_
