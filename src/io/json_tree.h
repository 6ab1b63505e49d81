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
  enum class Kind { kNull, kBool, kNumber, kString, kArray, kObject };
  Json() = default;
  static Json Null() { return Json(); }
  static Json Bool(bool b) {
    Json j;
    j.kind_ = Kind::kBool;
    j.bool_ = b;
    return j;
  }
  static Json Number(double v) {
    Json j;
    j.kind_ = Kind::kNumber;
    j.number_ = v;
    return j;
  }
  static Json String(std::string_view s) {
    Json j;
    j.kind_ = Kind::kString;
    j.string_ = std::string(s);
    return j;
  }
  static Json StringOrNull(std::string_view s) { return s.empty() ? Null() : String(s); }
  static Json Array() {
    Json j;
    j.kind_ = Kind::kArray;
    return j;
  }
  static Json Object() {
    Json j;
    j.kind_ = Kind::kObject;
    return j;
  }
  // Adds a member (objects) and returns *this.
  Json& Set(std::string_view key, Json value) {
    members_.emplace_back(std::string(key), std::move(value));
    return *this;
  }
  Json& Push(Json value) {
    elements_.push_back(std::move(value));
    return *this;
  }
  std::string Dump(bool pretty) const {
    std::string out;
    Write(out, pretty, 0);
    return out;
  }

 private:
  static void Indent(std::string& out, bool pretty, int depth) {
    if (!pretty) return;
    out += '\n';
    out.append(2 * depth, ' ');
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
      case Kind::kArray:
        out += '[';
        for (size_t i = 0; i < elements_.size(); ++i) {
          if (i) out += ',';
          Indent(out, pretty, depth + 1);
          elements_[i].Write(out, pretty, depth + 1);
        }
        if (!elements_.empty()) Indent(out, pretty, depth);
        out += ']';
        break;
      case Kind::kObject:
        out += '{';
        for (size_t i = 0; i < members_.size(); ++i) {
          if (i) out += ',';
          Indent(out, pretty, depth + 1);
          out += '"';
          AppendJsonEscaped(out, members_[i].first);
          out += pretty ? "\": " : "\":";
          members_[i].second.Write(out, pretty, depth + 1);
        }
        if (!members_.empty()) Indent(out, pretty, depth);
        out += '}';
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

inline Json SpecsJson(SpecSet specs) {
  Json a = Json::Array();
  specs.ForEachName([&](std::string_view name) { a.Push(Json::String(name)); });
  return a;
}

// `v` rounded to 1/scale.
inline double Round(double v, double scale) { return std::round(v * scale) / scale; }

}  // namespace exportctl::internal

#endif  // EXPORTCTL_SRC_IO_JSON_TREE_H_
