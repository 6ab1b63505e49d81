// Fuzzes the CSV order book reader (docs/csv.md) through the batch, as `exportctl batch
// --input-format csv` runs it: the header row, then the rows, each a sale or an error in its
// place. Invariants: a failed batch is an error "LINE:COLUMN: message" about the header (or a
// header longer than the limit); else every JSON output line is a JSON object whose "line" grows
// from result to result, and the same input written as CSV gives as many rows as results, each
// with the header's number of cells.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "exportctl/exportctl.h"
#include "fuzz_support.h"
#include "internal/csv_reader.h"

namespace {

using namespace exportctl;

// Runs the batch over `input` with `options`; the summary, and the output in `out`.
absl::StatusOr<BatchSummary> Run(std::string_view input, const BatchOptions& options, std::string& out) {
  return EvaluateJsonLines(
      fuzz::Builtin(), JsonLinesInput::Buffer(input),
      [&](std::string_view lines) {
        out += lines;
        return absl::OkStatus();
      },
      options);
}

// Every JSON line is an object with a growing "line".
void CheckJson(const std::string& out, const BatchSummary& summary) {
  int64_t results = 0, last = 0;
  for (size_t start = 0; start < out.size();) {
    const size_t end = out.find('\n', start);
    if (end == std::string::npos) fuzz::Broken("output does not end with a newline");
    const std::string line = out.substr(start, end - start);
    fuzz::CheckValidJson(line);
    const size_t at = line.find("\"line\":");
    if (at == std::string::npos) fuzz::Broken("a result without its line", line);
    const int64_t number = std::stoll(line.substr(at + 7));
    if (number <= last) fuzz::Broken("lines out of order", line);
    last = number;
    ++results;
    start = end + 1;
  }
  if (results != summary.decisions + summary.errors) fuzz::Broken("one output line per result");
}

// The CSV decisions: a header row, then one row per result with as many cells.
void CheckCsv(const std::string& out, const BatchSummary& summary) {
  internal::CsvReader reader(out);
  internal::CsvRecord record;
  std::string error;
  if (reader.Next(record, error) != internal::CsvReader::Result::kRecord) fuzz::Broken("no CSV header", error);
  const size_t columns = record.fields.size();
  int64_t rows = 0;
  for (;;) {
    const internal::CsvReader::Result r = reader.Next(record, error);
    if (r == internal::CsvReader::Result::kEnd) break;
    if (r == internal::CsvReader::Result::kMalformed) fuzz::Broken("a malformed CSV decision", error);
    if (record.fields.size() != columns) fuzz::Broken("a CSV decision with a cell too many or few");
    ++rows;
  }
  if (rows != summary.decisions + summary.errors) fuzz::Broken("one CSV row per result");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  BatchOptions options;
  options.threads = 1;
  options.input_format = BatchFormat::kCsv;
  std::string json;
  const absl::StatusOr<BatchSummary> summary = Run(input, options, json);
  if (!summary.ok()) {
    const std::string message(summary.status().message());
    if (message.empty() || message[0] < '1' || message[0] > '9' || message.find('\n') != std::string::npos) {
      fuzz::Broken("a failed batch is not 'LINE:COLUMN: message' about the header", message);
    }
    return 0;
  }
  CheckJson(json, *summary);
  options.output_format = BatchFormat::kCsv;
  std::string csv;
  const absl::StatusOr<BatchSummary> again = Run(input, options, csv);
  if (!again.ok() || again->errors != summary->errors) fuzz::Broken("CSV output changed the results");
  CheckCsv(csv, *again);
  return 0;
}
