// exportctl headroom: the largest TPP (and PD) a chip can have and still need no license or
// notification.
#include <cmath>
#include <memory>
#include <optional>
#include <string>

#include "cli.h"

namespace exportctl::cli {
namespace {

struct HeadroomArgs {
  std::string destination;
  std::string date;
  bool datacenter = false;
  bool consumer = false;
  std::optional<double> die_area;
};

absl::StatusOr<int> RunHeadroom(const Common& common, const HeadroomArgs& args) {
  absl::StatusOr<Setup> setup = LoadSetup(common);
  if (!setup.ok()) return setup.status();
  const absl::StatusOr<Country> destination = ParseCountryOption("--destination", args.destination);
  if (!destination.ok()) return destination.status();
  const absl::StatusOr<Date> date = ParseDateOption("--date", args.date);
  if (!date.ok()) return date.status();
  const std::optional<double>& die_area = args.die_area;
  if (die_area && !(*die_area > 0 && std::isfinite(*die_area))) {
    return absl::InvalidArgumentError("--die-area: must be a positive number");
  }
  std::optional<SquareMillimeters> area;
  if (die_area) area = SquareMillimeters(*die_area);
  const Headroom h = ComputeHeadroom(*setup->rules, *destination, *date, !args.consumer, area, setup->options);
  return Print(HeadroomToJson(*destination, *date, !args.consumer, die_area, h, {.pretty = common.pretty}) + "\n");
}

}  // namespace

Command AddHeadroom(CLI::App& app, Common& common) {
  auto args = std::make_shared<HeadroomArgs>();
  CLI::App* headroom = AddCommand(
      app, common, "headroom",
      "Print the largest TPP (and PD) a chip can have and still need no license or notification", kAsOf | kPretty);
  headroom->add_option("--destination", args->destination, "Destination country")->required()->type_name("CC");
  headroom->add_option("--date", args->date, "The day")->required()->type_name("D");
  CLI::Option* datacenter = headroom->add_flag("--datacenter", args->datacenter, "A datacenter chip (the default)");
  CLI::Option* consumer =
      headroom->add_flag("--consumer", args->consumer, "A chip not designed or marketed for datacenters");
  datacenter->excludes(consumer);
  headroom->add_option("--die-area", args->die_area, "Applicable die area in mm2")->type_name("MM2");
  return {headroom, [&common, args] { return RunHeadroom(common, *args); }};
}

}  // namespace exportctl::cli
