// The native module `exportctl._exportctl` (the package python/exportctl/ re-exports it): the C API
// (include/exportctl/c_api.h) behind a small class.
//
//   import exportctl
//   rules = exportctl.RuleSet.builtin()
//   rules.evaluate({"date": "2025-04-10", "item": "H20", "destination": "CN"})["verdict"]
//   rules.evaluate_many(sales)  # the GIL released, every core used
//
// Dicts go in and out as contract JSON (docs/json.md): a dict is written as JSON in C++ and the
// library's JSON is read back into dicts in C++ (pyjson.h), sharing keys, repeated strings and
// the rule_set dict. The public, typed face of the class is python/exportctl/_api.py.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "exportctl/c_api.h"
#include "exportctl/json.h"
#include "pyjson.h"
#include "table.h"

namespace py = pybind11;
using exportctl_python::DecisionBuilder;
using exportctl_python::SaleError;
using exportctl_python::SaleWriter;

namespace {

// The cyclic garbage collector paused while dicts are built: they hold no cycles, and a collection
// every 700 new containers, each walking all that is alive, would take more time than building them.
class GcPause {
 public:
  GcPause() : was_enabled_(PyGC_Disable()) {}
  ~GcPause() {
    if (was_enabled_ == 1) PyGC_Enable();
  }
  GcPause(const GcPause&) = delete;
  GcPause& operator=(const GcPause&) = delete;

 private:
  int was_enabled_;
};

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

// A sale as JSON text: a dict (SaleWriter), or a str that already holds JSON.
std::string SaleJson(py::handle sale) {
  if (PyUnicode_Check(sale.ptr())) return sale.cast<std::string>();
  std::string out;
  SaleWriter::Write(out, sale);
  return out;
}

// SaleJson for one sale outside a batch: its error raised as it is.
std::string OneSaleJson(py::handle sale) {
  try {
    return SaleJson(sale);
  } catch (const SaleError& e) {
    PyErr_SetString(e.type, e.message.c_str());
    throw py::error_already_set();
  }
}

// The library's JSON (a decision, a query's answer) as dicts and lists.
py::object Loads(const CString& json) {
  GcPause pause;
  DecisionBuilder builder;
  return builder.Build(json.p == nullptr ? std::string_view() : std::string_view(json.p));
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
    return Loads(out);
  }

  py::object Evaluate(py::handle sale, const std::string& trace, const py::object& as_of) const {
    const std::string json = OneSaleJson(sale);
    Options options(trace, as_of);
    CString out, error;
    int code;
    {
      py::gil_scoped_release release;
      code = exportctl_evaluate(handle_.get(), json.c_str(), &options.c, &out.p, &error.p);
    }
    if (code != EXPORTCTL_OK) Raise(code, error);
    return Loads(out);
  }

