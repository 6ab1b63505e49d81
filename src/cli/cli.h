// The parts the exportctl commands share: their common options, reading inputs and writing outputs
// with every failure reported, and the declaration of each command (one file per command).
//
// Helpers return absl::Status or absl::StatusOr; only main() turns a failure into exit status 2
// and its one line on stderr (docs/cli.md).
#ifndef EXPORTCTL_SRC_CLI_CLI_H_
#define EXPORTCTL_SRC_CLI_CLI_H_

#include <unistd.h>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "CLI/CLI.hpp"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "exportctl/exportctl.h"

namespace exportctl::cli {

// Evaluates `expr` (an absl::Status) and returns it from the enclosing function when it fails.
#define EXPORTCTL_CLI_RETURN_IF_ERROR(expr)                           \
  do {                                                                \
    if (absl::Status status_ = (expr); !status_.ok()) return status_; \
  } while (false)

// The options common to the commands. A command offers only those it uses (CommonOption).
struct Common {
  std::vector<std::string> rule_files;
  std::vector<std::string> screening_lists;  // applied after the built-in catalog, before rule_files
  bool no_builtin = false;
  std::string as_of;
  bool pretty = false;
  std::string trace;  // empty: the command's default
};

// Which common options a command offers: --rules, --screening-list and --no-builtin always, the
// others when given.
enum CommonOption : unsigned {
  kAsOf = 1u << 0,    // --as-of D
  kPretty = 1u << 1,  // --pretty: indented JSON
  kTrace = 1u << 2,   // --trace none|fired|full
};

// Adds the command `name` with the common options `which`; those it does not offer are refused.
CLI::App* AddCommand(CLI::App& app, Common& common, const std::string& name, const std::string& description,
                     unsigned which);
// Adds --threads N (to `threads`), the threads that evaluate in batch and screen; CheckThreads refuses a
// count outside 1..kMaxBatchThreads.
void AddThreadsOption(CLI::App* command, std::optional<int>& threads);
absl::Status CheckThreads(const std::optional<int>& threads);
// "exportctl: COMMAND: 7 lines, 5 decisions, 2 errors (first on line 3)": the start of the summary
// line of a command that evaluates JSON Lines.
std::string CountsLine(std::string_view command, const BatchSummary& summary);
// The packs of a rule set and its content hash, one line: "exportctl-groups 2026-12-05, ...; hash
// 707063d66786b557".
std::string RuleSetLine(const RuleSet& rules);
// Adds --json (to `json`): --pretty, when the command has it, then needs --json.
void AddJsonFlag(CLI::App* command, bool& json);

// A command: its CLI11 subcommand and what runs it once the command line is parsed. `run`
// returns the exit status (0, or 1 where the command documents it) or the failure (exit 2).
struct Command {
  CLI::App* app = nullptr;
  std::function<absl::StatusOr<int>()> run;
};

// Each command, defined in its own file (src/cli/NAME.cc): adds its subcommand to `app` and
// returns how to run it.
using CommandAdder = Command(CLI::App& app, Common& common);
CommandAdder AddCheck, AddBatch, AddScreen, AddClassify, AddTimeline, AddHeadroom, AddChips, AddRules, AddEntities,
    AddTest, AddLists, AddImpact, AddReport;

// What every command starts from: the rule set of the built-in catalog (unless --no-builtin), the
// --screening-list lists (imported, docs/screening-lists.md) and the --rules packs, and the
// evaluation options of --as-of and --trace (when the command has it, else `default_trace`).
struct Setup {
  std::shared_ptr<const RuleSet> rules;
  std::vector<RulePack> packs;  // the lists and the --rules packs, in the order applied
  EvalOptions options;
};
absl::StatusOr<Setup> LoadSetup(const Common& common, TraceLevel default_trace = TraceLevel::kNone);
absl::StatusOr<Date> ParseDateOption(std::string_view option, const std::string& text);
absl::StatusOr<Country> ParseCountryOption(std::string_view option, const std::string& text);
// A catalog chip by name or alias, or a chip JSON file.
absl::StatusOr<Chip> ResolveItem(const RuleSet& rules, const std::string& item);

// "<stdin>" for "-", else the path.
std::string DisplayName(const std::string& path);
// How errors name a file: "<stdin>" for "-", "<stdout>", else the path in quotes.
std::string Quoted(const std::string& path);
// "cannot read 'PATH': REASON" (the OS's reason for errno `error`).
absl::Status ReadError(const std::string& path, int error);
absl::Status WriteError(const std::string& path, int error);
// The whole of a file, or of stdin for "-". A directory, an unreadable file or a failed read is
// an error with the OS's reason.
absl::StatusOr<std::string> ReadInput(const std::string& path);
// Writes all of `text` to `fd`, retrying short writes. `name` names the file in the error.
absl::Status WriteAll(int fd, std::string_view text, const std::string& name);
// Writes `text` to stdout ("<stdout>" in the error: a full disk, a closed pipe).
absl::Status WriteStdout(std::string_view text);
// Writes `text` to stdout: exit status 0, or the failed write.
absl::StatusOr<int> Print(std::string_view text);
// Creates (or truncates) `path` and writes `text` to it, close included.
absl::Status WriteFile(const std::string& path, std::string_view text);

// An output file: `path`, created or truncated, or stdout for "" and "-". Closed on scope exit;
// Close() reports a failed close (a write the kernel reports late, as NFS does), which a command
// must check before it says it succeeded.
class Output {
 public:
  Output() = default;
  Output(const Output&) = delete;
  Output& operator=(const Output&) = delete;
  ~Output();
  // Refuses a path that is the regular file `input` names (writing it would destroy what is read:
  // "cannot write 'OUT': it is the input 'IN'"), checked before it is truncated; then opens it.
  absl::Status Open(const std::string& path, const std::string& input);
  absl::Status Write(std::string_view text) const { return WriteAll(fd_, text, name_); }
  absl::Status Close();

 private:
  int fd_ = STDOUT_FILENO;
  std::string path_;
  std::string name_ = "<stdout>";
};
// Refuses `path` ("" or "-": stdout) when it is the regular file `other` names ("-": stdin):
// "cannot write 'PATH': it is the WHAT 'OTHER'".
absl::Status RefuseSameFile(const std::string& path, const std::string& other, const std::string& what);

// The text of an absl::string_view (a status message) as a std::string_view.
std::string_view View(absl::string_view s);

}  // namespace exportctl::cli

#endif  // EXPORTCTL_SRC_CLI_CLI_H_
