// The loader's pack tests (`[[test]]`): the sale, as contract JSON, and what its decision must show.
#include <cmath>
#include <utility>

#include "exportctl/json.h"
#include "internal/strings.h"
#include "io/sale_fields.h"
#include "packs/loader.h"

namespace exportctl::internal {
namespace {

void AppendJsonString(std::string_view s, std::string& out) {
  out += '"';
  AppendJsonEscaped(out, s);
  out += '"';
}

// A spec by its name in `missing` ("die_area_mm2"), or nullopt.
std::optional<Spec> SpecNamed(std::string_view name) {
  for (int bit = 0; bit < kSpecCount; ++bit)
    if (SpecSet::NameOf(static_cast<Spec>(1u << bit)) == name) return static_cast<Spec>(1u << bit);
  return std::nullopt;
}

}  // namespace

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
    case toml::node_type::string: AppendJsonString(node.as_string()->get(), out); return;
    case toml::node_type::integer: out += StrCat(node.as_integer()->get()); return;
    case toml::node_type::floating_point: {
      double v = node.as_floating_point()->get();
      if (!std::isfinite(v)) Fail(node, StrCat("expected a finite number in 'sale', got ", FormatNumber(v)));
      out += FormatNumber(v);
      return;
    }
    case toml::node_type::boolean: out += node.as_boolean()->get() ? "true" : "false"; return;
    case toml::node_type::date: out += StrCat("\"", FormatTomlDate(node.as_date()->get()), "\""); return;
    default: Fail(node, StrCat("expected a date in 'sale', got ", TomlTypeName(node)));
  }
}

PackTest Loader::LoadTest(const toml::table& t, const std::string& path) {
  constexpr std::string_view where = "in [[test]]";
  PackTest test =
      Begin<PackTest>(t, path, where,
                      {"name", "as_of", "sale", "verdict", "allowed", "classification", "jurisdictions",
                       "review_policy", "license_exception", "fired", "not_fired", "conditions", "missing"});
  test.name = ReqString(t, "name", where);
  test.as_of = OptDate(t, "as_of");

  const toml::table& sale = Table(Required(t, "sale", where), "sale");
  // The keys of the contract's sale object, as the JSON readers know them (io/sale_fields.h).
  [&]<size_t... I>(std::index_sequence<I...>) { CheckKeys(sale, {kSaleFieldNames[I]...}, "in 'sale'"); }
  (std::make_index_sequence<kSaleFieldNames.size()>());
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
    for (auto&& [key, value] : Table(*node, "jurisdictions"))
      test.jurisdiction_verdicts.emplace_back(CountryAt(key.source().begin, key.str()), verdict(value, key.str()));
  }
  if (const toml::node* node = t.get("review_policy"))
    test.review_policy = Parsed(*node, ParseReviewPolicy(NonEmptyString(*node, "review_policy")));
  test.license_exception = OptNonEmptyString(t, "license_exception");
  test.fired = StringList(t, "fired", /*unique=*/true);
  test.not_fired = StringList(t, "not_fired", /*unique=*/true);
  if (const toml::node* node = t.get("not_fired")) {
    for (auto& [id, element] : Strings(*node, "not_fired"))
      if (std::find(test.fired.begin(), test.fired.end(), id) != test.fired.end())
        Fail(*element, StrCat("rule '", id, "' is in both 'fired' and 'not_fired'"));
  }
  if (const toml::node* node = t.get("conditions")) {
    for (auto& [kind, element] : Strings(*node, "conditions"))
      test.conditions.push_back(Parsed(*element, ParseConditionKind(kind)));
  }
  if (const toml::node* node = t.get("missing")) {
    for (auto& [name, element] : Strings(*node, "missing")) {
      const std::optional<Spec> spec = SpecNamed(name);
      if (!spec) Fail(*element, StrCat("unknown spec '", name, "' in 'missing'"));
      test.missing.push_back(*spec);
    }
  }
  return test;
}

}  // namespace exportctl::internal
