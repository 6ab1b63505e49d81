// The fast paths of src/io/ against the paths they shortcut:
//  - ParseSaleJson tries a hand-written scan (fast_sale_reader.cc) before the simdjson On-Demand
//    reader (json_read.cc). Whatever it accepts, the reader alone must accept and read to the
//    same Sale; whatever it gives up on goes to the reader, so errors are the reader's, byte for byte.
//  - Compact decision JSON (DecisionToJson without pretty, AppendDecisionJson) is written in its
//    own style (decision_json.cc); it must equal the pretty output with the whitespace outside
//    strings removed.
//  - JSON escaping (the word-at-a-time and SSE2 block scans) around the 4/8/16-byte boundaries.
// Inputs: tests/golden and examples/ sales, the fuzz seed corpus, a few thousand sales shaped
// like scripts/gen-sales and bench/gen_sales.py (fixed seed), and deterministic mutations.
#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <random>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "exportctl/exportctl.h"
#include "exportctl/json.h"
#include "gtest/gtest.h"
#include "sale_dump.h"
#include "simdjson.h"
#include "test_support.h"

namespace exportctl {
namespace {

namespace fs = std::filesystem;
using sale_dump::Dump;

const RuleSet& Builtin() {
  static const std::shared_ptr<const RuleSet> rules = [] {
    absl::StatusOr<std::shared_ptr<const RuleSet>> r = BuiltinRuleSet();
    EXPECT_TRUE(r.ok()) << r.status();
    return r.ok() ? *r : nullptr;
  }();
  return *rules;
}

// The input with bytes outside printable ASCII escaped, for failure messages.
std::string Printable(std::string_view s, size_t limit = 400) {
  std::string o;
  for (size_t i = 0; i < s.size() && i < limit; ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c < 0x7f && c != '\\') {
      o += static_cast<char>(c);
    } else {
      char b[8];
      std::snprintf(b, sizeof b, "\\x%02x", c);
      o += b;
    }
  }
  if (s.size() > limit) o += "... (" + std::to_string(s.size()) + " bytes)";
  return o;
}

// Parses `text` with ParseSaleJson (fast path first) and with the reader alone; counts, and
// reports a disagreement (the first few in full).
class ParseComparer {
 public:
  explicit ParseComparer(const RuleSet& rules) : rules_(rules) {}

  void Check(std::string_view text, std::string_view origin) {
    ++compared_;
    absl::StatusOr<Sale> a = ParseSaleJson(text, rules_);
    absl::StatusOr<Sale> b = internal::ParseSaleJsonWithReader(text, rules_);
    if (a.ok()) ++accepted_;
    std::string why;
    if (a.ok() != b.ok())
      why = a.ok() ? "ParseSaleJson accepts, the reader rejects" : "ParseSaleJson rejects, the reader accepts";
    else if (a.ok() && Dump(*a) != Dump(*b)) why = "the sales differ";
    else if (!a.ok() && a.status() != b.status()) why = "the errors differ";
    if (why.empty()) return;
    if (++mismatches_ <= 10) {
      ADD_FAILURE() << why << " (" << origin << ")\n  input: " << Printable(text)
                    << "\n  ParseSaleJson: " << (a.ok() ? Dump(*a) : a.status().ToString())
                    << "\n  reader:        " << (b.ok() ? Dump(*b) : b.status().ToString());
    }
  }

  int compared() const { return compared_; }
  int accepted() const { return accepted_; }
  int mismatches() const { return mismatches_; }

 private:
  const RuleSet& rules_;
  int compared_ = 0, accepted_ = 0, mismatches_ = 0;
};

// ---------------------------------------------------------------------------------------------
// Sales shaped like scripts/gen-sales (its LCG and mix) and bench/gen_sales.py, plus names with
// punctuation, escapes and non-ASCII, and numbers with fractions. Written in four styles: compact
// (gen-sales), Python's default separators, multi-line with tabs and CRLF, and ASCII-only with
// \u escapes (bench/gen_sales.py's ensure_ascii).

struct Json {
  enum Kind { kRaw, kString, kObject, kArray } kind = kRaw;
  std::string text;  // kRaw: the token; kString: the (unescaped) value
  std::vector<std::pair<std::string, Json>> members;
  std::vector<Json> elements;

