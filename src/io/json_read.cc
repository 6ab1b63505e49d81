// Sales and chips in (exportctl/json.h): the simdjson On-Demand reader, the Source of
// sale_reading.h that says why an input is rejected. ParseSaleJson tries the fast scan of
// fast_sale_reader.h first and comes here for anything it does not read.
//
// Input is strict. Every error message is "LINE:COLUMN: message", where LINE and COLUMN (1-based,
// the column counted in characters) point at the offending key or value of the input.
#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include "absl/container/inlined_vector.h"
#include "absl/status/status.h"
#include "exportctl/json.h"
#include "internal/strings.h"
#include "io/fast_sale_reader.h"
#include "io/sale_reading.h"
#include "simdjson.h"

namespace exportctl {
namespace {

namespace od = simdjson::ondemand;

using internal::NumberInto;
using internal::NumberRange;
using internal::StrCat;
using internal::Sv;
using internal::ValueKind;

// A short, lower-case description of a simdjson error.
std::string_view DescribeJsonError(simdjson::error_code e) {
  switch (e) {
    case simdjson::EMPTY: return "empty input";
    case simdjson::TAPE_ERROR: return "malformed json";
    case simdjson::INCOMPLETE_ARRAY_OR_OBJECT: return "unterminated object or array";
    case simdjson::UNCLOSED_STRING: return "unterminated string";
    case simdjson::STRING_ERROR: return "invalid string";
    case simdjson::UNESCAPED_CHARS: return "control character in a string";
    case simdjson::UTF8_ERROR: return "invalid utf-8";
    case simdjson::NUMBER_ERROR: return "invalid number";
    case simdjson::NUMBER_OUT_OF_RANGE: return "number out of range";
    case simdjson::T_ATOM_ERROR:
    case simdjson::F_ATOM_ERROR:
    case simdjson::N_ATOM_ERROR: return "invalid literal";
    case simdjson::DEPTH_ERROR: return "nesting too deep";
    case simdjson::TRAILING_CONTENT: return "unexpected content after the value";
    case simdjson::CAPACITY: return "input too large";
    default: return "malformed json";
  }
}

// The JSON type of a value, as a noun for messages.
std::string_view TypeNoun(od::json_type t) {
  switch (t) {
    case od::json_type::array: return "an array";
    case od::json_type::object: return "an object";
    case od::json_type::number: return "a number";
    case od::json_type::string: return "a string";
    case od::json_type::boolean: return "a boolean";
    case od::json_type::null: return "null";
  }
  return "a value";
}

std::string_view TrimRight(std::string_view s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

// Reads one document. Positions are pointers into `text_`.
class Reader {
 public:
  using Result = absl::Status;
  using Value = od::value;
  using Object = od::object;

  Reader(std::string_view text, od::document& doc) : text_(text), doc_(doc) {}

  static absl::Status Ok() { return absl::OkStatus(); }

  // "LINE:COLUMN: message" for a pointer into the input.
  // Messages quote the user's input; control characters in it are escaped, so an error is
  // always one line.
  absl::Status Fail(const char* at, std::string_view message) const {
    std::string line = StrCat(Position(at), ": ");
    internal::AppendOneLine(line, message);
    return absl::InvalidArgumentError(line);
  }
  // The same with the message made by `message()` (sale_reading.h builds messages only on failure).
  template <class Message>
  requires std::is_invocable_v<Message> absl::Status Fail(const char* at, Message&& message)
  const { return Fail(at, std::string_view(message())); }
  absl::Status FailJson(simdjson::error_code e, const char* at = nullptr) {
    if (at == nullptr) {
      auto loc = doc_.current_location();
      at = loc.error() ? text_.data() + text_.size() : loc.value_unsafe();
    }
    return Fail(at, DescribeJsonError(e));
  }

  std::string Position(const char* at) const {
    size_t offset = at < text_.data() ? 0 : static_cast<size_t>(at - text_.data());
    if (offset > text_.size()) offset = text_.size();
    int line = 1, column = 1;
    for (size_t i = 0; i < offset; ++i) {
      const unsigned char c = static_cast<unsigned char>(text_[i]);
      if (c == '\n') {
        ++line;
        column = 1;
      } else if ((c & 0xC0) != 0x80) {  // count UTF-8 lead bytes: characters, not bytes
        ++column;
      }
    }
    return StrCat(line, ":", column);
  }

  static const char* Where(od::value& v) { return v.raw_json_token().data(); }
  static std::string_view Token(od::value& v) { return TrimRight(v.raw_json_token()); }

  // Iterates the fields of `obj`: calls f(key, key_position, value) -> absl::Status. Rejects
  // duplicate keys.
  template <class F>
  absl::Status ForEachField(od::object obj, std::string_view where, F&& f) {
    // The unescaped keys live in the parser's string buffer until the next document: views
    // suffice (a vector of string copies per object showed in the batch profile).
    absl::InlinedVector<std::string_view, 16> seen;
    for (auto field_result : obj) {
      od::field field;
      if (auto e = std::move(field_result).get(field)) return FailJson(e);
      const char* key_at = field.key().raw() - 1;
      std::string_view key;
      if (auto e = field.unescaped_key().get(key)) return FailJson(e, key_at);
      for (std::string_view s : seen)
        if (s == key) return Fail(key_at, StrCat("duplicate field '", key, "' in ", where));
      seen.push_back(key);
      od::value value = field.value();
      EXPORTCTL_TRY(f(key, key_at, value));
    }
    return absl::OkStatus();
  }

  // The fields of the object `v` (named `name`, at *at).
  template <class F>
  absl::Status Fields(od::value& v, std::string_view name, const char** at, F&& f) {
    *at = Where(v);
    od::object obj;
    EXPORTCTL_TRY(Get(v, name, od::json_type::object, "an object", &obj));
    return ForEachField(obj, name, f);
  }

  // Calls f(element_value) for each element of the array `v`.
  template <class F>
  absl::Status Elements(od::value& v, std::string_view name, F&& f) {
    od::array arr;
    EXPORTCTL_TRY(Get(v, name, od::json_type::array, "an array", &arr));
    for (auto element_result : arr) {
      od::value element;
      if (auto e = std::move(element_result).get(element)) return FailJson(e);
      EXPORTCTL_TRY(f(element));
    }
    return absl::OkStatus();
  }

  absl::Status Kind(od::value& v, std::string_view name, ValueKind* kind) {
    od::json_type t{};
    EXPORTCTL_TRY(TypeOf(v, name, &t));
    switch (t) {
      case od::json_type::string: *kind = ValueKind::kString; break;
      case od::json_type::number: *kind = ValueKind::kNumber; break;
      case od::json_type::object: *kind = ValueKind::kObject; break;
      default: *kind = ValueKind::kOther;
    }
    return absl::OkStatus();
  }

  // The unescaped string, valid until the next document (in the parser's string buffer).
  absl::Status StringView(od::value& v, std::string_view name, std::string_view* out) {
    return Get(v, name, od::json_type::string, "a string", out);
  }

  absl::Status String(od::value& v, std::string_view name, std::string* out) {
    std::string_view s;
    EXPORTCTL_TRY(StringView(v, name, &s));
    out->assign(s);
    return absl::OkStatus();
  }

  absl::Status Bool(od::value& v, std::string_view name, bool* out) {
    return Get(v, name, od::json_type::boolean, "true or false", out);
  }

  // A finite number in `range`.
  absl::Status Number(od::value& v, std::string_view name, double* out, NumberRange range) {
    EXPORTCTL_TRY(ExpectType(v, name, od::json_type::number, "a number"));
    const char* at = Where(v);
    const std::string_view token = Token(v);  // into the input text
    double d = 0;
    if (auto e = v.get_double().get(d)) return FailJson(e, at);
    const bool positive = range == NumberRange::kPositive;
    if (!std::isfinite(d) || d < 0 || (positive && d == 0)) {
      return Fail(
          at, StrCat("'", name, "' must be a ", positive ? "positive" : "non-negative", " number, got '", token, "'"));
    }
    if (range == NumberRange::kPercent && !(d > 0 && d <= 100)) {
      return Fail(at, StrCat("'", name, "' must be in (0, 100], got '", token, "'"));
    }
    *out = d;
    return absl::OkStatus();
  }

  // An integer >= 0 (> 0 when `positive`).
  absl::Status Integer(od::value& v, std::string_view name, int64_t* out, bool positive) {
    EXPORTCTL_TRY(ExpectType(v, name, od::json_type::number, "an integer"));
    const char* at = Where(v);
    const std::string_view token = Token(v);  // into the input text
    const std::string_view kind = positive ? "a positive integer" : "a non-negative integer";
    int64_t n = 0;
    if (token.find_first_of(".eE") != std::string_view::npos || v.get_int64().get(n) != simdjson::SUCCESS || n < 0 ||
        (positive && n == 0)) {
      return Fail(at, StrCat("'", name, "' must be ", kind, ", got '", token, "'"));
    }
    *out = n;
    return absl::OkStatus();
  }

  // A string read by `parse` (absl::StatusOr<T>(std::string_view)): its error is the message.
  template <class Parse, class T>
  absl::Status Parsed(od::value& v, std::string_view name, Parse parse, T* out) {
    const char* at = Where(v);
    std::string_view s;
    EXPORTCTL_TRY(StringView(v, name, &s));
    auto parsed = parse(s);
    if (!parsed.ok()) return Fail(at, Sv(parsed.status().message()));
    *out = *std::move(parsed);
    return absl::OkStatus();
  }

  absl::Status ChipObject(od::value& v, std::string_view name, Chip* chip) {
    od::object obj;
    EXPORTCTL_TRY(Get(v, name, od::json_type::object, "an object", &obj));
    return ReadChip(obj, chip);
  }

  // A chip object's fields: the root of a chip file, or a sale's item.
  absl::Status ReadChip(od::object obj, Chip* chip) {
    return internal::ReadChipFields(
        *this, [&](auto&& f) { return ForEachField(obj, "item", f); }, chip);
  }

  absl::Status WrongType(od::value& v, std::string_view name, std::string_view expected) {
    od::json_type t{};
    std::string_view got = "a value";
    if (!v.type().get(t)) got = TypeNoun(t);
    return Fail(Where(v), StrCat("'", name, "' must be ", expected, ", not ", got));
  }

  absl::Status UnknownField(const char* at, std::string_view key, std::string_view where) const {
    return Fail(at, StrCat("unknown field '", key, "' in ", where));
  }

  absl::Status Missing(const char* object_at, std::string_view field, std::string_view where) const {
    return Fail(object_at, StrCat("missing required field '", field, "' in ", where));
  }

  // Fails if anything but whitespace follows the root value.
  absl::Status ExpectEnd() {
    auto loc = doc_.current_location();
    if (!loc.error()) return Fail(loc.value_unsafe(), "unexpected content after the value");
    return absl::OkStatus();
  }

 private:
  absl::Status TypeOf(od::value& v, std::string_view name, od::json_type* t) {
    if (auto e = v.type().get(*t)) return FailJson(e, Where(v));
    (void)name;
    return absl::OkStatus();
  }

  absl::Status ExpectType(od::value& v, std::string_view name, od::json_type type, std::string_view expected) {
    od::json_type t{};
    EXPORTCTL_TRY(TypeOf(v, name, &t));
    if (t != type) return WrongType(v, name, expected);
    return absl::OkStatus();
  }

  // The value `v` of JSON type `type` (`expected` names it in the message) as a T.
  template <class T>
  absl::Status Get(od::value& v, std::string_view name, od::json_type type, std::string_view expected, T* out) {
    EXPORTCTL_TRY(ExpectType(v, name, type, expected));
    const char* at = Where(v);
    if (auto e = v.get(*out)) return FailJson(e, at);
    return absl::OkStatus();
  }

  std::string_view text_;
  od::document& doc_;
};

// The offset of the first non-space byte after the root value's closing brace, when the root
// value is a balanced object followed by more content; npos otherwise.
size_t RootValueEnd(std::string_view text) {
  size_t i = text.find_first_not_of(" \t\r\n");
  if (i == std::string_view::npos || text[i] != '{') return std::string_view::npos;
  int depth = 0;
  bool in_string = false;
  for (; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
      continue;
    }
    if (c == '"') in_string = true;
    else if (c == '{' || c == '[') ++depth;
    else if ((c == '}' || c == ']') && --depth == 0) break;
  }
  if (i >= text.size()) return std::string_view::npos;
  const size_t next = text.find_first_not_of(" \t\r\n", i + 1);
  return next == std::string_view::npos || text[next] == '\0' ? std::string_view::npos : next;
}

od::parser& ThreadParser() {
  thread_local od::parser parser;
  return parser;
}

// The error for a root value that is not an object: simdjson's, when the scalar is malformed,
// else "expected <what> object, not <type>". type() judges a scalar by its first byte: "nul"
// and "not json" look like null, so the scalar is read for simdjson to reject it.
absl::Status NotAnObject(Reader& reader, od::document& doc, od::json_type t, std::string_view text, const char* at,
                         std::string_view what) {
  simdjson::error_code e = simdjson::SUCCESS;
  switch (t) {
    case od::json_type::null: {
      // The literal "null" followed by nothing but whitespace.
      const std::string_view rest = text.substr(static_cast<size_t>(at - text.data()));
      const size_t end = rest.find_first_not_of(" \t\r\n", 4);
      const bool tail_ok = end == std::string_view::npos || rest[end] == '\0';  // padding
      if (rest.substr(0, 4) != "null" || !tail_ok) e = simdjson::N_ATOM_ERROR;
      break;
    }
    case od::json_type::boolean: {
      bool b = false;
      e = doc.get_bool().get(b);
      break;
    }
    case od::json_type::number: {
      od::number n;
      e = doc.get_number().get(n);
      break;
    }
    default: break;
  }
  if (e) return reader.FailJson(e, at);
  return reader.Fail(at, StrCat("expected ", what, " object, not ", TypeNoun(t)));
}

// Parses `json` as one object and calls read(reader, object, object_position).
template <class F>
absl::Status ParseRootObject(std::string_view json, std::string_view what, F&& read) {
  if (json.size() > internal::kMaxSaleBytes) {
    return absl::InvalidArgumentError(StrCat("1:1: ", what.substr(what.find(' ') + 1), " is ", json.size(),
                                             " bytes, more than the limit of ", internal::kMaxSaleBytes, " (1 MiB)"));
  }
  // The input plus simdjson's zero padding, in a buffer each thread reuses (batch parses
  // millions of lines; an allocation per line showed in the profile).
  thread_local std::string buffer;
  buffer.assign(json);
  buffer.resize(json.size() + simdjson::SIMDJSON_PADDING, '\0');
  const simdjson::padded_string_view padded(buffer.data(), json.size(), buffer.size());
  od::document doc;
  std::string_view text(buffer.data(), json.size());
  Reader reader(text, doc);
  if (auto e = ThreadParser().iterate(padded).get(doc)) return reader.FailJson(e, text.data());
  od::json_type t{};
  if (auto e = doc.type().get(t)) return reader.FailJson(e);
  const char* at = text.data();
  {
    auto loc = doc.current_location();
    if (!loc.error()) at = loc.value_unsafe();
  }
  if (t != od::json_type::object) return NotAnObject(reader, doc, t, text, at, what);
  od::object obj;
  if (auto e = doc.get_object().get(obj)) {
    if (e == simdjson::INCOMPLETE_ARRAY_OR_OBJECT) {
      // simdjson wants the root object's '}' to be the last token: tell trailing content apart.
      const size_t end = RootValueEnd(text);
      if (end != std::string_view::npos) return reader.Fail(text.data() + end, "unexpected content after the value");
    }
    return reader.FailJson(e, at);
  }
  EXPORTCTL_TRY(read(reader, obj, at));
  return reader.ExpectEnd();
}

absl::StatusOr<Sale> ReadSaleJson(std::string_view json, const RuleSet& rules, const SaleParseOptions& options) {
  Sale sale;
  absl::Status status = ParseRootObject(json, "a sale", [&](Reader& r, od::object obj, const char* at) {
    return internal::SaleReading<Reader>(r, rules).ReadSale(obj, at, options, &sale);
  });
  if (!status.ok()) return status;
  return sale;
}

}  // namespace

namespace internal {
// The reader alone, without the fast path (for tests that compare the two).
absl::StatusOr<Sale> ParseSaleJsonWithReader(std::string_view json, const RuleSet& rules) {
  return ReadSaleJson(json, rules, {});
}

absl::Status ParseSaleJsonInto(std::string_view json, const RuleSet& rules, const SaleParseOptions& options,
                               Sale* sale) {
  ResetSale(sale);
  if (json.size() <= kMaxSaleBytes && ReadSaleFast(json, rules, options, sale)) return absl::OkStatus();
  absl::StatusOr<Sale> read = ReadSaleJson(json, rules, options);
  if (!read.ok()) return read.status();
  *sale = *std::move(read);
  return absl::OkStatus();
}
}  // namespace internal

absl::StatusOr<Sale> ParseSaleJson(std::string_view json, const RuleSet& rules, const SaleParseOptions& options) {
  // The fast scan reads into the result itself, returned as it is (no move of a Sale into the
  // StatusOr, and no destruction of the moved-from one, a line). A sale it gives up on, partly
  // read, is replaced whole by the reader's answer.
  absl::StatusOr<Sale> sale(absl::in_place);
  if (json.size() <= internal::kMaxSaleBytes && internal::ReadSaleFast(json, rules, options, &*sale)) return sale;
  sale = ReadSaleJson(json, rules, options);
  return sale;
}

absl::StatusOr<Chip> ParseChipJson(std::string_view json) {
  Chip chip;
  absl::Status status =
      ParseRootObject(json, "a chip", [&](Reader& r, od::object obj, const char*) { return r.ReadChip(obj, &chip); });
  if (!status.ok()) return status;
  return chip;
}

}  // namespace exportctl
