// exportctl timeline: the intervals over which the decision on a sale stays the same, one lane per
// destination, as JSON and, with --svg, as a drawing (timeline_svg.h).
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "cli.h"
#include "timeline_svg.h"

namespace exportctl::cli {
namespace {

struct TimelineArgs {
  std::string item, from, to, buyer_hq, end_use, exported_from, svg;
  std::vector<std::string> destinations, transit;
};

// The sale of the options: the item, the buyer's headquarters, the end use and the route.
absl::StatusOr<Sale> TimelineSale(const RuleSet& rules, const TimelineArgs& args) {
  absl::StatusOr<Chip> item = ResolveItem(rules, args.item);
  if (!item.ok()) return item.status();
  Sale sale;
  sale.item = *std::move(item);
  if (!args.buyer_hq.empty()) {
    absl::StatusOr<Country> hq = ParseCountryOption("--buyer-hq", args.buyer_hq);
    if (!hq.ok()) return hq.status();
    sale.buyer.headquarters = *hq;
  }
  if (!args.end_use.empty()) {
    absl::StatusOr<EndUse> e = ParseEndUse(args.end_use);
    if (!e.ok()) return absl::InvalidArgumentError("--end-use: " + std::string(View(e.status().message())));
    sale.end_use = *e;
  }
  if (!args.exported_from.empty()) {
    absl::StatusOr<Country> from = ParseCountryOption("--exported-from", args.exported_from);
    if (!from.ok()) return from.status();
    sale.exported_from = *from;
  }
  for (const std::string& code : args.transit) {
    absl::StatusOr<Country> c = ParseCountryOption("--transit", code);
    if (!c.ok()) return c.status();
    sale.transit.push_back(*c);
  }
  return sale;
}

absl::Status WriteSvg(const Common& common, const RuleSet& rules, const Sale& sale,
                      const std::vector<TimelineLane>& lanes, const std::vector<std::vector<std::string>>& labels,
                      Date from, Date to, const std::string& path) {
  std::string scenario = "A sale exported from the " + sale.exported_from.ToString() + "; buyer ";
  scenario += sale.buyer.headquarters ? "headquartered in " + sale.buyer.headquarters->ToString()
                                      : std::string("with no headquarters given");
  scenario += "; end use " + Words(EndUseName(sale.end_use));
  for (size_t k = 0; k < sale.transit.size(); ++k)
    scenario += (k == 0 ? "; through " : ", ") + sale.transit[k].ToString();
  if (common.as_of.empty()) {
    scenario += "; rules as in force";
  } else {
    scenario += "; rules as known on " + common.as_of;
  }
  return WriteFile(path, TimelineSvg(rules, sale.item.model, scenario, lanes, labels, from, to));
}

absl::StatusOr<int> RunTimeline(const Common& common, const TimelineArgs& args) {
  absl::StatusOr<Setup> setup = LoadSetup(common, TraceLevel::kFired);
  if (!setup.ok()) return setup.status();
  const RuleSet& rules = *setup->rules;
  const absl::StatusOr<Date> from = ParseDateOption("--from", args.from);
  if (!from.ok()) return from.status();
  const absl::StatusOr<Date> to = ParseDateOption("--to", args.to);
  if (!to.ok()) return to.status();
  if (*to < *from)
    return absl::InvalidArgumentError("--to " + to->ToString() + " is before --from " + from->ToString());
  absl::StatusOr<Sale> sale = TimelineSale(rules, args);
  if (!sale.ok()) return sale.status();
  std::vector<TimelineLane> lanes;
  std::vector<std::vector<std::string>> labels;  // per lane and segment: the rules behind its start
  for (const std::string& d : args.destinations) {
    absl::StatusOr<Country> destination = ParseCountryOption("--destination", d);
    if (!destination.ok()) return destination.status();
    sale->destination = *destination;
    absl::StatusOr<std::vector<TimelineSegment>> segments = Timeline(rules, *sale, *from, *to, setup->options);
    if (!segments.ok()) return segments.status();
    TimelineLane& lane = lanes.emplace_back(TimelineLane{sale->destination, *std::move(segments)});
    std::vector<std::string>& lane_labels = labels.emplace_back(lane.segments.size());
    if (!args.svg.empty()) {
      for (size_t i = 1; i < lane.segments.size(); ++i)
        lane_labels[i] = ChangeLabel(rules, *sale, lane.segments[i].interval.from, setup->options);
    }
  }
  if (!args.svg.empty()) {
    EXPORTCTL_CLI_RETURN_IF_ERROR(WriteSvg(common, rules, *sale, lanes, labels, *from, *to, args.svg));
  }
  return Print(TimelineToJson(sale->item.model, lanes, {.pretty = common.pretty}) + "\n");
}

}  // namespace

Command AddTimeline(CLI::App& app, Common& common) {
  auto args = std::make_shared<TimelineArgs>();
  CLI::App* timeline = AddCommand(app, common, "timeline", "Print the intervals over which the decision stays the same",
                                  kAsOf | kPretty);
  timeline->add_option("--item", args->item, "Catalog chip name, or a chip JSON file")->required();
  timeline->add_option("--destination", args->destinations, "Destination country; repeatable (one lane each)")
      ->required()
      ->type_name("CC");
  timeline->add_option("--from", args->from, "First day")->required()->type_name("D");
  timeline->add_option("--to", args->to, "Last day (inclusive)")->required()->type_name("D");
  timeline->add_option("--buyer-hq", args->buyer_hq, "Buyer headquarters")->type_name("CC");
  timeline->add_option("--end-use", args->end_use, "End use (datacenter, new_datacenter, ...)")->type_name("U");
  timeline->add_option("--exported-from", args->exported_from, "Where the shipment leaves (default US)")
      ->type_name("CC");
  timeline->add_option("--transit", args->transit, "A country the shipment passes through; repeatable")
      ->type_name("CC");
  timeline->add_option("--svg", args->svg, "Also draw the timeline as SVG")->type_name("FILE");
  return {timeline, [&common, args] { return RunTimeline(common, *args); }};
}

}  // namespace exportctl::cli
