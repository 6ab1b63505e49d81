// A small JSON tree for the outputs that are not decisions (query_json.cc, docs/json.md): members
// in the order they were set, compact or indented by two spaces.
#ifndef EXPORTCTL_SRC_IO_JSON_TREE_H_
#define EXPORTCTL_SRC_IO_JSON_TREE_H_

#include <cmath>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "exportctl/json.h"
#include "exportctl/rule.h"

namespace exportctl::internal {

class Json {
 public:
  enum class Kind { kNull, kBool, kNumber, kString, kRaw, kArray, kObject };
  Json() = default;
  static Json Null() { return Json(); }
  static Json Bool(bool b) {
    return Json(Kind::kBool).With([b](Json& j) { j.bool_ = b; });
  }
  static Json Number(double v) {
    return Json(Kind::kNumber).With([v](Json& j) { j.number_ = v; });
  }
  static Json String(std::string_view s) {
    return Json(Kind::kString).With([s](Json& j) { j.string_ = s; });
  }
  static Json StringOrNull(std::string_view s) { return s.empty() ? Null() : String(s); }
  // JSON text written as it is: a number kept as its digits (a sale's integer id).
  static Json Raw(std::string_view json) {
    return Json(Kind::kRaw).With([json](Json& j) { j.string_ = json; });
  }
  static Json Array() { return Json(Kind::kArray); }
  static Json Object() { return Json(Kind::kObject); }
  // Adds a member (objects) and returns *this.
  Json& Set(std::string_view key, Json value) { return members_.emplace_back(key, std::move(value)), *this; }
  Json& Push(Json value) { return elements_.push_back(std::move(value)), *this; }
  std::string Dump(bool pretty) const {
    std::string out;
    Write(out, pretty, 0);
    return out;
  }

 private:
  explicit Json(Kind kind) : kind_(kind) {}
  template <typename F>
  Json With(F set) && {
    set(*this);
    return std::move(*this);
  }
  static void Indent(std::string& out, bool pretty, int depth) {
    if (!pretty) return;
    out += '\n';
    out.append(2 * depth, ' ');
  }
  // The elements or members `items` between the brackets `brackets`, one per line when pretty.
  template <typename Items, typename WriteItem>
  static void WriteItems(std::string& out, bool pretty, int depth, const char* brackets, const Items& items,
                         WriteItem write) {
    out += brackets[0];
    for (size_t i = 0; i < items.size(); ++i) {
      if (i) out += ',';
      Indent(out, pretty, depth + 1);
      write(items[i]);
    }
    if (!items.empty()) Indent(out, pretty, depth);
    out += brackets[1];
  }
  void Write(std::string& out, bool pretty, int depth) const {
    switch (kind_) {
      case Kind::kNull: out += "null"; break;
      case Kind::kBool: out += bool_ ? "true" : "false"; break;
      case Kind::kNumber: AppendJsonNumber(out, number_); break;
      case Kind::kString:
        out += '"';
        AppendJsonEscaped(out, string_);
        out += '"';
        break;
      case Kind::kRaw: out += string_; break;
      case Kind::kArray:
        WriteItems(out, pretty, depth, "[]", elements_, [&](const Json& e) { e.Write(out, pretty, depth + 1); });
        break;
      case Kind::kObject:
        WriteItems(out, pretty, depth, "{}", members_, [&](const std::pair<std::string, Json>& m) {
          out += '"';
          AppendJsonEscaped(out, m.first);
          out += pretty ? "\": " : "\":";
          m.second.Write(out, pretty, depth + 1);
        });
        break;
    }
  }

  Kind kind_ = Kind::kNull;
  bool bool_ = false;
  double number_ = 0;
  std::string string_;
  std::vector<Json> elements_;
  std::vector<std::pair<std::string, Json>> members_;
};

inline Json Strings(const std::vector<std::string>& strings) {
  Json a = Json::Array();
  for (const std::string& s : strings) a.Push(Json::String(s));
  return a;
}

inline Json SpecsJson(SpecSet specs) {
  Json a = Json::Array();
  specs.ForEachName([&](std::string_view name) { a.Push(Json::String(name)); });
  return a;
}

// `v` rounded to 1/scale.
inline double Round(double v, double scale) { return std::round(v * scale) / scale; }

}  // namespace exportctl::internal

#endif  // EXPORTCTL_SRC_IO_JSON_TREE_H_