  static Json Raw(std::string t) { return Json{kRaw, std::move(t), {}, {}}; }
  static Json Str(std::string s) { return Json{kString, std::move(s), {}, {}}; }
  static Json Int(int64_t n) { return Raw(std::to_string(n)); }
  static Json Obj() { return Json{kObject, {}, {}, {}}; }
  static Json Arr() { return Json{kArray, {}, {}, {}}; }
  Json& Set(std::string key, Json v) {
    members.emplace_back(std::move(key), std::move(v));
    return *this;
  }
  Json& Add(Json v) {
    elements.push_back(std::move(v));
    return *this;
  }
};

enum class Style { kCompact, kPython, kMultiline, kAsciiOnly };

// A reference escaper, independent of the library's.
void EscapeInto(std::string& out, std::string_view s, bool ascii_only) {
  for (size_t i = 0; i < s.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    char b[16];
    switch (c) {
      case '"': out += "\\\""; continue;
      case '\\': out += "\\\\"; continue;
      case '\n': out += "\\n"; continue;
      case '\r': out += "\\r"; continue;
      case '\t': out += "\\t"; continue;
      case '\b': out += "\\b"; continue;
      case '\f': out += "\\f"; continue;
      default: break;
    }
    if (c < 0x20) {
      std::snprintf(b, sizeof b, "\\u%04x", c);
      out += b;
    } else if (c >= 0x80 && ascii_only) {  // decode one UTF-8 sequence (the generator's are valid)
      const int n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
      uint32_t cp = c & (n == 4 ? 0x07 : n == 3 ? 0x0F : 0x1F);
      for (int k = 1; k < n; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
      i += n - 1;
      if (cp >= 0x10000) {
        cp -= 0x10000;
        std::snprintf(b, sizeof b, "\\u%04X\\u%04X", 0xD800 + (cp >> 10), 0xDC00 + (cp & 0x3FF));
      } else {
        std::snprintf(b, sizeof b, "\\u%04x", cp);
      }
      out += b;
    } else {
      out += static_cast<char>(c);
    }
  }
}

void Write(const Json& j, Style style, int depth, std::string& out) {
  const bool multi = style == Style::kMultiline;
  const std::string colon = style == Style::kPython || multi ? ": " : ":";
  const std::string comma = style == Style::kPython ? ", " : ",";
  auto newline = [&](int d) {
    if (!multi) return;
    out += "\r\n";
    out.append(static_cast<size_t>(d), '\t');
  };
  switch (j.kind) {
    case Json::kRaw: out += j.text; return;
    case Json::kString:
      out += '"';
      EscapeInto(out, j.text, style == Style::kAsciiOnly);
      out += '"';
      return;
    case Json::kObject:
      out += '{';
      for (size_t i = 0; i < j.members.size(); ++i) {
        if (i) out += comma;
        newline(depth + 1);
        Write(Json::Str(j.members[i].first), style, depth + 1, out);
        out += colon;
        Write(j.members[i].second, style, depth + 1, out);
      }
      if (!j.members.empty()) newline(depth);
      out += '}';
      return;
    case Json::kArray:
      out += '[';
      for (size_t i = 0; i < j.elements.size(); ++i) {
        if (i) out += comma;
        Write(j.elements[i], style, depth + 1, out);
      }
      out += ']';
      return;
  }
}

std::string ToText(const Json& j, Style style) {
  std::string out;
  Write(j, style, 0, out);
  return out;
}

// scripts/gen-sales's generator: Knuth's MMIX LCG, the high bits.
class Lcg {
 public:
  explicit Lcg(uint64_t seed) : state_(seed * 6364136223846793005ULL + 1442695040888963407ULL) {}
  uint64_t Below(uint64_t n) {
    state_ = state_ * 6364136223846793005ULL + 1442695040888963407ULL;
    return (state_ >> 33) % n;
  }
  template <class T, size_t N>
  const T& Pick(const T (&items)[N]) {
    return items[Below(N)];
  }
  bool Chance(int percent) { return Below(100) < static_cast<uint64_t>(percent); }

 private:
  uint64_t state_;
};

constexpr const char* kChips[] = {"H20",         "NVIDIA H20", "H100",       "H800",   "H200",          "A100",
                                  "A800",        "B200",       "L20",        "L40S",   "RTX Pro 6000D", "RTX 4090",
                                  "RTX 4090D",   "RTX 5090D",  "MI300X",     "MI308X", "MI325X",        "Ascend 910B",
                                  "Ascend 910C", "h20",        "nvidia h200"};
constexpr const char* kDestinations[] = {"CN", "CN", "CN", "HK", "MO", "AE", "SA", "VN", "IL", "DE", "US",
                                         "RU", "IN", "SG", "JP", "MY", "BY", "IR", "KP", "SY", "CU", "VE",
                                         "FR", "GB", "KR", "TW", "TH", "ID", "BR", "MX", "AU", "CA"};
constexpr const char* kHeadquarters[] = {"", "", "CN", "US", "DE", "AE", "SG", "RU", "MO"};
constexpr const char* kSectors[] = {"commercial", "commercial",  "commercial",
                                    "government", "state_owned", "critical_infrastructure",
                                    "research",   "military"};
constexpr const char* kEndUses[] = {
    "datacenter", "datacenter", "datacenter", "new_datacenter", "state_funded_datacenter", "consumer", "research"};
constexpr const char* kListed[] = {"Inspur Group",    "Biren Technology", "Moore Threads",
                                   "Zhipu AI",        "Sophgo",           "Nettrix",
                                   "Suma Technology", "壁仞科技",         "Shanghai Biren Technology Co., Ltd."};
constexpr const char* kUnlisted[] = {"Example Holding",
                                     "Harbor Capital",
                                     "Blue Lake Partners",
                                     "Northwind Ventures",
                                     "Société Générale d'Équipement S.A.",
                                     "O'Brien & Sons, Inc. (Dublin)",
                                     "Kestrel \"AI\" Holdings",
                                     "Back\\slash Capital",
                                     "Tab\tand\nNewline Ltd"};
constexpr const char* kBuyers[] = {"Example Cloud Co",
                                   "Pearl River Compute",
                                   "Kestrel AI",
                                   "Atlas Datacenters",
                                   "Biren Technology",
                                   "Sophgo Technologies Ltd.",
                                   "Example Server GmbH",
                                   "Gulf AI Park",
                                   "北京算力科技有限公司",
                                   "Ünïcödé Rechenzentrum GmbH (Zürich)",
                                   "\"Quoted\" Compute, LLC",
                                   "Emoji 🚀 Cloud",
                                   "Ctrl\x01\x1f"
                                   "Chars Inc.",
                                   "Sugon",
                                   ""};
constexpr const char* kExceptions[] = {"NAC", "ACA", "LPP", "nac", "Notified Advanced Computing"};
constexpr const char* kPrices[] = {"1600",  "8000",    "12000",   "25000", "30000",
                                   "35000", "12000.5", "8999.99", "0",     "0.25"};
constexpr const char* kPercents[] = {"10", "25", "30", "50", "51", "60", "100", "50.5", "33.333", "0.5", "99.99"};
constexpr const char* kPues[] = {"1.15", "1.2", "1.25", "1.28", "1.3", "1.5", "2", "0.9"};

const Date kFirstDay = Date(2022, 1, 1);
constexpr int kDays = 1826;  // 2022-01-01 .. 2026-12-31

Json Day(int offset) { return Json::Str(kFirstDay.AddDays(offset).ToString()); }

Json CustomChip(Lcg& r, int i) {
  Json chip = Json::Obj();
  chip.Set("model", Json::Str("Custom X" + std::to_string(i % 97)))
      .Set("vendor", Json::Str("Example"))
      .Set("origin", Json::Str(r.Pick({"US", "US", "CN", "TW"})))
      .Set("datacenter", Json::Raw(r.Chance(70) ? "true" : "false"));
  if (r.Chance(75)) chip.Set("die_area_mm2", Json::Int(300 + static_cast<int64_t>(r.Below(560))));
  if (r.Chance(50)) {
    const int64_t fp8 = 100 + static_cast<int64_t>(r.Below(2400));
    chip.Set("dense_tops", Json::Obj().Set("fp8", Json::Int(fp8)).Set("fp16", Json::Int(fp8 / 2)));
  } else {
    chip.Set("tpp", Json::Int(500 + static_cast<int64_t>(r.Below(20000))));
  }
  if (r.Chance(60)) chip.Set("interconnect_gbps", Json::Raw(r.Pick({"400", "600", "900", "1800", "900.5"})));
  if (r.Chance(60)) chip.Set("memory_bandwidth_gbps", Json::Int(1000 + static_cast<int64_t>(r.Below(7000))));
  if (r.Chance(50)) chip.Set("tdp_w", Json::Int(250 + static_cast<int64_t>(r.Below(800))));
  return chip;
}

Json Owners(Lcg& r, int depth) {
  Json tree = Json::Arr();
  for (uint64_t n = 1 + r.Below(2); n > 0; --n) {
    Json owner = Json::Obj();
    owner.Set("name", Json::Str(r.Chance(40) ? r.Pick(kListed) : r.Pick(kUnlisted)));
    owner.Set("percent", Json::Raw(r.Pick(kPercents)));
    if (depth < 2 && r.Chance(25)) owner.Set("owners", Owners(r, depth + 1));
    else if (r.Chance(70)) owner.Set("owners", Json::Arr());
    tree.Add(std::move(owner));
  }
  return tree;
}

Json GenSale(Lcg& r, int i) {
  const int d = static_cast<int>(r.Below(kDays));
  Json s = Json::Obj();
  s.Set("date", Day(d));
  s.Set("item", r.Chance(6) ? CustomChip(r, i) : Json::Str(r.Pick(kChips)));
  s.Set("quantity", Json::Int(1 + static_cast<int64_t>(r.Below(5000))));
  s.Set("destination", Json::Str(r.Pick(kDestinations)));
  if (r.Chance(70)) s.Set("unit_price_usd", Json::Raw(r.Pick(kPrices)));
  if (r.Chance(10)) s.Set("exported_from", Json::Str(r.Pick({"US", "TW", "MY", "SG"})));
  if (r.Chance(80)) {
    Json buyer = Json::Obj();
    if (r.Chance(20)) buyer.Set("name", Json::Str("Buyer " + std::to_string(1 + r.Below(5000)) + " Co., Ltd."));
    else buyer.Set("name", Json::Str(r.Chance(85) ? r.Pick(kBuyers) : r.Pick(kListed)));
    const std::string hq = r.Pick(kHeadquarters);
    if (!hq.empty()) {
      buyer.Set("headquarters", Json::Str(hq));
      if (r.Chance(30)) buyer.Set("ultimate_parent_headquarters", Json::Str(r.Pick({"CN", "US", "MO", "DE"})));
    }
    buyer.Set("sector", Json::Str(r.Pick(kSectors)));
    if (r.Chance(35)) buyer.Set("owners", Owners(r, 0));
    s.Set("buyer", std::move(buyer));
  }
  if (r.Chance(85)) s.Set("end_use", Json::Str(r.Pick(kEndUses)));
  if (r.Chance(25)) {
    const int start = d - static_cast<int>(r.Below(400));
    Json license = Json::Obj();
    license.Set("jurisdiction", Json::Str("US")).Set("valid_from", Day(start));
    if (r.Chance(80)) license.Set("valid_until", Day(start + 365 + static_cast<int>(r.Below(400))));
    if (r.Chance(30)) license.Set("items", Json::Arr().Add(Json::Str(r.Pick(kChips))).Add(Json::Str("H20")));
    if (r.Chance(20)) license.Set("destination", Json::Str(r.Pick(kDestinations)));
    if (r.Chance(15)) license.Set("buyer", Json::Str(r.Pick(kBuyers)));
    license.Set("quantity", Json::Raw(r.Pick({"1000", "5000", "100000"})));
    s.Set("licenses", Json::Arr().Add(std::move(license)));
  }
  if (r.Chance(10))
    s.Set("notifications", Json::Arr().Add(Json::Obj()
                                               .Set("exception", Json::Str(r.Pick(kExceptions)))
                                               .Set("filed", Day(d - static_cast<int>(r.Below(60))))));
  if (r.Chance(8)) {
    Json approval = Json::Obj();
    approval.Set("jurisdiction", Json::Str("CN")).Set("valid_from", Day(d - static_cast<int>(r.Below(90))));
    approval.Set("quantity", Json::Raw(r.Pick({"100", "100000"})));
    s.Set("approvals", Json::Arr().Add(std::move(approval)));
  }
  if (r.Chance(5)) s.Set("domestic_chips_purchased", Json::Int(static_cast<int64_t>(r.Below(10000))));
  if (r.Chance(5)) s.Set("us_units_shipped", Json::Int(static_cast<int64_t>(r.Below(100000))));
  if (r.Chance(20)) {
    Json dc = Json::Obj();
    if (r.Chance(90)) dc.Set("pue", Json::Raw(r.Pick(kPues)));
    if (r.Chance(60)) dc.Set("national_hub", Json::Raw(r.Chance(30) ? "true" : "false"));
    s.Set("datacenter", std::move(dc));
  }
  return s;
}

// `count` generated sales, the style cycling per line.
std::vector<std::string> GeneratedSales(int count) {
  Lcg r(1);
  std::vector<std::string> lines;
  lines.reserve(static_cast<size_t>(count));
  for (int i = 1; i <= count; ++i) {
    const Style style = i % 8 == 0   ? Style::kMultiline
                        : i % 8 == 3 ? Style::kPython
                        : i % 8 == 5 ? Style::kAsciiOnly
                                     : Style::kCompact;
    lines.push_back(ToText(GenSale(r, i), style));
  }
  return lines;
}

std::string ReadFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Every sale-like JSON file under `dir` (recursively): whole .json files, .jsonl line by line.
std::vector<std::pair<std::string, std::string>> FilesUnder(const fs::path& dir) {
  std::vector<std::pair<std::string, std::string>> out;
  std::vector<fs::path> paths;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.is_regular_file() && (e.path().extension() == ".json" || e.path().extension() == ".jsonl"))
      paths.push_back(e.path());
  std::sort(paths.begin(), paths.end());
  for (const fs::path& p : paths) {
    const std::string text = ReadFile(p);
    if (p.extension() == ".jsonl") {
      std::istringstream in(text);
      int n = 0;
      for (std::string line; std::getline(in, line);) out.emplace_back(p.string() + ":" + std::to_string(++n), line);
    }
    out.emplace_back(p.string(), text);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Mutations.

constexpr const char* kNumbers[] = {"0",
                                    "-0",
                                    "-1",
                                    "-0.5",
                                    "00",
                                    "01",
                                    "007",
                                    "1.0",
                                    "1.",
                                    ".5",
                                    "1e3",
                                    "1E3",
                                    "1e-3",
                                    "1e+2",
                                    "1e400",
                                    "-1e400",
                                    "1.5e2",
                                    "9223372036854775807",
                                    "9223372036854775808",
                                    "-9223372036854775808",
                                    "999999999999999999",
                                    "1000000000000000000",
                                    "18446744073709551616",
                                    "123456789012345",
                                    "1234567890123456",
                                    "0.1234567890123456",
                                    "123456789012345.6",
                                    "12345678901234.5",
                                    "0.30000000000000004",
                                    "100",
                                    "100.0",
                                    "100.5",
                                    "99.999999999999999",
                                    "1e2",
                                    "50.5",
                                    "0.000000000000001",
                                    "2.2250738585072014e-308",
                                    "4.9e-324",
                                    "1.7976931348623157e308",
                                    "true",
                                    "false",
                                    "null",
                                    "\"5\"",
                                    "[]",
                                    "{}",
                                    "0x10",
                                    "+1",
                                    "1_000",
                                    "Infinity",
                                    "NaN",
                                    "1 2",
                                    "--1",
                                    "1.5.5",
                                    "0.0"};

constexpr const char* kFragments[] = {"\"owners\":[]",
                                      "\"percent\":100",
                                      "\"percent\":0",
                                      "\"percent\":100.5",
                                      "1e3",
                                      "-0",
                                      "0.5",
                                      "00",
                                      "null",
                                      "true",
                                      "false",
                                      "\"valid_until\":\"2020-01-01\"",
                                      "\"quantity\":0",
                                      "\"sector\":\"government\"",
                                      "\"end_use\":\"military\"",
                                      "\"item\":\"H20\"",
                                      "\"item\":{\"model\":\"X\",\"tpp\":5000}",
                                      "\"datacenter\":{\"pue\":1.2,\"national_hub\":true}",
                                      "\"notifications\":[{\"exception\":\"NAC\",\"filed\":\"2024-01-01\"}]",
                                      "\"exception\":\"\"",
                                      "12345678901234567",
                                      "1234567890123456789012",
                                      "\"2024-02-30\"",
                                      "\"XX\"",
                                      "\"us\"",
                                      "\\u0041",
                                      "\"date\":\"2024-01-01\"",
                                      "\"approvals\":[{\"jurisdiction\":\"CN\",\"valid_from\":\"2024-01-01\"}]",
                                      "\"items\":[\"H20\",\"h20\"]",
                                      "\"buyer\":\"X\"",
                                      "0.1234567890123456",
                                      "9007199254740993",
                                      "\"domestic_chips_purchased\":0",
                                      "\"us_units_shipped\":5",
                                      "\"ultimate_parent_headquarters\":\"CN\"",
                                      "\"headquarters\":\"TW\"",
                                      "\"name\":\"Buyer\"",
                                      "}",
                                      "{",
                                      "]",
                                      "[",
                                      ",",
                                      "\"\\ud800\"",
                                      "\"\\uD83D\\uDE80\"",
                                      "\"\xc3\xa9\"",
                                      "\"\xff\""};

// Start offsets of the values of numeric members ("key":123) in `s`, and their ends.
std::vector<std::pair<size_t, size_t>> NumberSpans(const std::string& s) {
  std::vector<std::pair<size_t, size_t>> spans;
  bool in_string = false;
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
      continue;
    }
    if (c == '"') in_string = true;
    if (c != ':') continue;
    size_t b = i + 1;
    while (b < s.size() && (s[b] == ' ' || s[b] == '\t' || s[b] == '\r' || s[b] == '\n')) ++b;
    size_t e = b;
    while (e < s.size() && (std::isdigit(static_cast<unsigned char>(s[e])) || s[e] == '.' || s[e] == '-')) ++e;
    if (e > b) spans.emplace_back(b, e);
  }
  return spans;
}

// Offsets of the bytes inside string tokens (not keys' or values' quotes).
std::vector<size_t> StringBytes(const std::string& s) {
  std::vector<size_t> at;
  bool in_string = false;
  for (size_t i = 0; i < s.size(); ++i) {
    if (in_string) {
      if (s[i] == '\\') {
        ++i;
        continue;
      }
      if (s[i] == '"') in_string = false;
      else if (static_cast<unsigned char>(s[i]) < 0x80) at.push_back(i);
      continue;
    }
    if (s[i] == '"') in_string = true;
  }
  return at;
}

// Deterministic mutations of one generated line: flips, truncations, escapes, duplicated keys,
// tricky numbers and whitespace.
std::vector<std::string> Mutations(const std::string& line, uint64_t seed, bool all_numbers) {
  std::vector<std::string> out;
  Lcg r(seed);
  const size_t n = line.size();
  // Byte flips.
  for (unsigned char bit : {0x01, 0x20, 0x80}) {
    std::string s = line;
    s[r.Below(n)] ^= static_cast<char>(bit);
    out.push_back(std::move(s));
  }
  // Truncations (including to nothing and to everything but the closing brace).
  for (size_t len : {size_t{0}, size_t{1}, n / 2, n - 1, static_cast<size_t>(r.Below(n))})
    out.push_back(line.substr(0, len));
  // Escapes inside strings: a character as \u00XX (same value), an escaped quote, backslash,
  // control, a surrogate pair, a lone surrogate.
  const std::vector<size_t> chars = StringBytes(line);
  if (!chars.empty()) {
    for (const char* esc :
         {"\\u00", "\\\"", "\\\\", "\\n", "\\t", "\\u0000", "\\ud83d\\ude80", "\\ud800", "\\/", "\\x"}) {
      const size_t at = chars[r.Below(chars.size())];
      std::string s = line;
      if (std::string_view(esc) == "\\u00") {
        char b[8];
        std::snprintf(b, sizeof b, "\\u%04x", static_cast<unsigned char>(line[at]));
        s.replace(at, 1, b);
      } else {
        s.insert(at, esc);
      }
      out.push_back(std::move(s));
    }
  }
  // Duplicated keys: the first member repeated; a nested object's first member repeated.
  {
    const size_t comma = line.find(',');
    if (comma != std::string::npos) out.push_back("{" + line.substr(1, comma - 1) + "," + line.substr(1));
    const size_t nested = line.find('{', 1);
    if (nested != std::string::npos) {
      const size_t end = line.find_first_of(",}", nested);
      if (end != std::string::npos && line[end] == ',')
        out.push_back(line.substr(0, nested + 1) + line.substr(nested + 1, end - nested) + line.substr(nested + 1));
    }
  }
  // Numbers: each numeric value replaced by tricky tokens (all of them, or a few).
  const std::vector<std::pair<size_t, size_t>> spans = NumberSpans(line);
  for (const auto& [b, e] : spans) {
    if (all_numbers) {
      for (const char* num : kNumbers) out.push_back(line.substr(0, b) + num + line.substr(e));
    } else {
      for (int k = 0; k < 3; ++k) out.push_back(line.substr(0, b) + r.Pick(kNumbers) + line.substr(e));
    }
  }
  // Whitespace: leading, trailing, a NUL, a BOM, trailing garbage, a second value.
  out.push_back(" \t\r\n" + line + " \n");
  out.push_back(line + std::string(1, '\0'));
  out.push_back("\xef\xbb\xbf" + line);
  out.push_back(line + "x");
  out.push_back(line + line);
  out.push_back(line + ",");
  return out;
}

// diff.cc's random edits: 1..3 deletions, insertions, replacements and fragment splices.
std::string RandomEdit(std::string s, std::mt19937_64& rng) {
  static const std::string kAlpha =
      std::string("0123456789.eE-+\"\\{}[],: \t\r\nabcdefxyzABCUSCN_\x7f\xc3\xa9\x01") + '\0';
  const int edits = 1 + static_cast<int>(rng() % 3);
  for (int e = 0; e < edits; ++e) {
    const size_t pos = s.empty() ? 0 : rng() % (s.size() + 1);
    const char* f = kFragments[rng() % std::size(kFragments)];
    switch (rng() % 5) {
      case 0:
        if (pos < s.size()) s.erase(pos, 1 + rng() % 4);
        break;
      case 1: s.insert(pos, 1, kAlpha[rng() % kAlpha.size()]); break;
      case 2:
        if (pos < s.size()) s[pos] = kAlpha[rng() % kAlpha.size()];
        break;
      case 3: s.insert(pos, std::string(f) + (rng() % 2 ? "," : "")); break;
      case 4: {
        const size_t c = s.find(':', pos);
        if (c == std::string::npos) break;
        const size_t end = s.find_first_of(",}", c + 1);
        if (end == std::string::npos) break;
        s.replace(c + 1, end - c - 1, f);
        break;
      }
    }
  }
  return s;
}

// ---------------------------------------------------------------------------------------------
// Reader equivalence.

TEST(SaleReaderPaths, CommittedSalesParseTheSameOnBothPaths) {
  ParseComparer cmp(Builtin());
  const fs::path root(EXPORTCTL_SOURCE_DIR);
  int files = 0;
  for (const fs::path& dir :
       {root / "tests" / "golden", root / "examples", root / "tests" / "fuzz" / "corpus" / "sale_json"}) {
    for (const auto& [name, text] : FilesUnder(dir)) {
      cmp.Check(text, name);
      ++files;
    }
  }
  // The corpus has files without an extension too.
  for (const auto& e : fs::directory_iterator(root / "tests" / "fuzz" / "corpus" / "sale_json")) {
    if (e.path().has_extension()) continue;
    cmp.Check(ReadFile(e.path()), e.path().string());
    ++files;
  }
  EXPECT_GT(files, 25);
  EXPECT_GT(cmp.accepted(), 15);  // the stories parse
  EXPECT_EQ(cmp.mismatches(), 0);
  std::printf("committed inputs compared: %d (%d accepted)\n", cmp.compared(), cmp.accepted());
}

TEST(SaleReaderPaths, GeneratedSalesParseTheSameOnBothPaths) {
  ParseComparer cmp(Builtin());
  const std::vector<std::string> lines = GeneratedSales(3000);
  for (size_t i = 0; i < lines.size(); ++i) cmp.Check(lines[i], "generated line " + std::to_string(i + 1));
  // Nearly all are valid (a few name a chip or a field value the catalog rejects).
  EXPECT_GT(cmp.accepted(), 2700);
  EXPECT_EQ(cmp.mismatches(), 0);
  std::printf("generated sales compared: %d (%d accepted)\n", cmp.compared(), cmp.accepted());
}

TEST(SaleReaderPaths, MutatedSalesParseOrFailTheSameOnBothPaths) {
  ParseComparer cmp(Builtin());
  const std::vector<std::string> lines = GeneratedSales(1200);
  for (size_t i = 0; i < lines.size(); ++i) {
    for (const std::string& m : Mutations(lines[i], i + 1, /*all_numbers=*/i < 150))
      cmp.Check(m, "mutation of generated line " + std::to_string(i + 1));
  }
  std::mt19937_64 rng(42);
  for (int k = 0; k < 20000; ++k) {
    const std::string& base = lines[rng() % lines.size()];
    cmp.Check(RandomEdit(base, rng), "random edit " + std::to_string(k));
  }
  EXPECT_GT(cmp.accepted(), 5000);
  EXPECT_GT(cmp.compared() - cmp.accepted(), 10000);
  EXPECT_EQ(cmp.mismatches(), 0);
  std::printf("mutated sales compared: %d (%d accepted)\n", cmp.compared(), cmp.accepted());
}

TEST(SaleReaderPaths, LimitsAndOddShapesParseOrFailTheSameOnBothPaths) {
  ParseComparer cmp(Builtin());
  const std::string head = R"({"date":"2025-09-01","item":"H20","destination":"CN","buyer":{"name":")";
  const std::string tail = R"("}})";
  // Around the 1 MiB limit on a sale's text.
  for (size_t total : {size_t{1} << 20, (size_t{1} << 20) - 1, (size_t{1} << 20) + 1}) {
    cmp.Check(head + std::string(total - head.size() - tail.size(), 'x') + tail,
              "buyer name to " + std::to_string(total) + " bytes");
    std::string padded = R"({"date":"2025-09-01","item":"H20","destination":"CN"})";
    padded.append(total - padded.size(), ' ');
    cmp.Check(padded, "whitespace to " + std::to_string(total) + " bytes");
  }
  // Owner trees around the depth (64) and count (10000) limits.
  for (int depth : {1, 2, 63, 64, 65, 66}) {
    std::string owners;
    for (int d = 0; d < depth; ++d) owners += R"([{"name":"O)" + std::to_string(d) + R"(","percent":60,"owners":)";
    owners += "[]";
    for (int d = 0; d < depth; ++d) owners += "}]";
    cmp.Check(R"({"date":"2025-09-01","item":"H20","destination":"CN","buyer":{"name":"B","owners":)" + owners + "}}",
              "owner depth " + std::to_string(depth));
  }
  for (int count : {9999, 10000, 10001}) {
    std::string owners = "[";
    for (int k = 0; k < count; ++k) owners += std::string(k ? "," : "") + R"({"name":"O","percent":1})";
    owners += "]";
    cmp.Check(R"({"date":"2025-09-01","item":"H20","destination":"CN","buyer":{"name":"B","owners":)" + owners + "}}",
              "owner count " + std::to_string(count));
  }
  // Every member at once, twice (the fast path's 16 remembered keys), and odd documents.
  const std::string full =
      R"("date":"2025-09-01","item":"H20","quantity":5,"unit_price_usd":12000.5,"destination":"CN","exported_from":"US",)"
      R"("buyer":{"name":"B","headquarters":"CN","ultimate_parent_headquarters":"CN","sector":"research","owners":[]},)"
      R"("end_use":"consumer","licenses":[],"notifications":[],"approvals":[],"domestic_chips_purchased":0,)"
      R"("us_units_shipped":0,"datacenter":{"pue":1.2,"national_hub":false})";
  for (
      const std::string& text : std::vector<std::string>{
          "{" + full + "}",
          "{" + full + "," + full + "}",
          "{" + full + R"(,"x1":1})",
          "",
          " ",
          "null",
          "nul",
          "[]",
          "{}",
          "1",
          "\"x\"",
          "true",
          "{",
          "}",
          "{\"date\"",
          R"({"date":"2025-09-01","item":"H20","destination":"CN"} {})",
          R"({"date":"2025-09-01","item":"H20","destination":"CN"}})",
          R"({"date":"2025-09-01","item":"H20","destination":"CN",})",
          R"({"date":"2025-09-01","item":"H20","destination":"CN"})" + std::string("\0\0", 2),
          R"({"date":"2025-09-01","item":"H20","destination":"CN","buyer":{"name":"A\u0000B"}})",
          R"({"date":"2025-09-01","item":"H20","destination":"CN","buyer":{"name":"caf)"
          "\xc3\xa9"
          R"("}})",
          R"({"date":"2025-09-01","item":"H20","destination":"CN","buyer":{"name":"bad )"
          "\xc3\x28"
          R"("}})",
          R"({"date":"2025-09-01","item":"H20","destination":"CN","buyer":{"name":"del )"
          "\x7f"
          R"("}})",
          R"({"date":"2025-09-01","item":"H20","destination":"CN","buyer":{"name":"tab	in"}})",
          R"({"date":"2025-09-01","item":"H20","destination":"CN","quantity":1e0})",
          R"({"date":"2025-09-01","item":"H20","destination":"CN","quantity":18446744073709551615})",
          R"({"date":"2025-09-01","item":"H20","destination":"CN","unit_price_usd":1.7976931348623159e308})",
          R"({"date":"2025-09-01","item":"H20","destination":"CN","unit_price_usd":0.1000000000000000055511151231257827})",
          R"({"date":"2025-09-01","item":"H20","destination":"CN","unit_price_usd":999999999999999})",
          R"({"date":"2025-09-01","item":"H20","destination":"CN","unit_price_usd":99999999999999.9})",
          R"({"date":"2025-09-01","item":"H20","destination":"CN","unit_price_usd":0.000000000000009})",
          R"({"date":"2025-09-01","item":"H20","destination":"CN","datacenter":{"pue":0}})",
          R"({"date":"2025-09-01","item":"H20","destination":"CN","datacenter":{"pue":0.0}})",
          R"({"date":"2025-09-01","item":"H20","destination":"CN","datacenter":{"national_hub":truex}})",
          R"({"date":"2025-09-01","item":"H20","destination":"CN","licenses":[{"jurisdiction":"US","valid_from":"2025-01-01","valid_until":"2025-01-01"}]})",
          R"({"date":"2025-09-01","item":"H20","destination":"CN","licenses":[{"jurisdiction":"US","valid_from":"2025-01-01","quantity":0}]})",
          R"({"date":"2025-09-01","item":"H20","destination":"CN","notifications":[{"exception":"","filed":"2025-01-01"}]})",
          R"({"date":"2025-09-01","item":"H20","destination":"CN","buyer":{"name":"B","owners":[{"name":"O","percent":100.0000000001}]}})",
          R"({"date":"2025-09-01","item":"H20","destination":"CN","buyer":{"name":"B","owners":[{"name":"O","percent":0.0}]}})",
          R"({"date":"2025-09-01","item":"H20","destination":"CN","buyer":{"name":"B","owners":[{"percent":5}]}})",
          R"({"date":"2025-09-01","item":"H20","destination":"cn"})",
          R"({"date":"2025-9-01","item":"H20","destination":"CN"})",
          R"({"date":"2025-09-01","item":" H20 ","destination":"CN"})",
          R"({"date":"2025-09-01","item":"","destination":"CN"})",
          R"({"Date":"2025-09-01","item":"H20","destination":"CN"})",
          R"({"date":"2025-09-01","item":"H20"})",
          R"({"dat\u0065":"2025-09-01","item":"H20","destination":"CN"})",
          R"({"date":"2025-09-01","item":"H\u0032""0","destination":"CN"})",
          R"({"date":"2025-09-01","item":"H\u00320","destination":"CN"})",
      }) {
    cmp.Check(text, "hand-written input");
  }
  EXPECT_EQ(cmp.mismatches(), 0);
}

