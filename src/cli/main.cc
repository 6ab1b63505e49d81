// exportctl: the command-line front of the library (shared/CONTRACT.md).
//
//   exportctl check sale.json --pretty
//   exportctl batch sales.jsonl -o decisions.jsonl --threads 8
//   exportctl classify A800 --date 2023-11-17
//   exportctl timeline --item H20 --destination CN --from 2022-01-01 --to 2026-06-30 --svg h20.svg
//   exportctl headroom --destination CN --date 2024-06-01 --die-area 814
//   exportctl chips | exportctl rules --date 2025-09-01 | exportctl test --rules mine.toml
//   exportctl entities --date 2025-09-01 --pretty
//
// Exit status: 0 when the input was evaluated, 2 for unusable input or options (one line on stderr,
// "exportctl: FILE:LINE:COLUMN: message"), 1 when batch met a bad line or a pack test failed.
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <cerrno>
#include <condition_variable>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <fstream>
#include <iostream>
#include <memory>
#include <mutex>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "CLI/CLI.hpp"
#include "exportctl/exportctl.h"

#include "exportctl/pack_tests.h"

namespace exportctl {
namespace {

std::string_view View(absl::string_view s) { return std::string_view(s.data(), s.size()); }

// Prints "exportctl: message" on stderr and exits with status 2.
[[noreturn]] void Die(std::string_view message) {
  std::fprintf(stderr, "exportctl: %.*s\n", static_cast<int>(message.size()), message.data());
  std::fflush(stdout);
  std::exit(2);
}
[[noreturn]] void Die(const absl::Status& status, std::string_view file = {}) {
  std::string message;
  if (!file.empty()) {
    message.append(file);
    message += ':';
  }
  message.append(View(status.message()));
  Die(message);
}

std::string DisplayName(const std::string& path) { return path == "-" ? "<stdin>" : path; }

// Writes `out` to stdout and flushes it: a failed write (a full disk, a closed pipe) is exit 2 with
// the reason, so that output cut short never looks complete.
void WriteStdout(std::string_view out) {
  errno = 0;
  if (std::fwrite(out.data(), 1, out.size(), stdout) == out.size() && std::fflush(stdout) == 0) return;
  const int error = errno;
  Die(std::string("cannot write <stdout>: ") + (error != 0 ? std::strerror(error) : "write failed"));
}

// Reads a whole file, or stdin for "-".
std::string ReadInput(const std::string& path) {
  if (path == "-") {
    std::ostringstream ss;
    ss << std::cin.rdbuf();
    return ss.str();
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) Die("cannot read '" + path + "'");
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

Date ParseDateOption(std::string_view option, const std::string& text) {
  absl::StatusOr<Date> d = Date::Parse(text);
  if (!d.ok()) Die(std::string(option) + ": " + std::string(View(d.status().message())));
  return *d;
}

Country ParseCountryOption(std::string_view option, const std::string& text) {
  absl::StatusOr<Country> c = Country::Parse(text);
  if (!c.ok()) Die(std::string(option) + ": " + std::string(View(c.status().message())));
  return *c;
}

// ---------------------------------------------------------------------------------------------
// A small JSON tree for the outputs that are not decisions.

class Json {
 public:
  enum class Kind { kNull, kBool, kNumber, kString, kArray, kObject };
  Json() = default;
  static Json Null() { return Json(); }
  static Json Bool(bool b) {
    Json j;
    j.kind_ = Kind::kBool;
    j.bool_ = b;
    return j;
  }
  static Json Number(double v) {
    Json j;
    j.kind_ = Kind::kNumber;
    j.number_ = v;
    return j;
  }
  static Json String(std::string_view s) {
    Json j;
    j.kind_ = Kind::kString;
    j.string_ = std::string(s);
    return j;
  }
  static Json StringOrNull(std::string_view s) { return s.empty() ? Null() : String(s); }
  static Json Array() {
    Json j;
    j.kind_ = Kind::kArray;
    return j;
  }
  static Json Object() {
    Json j;
    j.kind_ = Kind::kObject;
    return j;
  }
  // Adds a member (objects) and returns *this.
  Json& Set(std::string_view key, Json value) {
    members_.emplace_back(std::string(key), std::move(value));
    return *this;
  }
  Json& Push(Json value) {
    elements_.push_back(std::move(value));
    return *this;
  }
  std::string Dump(bool pretty) const {
    std::string out;
    Write(out, pretty, 0);
    return out;
  }

 private:
  static void Indent(std::string& out, bool pretty, int depth) {
    if (!pretty) return;
    out += '\n';
    out.append(2 * depth, ' ');
  }
  void Write(std::string& out, bool pretty, int depth) const {
    switch (kind_) {
      case Kind::kNull: out += "null"; break;
      case Kind::kBool: out += bool_ ? "true" : "false"; break;
      case Kind::kNumber: AppendJsonNumber(out, number_); break;
      case Kind::kString:
        out += '"';
        AppendJsonEscaped(out, string_);
        out += '"';
        break;
      case Kind::kArray:
        out += '[';
        for (size_t i = 0; i < elements_.size(); ++i) {
          if (i) out += ',';
          Indent(out, pretty, depth + 1);
          elements_[i].Write(out, pretty, depth + 1);
        }
        if (!elements_.empty()) Indent(out, pretty, depth);
        out += ']';
        break;
      case Kind::kObject:
        out += '{';
        for (size_t i = 0; i < members_.size(); ++i) {
          if (i) out += ',';
          Indent(out, pretty, depth + 1);
          out += '"';
          AppendJsonEscaped(out, members_[i].first);
          out += pretty ? "\": " : "\":";
          members_[i].second.Write(out, pretty, depth + 1);
        }
        if (!members_.empty()) Indent(out, pretty, depth);
        out += '}';
        break;
    }
  }

  Kind kind_ = Kind::kNull;
  bool bool_ = false;
  double number_ = 0;
  std::string string_;
  std::vector<Json> elements_;
  std::vector<std::pair<std::string, Json>> members_;
};

Json SpecsJson(SpecSet specs) {
  Json a = Json::Array();
  specs.ForEachName([&](std::string_view name) { a.Push(Json::String(name)); });
  return a;
}

double Round(double v, double scale) { return std::round(v * scale) / scale; }

// ---------------------------------------------------------------------------------------------
// Options common to the evaluating commands.

struct Common {
  std::vector<std::string> rule_files;
  bool no_builtin = false;
  std::string as_of;
  bool pretty = false;
  std::string trace;  // empty: the command's default
};

std::shared_ptr<const RuleSet> LoadRules(const Common& common) {
  std::vector<RulePack> packs;
  for (const std::string& file : common.rule_files) {
    absl::StatusOr<RulePack> pack = LoadRulePackFile(file);
    if (!pack.ok()) Die(pack.status());
    packs.push_back(*std::move(pack));
  }
  absl::StatusOr<std::shared_ptr<const RuleSet>> rules =
      common.no_builtin ? Compile(packs) : BuiltinRuleSet(packs);
  if (!rules.ok()) Die(rules.status());
  return *std::move(rules);
}

EvalOptions MakeEvalOptions(const Common& common, TraceLevel default_trace) {
  EvalOptions options;
  if (!common.as_of.empty()) options.as_of = ParseDateOption("--as-of", common.as_of);
  options.trace = default_trace;
  if (common.trace == "none") options.trace = TraceLevel::kNone;
  if (common.trace == "fired") options.trace = TraceLevel::kFired;
  if (common.trace == "full") options.trace = TraceLevel::kFull;
  return options;
}

// A catalog chip by name or alias, or a chip JSON file.
Chip ResolveItem(const RuleSet& rules, const std::string& item) {
  if (const CatalogChip* chip = rules.FindChip(item)) return chip->chip;
  std::ifstream probe(item);
  if (!probe) Die("unknown chip '" + item + "' (not in the catalog, and no such file)");
  probe.close();
  absl::StatusOr<Chip> chip = ParseChipJson(ReadInput(item));
  if (!chip.ok()) Die(chip.status(), item);
  return *std::move(chip);
}

// ---------------------------------------------------------------------------------------------
// check

int RunCheck(const Common& common, const std::string& input) {
  std::shared_ptr<const RuleSet> rules = LoadRules(common);
  const EvalOptions options = MakeEvalOptions(common, TraceLevel::kFired);
  const std::string text = ReadInput(input);
  absl::StatusOr<Sale> sale = ParseSaleJson(text, *rules);
  if (!sale.ok()) Die(sale.status(), DisplayName(input));
  const Decision decision = Evaluate(*rules, *sale, options);
  std::string out = DecisionToJson(decision, *sale, *rules, {.pretty = common.pretty});
  out += '\n';
  std::fwrite(out.data(), 1, out.size(), stdout);
  return 0;
}

// ---------------------------------------------------------------------------------------------
// batch

struct BatchLine {
  int64_t number = 0;  // 1-based line number in the input
  std::string_view text;  // into the block's text
  bool too_long = false;  // longer than kMaxLineBytes: its text was dropped
};

// The longest input line batch accepts; a longer one is a bad line, and memory stays bounded.
constexpr size_t kMaxLineBytes = size_t{1} << 20;

// Splits a stream into lines, reading 1 MiB at a time and finding each '\n' with memchr
// (a virtual call per byte was the batch's largest cost after the JSON writer).
class LineReader {
 public:
  explicit LineReader(std::istream& in) : in_(*in.rdbuf()), chunk_(size_t{1} << 20) {}

  // Appends the next line, without its '\n', to `text`, keeping at most kMaxLineBytes of it.
  // False at the end of the input.
  bool Next(std::string& text, bool& too_long) {
    too_long = false;
    bool any = false;
    size_t kept = 0;
    for (;;) {
      if (pos_ == end_ && !Refill()) return any;
      any = true;
      const char* start = chunk_.data() + pos_;
      const char* newline = static_cast<const char*>(std::memchr(start, '\n', end_ - pos_));
      const size_t length = newline ? static_cast<size_t>(newline - start) : end_ - pos_;
      const size_t take = std::min(length, kMaxLineBytes - kept);
      text.append(start, take);
      kept += take;
      too_long |= take < length;
      pos_ += length;
      if (newline) {
        ++pos_;
        return true;
      }
    }
  }

 private:
  bool Refill() {
    const std::streamsize got = in_.sgetn(chunk_.data(), static_cast<std::streamsize>(chunk_.size()));
    pos_ = 0;
    end_ = got > 0 ? static_cast<size_t>(got) : 0;
    return end_ > 0;
  }

  std::streambuf& in_;
  std::vector<char> chunk_;
  size_t pos_ = 0;
  size_t end_ = 0;
};

// Evaluates one line into `out` (one line of output). Returns false for a bad line.
bool EvaluateLine(const RuleSet& rules, const EvalOptions& options, const BatchLine& line, std::string& out) {
  absl::StatusOr<Sale> sale =
      line.too_long ? absl::StatusOr<Sale>(absl::InvalidArgumentError(
                          "1:1: line longer than " + std::to_string(kMaxLineBytes) + " bytes"))
                    : ParseSaleJson(line.text, rules);
  if (!sale.ok()) {
    std::string_view message = View(sale.status().message());
    // Single-line JSON: report the input's line number instead of the line's own "1:".
    std::string located;
    if (message.substr(0, 2) == "1:") {
      located = std::to_string(line.number) + std::string(message.substr(1));
      message = located;
    }
    out += "{\"line\":";
    out += std::to_string(line.number);
    out += ",\"error\":\"";
    AppendJsonEscaped(out, message);
    out += "\"}\n";
    return false;
  }
  const Decision decision = Evaluate(rules, *sale, options);
  AppendDecisionJson(out, decision, *sale, rules);
  out += '\n';
  return true;
}

// One block of input lines and the output of their evaluation. Batch keeps a few in flight: the
// main thread reads one and writes another while the workers evaluate the rest.
struct BatchBlock {
  std::string text;                        // the block's lines, back to back
  std::vector<std::pair<size_t, size_t>> spans;  // each line's offset and length in text
  std::vector<BatchLine> lines;
  std::vector<std::string> results;        // one output buffer per chunk, reused
  size_t chunks = 0;
  size_t next_chunk = 0;                   // the next chunk to hand out (under the queue's mutex)
  std::atomic<size_t> done_chunks{0};
  std::atomic<bool> any_bad{false};
};

// Fills `block` with up to `max_lines` lines from `reader`, numbering them after `line_number`.
// Returns false at the end of the input (the block may still hold lines).
bool ReadBlock(LineReader& reader, BatchBlock& block, size_t max_lines, int64_t& line_number) {
  block.lines.clear();
  block.spans.clear();
  block.text.clear();
  bool more = true;
  while (block.lines.size() < max_lines) {
    const size_t offset = block.text.size();
    bool too_long = false;
    if (!reader.Next(block.text, too_long)) {
      more = false;
      break;
    }
    ++line_number;
    if (too_long) {
      block.text.resize(offset);
      block.lines.push_back({line_number, {}, true});
      block.spans.emplace_back(offset, 0);
      continue;
    }
    if (block.text.size() > offset && block.text.back() == '\r') block.text.pop_back();
    const std::string_view line(block.text.data() + offset, block.text.size() - offset);
    if (line.find_first_not_of(" \t") == std::string_view::npos) {  // blank lines are skipped
      block.text.resize(offset);
      continue;
    }
    block.lines.push_back({line_number, {}, false});
    block.spans.emplace_back(offset, line.size());
  }
  // block.text no longer grows: the views into it stay valid while the workers run.
  const std::string_view text(block.text);
  for (size_t i = 0; i < block.lines.size(); ++i) block.lines[i].text = text.substr(block.spans[i].first, block.spans[i].second);
  return more;
}

int RunBatch(const Common& common, const std::string& input, const std::string& output, int threads) {
  std::shared_ptr<const RuleSet> rules = LoadRules(common);
  const EvalOptions options = MakeEvalOptions(common, TraceLevel::kFired);
  if (threads <= 0) threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));

