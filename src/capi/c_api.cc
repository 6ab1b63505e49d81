// The C API (include/exportctl/c_api.h): a thin layer over the C++ API. Every entry point
// catches every exception; strings cross the boundary as malloc'ed copies.
#include "exportctl/c_api.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <memory>
#include <new>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "capi/handle.h"
#include "exportctl/batch.h"
#include "exportctl/exportctl.h"
#include "exportctl/pack_tests.h"

#ifndef EXPORTCTL_VERSION_STRING
#define EXPORTCTL_VERSION_STRING "unknown"
#endif

namespace exportctl {
namespace {

// A copy of `text` that exportctl_free releases; nullptr if out of memory.
char* Dup(std::string_view text) {
  char* p = static_cast<char*>(std::malloc(text.size() + 1));
  if (p == nullptr) return nullptr;
  if (!text.empty()) std::memcpy(p, text.data(), text.size());
  p[text.size()] = '\0';
  return p;
}

int Fail(char** error, int code, std::string_view message) {
  if (error != nullptr) *error = Dup(message);
  return code;
}

int Fail(char** error, const absl::Status& status) {
  const absl::StatusCode c = status.code();
  const int code = c == absl::StatusCode::kNotFound ? EXPORTCTL_NOT_FOUND
                   : c == absl::StatusCode::kInternal || c == absl::StatusCode::kResourceExhausted
                       ? EXPORTCTL_INTERNAL
                       : EXPORTCTL_INVALID_ARGUMENT;
  return Fail(error, code, std::string_view(status.message().data(), status.message().size()));
}

int Succeed(char** out, std::string_view text, char** error) {
  if (out == nullptr) return Fail(error, EXPORTCTL_INVALID_ARGUMENT, "out_json is null");
  *out = Dup(text);
  if (*out == nullptr) return Fail(error, EXPORTCTL_INTERNAL, "out of memory");
  return EXPORTCTL_OK;
}

// Runs `body` and turns any exception into a status code.
template <class F>
int Guard(char** error, F&& body) noexcept {
  try {
    return body();
  } catch (const std::bad_alloc&) {
    return Fail(error, EXPORTCTL_INTERNAL, "out of memory");
  } catch (const std::exception& e) {
    try {
      return Fail(error, EXPORTCTL_INTERNAL, std::string("internal error: ") + e.what());
    } catch (...) {
      return EXPORTCTL_INTERNAL;
    }
  } catch (...) {
    return Fail(error, EXPORTCTL_INTERNAL, "internal error");
  }
}

absl::StatusOr<EvalOptions> MakeOptions(const exportctl_eval_options* options) {
  EvalOptions out;
  out.trace = TraceLevel::kFired;
  if (options == nullptr) return out;
  switch (options->trace) {
    case EXPORTCTL_TRACE_NONE: out.trace = TraceLevel::kNone; break;
    case EXPORTCTL_TRACE_FIRED: out.trace = TraceLevel::kFired; break;
    case EXPORTCTL_TRACE_FULL: out.trace = TraceLevel::kFull; break;
    default: return absl::InvalidArgumentError("trace must be 0 (none), 1 (fired) or 2 (full)");
  }
  if (options->as_of != nullptr && options->as_of[0] != '\0') {
    absl::StatusOr<Date> as_of = Date::Parse(options->as_of);
    if (!as_of.ok()) return absl::InvalidArgumentError(std::string("as_of: ") + std::string(as_of.status().message()));
    out.as_of = *as_of;
  }
  return out;
}

absl::StatusOr<Date> ParseDateArg(const char* name, const char* text) {
  if (text == nullptr) return absl::InvalidArgumentError(std::string(name) + " is null");
  absl::StatusOr<Date> d = Date::Parse(text);
  if (!d.ok()) return absl::InvalidArgumentError(std::string(name) + ": " + std::string(d.status().message()));
  return d;
}

// A date argument that may be absent: NULL or "" is nullopt.
absl::StatusOr<std::optional<Date>> ParseOptionalDateArg(const char* name, const char* text) {
  if (text == nullptr || text[0] == '\0') return std::optional<Date>();
  absl::StatusOr<Date> d = ParseDateArg(name, text);
  if (!d.ok()) return d.status();
  return std::optional<Date>(*d);
}

// A catalog chip by name or alias, or a chip JSON object.
absl::StatusOr<Chip> ResolveChip(const RuleSet& rules, std::string_view item) {
  if (!item.empty() && item.front() == '{') return ParseChipJson(item);
  if (const CatalogChip* chip = rules.FindChip(item)) return chip->chip;
  return absl::InvalidArgumentError("unknown chip '" + std::string(item) + "'");
}

// What `exportctl rules` lists: the rules in force on `date` as known on `as_of`; without a date,
// every rule announced by `as_of` (or every rule).
std::vector<const Rule*> ListedRules(const RuleSet& rules, std::optional<Date> date, std::optional<Date> as_of) {
  if (date) return rules.RulesInForce(*date, as_of);
  std::vector<const Rule*> list;
  for (const Rule& r : rules.rules()) {
    if (!as_of || !(*as_of < r.announced)) list.push_back(&r);
  }
  return list;
}

void AppendJsonString(std::string& out, std::string_view text) {
  out += '"';
  AppendJsonEscaped(out, text);
  out += '"';
}

void AppendLocation(std::string& out, const SourceLocation& where) {
  const std::string text = where.ToString();
  if (text.empty()) out += "null";
  else AppendJsonString(out, text);
}

// The JSON of exportctl_run_tests: the counts, each failure and the rules no test fires.
std::string PackTestsJson(const RuleSet& rules, absl::Span<const PackTestResult> results) {
  int passed = 0, failed = 0;
  std::string failures;
  for (const PackTestResult& r : results) {
    if (r.passed) {
      ++passed;
      continue;
    }
    failures += failed++ == 0 ? "{\"test\":" : ",{\"test\":";
    AppendJsonString(failures, r.test->name);
    failures += ",\"location\":";
    AppendLocation(failures, r.test->location);
    failures += ",\"failure\":";
    AppendJsonString(failures, r.failure);
    failures += '}';
  }
  std::string untested;
  for (std::string_view id : RulesNoTestFires(rules, results)) {
    untested += untested.empty() ? "{\"rule\":" : ",{\"rule\":";
    AppendJsonString(untested, id);
    untested += ",\"location\":";
    const Rule* rule = rules.FindRule(id);
    if (rule != nullptr) AppendLocation(untested, rule->location);
    else untested += "null";
    untested += '}';
  }
  return "{\"passed\":" + std::to_string(passed) + ",\"failed\":" + std::to_string(failed) + ",\"failures\":[" +
         failures + "],\"untested\":[" + untested + "]}";
}

// A query with an optional date (rules, entities): the checks, then `to_json(date, options)`.
template <class F>
int DatedQuery(const exportctl_rules* rules, const char* date, const exportctl_eval_options* options, char** out_json,
               char** error, F&& to_json) {
  return Guard(error, [&]() -> int {
    if (rules == nullptr) return Fail(error, EXPORTCTL_INVALID_ARGUMENT, "rules is null");
    absl::StatusOr<EvalOptions> eval_options = MakeOptions(options);
    if (!eval_options.ok()) return Fail(error, eval_options.status());
    absl::StatusOr<std::optional<Date>> day = ParseOptionalDateArg("date", date);
    if (!day.ok()) return Fail(error, day.status());
    return Succeed(out_json, to_json(*day, *eval_options), error);
  });
}

}  // namespace
}  // namespace exportctl

