// An RFC 4180 reader (the screening-list importer's CSV, batch's CSV input). Fields are separated by commas and records
// by LF or CRLF; a field in double quotes may hold commas, line breaks and doubled quotes (""). Each record carries the
// line it starts on, so that a row's errors name it even when a quoted field spans several lines. A malformed record is
// reported and skipped, and reading goes on after it.
#ifndef EXPORTCTL_INTERNAL_CSV_READER_H_
#define EXPORTCTL_INTERNAL_CSV_READER_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace exportctl::internal {

struct CsvRecord {
  int line = 0;                     // where the record starts, 1-based
  std::vector<std::string> fields;  // unquoted
};

class CsvReader {
 public:
  enum class Result { kRecord, kMalformed, kEnd };

  explicit CsvReader(std::string_view text) : text_(text) {}

  // The next record, skipping empty lines. kMalformed sets `error` ("field N: why"),
  // `record.line`, and `record.fields` to the N fields read so far; the reader then stands after
  // the line the error was found on (an unterminated quote: at the end).
  Result Next(CsvRecord& record, std::string& error);

 private:
  // Reads one field starting at pos_ into `field`; false (with `error`) when it is malformed.
  bool QuotedField(std::string& field, std::string& error);
  void UnquotedField(std::string& field);
  void SkipLine();

  std::string_view text_;
  size_t pos_ = 0;
  int line_ = 1;
};

}  // namespace exportctl::internal

#endif  // EXPORTCTL_INTERNAL_CSV_READER_H_
