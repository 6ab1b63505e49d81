// RuleSet.evaluate_table's native part (python/table.cc): columns of a table in, arrays of codes out,
// through the C API's exportctl_evaluate_columns. python/exportctl/table.py turns a DataFrame (or a
// dict of lists or arrays) into the columns this takes, and the arrays it returns into a DataFrame.
#ifndef EXPORTCTL_PYTHON_TABLE_H_
#define EXPORTCTL_PYTHON_TABLE_H_

#include <pybind11/pybind11.h>

#include <cstddef>
#include <string>

#include "exportctl/c_api.h"

namespace exportctl_python {

// `columns`: a list of (name, kind, values, extra) with kind
//   "number"  values a float64 array (NaN absent)
//   "bool"    values a bool or uint8 array
//   "codes"   values an int32 array (< 0 absent), extra the categories (objects, as for "object")
//   "object"  values an object array: str, bool, int, float (NaN absent), datetime.date, None
//             (absent), or one of the `absent` objects (pandas.NA, pandas.NaT)
//   "days"    values an int64 array of days since 1970-01-01 (INT64_MIN absent: NaT)
// Returns a dict: "verdict" (int8 codes, -1 for a bad row), "allowed" (bool), "verdicts" (the
// verdict names), "review_policies", "jurisdictions" (codes, lower case), per jurisdiction cc
// "cc_verdict" and "cc_review_policy" (int8), "license_exception" (int32 codes) and
// "license_exceptions", "conditions" (int32 codes) and "condition_names", each amount column
// (float64), "rules" (int32 codes) and "rule_combinations" (the fired rule ids joined by ' '),
// "error_rows", "error_columns" (the name or None), "error_messages".
pybind11::dict EvaluateTable(const exportctl_rules* rules, const pybind11::list& columns, size_t rows,
                             const pybind11::tuple& absent, const pybind11::object& as_of, const std::string& trace,
                             int threads);

// Binds _evaluate_columns (the above) and evaluate_table (python/exportctl/table.py's, which
// calls it) on the module's RuleSet class; RuleSet::handle() is its exportctl_rules.
template <class RuleSetClass>
void DefTable(RuleSetClass cls) {
  namespace py = pybind11;
  using RuleSet = typename RuleSetClass::type;
  cls.def(
      "_evaluate_columns",
      [](const RuleSet& r, const py::list& columns, size_t rows, const py::tuple& absent, const py::object& as_of,
         const std::string& trace,
         int threads) { return EvaluateTable(r.handle(), columns, rows, absent, as_of, trace, threads); },
      "The native part of evaluate_table: (name, kind, values, extra) columns in, arrays of codes out.");
  cls.def(
      "evaluate_table",
      [](const py::object& self, const py::object& table, const py::object& as_of, int threads,
         const std::string& trace) {
        return py::module_::import("exportctl.table").attr("evaluate_table")(self, table, as_of, threads, trace);
      },
      py::arg("table"), py::kw_only(), py::arg("as_of") = py::none(), py::arg("threads") = 0,
      py::arg("trace") = "fired",
      "Evaluates a table of sales (a pandas DataFrame, or a dict of lists or numpy arrays; the columns "
      "of docs/csv.md) on `threads` threads without the GIL and returns a DataFrame of decisions with "
      "the same index (a dict of numpy arrays without pandas). NaN and None are absent fields; a bad "
      "row gets its error in the 'error' column and the others are decided. See docs/columns.md.");
}

}  // namespace exportctl_python

#endif  // EXPORTCTL_PYTHON_TABLE_H_
