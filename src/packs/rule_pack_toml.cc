// Loading rule packs from TOML (docs/rule-packs.md is the format's specification).
//
// The loader is strict: every table's keys are checked against the keys the format allows,
// every value's type is checked, and every error names the place it was found as
// "file:line:column: message" (toml++ source regions). Inside this file an error is thrown as a
// `LoadError` and caught at the two public entry points, so that the many small checks read as
// straight-line code; no exception leaves this file.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <exception>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_format.h"
#include "exportctl/chip.h"
#include "exportctl/country.h"
#include "exportctl/date.h"
#include "exportctl/decision.h"
#include "exportctl/predicate.h"
#include "exportctl/rule.h"
#include "exportctl/json.h"
#include "exportctl/rule_pack.h"
#include "compile/compiled.h"
#include "model/invalid.h"
#include "model/names.h"
#include "internal/strings.h"
#include "toml++/toml.h"

namespace exportctl {
namespace {

// An error found while loading; becomes "file:line:column: message".
struct LoadError {
  toml::source_position position;
  std::string message;
};

// Limits on what the loader reads (docs/errors.md): a pack, a line of it, and a predicate.
constexpr size_t kMaxPackBytes = size_t{8} << 20;  // 8 MiB; the built-in packs are under 64 KiB
constexpr size_t kMaxLineBytes = size_t{64} << 10;  // 64 KiB
constexpr size_t kMaxPredicateBytes = 4096;
constexpr int kMaxPredicateDepth = 32;

// Top-level keys of the contract's sale object.
const std::initializer_list<std::string_view> kSaleKeys = {
    "date", "item", "quantity", "unit_price_usd", "destination", "exported_from", "buyer",
    "end_use", "licenses", "notifications", "approvals", "domestic_chips_purchased",
    "us_units_shipped", "us_import_value_usd", "datacenter", "id"};

// Concatenates strings and integers (absl::StrCat takes absl::string_view, which Debian's Abseil
// does not alias to std::string_view).
inline void Append(std::string& out, std::string_view s) { out.append(s.data(), s.size()); }
template <class T>
  requires std::is_integral_v<T>
void Append(std::string& out, T n) {
  out += std::to_string(n);
}
template <class... Args>
std::string Cat(const Args&... args) {
  std::string out;
  (Append(out, args), ...);
  return out;
}

std::string_view TypeName(const toml::node& node) {
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

std::string FormatDate(const toml::date& d) {
  return absl::StrFormat("%04d-%02d-%02d", d.year, d.month, d.day);
}

// A number as the user would write it: 150, 2.5, -1, nan, inf.
std::string FormatNumber(double v) {
  if (std::isnan(v)) return "nan";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  char buffer[64];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, v);
  if (ec != std::errc()) return absl::StrFormat("%g", v);
  return std::string(buffer, end);
}

// Pack, rule and parameter ids: letters, digits, '-', '_', '.'.
bool IsValidId(std::string_view id) {
  if (id.empty()) return false;
  for (char c : id) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_' || c == '.';
    if (!ok) return false;
  }
  return true;
}

std::string FormatDate(const Date& d) {
  return absl::StrFormat("%04d-%02d-%02d", d.year(), d.month(), d.day());
}

void AppendJsonString(std::string_view s, std::string& out) {
  out += '"';
  AppendJsonEscaped(out, s);
  out += '"';
}

bool IsAscii(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

std::string_view TargetsKey(EffectKind effect) {
  switch (effect) {
    case EffectKind::kLicenseException: return "exception_to";
    case EffectKind::kAmendReview: return "amends";
    case EffectKind::kSuspend: return "suspends";
    case EffectKind::kCondition: return "applies_to";
    default: return "";
  }
}

// Whether an outcome key applies to an effect (`advisory` applies to every effect).
bool OutcomeKeyApplies(std::string_view key, EffectKind effect) {
  if (key == "classification") return effect == EffectKind::kClassify;
  if (key == "review_policy")
    return effect == EffectKind::kRequireLicense || effect == EffectKind::kAmendReview;
  if (key == "exception" || key == "notification" || key == "wait_days")
    return effect == EffectKind::kLicenseException;
  if (key == "condition")
    return effect == EffectKind::kRequireApproval || effect == EffectKind::kAmendReview ||
           effect == EffectKind::kCondition;
  return true;
}

constexpr std::string_view kOutcomeKeys[] = {"classification", "review_policy", "exception",
                                             "notification", "wait_days", "condition"};

class Loader {
 public:
  Loader(std::string_view text, std::string_view source) : text_(text), source_(source) {
    line_starts_.push_back(0);
    for (size_t i = 0; i < text_.size(); ++i)
      if (text_[i] == '\n') line_starts_.push_back(i + 1);
  }

  RulePack Load(const toml::table& root);

 private:
  // ---- errors -------------------------------------------------------------------------------

  [[noreturn]] void Fail(toml::source_position position, std::string message) const {
    throw LoadError{position, std::move(message)};
  }
  [[noreturn]] void Fail(const toml::node& node, std::string message) const {
    Fail(node.source().begin, std::move(message));
  }
  SourceLocation Locate(const toml::node& node) const {
    toml::source_position p = node.source().begin;
    return SourceLocation{source_, static_cast<int>(p.line), static_cast<int>(p.column)};
  }

  // The value of a vocabulary parse (ParseEffectKind, Country::Parse, ...), or its error at `node`.
  template <class T>
  T Parsed(const toml::node& node, absl::StatusOr<T> parsed) const {
    return ParsedAt(node.source().begin, std::move(parsed));
  }
  template <class T>
  T ParsedAt(toml::source_position position, absl::StatusOr<T> parsed) const {
    if (!parsed.ok()) Fail(position, std::string(parsed.status().message()));
    return *std::move(parsed);
  }

  // ---- keys ---------------------------------------------------------------------------------

  // Fails on the first key (in source order) of `table` that is not in `allowed`.
  void CheckKeys(const toml::table& table, std::initializer_list<std::string_view> allowed,
                 std::string_view where) const {
    const toml::key* first = nullptr;
    for (auto&& [key, value] : table) {
      if (std::find(allowed.begin(), allowed.end(), key.str()) != allowed.end()) continue;
      if (first == nullptr || Before(key.source().begin, first->source().begin)) first = &key;
    }
    if (first != nullptr)
      Fail(first->source().begin, Cat("unknown key '", first->str(), "' ", where));
  }
  static bool Before(toml::source_position a, toml::source_position b) {
    return a.line != b.line ? a.line < b.line : a.column < b.column;
  }

  const toml::node& Required(const toml::table& table, std::string_view key,
                             std::string_view where) const {
    const toml::node* node = table.get(key);
    if (node == nullptr) {
      toml::source_position p = table.source().begin;
      if (p.line == 0) p = {1, 1};
      Fail(p, Cat("missing required key '", key, "' ", where));
    }
    return *node;
  }

  [[noreturn]] void WrongType(const toml::node& node, std::string_view expected,
                              std::string_view key) const {
    Fail(node, Cat("expected ", expected, " for '", key, "', got ", TypeName(node)));
  }

  // ---- scalar values ------------------------------------------------------------------------

  std::string String(const toml::node& node, std::string_view key) const {
    if (!node.is_string()) WrongType(node, "a string", key);
    return std::string(node.as_string()->get());
  }
  std::string NonEmptyString(const toml::node& node, std::string_view key) const {
    std::string s = String(node, key);
    if (s.empty()) Fail(node, Cat("'", key, "' must not be empty"));
    return s;
  }
  std::optional<std::string> OptString(const toml::table& t, std::string_view key) const {
    const toml::node* node = t.get(key);
    if (node == nullptr) return std::nullopt;
    return String(*node, key);
  }
  std::optional<std::string> OptNonEmptyString(const toml::table& t, std::string_view key) const {
    const toml::node* node = t.get(key);
    if (node == nullptr) return std::nullopt;
    return NonEmptyString(*node, key);
  }
  std::string ReqString(const toml::table& t, std::string_view key, std::string_view where) const {
    return NonEmptyString(Required(t, key, where), key);
  }
  std::string Id(const toml::node& node, std::string_view key) const {
    std::string id = NonEmptyString(node, key);
    if (!IsValidId(id))
      Fail(node, Cat("invalid ", key, " '", id, "': use letters, digits, '-', '_' and '.'"));
    return id;
  }

  bool Bool(const toml::node& node, std::string_view key) const {
    if (!node.is_boolean()) WrongType(node, "a boolean", key);
    return node.as_boolean()->get();
  }
  std::optional<bool> OptBool(const toml::table& t, std::string_view key) const {
    const toml::node* node = t.get(key);
    if (node == nullptr) return std::nullopt;
    return Bool(*node, key);
  }

  // An integer or a float; never NaN or infinite.
  double Number(const toml::node& node, std::string_view key) const {
    double v = 0;
    if (node.is_integer()) {
      v = static_cast<double>(node.as_integer()->get());
    } else if (node.is_floating_point()) {
      v = node.as_floating_point()->get();
    } else {
      WrongType(node, "a number", key);
    }
    if (!std::isfinite(v))
      Fail(node, Cat("expected a finite number for '", key, "', got ", FormatNumber(v)));
    return v;
  }
  double NonNegative(const toml::node& node, std::string_view key) const {
    double v = Number(node, key);
    if (v < 0) Fail(node, Cat("'", key, "' must not be negative, got ", FormatNumber(v)));
    return v;
  }
  double Positive(const toml::node& node, std::string_view key) const {
    double v = Number(node, key);
    if (!(v > 0)) Fail(node, Cat("'", key, "' must be positive, got ", FormatNumber(v)));
    return v;
  }
  double Percent(const toml::node& node, std::string_view key) const {
    double v = Number(node, key);
    if (!(v > 0 && v <= 100))
      Fail(node, Cat("'", key, "' must be in (0, 100], got ", FormatNumber(v)));
    return v;
  }
  int WholeNonNegative(const toml::node& node, std::string_view key) const {
    double v = NonNegative(node, key);
    if (v != std::floor(v) || v > 1e9)
      Fail(node, Cat("'", key, "' must be a whole number, got ", FormatNumber(v)));
    return static_cast<int>(v);
  }

  Date DateOf(const toml::node& node, std::string_view key) const {
    if (!node.is_date()) WrongType(node, "a date", key);
    return Parsed(node, Date::Parse(FormatDate(node.as_date()->get())));
  }
  std::optional<Date> OptDate(const toml::table& t, std::string_view key) const {
    const toml::node* node = t.get(key);
    if (node == nullptr) return std::nullopt;
    return DateOf(*node, key);
  }
  Date ReqDate(const toml::table& t, std::string_view key, std::string_view where) const {
    return DateOf(Required(t, key, where), key);
  }

  // `from` (required or defaulting to `default_from`) and an optional `until` not before it.
  DateInterval Interval(const toml::table& t, std::string_view where, bool from_required,
                        DateInterval defaults = {}) const {
    DateInterval interval = defaults;
    if (from_required) {
      interval.from = ReqDate(t, "from", where);
    } else if (auto from = OptDate(t, "from")) {
      interval.from = *from;
    }
    if (const toml::node* until = t.get("until")) {
      interval.until = DateOf(*until, "until");
      if (interval.until < interval.from)
        Fail(*until, Cat("'until' ", FormatDate(interval.until), " is before 'from' ",
                                  FormatDate(interval.from)));
    }
    return interval;
  }

  Country CountryOf(const toml::node& node, std::string_view key) const {
    std::string code = String(node, key);
    return CountryCode(node, code);
  }
  Country CountryCode(const toml::node& node, std::string_view code) const {
    return CountryAt(node.source().begin, code);
  }
  Country CountryAt(toml::source_position position, std::string_view code) const {
    return ParsedAt(position, Country::Parse(code));
  }

  // ---- arrays and tables --------------------------------------------------------------------

  const toml::table& Table(const toml::node& node, std::string_view key) const {
    if (!node.is_table()) WrongType(node, "a table", key);
    return *node.as_table();
  }

  // The elements of an array of strings, each with its node (for positions).
  std::vector<std::pair<std::string, const toml::node*>> Strings(const toml::node& node,
                                                                 std::string_view key) const {
    if (!node.is_array()) WrongType(node, "an array of strings", key);
    std::vector<std::pair<std::string, const toml::node*>> out;
    for (const toml::node& element : *node.as_array()) {
      if (!element.is_string())
        Fail(element, Cat("expected a string in '", key, "', got ", TypeName(element)));
      std::string s(element.as_string()->get());
      if (s.empty()) Fail(element, Cat("empty string in '", key, "'"));
      out.emplace_back(std::move(s), &element);
    }
    return out;
  }
  std::vector<std::string> StringList(const toml::table& t, std::string_view key,
                                      bool unique) const {
    std::vector<std::string> out;
    const toml::node* node = t.get(key);
    if (node == nullptr) return out;
    for (auto& [s, element] : Strings(*node, key)) {
      if (unique && std::find(out.begin(), out.end(), s) != out.end())
        Fail(*element, Cat("duplicate '", s, "' in '", key, "'"));
      out.push_back(std::move(s));
    }
    return out;
  }

  // The tables of an array of tables (`[[key]]`), or none when the key is absent.
  std::vector<const toml::table*> Tables(const toml::table& t, std::string_view key) const {
    std::vector<const toml::table*> out;
    const toml::node* node = t.get(key);
    if (node == nullptr) return out;
    if (!node->is_array()) WrongType(*node, "an array of tables", key);
    for (const toml::node& element : *node->as_array()) {
      if (!element.is_table())
        Fail(element, Cat("expected a table in '", key, "', got ", TypeName(element)));
      out.push_back(element.as_table());
    }
    return out;
  }

  // Checks the name under `name_key` and the `aliases` of `t` against `seen` (names of earlier
  // chips or entities, normalized) and adds them.
  template <class Normalize>
  void CheckNames(const toml::table& t, std::string_view name_key, std::set<std::string>& seen,
                  std::string_view what, Normalize normalize) const {
    std::vector<std::pair<std::string, const toml::node*>> names;
    const toml::node& name = *t.get(name_key);
    names.emplace_back(String(name, name_key), &name);
    if (const toml::node* aliases = t.get("aliases"))
      for (auto& alias : Strings(*aliases, "aliases")) names.push_back(std::move(alias));
    std::set<std::string> own;
    for (auto& [n, node] : names) {
      std::string normalized = normalize(n);
      if (normalized.empty()) Fail(*node, Cat(what, " name '", n, "' has no letters or digits"));
      if (seen.count(normalized) != 0) Fail(*node, Cat("duplicate ", what, " name '", n, "'"));
      own.insert(std::move(normalized));
    }
    seen.insert(own.begin(), own.end());
  }

  // ---- predicates ---------------------------------------------------------------------------

  Predicate PredicateOf(const toml::node& node, std::string_view key) const {
    std::string text = String(node, key);
    // The predicate parser recurses once per parenthesis: bound the text and its nesting here.
    if (text.size() > kMaxPredicateBytes)
      Fail(node, Cat("predicate longer than ", kMaxPredicateBytes, " bytes"));
    int depth = 0;
    for (char c : text) {
      if (c == '(' && ++depth > kMaxPredicateDepth)
        Fail(node, Cat("predicate nested deeper than ", kMaxPredicateDepth, " parentheses"));
      if (c == ')') --depth;
    }
    absl::StatusOr<Predicate> predicate = ParsePredicate(text);
    if (predicate.ok()) return *std::move(predicate);
    std::string message(predicate.status().message());
    Fail(PredicateErrorPosition(node, text, message), Cat("predicate: ", message));
  }
  Predicate OptPredicate(const toml::table& t, std::string_view key) const {
    const toml::node* node = t.get(key);
    if (node == nullptr) return Predicate{};
    return PredicateOf(*node, key);
  }

  // Where in the file a predicate error points: when the string is written on one line without
  // escapes, the column of the error inside it; otherwise the string's own position.
  toml::source_position PredicateErrorPosition(const toml::node& node, std::string_view value,
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
      while (offset < text_.size() && (static_cast<unsigned char>(text_[offset]) & 0xC0) == 0x80)
        ++offset;
    }
    if (offset + value.size() + 1 >= text_.size()) return begin;
    char quote = text_[offset];
    if (quote != '"' && quote != '\'') return begin;
    if (text_.substr(offset + 1, value.size()) != value) return begin;
    if (text_[offset + 1 + value.size()] != quote) return begin;
    if (!IsAscii(value.substr(0, column - 1))) return begin;
    return toml::source_position{begin.line,
                                 static_cast<toml::source_index>(begin.column + column)};
  }

  // ---- sections -----------------------------------------------------------------------------

  JurisdictionSpec LoadJurisdiction(const toml::table& t) const;
  CountryGroup LoadGroup(const toml::table& t) const;
  ParameterSeries LoadParameter(const toml::table& t) const;
  CatalogChip LoadChip(const toml::table& t) const;
  Entity LoadEntity(const toml::table& t) const;
  OwnershipEdge LoadOwnership(const toml::table& t) const;
  Rule LoadRule(const toml::table& t) const;
  // Within one pack, a suspend rule may not name another suspend rule: the evaluator applies every
  // suspension in force, so suspending a suspension would do nothing, and two suspend rules naming
  // each other (a cycle) would have no meaning. Across packs Compile decides.
  void CheckSuspensionsDoNotChain(const std::vector<Rule>& rules,
                                  const std::vector<const toml::table*>& tables) const {
    std::set<std::string_view> suspenders;
    for (const Rule& r : rules)
      if (r.outcome.effect == EffectKind::kSuspend) suspenders.insert(r.id);
    for (size_t i = 0; i < rules.size(); ++i) {
      const Rule& r = rules[i];
      if (r.outcome.effect != EffectKind::kSuspend) continue;
      const toml::array* targets = tables[i]->get("suspends") ? tables[i]->get("suspends")->as_array() : nullptr;
      for (size_t k = 0; k < r.targets.size(); ++k) {
        const std::string& target = r.targets[k];
        if (suspenders.count(target) == 0) continue;
        const Rule* other = nullptr;
        for (const Rule& o : rules)
          if (o.id == target) other = &o;
        const bool cycle = other != nullptr && other != &r &&
                           std::find(other->targets.begin(), other->targets.end(), r.id) != other->targets.end();
        const toml::node* at = targets != nullptr && k < targets->size() ? targets->get(k) : tables[i];
        if (target == r.id) Fail(*at, Cat("rule '", r.id, "' suspends itself"));
        if (cycle)
          Fail(*at, Cat("suspension cycle: rule '", r.id, "' suspends '", target, "', which suspends '", r.id, "'"));
        Fail(*at, Cat("rule '", r.id, "' suspends '", target, "', a suspend rule: suspensions do not chain"));
      }
    }
  }
  void LoadOutcomeKeys(const toml::table& t, EffectKind effect, Outcome& outcome,
                       std::string_view condition_where) const;
  void CheckOutcomeComplete(const Outcome& outcome, const toml::node& at) const;
  ConditionSpec LoadCondition(const toml::table& t, std::string_view where) const;
  RuleEnd LoadEnd(const toml::table& t) const;
  PackTest LoadTest(const toml::table& t) const;
  void SaleToJson(const toml::node& node, std::string& out) const;

  std::string_view text_;
  std::string source_;
  std::vector<size_t> line_starts_;
};

// ---- jurisdiction ---------------------------------------------------------------------------

JurisdictionSpec Loader::LoadJurisdiction(const toml::table& t) const {
  constexpr std::string_view where = "in [[jurisdiction]]";
  CheckKeys(t, {"code", "name", "scope", "report_out_of_scope", "out_of_scope_note", "treat_as",
                "classifications"},
            where);
  JurisdictionSpec j;
  j.location = Locate(t);
  j.code = CountryOf(Required(t, "code", where), "code");
  j.name = OptString(t, "name").value_or("");
  j.scope = OptPredicate(t, "scope");
  j.report_out_of_scope = OptBool(t, "report_out_of_scope").value_or(false);
  j.out_of_scope_note = OptString(t, "out_of_scope_note").value_or("");
  if (const toml::node* node = t.get("treat_as")) {
    for (auto&& [key, value] : Table(*node, "treat_as")) {
      Country from = CountryAt(key.source().begin, key.str());
      j.treat_as.emplace_back(from, CountryOf(value, key.str()));
    }
  }
  j.classifications = StringList(t, "classifications", /*unique=*/true);
  // Compile checks the same (for packs built in code): the evaluator's class mask has 32 bits.
  if (j.classifications.size() > internal::kMaxClassifications)
    Fail(*t.get("classifications"),
         Cat("more than ", internal::kMaxClassifications, " classifications (", j.classifications.size(), ")"));
  return j;
}

// ---- group ----------------------------------------------------------------------------------

CountryGroup Loader::LoadGroup(const toml::table& t) const {
  constexpr std::string_view where = "in [[group]]";
  CheckKeys(t, {"id", "description", "citation", "modeled", "members", "from", "until", "member"},
            where);
  CountryGroup g;
  g.location = Locate(t);
  const toml::node& id = Required(t, "id", where);
  g.id = NonEmptyString(id, "id");
  if (IsAssignedCountryCode(g.id))
    Fail(id, Cat("group id '", g.id, "' is a country code"));
  g.description = OptString(t, "description").value_or("");
  g.citation = OptString(t, "citation").value_or("");
  g.modeled = OptBool(t, "modeled").value_or(false);
  DateInterval life = Interval(t, where, /*from_required=*/false);
  if (const toml::node* members = t.get("members")) {
    std::set<Country> seen;
    for (auto& [code, element] : Strings(*members, "members")) {
      Country c = CountryCode(*element, code);
      if (!seen.insert(c).second)
        Fail(*element, Cat("duplicate member '", code, "' in 'members'"));
      g.members.push_back(GroupMember{c, life});
    }
  }
  for (const toml::table* m : Tables(t, "member")) {
    constexpr std::string_view member_where = "in [[group.member]]";
    CheckKeys(*m, {"country", "from", "until"}, member_where);
    Country c = CountryOf(Required(*m, "country", member_where), "country");
    DateInterval interval = Interval(*m, member_where, /*from_required=*/false, life);
    if (interval.until < interval.from)  // `from` is after the group's `until`
      Fail(*m->get("from"), Cat("'from' ", FormatDate(interval.from), " is after the group's 'until' ",
                                FormatDate(interval.until)));
    g.members.push_back(GroupMember{c, interval});
  }
  return g;
}

// ---- parameter ------------------------------------------------------------------------------

ParameterSeries Loader::LoadParameter(const toml::table& t) const {
  constexpr std::string_view where = "in [[parameter]]";
  CheckKeys(t, {"id", "unit", "value"}, where);
  ParameterSeries p;
  p.location = Locate(t);
  p.id = Id(Required(t, "id", where), "id");
  p.unit = OptString(t, "unit").value_or("");
  std::vector<const toml::table*> values = Tables(t, "value");
  if (values.empty())
    Fail(t.source().begin, Cat("parameter '", p.id, "' has no [[parameter.value]]"));
  for (const toml::table* v : values) {
    constexpr std::string_view value_where = "in [[parameter.value]]";
    CheckKeys(*v, {"from", "value", "citation", "announced", "modeled"}, value_where);
    ParameterValue value;
    const toml::node& from = Required(*v, "from", value_where);
    value.from = DateOf(from, "from");
    for (const ParameterValue& earlier : p.values)
      if (earlier.from == value.from)
        Fail(from, Cat("duplicate value for parameter '", p.id, "' from ",
                                FormatDate(value.from)));
    value.value = Number(Required(*v, "value", value_where), "value");
    value.citation = ReqString(*v, "citation", value_where);
    value.announced = OptDate(*v, "announced");
    value.modeled = OptBool(*v, "modeled").value_or(false);
    p.values.push_back(std::move(value));
  }
  std::stable_sort(p.values.begin(), p.values.end(),
                   [](const ParameterValue& a, const ParameterValue& b) { return a.from < b.from; });
  return p;
}

// ---- chip -----------------------------------------------------------------------------------

CatalogChip Loader::LoadChip(const toml::table& t) const {
  constexpr std::string_view where = "in [[chip]]";
  CheckKeys(t, {"model", "aliases", "vendor", "origin", "datacenter", "dense_tops", "tpp",
                "die_area_mm2", "interconnect_gbps", "memory_bandwidth_gbps", "memory_gb", "tdp_w",
                "source", "modeled"},
            where);
  CatalogChip c;
  c.location = Locate(t);
  c.chip.model = ReqString(t, "model", where);
  c.aliases = StringList(t, "aliases", /*unique=*/false);  // uniqueness: checked by name below
  c.chip.vendor = OptString(t, "vendor").value_or("");
  c.chip.origin = CountryOf(Required(t, "origin", where), "origin");
  c.chip.datacenter = OptBool(t, "datacenter");  // unset: unknown, never a silent "consumer"
  if (const toml::node* node = t.get("dense_tops")) {
    const toml::table& tops = Table(*node, "dense_tops");
    if (tops.empty()) Fail(*node, "'dense_tops' must not be empty");
    for (auto&& [key, value] : tops) {
      Precision precision = ParsedAt(key.source().begin, ParsePrecision(key.str()));
      c.chip.tops(precision) = Tops{NonNegative(value, key.str())};
    }
  }
  if (const toml::node* node = t.get("tpp")) {
    if (t.get("dense_tops") != nullptr) Fail(*node, "give either 'tpp' or 'dense_tops', not both");
    c.chip.tpp_direct = Tpp{NonNegative(*node, "tpp")};
  }
  if (const toml::node* node = t.get("die_area_mm2"))
    c.chip.die_area_mm2 = SquareMillimeters{Positive(*node, "die_area_mm2")};
  if (const toml::node* node = t.get("interconnect_gbps"))
    c.chip.interconnect_gbps = GigabytesPerSecond{NonNegative(*node, "interconnect_gbps")};
  if (const toml::node* node = t.get("memory_bandwidth_gbps"))
    c.chip.memory_bandwidth_gbps = GigabytesPerSecond{NonNegative(*node, "memory_bandwidth_gbps")};
  if (const toml::node* node = t.get("memory_gb"))
    c.chip.memory_gb = Gigabytes{NonNegative(*node, "memory_gb")};
  if (const toml::node* node = t.get("tdp_w")) c.chip.tdp_w = Watts{Positive(*node, "tdp_w")};
  c.source = OptString(t, "source").value_or("");
  c.modeled = OptBool(t, "modeled").value_or(false);
  return c;
}

// ---- entity and ownership -------------------------------------------------------------------

Entity Loader::LoadEntity(const toml::table& t) const {
  constexpr std::string_view where = "in [[entity]]";
  CheckKeys(t, {"name", "aliases", "country", "listing"}, where);
  Entity e;
  e.location = Locate(t);
  e.name = ReqString(t, "name", where);
  e.aliases = StringList(t, "aliases", /*unique=*/false);  // uniqueness: checked by name below
  if (const toml::node* node = t.get("country")) e.country = CountryOf(*node, "country");
  for (const toml::table* l : Tables(t, "listing")) {
    constexpr std::string_view listing_where = "in [[entity.listing]]";
    CheckKeys(*l, {"list", "from", "until", "announced", "citation"}, listing_where);
    Listing listing;
    listing.list = OptNonEmptyString(*l, "list").value_or("entity_list");
    listing.interval = Interval(*l, listing_where, /*from_required=*/true);
    listing.announced = OptDate(*l, "announced");
    listing.citation = OptString(*l, "citation").value_or("");
    e.listings.push_back(std::move(listing));
  }
  return e;
}

OwnershipEdge Loader::LoadOwnership(const toml::table& t) const {
  constexpr std::string_view where = "in [[ownership]]";
  CheckKeys(t, {"owner", "owned", "percent", "from", "until", "citation"}, where);
  OwnershipEdge o;
  o.location = Locate(t);
  o.owner = ReqString(t, "owner", where);
  const toml::node& owned = Required(t, "owned", where);
  o.owned = NonEmptyString(owned, "owned");
  if (internal::NormalizeEntityName(o.owner) == internal::NormalizeEntityName(o.owned))
    Fail(owned, Cat("entity '", o.owned, "' cannot own itself"));
  o.percent = Percent(Required(t, "percent", where), "percent");
  o.interval = Interval(t, where, /*from_required=*/false);
  o.citation = OptString(t, "citation").value_or("");
  return o;
}

// ---- rule -----------------------------------------------------------------------------------

ConditionSpec Loader::LoadCondition(const toml::table& t, std::string_view where) const {
  CheckKeys(t, {"kind", "percent", "ratio", "note"}, where);
  ConditionSpec c;
  const toml::node& kind = Required(t, "kind", where);
  std::string name = NonEmptyString(kind, "kind");
  c.kind = Parsed(kind, ParseConditionKind(name));
  if (const toml::node* percent = t.get("percent")) {
    if (c.kind != ConditionKind::kRevenueShare && c.kind != ConditionKind::kVolumeCap &&
        c.kind != ConditionKind::kImportDuty)
      Fail(*percent, Cat("'percent' does not apply to condition '", name, "'"));
    c.percent = Percent(*percent, "percent");
  } else if (c.kind == ConditionKind::kRevenueShare || c.kind == ConditionKind::kImportDuty) {
    Fail(t.source().begin, Cat("condition '", name, "' needs 'percent'"));
  }
  if (const toml::node* ratio = t.get("ratio")) {
    if (c.kind != ConditionKind::kDomesticPurchase)
      Fail(*ratio, Cat("'ratio' does not apply to condition '", name, "'"));
    c.ratio = NonNegative(*ratio, "ratio");
  }
  c.note = OptString(t, "note").value_or("");
  return c;
}

// Reads the outcome keys `t` sets into `outcome`, checking that each applies to `effect`.
void Loader::LoadOutcomeKeys(const toml::table& t, EffectKind effect, Outcome& outcome,
                             std::string_view condition_where) const {
  for (std::string_view key : kOutcomeKeys) {
    const toml::node* node = t.get(key);
    if (node != nullptr && !OutcomeKeyApplies(key, effect))
      Fail(*node, Cat("'", key, "' does not apply to effect '", EffectKindName(effect), "'"));
  }
  if (const toml::node* node = t.get("classification"))
    outcome.classification = NonEmptyString(*node, "classification");
  if (const toml::node* node = t.get("review_policy")) {
    outcome.review_policy = Parsed(*node, ParseReviewPolicy(NonEmptyString(*node, "review_policy")));
  }
  if (const toml::node* node = t.get("exception")) outcome.exception = NonEmptyString(*node, "exception");
  if (const toml::node* node = t.get("notification")) outcome.notification = Bool(*node, "notification");
  if (const toml::node* node = t.get("wait_days")) outcome.wait_days = WholeNonNegative(*node, "wait_days");
  if (const toml::node* node = t.get("advisory")) outcome.advisory = NonEmptyString(*node, "advisory");
  if (t.get("condition") != nullptr) {
    outcome.conditions.clear();
    for (const toml::table* c : Tables(t, "condition"))
      outcome.conditions.push_back(LoadCondition(*c, condition_where));
  }
}

// Fails at `at` when `outcome` lacks what its effect needs.
void Loader::CheckOutcomeComplete(const Outcome& outcome, const toml::node& at) const {
  std::string_view effect = EffectKindName(outcome.effect);
  auto needs = [&](std::string_view what) {
    Fail(at, Cat("effect '", effect, "' needs ", what));
  };
  switch (outcome.effect) {
    case EffectKind::kClassify:
      if (outcome.classification.empty()) needs("'classification'");
      break;
    case EffectKind::kRequireLicense:
    case EffectKind::kAmendReview:
      if (!outcome.review_policy) needs("'review_policy'");
      break;
    case EffectKind::kLicenseException:
      if (outcome.exception.empty()) needs("'exception'");
      break;
    case EffectKind::kAdvisory:
      if (outcome.advisory.empty()) needs("'advisory'");
      break;
    case EffectKind::kCondition:
      if (outcome.conditions.empty()) needs("at least one [[rule.condition]]");
      break;
    default:
      break;
  }
}

Rule Loader::LoadRule(const toml::table& t) const {
  constexpr std::string_view where = "in [[rule]]";
  CheckKeys(t, {"id", "jurisdiction", "announced", "from", "until", "until_announced",
                "compliance", "legal_force", "citation", "citations", "modeled", "note", "when", "effect",
                "classification", "review_policy", "exception", "notification", "wait_days",
                "advisory", "exception_to", "amends", "suspends", "applies_to", "condition", "case"},
            where);
  Rule r;
  r.location = Locate(t);
  r.id = Id(Required(t, "id", where), "id");
  r.jurisdiction = CountryOf(Required(t, "jurisdiction", where), "jurisdiction");
  r.announced = ReqDate(t, "announced", where);
  r.effective = Interval(t, where, /*from_required=*/true);
  if (const toml::node* node = t.get("until_announced")) {
    if (t.get("until") == nullptr) Fail(*node, "'until_announced' needs 'until'");
    r.until_announced = DateOf(*node, "until_announced");
  }
  r.compliance = OptDate(t, "compliance");

  const toml::node& force = Required(t, "legal_force", where);
  r.legal_force = Parsed(force, ParseLegalForce(NonEmptyString(force, "legal_force")));

  // `citation` (one string or a list) is the documented key; `citations` is accepted as its alias.
  if (t.contains("citation") && t.contains("citations"))
    Fail(*t.get("citations"), "give 'citation' or 'citations', not both");
  const std::string_view citation_key = t.contains("citations") ? "citations" : "citation";
  const toml::node& citations = Required(t, citation_key, where);
  if (citations.is_string()) r.citations = {NonEmptyString(citations, citation_key)};
  else r.citations = StringList(t, citation_key, /*unique=*/false);
  if (r.citations.empty()) Fail(citations, Cat("'", citation_key, "' must not be empty"));
  r.modeled = OptBool(t, "modeled").value_or(false);
  r.note = OptString(t, "note").value_or("");
  r.when = OptPredicate(t, "when");

  const toml::node& effect_node = Required(t, "effect", where);
  std::string effect_name = NonEmptyString(effect_node, "effect");
  const EffectKind effect = Parsed(effect_node, ParseEffectKind(effect_name));
  r.outcome.effect = effect;

  // Targets: the one key the effect takes, and none of the others.
  std::string_view targets_key = TargetsKey(effect);
  for (std::string_view key : {"exception_to", "amends", "suspends", "applies_to"}) {
    const toml::node* node = t.get(key);
    if (node == nullptr) continue;
    if (key != targets_key)
      Fail(*node, Cat("'", key, "' does not apply to effect '", effect_name, "'"));
    r.targets = StringList(t, key, /*unique=*/true);
    if (r.targets.empty()) Fail(*node, Cat("'", key, "' must not be empty"));
  }
  if (!targets_key.empty() && r.targets.empty())
    Fail(effect_node, Cat("effect '", effect_name, "' needs '", targets_key, "'"));

  LoadOutcomeKeys(t, effect, r.outcome, "in [[rule.condition]]");
  CheckOutcomeComplete(r.outcome, effect_node);

  for (const toml::table* c : Tables(t, "case")) {
    constexpr std::string_view case_where = "in [[rule.case]]";
    CheckKeys(*c, {"when", "effect", "classification", "review_policy", "exception", "notification",
                   "wait_days", "advisory", "condition"},
              case_where);
    RuleCase rule_case;
    rule_case.when = PredicateOf(Required(*c, "when", case_where), "when");
    rule_case.outcome = r.outcome;
    const toml::node* at = c;
    if (const toml::node* node = c->get("effect")) {
      std::string name = NonEmptyString(*node, "effect");
      const EffectKind case_effect = Parsed(*node, ParseEffectKind(name));
      std::string_view case_targets = TargetsKey(case_effect);
      if (!case_targets.empty() && case_targets != targets_key)
        Fail(*node, Cat("a case cannot change the effect to '", name, "': it needs '",
                                 case_targets, "' on the rule"));
      rule_case.outcome.effect = case_effect;
      at = node;
    }
    LoadOutcomeKeys(*c, rule_case.outcome.effect, rule_case.outcome, "in [[rule.case.condition]]");
    CheckOutcomeComplete(rule_case.outcome, *at);
    r.cases.push_back(std::move(rule_case));
  }
  return r;
}

// ---- end ------------------------------------------------------------------------------------

RuleEnd Loader::LoadEnd(const toml::table& t) const {
  constexpr std::string_view where = "in [[end]]";
  CheckKeys(t, {"rule", "until", "announced"}, where);
  RuleEnd e;
  e.location = Locate(t);
  e.rule = ReqString(t, "rule", where);
  e.until = ReqDate(t, "until", where);
  e.announced = OptDate(t, "announced");
  return e;
}

// ---- test -----------------------------------------------------------------------------------

// Writes a TOML value as JSON: tables as objects, dates as "YYYY-MM-DD" strings.
void Loader::SaleToJson(const toml::node& node, std::string& out) const {
  switch (node.type()) {
    case toml::node_type::table: {
      out += '{';
      bool first = true;
      for (auto&& [key, value] : *node.as_table()) {
        if (!first) out += ',';
        first = false;
        AppendJsonString(key.str(), out);
        out += ':';
        SaleToJson(value, out);
      }
      out += '}';
      return;
    }
    case toml::node_type::array: {
      out += '[';
      bool first = true;
      for (const toml::node& element : *node.as_array()) {
        if (!first) out += ',';
        first = false;
        SaleToJson(element, out);
      }
      out += ']';
      return;
    }
    case toml::node_type::string:
      AppendJsonString(node.as_string()->get(), out);
      return;
    case toml::node_type::integer:
      out += Cat(node.as_integer()->get());
      return;
    case toml::node_type::floating_point: {
      double v = node.as_floating_point()->get();
      if (!std::isfinite(v))
        Fail(node, Cat("expected a finite number in 'sale', got ", FormatNumber(v)));
      out += FormatNumber(v);
      return;
    }
    case toml::node_type::boolean:
      out += node.as_boolean()->get() ? "true" : "false";
      return;
    case toml::node_type::date:
      out += Cat("\"", FormatDate(node.as_date()->get()), "\"");
      return;
    default:
      Fail(node, Cat("expected a date in 'sale', got ", TypeName(node)));
  }
}

PackTest Loader::LoadTest(const toml::table& t) const {
  constexpr std::string_view where = "in [[test]]";
  CheckKeys(t, {"name", "as_of", "sale", "verdict", "allowed", "classification", "jurisdictions",
                "review_policy", "license_exception", "fired", "not_fired", "conditions", "missing"},
            where);
  PackTest test;
  test.location = Locate(t);
  test.name = ReqString(t, "name", where);
  test.as_of = OptDate(t, "as_of");

  const toml::table& sale = Table(Required(t, "sale", where), "sale");
  CheckKeys(sale, kSaleKeys, "in 'sale'");
  DateOf(Required(sale, "date", "in 'sale'"), "date");
  const toml::node& item = Required(sale, "item", "in 'sale'");
  if (!item.is_string() && !item.is_table()) WrongType(item, "a string or a table", "item");
  CountryOf(Required(sale, "destination", "in 'sale'"), "destination");
  SaleToJson(sale, test.sale_json);

  auto verdict = [&](const toml::node& node, std::string_view key) {
    return Parsed(node, ParseVerdict(NonEmptyString(node, key)));
  };
  if (const toml::node* node = t.get("verdict")) test.verdict = verdict(*node, "verdict");
  test.allowed = OptBool(t, "allowed");
  test.classification = OptNonEmptyString(t, "classification");
  if (const toml::node* node = t.get("jurisdictions")) {
    for (auto&& [key, value] : Table(*node, "jurisdictions")) {
      test.jurisdiction_verdicts.emplace_back(CountryAt(key.source().begin, key.str()), verdict(value, key.str()));
    }
  }
  if (const toml::node* node = t.get("review_policy")) {
    test.review_policy = Parsed(*node, ParseReviewPolicy(NonEmptyString(*node, "review_policy")));
  }
  test.license_exception = OptNonEmptyString(t, "license_exception");
  test.fired = StringList(t, "fired", /*unique=*/true);
  test.not_fired = StringList(t, "not_fired", /*unique=*/true);
  if (const toml::node* node = t.get("not_fired")) {
    for (auto& [id, element] : Strings(*node, "not_fired"))
      if (std::find(test.fired.begin(), test.fired.end(), id) != test.fired.end())
        Fail(*element, Cat("rule '", id, "' is in both 'fired' and 'not_fired'"));
  }
  if (const toml::node* node = t.get("conditions")) {
    for (auto& [kind, element] : Strings(*node, "conditions"))
      test.conditions.push_back(Parsed(*element, ParseConditionKind(kind)));
  }
  if (const toml::node* node = t.get("missing")) {
    for (auto& [name, element] : Strings(*node, "missing")) {
      std::optional<Spec> spec;
      for (int bit = 0; bit < kSpecCount; ++bit)
        if (SpecSet::NameOf(static_cast<Spec>(1u << bit)) == name) spec = static_cast<Spec>(1u << bit);
      if (!spec) Fail(*element, Cat("unknown spec '", name, "' in 'missing'"));
      test.missing.push_back(*spec);
    }
  }
  return test;
}

// ---- the pack -------------------------------------------------------------------------------

RulePack Loader::Load(const toml::table& root) {
  constexpr std::string_view where = "at top level";
  RulePack pack;
  pack.info.source = source_;

  // The format first: a later format may have keys this library does not know.
  const toml::node& format = Required(root, "format", where);
  if (!format.is_integer()) WrongType(format, "an integer", "format");
  int64_t version = format.as_integer()->get();
  if (version != kRulePackFormat)
    Fail(format, Cat("unsupported pack format ", version, " (this library reads ",
                              kRulePackFormat, ")"));
  pack.info.format = kRulePackFormat;

  CheckKeys(root, {"format", "id", "revision", "description", "jurisdiction", "group", "parameter",
                   "chip", "entity", "ownership", "rule", "end", "test"},
            where);
  pack.info.id = Id(Required(root, "id", where), "id");
  pack.info.revision = ReqString(root, "revision", where);
  pack.info.description = OptString(root, "description").value_or("");

  // Each section, with the duplicate checks that hold within one pack.
  std::set<Country> codes;
  for (const toml::table* t : Tables(root, "jurisdiction")) {
    JurisdictionSpec j = LoadJurisdiction(*t);
    if (!codes.insert(j.code).second)
      Fail(*t->get("code"), Cat("duplicate jurisdiction '", j.code.ToString(), "'"));
    pack.jurisdictions.push_back(std::move(j));
  }
  std::set<std::string> group_ids;
  for (const toml::table* t : Tables(root, "group")) {
    CountryGroup g = LoadGroup(*t);
    if (!group_ids.insert(g.id).second)
      Fail(*t->get("id"), Cat("duplicate group id '", g.id, "'"));
    pack.groups.push_back(std::move(g));
  }
  std::set<std::string> parameter_ids;
  for (const toml::table* t : Tables(root, "parameter")) {
    ParameterSeries p = LoadParameter(*t);
    if (!parameter_ids.insert(p.id).second)
      Fail(*t->get("id"), Cat("duplicate parameter id '", p.id, "'"));
    pack.parameters.push_back(std::move(p));
  }
  // Chip and entity names (with their aliases) are unique across the pack, as normalized for
  // matching; an alias that normalizes to its own chip's or entity's name is merely redundant.
  std::set<std::string> chip_names;
  for (const toml::table* t : Tables(root, "chip")) {
    CatalogChip c = LoadChip(*t);
    CheckNames(*t, "model", chip_names, "chip", [&](std::string_view name) {
      return internal::NormalizeChipName(name);
    });
    pack.chips.push_back(std::move(c));
  }
  std::set<std::string> entity_names;
  for (const toml::table* t : Tables(root, "entity")) {
    Entity e = LoadEntity(*t);
    CheckNames(*t, "name", entity_names, "entity", [&](std::string_view name) {
      return internal::NormalizeEntityName(name);
    });
    pack.entities.push_back(std::move(e));
  }
  for (const toml::table* t : Tables(root, "ownership")) pack.ownership.push_back(LoadOwnership(*t));
  std::set<std::string> rule_ids;
  std::vector<const toml::table*> rule_tables;
  for (const toml::table* t : Tables(root, "rule")) {
    Rule r = LoadRule(*t);
    if (!rule_ids.insert(r.id).second)
      Fail(*t->get("id"), Cat("duplicate rule id '", r.id, "'"));
    pack.rules.push_back(std::move(r));
    rule_tables.push_back(t);
  }
  CheckSuspensionsDoNotChain(pack.rules, rule_tables);
  std::set<std::string> ended;
  for (const toml::table* t : Tables(root, "end")) {
    RuleEnd e = LoadEnd(*t);
    if (!ended.insert(e.rule).second)
      Fail(*t->get("rule"), Cat("duplicate [[end]] for rule '", e.rule, "'"));
    pack.ends.push_back(std::move(e));
  }
  std::set<std::string> test_names;
  for (const toml::table* t : Tables(root, "test")) {
    PackTest test = LoadTest(*t);
    if (!test_names.insert(test.name).second)
      Fail(*t->get("name"), Cat("duplicate test name '", test.name, "'"));
    pack.tests.push_back(std::move(test));
  }
  return pack;
}

// toml++'s descriptions as an exportctl message: lower case, one line, no final period.
std::string TomlMessage(std::string_view description) {
  std::string message(description);
  for (char& c : message)
    if (c == '\n' || c == '\r') c = ' ';
  while (!message.empty() && (message.back() == '.' || message.back() == ' ')) message.pop_back();
  if (!message.empty() && message[0] >= 'A' && message[0] <= 'Z') message[0] += 'a' - 'A';
  return message;
}

// Messages quote the pack's strings, which may hold escaped control characters: escaped again
// here, an error is one line.
absl::Status ErrorAt(std::string_view source, toml::source_position p, std::string_view message) {
  return internal::Invalid(
      SourceLocation{std::string(source), static_cast<int>(std::max<uint32_t>(p.line, 1)),
                     static_cast<int>(std::max<uint32_t>(p.column, 1))},
      message);
}

}  // namespace

