// exportctl screen: an order book (JSON Lines) evaluated with its ledger (exportctl/ledger.h):
// decisions out as batch writes them, the ledger as a JSON report (--ledger-report) and a short
// table on stderr after the summary line.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>

#include "cli.h"
#include "exportctl/ledger.h"

namespace exportctl::cli {
namespace {

struct ScreenArgs {
  std::string input = "-";
  std::string output;  // empty or "-": stdout
  std::string ledger_report;
  std::optional<int> threads;
};

absl::Status CheckArgs(const ScreenArgs& args) {
  EXPORTCTL_CLI_RETURN_IF_ERROR(CheckThreads(args.threads));
  if (!args.ledger_report.empty()) {
    EXPORTCTL_CLI_RETURN_IF_ERROR(RefuseSameFile(args.ledger_report, args.input, "input"));
    if (!args.output.empty() && args.output != "-") {
      EXPORTCTL_CLI_RETURN_IF_ERROR(RefuseSameFile(args.ledger_report, args.output, "output"));
    }
  }
  return absl::OkStatus();
}

// "exportctl: screen: 22 lines, 21 decisions, 1 error (first on line 4), 3 licenses and approvals
// counted, 0.004 s".
std::string SummaryLine(const ScreenSummary& s, double seconds) {
  char time[32];
  std::snprintf(time, sizeof time, "%.3f s", seconds);
  const size_t counted = s.ledger.entries.size();
  return CountsLine("screen", s.batch) + ", " + std::to_string(counted) +
         (counted == 1 ? " license or approval counted, " : " licenses and approvals counted, ") + time;
}

absl::StatusOr<int> RunScreen(const Common& common, const ScreenArgs& args) {
  EXPORTCTL_CLI_RETURN_IF_ERROR(CheckArgs(args));
  absl::StatusOr<Setup> setup = LoadSetup(common, TraceLevel::kFired);
  if (!setup.ok()) return setup.status();
  const auto start = std::chrono::steady_clock::now();
  Output out;
  EXPORTCTL_CLI_RETURN_IF_ERROR(out.Open(args.output, args.input));
  const LedgerOptions options{.eval = setup->options, .threads = args.threads.value_or(0)};
  const auto write = [&](std::string_view lines) { return out.Write(lines); };
  // A file is read twice from disk, stdin once into memory (ScreenJsonLinesFile).
  const absl::StatusOr<ScreenSummary> summary =
      args.input == "-" ? ScreenJsonLines(*setup->rules, JsonLinesInput::Fd(STDIN_FILENO, "<stdin>"), write, options)
                        : ScreenJsonLinesFile(*setup->rules, args.input, write, options);
  if (!summary.ok()) return summary.status();
  EXPORTCTL_CLI_RETURN_IF_ERROR(out.Close());
  if (!args.ledger_report.empty()) {
    EXPORTCTL_CLI_RETURN_IF_ERROR(WriteFile(args.ledger_report, LedgerToJson(summary->ledger, /*pretty=*/true)));
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const std::string report = SummaryLine(*summary, seconds) + "\n" + LedgerTable(summary->ledger);
  std::fputs(report.c_str(), stderr);
  return summary->batch.errors > 0 ? 1 : 0;
}

}  // namespace

Command AddScreen(CLI::App& app, Common& common) {
  CLI::App* screen = AddCommand(app, common, "screen",
                                "Evaluate an order book (JSON Lines) with a ledger: licenses and approvals drawn "
                                "down across its sales, in date order",
                                kAsOf | kTrace);
  auto args = std::make_shared<ScreenArgs>();
  screen->add_option("input", args->input, "JSON Lines file, or - for stdin")->type_name("ORDERS|-");
  screen->add_option("-o,--output", args->output, "Write the decisions here (default stdout)")->type_name("OUT");
  screen->add_option("--ledger-report", args->ledger_report, "Write the ledger here, as JSON")->type_name("FILE");
  AddThreadsOption(screen, args->threads);
  return {screen, [&common, args] { return RunScreen(common, *args); }};
}

}  // namespace exportctl::cli