using namespace exportctl;  // NOLINT: the C entry points below are outside any namespace

extern "C" {

const char* exportctl_version(void) { return EXPORTCTL_VERSION_STRING; }

exportctl_rules* exportctl_open(const char* const* pack_paths, size_t count, int builtin, char** error) {
  exportctl_rules* handle = nullptr;
  Guard(error, [&]() -> int {
    if (count > 0 && pack_paths == nullptr) return Fail(error, EXPORTCTL_INVALID_ARGUMENT, "pack_paths is null");
    std::vector<RulePack> packs;
    packs.reserve(count);
    for (size_t i = 0; i < count; ++i) {
      if (pack_paths[i] == nullptr) return Fail(error, EXPORTCTL_INVALID_ARGUMENT, "pack_paths has a null entry");
      absl::StatusOr<RulePack> pack = LoadRulePackFile(pack_paths[i]);
      if (!pack.ok()) return Fail(error, pack.status());
      packs.push_back(*std::move(pack));
    }
    absl::StatusOr<std::shared_ptr<const RuleSet>> rules = builtin != 0 ? BuiltinRuleSet(packs) : Compile(packs);
    if (!rules.ok()) return Fail(error, rules.status());
    auto h = std::make_unique<exportctl_rules>();
    h->rules = *std::move(rules);
    h->hash = h->rules->content_hash_hex();
    const size_t all_packs = h->rules->packs().size();
    h->builtin_packs = builtin != 0 ? all_packs - std::min(all_packs, count) : 0;
    handle = h.release();
    return EXPORTCTL_OK;
  });
  return handle;
}

exportctl_rules* exportctl_open_builtin(char** error) { return exportctl_open(nullptr, 0, 1, error); }

void exportctl_close(exportctl_rules* rules) { delete rules; }

const char* exportctl_rules_hash(const exportctl_rules* rules) { return rules == nullptr ? "" : rules->hash.c_str(); }

int exportctl_chips(const exportctl_rules* rules, char** out_json, char** error) {
  return Guard(error, [&]() -> int {
    if (rules == nullptr) return Fail(error, EXPORTCTL_INVALID_ARGUMENT, "rules is null");
    const std::string out = ChipsToJson(*rules->rules);
    return Succeed(out_json, out, error);
  });
}

int exportctl_evaluate(const exportctl_rules* rules, const char* sale_json, const exportctl_eval_options* options,
                       char** out_json, char** error) {
  return Guard(error, [&]() -> int {
    if (rules == nullptr) return Fail(error, EXPORTCTL_INVALID_ARGUMENT, "rules is null");
    if (sale_json == nullptr) return Fail(error, EXPORTCTL_INVALID_ARGUMENT, "sale_json is null");
    absl::StatusOr<EvalOptions> eval_options = MakeOptions(options);
    if (!eval_options.ok()) return Fail(error, eval_options.status());
    absl::StatusOr<Sale> sale = ParseSaleJson(sale_json, *rules->rules);
    if (!sale.ok()) return Fail(error, sale.status());
    const Decision decision = Evaluate(*rules->rules, *sale, *eval_options);
    JsonOptions json_options;
    json_options.pretty = options != nullptr && options->pretty != 0;
    return Succeed(out_json, DecisionToJson(decision, *sale, *rules->rules, json_options), error);
  });
}

int exportctl_evaluate_batch(const exportctl_rules* rules, const char* const* sales_json, size_t count,
                             const exportctl_eval_options* options, int threads, size_t* bad_count, char** out_json,
                             char** error) {
  return Guard(error, [&]() -> int {
    if (rules == nullptr) return Fail(error, EXPORTCTL_INVALID_ARGUMENT, "rules is null");
    if (count > 0 && sales_json == nullptr) return Fail(error, EXPORTCTL_INVALID_ARGUMENT, "sales_json is null");
    absl::StatusOr<EvalOptions> eval_options = MakeOptions(options);
    if (!eval_options.ok()) return Fail(error, eval_options.status());
    std::vector<std::string_view> sales(count);
    for (size_t i = 0; i < count; ++i) {
      if (sales_json[i] == nullptr) return Fail(error, EXPORTCTL_INVALID_ARGUMENT, "sales_json has a null entry");
      sales[i] = sales_json[i];
    }
    std::string out = "[";
    auto append = [&out](const BatchResult& r) {
      if (out.size() > 1) out += ',';
      if (r.error.empty()) {
        out += r.json;
      } else {
        out += "{\"index\":" + std::to_string(r.line - 1) + ",\"error\":\"";
        AppendJsonEscaped(out, r.error);
        out += "\"}";
      }
      return absl::OkStatus();
    };
    const absl::StatusOr<BatchSummary> summary =
        EvaluateSalesEach(*rules->rules, sales, append, {.eval = *eval_options, .threads = threads});
    if (!summary.ok()) return Fail(error, summary.status());
    out += ']';
    if (bad_count != nullptr) *bad_count = static_cast<size_t>(summary->errors);
    return Succeed(out_json, out, error);
  });
}

int exportctl_timeline(const exportctl_rules* rules, const char* sale_json, const char* from, const char* to,
                       const exportctl_eval_options* options, char** out_json, char** error) {
  return Guard(error, [&]() -> int {
    if (rules == nullptr) return Fail(error, EXPORTCTL_INVALID_ARGUMENT, "rules is null");
    if (sale_json == nullptr) return Fail(error, EXPORTCTL_INVALID_ARGUMENT, "sale_json is null");
    absl::StatusOr<EvalOptions> eval_options = MakeOptions(options);
    if (!eval_options.ok()) return Fail(error, eval_options.status());
    absl::StatusOr<Date> first = ParseDateArg("from", from);
    if (!first.ok()) return Fail(error, first.status());
    absl::StatusOr<Date> last = ParseDateArg("to", to);
    if (!last.ok()) return Fail(error, last.status());
    if (*last < *first) {
      return Fail(error, EXPORTCTL_INVALID_ARGUMENT, "to " + last->ToString() + " is before from " + first->ToString());
    }
    absl::StatusOr<Sale> sale = ParseSaleJson(sale_json, *rules->rules, {.default_date = *first});
    if (!sale.ok()) return Fail(error, sale.status());
    absl::StatusOr<std::vector<TimelineSegment>> segments =
        Timeline(*rules->rules, *sale, *first, *last, *eval_options);
    if (!segments.ok()) return Fail(error, segments.status());
    const TimelineLane lane{sale->destination, *std::move(segments)};
    const std::string out = TimelineToJson(sale->item.model, absl::MakeConstSpan(&lane, 1));
    return Succeed(out_json, out, error);
  });
}

int exportctl_headroom(const exportctl_rules* rules, const char* destination, const char* date, int datacenter,
                       double die_area_mm2, const exportctl_eval_options* options, char** out_json, char** error) {
  return Guard(error, [&]() -> int {
    if (rules == nullptr) return Fail(error, EXPORTCTL_INVALID_ARGUMENT, "rules is null");
    if (destination == nullptr) return Fail(error, EXPORTCTL_INVALID_ARGUMENT, "destination is null");
    absl::StatusOr<EvalOptions> eval_options = MakeOptions(options);
    if (!eval_options.ok()) return Fail(error, eval_options.status());
    absl::StatusOr<Country> country = Country::Parse(destination);
    if (!country.ok()) {
      return Fail(error, EXPORTCTL_INVALID_ARGUMENT, "destination: " + std::string(country.status().message()));
    }
    absl::StatusOr<Date> day = ParseDateArg("date", date);
    if (!day.ok()) return Fail(error, day.status());
    if (std::isnan(die_area_mm2) || std::isinf(die_area_mm2)) {
      return Fail(error, EXPORTCTL_INVALID_ARGUMENT, "die_area_mm2 must be a finite number");
    }
    std::optional<SquareMillimeters> area;
    if (die_area_mm2 > 0) area = SquareMillimeters(die_area_mm2);
    const Headroom h = ComputeHeadroom(*rules->rules, *country, *day, datacenter != 0, area, *eval_options);
    std::optional<double> area_mm2;
    if (area) area_mm2 = die_area_mm2;
    const std::string out = HeadroomToJson(*country, *day, datacenter != 0, area_mm2, h);
    return Succeed(out_json, out, error);
  });
}

int exportctl_classify(const exportctl_rules* rules, const char* item, const char* date,
                       const exportctl_eval_options* options, char** out_json, char** error) {
  return Guard(error, [&]() -> int {
    if (rules == nullptr) return Fail(error, EXPORTCTL_INVALID_ARGUMENT, "rules is null");
    if (item == nullptr) return Fail(error, EXPORTCTL_INVALID_ARGUMENT, "item is null");
    absl::StatusOr<EvalOptions> eval_options = MakeOptions(options);
    if (!eval_options.ok()) return Fail(error, eval_options.status());
    absl::StatusOr<Date> day = ParseDateArg("date", date);
    if (!day.ok()) return Fail(error, day.status());
    absl::StatusOr<Chip> chip = ResolveChip(*rules->rules, item);
    if (!chip.ok()) return Fail(error, chip.status());
    const ClassifyResult r = Classify(*rules->rules, *chip, *day, *eval_options);
    return Succeed(out_json, ClassificationToJson(chip->model, *day, r), error);
  });
}

int exportctl_rules_list(const exportctl_rules* rules, const char* date, const exportctl_eval_options* options,
                         char** out_json, char** error) {
  return DatedQuery(rules, date, options, out_json, error, [&](std::optional<Date> day, const EvalOptions& eval) {
    return RulesToJson(ListedRules(*rules->rules, day, eval.as_of));
  });
}

int exportctl_entities(const exportctl_rules* rules, const char* date, const exportctl_eval_options* options,
                       char** out_json, char** error) {
  return DatedQuery(rules, date, options, out_json, error, [&](std::optional<Date> day, const EvalOptions& eval) {
    return EntitiesToJson(*rules->rules, {.date = day, .as_of = eval.as_of, .builtin_packs = rules->builtin_packs});
  });
}

int exportctl_run_tests(const exportctl_rules* rules, char** out_json, char** error) {
  return Guard(error, [&]() -> int {
    if (rules == nullptr) return Fail(error, EXPORTCTL_INVALID_ARGUMENT, "rules is null");
    const std::vector<PackTestResult> results = RunPackTests(*rules->rules);
    return Succeed(out_json, PackTestsJson(*rules->rules, results), error);
  });
}

void exportctl_free(char* text) { std::free(text); }

}  // extern "C"
