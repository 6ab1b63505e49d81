// Batch evaluation (exportctl/batch.h): a pipeline of a few blocks of lines in flight. The calling
// thread reads block N+k and delivers block N (in input order) while the workers evaluate the
// blocks in between, chunk by chunk; memory stays bounded by the blocks in flight.
#include "exportctl/batch.h"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <istream>
#include <memory>
#include <mutex>
#include <new>
#include <string>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

#include "exportctl/json.h"
#include "internal/strings.h"
#include "io/batch_internal.h"
#include "io/decision_csv.h"
#include "io/fast_sale_reader.h"
#include "io/sale_csv.h"

namespace exportctl {

using internal::StrCat;

JsonLinesInput JsonLinesInput::Fd(int fd, std::string name) {
  return JsonLinesInput([fd, name = std::move(name)](char* buffer, size_t size) -> absl::StatusOr<size_t> {
    for (;;) {
      const ssize_t got = ::read(fd, buffer, size);
      if (got >= 0) return static_cast<size_t>(got);
      if (errno != EINTR) return absl::InvalidArgumentError("cannot read " + name + ": " + std::strerror(errno));
    }
  });
}

JsonLinesInput JsonLinesInput::Stream(std::istream& in) {
  return JsonLinesInput([&in](char* buffer, size_t size) -> absl::StatusOr<size_t> {
    try {
      if (in.eof()) return 0;
      in.read(buffer, static_cast<std::streamsize>(size));
      if (in.bad()) return absl::InvalidArgumentError("cannot read the input stream");
      return static_cast<size_t>(in.gcount());
    } catch (const std::exception& e) {  // a stream with exceptions enabled
      return absl::InvalidArgumentError(std::string("cannot read the input stream: ") + e.what());
    }
  });
}

JsonLinesInput JsonLinesInput::Buffer(std::string_view text) {
  auto rest = std::make_shared<std::string_view>(text);
  return JsonLinesInput([rest](char* buffer, size_t size) -> absl::StatusOr<size_t> {
    const size_t n = std::min(size, rest->size());
    std::memcpy(buffer, rest->data(), n);
    rest->remove_prefix(n);
    return n;
  });
}

namespace {

// Splits the input into lines, reading 1 MiB at a time and finding each '\n' with memchr (a
// virtual call per byte was the batch's largest cost after the JSON writer).
class LineReader {
 public:
  explicit LineReader(const JsonLinesInput& in) : in_(in), chunk_(size_t{1} << 20) {}

