// JSON and Python objects, both ways, for the native module (exportctl_module.cc):
//
// - SaleWriter writes a sale given as a dict as contract JSON. None, NaN and pandas' NaT/NA in a
//   dict are "absent": the member is left out, so a required field left absent is the library's
//   "missing field" error (fail closed) and an optional one is simply not given. This is what
//   `pd.read_json(..., lines=True).to_dict("records")` produces for the fields a row lacks.
// - DecisionBuilder reads the library's compact JSON (decisions, queries) into dicts and lists
//   without the json module: keys and repeated strings (verdicts, rule ids, citations) are made
//   once per call and shared, and the "rule_set" member, the same bytes in every decision of a
//   call, is built once and the same dict object is shared by all of them.
//
// The GIL must be held while either is used.
#ifndef EXPORTCTL_PYTHON_PYJSON_H_
#define EXPORTCTL_PYTHON_PYJSON_H_

#include <pybind11/pybind11.h>

#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "exportctl/json.h"

namespace exportctl_python {

namespace py = pybind11;

// --- Python object → JSON ---------------------------------------------------------------------

// A sale that cannot be written as JSON: the Python exception type to raise and the message.
struct SaleError {
  PyObject* type;  // PyExc_TypeError or PyExc_ValueError (borrowed: they live forever)
  std::string message;
};

class SaleWriter {
 public:
  // Writes a sale (a dict) as JSON into `out`; throws SaleError.
  static void Write(std::string& out, py::handle sale) {
    if (!PyDict_Check(sale.ptr())) throw SaleError{PyExc_TypeError, "a sale is a dict (or a JSON string)"};
    AppendValue(out, sale.ptr(), 0);
  }

  // A value that means "absent" in a dict: None, NaN, pandas' NaT and NA.
  static bool IsAbsent(PyObject* v) {
    if (v == Py_None) return true;
    if (PyFloat_Check(v)) return std::isnan(PyFloat_AS_DOUBLE(v));
    const char* name = Py_TYPE(v)->tp_name;
    return std::strcmp(name, "NaTType") == 0 || std::strcmp(name, "NAType") == 0 ||
           std::strcmp(name, "pandas._libs.tslibs.nattype.NaTType") == 0 ||
           std::strcmp(name, "pandas._libs.missing.NAType") == 0;
  }

 private:
  static void AppendString(std::string& out, PyObject* s) {
    Py_ssize_t size = 0;
    const char* data = PyUnicode_AsUTF8AndSize(s, &size);
    if (data == nullptr) {
      PyErr_Clear();
      throw SaleError{PyExc_ValueError, "sale has a string that is not valid Unicode"};
    }
    out += '"';
    exportctl::AppendJsonEscaped(out, std::string_view(data, static_cast<size_t>(size)));
    out += '"';
  }

  static void AppendFloat(std::string& out, double v) {
    if (!std::isfinite(v)) throw SaleError{PyExc_ValueError, "sale has a number that is not finite"};
    char buf[64];
    const auto r = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, r.ptr);
  }

  static void AppendDict(std::string& out, PyObject* dict, int depth) {
    out += '{';
    bool first = true;
    PyObject *key, *value;
    Py_ssize_t pos = 0;
    while (PyDict_Next(dict, &pos, &key, &value)) {
      if (!PyUnicode_Check(key)) throw SaleError{PyExc_TypeError, "sale keys must be strings"};
      if (IsAbsent(value)) continue;
      if (!first) out += ',';
      first = false;
      AppendString(out, key);
      out += ':';
      AppendValue(out, value, depth + 1);
    }
    out += '}';
  }

  static void AppendSequence(std::string& out, PyObject* seq, int depth) {
    out += '[';
    const Py_ssize_t n = PySequence_Fast_GET_SIZE(seq);
    PyObject** items = PySequence_Fast_ITEMS(seq);
    for (Py_ssize_t i = 0; i < n; ++i) {
      if (i > 0) out += ',';
      AppendValue(out, items[i], depth + 1);
    }
    out += ']';
  }

