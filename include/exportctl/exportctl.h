// exportctl: export- and import-control rules on AI chips, as dated data and a pure evaluator.
// This header includes the whole public API.
#ifndef EXPORTCTL_EXPORTCTL_H_
#define EXPORTCTL_EXPORTCTL_H_

#include "exportctl/batch.h"
#include "exportctl/catalog.h"
#include "exportctl/chip.h"
#include "exportctl/country.h"
#include "exportctl/date.h"
#include "exportctl/decision.h"
#include "exportctl/evaluate.h"
#include "exportctl/impact.h"
#include "exportctl/json.h"
#include "exportctl/ledger.h"
#include "exportctl/pack_tests.h"
#include "exportctl/predicate.h"
#include "exportctl/queries.h"
#include "exportctl/rule.h"
#include "exportctl/rule_pack.h"
#include "exportctl/rule_set.h"
#include "exportctl/sale.h"
#include "exportctl/screening_list.h"
#include "exportctl/units.h"
#include "exportctl/verdict.h"
#include "exportctl/version.h"

#endif  // EXPORTCTL_EXPORTCTL_H_