  // Appends the next line, without its '\n', to `text`, keeping at most kMaxBatchLineBytes of it.
  // False at the end of the input.
  absl::StatusOr<bool> Next(std::string& text, bool& too_long) {
    too_long = false;
    bool any = false;
    size_t kept = 0;
    for (;;) {
      if (pos_ == end_) {
        absl::StatusOr<size_t> got = in_.Read(chunk_.data(), chunk_.size());
        if (!got.ok()) return got.status();
        pos_ = 0;
        end_ = *got;
        if (end_ == 0) return any;
      }
      any = true;
      const char* start = chunk_.data() + pos_;
      const char* newline = static_cast<const char*>(std::memchr(start, '\n', end_ - pos_));
      const size_t length = newline ? static_cast<size_t>(newline - start) : end_ - pos_;
      const size_t take = std::min(length, kMaxBatchLineBytes - kept);
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
  const JsonLinesInput& in_;
  std::vector<char> chunk_;
  size_t pos_ = 0;
  size_t end_ = 0;
};

using Line = internal::BatchLine;
using ScanFn = absl::FunctionRef<void(absl::Span<const Line>)>;

// Where each result of a chunk ends in its text, and its error message, if any.
struct Record {
  int64_t line = 0;
  size_t end = 0;      // offset in the chunk's text, after the '\n'
  int32_t error = -1;  // index into the chunk's errors, or -1 for a decision
};

struct Chunk {
  std::string text;  // the output lines, back to back
  std::vector<Record> records;
  std::vector<std::string> errors;
  void Clear() {
    text.clear();
    records.clear();
    errors.clear();
  }
};

// Small enough that the blocks in flight, output included (about 1.3 KB a default decision),
// stay in the caches: 8192-line blocks of 256-line chunks took 10 % longer on 1 M lines.
constexpr size_t kBlockLines = 1 << 10;
constexpr size_t kChunkLines = 128;  // unit of work handed to a thread
constexpr size_t kSlots = 4;

// One block of input lines and the output of their evaluation.
struct Block {
  std::string text;                              // the block's lines, back to back
  std::vector<std::pair<size_t, size_t>> spans;  // each line's offset and length in text
  std::vector<Line> lines;
  std::vector<Chunk> chunks;  // one per kChunkLines lines, reused
  size_t chunk_count = 0;
  size_t next_chunk = 0;  // the next chunk to hand out (under the pipeline's mutex)
  std::atomic<size_t> done_chunks{0};
};

// How the lines of a batch are read and their results written.
struct Formats {
  EvalOptions eval;
  BatchFormat input = BatchFormat::kJsonLines;
  BatchFormat output = BatchFormat::kJsonLines;
  // JSON Lines or CSV input: numbers are input lines, errors are renumbered, decisions carry "line".
  bool lines = true;
  DecisionJsonOptions json;                            // its `line` set per line
  const internal::SaleCsvLayout* layout = nullptr;     // CSV input: the header's columns
  const internal::LineEvaluator* evaluator = nullptr;  // decides each sale, when not Evaluate
  const ScanFn* scan = nullptr;  // when set, takes each chunk's lines: nothing is evaluated or written
};

Formats MakeFormats(const BatchOptions& options, bool lines) {
  Formats f;
  f.eval = options.eval;
  f.input = options.input_format;
  f.output = options.output_format;
  f.lines = lines;
  f.json.rule_set = !options.rule_set_once;
  f.json.citations = !options.rule_set_once || options.eval.trace == TraceLevel::kFull;
  return f;
}

// Reads one line into `sale`, the evaluating thread's, reset first (internal::ResetSale).
absl::Status ReadLine(const RuleSet& rules, const Formats& formats, const Line& line, Sale& sale) {
  if (line.too_long) {
    return absl::InvalidArgumentError(
        StrCat(formats.lines ? line.number : 1, ":1: line longer than ", kMaxBatchLineBytes, " bytes"));
  }
  if (formats.input == BatchFormat::kCsv && formats.lines) {
    return internal::ReadSaleCsv(*formats.layout, line.text, line.number, rules, &sale);
  }
  absl::Status read = internal::ParseSaleJsonInto(line.text, rules, {}, &sale);
  if (read.ok() || !formats.lines) return read;
  std::string message(read.message());
  // Single-line JSON: report the input's line number instead of the line's own "1:".
  if (message.compare(0, 2, "1:") == 0) message = std::to_string(line.number) + message.substr(1);
  return absl::InvalidArgumentError(message);
}

// Evaluates one line into `chunk`; `sale` is the evaluating thread's, reused line after line.
void EvaluateLine(const RuleSet& rules, const Formats& formats, const Line& line, Chunk& chunk, Sale& sale) {
  const absl::Status read = ReadLine(rules, formats, line, sale);
  const bool csv = formats.output == BatchFormat::kCsv;
  if (!read.ok()) {
    std::string message(read.message());
    if (csv) {
      internal::AppendErrorCsv(chunk.text, rules, line.number, message);
    } else {
      chunk.text += StrCat("{\"line\":", line.number, ",\"error\":\"");
      AppendJsonEscaped(chunk.text, message);
      chunk.text += "\"}\n";
    }
    chunk.records.push_back({line.number, chunk.text.size(), static_cast<int32_t>(chunk.errors.size())});
    chunk.errors.push_back(std::move(message));
    return;
  }
  const Decision decision = formats.evaluator != nullptr
                                ? formats.evaluator->Evaluate(rules, sale, line.number, formats.eval)
                                : Evaluate(rules, sale, formats.eval);
  if (csv) {
    internal::AppendDecisionCsv(chunk.text, decision, sale, rules, line.number);
  } else {
    DecisionJsonOptions json = formats.json;
    if (formats.lines) json.line = line.number;
    AppendDecisionJson(chunk.text, decision, sale, rules, json);
    chunk.text += '\n';
  }
  chunk.records.push_back({line.number, chunk.text.size(), -1});
}

// Whether a CSV record is still inside a quoted cell at the end of `line`, having been (`quoted`)
// at its start. As RFC 4180 (and internal::CsvReader) reads it, a quote opens a quoted cell only
// at the cell's start; inside one, "" is a quote and a lone quote closes it.
bool InQuotedCell(std::string_view line, bool quoted) {
  if (!quoted && line.find('"') == std::string_view::npos) return false;
  bool cell_start = !quoted;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c != '"') continue;
      if (i + 1 < line.size() && line[i + 1] == '"') {
        ++i;
        continue;
      }
      quoted = false;
    } else if (c == '"' && cell_start) {
      quoted = true;
    }
    cell_start = !quoted && c == ',';
  }
  return quoted;
}

// Appends the next record to `text`: a line, or for CSV as many lines as its quoted cells span
// (their line breaks kept as '\n'), each without a trailing '\r'; `lines` counts the lines read.
// A record longer than kMaxBatchLineBytes is read to its end but not kept (`too_long`). False at
// the end of the input.
absl::StatusOr<bool> NextRecord(LineReader& reader, bool csv, std::string& text, bool& too_long, int64_t& lines) {
  const size_t offset = text.size();
  absl::StatusOr<bool> next = reader.Next(text, too_long);
  if (!next.ok() || !*next) return next;
  ++lines;
  if (text.size() > offset && text.back() == '\r') text.pop_back();
  if (!csv) return true;
  bool quoted = InQuotedCell(std::string_view(text).substr(offset), false);
  while (quoted) {                      // the quoted cell goes on on the next line
    if (too_long) text.resize(offset);  // only its quotes still matter
    const size_t from = text.size();
    text += '\n';
    bool longer = false;
    next = reader.Next(text, longer);
    if (!next.ok()) return next.status();
    if (!*next) {  // an unterminated quote: the CSV reader reports it
      text.pop_back();
      break;
    }
    ++lines;
    if (text.size() > from + 1 && text.back() == '\r') text.pop_back();
    too_long |= longer || text.size() - offset > kMaxBatchLineBytes;
    quoted = InQuotedCell(std::string_view(text).substr(from + 1), true);
  }
  return true;
}

// Fills `block` from `reader` with up to kBlockLines lines (CSV records), numbering them after
// `line_number`. Returns false at the end of the input (the block may still hold lines).
absl::StatusOr<bool> ReadBlock(LineReader& reader, bool csv, Block& block, int64_t& line_number) {
  block.lines.clear();
  block.spans.clear();
  block.text.clear();
  bool more = true;
  // A CSV row of blank cells is a blank line, as a spreadsheet writes its empty rows.
  const char* const blank = csv ? " \t," : " \t";
  while (block.lines.size() < kBlockLines) {
    const size_t offset = block.text.size();
    bool too_long = false;
    int64_t lines = 0;
    absl::StatusOr<bool> next = NextRecord(reader, csv, block.text, too_long, lines);
    if (!next.ok()) return next.status();
    if (!*next) {
      more = false;
      break;
    }
    const int64_t number = line_number + 1;
    line_number += lines;
    if (too_long) {
      block.text.resize(offset);
      block.lines.push_back({number, {}, true});
      block.spans.emplace_back(offset, 0);
      continue;
    }
    const std::string_view line(block.text.data() + offset, block.text.size() - offset);
    if (line.find_first_not_of(blank) == std::string_view::npos) {  // blank lines are skipped
      block.text.resize(offset);
      continue;
    }
    block.lines.push_back({number, {}, false});
    block.spans.emplace_back(offset, line.size());
  }
  // block.text no longer grows: the views into it stay valid while the workers run.
  const std::string_view text(block.text);
  for (size_t i = 0; i < block.lines.size(); ++i) {
    block.lines[i].text = text.substr(block.spans[i].first, block.spans[i].second);
  }
  return more;
}

// The sales of a list, kBlockLines at a time.
class ListReader {
 public:
  explicit ListReader(absl::Span<const std::string_view> sales) : sales_(sales) {}
  bool Fill(Block& block, int64_t& line_number) {
    block.lines.clear();
    while (block.lines.size() < kBlockLines && next_ < sales_.size()) {
      block.lines.push_back({++line_number, sales_[next_++], false});
    }
    return next_ < sales_.size();
  }

