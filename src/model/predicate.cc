// The predicate language of rule packs: a recursive-descent parser and a printer.
#include "exportctl/predicate.h"

#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <string>

#include "internal/status.h"
#include "internal/strings.h"

namespace exportctl {
namespace {

constexpr std::array<std::string_view, 10> kMetrics = {
    "tpp",   "performance_density", "interconnect_gbps", "memory_bandwidth_gbps", "memory_gb",
    "tdp_w", "efficiency_8bit",     "quantity",          "consignment_tpp",       "pue"};
constexpr std::array<std::string_view, 11> kFields = {"model",          "vendor",     "origin",  "destination",
                                                      "buyer_hq",       "sector",     "end_use", "exported_from",
                                                      "classification", "buyer_list", "transit"};
constexpr std::array<std::string_view, 5> kFlags = {"datacenter", "national_hub", "pue_given", "buyer_listed",
                                                    "buyer_affiliate_listed"};
constexpr std::array<std::string_view, 6> kOps = {">=", ">", "<=", "<", "==", "!="};

template <size_t N>
int IndexOf(const std::array<std::string_view, N>& names, std::string_view word) {
  for (size_t i = 0; i < N; ++i)
    if (names[i] == word) return static_cast<int>(i);
  return -1;
}

bool IsWordChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == ':' || c == '-';
}

class Parser {
 public:
  explicit Parser(std::string_view text) : text_(text) {}

  absl::StatusOr<Predicate> ParseAll() {
    SkipSpace();
    if (pos_ == text_.size()) return Error("empty predicate");
    ASSIGN_OR_RETURN(Predicate p, ParseOr());
    SkipSpace();
    if (pos_ != text_.size()) return Error(internal::StrCat("unexpected '", Rest(), "'"));
    return p;
  }

