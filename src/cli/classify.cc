// exportctl classify: the US classification of a chip on a date.
#include <memory>
#include <string>

#include "cli.h"

namespace exportctl::cli {
namespace {

struct ClassifyArgs {
  std::string item;
  std::string date;
  bool json = false;
};

std::string ClassifyText(const Chip& chip, Date date, const ClassifyResult& r) {
  std::string out = chip.model + " on " + date.ToString() + ": " + std::string(r.classification);
  if (!r.rule.empty()) out += " (" + std::string(r.rule) + ")";
  if (!r.missing.empty()) {
    std::string names;
    r.missing.ForEachName([&](std::string_view n) {
      if (!names.empty()) names += ", ";
      names += n;
    });
    out += " (missing " + names + ")";
  }
  return out;
}

absl::StatusOr<int> RunClassify(const Common& common, const ClassifyArgs& args) {
  absl::StatusOr<Setup> setup = LoadSetup(common);
  if (!setup.ok()) return setup.status();
  const absl::StatusOr<Date> date = ParseDateOption("--date", args.date);
  if (!date.ok()) return date.status();
  const absl::StatusOr<Chip> chip = ResolveItem(*setup->rules, args.item);
  if (!chip.ok()) return chip.status();
  const ClassifyResult r = Classify(*setup->rules, *chip, *date, setup->options);
  std::string out;
  if (args.json) {
    out = ClassificationToJson(chip->model, *date, r, {.pretty = common.pretty});
  } else {
    out = ClassifyText(*chip, *date, r);
  }
  return Print(out + '\n');
}

}  // namespace

Command AddClassify(CLI::App& app, Common& common) {
  auto args = std::make_shared<ClassifyArgs>();
  CLI::App* classify =
      AddCommand(app, common, "classify", "Print the US classification of a chip on a date", kAsOf | kPretty);
  classify->add_option("item", args->item, "Catalog chip name or alias, or a chip JSON file")->required();
  classify->add_option("--date", args->date, "The day (YYYY-MM-DD)")->required()->type_name("D");
  AddJsonFlag(classify, args->json);
  return {classify, [&common, args] { return RunClassify(common, *args); }};
}

}  // namespace exportctl::cli