// The fast path reads a decimal of up to 15 digits as digits over a power of ten; the reader
// (simdjson) rounds the decimal itself. The same double, to the bit, for every split of the
// digits around the point, and in numbers that round (0.1, 1.28) or sit at the 15-digit limit.
TEST(SaleReaderPaths, DecimalsReadToTheSameDoubleOnBothPaths) {
  ParseComparer cmp(Builtin());
  std::vector<std::string> numbers = {"0",
                                      "0.1",
                                      "0.3",
                                      "1.28",
                                      "1.1",
                                      "2.675",
                                      "30000",
                                      "999999999999999",
                                      "0.000000000000001",
                                      "99999999999999.9",
                                      "123456789012.345",
                                      "1.0000000000001",
                                      "4503599627370495.5",
                                      "9007199254740993",
                                      "0.30000000000000004"};
  std::mt19937_64 rng(20261206);
  for (int k = 0; k < 20000; ++k) {
    const int digits = 1 + static_cast<int>(rng() % 16);
    const int fraction = static_cast<int>(rng() % static_cast<uint64_t>(digits));
    std::string n;
    for (int d = 0; d < digits; ++d) n += static_cast<char>('0' + rng() % 10);
    while (n.size() > 1 && n[0] == '0' && static_cast<int>(n.size()) - 1 > fraction) n.erase(0, 1);
    if (fraction > 0) n.insert(n.size() - static_cast<size_t>(fraction), ".");
    numbers.push_back(n);
  }
  for (const std::string& n : numbers) {
    cmp.Check(R"({"date":"2025-09-01","item":"H20","destination":"CN","unit_price_usd":)" + n + "}", "price " + n);
    cmp.Check(R"({"date":"2025-09-01","item":"H20","destination":"CN","datacenter":{"pue":1)" +
                  (n.find('.') == std::string::npos ? "." + n : n.substr(n.find('.'))) + "}}",
              "pue from " + n);
  }
  EXPECT_EQ(cmp.mismatches(), 0);
  EXPECT_GT(cmp.accepted(), cmp.compared() * 9 / 10);
}