  std::ifstream file;
  std::istream* in = &std::cin;
  if (input != "-") {
    file.open(input, std::ios::binary);
    if (!file) Die("cannot read '" + input + "'");
    in = &file;
  }
  FILE* out = stdout;
  if (!output.empty() && output != "-") {
    out = std::fopen(output.c_str(), "wb");
    if (out == nullptr) Die("cannot write '" + output + "'");
  }
  const bool progress = isatty(2);

  // A pipeline of kSlots blocks: the main thread reads block N+k and writes block N (in input
  // order) while `threads` workers evaluate the blocks in between, chunk by chunk. Memory stays
  // bounded by kSlots blocks in flight.
  constexpr size_t kBlockLines = 1 << 13;
  constexpr size_t kChunkLines = 256;  // unit of work handed to a thread
  constexpr size_t kSlots = 4;
  std::vector<std::unique_ptr<BatchBlock>> slots;
  for (size_t i = 0; i < kSlots; ++i) slots.push_back(std::make_unique<BatchBlock>());

  std::mutex mutex;
  std::condition_variable work_ready;  // workers wait here for chunks
  std::condition_variable block_done;  // the main thread waits here for the oldest block
  std::deque<BatchBlock*> queue;       // blocks with chunks not yet handed out, oldest first
  bool closing = false;

