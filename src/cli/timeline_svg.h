// The SVG drawing of `exportctl timeline --svg`: one lane per destination, each change marked with
// its date, what changed and the rule behind it.
#ifndef EXPORTCTL_SRC_CLI_TIMELINE_SVG_H_
#define EXPORTCTL_SRC_CLI_TIMELINE_SVG_H_

#include <string>
#include <string_view>
#include <vector>

#include "exportctl/exportctl.h"

namespace exportctl::cli {

// The rule ids that explain a change on day `at`: the rules that fire on `at` but did not the day
// before, else those that stopped firing ("end of ...").
std::string ChangeLabel(const RuleSet& rules, Sale sale, Date at, const EvalOptions& options);

// The drawing of `lanes` over [from, to]; `scenario` describes the sale. labels[lane][segment]:
// the rules behind the segment's start ([lane][0] unused).
std::string TimelineSvg(const RuleSet& rules, std::string_view item, std::string_view scenario,
                        const std::vector<TimelineLane>& lanes, const std::vector<std::vector<std::string>>& labels,
                        Date from, Date to);

// "license_required" -> "license required".
std::string Words(std::string_view name);

}  // namespace exportctl::cli

#endif  // EXPORTCTL_SRC_CLI_TIMELINE_SVG_H_