// ---------------------------------------------------------------------------------------------
// Writer equivalence.

// `json` without whitespace outside strings.
std::string Minify(std::string_view json) {
  std::string out;
  out.reserve(json.size());
  bool in_string = false;
  for (size_t i = 0; i < json.size(); ++i) {
    const char c = json[i];
    if (in_string) {
      out += c;
      if (c == '\\' && i + 1 < json.size()) out += json[++i];
      else if (c == '"') in_string = false;
      continue;
    }
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r') continue;
    if (c == '"') in_string = true;
    out += c;
  }
  return out;
}

TEST(DecisionWriterPaths, MinifyKeepsStringsWhole) {
  EXPECT_EQ(Minify("{ \"a b\" : [ 1 ,\n  \"x\\\" \\\\\" ] }"), "{\"a b\":[1,\"x\\\" \\\\\"]}");
  EXPECT_EQ(Minify("\"\\\\\" \"  \""), "\"\\\\\"\"  \"");
}

// Compares the compact writers with the minified pretty writer for one decision.
class WriterComparer {
 public:
  void Check(const Decision& d, const Sale& sale, const RuleSet& rules, std::string_view origin) {
    ++compared_;
    const std::string pretty = DecisionToJson(d, sale, rules, {.pretty = true});
    const std::string compact = DecisionToJson(d, sale, rules);
    std::string appended = "[prefix]";
    AppendDecisionJson(appended, d, sale, rules);
    const std::string expected = Minify(pretty);
    if (compact != expected) Fail(origin, "DecisionToJson compact != minified pretty", compact, expected);
    else if (appended != "[prefix]" + compact) Fail(origin, "AppendDecisionJson != DecisionToJson", appended, compact);
    if (compact.size() > pretty.size()) Fail(origin, "compact longer than pretty", compact, pretty);
  }
  int compared() const { return compared_; }
  int mismatches() const { return mismatches_; }

