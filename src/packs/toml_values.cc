// The loader's reading of TOML: errors and their places, keys, scalar values, lists, tables and
// predicates (see loader.h).
#include <algorithm>
#include <charconv>
#include <cmath>

#include "absl/strings/str_format.h"
#include "internal/strings.h"
#include "packs/loader.h"

namespace exportctl::internal {
namespace {

// Pack, rule and parameter ids: letters, digits, '-', '_', '.'.
bool IsValidId(std::string_view id) {
  if (id.empty()) return false;
  for (char c : id) {
    bool ok =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
    if (!ok) return false;
  }
  return true;
}

bool Before(toml::source_position a, toml::source_position b) {
  return a.line != b.line ? a.line < b.line : a.column < b.column;
}

// Limits on a predicate's text (docs/errors.md); the parser recurses once per parenthesis.
constexpr size_t kMaxPredicateBytes = 4096;
constexpr int kMaxPredicateDepth = 32;

}  // namespace

std::string_view TomlTypeName(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::table: return "table";
    case toml::node_type::array: return "array";
    case toml::node_type::string: return "string";
    case toml::node_type::integer: return "integer";
    case toml::node_type::floating_point: return "float";
    case toml::node_type::boolean: return "boolean";
    case toml::node_type::date: return "date";
    case toml::node_type::time: return "time";
    case toml::node_type::date_time: return "date-time";
    default: return "nothing";
  }
}

std::string FormatTomlDate(const toml::date& d) { return absl::StrFormat("%04d-%02d-%02d", d.year, d.month, d.day); }

Loader::Loader(std::string_view text, std::string_view source) : text_(text), source_(source) {
  line_starts_.push_back(0);
  for (size_t i = 0; i < text_.size(); ++i)
    if (text_[i] == '\n') line_starts_.push_back(i + 1);
}

// ---- errors and places ------------------------------------------------------------------------

void Loader::Fail(toml::source_position position, std::string message) const {
  throw LoadError{position, std::move(message)};
}
void Loader::Fail(const toml::node& node, std::string message) const { Fail(node.source().begin, std::move(message)); }
SourceLocation Loader::Locate(const toml::node& node) const {
  toml::source_position p = node.source().begin;
  return SourceLocation{source_, static_cast<int>(p.line), static_cast<int>(p.column)};
}

SourceLocation Loader::Enter(const toml::table& t, const std::string& path, std::string_view where,
                             std::initializer_list<std::string_view> allowed) {
  CheckKeys(t, allowed, where);
  Record(t, path);
  return Locate(t);
}

void Loader::Record(const toml::table& t, const std::string& path) {
  sources_.Add(path, Locate(t));
  for (auto&& [key, value] : t) {
    const std::string key_path = StrCat(path, ".", key.str());
    sources_.Add(key_path, Locate(value));
    if (const toml::array* list = value.as_array()) {
      for (size_t k = 0; k < list->size(); ++k)
        if (list->get(k)->is_string()) sources_.Add(StrCat(key_path, "[", k, "]"), Locate(*list->get(k)));
    }
  }
}

// ---- keys ---------------------------------------------------------------------------------------

void Loader::CheckKeys(const toml::table& table, std::initializer_list<std::string_view> allowed,
                       std::string_view where) const {
  const toml::key* first = nullptr;
  for (auto&& [key, value] : table) {
    if (std::find(allowed.begin(), allowed.end(), key.str()) != allowed.end()) continue;
    if (first == nullptr || Before(key.source().begin, first->source().begin)) first = &key;
  }
  if (first != nullptr) Fail(first->source().begin, StrCat("unknown key '", first->str(), "' ", where));
}

const toml::node& Loader::Required(const toml::table& table, std::string_view key, std::string_view where) const {
  const toml::node* node = table.get(key);
  if (node == nullptr) {
    toml::source_position p = table.source().begin;
    if (p.line == 0) p = {1, 1};
    Fail(p, StrCat("missing required key '", key, "' ", where));
  }
  return *node;
}

void Loader::WrongType(const toml::node& node, std::string_view expected, std::string_view key) const {
  Fail(node, StrCat("expected ", expected, " for '", key, "', got ", TomlTypeName(node)));
}

// ---- scalar values ----------------------------------------------------------------------------

