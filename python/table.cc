// RuleSet.evaluate_table's native part (table.h). The cells of an object column are read under the
// GIL once per distinct object: a small direct-mapped cache of PyObject* (pandas' CSV reader gives
// a column's equal strings as one object) in front of a map by content, so each column becomes
// int32 codes into a dictionary of UTF-8 views into the objects themselves (alive while the table
// is). The evaluation then runs without the GIL on the library's columnar path; the fired rules
// and the condition kinds come back as codes of their distinct combinations.
#include "table.h"

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <deque>
#include <limits>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "exportctl/c_api.h"
#include "exportctl/rule.h"
#include "exportctl/verdict.h"

namespace py = pybind11;

namespace exportctl_python {
namespace {

// A column's cells as codes into its dictionary.
struct Encoded {
  std::vector<int> codes;
  std::vector<const char*> dictionary;  // NUL-terminated: a str's UTF-8, or an owned string
};

// The table's columns, ready for exportctl_evaluate_columns, and what they point into.
struct Columns {
  std::vector<std::string> names;
  std::vector<exportctl_column> c;
  std::deque<Encoded> encoded;
  std::deque<std::string> owned;  // texts made here (numbers, dates in object columns)
  std::vector<py::object> keep;   // the arrays the columns point into
};

std::string_view Own(Columns& cols, std::string text) { return cols.owned.emplace_back(std::move(text)); }

// "YYYY-MM-DD" of a day count since 1970-01-01 (H. Hinnant's civil_from_days).
std::string DayText(int64_t z) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int64_t d = doy - (153 * mp + 2) / 5 + 1;
  const int64_t m = mp < 10 ? mp + 3 : mp - 9;
  const int64_t y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%04lld-%02lld-%02lld", static_cast<long long>(y), static_cast<long long>(m),
                static_cast<long long>(d));
  return buffer;
}

// The text of a cell object; false for an absent one (None, NaN, pandas.NA, pandas.NaT).
bool ObjectText(PyObject* o, const py::tuple& absent, Columns& cols, std::string_view* text) {
  if (o == Py_None) return false;
  for (py::handle a : absent) {
    if (a.ptr() == o) return false;
  }
  if (PyUnicode_Check(o)) {
    Py_ssize_t size = 0;
    const char* data = PyUnicode_AsUTF8AndSize(o, &size);
    if (data == nullptr) throw py::error_already_set();
    *text = std::string_view(data, static_cast<size_t>(size));
    return true;
  }
  if (PyBool_Check(o)) {
    *text = o == Py_True ? "true" : "false";
    return true;
  }
  if (PyFloat_Check(o)) {
    const double v = PyFloat_AS_DOUBLE(o);
    if (std::isnan(v)) return false;
    char buffer[32];  // as sale_columns.cc writes a number: 100000, not 1e+05
    const auto r = std::trunc(v) == v && std::fabs(v) < 1e15
                       ? std::to_chars(buffer, buffer + sizeof buffer, static_cast<int64_t>(v))
                       : std::to_chars(buffer, buffer + sizeof buffer, v);
    *text = Own(cols, std::string(buffer, r.ptr));
    return true;
  }
  static const py::handle date_type = py::object(py::module_::import("datetime").attr("date")).release();
  if (PyLong_Check(o) || PyObject_IsInstance(o, date_type.ptr()) == 1) {
    std::string s = PyLong_Check(o) ? py::str(o).cast<std::string>()
                                    : py::str(py::handle(o).attr("isoformat")()).cast<std::string>().substr(0, 10);
    *text = Own(cols, std::move(s));
    return true;
  }
  // numpy scalars (numpy.int64, numpy.float64, numpy.bool_) and anything else with a plain value.
  if (PyObject_HasAttrString(o, "item") == 1) {
    py::object item = py::handle(o).attr("item")();
    if (item.ptr() != o && !py::isinstance(item, py::type::of(py::handle(o)))) {
      const bool present = ObjectText(item.ptr(), absent, cols, text);
      if (present && PyUnicode_Check(item.ptr())) *text = Own(cols, std::string(*text));  // item dies here
      return present;
    }
  }
  throw py::type_error("a cell of type " + py::str(py::handle(o).get_type().attr("__name__")).cast<std::string>() +
                       " is not text, a number, a boolean or a date");
}

