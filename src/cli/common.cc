// The parts the exportctl commands share (cli.h).
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "cli.h"

namespace exportctl::cli {

std::string_view View(absl::string_view s) { return std::string_view(s.data(), s.size()); }

std::string RuleSetLine(const RuleSet& rules) {
  std::string line;
  for (const PackInfo& p : rules.packs()) line += (line.empty() ? "" : ", ") + p.id + " " + p.revision;
  return line + "; hash " + rules.content_hash_hex();
}

namespace {

// Adds `name` to `command`, hidden, as an error: an option that would do nothing on a command is
// refused rather than silently ignored.
void Refuse(CLI::App* command, const std::string& name, bool takes_value) {
  const std::string why = name + " does nothing on " + command->get_name();
  auto refuse = [why] { throw CLI::ValidationError(why); };
  if (takes_value) {
    command->add_option_function<std::string>(name, [refuse](const std::string&) { refuse(); })->group("");
  } else {
    command->add_flag_callback(name, refuse)->group("");
  }
}

void AddCommonOptions(CLI::App* command, Common& common, unsigned which) {
  command->add_option("--rules", common.rule_files, "Add a rule pack (TOML) after the built-in one; repeatable")
      ->type_name("FILE")
      ->allow_extra_args(false);
  command
      ->add_option("--screening-list", common.screening_lists,
                   "Import a screening list (the CSL's JSON or CSV download) after the built-in catalog; repeatable")
      ->type_name("FILE")
      ->allow_extra_args(false);
  command->add_flag("--no-builtin", common.no_builtin, "Start from an empty catalog");
  if (which & kAsOf) {
    command->add_option("--as-of", common.as_of, "What was known on this day (YYYY-MM-DD)")->type_name("D");
  } else {
    Refuse(command, "--as-of", true);
  }
  if (which & kPretty) {
    command->add_flag("--pretty", common.pretty, "Indent the JSON output");
  } else {
    Refuse(command, "--pretty", false);
  }
  if (which & kTrace) {
    command->add_option("--trace", common.trace, "Trace level: none, fired (default) or full")
        ->check(CLI::IsMember({"none", "fired", "full"}));
  } else {
    Refuse(command, "--trace", true);
  }
}

}  // namespace

CLI::App* AddCommand(CLI::App& app, Common& common, const std::string& name, const std::string& description,
                     unsigned which) {
  CLI::App* command = app.add_subcommand(name, description);
  AddCommonOptions(command, common, which);
  return command;
}

void AddThreadsOption(CLI::App* command, std::optional<int>& threads) {
  command
      ->add_option("--threads", threads,
                   "Worker threads, 1 to " + std::to_string(kMaxBatchThreads) + " (default: the hardware's)")
      ->type_name("N");
}

absl::Status CheckThreads(const std::optional<int>& threads) {
  if (!threads || (*threads >= 1 && *threads <= kMaxBatchThreads)) return absl::OkStatus();
  return absl::InvalidArgumentError("--threads: must be between 1 and " + std::to_string(kMaxBatchThreads) + ", not " +
                                    std::to_string(*threads));
}

std::string CountsLine(std::string_view command, const BatchSummary& s) {
  std::string line = "exportctl: " + std::string(command) + ": " + std::to_string(s.lines) +
                     (s.lines == 1 ? " line, " : " lines, ") + std::to_string(s.decisions) +
                     (s.decisions == 1 ? " decision, " : " decisions, ") + std::to_string(s.errors) +
                     (s.errors == 1 ? " error" : " errors");
  if (s.errors > 0) line += " (first on line " + std::to_string(s.first_bad_line) + ")";
  return line;
}

void AddJsonFlag(CLI::App* command, bool& json) {
  CLI::Option* flag = command->add_flag("--json", json, "Print JSON");
  command->get_option("--pretty")->needs(flag);
}

namespace {

// The --screening-list lists, each imported over the catalog before it (the built-in one and the
// lists before), whose parties it joins (docs/screening-lists.md). Skipped rows do not stop the
// command: one line on stderr says how many, and where the first was.
absl::Status ImportLists(const Common& common, std::vector<RulePack>& packs) {
  if (common.screening_lists.empty()) return absl::OkStatus();
  std::vector<Entity> base;
  std::unordered_map<std::string, size_t> base_names;
  if (!common.no_builtin) {
    absl::StatusOr<std::shared_ptr<const RuleSet>> builtin = BuiltinRuleSet();
    if (!builtin.ok()) return builtin.status();
    base.assign((*builtin)->entities().begin(), (*builtin)->entities().end());
    for (size_t i = 0; i < base.size(); ++i) base_names.emplace(base[i].name, i);
  }
  for (const std::string& file : common.screening_lists) {
    absl::StatusOr<ScreeningListImport> list = ImportScreeningListFile(file, {.base = base});
    if (!list.ok()) return list.status();
    const ImportSummary& s = list->summary;
    if (!s.skipped.empty()) {
      std::fprintf(stderr,
                   "exportctl: warning: %s: %zu of %zu rows skipped, the first at %s (see exportctl lists "
                   "import)\n",
                   file.c_str(), s.skipped.size(), s.rows, s.skipped.front().ToString().c_str());
    }
    // The next list's base: this list's parties replace those of the same name, as Compile does.
    const bool last = &file == &common.screening_lists.back();
    for (const Entity& e : last ? absl::Span<const Entity>() : absl::Span<const Entity>(list->pack.entities)) {
      auto [same, added] = base_names.emplace(e.name, base.size());
      if (added) base.push_back(e);
      else base[same->second] = e;
    }
    packs.push_back(std::move(list->pack));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<Setup> LoadSetup(const Common& common, TraceLevel default_trace) {
  Setup setup;
  std::vector<RulePack>& packs = setup.packs;
  EXPORTCTL_CLI_RETURN_IF_ERROR(ImportLists(common, packs));
  for (const std::string& file : common.rule_files) {
    absl::StatusOr<RulePack> pack = LoadRulePackFile(file);
    if (!pack.ok()) return pack.status();
    packs.push_back(*std::move(pack));
  }
  absl::StatusOr<std::shared_ptr<const RuleSet>> rules = common.no_builtin ? Compile(packs) : BuiltinRuleSet(packs);
  if (!rules.ok()) return rules.status();
  setup.rules = *std::move(rules);
  if (!common.as_of.empty()) {
    absl::StatusOr<Date> as_of = ParseDateOption("--as-of", common.as_of);
    if (!as_of.ok()) return as_of.status();
    setup.options.as_of = *as_of;
  }
  setup.options.trace = default_trace;
  if (common.trace == "none") setup.options.trace = TraceLevel::kNone;
  if (common.trace == "fired") setup.options.trace = TraceLevel::kFired;
  if (common.trace == "full") setup.options.trace = TraceLevel::kFull;
  return setup;
}

namespace {

// "OPTION: message" for a value the library refused.
absl::Status OptionError(std::string_view option, const absl::Status& status) {
  return absl::InvalidArgumentError(std::string(option) + ": " + std::string(View(status.message())));
}

}  // namespace

absl::StatusOr<Date> ParseDateOption(std::string_view option, const std::string& text) {
  absl::StatusOr<Date> d = Date::Parse(text);
  if (!d.ok()) return OptionError(option, d.status());
  return *d;
}

absl::StatusOr<Country> ParseCountryOption(std::string_view option, const std::string& text) {
  absl::StatusOr<Country> c = Country::Parse(text);
  if (!c.ok()) return OptionError(option, c.status());
  return *c;
}

absl::StatusOr<Chip> ResolveItem(const RuleSet& rules, const std::string& item) {
  if (const CatalogChip* chip = rules.FindChip(item)) return chip->chip;
  if (::access(item.c_str(), F_OK) != 0) {
    return absl::InvalidArgumentError("unknown chip '" + item + "' (not in the catalog, and no such file)");
  }
  absl::StatusOr<std::string> text = ReadInput(item);
  if (!text.ok()) return text.status();
  absl::StatusOr<Chip> chip = ParseChipJson(*text);
  if (!chip.ok()) return absl::InvalidArgumentError(item + ":" + std::string(View(chip.status().message())));
  return chip;
}

std::string DisplayName(const std::string& path) { return path == "-" ? "<stdin>" : path; }

std::string Quoted(const std::string& path) {
  if (path == "-" || path == "<stdin>") return "<stdin>";
  if (path == "<stdout>") return path;
  return "'" + path + "'";
}

absl::Status ReadError(const std::string& path, int error) {
  return absl::InvalidArgumentError("cannot read " + Quoted(path) + ": " + std::strerror(error));
}

absl::Status WriteError(const std::string& path, int error) {
  return absl::InvalidArgumentError("cannot write " + Quoted(path) + ": " + std::strerror(error));
}

absl::StatusOr<std::string> ReadInput(const std::string& path) {
  int fd = 0;
  if (path != "-") {
    fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return ReadError(path, errno);
  }
  std::string text;
  int error = 0;
  struct stat st;
  if (::fstat(fd, &st) != 0) {
    error = errno;
  } else if (S_ISDIR(st.st_mode)) {
    error = EISDIR;
  }
  char buffer[1 << 16];
  while (error == 0) {
    const ssize_t got = ::read(fd, buffer, sizeof buffer);
    if (got > 0) {
      text.append(buffer, static_cast<size_t>(got));
    } else if (got == 0) {
      break;
    } else if (errno != EINTR) {
      error = errno;
    }
  }
  if (fd != 0) ::close(fd);
  if (error != 0) return ReadError(path, error);
  return text;
}

absl::Status WriteAll(int fd, std::string_view text, const std::string& name) {
  while (!text.empty()) {
    const ssize_t put = ::write(fd, text.data(), text.size());
    if (put < 0) {
      if (errno == EINTR) continue;
      return WriteError(name, errno);
    }
    text.remove_prefix(static_cast<size_t>(put));
  }
  return absl::OkStatus();
}

absl::Status WriteStdout(std::string_view text) { return WriteAll(STDOUT_FILENO, text, "<stdout>"); }

absl::StatusOr<int> Print(std::string_view text) {
  EXPORTCTL_CLI_RETURN_IF_ERROR(WriteStdout(text));
  return 0;
}

absl::Status WriteFile(const std::string& path, std::string_view text) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  if (fd < 0) return WriteError(path, errno);
  absl::Status status = WriteAll(fd, text, path);
  if (::close(fd) != 0 && status.ok()) status = WriteError(path, errno);
  return status;
}

absl::Status RefuseSameFile(const std::string& path, const std::string& other, const std::string& what) {
  struct stat out, in;
  const bool to_stdout = path.empty() || path == "-";
  if ((other == "-" ? ::fstat(STDIN_FILENO, &in) : ::stat(other.c_str(), &in)) != 0) return absl::OkStatus();
  if ((to_stdout ? ::fstat(STDOUT_FILENO, &out) : ::stat(path.c_str(), &out)) != 0) return absl::OkStatus();
  if (S_ISREG(out.st_mode) && out.st_dev == in.st_dev && out.st_ino == in.st_ino) {
    return absl::InvalidArgumentError("cannot write " + Quoted(to_stdout ? "<stdout>" : path) + ": it is the " + what +
                                      " " + Quoted(other));
  }
  return absl::OkStatus();
}

Output::~Output() {
  if (fd_ > STDERR_FILENO) ::close(fd_);
}

absl::Status Output::Open(const std::string& path, const std::string& input) {
  EXPORTCTL_CLI_RETURN_IF_ERROR(RefuseSameFile(path, input, "input"));
  if (path.empty() || path == "-") return absl::OkStatus();
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  if (fd < 0) return WriteError(path, errno);
  fd_ = fd;
  path_ = name_ = path;
  return absl::OkStatus();
}

absl::Status Output::Close() {
  if (fd_ <= STDERR_FILENO) return absl::OkStatus();
  const int result = ::close(fd_);
  fd_ = -1;
  return result == 0 ? absl::OkStatus() : WriteError(path_, errno);
}

}  // namespace exportctl::cli