std::string Loader::String(const toml::node& node, std::string_view key) const {
  if (!node.is_string()) WrongType(node, "a string", key);
  return std::string(node.as_string()->get());
}
std::string Loader::NonEmptyString(const toml::node& node, std::string_view key) const {
  std::string s = String(node, key);
  if (s.empty()) Fail(node, StrCat("'", key, "' must not be empty"));
  return s;
}
std::optional<std::string> Loader::OptString(const toml::table& t, std::string_view key) const {
  const toml::node* node = t.get(key);
  if (node == nullptr) return std::nullopt;
  return String(*node, key);
}
std::optional<std::string> Loader::OptNonEmptyString(const toml::table& t, std::string_view key) const {
  const toml::node* node = t.get(key);
  if (node == nullptr) return std::nullopt;
  return NonEmptyString(*node, key);
}
std::string Loader::ReqString(const toml::table& t, std::string_view key, std::string_view where) const {
  return NonEmptyString(Required(t, key, where), key);
}
std::string Loader::Id(const toml::node& node, std::string_view key) const {
  std::string id = NonEmptyString(node, key);
  if (!IsValidId(id)) Fail(node, StrCat("invalid ", key, " '", id, "': use letters, digits, '-', '_' and '.'"));
  return id;
}

bool Loader::Bool(const toml::node& node, std::string_view key) const {
  if (!node.is_boolean()) WrongType(node, "a boolean", key);
  return node.as_boolean()->get();
}
std::optional<bool> Loader::OptBool(const toml::table& t, std::string_view key) const {
  const toml::node* node = t.get(key);
  if (node == nullptr) return std::nullopt;
  return Bool(*node, key);
}

double Loader::Number(const toml::node& node, std::string_view key) const {
  double v = 0;
  if (node.is_integer()) {
    v = static_cast<double>(node.as_integer()->get());
  } else if (node.is_floating_point()) {
    v = node.as_floating_point()->get();
  } else {
    WrongType(node, "a number", key);
  }
  if (!std::isfinite(v)) Fail(node, StrCat("expected a finite number for '", key, "', got ", FormatNumber(v)));
  return v;
}
double Loader::NonNegative(const toml::node& node, std::string_view key) const {
  double v = Number(node, key);
  if (v < 0) Fail(node, StrCat("'", key, "' must not be negative, got ", FormatNumber(v)));
  return v;
}
double Loader::Positive(const toml::node& node, std::string_view key) const {
  double v = Number(node, key);
  if (!(v > 0)) Fail(node, StrCat("'", key, "' must be positive, got ", FormatNumber(v)));
  return v;
}
int Loader::WholeNumber(const toml::node& node, std::string_view key) const {
  double v = Number(node, key);
  if (v != std::floor(v) || std::fabs(v) > 1e9)
    Fail(node, StrCat("'", key, "' must be a whole number, got ", FormatNumber(v)));
  return static_cast<int>(v);
}

Date Loader::DateOf(const toml::node& node, std::string_view key) const {
  if (!node.is_date()) WrongType(node, "a date", key);
  return Parsed(node, Date::Parse(FormatTomlDate(node.as_date()->get())));
}
std::optional<Date> Loader::OptDate(const toml::table& t, std::string_view key) const {
  const toml::node* node = t.get(key);
  if (node == nullptr) return std::nullopt;
  return DateOf(*node, key);
}
Date Loader::ReqDate(const toml::table& t, std::string_view key, std::string_view where) const {
  return DateOf(Required(t, key, where), key);
}

DateInterval Loader::Interval(const toml::table& t, std::string_view where, bool from_required,
                              DateInterval defaults) const {
  DateInterval interval = defaults;
  if (from_required) {
    interval.from = ReqDate(t, "from", where);
  } else if (auto from = OptDate(t, "from")) {
    interval.from = *from;
  }
  if (auto until = OptDate(t, "until")) interval.until = *until;
  return interval;
}

Country Loader::CountryOf(const toml::node& node, std::string_view key) const {
  return CountryAt(node.source().begin, String(node, key));
}
Country Loader::CountryAt(toml::source_position position, std::string_view code) const {
  return ParsedAt(position, Country::Parse(code));
}

// ---- arrays and tables ------------------------------------------------------------------------

const toml::table& Loader::Table(const toml::node& node, std::string_view key) const {
  if (!node.is_table()) WrongType(node, "a table", key);
  return *node.as_table();
}