 private:
  absl::Span<const std::string_view> sales_;
  size_t next_ = 0;
};

// The queue of blocks whose chunks are evaluated, by `threads` - 1 workers and by the calling
// thread while it waits for a block: as many threads as evaluate, no more (a calling thread that
// only read and waited took a core from a worker at each block, on a machine of `threads` cores).
class Pipeline {
 public:
  Pipeline(const RuleSet& rules, const Formats& formats) : rules_(rules), formats_(formats) {}
  ~Pipeline() { Stop(); }

  absl::Status Start(int threads) {
    try {
      pool_.reserve(static_cast<size_t>(threads - 1));
      for (int t = 1; t < threads; ++t) pool_.emplace_back([this] { Work(); });
    } catch (const std::system_error& e) {
      Stop();
      return absl::ResourceExhaustedError("cannot start " + std::to_string(threads) + " threads: " + e.what());
    }
    return absl::OkStatus();
  }

  // Hands the lines of `block` to the workers.
  void Submit(Block& block) {
    block.chunk_count = (block.lines.size() + kChunkLines - 1) / kChunkLines;
    if (block.chunks.size() < block.chunk_count) block.chunks.resize(block.chunk_count);
    for (size_t c = 0; c < block.chunk_count; ++c) block.chunks[c].Clear();
    block.next_chunk = 0;
    block.done_chunks = 0;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      queue_.push_back(&block);
    }
    work_ready_.notify_all();
  }