  // datetime.date, datetime.datetime and pandas.Timestamp: the day, "YYYY-MM-DD".
  static bool AppendDate(std::string& out, PyObject* obj) {
    static PyObject* const date_type = py::object(py::module_::import("datetime").attr("date")).release().ptr();
    if (PyObject_IsInstance(obj, date_type) != 1) return false;
    char buf[32];
    const long year = py::handle(obj).attr("year").cast<long>();
    const long month = py::handle(obj).attr("month").cast<long>();
    const long day = py::handle(obj).attr("day").cast<long>();
    std::snprintf(buf, sizeof buf, "\"%04ld-%02ld-%02ld\"", year, month, day);
    out += buf;
    return true;
  }

  // numpy's scalars (numpy.int64, numpy.bool_, ...): their Python value, through item().
  static bool AppendNumpyScalar(std::string& out, PyObject* obj, int depth) {
    py::handle type = reinterpret_cast<PyObject*>(Py_TYPE(obj));
    if (!py::hasattr(type, "__module__") || !py::str(type.attr("__module__")).cast<std::string>().starts_with("numpy"))
      return false;
    if (!py::hasattr(obj, "item")) return false;
    py::object value = py::handle(obj).attr("item")();
    if (Py_TYPE(value.ptr()) == Py_TYPE(obj)) return false;
    AppendValue(out, value.ptr(), depth + 1);
    return true;
  }

  static void AppendValue(std::string& out, PyObject* obj, int depth) {
    if (depth > 64) throw SaleError{PyExc_ValueError, "sale is nested too deeply"};
    if (obj == Py_None) {
      out += "null";
    } else if (PyBool_Check(obj)) {
      out += obj == Py_True ? "true" : "false";
    } else if (PyLong_Check(obj)) {
      int overflow = 0;
      const long long v = PyLong_AsLongLongAndOverflow(obj, &overflow);
      if (overflow != 0) {
        out += py::str(obj).cast<std::string>();
      } else {
        char buf[32];
        const auto r = std::to_chars(buf, buf + sizeof buf, v);
        out.append(buf, r.ptr);
      }
    } else if (PyFloat_Check(obj)) {
      AppendFloat(out, PyFloat_AS_DOUBLE(obj));
    } else if (PyUnicode_Check(obj)) {
      AppendString(out, obj);
    } else if (PyDict_Check(obj)) {
      AppendDict(out, obj, depth);
    } else if (PyList_Check(obj) || PyTuple_Check(obj)) {
      AppendSequence(out, obj, depth);
    } else if (AppendDate(out, obj) || AppendNumpyScalar(out, obj, depth)) {
    } else {
      throw SaleError{PyExc_TypeError, std::string("cannot write a ") + Py_TYPE(obj)->tp_name + " as JSON"};
    }
  }
};

// --- JSON → Python objects --------------------------------------------------------------------

// Reads JSON the library wrote. Not a general parser: it trusts its input to be well formed
// (the library's own output) but still checks each step, so a surprise is a RuntimeError, never a
// read past the end. Strings of 512 bytes or less are made once per builder and shared (str is
// immutable); an object member named "rule_set" whose bytes equal the previous one's is the same
// dict object. A builder may read several texts (the chunks of one batch): what it shares, it
// shares across them.
class DecisionBuilder {
 public:
  DecisionBuilder() = default;
  DecisionBuilder(const DecisionBuilder&) = delete;
  DecisionBuilder& operator=(const DecisionBuilder&) = delete;
  ~DecisionBuilder() {
    for (auto& [text, obj] : strings_) Py_DECREF(obj);
  }

  // The whole of `json` as a Python object.
  py::object Build(std::string_view json) {
    p_ = json.data();
    end_ = json.data() + json.size();
    py::object v = Value(0);
    if (p_ != end_) Fail();
    return v;
  }

  // For a JSON array: calls on_element(i, object) for each element, in order.
  template <class F>
  void BuildArray(std::string_view json, F&& on_element) {
    p_ = json.data();
    end_ = json.data() + json.size();
    Expect('[');
    size_t i = 0;
    if (Peek() == ']') {
      ++p_;
    } else {
      while (true) {
        on_element(i++, Value(1));
        if (Peek() == ',') {
          ++p_;
          continue;
        }
        Expect(']');
        break;
      }
    }
    if (p_ != end_) Fail();
  }

