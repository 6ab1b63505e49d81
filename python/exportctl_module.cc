// The native module `exportctl._exportctl` (the package python/exportctl/ re-exports it): the C API
// (include/exportctl/c_api.h) behind a small class.
//
//   import exportctl
//   rules = exportctl.RuleSet.builtin()
//   rules.evaluate({"date": "2025-04-10", "item": "H20", "destination": "CN"})["verdict"]
//   rules.evaluate_many(sales)  # the GIL released, every core used
//
// Dicts go in and out as contract JSON (docs/json.md): a dict is written as JSON in C++,
// and decisions are read back with the json module (one call for a whole batch).
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <charconv>
#include <cmath>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "exportctl/c_api.h"
#include "exportctl/json.h"
#include "table.h"

namespace py = pybind11;

namespace {

// A string the C API returned, freed on scope exit.
struct CString {
  char* p = nullptr;
  ~CString() { exportctl_free(p); }
  std::string str() const { return p == nullptr ? std::string() : std::string(p); }
};

[[noreturn]] void Raise(int code, const CString& error) {
  const std::string message = error.p != nullptr ? error.str() : "exportctl error " + std::to_string(code);
  switch (code) {
    case EXPORTCTL_INVALID_ARGUMENT: throw py::value_error(message);
    case EXPORTCTL_NOT_FOUND: {
      PyErr_SetString(PyExc_FileNotFoundError, message.c_str());
      throw py::error_already_set();
    }
    default: throw std::runtime_error(message);
  }
}

// --- Python object → JSON --------------------------------------------------------------------

// A JSON string, quoted; the escaping is the library's (exportctl/json.h).
void AppendEscaped(std::string& out, std::string_view s) {
  out += '"';
  exportctl::AppendJsonEscaped(out, s);
  out += '"';
}

void AppendJson(std::string& out, py::handle obj, int depth = 0) {
  if (depth > 64) throw py::value_error("sale is nested too deeply");
  static const py::handle date_type = py::object(py::module_::import("datetime").attr("date")).release();
  if (obj.is_none()) {
    out += "null";
  } else if (PyBool_Check(obj.ptr())) {
    out += obj.ptr() == Py_True ? "true" : "false";
  } else if (PyLong_Check(obj.ptr())) {
    out += py::str(obj).cast<std::string>();
  } else if (PyFloat_Check(obj.ptr())) {
    const double v = PyFloat_AS_DOUBLE(obj.ptr());
    if (!std::isfinite(v)) throw py::value_error("sale has a number that is not finite");
    char buf[64];
    const auto r = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, r.ptr);
  } else if (PyUnicode_Check(obj.ptr())) {
    Py_ssize_t size = 0;
    const char* data = PyUnicode_AsUTF8AndSize(obj.ptr(), &size);
    if (data == nullptr) throw py::error_already_set();
    AppendEscaped(out, std::string_view(data, static_cast<size_t>(size)));
  } else if (PyDict_Check(obj.ptr())) {
    out += '{';
    bool first = true;
    for (auto [key, value] : py::reinterpret_borrow<py::dict>(obj)) {
      if (!PyUnicode_Check(key.ptr())) throw py::type_error("sale keys must be strings");
      if (!first) out += ',';
      first = false;
      AppendJson(out, key, depth + 1);
      out += ':';
      AppendJson(out, value, depth + 1);
    }
    out += '}';
  } else if (PyList_Check(obj.ptr()) || PyTuple_Check(obj.ptr())) {
    out += '[';
    bool first = true;
    for (py::handle item : obj) {
      if (!first) out += ',';
      first = false;
      AppendJson(out, item, depth + 1);
    }
    out += ']';
  } else if (py::isinstance(obj, date_type)) {  // datetime.date (and datetime: its date part)
    AppendEscaped(out, py::str(obj.attr("isoformat")()).cast<std::string>().substr(0, 10));
  } else {
    throw py::type_error("cannot write a " + py::str(obj.get_type().attr("__name__")).cast<std::string>() + " as JSON");
  }
}

// A sale as JSON text: a dict, or a str that already holds JSON.
std::string SaleJson(py::handle sale) {
  if (PyUnicode_Check(sale.ptr())) return sale.cast<std::string>();
  if (!PyDict_Check(sale.ptr())) throw py::type_error("a sale is a dict (or a JSON string)");
  std::string out;
  AppendJson(out, sale);
  return out;
}

