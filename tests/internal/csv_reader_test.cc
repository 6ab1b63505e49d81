// The RFC 4180 reader under the CSV import: quoting, line ends, the line each record starts on,
// and malformed records reported and passed over.
#include "internal/csv_reader.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace exportctl::internal {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

struct Read {
  std::vector<CsvRecord> records;
  std::vector<std::pair<int, std::string>> errors;  // line, message
};

Read ReadAll(std::string_view text) {
  Read out;
  CsvReader reader(text);
  CsvRecord record;
  std::string error;
  while (true) {
    const CsvReader::Result result = reader.Next(record, error);
    if (result == CsvReader::Result::kEnd) break;
    if (result == CsvReader::Result::kMalformed) out.errors.emplace_back(record.line, error);
    else out.records.push_back(record);
  }
  return out;
}

TEST(CsvReaderTest, PlainFieldsAndLineEnds) {
  const Read r = ReadAll("a,b,c\nd,,f\r\ng,h,\n");
  ASSERT_EQ(r.records.size(), 3u);
  EXPECT_THAT(r.records[0].fields, ElementsAre("a", "b", "c"));
  EXPECT_THAT(r.records[1].fields, ElementsAre("d", "", "f"));  // CRLF ends a record
  EXPECT_THAT(r.records[2].fields, ElementsAre("g", "h", ""));  // a trailing comma is an empty field
  EXPECT_EQ(r.records[2].line, 3);
  EXPECT_TRUE(r.errors.empty());
}

TEST(CsvReaderTest, QuotedFieldsHoldCommasQuotesAndLineBreaks) {
  const Read r = ReadAll("\"Acme, Ltd.\",\"say \"\"hi\"\"\",\"two\nlines\"\r\nnext,\"\",x\n");
  ASSERT_EQ(r.records.size(), 2u);
  EXPECT_THAT(r.records[0].fields, ElementsAre("Acme, Ltd.", "say \"hi\"", "two\nlines"));
  EXPECT_EQ(r.records[0].line, 1);
  EXPECT_THAT(r.records[1].fields, ElementsAre("next", "", "x"));
  EXPECT_EQ(r.records[1].line, 3);  // the quoted line break counts
}

TEST(CsvReaderTest, EmptyLinesAreNoRecordsAndTheLastLineNeedsNoEnd) {
  const Read r = ReadAll("\n\r\na,b\n\n\nc,d");
  ASSERT_EQ(r.records.size(), 2u);
  EXPECT_EQ(r.records[0].line, 3);
  EXPECT_EQ(r.records[1].line, 6);
  EXPECT_THAT(r.records[1].fields, ElementsAre("c", "d"));
}

TEST(CsvReaderTest, ALoneCarriageReturnAndABareQuoteAreText) {
  const Read r = ReadAll("a\rb,x\"y\n");
  ASSERT_EQ(r.records.size(), 1u);
  EXPECT_THAT(r.records[0].fields, ElementsAre("a\rb", "x\"y"));
}

TEST(CsvReaderTest, TextAfterAClosingQuoteSkipsTheLineAndReadingGoesOn) {
  const Read r = ReadAll("a,b\n\"x\"y,z\nc,d\n");
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].first, 2);
  EXPECT_THAT(r.errors[0].second, HasSubstr("field 1: text after the closing quote"));
  ASSERT_EQ(r.records.size(), 2u);
  EXPECT_THAT(r.records[1].fields, ElementsAre("c", "d"));
  EXPECT_EQ(r.records[1].line, 3);
}

TEST(CsvReaderTest, AnUnclosedQuoteEndsTheFileWithOneError) {
  const Read r = ReadAll("a,b\nc,\"never\nclosed,e\nf,g\n");
  ASSERT_EQ(r.records.size(), 1u);
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].first, 2);
  EXPECT_EQ(r.errors[0].second,
            "field 2: the quote opened on line 2 is never closed: the rest of the file was not read");
}

TEST(CsvReaderTest, EmptyInputHasNoRecords) {
  EXPECT_TRUE(ReadAll("").records.empty());
  EXPECT_TRUE(ReadAll("\n\n").records.empty());
}

}  // namespace
}  // namespace exportctl::internal
