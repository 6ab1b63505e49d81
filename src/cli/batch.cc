// exportctl batch: JSON Lines or CSV in, one decision (or error) per line out as JSON Lines or CSV,
// in input order, on several threads (exportctl/batch.h). A summary line goes to stderr at the end.
#include "exportctl/batch.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>

#include "cli.h"

namespace exportctl::cli {
namespace {

struct BatchArgs {
  std::string input = "-";
  std::string output;  // empty or "-": stdout
  std::optional<int> threads;
  std::string input_format = "jsonl";
  std::string format = "jsonl";
  bool rule_set_once = false;
};

// The input's descriptor, closed on scope exit (unless it is stdin).
struct Fd {
  int fd = -1;
  ~Fd() {
    if (fd > STDERR_FILENO) ::close(fd);
  }
};

absl::Status OpenInput(const std::string& path, Fd& in, struct stat& st) {
  in.fd = STDIN_FILENO;
  if (path != "-") {
    in.fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (in.fd < 0) return ReadError(path, errno);
  }
  if (::fstat(in.fd, &st) != 0) return ReadError(path, errno);
  if (S_ISDIR(st.st_mode)) return ReadError(path, EISDIR);
  return absl::OkStatus();
}

// "exportctl: batch: 7 lines, 5 decisions, 2 errors (first on line 3), 0.004 s".
std::string SummaryLine(const BatchSummary& s, double seconds) {
  char time[32];
  std::snprintf(time, sizeof time, "%.3f s", seconds);
  return CountsLine("batch", s) + ", " + time;
}

absl::StatusOr<int> RunBatch(const Common& common, const BatchArgs& args) {
  EXPORTCTL_CLI_RETURN_IF_ERROR(CheckThreads(args.threads));
  if (args.rule_set_once && args.format == "csv") {
    return absl::InvalidArgumentError("--rule-set-once does nothing with --format csv (a CSV row has no rule set)");
  }
  absl::StatusOr<Setup> setup = LoadSetup(common, TraceLevel::kFired);
  if (!setup.ok()) return setup.status();
  const auto start = std::chrono::steady_clock::now();
  Fd in;
  struct stat input_stat;
  EXPORTCTL_CLI_RETURN_IF_ERROR(OpenInput(args.input, in, input_stat));
  Output out;
  EXPORTCTL_CLI_RETURN_IF_ERROR(out.Open(args.output, args.input));

  const bool terminal = ::isatty(STDERR_FILENO);
  BatchOptions options{.eval = setup->options, .threads = args.threads.value_or(0)};
  options.input_format = args.input_format == "csv" ? BatchFormat::kCsv : BatchFormat::kJsonLines;
  options.output_format = args.format == "csv" ? BatchFormat::kCsv : BatchFormat::kJsonLines;
  options.rule_set_once = args.rule_set_once;
  if (terminal) {
    options.progress = [](const BatchSummary& s) {
      std::fprintf(stderr, "\rexportctl: batch: %lld lines", static_cast<long long>(s.lines));
    };
  }
  const absl::StatusOr<BatchSummary> summary = EvaluateJsonLines(
      *setup->rules, JsonLinesInput::Fd(in.fd, Quoted(args.input)),
      [&](std::string_view text) { return out.Write(text); }, options);
  if (terminal && (!summary.ok() || summary->lines > 0)) std::fputs(summary.ok() ? "\r" : "\n", stderr);
  if (!summary.ok()) {
    // A CSV header that is not one of sales: "LINE:COLUMN: message", of the input.
    const std::string message(View(summary.status().message()));
    if (!message.empty() && message[0] >= '0' && message[0] <= '9') {
      return absl::InvalidArgumentError(DisplayName(args.input) + ":" + message);
    }
    return summary.status();
  }
  EXPORTCTL_CLI_RETURN_IF_ERROR(out.Close());
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::fprintf(stderr, "%s\n", SummaryLine(*summary, seconds).c_str());
  return summary->errors > 0 ? 1 : 0;
}

}  // namespace

Command AddBatch(CLI::App& app, Common& common) {
  CLI::App* batch =
      AddCommand(app, common, "batch", "Evaluate JSON Lines (one sale per line) or CSV (one per row), in input order",
                 kAsOf | kTrace);
  auto args = std::make_shared<BatchArgs>();
  batch->add_option("input", args->input, "JSON Lines file, or - for stdin")->type_name("FILE|-");
  batch->add_option("-o,--output", args->output, "Write the decisions here (default stdout)")->type_name("OUT");
  AddThreadsOption(batch, args->threads);
  batch->add_option("--input-format", args->input_format, "jsonl (default) or csv: a header row, one sale per row")
      ->check(CLI::IsMember({"jsonl", "csv"}));
  batch->add_option("--format", args->format, "jsonl (default) or csv: one flat row per sale, with a header")
      ->check(CLI::IsMember({"jsonl", "csv"}));
  batch->add_flag("--rule-set-once", args->rule_set_once,
                  "Write the rule set once, as the first line, not in each decision; trace entries name their rule "
                  "(its citation is in the first line) unless --trace full");
  return {batch, [&common, args] { return RunBatch(common, *args); }};
}

}  // namespace exportctl::cli