py::object Loads(const std::string& json) {
  static const py::handle loads = py::object(py::module_::import("json").attr("loads")).release();
  return loads(py::str(json));
}

std::string DateText(py::handle d) {
  if (PyUnicode_Check(d.ptr())) return d.cast<std::string>();
  return py::str(d.attr("isoformat")()).cast<std::string>().substr(0, 10);
}

int TraceLevel(const std::string& trace) {
  if (trace == "none") return EXPORTCTL_TRACE_NONE;
  if (trace == "fired") return EXPORTCTL_TRACE_FIRED;
  if (trace == "full") return EXPORTCTL_TRACE_FULL;
  throw py::value_error("trace must be 'none', 'fired' or 'full', not '" + trace + "'");
}

// Evaluation options whose strings outlive the call.
struct Options {
  std::string as_of;
  exportctl_eval_options c{};
  Options(const std::string& trace, const py::object& as_of_obj) {
    c.trace = TraceLevel(trace);
    if (!as_of_obj.is_none()) as_of = DateText(as_of_obj);
    c.as_of = as_of.empty() ? nullptr : as_of.c_str();
    c.pretty = 0;
  }
};

class RuleSet {
 public:
  static RuleSet Builtin() {
    CString error;
    exportctl_rules* h = exportctl_open_builtin(&error.p);
    if (h == nullptr) Raise(EXPORTCTL_INTERNAL, error);
    return RuleSet(h);
  }

  static RuleSet FromPacks(const std::vector<py::object>& paths, bool builtin) {
    static const py::handle fspath = py::object(py::module_::import("os").attr("fspath")).release();
    static const py::handle isfile = py::object(py::module_::import("os.path").attr("isfile")).release();
    std::vector<std::string> texts;
    for (const py::object& p : paths) {
      texts.push_back(py::str(fspath(p)).cast<std::string>());
      if (!isfile(texts.back()).cast<bool>()) {
        PyErr_SetString(PyExc_FileNotFoundError, ("no such rule pack '" + texts.back() + "'").c_str());
        throw py::error_already_set();
      }
    }
    std::vector<const char*> c_paths;
    for (const std::string& t : texts) c_paths.push_back(t.c_str());
    CString error;
    exportctl_rules* h = nullptr;
    {
      py::gil_scoped_release release;
      h = exportctl_open(c_paths.data(), c_paths.size(), builtin ? 1 : 0, &error.p);
    }
    if (h == nullptr) throw py::value_error(error.str());
    return RuleSet(h);
  }

  std::string hash() const { return exportctl_rules_hash(handle_.get()); }
  const exportctl_rules* handle() const { return handle_.get(); }

  py::object Chips() const {
    CString out, error;
    const int code = exportctl_chips(handle_.get(), &out.p, &error.p);
    if (code != EXPORTCTL_OK) Raise(code, error);
    return Loads(out.str());
  }

  py::object Evaluate(py::handle sale, const std::string& trace, const py::object& as_of) const {
    const std::string json = SaleJson(sale);
    Options options(trace, as_of);
    CString out, error;
    int code;
    {
      py::gil_scoped_release release;
      code = exportctl_evaluate(handle_.get(), json.c_str(), &options.c, &out.p, &error.p);
    }
    if (code != EXPORTCTL_OK) Raise(code, error);
    return Loads(out.str());
  }

  // The library's batch pipeline (exportctl_evaluate_batch): input order kept, a bad sale reported
  // in its place as {"index", "error"}.
  py::object EvaluateMany(const py::iterable& sales, const std::string& trace, const py::object& as_of, int threads,
                          const std::string& errors) const {
    if (errors != "raise" && errors != "return") throw py::value_error("errors must be 'raise' or 'return'");
    std::vector<std::string> inputs;
    for (py::handle sale : sales) inputs.push_back(SaleJson(sale));
    std::vector<const char*> c_inputs;
    c_inputs.reserve(inputs.size());
    for (const std::string& input : inputs) c_inputs.push_back(input.c_str());
    Options options(trace, as_of);
    CString out, error;
    size_t bad = 0;
    int code;
    {
      py::gil_scoped_release release;
      code = exportctl_evaluate_batch(handle_.get(), c_inputs.data(), c_inputs.size(), &options.c, threads, &bad,
                                      &out.p, &error.p);
    }
    if (code != EXPORTCTL_OK) Raise(code, error);
    py::list decisions = Loads(out.str());
    if (bad > 0 && errors == "raise") {
      for (py::handle d : decisions) {
        py::dict entry = py::reinterpret_borrow<py::dict>(d);
        if (!entry.contains("error")) continue;
        throw py::value_error("sale " + py::str(entry["index"]).cast<std::string>() + ": " +
                              entry["error"].cast<std::string>());
      }
    }
    return std::move(decisions);
  }