// Encodes an object array: each distinct object read once.
void EncodeObjects(const py::array& values, size_t rows, const py::tuple& absent, Columns& cols, Encoded& e) {
  if (values.dtype().kind() != 'O' || values.ndim() != 1 || static_cast<size_t>(values.shape(0)) != rows) {
    throw py::value_error("an object column must be a 1-d object array of the table's length");
  }
  const auto* cells = static_cast<PyObject* const*>(values.data());
  const ssize_t stride = values.strides(0) / static_cast<ssize_t>(sizeof(PyObject*));
  struct Slot {
    PyObject* object = nullptr;
    int code = -1;
  };
  std::array<Slot, 1024> cache{};
  absl::flat_hash_map<std::string_view, int> by_text;
  e.codes.resize(rows);
  for (size_t i = 0; i < rows; ++i) {
    PyObject* o = cells[static_cast<ssize_t>(i) * stride];
    Slot& slot = cache[(reinterpret_cast<uintptr_t>(o) >> 4) & (cache.size() - 1)];
    if (slot.object == o) {
      e.codes[i] = slot.code;
      continue;
    }
    std::string_view text;
    int code = -1;
    if (ObjectText(o, absent, cols, &text)) {
      auto [it, added] = by_text.try_emplace(text, static_cast<int>(e.dictionary.size()));
      if (added) {
        e.dictionary.push_back(text.data());
      }
      code = it->second;
    }
    slot = {o, code};
    e.codes[i] = code;
  }
}

// Encodes "codes" (a categorical's codes and categories) and "days" columns.
void EncodeCategories(const py::array_t<int32_t, py::array::c_style | py::array::forcecast>& codes, size_t rows,
                      const py::handle& categories, const py::tuple& absent, Columns& cols, Encoded& e) {
  if (static_cast<size_t>(codes.size()) != rows) throw py::value_error("a codes column must have the table's length");
  std::vector<int> remap;  // category → dictionary entry (-1: an absent category)
  for (py::handle category : categories) {
    std::string_view text;
    if (!ObjectText(category.ptr(), absent, cols, &text)) {
      remap.push_back(-1);
      continue;
    }
    remap.push_back(static_cast<int>(e.dictionary.size()));
    e.dictionary.push_back(Own(cols, std::string(text)).data());
  }
  e.codes.resize(rows);
  const int32_t* data = codes.data();
  for (size_t i = 0; i < rows; ++i) {
    const int32_t c = data[i];
    e.codes[i] = c >= 0 && static_cast<size_t>(c) < remap.size() ? remap[static_cast<size_t>(c)] : -1;
  }
}

void EncodeDays(const py::array_t<int64_t, py::array::c_style | py::array::forcecast>& days, size_t rows, Columns& cols,
                Encoded& e) {
  if (static_cast<size_t>(days.size()) != rows) throw py::value_error("a days column must have the table's length");
  absl::flat_hash_map<int64_t, int> by_day;
  e.codes.resize(rows);
  const int64_t* data = days.data();
  for (size_t i = 0; i < rows; ++i) {
    if (data[i] == std::numeric_limits<int64_t>::min()) {
      e.codes[i] = -1;
      continue;
    }
    auto [it, added] = by_day.try_emplace(data[i], static_cast<int>(e.dictionary.size()));
    if (added) {
      const std::string_view text = Own(cols, DayText(data[i]));
      e.dictionary.push_back(text.data());
    }
    e.codes[i] = it->second;
  }
}

