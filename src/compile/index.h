// What Compile builds last, for Evaluate to run fast: each root predicate's branch programs and
// the date index (compiled.h says what each holds).
#ifndef EXPORTCTL_COMPILE_INDEX_H_
#define EXPORTCTL_COMPILE_INDEX_H_

#include <utility>
#include <vector>

#include "compile/compiled.h"
#include "exportctl/date.h"

namespace exportctl::internal {

// A country set's members, each with the days it is one.
using CountrySetMembers = std::vector<std::pair<Country, DateInterval>>;

// branches, branch_entry and cheap_entry, for the rules' and jurisdictions' predicates in `out`.
void BuildBranchPrograms(CompiledRules& out);
// boundaries, the day table, segment_sets, parameter tables, active and by_destination, from
// the compiled rules, parameters and the predicates' country sets (after BuildBranchPrograms).
void BuildDateIndex(CompiledRules& out, const std::vector<CountrySetMembers>& country_sets);

}  // namespace exportctl::internal

#endif  // EXPORTCTL_COMPILE_INDEX_H_