 private:
  void Fail(std::string_view origin, std::string_view what, const std::string& got, const std::string& want) {
    if (++mismatches_ > 5) return;
    size_t at = 0;
    while (at < got.size() && at < want.size() && got[at] == want[at]) ++at;
    ADD_FAILURE() << what << " (" << origin << ") at byte " << at
                  << "\n  got:  " << Printable(got.substr(at > 60 ? at - 60 : 0), 200)
                  << "\n  want: " << Printable(want.substr(at > 60 ? at - 60 : 0), 200);
  }
  int compared_ = 0, mismatches_ = 0;
};

// A second, small rule set, interleaved with the built-in one so the compact writer's per-thread
// rule_set cache changes hands.
std::shared_ptr<const RuleSet> SmallRuleSet() {
  RulePack pack = testing::BasePack();
  pack.info.revision = "2\"\\\n";
  return testing::MustCompile(pack);
}

TEST(DecisionWriterPaths, CompactOutputIsThePrettyOutputWithoutWhitespace) {
  const RuleSet& rules = Builtin();
  const std::shared_ptr<const RuleSet> small = SmallRuleSet();
  ASSERT_NE(small, nullptr);
  WriterComparer cmp;
  const std::vector<std::string> lines = GeneratedSales(1500);
  int sales = 0;
  for (size_t i = 0; i < lines.size(); ++i) {
    absl::StatusOr<Sale> sale = ParseSaleJson(lines[i], rules);
    if (!sale.ok()) continue;
    ++sales;
    const std::string origin = "generated line " + std::to_string(i + 1);
    const std::optional<Date> as_of =
        i % 3 == 0 ? std::nullopt : std::optional<Date>(sale->date.AddDays(-static_cast<int>(i % 500)));
    for (TraceLevel t : {TraceLevel::kNone, TraceLevel::kFired, TraceLevel::kFull}) {
      cmp.Check(Evaluate(rules, *sale, {.as_of = as_of, .trace = t}), *sale, rules, origin);
    }
    if (i % 10 == 0)
      cmp.Check(Evaluate(*small, *sale, {.as_of = std::nullopt, .trace = TraceLevel::kFull}), *sale, *small,
                origin + " (small rules)");
  }
  // Decisions no evaluation makes: defaults, no hash (the rule set's is written), odd dates,
  // an invalid country, every optional member.
  absl::StatusOr<Sale> sale = ParseSaleJson(R"({"date":"2025-09-01","item":"H20","destination":"CN"})", rules);
  ASSERT_TRUE(sale.ok()) << sale.status();
  Decision empty;
  cmp.Check(empty, *sale, rules, "a default Decision");
  Decision d = Evaluate(rules, *sale, {.as_of = std::nullopt, .trace = TraceLevel::kFull});
  d.rule_set_hash = 0;
  d.date = Date::Unbounded();
  d.missing = SpecSet(Spec::kDieArea) | Spec::kUnitPrice | Spec::kMemory;
  d.conditions.push_back({.kind = ConditionKind::kRevenueShare,
                          .jurisdiction = Country(),
                          .rule = "r",
                          .percent = 15,
                          .amount_usd = 1234.5678,
                          .max_units = -3,
                          .ratio = 0.333333});
  ASSERT_FALSE(d.jurisdictions.empty());
  d.jurisdictions[0].in_scope = false;
  d.jurisdictions[0].review_policy = ReviewPolicy{};
  d.jurisdictions[0].missing = Spec::kTdp;
  d.jurisdictions[0].note = "note";
  d.jurisdictions[0].advisories.push_back({"", ""});
  d.jurisdictions.push_back(JurisdictionDecision{});  // an invalid country as a key
  if (!d.trace.empty()) {
    d.trace[0].fired = false;
    d.trace[0].modeled = true;
    d.trace[0].thresholds.push_back({.metric = Metric::kTpp,
                                     .value = 1e300,
                                     .threshold = -0.0,
                                     .parameter = "p",
                                     .parameter_from = Date::Unbounded(),
                                     .result = true});
  }
  cmp.Check(d, *sale, rules, "a hand-edited Decision");
  EXPECT_GT(sales, 1300);
  EXPECT_GT(cmp.compared(), 4000);
  EXPECT_EQ(cmp.mismatches(), 0);
  std::printf("decisions compared: %d\n", cmp.compared());
}