  auto worker = [&] {
    for (;;) {
      BatchBlock* block = nullptr;
      size_t c = 0;
      {
        std::unique_lock<std::mutex> lock(mutex);
        work_ready.wait(lock, [&] { return closing || !queue.empty(); });
        if (queue.empty()) return;  // closing, and nothing left
        block = queue.front();
        c = block->next_chunk++;
        if (block->next_chunk == block->chunks) queue.pop_front();
      }
      std::string& result = block->results[c];
      const size_t end = std::min(block->lines.size(), (c + 1) * kChunkLines);
      bool bad = false;
      for (size_t i = c * kChunkLines; i < end; ++i) {
        if (!EvaluateLine(*rules, options, block->lines[i], result)) bad = true;
      }
      if (bad) block->any_bad = true;
      if (block->done_chunks.fetch_add(1) + 1 == block->chunks) {
        std::lock_guard<std::mutex> lock(mutex);  // so the main thread cannot miss the wake-up
        block_done.notify_all();
      }
    }
  };
  std::vector<std::thread> pool;
  pool.reserve(static_cast<size_t>(threads));
  for (int t = 0; t < threads; ++t) pool.emplace_back(worker);

  LineReader reader(*in);
  int64_t line_number = 0;
  int64_t evaluated = 0;
  bool any_bad = false;
  bool more = true;
  size_t read_count = 0, written_count = 0;  // blocks handed to the workers, blocks written
  for (;;) {
    // Fill every free slot.
    while (more && read_count - written_count < kSlots) {
      BatchBlock& block = *slots[read_count % kSlots];
      more = ReadBlock(reader, block, kBlockLines, line_number);
      if (block.lines.empty()) break;
      block.chunks = (block.lines.size() + kChunkLines - 1) / kChunkLines;
      if (block.results.size() < block.chunks) block.results.resize(block.chunks);
      for (size_t c = 0; c < block.chunks; ++c) block.results[c].clear();
      block.next_chunk = 0;
      block.done_chunks = 0;
      block.any_bad = false;
      {
        std::lock_guard<std::mutex> lock(mutex);
        queue.push_back(&block);
      }
      work_ready.notify_all();
      ++read_count;
    }
    if (written_count == read_count) break;  // the end of the input, everything written
    // Write the oldest block once it is evaluated.
    BatchBlock& block = *slots[written_count % kSlots];
    {
      std::unique_lock<std::mutex> lock(mutex);
      block_done.wait(lock, [&] { return block.done_chunks.load() == block.chunks; });
    }
    for (size_t c = 0; c < block.chunks; ++c) std::fwrite(block.results[c].data(), 1, block.results[c].size(), out);
    any_bad |= block.any_bad.load();
    evaluated += static_cast<int64_t>(block.lines.size());
    ++written_count;
    if (progress) std::fprintf(stderr, "\rexportctl: %lld lines", static_cast<long long>(evaluated));
  }
  {
    std::lock_guard<std::mutex> lock(mutex);
    closing = true;  // the queue is empty: every block was written
  }
  work_ready.notify_all();
  for (std::thread& t : pool) t.join();

  if (progress && evaluated > 0) std::fprintf(stderr, "\n");
  if (out != stdout) {
    if (std::fclose(out) != 0) Die("cannot write '" + output + "'");
  } else {
    std::fflush(stdout);
  }
  return any_bad ? 1 : 0;
}

// ---------------------------------------------------------------------------------------------
// classify

int RunClassify(const Common& common, const std::string& item, const std::string& date_text, bool json) {
  std::shared_ptr<const RuleSet> rules = LoadRules(common);
  const EvalOptions options = MakeEvalOptions(common, TraceLevel::kNone);
  const Date date = ParseDateOption("--date", date_text);
  const Chip chip = ResolveItem(*rules, item);
  const ClassifyResult r = Classify(*rules, chip, date, options);
  std::string out;
  if (json) {
    Json j = Json::Object();
    j.Set("item", Json::String(chip.model));
    j.Set("date", Json::String(date.ToString()));
    j.Set("classification", Json::Object().Set("US", Json::String(r.classification)));
    j.Set("rule", Json::StringOrNull(r.rule));
    if (!r.missing.empty()) j.Set("missing", SpecsJson(r.missing));
    out = j.Dump(common.pretty);
  } else {
    out = chip.model + " on " + date.ToString() + ": " + std::string(r.classification);
    if (!r.rule.empty()) out += " (" + std::string(r.rule) + ")";
    if (!r.missing.empty()) {
      std::string names;
      r.missing.ForEachName([&](std::string_view n) {
        if (!names.empty()) names += ", ";
        names += n;
      });
      out += " (missing " + names + ")";
    }
  }
  out += '\n';
  std::fwrite(out.data(), 1, out.size(), stdout);
  return 0;
}

// ---------------------------------------------------------------------------------------------
// timeline

Json SegmentJson(const TimelineSegment& s) {
  const Decision& d = s.decision;
  Json j = Json::Object();
  j.Set("from", Json::String(s.interval.from.ToString()));
  j.Set("until", Json::String(s.interval.until.ToString()));
  j.Set("verdict", Json::String(VerdictName(d.verdict)));
  // The review policy and exception of the first jurisdiction that reports one.
  for (const JurisdictionDecision& jd : d.jurisdictions) {
    if (jd.review_policy) {
      j.Set("review_policy", Json::String(ReviewPolicyName(*jd.review_policy)));
      break;
    }
  }
  for (const JurisdictionDecision& jd : d.jurisdictions) {
    if (!jd.license_exception.empty()) {
      j.Set("license_exception", Json::String(jd.license_exception));
      break;
    }
  }
  Json jurisdictions = Json::Object();
  for (const JurisdictionDecision& jd : d.jurisdictions) {
    Json x = Json::Object();
    x.Set("verdict", Json::String(VerdictName(jd.verdict)));
    if (jd.review_policy) x.Set("review_policy", Json::String(ReviewPolicyName(*jd.review_policy)));
    if (!jd.license_exception.empty()) x.Set("license_exception", Json::String(jd.license_exception));
    if (!jd.classification.empty()) x.Set("classification", Json::String(jd.classification));
    if (!jd.advisories.empty()) {
      Json a = Json::Array();
      for (const Advisory& adv : jd.advisories)
        a.Push(Json::String(std::string(adv.rule) + ": " + std::string(adv.text)));
      x.Set("advisories", std::move(a));
    }
    jurisdictions.Set(jd.jurisdiction.ToString(), std::move(x));
  }
  j.Set("jurisdictions", std::move(jurisdictions));
  if (!d.conditions.empty()) {
    Json c = Json::Array();
    for (const ConditionOut& cond : d.conditions) {
      Json x = Json::Object();
      x.Set("kind", Json::String(ConditionKindName(cond.kind)));
      x.Set("jurisdiction", Json::String(cond.jurisdiction.ToString()));
      x.Set("rule", Json::String(cond.rule));
      if (cond.percent) x.Set("percent", Json::Number(*cond.percent));
      c.Push(std::move(x));
    }
    j.Set("conditions", std::move(c));
  }
  if (!d.missing.empty()) j.Set("missing", SpecsJson(d.missing));
  Json rules = Json::Array();
  for (std::string_view r : s.rules) rules.Push(Json::String(r));
  j.Set("rules", std::move(rules));
  return j;
}

struct Lane {
  Country destination;
  std::vector<TimelineSegment> segments;
  std::vector<std::string> change_labels;  // per segment: the rules behind its start; [0] unused
};

// Fill colors of the verdicts (the bars and the legend).
std::string_view VerdictColor(Verdict v) {
  switch (v) {
    case Verdict::kAllowed: return "#66bb6a";
    case Verdict::kAllowedWithConditions: return "#c5e1a5";
    case Verdict::kNotificationRequired: return "#ffe082";
    case Verdict::kLicenseRequired: return "#ffb74d";
    case Verdict::kProhibited: return "#e53935";
    case Verdict::kIndeterminate: return "#bdbdbd";
  }
  return "#bdbdbd";
}
std::string_view VerdictTextColor(Verdict v) { return v == Verdict::kProhibited ? "#ffffff" : "#1a1a1a"; }

// 15 -> "15%", 2.5 -> "2.5%".
std::string FormatPercent(double v) {
  char buf[32];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, r.ptr) + "%";
}