  py::object Timeline(py::handle sale, const py::object& start, const py::object& end, const py::object& as_of) const {
    const std::string json = SaleJson(sale);
    const std::string from = DateText(start), to = DateText(end);
    Options options("fired", as_of);
    CString out, error;
    int code;
    {
      py::gil_scoped_release release;
      code = exportctl_timeline(handle_.get(), json.c_str(), from.c_str(), to.c_str(), &options.c, &out.p, &error.p);
    }
    if (code != EXPORTCTL_OK) Raise(code, error);
    return Loads(out.str());
  }

  py::object Headroom(const std::string& destination, const py::object& date, bool datacenter,
                      std::optional<double> die_area_mm2, const py::object& as_of) const {
    const std::string day = DateText(date);
    if (die_area_mm2 && !(*die_area_mm2 > 0)) throw py::value_error("die_area_mm2 must be positive");
    Options options("none", as_of);
    CString out, error;
    const int code = exportctl_headroom(handle_.get(), destination.c_str(), day.c_str(), datacenter ? 1 : 0,
                                        die_area_mm2.value_or(0), &options.c, &out.p, &error.p);
    if (code != EXPORTCTL_OK) Raise(code, error);
    return Loads(out.str());
  }

 private:
  explicit RuleSet(exportctl_rules* h) : handle_(h, &exportctl_close) {}
  std::shared_ptr<exportctl_rules> handle_;
};

}  // namespace

PYBIND11_MODULE(_exportctl, m) {
  m.doc() = "Export- and import-control rules on AI chips: dated, cited rules and a pure evaluator.";
  m.attr("__version__") = exportctl_version();

  py::class_<RuleSet>(m, "RuleSet",
                      "A compiled, immutable rule set. Safe to share between threads; evaluation "
                      "releases the GIL.")
      .def_static("builtin", &RuleSet::Builtin, "The built-in catalog (US and Chinese measures, 2022-2026).")
      .def_static("from_packs", &RuleSet::FromPacks, py::arg("paths"), py::arg("builtin") = true,
                  "Rule packs (TOML files) applied in order, after the built-in catalog when builtin "
                  "is true. Raises ValueError with 'file:line:column: message' for a bad pack.")
      .def_property_readonly("hash", &RuleSet::hash, "The content hash, 16 hex digits.")
      .def("chips", &RuleSet::Chips, "The catalog chips: a list of dicts (model, vendor, origin, ...).")
      .def("evaluate", &RuleSet::Evaluate, py::arg("sale"), py::kw_only(), py::arg("trace") = "fired",
           py::arg("as_of") = py::none(),
           "Evaluates one sale (a dict, or a JSON string, per the JSON contract) and returns the "
           "decision as a dict. Raises ValueError for an unusable sale.")
      .def("evaluate_many", &RuleSet::EvaluateMany, py::arg("sales"), py::kw_only(), py::arg("trace") = "fired",
           py::arg("as_of") = py::none(), py::arg("threads") = 0, py::arg("errors") = "raise",
           "Evaluates a list of sales on every core (threads=0; at most 1024) without the GIL, on the "
           "library's batch pipeline; returns the decisions in input order. errors='return' puts "
           "{'index', 'error'} in place of a bad sale instead of raising ValueError.")
      .def("timeline", &RuleSet::Timeline, py::arg("sale"), py::arg("start"), py::arg("end"), py::kw_only(),
           py::arg("as_of") = py::none(),
           "The intervals over [start, end] on which the decision on the sale (its date may be left "
           "out) stays the same: {'item', 'destination', 'segments': [{'from', 'until', 'verdict', ...}]}.")
      .def("headroom", &RuleSet::Headroom, py::arg("destination"), py::arg("date"), py::kw_only(),
           py::arg("datacenter") = true, py::arg("die_area_mm2") = py::none(), py::arg("as_of") = py::none(),
           "The largest TPP a chip may have and still need neither a license nor a notification: "
           "{'tpp_below', 'rule', ...}.")
      .def("__repr__", [](const RuleSet& r) { return "<exportctl.RuleSet " + r.hash() + ">"; });
  exportctl_python::DefTable(py::reinterpret_borrow<py::class_<RuleSet>>(m.attr("RuleSet")));
}
