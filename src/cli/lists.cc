// exportctl lists import: a screening list (the CSL's JSON or CSV download) as a rule pack that
// --rules loads (docs/screening-lists.md). The pack goes to -o OUT (default stdout), what was read
// to stderr, as batch does; exit status 1 when rows were skipped (the pack is written all the same).
#include <sys/stat.h>

#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "cli.h"

namespace exportctl::cli {
namespace {

struct ImportArgs {
  std::string input;
  std::string output = "-";
  std::string format;
  std::string id = "csl";
  std::string date;
};

absl::StatusOr<ScreeningListImport> Import(const ImportArgs& args, const Setup& setup) {
  ScreeningListOptions options{.pack_id = args.id, .base = setup.rules->entities()};
  if (!args.format.empty())
    options.format = args.format == "json" ? ScreeningListFormat::kJson : ScreeningListFormat::kCsv;
  if (!args.date.empty()) {
    absl::StatusOr<Date> date = ParseDateOption("--date", args.date);
    if (!date.ok()) return date.status();
    options.list_date = *date;
  }
  if (args.input != "-") return ImportScreeningListFile(args.input, options);
  absl::StatusOr<std::string> text = ReadInput(args.input);
  if (!text.ok()) return text.status();
  return ImportScreeningList(*text, "<stdin>", options);
}

// Where part `part` (1-based) of the pack goes: OUT itself, then "csl.2.toml", "csl.3.toml".
std::string PartPath(const std::string& output, size_t part) {
  if (part == 1) return output;
  const size_t slash = output.rfind('/');
  const size_t dot = output.rfind('.');
  const size_t at = dot == std::string::npos || (slash != std::string::npos && dot < slash) ? output.size() : dot;
  return output.substr(0, at) + "." + std::to_string(part) + output.substr(at);
}

// The packs must be what --rules loads: read back and compiled over the catalog they were
// imported over, before they are written.
absl::Status CheckLoads(const Common& common, const Setup& setup, const std::vector<std::string>& parts,
                        const std::string& output) {
  std::vector<RulePack> packs = setup.packs;
  for (size_t i = 0; i < parts.size(); ++i) {
    absl::StatusOr<RulePack> pack = LoadRulePack(parts[i], output == "-" ? "<stdout>" : PartPath(output, i + 1));
    if (!pack.ok()) {
      return absl::InvalidArgumentError("the pack cannot be loaded by --rules (" +
                                        std::string(View(pack.status().message())) +
                                        "): load the list with --screening-list FILE instead");
    }
    packs.push_back(*std::move(pack));
  }
  absl::StatusOr<std::shared_ptr<const RuleSet>> rules = common.no_builtin ? Compile(packs) : BuiltinRuleSet(packs);
  if (!rules.ok()) return rules.status();
  return absl::OkStatus();
}

// Refuses to write over the input: it is still needed to import again.
absl::Status CheckOutput(const ImportArgs& args) {
  struct stat in, out;
  if (args.input == "-" || args.output == "-" || ::stat(args.input.c_str(), &in) != 0 ||
      ::stat(args.output.c_str(), &out) != 0) {
    return absl::OkStatus();
  }
  if (in.st_dev == out.st_dev && in.st_ino == out.st_ino)
    return absl::InvalidArgumentError("cannot write " + Quoted(args.output) + ": it is the input " +
                                      Quoted(args.input));
  return absl::OkStatus();
}

// "exportctl: lists import: 60 rows, 55 imported, 5 skipped, 48 parties; lists: ...", then a line
// per skipped row, unknown column and unknown source.
void PrintSummary(const ImportSummary& s) {
  std::string lists;
  for (const ScreeningListSource& l : s.lists)
    lists += (lists.empty() ? "" : ", ") + l.list + " " + std::to_string(l.rows);
  std::fprintf(stderr,
               "exportctl: lists import: %zu rows, %zu imported, %zu skipped, %zu parties (%zu rows joined a party "
               "named before, %zu from an unknown date, %zu notes); lists: %s\n",
               s.rows, s.imported, s.skipped.size(), s.parties, s.joined, s.unknown_start_dates, s.notes.size(),
               lists.empty() ? "none" : lists.c_str());
  for (const ScreeningListNote& n : s.skipped) std::fprintf(stderr, "exportctl: skipped %s\n", n.ToString().c_str());
  for (const ScreeningListNote& n : s.unknown_columns) std::fprintf(stderr, "exportctl: %s\n", n.ToString().c_str());
  for (const std::string& source : s.unknown_sources)
    std::fprintf(stderr, "exportctl: unknown source '%s': imported under an id derived from it\n", source.c_str());
}

absl::StatusOr<int> RunImport(const Common& common, const ImportArgs& args) {
  absl::StatusOr<Setup> setup = LoadSetup(common);
  if (!setup.ok()) return setup.status();
  EXPORTCTL_CLI_RETURN_IF_ERROR(CheckOutput(args));
  absl::StatusOr<ScreeningListImport> list = Import(args, *setup);
  if (!list.ok()) return list.status();
  const std::vector<std::string> parts = ScreeningListToToml(*list);
  if (parts.size() > 1 && args.output == "-") {
    return absl::InvalidArgumentError(
        "the pack is larger than a rule pack may be (8 MiB): give -o FILE to write it as " +
        std::to_string(parts.size()) + " packs");
  }
  EXPORTCTL_CLI_RETURN_IF_ERROR(CheckLoads(common, *setup, parts, args.output));
  for (size_t i = 0; i < parts.size(); ++i)
    EXPORTCTL_CLI_RETURN_IF_ERROR(args.output == "-" ? WriteStdout(parts[i])
                                                     : WriteFile(PartPath(args.output, i + 1), parts[i]));
  PrintSummary(list->summary);
  if (parts.size() > 1) {
    std::string files;
    for (size_t i = 0; i < parts.size(); ++i) files += (i ? " --rules " : "--rules ") + PartPath(args.output, i + 1);
    std::fprintf(stderr, "exportctl: lists import: written as %zu packs, larger than one may be (8 MiB): %s\n",
                 parts.size(), files.c_str());
  }
  return list->summary.skipped.empty() ? 0 : 1;
}

}  // namespace

Command AddLists(CLI::App& app, Common& common) {
  CLI::App* lists =
      app.add_subcommand("lists", "Screening lists: import the Consolidated Screening List as a rule pack");
  lists->require_subcommand(1);
  auto args = std::make_shared<ImportArgs>();
  CLI::App* import = AddCommand(*lists, common, "import",
                                "Import the CSL's JSON or CSV download as a rule pack (--rules loads it); what was "
                                "read goes to stderr, exit 1 when rows were skipped",
                                0);
  import->add_option("input", args->input, "The download, or - for stdin")->type_name("FILE|-")->required();
  import->add_option("-o,--output", args->output, "Write the pack here (default stdout)")->type_name("OUT");
  import->add_option("--format", args->format, "json or csv (default: from the content)")
      ->check(CLI::IsMember({"json", "csv"}));
  import->add_option("--id", args->id, "The pack's id (default csl)");
  import->add_option("--date", args->date, "The list's date (default: the file's last modification, UTC)")
      ->type_name("D");
  return {lists, [&common, args] { return RunImport(common, *args); }};
}

}  // namespace exportctl::cli
