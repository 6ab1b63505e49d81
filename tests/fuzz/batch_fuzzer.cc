// Fuzzes the batch path: the input is JSON Lines, each line read as `exportctl batch` reads it
// (a trailing '\r' dropped, blank lines skipped, ParseSaleJson, Evaluate, AppendDecisionJson, or
// {"line":N,"error":"..."} for a bad line). Invariants: the output has exactly one line per
// non-blank input line, every output line is a JSON object, and EvaluateJsonLines (the pipeline
// batch runs, in blocks) writes exactly the same, checked on one input in 16.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "exportctl/exportctl.h"
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace exportctl;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const RuleSet& rules = fuzz::Builtin();
  const EvalOptions options{.trace = TraceLevel::kFired};
  int64_t number = 0;
  size_t expected_lines = 0;
  std::string out;
  for (size_t start = 0; start < input.size();) {
    size_t end = input.find('\n', start);
    if (end == std::string_view::npos) end = input.size();
    std::string_view line = input.substr(start, end - start);
    start = end + 1;
    ++number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.find_first_not_of(" \t") == std::string_view::npos) continue;
    ++expected_lines;
    absl::StatusOr<Sale> sale = ParseSaleJson(line, rules);
    if (!sale.ok()) {
      // A one-line sale's message starts "1:"; batch gives the input's line instead.
      std::string message(sale.status().message().data(), sale.status().message().size());
      if (message.compare(0, 2, "1:") == 0) message = std::to_string(number) + message.substr(1);
      out += "{\"line\":" + std::to_string(number) + ",\"error\":\"";
      AppendJsonEscaped(out, message);
      out += "\"}\n";
      continue;
    }
    AppendDecisionJson(out, Evaluate(rules, *sale, options), *sale, rules, {.line = number});
    out += '\n';
  }
  size_t lines = 0;
  for (size_t start = 0; start < out.size();) {
    const size_t end = out.find('\n', start);
    if (end == std::string::npos) fuzz::Broken("output does not end with a newline");
    fuzz::CheckValidJson(out.substr(start, end - start));
    ++lines;
    start = end + 1;
  }
  if (lines != expected_lines) fuzz::Broken("one output line per input line");
  // The whole pipeline costs milliseconds a call under the sanitizers (its blocks and buffers):
  // one input in 16, chosen by its bytes, keeps the run's executions near their number.
  if (std::hash<std::string_view>{}(input) % 16 != 0) return 0;
  std::string batch;
  const absl::StatusOr<BatchSummary> summary = EvaluateJsonLines(rules, JsonLinesInput::Buffer(input),
                                                                 [&](std::string_view text) {
                                                                   batch += text;
                                                                   return absl::OkStatus();
                                                                 },
                                                                 {.eval = options, .threads = 1});
  if (!summary.ok() || batch != out) fuzz::Broken("EvaluateJsonLines differs from the lines read one by one");
  return 0;
}
