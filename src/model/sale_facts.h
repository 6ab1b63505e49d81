// The required facts of a sale, shared by Validate and Evaluate so that both read them alike.
// Internal: users call Validate (exportctl/sale.h).
#ifndef EXPORTCTL_INTERNAL_SALE_FACTS_H_
#define EXPORTCTL_INTERNAL_SALE_FACTS_H_

#include "exportctl/chip.h"
#include "exportctl/sale.h"

namespace exportctl::internal {

// Of "date", "item" and "destination", those the sale lacks (empty when it has all three): a
// default or unbounded date, a chip with no model, vendor, origin or performance figure, an
// invalid destination.
SpecSet MissingSaleFacts(const Sale& sale);

}  // namespace exportctl::internal

#endif  // EXPORTCTL_INTERNAL_SALE_FACTS_H_