// ---------------------------------------------------------------------------------------------
// Escaping.

// Strings of 0..40 bytes, each with one special sequence at every position (and a few all
// special), around the 4-, 8- and 16-byte blocks the writers scan.
std::vector<std::string> EscapeCases() {
  const std::vector<std::string> specials = {std::string(1, '\0'),
                                             "\x01",
                                             "\x1f",
                                             "\"",
                                             "\\",
                                             "\n",
                                             "\r",
                                             "\t",
                                             "\b",
                                             "\f",
                                             "\x7f",
                                             " ",
                                             "/",
                                             "\xc3\xa9",
                                             "\xe4\xb8\xad",
                                             "\xf0\x9f\x9a\x80"};
  std::vector<std::string> cases;
  for (size_t len = 0; len <= 40; ++len) {
    cases.push_back(std::string(len, 'a'));
    for (const std::string& sp : specials) {
      if (sp.size() > len) continue;
      for (size_t pos = 0; pos + sp.size() <= len; ++pos) {
        std::string s(len, 'a');
        s.replace(pos, sp.size(), sp);
        cases.push_back(std::move(s));
      }
      std::string all;
      while (all.size() + sp.size() <= len) all += sp;
      cases.push_back(all);
    }
    // Two specials: one early, one in the tail block.
    if (len >= 2) {
      std::string s(len, 'b');
      s[len / 3] = '"';
      s[len - 1] = '\x02';
      cases.push_back(std::move(s));
    }
  }
  return cases;
}

