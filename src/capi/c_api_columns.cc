// The C API's columnar evaluation (exportctl_evaluate_columns, include/exportctl/c_api.h): the C
// columns become SaleColumns (exportctl/columns.h) without copying their cells, and the
// DecisionColumns stay alive behind the exportctl_decision_columns the caller reads.
#include <cstdlib>
#include <cstring>
#include <exception>
#include <memory>
#include <new>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "capi/handle.h"
#include "exportctl/c_api.h"
#include "exportctl/columns.h"
#include "exportctl/exportctl.h"

namespace exportctl {
namespace {

// What an exportctl_decision_columns points into.
struct ColumnsResult {
  exportctl_decision_columns view{};
  DecisionColumns columns;
  std::vector<std::string> jurisdiction_codes;
  std::vector<const char*> jurisdictions, exceptions, amount_names, rule_ids, errors;
  std::vector<const signed char*> jurisdiction_verdict, review_policy;
  std::vector<const double*> amounts;
  std::vector<size_t> rule_offsets, error_rows;
  std::vector<int> error_columns;
};

int SetError(char** error, int code, std::string_view message) {
  if (error != nullptr) {
    *error = static_cast<char*>(std::malloc(message.size() + 1));
    if (*error != nullptr) {
      std::memcpy(*error, message.data(), message.size());
      (*error)[message.size()] = '\0';
    }
  }
  return code;
}

std::string_view Message(const absl::Status& s) { return std::string_view(s.message().data(), s.message().size()); }

// The C columns as SaleColumns; `dictionaries` holds the CODES columns' entries.
absl::Status ToSaleColumns(const exportctl_column* columns, size_t count, std::vector<SaleColumn>& out,
                           std::vector<std::vector<std::string_view>>& dictionaries) {
  if (count > 0 && columns == nullptr) return absl::InvalidArgumentError("columns is null");
  dictionaries.resize(count);
  for (size_t i = 0; i < count; ++i) {
    const exportctl_column& c = columns[i];
    if (c.name == nullptr) return absl::InvalidArgumentError("column " + std::to_string(i) + " has no name");
    SaleColumn col;
    switch (c.kind) {
      case EXPORTCTL_COLUMN_TEXT:
        col = SaleColumn::Named(c.name, ColumnKind::kCStrings);
        col.cstrings = c.text;
        col.sizes = c.text_sizes;
        break;
      case EXPORTCTL_COLUMN_NUMBER: col = SaleColumn::Numbers(c.name, c.numbers); break;
      case EXPORTCTL_COLUMN_BOOL: col = SaleColumn::Bools(c.name, reinterpret_cast<const uint8_t*>(c.bools)); break;
      case EXPORTCTL_COLUMN_CODES:
        if (c.dictionary_count > 0 && c.dictionary == nullptr) {
          return absl::InvalidArgumentError("column '" + std::string(c.name) + "' has no dictionary");
        }
        for (size_t d = 0; d < c.dictionary_count; ++d) {
          dictionaries[i].push_back(c.dictionary[d] == nullptr ? std::string_view()
                                                               : std::string_view(c.dictionary[d]));
        }
        col = SaleColumn::Codes(c.name, c.codes, dictionaries[i]);
        break;
      default:
        return absl::InvalidArgumentError("column '" + std::string(c.name) + "' has an unknown kind " +
                                          std::to_string(c.kind));
    }
    out.push_back(col);
  }
  return absl::OkStatus();
}

// Points the view at the result's arrays.
void FillView(ColumnsResult& r) {
  DecisionColumns& d = r.columns;
  exportctl_decision_columns& v = r.view;
  v.rows = d.rows;
  v.verdict = d.verdict.data();
  v.allowed = d.allowed.data();
  for (size_t j = 0; j < d.jurisdictions.size(); ++j) r.jurisdiction_codes.push_back(d.jurisdictions[j].ToString());
  for (size_t j = 0; j < d.jurisdictions.size(); ++j) {
    r.jurisdictions.push_back(r.jurisdiction_codes[j].c_str());
    r.jurisdiction_verdict.push_back(d.jurisdiction_verdict[j].data());
    r.review_policy.push_back(d.review_policy[j].data());
  }
  v.jurisdiction_count = d.jurisdictions.size();
  v.jurisdictions = r.jurisdictions.data();
  v.jurisdiction_verdict = r.jurisdiction_verdict.data();
  v.review_policy = r.review_policy.data();
  v.license_exception = d.license_exception.data();
  for (const std::string& e : d.license_exceptions) r.exceptions.push_back(e.c_str());
  v.license_exceptions = r.exceptions.data();
  v.license_exception_count = r.exceptions.size();
  v.condition_kinds = d.condition_kinds.data();
  for (const ConditionColumn& c : d.conditions) {
    r.amount_names.push_back(c.name.c_str());
    r.amounts.push_back(c.values.data());
  }
  v.amount_count = r.amounts.size();
  v.amount_names = r.amount_names.data();
  v.amounts = r.amounts.data();
  r.rule_offsets.assign(d.rule_offsets.begin(), d.rule_offsets.end());
  v.rule_offsets = r.rule_offsets.data();
  v.rule_index = d.rule_index.data();
  for (const std::string& id : d.rule_ids) r.rule_ids.push_back(id.c_str());
  v.rule_ids = r.rule_ids.data();
  v.rule_id_count = r.rule_ids.size();
  for (const RowError& e : d.errors) {
    r.error_rows.push_back(e.row);
    r.error_columns.push_back(e.column);
    r.errors.push_back(e.message.c_str());
  }
  v.error_count = d.errors.size();
  v.error_rows = r.error_rows.data();
  v.error_columns = r.error_columns.data();
  v.errors = r.errors.data();
  v.owner = &r;
}

absl::StatusOr<EvalOptions> ColumnOptions(const exportctl_eval_options* options) {
  EvalOptions eval{.as_of = std::nullopt, .trace = TraceLevel::kFired};
  if (options == nullptr) return eval;
  if (options->trace < EXPORTCTL_TRACE_NONE || options->trace > EXPORTCTL_TRACE_FULL) {
    return absl::InvalidArgumentError("trace must be 0 (none), 1 (fired) or 2 (full)");
  }
  eval.trace = static_cast<TraceLevel>(options->trace);
  if (options->as_of != nullptr && options->as_of[0] != '\0') {
    absl::StatusOr<Date> as_of = Date::Parse(options->as_of);
    if (!as_of.ok()) return absl::InvalidArgumentError("as_of: " + std::string(Message(as_of.status())));
    eval.as_of = *as_of;
  }
  return eval;
}

int EvaluateColumnsC(const exportctl_rules* rules, const exportctl_column* columns, size_t column_count, size_t rows,
                     const exportctl_eval_options* options, int threads, exportctl_decision_columns** out,
                     char** error) {
  if (out == nullptr) return SetError(error, EXPORTCTL_INVALID_ARGUMENT, "out is null");
  *out = nullptr;
  if (rules == nullptr) return SetError(error, EXPORTCTL_INVALID_ARGUMENT, "rules is null");
  const absl::StatusOr<EvalOptions> eval = ColumnOptions(options);
  if (!eval.ok()) return SetError(error, EXPORTCTL_INVALID_ARGUMENT, Message(eval.status()));
  std::vector<SaleColumn> sale_columns;
  std::vector<std::vector<std::string_view>> dictionaries;
  if (absl::Status s = ToSaleColumns(columns, column_count, sale_columns, dictionaries); !s.ok()) {
    return SetError(error, EXPORTCTL_INVALID_ARGUMENT, Message(s));
  }
  absl::StatusOr<DecisionColumns> decided =
      EvaluateColumns(*rules->rules, sale_columns, rows, {.eval = *eval, .threads = threads});
  if (!decided.ok()) {
    const bool internal = decided.status().code() == absl::StatusCode::kResourceExhausted ||
                          decided.status().code() == absl::StatusCode::kInternal;
    return SetError(error, internal ? EXPORTCTL_INTERNAL : EXPORTCTL_INVALID_ARGUMENT, Message(decided.status()));
  }
  auto result = std::make_unique<ColumnsResult>();
  result->columns = *std::move(decided);
  FillView(*result);
  *out = &result.release()->view;
  return EXPORTCTL_OK;
}

}  // namespace
}  // namespace exportctl

extern "C" {

int exportctl_evaluate_columns(const exportctl_rules* rules, const exportctl_column* columns, size_t column_count,
                               size_t rows, const exportctl_eval_options* options, int threads,
                               exportctl_decision_columns** out, char** error) {
  try {
    return exportctl::EvaluateColumnsC(rules, columns, column_count, rows, options, threads, out, error);
  } catch (const std::bad_alloc&) {
    return exportctl::SetError(error, EXPORTCTL_INTERNAL, "out of memory");
  } catch (...) {
    return EXPORTCTL_INTERNAL;
  }
}

void exportctl_decision_columns_free(exportctl_decision_columns* columns) {
  if (columns != nullptr) delete static_cast<exportctl::ColumnsResult*>(columns->owner);
}

}  // extern "C"