// "license_required" -> "license required".
std::string Words(std::string_view name) {
  std::string s(name);
  std::replace(s.begin(), s.end(), '_', ' ');
  return s;
}

std::string XmlEscape(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

// The rule ids that explain a change on day `at`: the rules that fire on `at` but did not the day
// before, else those that stopped firing ("end of ...").
std::string ChangeLabel(const RuleSet& rules, Sale sale, Date at, const EvalOptions& options) {
  EvalOptions o = options;
  o.trace = TraceLevel::kFired;
  sale.date = at.AddDays(-1);
  const Decision before = Evaluate(rules, sale, o);
  sale.date = at;
  const Decision after = Evaluate(rules, sale, o);
  std::vector<std::string> ids;
  auto add = [&](std::string_view prefix, std::string_view id) {
    std::string label = std::string(prefix) + std::string(id);
    if (std::find(ids.begin(), ids.end(), label) == ids.end()) ids.push_back(std::move(label));
  };
  for (const TraceEntry& t : after.trace)
    if (t.fired && !before.Fired(t.rule)) add("", t.rule);
  if (ids.empty()) {
    for (const TraceEntry& t : before.trace)
      if (t.fired && !after.Fired(t.rule)) add("end of ", t.rule);
  }
  std::string label;
  for (const std::string& id : ids) label += (label.empty() ? "" : ", ") + id;
  return label;
}

// The review policy (or license exception), in words, of the first jurisdiction whose verdict is
// the overall one and that has one.
std::string PolicyWords(const Decision& d) {
  for (const JurisdictionDecision& j : d.jurisdictions) {
    if (j.verdict != d.verdict) continue;
    if (!j.license_exception.empty()) return "exception " + std::string(j.license_exception);
    if (j.review_policy) return Words(ReviewPolicyName(*j.review_policy));
  }
  return "";
}

// The overall verdict in words, with the jurisdictions that set it when others differ:
// "license required (US)".
std::string VerdictWords(const Decision& d) {
  std::string s = Words(VerdictName(d.verdict));
  std::string who;
  bool all = true;
  for (const JurisdictionDecision& j : d.jurisdictions) {
    if (j.verdict == d.verdict) {
      who += (who.empty() ? "" : ", ") + j.jurisdiction.ToString();
    } else {
      all = false;
    }
  }
  if (!all && !who.empty()) s += " (" + who + ")";
  return s;
}

// What changed from `before` to `after`, in a few words: the new verdict (with the jurisdictions
// that set it, when others differ), else the review policy, the exception, the advisories or the
// conditions.
std::string ChangeSummary(const Decision& before, const Decision& after) {
  if (before.verdict != after.verdict) {
    std::string s = VerdictWords(after);
    const std::string policy = PolicyWords(after);
    if (!policy.empty() && after.verdict != Verdict::kAllowed) s += ", " + policy;
    return s;
  }
  // Per jurisdiction: its verdict, else its review policy or license exception.
  std::string changes;
  for (const JurisdictionDecision& j : after.jurisdictions) {
    const JurisdictionDecision* old = before.Find(j.jurisdiction);
    const std::string who = j.jurisdiction.ToString();
    std::string change;
    if (old == nullptr || old->verdict != j.verdict) {
      change = who + ": " + Words(VerdictName(j.verdict));
      if (j.review_policy) change += ", " + Words(ReviewPolicyName(*j.review_policy));
    } else if (old->review_policy != j.review_policy) {
      change = who + " review: " + (j.review_policy ? Words(ReviewPolicyName(*j.review_policy)) : "none");
    } else if (old->license_exception != j.license_exception) {
      change = who + " license exception: " +
               (j.license_exception.empty() ? std::string("none") : std::string(j.license_exception));
    }
    if (!change.empty()) changes += (changes.empty() ? "" : "; ") + change;
  }
  if (!changes.empty()) return changes;
  std::string advisories;
  for (const JurisdictionDecision& j : after.jurisdictions) {
    const JurisdictionDecision* old = before.Find(j.jurisdiction);
    for (const Advisory& a : j.advisories) {
      bool known = false;
      if (old != nullptr)
        for (const Advisory& b : old->advisories) known |= b.rule == a.rule && b.text == a.text;
      if (!known) advisories += (advisories.empty() ? "" : "; ") + j.jurisdiction.ToString() + " advisory: " +
                                std::string(a.text);
    }
  }
  if (!advisories.empty()) return advisories;
  std::string conditions;
  for (const ConditionOut& c : after.conditions) {
    conditions += (conditions.empty() ? "conditions: " : ", ") + Words(ConditionKindName(c.kind));
    if (c.percent) conditions += " " + FormatPercent(*c.percent);
  }
  return conditions.empty() ? "terms change" : conditions;
}

// An estimate of the width of `text` in Helvetica at `size` px (a little generous, so that text
// laid out with it does not collide).
double TextWidth(std::string_view text, double size, bool bold = false) {
  double em = 0;
  for (unsigned char c : text) {
    if ((c & 0xC0) == 0x80) continue;  // UTF-8 continuation byte
    if (std::string_view("iljtfrI.,:;'|!() -").find(static_cast<char>(c)) != std::string_view::npos) {
      em += 0.32;
    } else if (std::string_view("mwMW@").find(static_cast<char>(c)) != std::string_view::npos) {
      em += 0.86;
    } else if (c >= 'A' && c <= 'Z') {
      em += 0.68;
    } else {
      em += 0.56;
    }
  }
  return em * size * (bold ? 1.08 : 1.0);
}

// A change marker above a lane's bar: a leader at x and, right of it, two lines of text, in a row
// (0 is nearest the bar).
struct Callout {
  double x = 0;
  std::string head;  // date and what changed
  std::string rule;  // the rule behind it
  double text_from = 0, text_to = 0;  // horizontal extent of the text, right of the leader
  int row = 0;
};

// Places the callouts in rows so that no two texts overlap and no leader crosses a text: from the
// right, each takes the lowest row that is clear of the texts and leaders already placed (the
// staircase of a cluster of changes descends to the right).
void PlaceCallouts(std::vector<Callout>& callouts) {
  constexpr double kPad = 10;
  std::vector<size_t> order(callouts.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return callouts[a].x > callouts[b].x; });
  std::vector<const Callout*> placed;
  for (size_t i : order) {
    Callout& c = callouts[i];
    for (int row = 0;; ++row) {
      bool clear = true;
      for (const Callout* p : placed) {
        if (p->row == row) {
          clear &= c.text_to + kPad <= p->text_from || p->text_to + kPad <= c.text_from;
        } else if (p->row < row) {  // our leader passes its row
          clear &= c.x + 3 < p->text_from - 2 || p->text_to + 2 < c.x - 3;
        } else {  // its leader passes our row
          clear &= p->x + 3 < c.text_from - 2 || c.text_to + 2 < p->x - 3;
        }
      }
      if (clear || row > 64) {
        c.row = row;
        break;
      }
    }
    placed.push_back(&c);
  }
}