void AddColumn(const py::tuple& spec, size_t rows, const py::tuple& absent, Columns& cols) {
  if (spec.size() != 4) throw py::value_error("a column is (name, kind, values, extra)");
  cols.names.push_back(spec[0].cast<std::string>());
  const std::string kind = spec[1].cast<std::string>();
  exportctl_column c{};
  if (kind == "number") {
    auto values = py::array_t<double, py::array::c_style | py::array::forcecast>::ensure(spec[2]);
    if (!values || static_cast<size_t>(values.size()) != rows) throw py::value_error("bad number column");
    c.kind = EXPORTCTL_COLUMN_NUMBER;
    c.numbers = values.data();
    cols.keep.push_back(values);
  } else if (kind == "bool") {
    auto values = py::array_t<int8_t, py::array::c_style | py::array::forcecast>::ensure(spec[2]);
    if (!values || static_cast<size_t>(values.size()) != rows) throw py::value_error("bad bool column");
    c.kind = EXPORTCTL_COLUMN_BOOL;
    c.bools = reinterpret_cast<const signed char*>(values.data());
    cols.keep.push_back(values);
  } else {
    Encoded& e = cols.encoded.emplace_back();
    if (kind == "object") {
      EncodeObjects(py::reinterpret_borrow<py::array>(spec[2]), rows, absent, cols, e);
      cols.keep.push_back(py::reinterpret_borrow<py::object>(spec[2]));
    } else if (kind == "codes") {
      EncodeCategories(spec[2].cast<py::array_t<int32_t, py::array::c_style | py::array::forcecast>>(), rows, spec[3],
                       absent, cols, e);
      cols.keep.push_back(py::reinterpret_borrow<py::object>(spec[3]));
    } else if (kind == "days") {
      EncodeDays(spec[2].cast<py::array_t<int64_t, py::array::c_style | py::array::forcecast>>(), rows, cols, e);
    } else {
      throw py::value_error("unknown column kind '" + kind + "'");
    }
    c.kind = EXPORTCTL_COLUMN_CODES;
    c.codes = e.codes.data();
    c.dictionary = e.dictionary.data();
    c.dictionary_count = e.dictionary.size();
  }
  cols.c.push_back(c);
}

template <class T>
py::array_t<T> ToArray(const T* data, size_t n) {
  return py::array_t<T>(static_cast<py::ssize_t>(n), data);
}

// A view of `data` (no copy) that keeps `owner` (the C API's result) alive.
template <class T>
py::array_t<T> ViewOf(const T* data, size_t n, const py::capsule& owner) {
  return py::array_t<T>(static_cast<py::ssize_t>(n), data, owner);
}

// The codes of each row's combination (the rows' slices of `index` into `offsets`), and the
// combinations' names joined by ' '.
void Combinations(const exportctl_decision_columns& d, std::vector<int32_t>& codes, std::vector<std::string>& names) {
  absl::flat_hash_map<std::string_view, int32_t> seen;
  codes.resize(d.rows);
  for (size_t r = 0; r < d.rows; ++r) {
    const size_t begin = d.rule_offsets[r], end = d.rule_offsets[r + 1];
    const std::string_view key(reinterpret_cast<const char*>(d.rule_index + begin), (end - begin) * sizeof(int));
    auto [it, added] = seen.try_emplace(key, static_cast<int32_t>(names.size()));
    if (added) {
      std::string name;
      for (size_t k = begin; k < end; ++k) {
        if (!name.empty()) name += ' ';
        name += d.rule_ids[d.rule_index[k]];
      }
      names.push_back(std::move(name));
    }
    codes[r] = d.verdict[r] < 0 ? -1 : it->second;
  }
}

void ConditionCodes(const exportctl_decision_columns& d, std::vector<int32_t>& codes, std::vector<std::string>& names) {
  absl::flat_hash_map<uint32_t, int32_t> seen;
  codes.resize(d.rows);
  for (size_t r = 0; r < d.rows; ++r) {
    auto [it, added] = seen.try_emplace(d.condition_kinds[r], static_cast<int32_t>(names.size()));
    if (added) {
      std::string name;
      for (unsigned k = 0; k < 32; ++k) {
        if ((d.condition_kinds[r] >> k & 1u) == 0) continue;
        if (!name.empty()) name += ' ';
        name += exportctl::ConditionKindName(static_cast<exportctl::ConditionKind>(k));
      }
      names.push_back(std::move(name));
    }
    codes[r] = d.verdict[r] < 0 ? -1 : it->second;
  }
}

