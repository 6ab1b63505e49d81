// The CSL's JSON download: {"results": [row, ...]} (other top-level members, such as the API's
// "total" and "sources_used", are passed over), or a top-level array of rows. A row is an object
// whose string members are the CSV's columns; alt_names is an array of strings and addresses an
// array of {address, city, state, postal_code, country}. Read with simdjson On-Demand: a syntax
// error ends the import (the rest of the document cannot be trusted), a row of the wrong shape
// is skipped.
#include <algorithm>
#include <cstdint>
#include <iterator>

#include "internal/status.h"
#include "internal/strings.h"
#include "lists/rows.h"
#include "simdjson.h"

namespace exportctl::internal {

namespace {

namespace od = simdjson::ondemand;

// A JSON type as a noun for messages: json_type counts from 1 (array) to 6 (null).
std::string_view Noun(od::json_type type) {
  static constexpr std::string_view kNouns[] = {"a value",  "an array",  "an object", "a number",
                                                "a string", "a boolean", "null"};
  const auto index = static_cast<size_t>(type);
  return index < std::size(kNouns) ? kNouns[index] : kNouns[0];
}

class JsonRows {
 public:
  JsonRows(std::string_view text, std::string_view file, RowSink& sink) : text_(text), file_(file), sink_(sink) {}

  absl::Status Read() {
    const simdjson::padded_string padded(text_);
    base_ = padded.data();
    od::parser parser;
    od::document doc;
    if (auto e = parser.iterate(padded).get(doc)) {
      return Fail(e == simdjson::UTF8_ERROR ? base_ + Utf8Prefix(text_) : base_ + text_.size(), e);
    }
    od::json_type type;
    if (auto e = doc.type().get(type)) return Fail(Where(doc), e);
    if (type == od::json_type::array) {
      od::array rows;
      if (auto e = doc.get_array().get(rows)) return Fail(Where(doc), e);
      RETURN_IF_ERROR(Rows(rows));
    } else if (type == od::json_type::object) {
      RETURN_IF_ERROR(Results(doc));
    } else {
      return NotCsl(base_, StrCat("the document is ", Noun(type), ", not {\"results\": [...]} or an array of rows"));
    }
    const char* after = nullptr;
    if (!doc.current_location().get(after)) return Fail(after, simdjson::TRAILING_CONTENT);
    return absl::OkStatus();
  }

 private:
  absl::Status Results(od::document& doc) {
    od::object root;
    if (auto e = doc.get_object().get(root)) return Fail(Where(doc), e);
    bool found = false;
    for (auto member : root) {
      od::field field;
      std::string_view key;
      if (auto e = std::move(member).get(field)) return Fail(Where(doc), e);
      if (auto e = field.unescaped_key().get(key)) return Fail(Where(doc), e);
      if (key != "results" || found) continue;
      found = true;
      od::value value = field.value();
      od::json_type type;
      if (auto e = value.type().get(type)) return Fail(Where(doc), e);
      if (type != od::json_type::array)
        return NotCsl(value.raw_json_token().data(), StrCat("'results' is ", Noun(type), ", not an array"));
      od::array rows;
      if (auto e = value.get_array().get(rows)) return Fail(Where(doc), e);
      RETURN_IF_ERROR(Rows(rows));
    }
    if (!found) return NotCsl(base_, "the object has no 'results' array");
    return absl::OkStatus();
  }

  absl::Status Rows(od::array& rows) {
    size_t with_columns = 0, count = 0;
    for (auto element : rows) {
      od::value value;
      if (auto e = std::move(element).get(value)) return FailHere(e);
      const int line = LineOf(value.raw_json_token().data());
      ++count;
      od::json_type type;
      if (auto e = value.type().get(type)) return FailHere(e);
      if (type != od::json_type::object) {
        sink_.Skip(line, StrCat("the row is ", Noun(type), ", not an object"));
        continue;
      }
      od::object object;
      if (auto e = value.get_object().get(object)) return FailHere(e);
      bool has_columns = false;
      if (auto e = Row(object, line, has_columns)) return FailHere(e);
      with_columns += has_columns;
    }
    // An array of other objects (sales, say) is not a list with every row skipped.
    if (count > 0 && with_columns == 0) return NotCsl(base_, "no row has a 'name' or 'source' member");
    return absl::OkStatus();
  }

  // Reads one row into the sink; `has_columns` when it names a source or a name.
  simdjson::error_code Row(od::object& object, int line, bool& has_columns) {
    row_ = CslRow{};
    row_.line = line;
    std::string problem;
    uint32_t seen = 0;
    for (auto member : object) {
      od::field field;
      std::string_view key;
      if (auto e = std::move(member).get(field)) return e;
      if (auto e = field.unescaped_key().get(key)) return e;
      const CslColumn column = ColumnOf(key);
      if (column == CslColumn::kUnknown) sink_.UnknownColumn(line, key);
      if (column == CslColumn::kUnknown || column == CslColumn::kKnown) continue;
      has_columns |= column == CslColumn::kName || column == CslColumn::kSource;
      const uint32_t bit = 1u << static_cast<int>(column);
      if ((seen & bit) != 0 && problem.empty()) problem = StrCat("the member '", key, "' appears twice");
      seen |= bit;
      if (!problem.empty()) continue;
      od::value value = field.value();
      simdjson::error_code e = simdjson::SUCCESS;
      if (std::string* text = StringField(row_, column))
        e = Text(value, key, column == CslColumn::kEntityNumber, *text, problem);
      else if (column == CslColumn::kAltNames) e = Names(value, problem);
      else e = FirstCountry(value, problem);
      if (e) return e;
    }
    if (!problem.empty()) sink_.Skip(line, problem);
    else sink_.Row(row_);
    return simdjson::SUCCESS;
  }

