// Internal to src/packs: the TOML rule-pack loader (docs/rule-packs.md is the format).
//
// The loader reads: every table's keys are checked against the keys the format allows, every
// value's type and form is checked, and every error names the place it was found as
// "file:line:column: message" (toml++ source regions). It records where it read each value in
// the pack's SourceMap; the checks between values (duplicate ids, intervals, what an effect
// needs) are the validator's (src/compile/validate.h), which LoadRulePack runs on the result.
// Inside the loader an error is thrown as a `LoadError` and caught at the two public entry
// points, so that the many small checks read as straight-line code; no exception leaves
// src/packs.
//
// One class over four files: toml_values.cc (errors, keys, values, predicates), load_catalog.cc
// (jurisdictions, groups, parameters, chips, entities, ownership), load_rules.cc (rules, ends),
// load_tests.cc (pack tests); rule_pack_toml.cc holds the pack and the entry points.
#ifndef EXPORTCTL_PACKS_LOADER_H_
#define EXPORTCTL_PACKS_LOADER_H_

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "exportctl/rule_pack.h"
#include "toml++/toml.h"

namespace exportctl::internal {

// An error found while loading; becomes "file:line:column: message".
struct LoadError {
  toml::source_position position;
  std::string message;
};

// "table", "string", "date", ...: a value's TOML type, for errors.
std::string_view TomlTypeName(const toml::node& node);
// "YYYY-MM-DD"
std::string FormatTomlDate(const toml::date& d);

class Loader {
 public:
  Loader(std::string_view text, std::string_view source);

  RulePack Load(const toml::table& root);

 private:
  // ---- errors and places (toml_values.cc) ---------------------------------------------------

  [[noreturn]] void Fail(toml::source_position position, std::string message) const;
  [[noreturn]] void Fail(const toml::node& node, std::string message) const;
  SourceLocation Locate(const toml::node& node) const;
  // Checks the keys of `t` (CheckKeys) and records where `t` and each of its keys (and each
  // string of a list) were written, under `path` ("rule[3]", "rule[3].until",
  // "rule[3].suspends[0]"). Returns the place of `t`.
  SourceLocation Enter(const toml::table& t, const std::string& path, std::string_view where,
                       std::initializer_list<std::string_view> allowed);
  void Record(const toml::table& t, const std::string& path);
  // A definition read from `t` (a JurisdictionSpec, Rule, ...): Enter, and its location set.
  template <class T>
  T Begin(const toml::table& t, const std::string& path, std::string_view where,
          std::initializer_list<std::string_view> allowed) {
    T item;
    item.location = Enter(t, path, where, allowed);
    return item;
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

  // ---- keys and values (toml_values.cc) -----------------------------------------------------

  // Fails on the first key (in source order) of `table` that is not in `allowed`.
  void CheckKeys(const toml::table& table, std::initializer_list<std::string_view> allowed,
                 std::string_view where) const;
  const toml::node& Required(const toml::table& table, std::string_view key, std::string_view where) const;
  [[noreturn]] void WrongType(const toml::node& node, std::string_view expected, std::string_view key) const;

  std::string String(const toml::node& node, std::string_view key) const;
  std::string NonEmptyString(const toml::node& node, std::string_view key) const;
  std::optional<std::string> OptString(const toml::table& t, std::string_view key) const;
  std::optional<std::string> OptNonEmptyString(const toml::table& t, std::string_view key) const;
  std::string ReqString(const toml::table& t, std::string_view key, std::string_view where) const;
  std::string Id(const toml::node& node, std::string_view key) const;
  bool Bool(const toml::node& node, std::string_view key) const;
  std::optional<bool> OptBool(const toml::table& t, std::string_view key) const;
  // An integer or a float; never NaN or infinite.
  double Number(const toml::node& node, std::string_view key) const;
  double NonNegative(const toml::node& node, std::string_view key) const;
  double Positive(const toml::node& node, std::string_view key) const;
  int WholeNumber(const toml::node& node, std::string_view key) const;
  Date DateOf(const toml::node& node, std::string_view key) const;
  std::optional<Date> OptDate(const toml::table& t, std::string_view key) const;
  Date ReqDate(const toml::table& t, std::string_view key, std::string_view where) const;
  // `from` (required or defaulting to `defaults.from`) and `until` (defaulting to `defaults.until`).
  DateInterval Interval(const toml::table& t, std::string_view where, bool from_required,
                        DateInterval defaults = {}) const;
  Country CountryOf(const toml::node& node, std::string_view key) const;
  Country CountryAt(toml::source_position position, std::string_view code) const;

  const toml::table& Table(const toml::node& node, std::string_view key) const;
  // The elements of an array of strings, each with its node (for positions).
  std::vector<std::pair<std::string, const toml::node*>> Strings(const toml::node& node, std::string_view key) const;
  std::vector<std::string> StringList(const toml::table& t, std::string_view key, bool unique) const;
  // The tables of an array of tables (`[[key]]`), or none when the key is absent.
  std::vector<const toml::table*> Tables(const toml::table& t, std::string_view key) const;

  Predicate PredicateOf(const toml::node& node, std::string_view key) const;
  Predicate OptPredicate(const toml::table& t, std::string_view key) const;
  // Where in the file a predicate error points: when the string is written on one line without
  // escapes, the column of the error inside it; otherwise the string's own position.
  toml::source_position PredicateErrorPosition(const toml::node& node, std::string_view value,
                                               std::string_view message) const;

  // ---- sections (load_catalog.cc, load_rules.cc, load_tests.cc) -----------------------------

  JurisdictionSpec LoadJurisdiction(const toml::table& t, const std::string& path);
  CountryGroup LoadGroup(const toml::table& t, const std::string& path);
  ParameterSeries LoadParameter(const toml::table& t, const std::string& path);
  CatalogChip LoadChip(const toml::table& t, const std::string& path);
  Entity LoadEntity(const toml::table& t, const std::string& path);
  OwnershipEdge LoadOwnership(const toml::table& t, const std::string& path);
  Rule LoadRule(const toml::table& t, const std::string& path);
  RuleCase LoadCase(const toml::table& c, const Rule& rule, const std::string& path);
  void LoadOutcomeKeys(const toml::table& t, EffectKind effect, Outcome& outcome, std::string_view condition_where,
                       const std::string& path);
  ConditionSpec LoadCondition(const toml::table& t, std::string_view where) const;
  RuleEnd LoadEnd(const toml::table& t, const std::string& path);
  PackTest LoadTest(const toml::table& t, const std::string& path);
  void SaleToJson(const toml::node& node, std::string& out) const;

  std::string_view text_;
  std::string source_;
  std::vector<size_t> line_starts_;
  SourceMap sources_;
};

}  // namespace exportctl::internal

#endif  // EXPORTCTL_PACKS_LOADER_H_