py::dict Result(const exportctl_decision_columns& d, const Columns& cols, const py::capsule& owner) {
  std::vector<int32_t> rule_codes, condition_codes;
  std::vector<std::string> rule_names, condition_names;
  {
    py::gil_scoped_release release;
    Combinations(d, rule_codes, rule_names);
    ConditionCodes(d, condition_codes, condition_names);
  }
  py::dict out;
  out["verdict"] = ViewOf(d.verdict, d.rows, owner);
  out["allowed"] = ViewOf(reinterpret_cast<const bool*>(d.allowed), d.rows, owner);
  py::list verdicts, policies, jurisdictions;
  for (int v = 0; v <= static_cast<int>(exportctl::Verdict::kIndeterminate); ++v) {
    verdicts.append(std::string(exportctl::VerdictName(static_cast<exportctl::Verdict>(v))));
  }
  for (int p = 0; p <= static_cast<int>(exportctl::ReviewPolicy::kPresumptionOfDenial); ++p) {
    policies.append(std::string(exportctl::ReviewPolicyName(static_cast<exportctl::ReviewPolicy>(p))));
  }
  out["verdicts"] = verdicts;
  out["review_policies"] = policies;
  for (size_t j = 0; j < d.jurisdiction_count; ++j) {
    std::string code = d.jurisdictions[j];
    for (char& ch : code) ch = static_cast<char>(ch | 0x20);
    jurisdictions.append(code);
    out[py::str(code + "_verdict")] = ViewOf(d.jurisdiction_verdict[j], d.rows, owner);
    out[py::str(code + "_review_policy")] = ViewOf(d.review_policy[j], d.rows, owner);
  }
  out["jurisdictions"] = jurisdictions;
  out["license_exception"] = ViewOf(d.license_exception, d.rows, owner);
  out["license_exceptions"] =
      py::cast(std::vector<std::string>(d.license_exceptions, d.license_exceptions + d.license_exception_count));
  out["conditions"] = ToArray(condition_codes.data(), d.rows);
  out["condition_names"] = py::cast(condition_names);
  py::list amount_names;
  for (size_t a = 0; a < d.amount_count; ++a) {
    amount_names.append(d.amount_names[a]);
    out[py::str(d.amount_names[a])] = ViewOf(d.amounts[a], d.rows, owner);
  }
  out["amount_names"] = amount_names;
  out["rules"] = ToArray(rule_codes.data(), d.rows);
  out["rule_combinations"] = py::cast(rule_names);
  py::list rows, columns, messages;
  for (size_t e = 0; e < d.error_count; ++e) {
    rows.append(d.error_rows[e]);
    const int c = d.error_columns[e];
    columns.append(c >= 0 ? py::object(py::str(cols.names[static_cast<size_t>(c)])) : py::object(py::none()));
    messages.append(d.errors[e]);
  }
  out["error_rows"] = rows;
  out["error_columns"] = columns;
  out["error_messages"] = messages;
  return out;
}

int TraceCode(const std::string& trace) {
  if (trace == "none") return EXPORTCTL_TRACE_NONE;
  if (trace == "fired") return EXPORTCTL_TRACE_FIRED;
  if (trace == "full") return EXPORTCTL_TRACE_FULL;
  throw py::value_error("trace must be 'none', 'fired' or 'full', not '" + trace + "'");
}

}  // namespace

py::dict EvaluateTable(const exportctl_rules* rules, const py::list& columns, size_t rows, const py::tuple& absent,
                       const py::object& as_of, const std::string& trace, int threads) {
  Columns cols;
  for (py::handle spec : columns) AddColumn(py::reinterpret_borrow<py::tuple>(spec), rows, absent, cols);
  for (size_t i = 0; i < cols.c.size(); ++i) cols.c[i].name = cols.names[i].c_str();
  std::string as_of_text = as_of.is_none() ? std::string() : py::str(as_of).cast<std::string>().substr(0, 10);
  exportctl_eval_options options{TraceCode(trace), as_of_text.empty() ? nullptr : as_of_text.c_str(), 0};
  exportctl_decision_columns* out = nullptr;
  char* error = nullptr;
  int code;
  {
    py::gil_scoped_release release;
    code = exportctl_evaluate_columns(rules, cols.c.data(), cols.c.size(), rows, &options, threads, &out, &error);
  }
  if (code != EXPORTCTL_OK) {
    std::string message = error != nullptr ? error : "exportctl error " + std::to_string(code);
    exportctl_free(error);
    if (code == EXPORTCTL_INVALID_ARGUMENT) throw py::value_error(message);
    throw std::runtime_error(message);
  }
  // The arrays of the result are viewed, not copied: the capsule frees it with the last of them.
  const py::capsule owner(
      out, [](void* p) { exportctl_decision_columns_free(static_cast<exportctl_decision_columns*>(p)); });
  return Result(*out, cols, owner);
}

}  // namespace exportctl_python