  // The library's batch pipeline (exportctl_evaluate_batch): input order kept, a bad sale reported
  // in its place as {"index", "error"} (errors="return") or raised naming the first bad one's
  // index (errors="raise"). A sale that cannot even be written as JSON is a bad sale like any other.
  py::object EvaluateMany(const py::iterable& sales, const std::string& trace, const py::object& as_of, int threads,
                          const std::string& errors) const {
    if (errors != "raise" && errors != "return") throw py::value_error("errors must be 'raise' or 'return'");
    Options options(trace, as_of);
    const Batch batch = WriteSales(sales);
    py::list decisions(batch.count);
    for (const auto& [index, e] : batch.failures) {
      PyList_SET_ITEM(decisions.ptr(), index, ErrorEntry(index, e.message).release().ptr());
    }
    // In chunks, pipelined: while this thread builds the dicts of one chunk (the GIL held), another
    // evaluates the next (without it); each chunk's JSON stays small.
    GcPause pause;
    DecisionBuilder builder;
    bool any_bad = !batch.failures.empty();
    const size_t total = batch.inputs.size();
    auto evaluate = [&](size_t begin, Chunk& chunk) {
      chunk.begin = begin;
      chunk.n = std::min(kChunk, total - begin);
      chunk.code = exportctl_evaluate_batch(handle_.get(), batch.c_inputs.data() + begin, chunk.n, &options.c, threads,
                                            &chunk.bad, &chunk.out.p, &chunk.error.p);
    };
    auto current = std::make_unique<Chunk>();
    if (total > 0) {
      py::gil_scoped_release release;
      evaluate(0, *current);
    }
    for (size_t begin = 0; begin < total; begin += kChunk) {
      auto next = std::make_unique<Chunk>();
      std::jthread worker;  // joined on every way out of this scope
      if (begin + kChunk < total) worker = std::jthread([&, next = next.get()] { evaluate(begin + kChunk, *next); });
      if (current->code != EXPORTCTL_OK) Raise(current->code, current->error);
      any_bad = any_bad || current->bad > 0;
      ReadChunk(builder, current->out, batch, current->begin, current->n, current->bad > 0, decisions);
      if (worker.joinable()) {
        py::gil_scoped_release release;
        worker.join();
      }
      current = std::move(next);
    }
    size_t built = 0;
    for (size_t i = 0; i < batch.count; ++i) built += PyList_GET_ITEM(decisions.ptr(), i) != nullptr;
    if (built != batch.count) throw std::runtime_error("exportctl: the batch returned too few decisions");
    if (any_bad && errors == "raise") RaiseFirstBad(batch, decisions);
    return std::move(decisions);
  }

  py::object Timeline(py::handle sale, const py::object& start, const py::object& end, const py::object& as_of) const {
    const std::string json = OneSaleJson(sale);
    const std::string from = DateText(start), to = DateText(end);
    Options options("fired", as_of);
    CString out, error;
    int code;
    {
      py::gil_scoped_release release;
      code = exportctl_timeline(handle_.get(), json.c_str(), from.c_str(), to.c_str(), &options.c, &out.p, &error.p);
    }
    if (code != EXPORTCTL_OK) Raise(code, error);
    return Loads(out);
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
    return Loads(out);
  }

  py::object Classify(const std::string& item, const py::object& date, const py::object& as_of) const {
    const std::string day = DateText(date);
    Options options("none", as_of);
    CString out, error;
    const int code = exportctl_classify(handle_.get(), item.c_str(), day.c_str(), &options.c, &out.p, &error.p);
    if (code != EXPORTCTL_OK) Raise(code, error);
    return Loads(out);
  }

  // rules() and entities(): a query with an optional date.
  template <class Query>
  py::object DatedList(Query query, const py::object& date, const py::object& as_of) const {
    const std::string day = date.is_none() ? std::string() : DateText(date);
    Options options("none", as_of);
    CString out, error;
    const int code = query(handle_.get(), day.c_str(), &options.c, &out.p, &error.p);
    if (code != EXPORTCTL_OK) Raise(code, error);
    return Loads(out);
  }
  py::object Rules(const py::object& date, const py::object& as_of) const {
    return DatedList(&exportctl_rules_list, date, as_of);
  }
  py::object Entities(const py::object& date, const py::object& as_of) const {
    return DatedList(&exportctl_entities, date, as_of);
  }

  py::object Test() const {
    CString out, error;
    int code;
    {
      py::gil_scoped_release release;
      code = exportctl_run_tests(handle_.get(), &out.p, &error.p);
    }
    if (code != EXPORTCTL_OK) Raise(code, error);
    return Loads(out);
  }

 private:
  // The sales of a batch as JSON: those that could be written, and the others' errors.
  struct Batch {
    size_t count = 0;
    std::vector<std::string> inputs;
    std::vector<const char*> c_inputs;
    std::vector<size_t> positions;  // the index of each input among all the sales
    std::vector<std::pair<size_t, SaleError>> failures;
  };