  // Evaluates chunks (of any block, the oldest first) until every chunk of `block` is done. An
  // error when a chunk failed.
  absl::Status Wait(Block& block) {
    std::unique_lock<std::mutex> lock(mutex_);
    while (block.done_chunks.load() != block.chunk_count) {
      if (queue_.empty()) {  // the block's last chunks are with the workers
        block_done_.wait(lock);
        continue;
      }
      const Task task = Take();
      lock.unlock();
      Evaluate(task, caller_sale_);
      lock.lock();
    }
    return failed_ ? absl::InternalError("batch evaluation failed: out of memory") : absl::OkStatus();
  }

  // Stops the workers (the blocks not yet handed out are dropped) and joins them.
  void Stop() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      closing_ = true;
      queue_.clear();
    }
    work_ready_.notify_all();
    for (std::thread& t : pool_) t.join();
    pool_.clear();
  }

 private:
  struct Task {
    Block* block;
    size_t chunk;
  };
  // The next chunk of the oldest block (under mutex_, the queue not empty).
  Task Take() {
    Block* block = queue_.front();
    const size_t c = block->next_chunk++;
    if (block->next_chunk == block->chunk_count) queue_.pop_front();
    return {block, c};
  }

  void Work() {
    Sale sale;  // each line is read into it (ReadLine)
    for (;;) {
      Task task;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        work_ready_.wait(lock, [&] { return closing_ || !queue_.empty(); });
        if (queue_.empty()) return;  // closing, and nothing left
        task = Take();
      }
      Evaluate(task, sale);
    }
  }

  // Evaluates one chunk, with `sale` the thread's; then counts it done.
  void Evaluate(const Task& task, Sale& sale) {
    Block* const block = task.block;
    const size_t c = task.chunk;
    // Read before this chunk counts as done: from then on the block may be delivered and refilled.
    const size_t chunk_count = block->chunk_count;
    try {
      const size_t begin = c * kChunkLines, end = std::min(block->lines.size(), (c + 1) * kChunkLines);
      if (formats_.scan != nullptr) {
        (*formats_.scan)(absl::MakeConstSpan(block->lines).subspan(begin, end - begin));
      } else {
        for (size_t i = begin; i < end; ++i) EvaluateLine(rules_, formats_, block->lines[i], block->chunks[c], sale);
      }
    } catch (...) {  // out of memory: no exception may leave a thread
      std::lock_guard<std::mutex> lock(mutex_);
      failed_ = true;
    }
    if (block->done_chunks.fetch_add(1) + 1 == chunk_count) {
      std::lock_guard<std::mutex> lock(mutex_);  // so the waiting thread cannot miss the wake-up
      block_done_.notify_all();
    }
  }

  const RuleSet& rules_;
  const Formats formats_;
  std::vector<std::thread> pool_;
  std::mutex mutex_;
  std::condition_variable work_ready_;  // workers wait here for chunks
  std::condition_variable block_done_;  // the calling thread waits here for the oldest block
  std::deque<Block*> queue_;            // blocks with chunks not yet handed out, oldest first
  Sale caller_sale_;                    // the calling thread's, in Wait
  bool closing_ = false;
  bool failed_ = false;
};

absl::StatusOr<int> WorkerCount(const BatchOptions& options) {
  if (options.threads < 0 || options.threads > kMaxBatchThreads) {
    return absl::InvalidArgumentError("threads must be between 1 and " + std::to_string(kMaxBatchThreads) +
                                      " (0: one per hardware thread), not " + std::to_string(options.threads));
  }
  if (options.threads > 0) return options.threads;
  return static_cast<int>(std::clamp(std::thread::hardware_concurrency(), 1u, static_cast<unsigned>(kMaxBatchThreads)));
}