// Whether `s` is valid UTF-8 (so that the JSON holding it must parse).
bool ValidUtf8(std::string_view s) { return simdjson::validate_utf8(s.data(), s.size()); }

TEST(JsonEscapingPaths, AppendJsonEscapedMatchesAReferenceEscaper) {
  int n = 0;
  for (const std::string& s : EscapeCases()) {
    std::string want = "pre";
    EscapeInto(want, s, /*ascii_only=*/false);
    std::string got = "pre";
    AppendJsonEscaped(got, s);
    ASSERT_EQ(got, want) << Printable(s);
    ++n;
  }
  EXPECT_GT(n, 5000);
}

TEST(JsonEscapingPaths, BothWritersEscapeModelsBuyersAndAdvisoriesAlike) {
  const RuleSet& rules = Builtin();
  // An H20 to a CN buyer on the Entity List (through an alias with punctuation), so the trace
  // quotes the buyer's name, and the decision has advisories to write.
  absl::StatusOr<Sale> base = ParseSaleJson(
      R"({"date":"2025-09-01","item":"H20","destination":"CN","buyer":{"name":"Biren Technology","headquarters":"CN"}})",
      rules);
  ASSERT_TRUE(base.ok()) << base.status();
  WriterComparer cmp;
  simdjson::dom::parser parser;
  int buyer_quoted = 0, parsed = 0;
  const std::vector<std::string> cases = EscapeCases();
  for (size_t k = 0; k < cases.size(); ++k) {
    const std::string& s = cases[k];
    Sale sale = *base;
    sale.item.model = s;
    // Separators only between the words keep the entity match: ASCII punctuation and controls.
    std::string separators;
    for (char c : s)
      if (static_cast<unsigned char>(c) < 0x80 && !std::isalnum(static_cast<unsigned char>(c))) separators += c;
    sale.buyer.name = "Biren" + (separators.empty() ? std::string(" ") : separators) + "Technology";
    Decision d =
        Evaluate(rules, sale, {.as_of = std::nullopt, .trace = k % 2 ? TraceLevel::kFull : TraceLevel::kFired});
    ASSERT_FALSE(d.jurisdictions.empty());
    // The string as an advisory's rule and text (written "rule: text"), a note and a detail.
    const std::string rule_part = s.substr(0, s.size() / 2);
    d.jurisdictions[0].advisories.push_back({rule_part, s});
    d.jurisdictions[0].advisories.push_back({s, ""});
    d.jurisdictions.back().note = s;
    if (!d.trace.empty()) d.trace.back().detail = s;
    const std::string origin = "escape case " + Printable(s);
    cmp.Check(d, sale, rules, origin);
    const std::string compact = DecisionToJson(d, sale, rules);
    std::string escaped_buyer;
    AppendJsonEscaped(escaped_buyer, sale.buyer.name);
    if (compact.find("'" + escaped_buyer + "' matches") != std::string::npos) ++buyer_quoted;
    // The compact JSON reads back to the same strings (when the halved string is still UTF-8).
    if (!ValidUtf8(s) || !ValidUtf8(rule_part)) continue;
    simdjson::dom::element doc;
    ASSERT_EQ(parser.parse(compact).get(doc), simdjson::SUCCESS) << origin << "\n" << Printable(compact, 4000);
    ++parsed;
    std::string_view model;
    ASSERT_EQ(doc["item"]["model"].get(model), simdjson::SUCCESS);
    EXPECT_EQ(model, s) << origin;
    simdjson::dom::object jurisdictions;
    ASSERT_EQ(doc["jurisdictions"].get(jurisdictions), simdjson::SUCCESS);
    simdjson::dom::array advisories;
    ASSERT_EQ((*jurisdictions.begin()).value["advisories"].get(advisories), simdjson::SUCCESS) << origin;
    std::vector<std::string_view> texts;
    for (simdjson::dom::element a : advisories) texts.push_back(a.get_string().value());
    ASSERT_GE(texts.size(), 2u);
    EXPECT_EQ(texts[texts.size() - 2], rule_part + ": " + s) << origin;
    EXPECT_EQ(texts[texts.size() - 1], s + ": ") << origin;
  }
  EXPECT_EQ(cmp.mismatches(), 0);
  EXPECT_GT(parsed, 4000);
  EXPECT_GT(buyer_quoted, 1000);  // the buyer's name reached the trace, escaped
  std::printf("escape cases through both writers: %zu (%d read back, buyer quoted in %d)\n", cases.size(), parsed,
              buyer_quoted);
}

}  // namespace
}  // namespace exportctl