 private:
  absl::Status Error(std::string_view message) const {
    return absl::InvalidArgumentError(internal::OneLine(internal::StrCat("column ", pos_ + 1, ": ", message)));
  }
  std::string_view Rest() const {
    std::string_view rest = text_.substr(pos_);
    size_t n = 0;
    while (n < rest.size() && !std::isspace(static_cast<unsigned char>(rest[n]))) ++n;
    return rest.substr(0, n == 0 ? 1 : n);
  }
  void SkipSpace() {
    while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
  }
  // Reads a word without consuming it.
  std::string_view PeekWord() {
    SkipSpace();
    size_t end = pos_;
    while (end < text_.size() && IsWordChar(text_[end])) ++end;
    return text_.substr(pos_, end - pos_);
  }
  bool AcceptKeyword(std::string_view keyword) {
    if (PeekWord() != keyword) return false;
    pos_ += keyword.size();
    return true;
  }
  bool AcceptChar(char c) {
    SkipSpace();
    if (pos_ < text_.size() && text_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }

  absl::StatusOr<Predicate> ParseOr() { return ParseChain(Predicate::Kind::kOr, "or"); }
  absl::StatusOr<Predicate> ParseAnd() { return ParseChain(Predicate::Kind::kAnd, "and"); }

  absl::StatusOr<Predicate> ParseChain(Predicate::Kind kind, std::string_view keyword) {
    SkipSpace();
    const int column = static_cast<int>(pos_) + 1;
    ASSIGN_OR_RETURN(Predicate first, kind == Predicate::Kind::kOr ? ParseAnd() : ParseNot());
    Predicate chain;
    chain.kind = kind;
    chain.column = column;
    chain.children.push_back(std::move(first));
    while (AcceptKeyword(keyword)) {
      ASSIGN_OR_RETURN(Predicate next, kind == Predicate::Kind::kOr ? ParseAnd() : ParseNot());
      chain.children.push_back(std::move(next));
    }
    if (chain.children.size() == 1) return std::move(chain.children[0]);
    return chain;
  }

  absl::StatusOr<Predicate> ParseNot() {
    SkipSpace();
    const int column = static_cast<int>(pos_) + 1;
    if (PeekWord() == "not") {
      if (depth_ >= kMaxDepth) return Error(internal::StrCat("nested deeper than ", kMaxDepth, " levels"));
      pos_ += 3;
      ++depth_;
      absl::StatusOr<Predicate> inner = ParseNot();
      --depth_;
      RETURN_IF_ERROR(inner);
      Predicate p;
      p.kind = Predicate::Kind::kNot;
      p.column = column;
      p.children.push_back(*std::move(inner));
      return p;
    }
    return ParseAtom();
  }

  absl::StatusOr<Predicate> ParseAtom() {
    SkipSpace();
    const int column = static_cast<int>(pos_) + 1;
    if (pos_ == text_.size()) return Error("unexpected end of predicate");
    if (text_[pos_] == '(') {
      // Recursion is bounded, so no input can exhaust the stack.
      if (depth_ >= kMaxDepth) return Error(internal::StrCat("nested deeper than ", kMaxDepth, " levels"));
      ++pos_;
      ++depth_;
      absl::StatusOr<Predicate> inner = ParseOr();
      --depth_;
      RETURN_IF_ERROR(inner);
      if (!AcceptChar(')')) return Error("expected ')'");
      return inner;
    }
    std::string_view word = PeekWord();
    if (word.empty()) return Error(internal::StrCat("unexpected '", Rest(), "'"));
    Predicate p;
    p.column = column;
    if (word == "true" || word == "false") {
      pos_ += word.size();
      p.kind = word == "true" ? Predicate::Kind::kTrue : Predicate::Kind::kFalse;
      return p;
    }
    if (int flag = IndexOf(kFlags, word); flag >= 0) {
      pos_ += word.size();
      p.kind = Predicate::Kind::kFlag;
      p.flag = static_cast<Flag>(flag);
      return p;
    }
    if (int metric = IndexOf(kMetrics, word); metric >= 0) {
      pos_ += word.size();
      p.kind = Predicate::Kind::kCompare;
      p.metric = static_cast<Metric>(metric);
      return ParseComparison(std::move(p));
    }
    if (int field = IndexOf(kFields, word); field >= 0) {
      pos_ += word.size();
      p.kind = Predicate::Kind::kMember;
      p.field = static_cast<Field>(field);
      return ParseMembership(std::move(p));
    }
    return Error(internal::StrCat("unknown name '", word, "'"));
  }

  absl::StatusOr<Predicate> ParseComparison(Predicate p) {
    SkipSpace();
    int op = -1;
    for (size_t i = 0; i < kOps.size(); ++i) {
      if (text_.substr(pos_, kOps[i].size()) == kOps[i]) {
        op = static_cast<int>(i);
        break;  // ">=" is tried before ">"
      }
    }
    if (op < 0) return Error(internal::StrCat("expected a comparison after '", MetricName(p.metric), "'"));
    pos_ += kOps[op].size();
    p.op = static_cast<CompareOp>(op);
    SkipSpace();
    if (AcceptChar('@')) {
      size_t end = pos_;
      while (end < text_.size() && IsWordChar(text_[end])) ++end;
      if (end == pos_) return Error("expected a parameter id after '@'");
      p.parameter = std::string(text_.substr(pos_, end - pos_));
      pos_ = end;
      return p;
    }
    size_t end = pos_;
    while (end < text_.size() && (std::isdigit(static_cast<unsigned char>(text_[end])) || text_[end] == '.' ||
                                  text_[end] == '-' || text_[end] == '+' || text_[end] == 'e' || text_[end] == 'E'))
      ++end;
    double value = 0;
    auto [ptr, ec] = std::from_chars(text_.data() + pos_, text_.data() + end, value);
    if (ec != std::errc() || ptr != text_.data() + end || !std::isfinite(value))
      return Error(internal::StrCat("expected a number or @parameter, got '", Rest(), "'"));
    p.threshold = value;
    pos_ = end;
    return p;
  }

  absl::StatusOr<Predicate> ParseMembership(Predicate p) {
    if (!AcceptKeyword("in")) return Error(internal::StrCat("expected 'in' after '", FieldName(p.field), "'"));
    if (!AcceptChar('[')) return Error("expected '['");
    while (true) {
      SkipSpace();
      if (pos_ == text_.size()) return Error("expected ']'");
      if (text_[pos_] == '"') {
        size_t end = text_.find('"', pos_ + 1);
        if (end == std::string_view::npos) return Error("unterminated string");
        p.members.emplace_back(text_.substr(pos_ + 1, end - pos_ - 1));
        pos_ = end + 1;
      } else {
        std::string_view word = PeekWord();
        if (word.empty()) return Error(internal::StrCat("expected a name, got '", Rest(), "'"));
        p.members.emplace_back(word);
        pos_ += word.size();
      }
      if (AcceptChar(',')) continue;
      if (AcceptChar(']')) break;
      return Error("expected ',' or ']'");
    }
    return p;
  }

  static constexpr int kMaxDepth = 32;
  std::string_view text_;
  size_t pos_ = 0;
  int depth_ = 0;
};

void Print(const Predicate& p, std::string& out, bool nested) {
  switch (p.kind) {
    case Predicate::Kind::kTrue: out += "true"; return;
    case Predicate::Kind::kFalse: out += "false"; return;
    case Predicate::Kind::kAnd:
    case Predicate::Kind::kOr: {
      if (nested) out += "(";
      for (size_t i = 0; i < p.children.size(); ++i) {
        if (i) out += p.kind == Predicate::Kind::kAnd ? " and " : " or ";
        Print(p.children[i], out, true);
      }
      if (nested) out += ")";
      return;
    }
    case Predicate::Kind::kNot:
      out += "not ";
      Print(p.children[0], out, true);
      return;
    case Predicate::Kind::kFlag: out += FlagName(p.flag); return;
    case Predicate::Kind::kCompare: {
      internal::StrAppend(&out, MetricName(p.metric), " ", CompareOpSymbol(p.op), " ");
      if (!p.parameter.empty()) {
        internal::StrAppend(&out, "@", p.parameter);
      } else {
        char buffer[32];
        auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, p.threshold);
        out.append(buffer, end);
      }
      return;
    }
    case Predicate::Kind::kMember: {
      internal::StrAppend(&out, FieldName(p.field), " in [");
      for (size_t i = 0; i < p.members.size(); ++i) {
        if (i) out += ", ";
        const std::string& m = p.members[i];
        bool bare = !m.empty();
        for (char c : m) bare = bare && IsWordChar(c);
        if (bare) out += m;
        else internal::StrAppend(&out, "\"", m, "\"");
      }
      out += "]";
      return;
    }
  }
}

}  // namespace

std::string_view MetricName(Metric m) { return kMetrics[static_cast<int>(m)]; }
std::string_view FieldName(Field f) { return kFields[static_cast<int>(f)]; }
std::string_view FlagName(Flag f) { return kFlags[static_cast<int>(f)]; }
std::string_view CompareOpSymbol(CompareOp op) { return kOps[static_cast<int>(op)]; }

absl::StatusOr<Predicate> ParsePredicate(std::string_view text) { return Parser(text).ParseAll(); }

std::string Predicate::ToString() const {
  std::string out;
  Print(*this, out, false);
  return out;
}

}  // namespace exportctl