// Adds the results of `block` to `summary`.
void Count(const Block& block, BatchSummary& summary) {
  summary.decisions += static_cast<int64_t>(block.lines.size());
  for (size_t c = 0; c < block.chunk_count; ++c) {
    const Chunk& chunk = block.chunks[c];
    if (chunk.errors.empty()) continue;
    summary.errors += static_cast<int64_t>(chunk.errors.size());
    summary.decisions -= static_cast<int64_t>(chunk.errors.size());
    if (summary.first_bad_line == 0) {
      for (const Record& r : chunk.records) {
        if (r.error >= 0) {
          summary.first_bad_line = r.line;
          break;
        }
      }
    }
  }
}

// Runs the pipeline: `fill(block, line_number)` reads the next block (StatusOr<bool>: more to
// come) after line `line_number`, `deliver(block)` hands its results on, in input order.
template <typename Fill, typename Deliver>
absl::StatusOr<BatchSummary> Run(const RuleSet& rules, const BatchOptions& options, const Formats& formats, int threads,
                                 int64_t line_number, Fill fill, Deliver deliver) {
  std::vector<std::unique_ptr<Block>> slots;  // before the pipeline: its workers stop first
  for (size_t i = 0; i < kSlots; ++i) slots.push_back(std::make_unique<Block>());
  Pipeline pipeline(rules, formats);
  if (absl::Status started = pipeline.Start(threads); !started.ok()) return started;
  BatchSummary summary;
  bool more = true;
  size_t read_count = 0, written_count = 0;  // blocks handed to the workers, blocks delivered
  for (;;) {
    while (more && read_count - written_count < kSlots) {  // fill every free slot
      Block& block = *slots[read_count % kSlots];
      absl::StatusOr<bool> next = fill(block, line_number);
      if (!next.ok()) return next.status();
      more = *next;
      if (block.lines.empty()) break;
      pipeline.Submit(block);
      ++read_count;
    }
    if (written_count == read_count) break;  // the end of the input, everything delivered
    Block& block = *slots[written_count % kSlots];
    if (absl::Status s = pipeline.Wait(block); !s.ok()) return s;
    if (absl::Status s = deliver(block); !s.ok()) return s;
    Count(block, summary);
    summary.lines = block.lines.back().number;
    ++written_count;
    if (options.progress) options.progress(summary);
  }
  summary.lines = line_number;
  return summary;
}

// Calls `on_result` for each result of `block`.
absl::Status DeliverEach(const Block& block, absl::FunctionRef<absl::Status(const BatchResult&)> on_result) {
  for (size_t c = 0; c < block.chunk_count; ++c) {
    const Chunk& chunk = block.chunks[c];
    size_t begin = 0;
    for (const Record& r : chunk.records) {
      BatchResult result;
      result.line = r.line;
      result.json = std::string_view(chunk.text).substr(begin, r.end - begin - 1);
      if (r.error >= 0) result.error = chunk.errors[static_cast<size_t>(r.error)];
      if (absl::Status s = on_result(result); !s.ok()) return s;
      begin = r.end;
    }
  }
  return absl::OkStatus();
}

// Reads a CSV input's header: its first record that is not blank. Without one (an empty
// input), a layout of no columns, which no row is read with.
absl::StatusOr<internal::SaleCsvLayout> ReadCsvHeader(const RuleSet& rules, LineReader& reader, int64_t& line_number) {
  std::string text;
  for (;;) {
    text.clear();
    bool too_long = false;
    int64_t lines = 0;
    absl::StatusOr<bool> next = NextRecord(reader, /*csv=*/true, text, too_long, lines);
    if (!next.ok()) return next.status();
    if (!*next) return internal::SaleCsvLayout();
    const int64_t number = line_number + 1;
    line_number += lines;
    if (too_long)
      return absl::InvalidArgumentError(StrCat(number, ":1: header longer than ", kMaxBatchLineBytes, " bytes"));
    if (text.find_first_not_of(" \t,") != std::string::npos)
      return internal::SaleCsvLayout::FromHeader(text, number, rules);
  }
}