std::string TimelineSvg(const RuleSet& rules, std::string_view item, std::string_view scenario,
                        const std::vector<Lane>& lanes, Date from, Date to) {
  constexpr double kWidth = 1400, kLeft = 64, kRight = 44, kTop = 74;
  constexpr double kBar = 32, kRowHeight = 33, kLaneGap = 26, kCalloutGap = 8;
  const double plot_right = kWidth - kRight;
  const double plot_width = plot_right - kLeft;
  const Date end = to.AddDays(1);
  const double days = std::max(1, end.DaysSince(from));
  auto x_of = [&](Date d) { return kLeft + plot_width * d.DaysSince(from) / days; };

  // Callouts per lane, and the lanes' heights.
  std::vector<std::vector<Callout>> callouts(lanes.size());
  std::vector<double> bar_y(lanes.size());
  double y = kTop;
  double width_needed = kWidth;  // a change near the end may need room on the right for its text
  for (size_t l = 0; l < lanes.size(); ++l) {
    const Lane& lane = lanes[l];
    for (size_t i = 1; i < lane.segments.size(); ++i) {
      Callout c;
      c.x = x_of(lane.segments[i].interval.from);
      c.head = lane.segments[i].interval.from.ToString() + "  " +
               ChangeSummary(lane.segments[i - 1].decision, lane.segments[i].decision);
      c.rule = lane.change_labels[i].empty() ? "(no rule fired or ended)" : lane.change_labels[i];
      const double width = std::max(TextWidth(c.head, 12.5, true), TextWidth(c.rule, 12)) + 2;
      c.text_from = c.x + 5;
      c.text_to = c.x + 5 + width;
      width_needed = std::max(width_needed, c.text_to + 8);
      callouts[l].push_back(std::move(c));
    }
    PlaceCallouts(callouts[l]);
    int rows = 0;
    for (const Callout& c : callouts[l]) rows = std::max(rows, c.row + 1);
    bar_y[l] = y + rows * kRowHeight + (rows ? kCalloutGap : 0);
    y = bar_y[l] + kBar + kLaneGap;
  }
  const double axis_y = y - kLaneGap + 12;
  const double legend_y = axis_y + 46;
  const double height = legend_y + 52;

  std::string s;
  auto add = [&](const char* fmt, auto... args) {
    char buf[512];
    const int n = std::snprintf(buf, sizeof buf, fmt, args...);
    if (n < static_cast<int>(sizeof buf)) {
      s += buf;
      return;
    }
    std::string big(static_cast<size_t>(n) + 1, '\0');
    std::snprintf(big.data(), big.size(), fmt, args...);
    s.append(big.data(), static_cast<size_t>(n));
  };
  const double width = std::ceil(width_needed);
  add("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" "
      "font-family=\"Helvetica, Arial, sans-serif\">\n",
      width, height, width, height);
  add("<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n");
  add("<text x=\"%.0f\" y=\"30\" font-size=\"20\" font-weight=\"bold\" fill=\"#1a1a1a\">%s: export decision by "
      "destination, %s to %s</text>\n",
      kLeft, XmlEscape(item).c_str(), from.ToString().c_str(), to.ToString().c_str());
  add("<text x=\"%.0f\" y=\"50\" font-size=\"12.5\" fill=\"#555\">%s. Each change is marked with its date, what "
      "changed and the rule that caused it.</text>\n",
      kLeft, XmlEscape(scenario).c_str());

  // Year grid behind the lanes.
  for (int year = from.year(); year <= end.year(); ++year) {
    const Date tick(year, 1, 1);
    if (tick < from || end < tick) continue;
    add("<line x1=\"%.2f\" y1=\"%.1f\" x2=\"%.2f\" y2=\"%.1f\" stroke=\"#dddddd\" stroke-dasharray=\"3,3\"/>\n",
        x_of(tick), kTop - 6, x_of(tick), axis_y);
  }

  for (size_t l = 0; l < lanes.size(); ++l) {
    const Lane& lane = lanes[l];
    const double by = bar_y[l];
    add("<text x=\"%.0f\" y=\"%.1f\" font-size=\"17\" font-weight=\"bold\" text-anchor=\"end\" "
        "fill=\"#1a1a1a\">%s</text>\n",
        kLeft - 12, by + kBar / 2 + 6, lane.destination.ToString().c_str());
    for (size_t i = 0; i < lane.segments.size(); ++i) {
      const TimelineSegment& seg = lane.segments[i];
      const Verdict v = seg.decision.verdict;
      const double x0 = x_of(seg.interval.from), x1 = x_of(std::min(seg.interval.until, end));
      const std::string title = Words(VerdictName(v)) + " [" + seg.interval.from.ToString() + ", " +
                                seg.interval.until.ToString() + ")" +
                                (seg.rules.empty() ? "" : ": " + [&] {
                                  std::string r;
                                  for (std::string_view id : seg.rules) r += (r.empty() ? "" : ", ") + std::string(id);
                                  return r;
                                }());
      add("<rect x=\"%.2f\" y=\"%.1f\" width=\"%.2f\" height=\"%.0f\" fill=\"%s\"><title>%s</title></rect>\n", x0,
          by, std::max(0.5, x1 - x0), kBar, std::string(VerdictColor(v)).c_str(), XmlEscape(title).c_str());
      if (i > 0) {  // a thin white seam between segments, visible between equal colors too
        add("<line x1=\"%.2f\" y1=\"%.1f\" x2=\"%.2f\" y2=\"%.1f\" stroke=\"white\" stroke-width=\"2\"/>\n", x0, by,
            x0, by + kBar);
      }
      // The verdict (and policy) inside the bar, when it fits.
      std::string text = VerdictWords(seg.decision);
      const std::string policy = PolicyWords(seg.decision);
      if (!policy.empty() && v != Verdict::kAllowed) text += " \xC2\xB7 " + policy;
      if (lane.segments.size() == 1) text += " throughout";
      if (TextWidth(text, 13) + 14 > x1 - x0) text = Words(VerdictName(v));
      if (TextWidth(text, 13) + 14 <= x1 - x0) {
        add("<text x=\"%.2f\" y=\"%.1f\" font-size=\"13\" fill=\"%s\">%s</text>\n", x0 + 7, by + kBar / 2 + 4.5,
            std::string(VerdictTextColor(v)).c_str(), XmlEscape(text).c_str());
      }
    }
    // Leaders first, then the texts over them.
    for (const Callout& c : callouts[l]) {
      const double top = by - kCalloutGap - c.row * kRowHeight - kRowHeight + 4;
      add("<line x1=\"%.2f\" y1=\"%.1f\" x2=\"%.2f\" y2=\"%.1f\" stroke=\"#333\" stroke-width=\"1\"/>\n", c.x, top,
          c.x, by + kBar);
      add("<circle cx=\"%.2f\" cy=\"%.1f\" r=\"2.5\" fill=\"#333\"/>\n", c.x, top);
    }
    for (const Callout& c : callouts[l]) {
      const double bottom = by - kCalloutGap - c.row * kRowHeight;
      const double tx = c.text_from;
      add("<text x=\"%.2f\" y=\"%.1f\" font-size=\"12.5\" font-weight=\"bold\" fill=\"#1a1a1a\" stroke=\"white\" "
          "stroke-width=\"3\" paint-order=\"stroke\">%s</text>\n",
          tx, bottom - 16, XmlEscape(c.head).c_str());
      add("<text x=\"%.2f\" y=\"%.1f\" font-size=\"12\" fill=\"#444\" stroke=\"white\" stroke-width=\"3\" "
          "paint-order=\"stroke\">%s</text>\n",
          tx, bottom - 2, XmlEscape(c.rule).c_str());
    }
  }

  // Dated axis: years labeled, quarters ticked; the first and last day at the ends.
  add("<line x1=\"%.0f\" y1=\"%.1f\" x2=\"%.0f\" y2=\"%.1f\" stroke=\"#333\"/>\n", kLeft, axis_y, plot_right,
      axis_y);
  for (int year = from.year(); year <= end.year(); ++year) {
    for (int month = 1; month <= 12; month += 3) {
      const Date tick(year, month, 1);
      if (tick < from || end < tick) continue;
      const double x = x_of(tick);
      const bool major = month == 1;
      add("<line x1=\"%.2f\" y1=\"%.1f\" x2=\"%.2f\" y2=\"%.1f\" stroke=\"#333\"/>\n", x, axis_y, x,
          axis_y + (major ? 7 : 4));
      if (major && x - kLeft > 40 && plot_right - x > 40) {
        add("<text x=\"%.2f\" y=\"%.1f\" font-size=\"13\" text-anchor=\"middle\" fill=\"#1a1a1a\">%d</text>\n", x,
            axis_y + 21, year);
      }
    }
  }
  add("<text x=\"%.0f\" y=\"%.1f\" font-size=\"11\" fill=\"#555\">%s</text>\n", kLeft, axis_y + 36,
      from.ToString().c_str());
  add("<text x=\"%.0f\" y=\"%.1f\" font-size=\"11\" fill=\"#555\" text-anchor=\"end\">%s</text>\n", plot_right,
      axis_y + 36, to.ToString().c_str());

  // Legend.
  const Verdict legend[] = {Verdict::kAllowed, Verdict::kAllowedWithConditions, Verdict::kNotificationRequired,
                            Verdict::kLicenseRequired, Verdict::kProhibited, Verdict::kIndeterminate};
  double lx = kLeft;
  for (Verdict v : legend) {
    const std::string name = Words(VerdictName(v));
    add("<rect x=\"%.1f\" y=\"%.1f\" width=\"16\" height=\"16\" fill=\"%s\"/>\n", lx, legend_y,
        std::string(VerdictColor(v)).c_str());
    add("<text x=\"%.1f\" y=\"%.1f\" font-size=\"12.5\" fill=\"#1a1a1a\">%s</text>\n", lx + 22, legend_y + 12.5,
        name.c_str());
    lx += 22 + TextWidth(name, 12.5) + 26;
  }
  std::string packs;
  for (const PackInfo& p : rules.packs()) {
    packs += (packs.empty() ? "" : ", ") + p.id + (p.revision.empty() ? "" : " " + p.revision);
  }
  add("<text x=\"%.0f\" y=\"%.1f\" font-size=\"11\" fill=\"#777\">exportctl timeline; rule packs: %s. A model of "
      "public facts, not legal advice.</text>\n",
      kLeft, legend_y + 38, XmlEscape(packs).c_str());
  s += "</svg>\n";
  return s;
}