 private:
  static constexpr size_t kMaxShared = 512;           // longer strings are made each time
  static constexpr size_t kMaxSharedCount = 1 << 16;  // and no more than this many are kept

  [[noreturn]] void Fail() const { throw std::runtime_error("exportctl: cannot read the library's JSON"); }
  char Peek() const {
    if (p_ == end_) Fail();
    return *p_;
  }
  void Expect(char c) {
    if (Peek() != c) Fail();
    ++p_;
  }

  py::object Value(int depth) {
    if (depth > 128) Fail();
    switch (Peek()) {
      case '{': return Object(depth);
      case '[': return Array(depth);
      case '"': return String();
      case 't': return Literal("true", Py_True);
      case 'f': return Literal("false", Py_False);
      case 'n': return Literal("null", Py_None);
      default: return Number();
    }
  }

  py::object Literal(std::string_view word, PyObject* value) {
    if (static_cast<size_t>(end_ - p_) < word.size() || std::memcmp(p_, word.data(), word.size()) != 0) Fail();
    p_ += word.size();
    return py::reinterpret_borrow<py::object>(value);
  }

  py::object Number() {
    const char* start = p_;
    bool integer = true;
    while (p_ != end_ && (std::isdigit(static_cast<unsigned char>(*p_)) || *p_ == '-' || *p_ == '+' || *p_ == '.' ||
                          *p_ == 'e' || *p_ == 'E')) {
      if (*p_ == '.' || *p_ == 'e' || *p_ == 'E') integer = false;
      ++p_;
    }
    if (p_ == start) Fail();
    if (integer) {
      long long v = 0;
      const auto r = std::from_chars(start, p_, v);
      if (r.ec == std::errc() && r.ptr == p_) return py::reinterpret_steal<py::object>(PyLong_FromLongLong(v));
      const std::string digits(start, p_);
      PyObject* big = PyLong_FromString(digits.c_str(), nullptr, 10);
      if (big == nullptr) throw py::error_already_set();
      return py::reinterpret_steal<py::object>(big);
    }
    double v = 0;
    const auto r = std::from_chars(start, p_, v);
    if (r.ec != std::errc() || r.ptr != p_) Fail();
    return py::reinterpret_steal<py::object>(PyFloat_FromDouble(v));
  }

  // The raw text of a string, its quotes excluded; `escaped` tells whether it holds a backslash.
  std::string_view RawString(bool& escaped) {
    Expect('"');
    const char* start = p_;
    escaped = false;
    while (true) {
      const char* q = static_cast<const char*>(std::memchr(p_, '"', end_ - p_));
      if (q == nullptr) Fail();
      // A quote preceded by an odd number of backslashes is escaped.
      size_t backslashes = 0;
      for (const char* b = q; b > start && b[-1] == '\\'; --b) ++backslashes;
      if (std::memchr(p_, '\\', q - p_) != nullptr) escaped = true;
      p_ = q + 1;
      if (backslashes % 2 == 0) return std::string_view(start, q - start);
      escaped = true;
    }
  }

  static void AppendUtf8(std::string& out, unsigned cp) {
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }

  unsigned Hex4(std::string_view s, size_t at) const {
    if (at + 4 > s.size()) Fail();
    unsigned v = 0;
    const auto r = std::from_chars(s.data() + at, s.data() + at + 4, v, 16);
    if (r.ec != std::errc() || r.ptr != s.data() + at + 4) Fail();
    return v;
  }