absl::StatusOr<BatchSummary> RunJsonLines(const RuleSet& rules, const JsonLinesInput& input,
                                          const BatchOptions& options,
                                          absl::FunctionRef<absl::Status(const Block&)> deliver,
                                          const internal::LineEvaluator* evaluator = nullptr,
                                          const ScanFn* scan = nullptr) {
  const absl::StatusOr<int> threads = WorkerCount(options);
  if (!threads.ok()) return threads.status();
  return internal::CatchAsStatus<BatchSummary>("batch evaluation", [&]() -> absl::StatusOr<BatchSummary> {
    LineReader reader(input);
    Formats formats = MakeFormats(options, /*lines=*/true);
    formats.evaluator = evaluator;
    formats.scan = scan;
    const bool csv = options.input_format == BatchFormat::kCsv;
    int64_t line_number = 0;
    absl::StatusOr<internal::SaleCsvLayout> layout;
    if (csv) {
      layout = ReadCsvHeader(rules, reader, line_number);
      if (!layout.ok()) return layout.status();
      formats.layout = &*layout;
    }
    return Run(
        rules, options, formats, *threads, line_number,
        [&](Block& block, int64_t& number) { return ReadBlock(reader, csv, block, number); }, deliver);
  });
}

}  // namespace

std::string BatchHeader(const RuleSet& rules, const BatchOptions& options) {
  if (options.output_format == BatchFormat::kCsv) return internal::DecisionCsvHeader(rules);
  if (options.rule_set_once) return RuleSetHeaderJson(rules) + '\n';
  return "";
}

namespace {

absl::StatusOr<BatchSummary> WriteJsonLines(const RuleSet& rules, const JsonLinesInput& input,
                                            absl::FunctionRef<absl::Status(std::string_view)> write,
                                            const BatchOptions& options, const internal::LineEvaluator* evaluator) {
  const std::string header = BatchHeader(rules, options);
  if (!header.empty()) {
    if (absl::Status s = write(header); !s.ok()) return s;
  }
  return RunJsonLines(
      rules, input, options,
      [&](const Block& block) {
        for (size_t c = 0; c < block.chunk_count; ++c) {
          if (absl::Status s = write(block.chunks[c].text); !s.ok()) return s;
        }
        return absl::OkStatus();
      },
      evaluator);
}

}  // namespace

absl::StatusOr<BatchSummary> EvaluateJsonLines(const RuleSet& rules, const JsonLinesInput& input,
                                               absl::FunctionRef<absl::Status(std::string_view)> write,
                                               const BatchOptions& options) {
  return WriteJsonLines(rules, input, write, options, nullptr);
}

namespace internal {

absl::StatusOr<BatchSummary> EvaluateJsonLinesWith(const RuleSet& rules, const JsonLinesInput& input,
                                                   absl::FunctionRef<absl::Status(std::string_view)> write,
                                                   const BatchOptions& options, const LineEvaluator& evaluator) {
  return WriteJsonLines(rules, input, write, options, &evaluator);
}

absl::StatusOr<BatchSummary> ScanJsonLines(const RuleSet& rules, const JsonLinesInput& input,
                                           const BatchOptions& options, ScanFn scan) {
  return RunJsonLines(
      rules, input, options, [](const Block&) { return absl::OkStatus(); }, nullptr, &scan);
}

}  // namespace internal

absl::StatusOr<BatchSummary> EvaluateJsonLinesEach(const RuleSet& rules, const JsonLinesInput& input,
                                                   absl::FunctionRef<absl::Status(const BatchResult&)> on_result,
                                                   const BatchOptions& options) {
  return RunJsonLines(rules, input, options, [&](const Block& block) { return DeliverEach(block, on_result); });
}

absl::StatusOr<BatchSummary> EvaluateSalesEach(const RuleSet& rules, absl::Span<const std::string_view> sales,
                                               absl::FunctionRef<absl::Status(const BatchResult&)> on_result,
                                               const BatchOptions& options) {
  const absl::StatusOr<int> threads = WorkerCount(options);
  if (!threads.ok()) return threads.status();
  // No more workers than chunks: a short list is not worth many threads.
  const int workers = static_cast<int>(std::min<size_t>(
      static_cast<size_t>(*threads), std::max<size_t>(1, (sales.size() + kChunkLines - 1) / kChunkLines)));
  return internal::CatchAsStatus<BatchSummary>("batch evaluation", [&]() -> absl::StatusOr<BatchSummary> {
    ListReader reader(sales);
    Formats formats = MakeFormats(options, /*lines=*/false);
    formats.input = BatchFormat::kJsonLines;
    return Run(
        rules, options, formats, workers, /*line_number=*/0,
        [&](Block& block, int64_t& line_number) -> absl::StatusOr<bool> { return reader.Fill(block, line_number); },
        [&](const Block& block) { return DeliverEach(block, on_result); });
  });
}

}  // namespace exportctl