  // A string member, or null; a number too where `number` (OFAC's entity numbers).
  static simdjson::error_code Text(od::value& value, std::string_view key, bool number, std::string& out,
                                   std::string& problem) {
    od::json_type type;
    if (auto e = value.type().get(type)) return e;
    std::string_view text;
    if (type == od::json_type::string) {
      if (auto e = value.get_string().get(text)) return e;
    } else if (type == od::json_type::number && number) {
      text = value.raw_json_token();
    } else if (type != od::json_type::null) {
      problem = StrCat("'", key, "' is ", Noun(type), ", not a string");
    }
    out.assign(Trim(text));
    return simdjson::SUCCESS;
  }

  // A multi-valued member: one string in the CSV's form (passed to `on_text`), an array (each
  // element passed to `on_element`), or null (nothing); anything else is a `problem`.
  template <typename OnText, typename OnElement>
  static simdjson::error_code ForEachValue(od::value& value, std::string_view key, std::string& problem, OnText on_text,
                                           OnElement on_element) {
    od::json_type type;
    if (auto e = value.type().get(type)) return e;
    if (type == od::json_type::string) {
      std::string_view text;
      if (auto e = value.get_string().get(text)) return e;
      on_text(text);
      return simdjson::SUCCESS;
    }
    if (type != od::json_type::array) {
      if (type != od::json_type::null) problem = StrCat("'", key, "' is ", Noun(type), ", not an array");
      return simdjson::SUCCESS;
    }
    od::array array;
    if (auto e = value.get_array().get(array)) return e;
    for (auto element : array) {
      od::value item;
      if (auto e = std::move(element).get(item)) return e;
      if (auto e = on_element(item)) return e;
    }
    return simdjson::SUCCESS;
  }

  // alt_names: an array of strings (nulls passed over), or one string of names separated by ';'.
  simdjson::error_code Names(od::value& value, std::string& problem) {
    return ForEachValue(
        value, "alt_names", problem, [&](std::string_view text) { row_.alt_names = SplitValues(text); },
        [&](od::value& name) -> simdjson::error_code {
          od::json_type type;
          if (auto e = name.type().get(type)) return e;
          if (type == od::json_type::null || !problem.empty()) return simdjson::SUCCESS;
          if (type != od::json_type::string) {
            problem = StrCat("'alt_names' holds ", Noun(type), ", not only strings");
            return simdjson::SUCCESS;
          }
          std::string_view text;
          if (auto e = name.get_string().get(text)) return e;
          if (!Trim(text).empty()) row_.alt_names.emplace_back(Trim(text));
          return simdjson::SUCCESS;
        });
  }

  // addresses: the country of the first address, an object ({"country": "CN", ...}), or of a
  // string as in the CSV.
  simdjson::error_code FirstCountry(od::value& value, std::string& problem) {
    bool first = true;
    return ForEachValue(
        value, "addresses", problem,
        [&](std::string_view text) { row_.country = std::string(CountryOfAddressCell(text)); },
        [&](od::value& address) -> simdjson::error_code {
          if (!first) return simdjson::SUCCESS;
          first = false;
          od::json_type type;
          if (auto e = address.type().get(type)) return e;
          if (type != od::json_type::object) return simdjson::SUCCESS;  // no country to take
          od::object object;
          if (auto e = address.get_object().get(object)) return e;
          for (auto member : object) {
            od::field field;
            std::string_view key;
            if (auto e = std::move(member).get(field)) return e;
            if (auto e = field.unescaped_key().get(key)) return e;
            if (key != "country") continue;
            od::value country = field.value();
            if (auto e = Text(country, "addresses[0].country", false, row_.country, problem)) return e;
          }
          return simdjson::SUCCESS;
        });
  }

  // The line of a position in the padded copy. Rows come in order, so counting goes on from the
  // last position asked.
  int LineOf(const char* at) {
    const size_t offset = std::min(static_cast<size_t>(at - base_), text_.size());
    if (offset < counted_) counted_ = 0, line_ = 1;
    line_ += static_cast<int>(std::count(text_.begin() + counted_, text_.begin() + offset, '\n'));
    counted_ = offset;
    return line_;
  }
  const char* Where(od::document& doc) {
    const char* at = nullptr;
    if (doc.current_location().get(at)) at = base_ + text_.size();
    return at;
  }
  absl::Status Fail(const char* at, simdjson::error_code e) {
    return absl::InvalidArgumentError(StrCat(file_, ":", LineOf(at), ": ", simdjson::error_message(e)));
  }
  // A syntax error met while reading the rows: at the last row's line, the nearest place known.
  absl::Status FailHere(simdjson::error_code e) {
    return absl::InvalidArgumentError(StrCat(file_, ":", line_, ": ", simdjson::error_message(e)));
  }
  absl::Status NotCsl(const char* at, std::string_view why) {
    return absl::InvalidArgumentError(StrCat(file_, ":", LineOf(at), ": not a Consolidated Screening List: ", why));
  }

  std::string_view text_;
  std::string_view file_;
  RowSink& sink_;
  const char* base_ = nullptr;
  size_t counted_ = 0;
  int line_ = 1;
  CslRow row_;
};

}  // namespace

absl::Status ReadCslJson(std::string_view text, std::string_view file, RowSink& sink) {
  return JsonRows(text, file, sink).Read();
}

}  // namespace exportctl::internal