std::vector<std::pair<std::string, const toml::node*>> Loader::Strings(const toml::node& node,
                                                                       std::string_view key) const {
  if (!node.is_array()) WrongType(node, "an array of strings", key);
  std::vector<std::pair<std::string, const toml::node*>> out;
  for (const toml::node& element : *node.as_array()) {
    if (!element.is_string()) Fail(element, StrCat("expected a string in '", key, "', got ", TomlTypeName(element)));
    std::string s(element.as_string()->get());
    if (s.empty()) Fail(element, StrCat("empty string in '", key, "'"));
    out.emplace_back(std::move(s), &element);
  }
  return out;
}
std::vector<std::string> Loader::StringList(const toml::table& t, std::string_view key, bool unique) const {
  std::vector<std::string> out;
  const toml::node* node = t.get(key);
  if (node == nullptr) return out;
  for (auto& [s, element] : Strings(*node, key)) {
    if (unique && std::find(out.begin(), out.end(), s) != out.end())
      Fail(*element, StrCat("duplicate '", s, "' in '", key, "'"));
    out.push_back(std::move(s));
  }
  return out;
}

std::vector<const toml::table*> Loader::Tables(const toml::table& t, std::string_view key) const {
  std::vector<const toml::table*> out;
  const toml::node* node = t.get(key);
  if (node == nullptr) return out;
  if (!node->is_array()) WrongType(*node, "an array of tables", key);
  for (const toml::node& element : *node->as_array()) {
    if (!element.is_table()) Fail(element, StrCat("expected a table in '", key, "', got ", TomlTypeName(element)));
    out.push_back(element.as_table());
  }
  return out;
}

// ---- predicates -------------------------------------------------------------------------------

Predicate Loader::PredicateOf(const toml::node& node, std::string_view key) const {
  std::string text = String(node, key);
  // The predicate parser recurses once per parenthesis: bound the text and its nesting here.
  if (text.size() > kMaxPredicateBytes) Fail(node, StrCat("predicate longer than ", kMaxPredicateBytes, " bytes"));
  int depth = 0;
  for (char c : text) {
    if (c == '(' && ++depth > kMaxPredicateDepth)
      Fail(node, StrCat("predicate nested deeper than ", kMaxPredicateDepth, " parentheses"));
    if (c == ')') --depth;
  }
  absl::StatusOr<Predicate> predicate = ParsePredicate(text);
  if (predicate.ok()) return *std::move(predicate);
  std::string message(predicate.status().message());
  Fail(PredicateErrorPosition(node, text, message), StrCat("predicate: ", message));
}
Predicate Loader::OptPredicate(const toml::table& t, std::string_view key) const {
  const toml::node* node = t.get(key);
  if (node == nullptr) return Predicate{};
  return PredicateOf(*node, key);
}

toml::source_position Loader::PredicateErrorPosition(const toml::node& node, std::string_view value,
                                                     std::string_view message) const {
  toml::source_position begin = node.source().begin;
  constexpr std::string_view kPrefix = "column ";
  if (message.substr(0, kPrefix.size()) != kPrefix) return begin;
  size_t column = 0;
  std::string_view digits = message.substr(kPrefix.size());
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), column);
  if (ec != std::errc() || column < 1 || column > value.size() + 1) return begin;
  if (begin.line < 1 || begin.line > line_starts_.size()) return begin;
  // Byte offset of the opening quote: toml++ columns count code points.
  size_t offset = line_starts_[begin.line - 1];
  for (toml::source_index c = 1; c < begin.column; ++c) {
    if (offset >= text_.size()) return begin;
    ++offset;
    while (offset < text_.size() && (static_cast<unsigned char>(text_[offset]) & 0xC0) == 0x80) ++offset;
  }
  if (offset + value.size() + 1 >= text_.size()) return begin;
  char quote = text_[offset];
  if (quote != '"' && quote != '\'') return begin;
  if (text_.substr(offset + 1, value.size()) != value) return begin;
  if (text_[offset + 1 + value.size()] != quote) return begin;
  if (!IsAscii(value.substr(0, column - 1))) return begin;
  return toml::source_position{begin.line, static_cast<toml::source_index>(begin.column + column)};
}

}  // namespace exportctl::internal
