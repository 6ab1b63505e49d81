// exportctl impact: the orders of a JSON Lines order book whose decision changes between two rule
// sets (exportctl/impact.h): the current one and the current one plus --rules packs, two
// catalogs (--old-rules, with --no-builtin), or one rule set as known on two days
// (--old-as-of, --new-as-of). JSON (one object), JSON Lines (a change a line, then the summary)
// or a text report. A summary line goes to stderr at the end.
#include "exportctl/impact.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "cli.h"

namespace exportctl::cli {
namespace {

constexpr size_t kDefaultLimit = 20;

struct ImpactArgs {
  std::string input = "-";
  std::vector<std::string> old_rules;
  std::string old_as_of;
  std::string new_as_of;
  std::string format = "json";
  std::string output;           // empty or "-": stdout
  std::optional<size_t> limit;  // text: the changed orders shown (20)
  std::optional<int> threads;
};

absl::Status CheckArgs(const Common& common, const ImpactArgs& args) {
  if (common.rule_files.empty() && args.old_rules.empty() && args.old_as_of.empty() && args.new_as_of.empty()) {
    return absl::InvalidArgumentError(
        "impact compares two rule sets: give --rules FILE (the new rule set's packs), --old-rules FILE, or "
        "--old-as-of D and --new-as-of D");
  }
  if (common.pretty && args.format != "json") return absl::InvalidArgumentError("--pretty needs --format json");
  if (args.limit && args.format != "text") return absl::InvalidArgumentError("--limit needs --format text");
  return CheckThreads(args.threads);
}

// The two rule sets: old = the base (built-in catalog unless --no-builtin, --screening-list) and
// --old-rules; new = the base and --rules. --as-of is both sides' day, unless --old-as-of or
// --new-as-of gives one side its own.
struct Sides {
  Setup old_side;
  Setup new_side;
};

absl::StatusOr<Sides> LoadSides(const Common& common, const ImpactArgs& args) {
  Common old_common = common;
  old_common.rule_files = args.old_rules;
  absl::StatusOr<Setup> old_side = LoadSetup(old_common);
  if (!old_side.ok()) return old_side.status();
  absl::StatusOr<Setup> new_side = LoadSetup(common);
  if (!new_side.ok()) return new_side.status();
  for (auto [text, option, side] : {std::tuple(&args.old_as_of, "--old-as-of", &*old_side),
                                    std::tuple(&args.new_as_of, "--new-as-of", &*new_side)}) {
    if (text->empty()) continue;
    absl::StatusOr<Date> day = ParseDateOption(option, *text);
    if (!day.ok()) return day.status();
    side->options.as_of = *day;
  }
  return Sides{*std::move(old_side), *std::move(new_side)};
}

// "exportctl: impact: 7 lines, 6 orders, 2 changed, 1 error (first on line 3), 0.004 s".
std::string SummaryLine(const ImpactSummary& s, double seconds) {
  char time[32];
  std::snprintf(time, sizeof time, "%.3f s", seconds);
  std::string line = "exportctl: impact: " + std::to_string(s.lines) + (s.lines == 1 ? " line, " : " lines, ") +
                     std::to_string(s.orders) + (s.orders == 1 ? " order, " : " orders, ") + std::to_string(s.changed) +
                     " changed, " + std::to_string(s.errors) + (s.errors == 1 ? " error" : " errors");
  if (s.errors > 0) line += " (first on line " + std::to_string(s.first_bad_line) + ")";
  return line + ", " + time;
}

// Computes the impact, streaming each change to stdout for --format jsonl and keeping the first
// --limit for the text report.
absl::StatusOr<ImpactReport> Compute(const Sides& sides, const ImpactArgs& args, int fd, const Output& out) {
  ImpactOptions options{.old_as_of = sides.old_side.options.as_of,
                        .new_as_of = sides.new_side.options.as_of,
                        .threads = args.threads.value_or(0)};
  std::vector<ImpactChange> kept;
  if (args.format == "jsonl") {
    options.on_change = [&](const ImpactChange& c) { return out.Write(ImpactChangeToJson(c) + "\n"); };
  } else if (args.format == "text") {
    options.on_change = [&](const ImpactChange& c) {
      if (kept.size() < args.limit.value_or(kDefaultLimit)) kept.push_back(c);
      return absl::OkStatus();
    };
  }
  absl::StatusOr<ImpactReport> report = ComputeImpactJsonLines(*sides.old_side.rules, *sides.new_side.rules,
                                                               JsonLinesInput::Fd(fd, Quoted(args.input)), options);
  if (report.ok() && args.format == "text") report->changes = std::move(kept);
  return report;
}

absl::Status WriteReport(const ImpactReport& report, const Common& common, const ImpactArgs& args, const Output& out) {
  if (args.format == "jsonl") return out.Write("{\"summary\":" + ImpactSummaryToJson(report) + "}\n");
  if (args.format == "text") return out.Write(ImpactToText(report, args.limit.value_or(kDefaultLimit)));
  return out.Write(ImpactToJson(report, {.pretty = common.pretty}) + "\n");
}

absl::StatusOr<int> RunImpact(const Common& common, const ImpactArgs& args) {
  EXPORTCTL_CLI_RETURN_IF_ERROR(CheckArgs(common, args));
  absl::StatusOr<Sides> sides = LoadSides(common, args);
  if (!sides.ok()) return sides.status();
  const auto start = std::chrono::steady_clock::now();
  const int fd = args.input == "-" ? STDIN_FILENO : ::open(args.input.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return ReadError(args.input, errno);
  Output out;
  absl::Status opened = out.Open(args.output, args.input);
  absl::StatusOr<ImpactReport> report = opened.ok() ? Compute(*sides, args, fd, out) : opened;
  if (fd != STDIN_FILENO) ::close(fd);
  if (!report.ok()) return report.status();
  EXPORTCTL_CLI_RETURN_IF_ERROR(WriteReport(*report, common, args, out));
  EXPORTCTL_CLI_RETURN_IF_ERROR(out.Close());
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::fprintf(stderr, "%s\n", SummaryLine(report->summary, seconds).c_str());
  return report->summary.errors > 0 ? 1 : 0;
}

}  // namespace

Command AddImpact(CLI::App& app, Common& common) {
  CLI::App* impact = AddCommand(app, common, "impact",
                                "List the orders of a JSON Lines order book whose decision changes between two rule "
                                "sets: without and with --rules, --old-rules against --rules, or --old-as-of "
                                "against --new-as-of",
                                kAsOf | kPretty);
  auto args = std::make_shared<ImpactArgs>();
  impact->add_option("input", args->input, "JSON Lines order book, or - for stdin")->type_name("FILE|-");
  impact
      ->add_option("--old-rules", args->old_rules,
                   "A rule pack of the old rule set only (after the built-in one); repeatable")
      ->type_name("FILE")
      ->allow_extra_args(false);
  impact->add_option("--old-as-of", args->old_as_of, "The old side: the rules as known on this day")->type_name("D");
  impact->add_option("--new-as-of", args->new_as_of, "The new side: the rules as known on this day")->type_name("D");
  impact->add_option("--format", args->format, "json (default), jsonl or text")
      ->check(CLI::IsMember({"json", "jsonl", "text"}));
  impact->add_option("-o,--output", args->output, "Write the report here (default stdout)")->type_name("OUT");
  impact->add_option("--limit", args->limit, "Text report: the changed orders shown (default 20)")->type_name("N");
  AddThreadsOption(impact, args->threads);
  return {impact, [&common, args] { return RunImpact(common, *args); }};
}

}  // namespace exportctl::cli