int RunTimeline(const Common& common, const std::string& item, const std::vector<std::string>& destinations,
                const std::string& from_text, const std::string& to_text, const std::string& buyer_hq,
                const std::string& end_use, const std::string& svg_path) {
  std::shared_ptr<const RuleSet> rules = LoadRules(common);
  const EvalOptions options = MakeEvalOptions(common, TraceLevel::kFired);
  const Date from = ParseDateOption("--from", from_text);
  const Date to = ParseDateOption("--to", to_text);
  if (to < from) Die("--to " + to.ToString() + " is before --from " + from.ToString());
  Sale sale;
  sale.item = ResolveItem(*rules, item);
  if (!buyer_hq.empty()) sale.buyer.headquarters = ParseCountryOption("--buyer-hq", buyer_hq);
  if (!end_use.empty()) {
    absl::StatusOr<EndUse> e = ParseEndUse(end_use);
    if (!e.ok()) Die("--end-use: " + std::string(View(e.status().message())));
    sale.end_use = *e;
  }
  std::vector<Lane> lanes;
  for (const std::string& d : destinations) {
    sale.destination = ParseCountryOption("--destination", d);
    absl::StatusOr<std::vector<TimelineSegment>> segments = Timeline(*rules, sale, from, to, options);
    if (!segments.ok()) Die(segments.status());
    Lane lane{sale.destination, *std::move(segments), {}};
    if (!svg_path.empty()) {
      lane.change_labels.resize(lane.segments.size());
      for (size_t i = 1; i < lane.segments.size(); ++i)
        lane.change_labels[i] = ChangeLabel(*rules, sale, lane.segments[i].interval.from, options);
    }
    lanes.push_back(std::move(lane));
  }
  auto segments_json = [](const Lane& lane) {
    Json a = Json::Array();
    for (const TimelineSegment& s : lane.segments) a.Push(SegmentJson(s));
    return a;
  };
  Json j = Json::Object();
  j.Set("item", Json::String(sale.item.model));
  if (lanes.size() == 1) {
    j.Set("destination", Json::String(lanes[0].destination.ToString()));
    j.Set("segments", segments_json(lanes[0]));
  } else {
    Json a = Json::Array();
    for (const Lane& lane : lanes) {
      a.Push(Json::Object()
                 .Set("destination", Json::String(lane.destination.ToString()))
                 .Set("segments", segments_json(lane)));
    }
    j.Set("lanes", std::move(a));
  }
  if (!svg_path.empty()) {
    std::ofstream svg(svg_path, std::ios::binary);
    if (!svg) Die("cannot write '" + svg_path + "'");
    std::string scenario = "A sale exported from the " + sale.exported_from.ToString() + "; buyer ";
    scenario += sale.buyer.headquarters ? "headquartered in " + sale.buyer.headquarters->ToString()
                                                : std::string("with no headquarters given");
    scenario += "; end use " + Words(EndUseName(sale.end_use));
    if (common.as_of.empty()) {
      scenario += "; rules as in force";
    } else {
      scenario += "; rules as known on " + common.as_of;
    }
    svg << TimelineSvg(*rules, sale.item.model, scenario, lanes, from, to);
    if (!svg) Die("cannot write '" + svg_path + "'");
  }
  std::string out = j.Dump(common.pretty) + "\n";
  std::fwrite(out.data(), 1, out.size(), stdout);
  return 0;
}

// ---------------------------------------------------------------------------------------------
// headroom

int RunHeadroom(const Common& common, const std::string& destination_text, const std::string& date_text,
                bool consumer, std::optional<double> die_area) {
  std::shared_ptr<const RuleSet> rules = LoadRules(common);
  const EvalOptions options = MakeEvalOptions(common, TraceLevel::kNone);
  const Country destination = ParseCountryOption("--destination", destination_text);
  const Date date = ParseDateOption("--date", date_text);
  if (die_area && !(*die_area > 0 && std::isfinite(*die_area))) Die("--die-area: must be a positive number");
  std::optional<SquareMillimeters> area;
  if (die_area) area = SquareMillimeters(*die_area);
  const Headroom h = ComputeHeadroom(*rules, destination, date, !consumer, area, options);
  Json j = Json::Object();
  j.Set("destination", Json::String(destination.ToString()));
  j.Set("date", Json::String(date.ToString()));
  j.Set("datacenter", Json::Bool(!consumer));
  j.Set("die_area_mm2", die_area ? Json::Number(*die_area) : Json::Null());
  j.Set("tpp_below", h.tpp_below ? Json::Number(h.tpp_below->value()) : Json::Null());
  if (h.pd_below) j.Set("pd_below", Json::Number(Round(h.pd_below->value(), 1000)));
  j.Set("rule", Json::StringOrNull(h.rule));
  std::string out = j.Dump(common.pretty) + "\n";
  std::fwrite(out.data(), 1, out.size(), stdout);
  return 0;
}

// ---------------------------------------------------------------------------------------------
// chips, rules

std::string FormatNumber(double v) {
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, r.ptr);
}