absl::StatusOr<RulePack> LoadRulePack(std::string_view toml_text, std::string_view source_name) {
  if (toml_text.size() > kMaxPackBytes)
    return ErrorAt(source_name, {1, 1},
                   Cat("pack is ", toml_text.size(), " bytes, more than the limit of ", kMaxPackBytes, " (8 MiB)"));
  for (size_t start = 0, line = 1; start < toml_text.size(); ++line) {
    size_t end = toml_text.find('\n', start);
    if (end == std::string_view::npos) end = toml_text.size();
    if (end - start > kMaxLineBytes)
      return ErrorAt(source_name, {static_cast<toml::source_index>(line), 1},
                     Cat("line is ", end - start, " bytes long, more than the limit of ", kMaxLineBytes));
    start = end + 1;
  }
  try {
    toml::table root = toml::parse(toml_text, source_name);
    Loader loader(toml_text, source_name);
    return loader.Load(root);
  } catch (const toml::parse_error& e) {
    return ErrorAt(source_name, e.source().begin, TomlMessage(e.description()));
  } catch (const LoadError& e) {
    return ErrorAt(source_name, e.position, e.message);
  } catch (const std::exception& e) {
    return absl::InternalError(Cat(source_name, ": unexpected error: ", e.what()));
  } catch (...) {
    return absl::InternalError(Cat(source_name, ": unexpected error"));
  }
}

absl::StatusOr<RulePack> LoadRulePackFile(const std::string& path) {
  std::string text;
  try {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec))
      return absl::NotFoundError(Cat("cannot read '", path, "'"));
    std::ifstream in(path, std::ios::binary);
    if (!in) return absl::NotFoundError(Cat("cannot read '", path, "'"));
    std::ostringstream buffer;
    buffer << in.rdbuf();
    if (in.bad()) return absl::NotFoundError(Cat("cannot read '", path, "'"));
    text = std::move(buffer).str();
  } catch (...) {
    return absl::NotFoundError(Cat("cannot read '", path, "'"));
  }
  return LoadRulePack(text, path);
}

}  // namespace exportctl
