// exportctl: the command-line front of the library (docs/cli.md, docs/json.md).
//
//   exportctl check sale.json --pretty
//   exportctl batch sales.jsonl -o decisions.jsonl --threads 8
//   exportctl screen orders.jsonl -o decisions.jsonl --ledger-report ledger.json
//   exportctl classify A800 --date 2023-11-17
//   exportctl timeline --item H20 --destination CN --from 2022-01-01 --to 2026-06-30 --svg h20.svg
//   exportctl headroom --destination CN --date 2024-06-01 --die-area 814
//   exportctl chips | exportctl rules --date 2025-09-01 | exportctl test --rules mine.toml
//   exportctl entities --date 2025-09-01 --pretty
//   exportctl lists import consolidated.json -o csl.toml
//   exportctl check --screening-list consolidated.json sale.json
//   exportctl impact orders.jsonl --rules examples/whatif/lower_tpp.toml --format text
//
// Exit status: 0 when the input was evaluated, 2 for unusable input or options or a failed read
// or write (one line on stderr, "exportctl: FILE:LINE:COLUMN: message" or the OS's reason), 1
// when batch met a bad line or a pack test failed. Each command is in its own file; this one
// parses the command line and is the only place that turns a failure into an exit status.
#include <algorithm>
#include <cctype>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "cli.h"
#include "exportctl/version.h"

namespace exportctl::cli {
namespace {

// CLI11's message as one line: "the following arguments were not expected: --pretty".
std::string ParseErrorLine(const CLI::ParseError& e) {
  std::string message = e.what();
  std::replace(message.begin(), message.end(), '\n', ' ');
  if (!message.empty() && message.back() == '.') message.pop_back();
  if (!message.empty()) message[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(message[0])));
  return message + " (see exportctl --help)";
}

// Prints the help CLI11 asks for, the write checked like every other.
absl::StatusOr<int> PrintHelp(const CLI::App& app, const CLI::Error& e) {
  std::ostringstream out, err;
  const int status = app.exit(e, out, err);
  EXPORTCTL_CLI_RETURN_IF_ERROR(WriteStdout(out.str()));
  return status;
}

// Runs the command line: the exit status, or the failure that main reports.
absl::StatusOr<int> Run(int argc, char** argv) {
  CLI::App app{"exportctl: export- and import-control rules on AI chips, as dated data and a pure evaluator",
               "exportctl"};
  app.require_subcommand(1);
  app.set_help_all_flag("--help-all", "Print help for every command");
  app.set_version_flag("--version", [] {
    // The version, and the built-in catalog's revisions and content hash (what a decision's rule_set names).
    absl::StatusOr<std::shared_ptr<const RuleSet>> builtin = BuiltinRuleSet();
    const std::string catalog =
        builtin.ok() ? RuleSetLine(**builtin) : "unavailable: " + std::string(View(builtin.status().message()));
    return "exportctl " + std::string(kVersion) + "\nbuilt-in catalog: " + catalog;
  });

  Common common;
  const std::vector<Command> commands = {AddCheck(app, common),    AddBatch(app, common),    AddClassify(app, common),
                                         AddTimeline(app, common), AddHeadroom(app, common), AddChips(app, common),
                                         AddRules(app, common),    AddEntities(app, common), AddTest(app, common),
                                         AddLists(app, common),    AddImpact(app, common),   AddReport(app, common),
                                         AddScreen(app, common)};

  if (argc > 1 && argv[1][0] != '-') {
    const std::string_view name = argv[1];
    bool known = false;
    for (const Command& c : commands) known |= c.app->get_name() == name;
    if (!known) return absl::InvalidArgumentError("unknown command '" + std::string(name) + "' (see exportctl --help)");
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForVersion& e) {
    EXPORTCTL_CLI_RETURN_IF_ERROR(WriteStdout(std::string(e.what()) + "\n"));
    return 0;
  } catch (const CLI::CallForHelp& e) {
    return PrintHelp(app, e);
  } catch (const CLI::CallForAllHelp& e) {
    return PrintHelp(app, e);
  } catch (const CLI::ParseError& e) {
    return absl::InvalidArgumentError(ParseErrorLine(e));
  }
  for (const Command& c : commands) {
    if (c.app->parsed()) return c.run();
  }
  return absl::InternalError("no command");
}

}  // namespace
}  // namespace exportctl::cli

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  // A closed pipe is a failed write (exit 2 with the reason), not a silent death by SIGPIPE.
  std::signal(SIGPIPE, SIG_IGN);
  const absl::StatusOr<int> status = exportctl::cli::Run(argc, argv);
  if (status.ok()) return *status;
  const absl::string_view message = status.status().message();
  std::fprintf(stderr, "exportctl: %.*s\n", static_cast<int>(message.size()), message.data());
  return 2;
}