  std::string Unescape(std::string_view s) const {
    std::string out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size(); ++i) {
      if (s[i] != '\\') {
        out += s[i];
        continue;
      }
      if (++i == s.size()) Fail();
      switch (s[i]) {
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'u': {
          unsigned cp = Hex4(s, i + 1);
          i += 4;
          if (cp >= 0xD800 && cp < 0xDC00 && i + 6 < s.size() && s[i + 1] == '\\' && s[i + 2] == 'u') {
            const unsigned low = Hex4(s, i + 3);
            if (low >= 0xDC00 && low < 0xE000) {
              cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
              i += 6;
            }
          }
          AppendUtf8(out, cp);
          break;
        }
        default: out += s[i];  // '"', '\\', '/'
      }
    }
    return out;
  }

  static py::object Decode(std::string_view utf8) {
    PyObject* s = PyUnicode_DecodeUTF8(utf8.data(), static_cast<Py_ssize_t>(utf8.size()), "surrogatepass");
    if (s == nullptr) throw py::error_already_set();
    return py::reinterpret_steal<py::object>(s);
  }

  // A string; `raw` is set to its text as written (quotes excluded), `escaped` to whether that
  // text holds an escape.
  py::object String(std::string_view* raw = nullptr, bool* escaped = nullptr) {
    bool has_escape = false;
    const std::string_view text = RawString(has_escape);
    if (raw != nullptr) *raw = text;
    if (escaped != nullptr) *escaped = has_escape;
    if (text.size() > kMaxShared) return Decode(has_escape ? std::string_view(Unescape(text)) : text);
    if (auto it = strings_.find(text); it != strings_.end()) return py::reinterpret_borrow<py::object>(it->second);
    py::object s = has_escape ? Decode(Unescape(text)) : Decode(text);
    if (strings_.size() < kMaxSharedCount) {
      PyUnicode_InternInPlace(&s.ptr());
      strings_.emplace(text, s.inc_ref().ptr());
    }
    return s;
  }

  // The value after a key of an object; the "rule_set" member is shared when its bytes repeat.
  py::object MemberValue(std::string_view key, int depth) {
    if (key != "rule_set") return Value(depth + 1);
    const char* start = p_;
    if (rule_set_ && static_cast<size_t>(end_ - p_) >= rule_set_text_.size() &&
        std::memcmp(p_, rule_set_text_.data(), rule_set_text_.size()) == 0) {
      p_ += rule_set_text_.size();
      const char next = Peek();
      if (next == ',' || next == '}') return rule_set_;
      p_ = start;
    }
    py::object v = Value(depth + 1);
    rule_set_ = v;
    rule_set_text_.assign(start, p_);
    return v;
  }

  py::object Object(int depth) {
    Expect('{');
    py::dict d;
    if (Peek() == '}') {
      ++p_;
      return std::move(d);
    }
    while (true) {
      std::string_view key_raw;
      bool escaped = false;
      py::object key = String(&key_raw, &escaped);
      Expect(':');
      py::object value = MemberValue(escaped ? std::string_view() : key_raw, depth);
      if (PyDict_SetItem(d.ptr(), key.ptr(), value.ptr()) != 0) throw py::error_already_set();
      if (Peek() == ',') {
        ++p_;
        continue;
      }
      Expect('}');
      return std::move(d);
    }
  }

  py::object Array(int depth) {
    Expect('[');
    py::list a;
    if (Peek() == ']') {
      ++p_;
      return std::move(a);
    }
    while (true) {
      py::object v = Value(depth + 1);
      if (PyList_Append(a.ptr(), v.ptr()) != 0) throw py::error_already_set();
      if (Peek() == ',') {
        ++p_;
        continue;
      }
      Expect(']');
      return std::move(a);
    }
  }

  const char* p_ = nullptr;
  const char* end_ = nullptr;
  // Heterogeneous lookup: a std::string_view finds a std::string key without a copy.
  // A cheap hash (the strings are short and few): 8 bytes at a time, multiplied and folded.
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const {
      uint64_t h = 0x9E3779B97F4A7C15ull ^ s.size();
      size_t i = 0;
      for (; i + 8 <= s.size(); i += 8) {
        uint64_t w;
        std::memcpy(&w, s.data() + i, 8);
        h = (h ^ w) * 0xFF51AFD7ED558CCDull;
        h ^= h >> 32;
      }
      uint64_t tail = 0;
      std::memcpy(&tail, s.data() + i, s.size() - i);
      h = (h ^ tail) * 0xC4CEB9FE1A85EC53ull;
      return static_cast<size_t>(h ^ (h >> 29));
    }
  };
  std::unordered_map<std::string, PyObject*, Hash, std::equal_to<>> strings_;
  py::object rule_set_;
  std::string rule_set_text_;
};

}  // namespace exportctl_python

#endif  // EXPORTCTL_PYTHON_PYJSON_H_