int RunChips(const Common& common, bool json) {
  std::shared_ptr<const RuleSet> rules = LoadRules(common);
  std::string out;
  if (json) {
    Json a = Json::Array();
    for (const CatalogChip& c : rules->chips()) {
      const Known<Tpp> tpp = c.chip.tpp();
      const Known<PerformanceDensity> pd = c.chip.performance_density();
      Json j = Json::Object();
      j.Set("model", Json::String(c.chip.model));
      j.Set("vendor", Json::String(c.chip.vendor));
      j.Set("origin", c.chip.origin.valid() ? Json::String(c.chip.origin.ToString()) : Json::Null());
      j.Set("datacenter", c.chip.datacenter ? Json::Bool(*c.chip.datacenter) : Json::Null());
      j.Set("tpp", tpp.value ? Json::Number(tpp.value->value()) : Json::Null());
      j.Set("performance_density", pd.value ? Json::Number(Round(pd.value->value(), 1000)) : Json::Null());
      Json aliases = Json::Array();
      for (const std::string& alias : c.aliases) aliases.Push(Json::String(alias));
      j.Set("aliases", std::move(aliases));
      if (c.modeled) j.Set("modeled", Json::Bool(true));
      a.Push(std::move(j));
    }
    out = a.Dump(common.pretty) + "\n";
  } else {
    char line[256];
    for (const CatalogChip& c : rules->chips()) {
      const Known<Tpp> tpp = c.chip.tpp();
      const Known<PerformanceDensity> pd = c.chip.performance_density();
      const std::string tpp_text = tpp.value ? FormatNumber(std::round(tpp.value->value() * 10) / 10) : "?";
      const std::string pd_text = pd.value ? FormatNumber(Round(pd.value->value(), 1000)) : "?";
      std::snprintf(line, sizeof line, "%-22s TPP %8s  PD %7s  %s  %s\n", c.chip.model.c_str(), tpp_text.c_str(),
                    pd_text.c_str(), c.chip.origin.valid() ? c.chip.origin.ToString().c_str() : "??",
                    !c.chip.datacenter ? "datacenter?" : *c.chip.datacenter ? "datacenter" : "consumer");
      out += line;
    }
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  return 0;
}

int RunRules(const Common& common, const std::string& date_text, bool json) {
  std::shared_ptr<const RuleSet> rules = LoadRules(common);
  const EvalOptions options = MakeEvalOptions(common, TraceLevel::kNone);
  std::vector<const Rule*> list;
  if (!date_text.empty()) {
    list = rules->RulesInForce(ParseDateOption("--date", date_text), options.as_of);
  } else {
    for (const Rule& r : rules->rules()) list.push_back(&r);
  }
  std::string out;
  auto join = [](const std::vector<std::string>& v) {
    std::string s;
    for (const std::string& x : v) {
      if (!s.empty()) s += "; ";
      s += x;
    }
    return s;
  };
  if (json) {
    Json a = Json::Array();
    for (const Rule* r : list) {
      Json j = Json::Object();
      j.Set("id", Json::String(r->id));
      j.Set("jurisdiction", Json::String(r->jurisdiction.ToString()));
      j.Set("effect", Json::String(EffectKindName(r->outcome.effect)));
      j.Set("legal_force", Json::String(LegalForceName(r->legal_force)));
      j.Set("from", Json::String(r->effective.from.ToString()));
      j.Set("until", Json::StringOrNull(r->effective.until.ToString()));
      j.Set("announced", Json::String(r->announced.ToString()));
      Json c = Json::Array();
      for (const std::string& citation : r->citations) c.Push(Json::String(citation));
      j.Set("citations", std::move(c));
      if (r->modeled) j.Set("modeled", Json::Bool(true));
      a.Push(std::move(j));
    }
    out = a.Dump(common.pretty) + "\n";
  } else {
    for (const Rule* r : list) {
      const std::string until = r->effective.until.is_unbounded() ? "" : r->effective.until.ToString();
      out += r->id + "  " + r->jurisdiction.ToString() + "  " + std::string(EffectKindName(r->outcome.effect)) +
             "  [" + r->effective.from.ToString() + ", " + until + ")  " + join(r->citations) + "\n";
    }
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  return 0;
}

// ---------------------------------------------------------------------------------------------
// entities

int RunEntities(const Common& common, const std::string& date_text) {
  std::shared_ptr<const RuleSet> rules = LoadRules(common);
  const EvalOptions options = MakeEvalOptions(common, TraceLevel::kNone);
  std::optional<Date> date;
  if (!date_text.empty()) date = ParseDateOption("--date", date_text);

  // The pack an entity or edge came from: the last pack with its file, since an overlay that
  // replaces an entity by name brings its own location. -1 when no pack has the file.
  const std::vector<PackInfo>& packs = rules->packs();
  auto pack_of = [&packs](const SourceLocation& where) {
    for (size_t i = packs.size(); i-- > 0;)
      if (packs[i].source == where.file) return static_cast<int>(i);
    return -1;
  };
  auto pack_id = [&packs](int pack) { return pack < 0 ? Json::Null() : Json::String(packs[pack].id); };

  Json ownership = Json::Array();
  for (const OwnershipEdge& o : rules->ownership()) {
    if (date && !o.interval.Contains(*date)) continue;
    Json j = Json::Object();
    j.Set("owner", Json::String(o.owner));
    j.Set("owned", Json::String(o.owned));
    j.Set("percent", Json::Number(o.percent));
    // An edge without `from` holds from the earliest day: no start to print.
    j.Set("from", o.interval.from == Date::Earliest() ? Json::Null() : Json::String(o.interval.from.ToString()));
    j.Set("until", Json::StringOrNull(o.interval.until.ToString()));
    j.Set("citation", Json::StringOrNull(o.citation));
    j.Set("pack", pack_id(pack_of(o.location)));
    ownership.Push(std::move(j));
  }

  Json entities = Json::Array();
  for (const Entity& e : rules->entities()) {
    Json listings = Json::Array();
    bool any = false;
    for (const Listing& l : e.listings) {
      const Date announced = l.announced.value_or(l.interval.from);
      if (options.as_of && *options.as_of < announced) continue;  // not yet known on --as-of
      if (date && !l.interval.Contains(*date)) continue;
      any = true;
      Json j = Json::Object();
      j.Set("list", Json::String(l.list));
      j.Set("from", Json::String(l.interval.from.ToString()));
      j.Set("until", Json::StringOrNull(l.interval.until.ToString()));
      j.Set("announced", Json::String(announced.ToString()));
      j.Set("citation", Json::StringOrNull(l.citation));
      if (date) j.Set("in_force", Json::Bool(true));  // the others were left out
      listings.Push(std::move(j));
    }
    // An entity whose every listing was left out is not listed on --date (or not yet known on
    // --as-of). One that never had a listing is a party of the ownership graph: always shown.
    if (!any && !e.listings.empty()) continue;
    Json aliases = Json::Array();
    for (const std::string& alias : e.aliases) aliases.Push(Json::String(alias));
    Json j = Json::Object();
    j.Set("name", Json::String(e.name));
    j.Set("aliases", std::move(aliases));
    j.Set("country", e.country && e.country->valid() ? Json::String(e.country->ToString()) : Json::Null());
    j.Set("listings", std::move(listings));
    j.Set("pack", pack_id(pack_of(e.location)));
    entities.Push(std::move(j));
  }

  // Where the list came from: every pack that brings entities or edges, whatever the dates (the
  // built-in list is a sample on any day), and what that means for a name it does not hold.
  // LoadRules applies the built-in packs first, then one pack per --rules. The embedded packs are
  // named "rules/x.toml", like a file of that name: "builtin:" tells them apart.
  const size_t builtin_count =
      common.no_builtin ? 0 : packs.size() - std::min(packs.size(), common.rule_files.size());
  std::vector<bool> contributes(packs.size(), false);
  for (const Entity& e : rules->entities())
    if (const int p = pack_of(e.location); p >= 0) contributes[p] = true;
  for (const OwnershipEdge& o : rules->ownership())
    if (const int p = pack_of(o.location); p >= 0) contributes[p] = true;
  Json source_packs = Json::Array();
  bool builtin = false, any_pack = false;
  for (size_t i = 0; i < packs.size(); ++i) {
    if (!contributes[i]) continue;
    any_pack = true;
    std::string where = packs[i].source;
    if (i < builtin_count) {
      builtin = true;
      if (where.rfind("builtin:", 0) != 0) where = "builtin:" + where;
    }
    source_packs.Push(Json::Object()
                          .Set("id", Json::String(packs[i].id))
                          .Set("revision", Json::StringOrNull(packs[i].revision))
                          .Set("source", Json::String(where)));
  }
  std::string coverage;
  if (builtin) {
    coverage = "sample: the built-in Entity List holds a few entries of the real list (thousands); an unlisted "
               "name was not screened against the full list \xE2\x80\x94 see docs/coverage.md";
  } else if (any_pack) {
    coverage = "as given: only the entries of the packs above; an unlisted name was screened against them alone";
  } else {
    coverage = "none: no rule pack lists a party, so no name was screened";
  }
  Json source = Json::Object();
  source.Set("packs", std::move(source_packs));
  source.Set("coverage", Json::String(coverage));

  Json j = Json::Object();
  j.Set("source", std::move(source));
  j.Set("entities", std::move(entities));
  j.Set("ownership", std::move(ownership));
  WriteStdout(j.Dump(common.pretty) + "\n");
  return 0;
}

// ---------------------------------------------------------------------------------------------
// test

int RunTests(const Common& common) {
  std::shared_ptr<const RuleSet> rules = LoadRules(common);
  const std::vector<PackTestResult> results = RunPackTests(*rules);
  int passed = 0, failed = 0;
  std::string out;
  for (const PackTestResult& r : results) {
    if (r.passed) {
      ++passed;
      continue;
    }
    ++failed;
    const std::string where = r.test->location.ToString();
    out += (where.empty() ? "" : where + ": ") + "test '" + r.test->name + "' failed: " + r.failure + "\n";
  }
  for (std::string_view id : RulesNoTestFires(*rules, results)) {
    out += "no test fires rule '" + std::string(id) + "'";
    if (const Rule* rule = rules->FindRule(id)) {
      const std::string where = rule->location.ToString();
      if (!where.empty()) out += " (" + where + ")";
    }
    out += '\n';
  }
  out += std::to_string(passed) + " passed, " + std::to_string(failed) + " failed\n";
  std::fwrite(out.data(), 1, out.size(), stdout);
  return failed == 0 ? 0 : 1;
}

int Main(int argc, char** argv) {
  CLI::App app{"exportctl: export- and import-control rules on AI chips, as dated data and a pure evaluator",
               "exportctl"};
  app.require_subcommand(1);
  app.set_help_all_flag("--help-all", "Print help for every command");

  Common common;
  // The options common to the commands, on each command (so that its --help lists them).
  auto add_common = [&common](CLI::App* command, bool trace) {
    command->add_option("--rules", common.rule_files, "Add a rule pack (TOML) after the built-in one; repeatable")
        ->type_name("FILE")
        ->allow_extra_args(false);
    command->add_flag("--no-builtin", common.no_builtin, "Start from an empty catalog");
    command->add_option("--as-of", common.as_of, "What was known on this day (YYYY-MM-DD)")->type_name("D");
    command->add_flag("--pretty", common.pretty, "Indent the JSON output");
    if (trace) {
      command->add_option("--trace", common.trace, "Trace level: none, fired (default) or full")
          ->check(CLI::IsMember({"none", "fired", "full"}));
    }
  };

  std::string input = "-";
  CLI::App* check = app.add_subcommand("check", "Evaluate one sale (a JSON object) and print its decision");
  add_common(check, true);
  check->add_option("input", input, "Sale JSON file, or - for stdin")->type_name("FILE|-");

  std::string batch_input = "-", batch_output;
  int threads = 0;
  CLI::App* batch = app.add_subcommand("batch", "Evaluate JSON Lines, one sale per line, in input order");
  add_common(batch, true);
  batch->add_option("input", batch_input, "JSON Lines file, or - for stdin")->type_name("FILE|-");
  batch->add_option("-o,--output", batch_output, "Write the decisions here (default stdout)")->type_name("OUT");
  batch->add_option("--threads", threads, "Worker threads (default: the hardware's)")->type_name("N");

  std::string item, date;
  bool classify_json = false;
  CLI::App* classify = app.add_subcommand("classify", "Print the US classification of a chip on a date");
  add_common(classify, false);
  classify->add_option("item", item, "Catalog chip name or alias, or a chip JSON file")->required();
  classify->add_option("--date", date, "The day (YYYY-MM-DD)")->required()->type_name("D");
  classify->add_flag("--json", classify_json, "Print JSON");

  std::string timeline_item, from, to, buyer_hq, end_use, svg;
  std::vector<std::string> destinations;
  CLI::App* timeline = app.add_subcommand("timeline", "Print the intervals over which the decision stays the same");
  add_common(timeline, true);
  timeline->add_option("--item", timeline_item, "Catalog chip name, or a chip JSON file")->required();
  timeline->add_option("--destination", destinations, "Destination country; repeatable (one lane each)")
      ->required()
      ->type_name("CC");
  timeline->add_option("--from", from, "First day")->required()->type_name("D");
  timeline->add_option("--to", to, "Last day (inclusive)")->required()->type_name("D");
  timeline->add_option("--buyer-hq", buyer_hq, "Buyer headquarters")->type_name("CC");
  timeline->add_option("--end-use", end_use, "End use (datacenter, new_datacenter, ...)")->type_name("U");
  timeline->add_option("--svg", svg, "Also draw the timeline as SVG")->type_name("FILE");

  std::string headroom_destination, headroom_date;
  bool datacenter_flag = false, consumer_flag = false;
  std::optional<double> die_area;
  CLI::App* headroom = app.add_subcommand(
      "headroom", "Print the largest TPP (and PD) a chip can have and still need no license or notification");
  add_common(headroom, false);
  headroom->add_option("--destination", headroom_destination, "Destination country")->required()->type_name("CC");
  headroom->add_option("--date", headroom_date, "The day")->required()->type_name("D");
  auto* dc = headroom->add_flag("--datacenter", datacenter_flag, "A datacenter chip (the default)");
  auto* cons = headroom->add_flag("--consumer", consumer_flag, "A chip not designed or marketed for datacenters");
  dc->excludes(cons);
  headroom->add_option("--die-area", die_area, "Applicable die area in mm2")->type_name("MM2");

  bool chips_json = false;
  CLI::App* chips = app.add_subcommand("chips", "List the chip catalog");
  add_common(chips, false);
  chips->add_flag("--json", chips_json, "Print JSON");

  std::string rules_date;
  bool rules_json = false;
  CLI::App* rules = app.add_subcommand("rules", "List the rules (in force on --date, when given)");
  add_common(rules, false);
  rules->add_option("--date", rules_date, "Only the rules in force on this day")->type_name("D");
  rules->add_flag("--json", rules_json, "Print JSON");

  std::string entities_date;
  CLI::App* entities = app.add_subcommand(
      "entities", "List the screened parties (listings, aliases, ownership edges) and where the list came from");
  add_common(entities, false);
  entities->add_option("--date", entities_date, "Only the listings and edges in force on this day")->type_name("D");

  CLI::App* test = app.add_subcommand("test", "Run the rule packs' own tests");
  add_common(test, false);

  if (argc > 1 && argv[1][0] != '-') {
    const std::string_view command = argv[1];
    bool known = false;
    for (const CLI::App* sub : app.get_subcommands({})) known |= sub->get_name() == command;
    if (!known) Die("unknown command '" + std::string(command) + "' (see exportctl --help)");
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::string message = e.what();
    std::replace(message.begin(), message.end(), '\n', ' ');
    if (!message.empty() && message.back() == '.') message.pop_back();
    if (!message.empty()) message[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(message[0])));
    Die(message + " (see exportctl --help)");
  }

  if (check->parsed()) return RunCheck(common, input);
  if (batch->parsed()) return RunBatch(common, batch_input, batch_output, threads);
  if (classify->parsed()) return RunClassify(common, item, date, classify_json);
  if (timeline->parsed()) {
    return RunTimeline(common, timeline_item, destinations, from, to, buyer_hq, end_use, svg);
  }
  if (headroom->parsed()) return RunHeadroom(common, headroom_destination, headroom_date, consumer_flag, die_area);
  if (chips->parsed()) return RunChips(common, chips_json);
  if (rules->parsed()) return RunRules(common, rules_date, rules_json);
  if (entities->parsed()) return RunEntities(common, entities_date);
  if (test->parsed()) return RunTests(common);
  return 2;
}

}  // namespace
}  // namespace exportctl

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  return exportctl::Main(argc, argv);
}
