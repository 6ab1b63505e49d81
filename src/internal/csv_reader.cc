#include "internal/csv_reader.h"

#include <algorithm>

#include "internal/strings.h"

namespace exportctl::internal {

namespace {

// A record ends at LF or CRLF; a lone CR is a character of the field.
bool LineEndAt(std::string_view text, size_t pos) {
  return text[pos] == '\n' || (text[pos] == '\r' && pos + 1 < text.size() && text[pos + 1] == '\n');
}

}  // namespace

CsvReader::Result CsvReader::Next(CsvRecord& record, std::string& error) {
  while (pos_ < text_.size() && LineEndAt(text_, pos_)) {
    pos_ += text_[pos_] == '\r' ? 2 : 1;
    ++line_;
  }
  if (pos_ >= text_.size()) return Result::kEnd;
  record.line = line_;
  // The fields' strings are reused from record to record: a batch reads a million rows.
  size_t count = 0;
  while (true) {
    if (count == record.fields.size()) record.fields.emplace_back();
    std::string& field = record.fields[count++];
    field.clear();
    if (pos_ < text_.size() && text_[pos_] == '"') {
      if (!QuotedField(field, error)) {
        record.fields.resize(count);
        error = StrCat("field ", count, ": ", error);
        return Result::kMalformed;
      }
    } else {
      UnquotedField(field);
    }
    if (pos_ >= text_.size()) break;
    if (text_[pos_] == ',') {
      ++pos_;
      continue;
    }
    pos_ += text_[pos_] == '\r' ? 2 : 1;  // LF or CRLF
    ++line_;
    break;
  }
  record.fields.resize(count);
  return Result::kRecord;
}

bool CsvReader::QuotedField(std::string& field, std::string& error) {
  const int opened = line_;
  ++pos_;
  while (true) {
    const size_t quote = text_.find('"', pos_);
    if (quote == std::string_view::npos) {
      pos_ = text_.size();
      error = StrCat("the quote opened on line ", opened, " is never closed: the rest of the file was not read");
      return false;
    }
    const std::string_view chunk = text_.substr(pos_, quote - pos_);
    line_ += static_cast<int>(std::count(chunk.begin(), chunk.end(), '\n'));
    field.append(chunk);
    if (quote + 1 < text_.size() && text_[quote + 1] == '"') {  // "" is one quote
      field += '"';
      pos_ = quote + 2;
      continue;
    }
    pos_ = quote + 1;
    break;
  }
  if (pos_ < text_.size() && text_[pos_] != ',' && !LineEndAt(text_, pos_)) {
    error = "text after the closing quote (a quote inside a quoted field is written twice)";
    SkipLine();
    return false;
  }
  return true;
}

void CsvReader::UnquotedField(std::string& field) {
  size_t end = pos_;
  for (; end < text_.size(); ++end) {
    const char c = text_[end];
    if (c == ',' || c == '\n' || (c == '\r' && LineEndAt(text_, end))) break;
  }
  field.assign(text_.substr(pos_, end - pos_));
  pos_ = end;
}

void CsvReader::SkipLine() {
  const size_t end = text_.find('\n', pos_);
  if (end == std::string_view::npos) {
    pos_ = text_.size();
    return;
  }
  pos_ = end + 1;
  ++line_;
}

}  // namespace exportctl::internal