  static Batch WriteSales(const py::iterable& sales) {
    Batch batch;
    for (py::handle sale : sales) {
      try {
        batch.inputs.push_back(SaleJson(sale));
        batch.positions.push_back(batch.count);
      } catch (SaleError& e) {
        batch.failures.emplace_back(batch.count, std::move(e));
      }
      ++batch.count;
    }
    batch.c_inputs.reserve(batch.inputs.size());
    for (const std::string& input : batch.inputs) batch.c_inputs.push_back(input.c_str());
    return batch;
  }

  static constexpr size_t kChunk = 4096;  // sales per exportctl_evaluate_batch call

  // One exportctl_evaluate_batch call's result.
  struct Chunk {
    size_t begin = 0, n = 0, bad = 0;
    int code = EXPORTCTL_OK;
    CString out, error;
  };

  static py::object ErrorEntry(size_t index, std::string_view message) {
    py::dict entry;
    entry["index"] = py::int_(index);
    entry["error"] = py::str(message.data(), message.size());
    return std::move(entry);
  }

  // The decisions of inputs [begin, begin + n) into their places among all the sales; an error
  // entry's index is the sale's among all of them.
  static void ReadChunk(DecisionBuilder& builder, const CString& out, const Batch& batch, size_t begin, size_t n,
                        bool any_bad, py::list& decisions) {
    static PyObject* const index_key = py::str("index").release().ptr();
    static PyObject* const error_key = py::str("error").release().ptr();
    const std::string_view json = out.p == nullptr ? std::string_view("[]") : std::string_view(out.p);
    size_t count = 0;
    builder.BuildArray(json, [&](size_t i, py::object d) {
      if (i >= n) throw std::runtime_error("exportctl: the batch returned too many decisions");
      const size_t position = batch.positions[begin + i];
      if (any_bad && PyDict_GetItem(d.ptr(), error_key) != nullptr) {
        if (PyDict_SetItem(d.ptr(), index_key, py::int_(position).ptr()) != 0) throw py::error_already_set();
      }
      PyList_SET_ITEM(decisions.ptr(), position, d.release().ptr());
      ++count;
    });
    if (count != n) throw std::runtime_error("exportctl: the batch returned too few decisions");
  }

  [[noreturn]] static void RaiseFirstBad(const Batch& batch, const py::list& decisions) {
    static PyObject* const error_key = py::str("error").release().ptr();
    for (size_t i = 0; i < batch.count; ++i) {
      PyObject* message = PyDict_GetItem(PyList_GET_ITEM(decisions.ptr(), i), error_key);
      if (message == nullptr) continue;
      PyObject* type = PyExc_ValueError;
      for (const auto& [index, e] : batch.failures)
        if (index == i) type = e.type;
      const std::string text = "sale " + std::to_string(i) + ": " + py::str(message).cast<std::string>();
      PyErr_SetString(type, text.c_str());
      throw py::error_already_set();
    }
    throw std::runtime_error("exportctl: a bad sale was reported but none found");
  }

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
      .def("classify", &RuleSet::Classify, py::arg("item"), py::arg("date"), py::kw_only(),
           py::arg("as_of") = py::none(), "The US classification of a chip on a date (exportctl classify --json).")
      .def("rules", &RuleSet::Rules, py::kw_only(), py::arg("date") = py::none(), py::arg("as_of") = py::none(),
           "The rules, those in force on date when given (exportctl rules --json).")
      .def("entities", &RuleSet::Entities, py::kw_only(), py::arg("date") = py::none(), py::arg("as_of") = py::none(),
           "The screened parties and where the list came from (exportctl entities).")
      .def("test", &RuleSet::Test, "Runs the rule packs' own tests (exportctl test).")
      .def("__repr__", [](const RuleSet& r) { return "<exportctl.RuleSet " + r.hash() + ">"; });
  exportctl_python::DefTable(py::reinterpret_borrow<py::class_<RuleSet>>(m.attr("RuleSet")));
}
