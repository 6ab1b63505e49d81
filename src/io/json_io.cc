// Decisions out (exportctl/json.h): the compact writer that batch uses and the pretty one. Sales
// and chips in are json_read.cc and fast_sale_reader.cc.
#include "exportctl/json.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace exportctl {
namespace {

// True if any of the 8 bytes of `w` is a control character, '"' or '\\' (exact "has byte less
// than / equal to" bit tricks; no false positives).
inline bool AnyNeedsEscape(uint64_t w) {
  constexpr uint64_t kOnes = 0x0101010101010101, kHigh = 0x8080808080808080;
  const uint64_t control = (w - kOnes * 0x20) & ~w & kHigh;
  const uint64_t q = w ^ (kOnes * '"'), b = w ^ (kOnes * '\\');
  return (control | ((q - kOnes) & ~q & kHigh) | ((b - kOnes) & ~b & kHigh)) != 0;
}

// ---------------------------------------------------------------------------------------------
// Output.

double RoundTo(double v, double scale) { return std::round(v * scale) / scale; }

inline bool NeedsEscape(unsigned char c) { return c < 0x20 || c == '"' || c == '\\'; }

// True if any of the 4 bytes of `w` is a control character, '"' or '\\'.
inline bool AnyNeedsEscape32(uint32_t w) {
  constexpr uint32_t kOnes = 0x01010101, kHigh = 0x80808080;
  const uint32_t control = (w - kOnes * 0x20) & ~w & kHigh;
  const uint32_t q = w ^ (kOnes * '"'), b = w ^ (kOnes * '\\');
  return (control | ((q - kOnes) & ~q & kHigh) | ((b - kOnes) & ~b & kHigh)) != 0;
}

#if defined(__SSE2__)
// The bytes of `v` that need an escape, as a bit mask.
inline int EscapeMask(__m128i v) {
  const __m128i high = _mm_set1_epi8(static_cast<char>(0x80));
  // Controls are the bytes below 0x20 as unsigned: flip the sign bit, compare signed.
  const __m128i control = _mm_cmplt_epi8(_mm_xor_si128(v, high), _mm_set1_epi8(static_cast<char>(0x20 ^ 0x80)));
  const __m128i quote = _mm_cmpeq_epi8(v, _mm_set1_epi8('"'));
  const __m128i backslash = _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'));
  return _mm_movemask_epi8(_mm_or_si128(_mm_or_si128(quote, backslash), control));
}
#endif

// Writes `text` JSON-escaped at `p`, which has room for 6 bytes per byte of `text`; returns
// the end. A string that needs no escape (nearly all) is checked and copied in a few
// word-sized loads and stores, the last one overlapping the one before it, and never read past
// its end; one that does is escaped byte by byte from the first block that needs it.
char* WriteEscaped(char* p, std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  const char* s = text.data();
  const size_t n = text.size();
  size_t i = 0;  // [0, i) is copied and needed no escape
  if (n >= 16) {
#if defined(__SSE2__)
    for (; i + 16 <= n; i += 16) {
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + i));
      if (EscapeMask(v) != 0) break;
      _mm_storeu_si128(reinterpret_cast<__m128i*>(p + i), v);
    }
    if (i + 16 > n) {  // all blocks were clean: the tail as one block ending at n
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + n - 16));
      if (EscapeMask(v) == 0) {
        _mm_storeu_si128(reinterpret_cast<__m128i*>(p + n - 16), v);
        return p + n;
      }
    }
#else
    for (uint64_t w; i + 8 <= n; i += 8) {
      std::memcpy(&w, s + i, 8);
      if (AnyNeedsEscape(w)) break;
      std::memcpy(p + i, &w, 8);
    }
#endif
  } else if (n >= 8) {
    uint64_t a, b;
    std::memcpy(&a, s, 8);
    std::memcpy(&b, s + n - 8, 8);
    if (!AnyNeedsEscape(a) && !AnyNeedsEscape(b)) {
      std::memcpy(p, &a, 8);
      std::memcpy(p + n - 8, &b, 8);
      return p + n;
    }
  } else if (n >= 4) {
    uint32_t a, b;
    std::memcpy(&a, s, 4);
    std::memcpy(&b, s + n - 4, 4);
    if (!AnyNeedsEscape32(a) && !AnyNeedsEscape32(b)) {
      std::memcpy(p, &a, 4);
      std::memcpy(p + n - 4, &b, 4);
      return p + n;
    }
  }
  p += i;
  size_t run = i;
  for (; i < n; ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (!NeedsEscape(c)) continue;
    std::memcpy(p, s + run, i - run);
    p += i - run;
    run = i + 1;
    *p++ = '\\';
    switch (c) {
      case '"': *p++ = '"'; break;
      case '\\': *p++ = '\\'; break;
      case '\n': *p++ = 'n'; break;
      case '\r': *p++ = 'r'; break;
      case '\t': *p++ = 't'; break;
      case '\b': *p++ = 'b'; break;
      case '\f': *p++ = 'f'; break;
      default: {
        const char u[5] = {'u', '0', '0', kHex[c >> 4], kHex[c & 0xf]};
        std::memcpy(p, u, 5);
        p += 5;
      }
    }
  }
  if (run == n) return p;  // (an empty view may have no data pointer for memcpy)
  std::memcpy(p, s + run, n - run);
  return p + (n - run);
}

// Writes `v` as AppendJsonNumber does, at `p` (room for 32 bytes); returns the end.
char* WriteJsonNumber(char* p, double v) {
  if (!std::isfinite(v)) {
    std::memcpy(p, "null", 4);
    return p + 4;
  }
  if (v == 0) {
    *p = '0';
    return p + 1;
  }
  const double magnitude = std::fabs(v);
  char* const end = p + 32;
  if (magnitude < 1e15 && v == std::trunc(v)) return std::to_chars(p, end, static_cast<int64_t>(v)).ptr;
  if (magnitude >= 1e15) return std::to_chars(p, end, v, std::chars_format::scientific).ptr;
  if (magnitude >= 0.001 && magnitude < 1e12) {
    // At most three decimals (performance density and amounts are rounded to them): when v is
    // the double nearest to k / 1000, that decimal is its shortest round trip, which to_chars
    // would print (a decimal with fewer digits lies 0.001 or more away, past v's ulp of 2^-13
    // at most; fixed notation is never longer than exponent form here). 3x faster.
    const double k = std::round(v * 1000);
    if (k / 1000 == v) {
      if (k < 0) *p++ = '-';
      const int64_t units = static_cast<int64_t>(std::fabs(k));
      p = std::to_chars(p, end, units / 1000).ptr;
      int fraction = static_cast<int>(units % 1000);  // not 0: v is not an integer
      *p++ = '.';
      *p++ = static_cast<char>('0' + fraction / 100);
      fraction %= 100;
      if (fraction != 0) {
        *p++ = static_cast<char>('0' + fraction / 10);
        fraction %= 10;
        if (fraction != 0) *p++ = static_cast<char>('0' + fraction);
      }
      return p;
    }
  }
  return std::to_chars(p, end, v).ptr;
}

// Writes JSON into `out` through a raw cursor: `out` is grown ahead (zero-filled by resize) and
// trimmed to what was written when the writer is destroyed. Every write first makes room for
// its worst case, so no write checks capacity byte by byte (one std::string append per token
// was most of the writer's time: perf on batch).
#if defined(__GNUC__)
#define EXPORTCTL_INLINE __attribute__((always_inline)) inline
#else
#define EXPORTCTL_INLINE inline
#endif

class JsonWriter {
 public:
  JsonWriter(std::string& out, bool pretty) : out_(out), pretty_(pretty) {
    const size_t used = out_.size();
    out_.resize(used + 2048);
    p_ = out_.data() + used;
    end_ = out_.data() + out_.size();
  }
  ~JsonWriter() { out_.resize(static_cast<size_t>(p_ - out_.data())); }
  JsonWriter(const JsonWriter&) = delete;
  JsonWriter& operator=(const JsonWriter&) = delete;

  void BeginObject() { Open('{'); }
  void EndObject() { Close('}'); }
  void BeginArray() { Open('['); }
  void EndArray() { Close(']'); }
  // Keys are the contract's field names and country codes: nothing in them needs escaping.
  template <size_t N>
  EXPORTCTL_INLINE JsonWriter& Key(const char (&key)[N]) {
    return KeyText(key, N - 1);
  }
  JsonWriter& Key(std::string_view key) { return KeyText(key.data(), key.size()); }
  JsonWriter& Key(Country c) {  // a jurisdiction's two-letter code
    char code[2];
    return KeyText(code, CountryCode(c, code));
  }
  EXPORTCTL_INLINE void String(std::string_view s) {
    Value();
    Room(6 * s.size() + 2);
    *p_++ = '"';
    p_ = WriteEscaped(p_, s);
    *p_++ = '"';
  }
  // "a: b" as one string (an advisory), without building it first: escaping is per byte.
  void String2(std::string_view a, std::string_view sep, std::string_view b) {
    Value();
    Room(6 * (a.size() + sep.size() + b.size()) + 2);
    *p_++ = '"';
    p_ = WriteEscaped(p_, a);
    p_ = WriteEscaped(p_, sep);
    p_ = WriteEscaped(p_, b);
    *p_++ = '"';
  }
  void Number(double v) {
    Value();
    Room(32);
    p_ = WriteJsonNumber(p_, v);
  }
  void Int(int64_t v) {
    Value();
    Room(24);
    p_ = std::to_chars(p_, p_ + 24, v).ptr;
  }
  // YYYY-MM-DD without the three calendar conversions and the formatting of Date::ToString().
  void Day(Date d) {
    if (d.boost_date().is_special()) return String(d.ToString());  // "" for the open end
    Value();
    Room(12);
    const auto ymd = d.boost_date().year_month_day();
    const int y = ymd.year, m = ymd.month, day = ymd.day;
    const char text[12] = {'"', char('0' + y / 1000), char('0' + y / 100 % 10), char('0' + y / 10 % 10), char('0' + y % 10), '-',
                           char('0' + m / 10), char('0' + m % 10), '-', char('0' + day / 10), char('0' + day % 10), '"'};
    std::memcpy(p_, text, sizeof text);
    p_ += sizeof text;
  }
  void Code(Country c) {  // a two-letter country code
    char code[2];
    const size_t n = CountryCode(c, code);
    Value();
    Room(4);
    *p_++ = '"';
    std::memcpy(p_, code, n);
    p_ += n;
    *p_++ = '"';
  }
  void Bool(bool b) {
    Value();
    Room(5);
    if (b) {
      std::memcpy(p_, "true", 4);
      p_ += 4;
    } else {
      std::memcpy(p_, "false", 5);
      p_ += 5;
    }
  }
  void Null() {
    Value();
    Room(4);
    std::memcpy(p_, "null", 4);
    p_ += 4;
  }
  void StringOrNull(std::string_view s) {
    if (s.empty()) Null();
    else String(s);
  }

 private:
  // Country::ToString without the std::string: two letters, none for an invalid country.
  static size_t CountryCode(Country c, char code[2]) {
    if (!c.valid()) return 0;
    code[0] = static_cast<char>('A' + c.index() / 26);
    code[1] = static_cast<char>('A' + c.index() % 26);
    return 2;
  }
  EXPORTCTL_INLINE void Room(size_t n) {
    if (static_cast<size_t>(end_ - p_) < n) Grow(n);
  }
  void Grow(size_t n) {
    const size_t used = static_cast<size_t>(p_ - out_.data());
    out_.resize(std::max(2 * out_.size(), used + n + 2048));
    p_ = out_.data() + used;
    end_ = out_.data() + out_.size();
  }
  EXPORTCTL_INLINE JsonWriter& KeyText(const char* key, size_t size) {
    Separate();
    Room(size + 4);
    *p_++ = '"';
    std::memcpy(p_, key, size);
    p_ += size;
    *p_++ = '"';
    *p_++ = ':';
    if (pretty_) *p_++ = ' ';
    after_key_ = true;
    return *this;
  }
  EXPORTCTL_INLINE void Separate() {
    if (depth_ == 0) return;
    const uint64_t bit = uint64_t{1} << depth_;
    if (!(empty_ & bit)) {
      Room(1);
      *p_++ = ',';
    }
    empty_ &= ~bit;
    Newline();
  }
  EXPORTCTL_INLINE void Value() {
    if (after_key_) {
      after_key_ = false;
      return;
    }
    Separate();
  }
  EXPORTCTL_INLINE void Open(char c) {
    Value();
    Room(1);
    *p_++ = c;
    ++depth_;
    empty_ |= uint64_t{1} << depth_;
  }
  EXPORTCTL_INLINE void Close(char c) {
    const bool empty = empty_ & (uint64_t{1} << depth_);
    --depth_;
    if (!empty) Newline();
    Room(1);
    *p_++ = c;
  }
  void Newline() {
    if (!pretty_) return;
    const size_t n = 1 + 2 * static_cast<size_t>(depth_);
    Room(n);
    *p_ = '\n';
    std::memset(p_ + 1, ' ', n - 1);
    p_ += n;
  }

  std::string& out_;
  char* p_ = nullptr;
  char* end_ = nullptr;
  bool pretty_;
  bool after_key_ = false;
  // Open containers as a bit stack: bit d set = the container at depth d has nothing in it yet.
  // The decision nests six deep at most, far below the 63 levels the stack holds.
  int depth_ = 0;
  uint64_t empty_ = 0;
};

void WriteSpecs(JsonWriter& w, SpecSet specs) {
  w.BeginArray();
  specs.ForEachName([&](std::string_view name) { w.String(name); });
  w.EndArray();
}

// The "rule_set" member: the packs (id, revision) and the hash.
void WriteRuleSet(JsonWriter& w, const std::vector<PackInfo>& packs, uint64_t hash) {
  w.Key("rule_set").BeginObject();
  w.Key("packs").BeginArray();
  for (const PackInfo& p : packs) {
    w.BeginObject();
    w.Key("id").String(p.id);
    w.Key("revision").String(p.revision);
    w.EndObject();
  }
  w.EndArray();
  // 16 hex digits, written here: content_hash_hex() returns a string past the small-string size.
  char hex[16];
  for (int i = 0; i < 16; ++i) hex[i] = "0123456789abcdef"[(hash >> (60 - 4 * i)) & 0xf];
  w.Key("hash").String(std::string_view(hex, sizeof hex));
  w.EndObject();
}

// The compact "rule_set" member is the same for every decision of a rule set (a third of a
// batch line): each thread keeps the last one written, keyed by what it is made of (the packs'
// ids and revisions and the hash, compared in full, so a new rule set at a reused address is
// never mistaken for the old one).
struct RuleSetJsonCache {
  std::vector<std::pair<std::string, std::string>> packs;
  uint64_t hash = 0;
  bool valid = false;
  std::string json;  // ',"rule_set":{...}', the comma included

  bool Matches(const std::vector<PackInfo>& p, uint64_t h) const {
    if (!valid || hash != h || packs.size() != p.size()) return false;
    for (size_t i = 0; i < p.size(); ++i) {
      if (packs[i].first != p[i].id || packs[i].second != p[i].revision) return false;
    }
    return true;
  }
};

// ',"rule_set":{...}' in compact form, from the calling thread's cache.
const std::string& CompactRuleSetJson(const RuleSet& rules, uint64_t hash) {
  thread_local RuleSetJsonCache cache;
  const std::vector<PackInfo>& packs = rules.packs();
  if (!cache.Matches(packs, hash)) {
    cache.valid = false;
    cache.json.clear();
    {
      JsonWriter tail(cache.json, false);
      tail.BeginObject();  // a stand-in for the decision, so the member gets its comma
      tail.Key("x").Null();
      WriteRuleSet(tail, packs, hash);
    }
    cache.json.erase(0, std::string_view("{\"x\":null").size());
    cache.packs.clear();
    for (const PackInfo& p : packs) cache.packs.emplace_back(p.id, p.revision);
    cache.hash = hash;
    cache.valid = true;
  }
  return cache.json;
}

// The compact decision (batch writes one per line) without JsonWriter's separator and
// indentation state: the punctuation between members is known where each is written, so it is
// part of the literal before the value. The same bytes as WriteDecision with pretty = false
// (tests/golden, and the batch output compared byte for byte with the previous writer's).
class CompactWriter {
 public:
  explicit CompactWriter(std::string& out) : out_(out) {
    const size_t used = out_.size();
    out_.resize(used + 2048);
    p_ = out_.data() + used;
    end_ = out_.data() + out_.size();
  }
  ~CompactWriter() { out_.resize(static_cast<size_t>(p_ - out_.data())); }
  CompactWriter(const CompactWriter&) = delete;
  CompactWriter& operator=(const CompactWriter&) = delete;

  template <size_t N>
  EXPORTCTL_INLINE void Lit(const char (&text)[N]) {
    Room(N - 1);
    std::memcpy(p_, text, N - 1);
    p_ += N - 1;
  }
  void Raw(std::string_view text) {
    Room(text.size());
    std::memcpy(p_, text.data(), text.size());
    p_ += text.size();
  }
  EXPORTCTL_INLINE void Comma(bool& first) {
    if (!first) {
      Room(1);
      *p_++ = ',';
    }
    first = false;
  }
  EXPORTCTL_INLINE void String(std::string_view s) {
    Room(6 * s.size() + 2);
    *p_++ = '"';
    p_ = WriteEscaped(p_, s);
    *p_++ = '"';
  }
  void StringOrNull(std::string_view s) {
    if (s.empty()) Lit("null");
    else String(s);
  }
  void Advisory(std::string_view rule, std::string_view text) {  // "rule: text"
    Room(6 * (rule.size() + text.size()) + 16);
    *p_++ = '"';
    p_ = WriteEscaped(p_, rule);
    *p_++ = ':';
    *p_++ = ' ';
    p_ = WriteEscaped(p_, text);
    *p_++ = '"';
  }
  void Number(double v) {
    Room(32);
    p_ = WriteJsonNumber(p_, v);
  }
  void Int(int64_t v) {
    Room(24);
    p_ = std::to_chars(p_, p_ + 24, v).ptr;
  }
  void Bool(bool b) {
    if (b) Lit("true");
    else Lit("false");
  }
  void Day(Date d) {
    if (d.boost_date().is_special()) return String(d.ToString());  // "" for the open end
    Room(12);
    const auto ymd = d.boost_date().year_month_day();
    const int y = ymd.year, m = ymd.month, day = ymd.day;
    const char text[12] = {'"', char('0' + y / 1000), char('0' + y / 100 % 10), char('0' + y / 10 % 10), char('0' + y % 10), '-',
                           char('0' + m / 10), char('0' + m % 10), '-', char('0' + day / 10), char('0' + day % 10), '"'};
    std::memcpy(p_, text, sizeof text);
    p_ += sizeof text;
  }
  // A two-letter country code as a string ("" for an invalid country), or as a key.
  void Code(Country c) {
    Room(5);
    *p_++ = '"';
    PutCode(c);
    *p_++ = '"';
  }
  void CodeKey(Country c) {
    Code(c);
    *p_++ = ':';
  }
  void Specs(SpecSet specs) {
    Lit("[");
    bool first = true;
    specs.ForEachName([&](std::string_view name) {
      Comma(first);
      String(name);
    });
    Lit("]");
  }

 private:
  void PutCode(Country c) {
    if (!c.valid()) return;
    *p_++ = static_cast<char>('A' + c.index() / 26);
    *p_++ = static_cast<char>('A' + c.index() % 26);
  }
  EXPORTCTL_INLINE void Room(size_t n) {
    if (static_cast<size_t>(end_ - p_) < n) Grow(n);
  }
  void Grow(size_t n) {
    const size_t used = static_cast<size_t>(p_ - out_.data());
    out_.resize(std::max(2 * out_.size(), used + n + 2048));
    p_ = out_.data() + used;
    end_ = out_.data() + out_.size();
  }

  std::string& out_;
  char* p_ = nullptr;
  char* end_ = nullptr;
};

void WriteDecisionCompact(CompactWriter& w, const Decision& d, const Sale& sale, const RuleSet& rules) {
  w.Lit("{");
  if (sale.id) {
    w.Lit("\"id\":");
    if (sale.id->integer) w.Raw(sale.id->text);
    else w.String(sale.id->text);
    w.Lit(",");
  }
  w.Lit("\"allowed\":");
  w.Bool(d.allowed);
  w.Lit(",\"verdict\":");
  w.String(VerdictName(d.verdict));
  w.Lit(",\"date\":");
  w.Day(d.date);

  w.Lit(",\"item\":{\"model\":");
  w.String(sale.item.model);
  if (!sale.item.vendor.empty()) {
    w.Lit(",\"vendor\":");
    w.String(sale.item.vendor);
  }
  if (sale.item.origin.valid()) {
    w.Lit(",\"origin\":");
    w.Code(sale.item.origin);
  }
  w.Lit(",\"tpp\":");
  if (d.tpp) w.Number(d.tpp->value());
  else w.Lit("null");
  w.Lit(",\"performance_density\":");
  if (d.performance_density) w.Number(RoundTo(d.performance_density->value(), 1000));
  else w.Lit("null");
  {
    const Known<Tpp> tpp = sale.item.tpp();
    SpecSet item_missing = tpp.missing | sale.item.performance_density(tpp).missing;
    if (!item_missing.empty()) {
      w.Lit(",\"missing\":");
      w.Specs(item_missing);
    }
  }

  w.Lit("},\"classification\":{");
  bool first = true;
  for (const JurisdictionDecision& j : d.jurisdictions) {
    if (j.classification.empty()) continue;
    w.Comma(first);
    w.CodeKey(j.jurisdiction);
    w.String(j.classification);
  }

  w.Lit("},\"jurisdictions\":{");
  first = true;
  for (const JurisdictionDecision& j : d.jurisdictions) {
    bool classifies = !j.classification.empty();
    for (const JurisdictionSpec& spec : rules.jurisdictions())
      if (spec.code == j.jurisdiction && !spec.classifications.empty()) classifies = true;
    w.Comma(first);
    w.CodeKey(j.jurisdiction);
    w.Lit("{\"verdict\":");
    w.String(VerdictName(j.verdict));
    if (!j.in_scope) w.Lit(",\"in_scope\":false");
    if (j.review_policy) {
      w.Lit(",\"review_policy\":");
      w.String(ReviewPolicyName(*j.review_policy));
    }
    if (classifies || !j.license_exception.empty()) {
      w.Lit(",\"license_exception\":");
      w.StringOrNull(j.license_exception);
    }
    if (classifies || j.licensed) {
      w.Lit(",\"licensed\":");
      w.Bool(j.licensed);
    }
    if (!j.classification_rule.empty()) {
      w.Lit(",\"classification_rule\":");
      w.String(j.classification_rule);
    }
    if (!j.advisories.empty()) {
      w.Lit(",\"advisories\":[");
      bool first_advisory = true;
      for (const Advisory& a : j.advisories) {
        w.Comma(first_advisory);
        w.Advisory(a.rule, a.text);
      }
      w.Lit("]");
    }
    if (!j.missing.empty()) {
      w.Lit(",\"missing\":");
      w.Specs(j.missing);
    }
    if (!j.note.empty()) {
      w.Lit(",\"note\":");
      w.String(j.note);
    }
    w.Lit("}");
  }

  w.Lit("},\"conditions\":[");
  first = true;
  for (const ConditionOut& c : d.conditions) {
    w.Comma(first);
    w.Lit("{\"kind\":");
    w.String(ConditionKindName(c.kind));
    w.Lit(",\"jurisdiction\":");
    w.Code(c.jurisdiction);
    w.Lit(",\"rule\":");
    w.String(c.rule);
    if (c.percent) {
      w.Lit(",\"percent\":");
      w.Number(*c.percent);
    }
    if (c.amount_usd) {
      w.Lit(",\"amount_usd\":");
      w.Number(RoundTo(*c.amount_usd, 100));
    }
    if (c.max_units) {
      w.Lit(",\"max_units\":");
      w.Int(*c.max_units);
    }
    if (c.ratio) {
      w.Lit(",\"ratio\":");
      w.Number(*c.ratio);
    }
    w.Lit("}");
  }
  w.Lit("]");

  if (!d.not_applied.empty()) {
    w.Lit(",\"not_applied\":[");
    first = true;
    for (const NotApplied& n : d.not_applied) {
      w.Comma(first);
      w.Lit("{\"kind\":");
      w.String(NotAppliedKindName(n.kind));
      w.Lit(",\"index\":");
      w.Int(n.index);
      if (n.jurisdiction.valid()) {
        w.Lit(",\"jurisdiction\":");
        w.Code(n.jurisdiction);
      }
      w.Lit(",\"reason\":");
      w.String(NotAppliedReason(n));
      w.Lit("}");
    }
    w.Lit("]");
  }

  if (!d.missing.empty()) {
    w.Lit(",\"missing\":");
    w.Specs(d.missing);
  }

  w.Lit(",\"trace\":[");
  first = true;
  for (const TraceEntry& t : d.trace) {
    w.Comma(first);
    w.Lit("{\"rule\":");
    w.String(t.rule);
    w.Lit(",\"jurisdiction\":");
    w.Code(t.jurisdiction);
    w.Lit(",\"effect\":");
    w.String(TraceEffectName(t.effect));
    w.Lit(",\"legal_force\":");
    w.String(LegalForceName(t.legal_force));
    w.Lit(",\"citation\":");
    w.String(t.citation);
    if (!t.fired) w.Lit(",\"fired\":false");
    if (!t.detail.empty()) {
      w.Lit(",\"detail\":");
      w.String(t.detail);
    }
    if (t.modeled) w.Lit(",\"modeled\":true");
    if (!t.thresholds.empty()) {
      w.Lit(",\"thresholds\":[");
      bool first_use = true;
      for (const ThresholdUse& u : t.thresholds) {
        w.Comma(first_use);
        w.Lit("{\"metric\":");
        w.String(MetricName(u.metric));
        w.Lit(",\"value\":");
        w.Number(u.value);
        w.Lit(",\"op\":");
        w.String(CompareOpSymbol(u.op));
        w.Lit(",\"threshold\":");
        w.Number(u.threshold);
        if (!u.parameter.empty()) {
          w.Lit(",\"parameter\":");
          w.String(u.parameter);
          w.Lit(",\"from\":");
          w.Day(u.parameter_from);
        }
        w.Lit(",\"result\":");
        w.Bool(u.result);
        w.Lit("}");
      }
      w.Lit("]");
    }
    w.Lit("}");
  }
  w.Lit("]");

  w.Raw(CompactRuleSetJson(rules, d.rule_set_hash != 0 ? d.rule_set_hash : rules.content_hash()));
  w.Lit("}");
}

void WriteDecision(JsonWriter& w, const Decision& d, const Sale& sale, const RuleSet& rules) {
  w.BeginObject();
  if (sale.id) {
    w.Key("id");
    if (sale.id->integer) w.Int(std::stoll(sale.id->text));
    else w.String(sale.id->text);
  }
  w.Key("allowed").Bool(d.allowed);
  w.Key("verdict").String(VerdictName(d.verdict));
  w.Key("date").Day(d.date);

  w.Key("item").BeginObject();
  w.Key("model").String(sale.item.model);
  if (!sale.item.vendor.empty()) w.Key("vendor").String(sale.item.vendor);
  if (sale.item.origin.valid()) w.Key("origin").Code(sale.item.origin);
  w.Key("tpp");
  if (d.tpp) w.Number(d.tpp->value());
  else w.Null();
  w.Key("performance_density");
  if (d.performance_density) w.Number(RoundTo(d.performance_density->value(), 1000));
  else w.Null();
  {
    const Known<Tpp> tpp = sale.item.tpp();
    SpecSet item_missing = tpp.missing | sale.item.performance_density(tpp).missing;
    if (!item_missing.empty()) {
      w.Key("missing");
      WriteSpecs(w, item_missing);
    }
  }
  w.EndObject();

  w.Key("classification").BeginObject();
  for (const JurisdictionDecision& j : d.jurisdictions) {
    if (j.classification.empty()) continue;
    w.Key(j.jurisdiction).String(j.classification);
  }
  w.EndObject();

  w.Key("jurisdictions").BeginObject();
  for (const JurisdictionDecision& j : d.jurisdictions) {
    bool classifies = !j.classification.empty();
    for (const JurisdictionSpec& spec : rules.jurisdictions())
      if (spec.code == j.jurisdiction && !spec.classifications.empty()) classifies = true;
    w.Key(j.jurisdiction).BeginObject();
    w.Key("verdict").String(VerdictName(j.verdict));
    if (!j.in_scope) w.Key("in_scope").Bool(false);
    if (j.review_policy) w.Key("review_policy").String(ReviewPolicyName(*j.review_policy));
    if (classifies || !j.license_exception.empty()) w.Key("license_exception").StringOrNull(j.license_exception);
    if (classifies || j.licensed) w.Key("licensed").Bool(j.licensed);
    if (!j.classification_rule.empty()) w.Key("classification_rule").String(j.classification_rule);
    if (!j.advisories.empty()) {
      w.Key("advisories").BeginArray();
      for (const Advisory& a : j.advisories) w.String2(a.rule, ": ", a.text);
      w.EndArray();
    }
    if (!j.missing.empty()) {
      w.Key("missing");
      WriteSpecs(w, j.missing);
    }
    if (!j.note.empty()) w.Key("note").String(j.note);
    w.EndObject();
  }
  w.EndObject();

  w.Key("conditions").BeginArray();
  for (const ConditionOut& c : d.conditions) {
    w.BeginObject();
    w.Key("kind").String(ConditionKindName(c.kind));
    w.Key("jurisdiction").Code(c.jurisdiction);
    w.Key("rule").String(c.rule);
    if (c.percent) w.Key("percent").Number(*c.percent);
    if (c.amount_usd) w.Key("amount_usd").Number(RoundTo(*c.amount_usd, 100));
    if (c.max_units) w.Key("max_units").Int(*c.max_units);
    if (c.ratio) w.Key("ratio").Number(*c.ratio);
    w.EndObject();
  }
  w.EndArray();

  if (!d.not_applied.empty()) {
    w.Key("not_applied").BeginArray();
    for (const NotApplied& n : d.not_applied) {
      w.BeginObject();
      w.Key("kind").String(NotAppliedKindName(n.kind));
      w.Key("index").Int(n.index);
      if (n.jurisdiction.valid()) w.Key("jurisdiction").Code(n.jurisdiction);
      w.Key("reason").String(NotAppliedReason(n));
      w.EndObject();
    }
    w.EndArray();
  }

  if (!d.missing.empty()) {
    w.Key("missing");
    WriteSpecs(w, d.missing);
  }

  w.Key("trace").BeginArray();
  for (const TraceEntry& t : d.trace) {
    w.BeginObject();
    w.Key("rule").String(t.rule);
    w.Key("jurisdiction").Code(t.jurisdiction);
    w.Key("effect").String(TraceEffectName(t.effect));
    w.Key("legal_force").String(LegalForceName(t.legal_force));
    w.Key("citation").String(t.citation);
    if (!t.fired) w.Key("fired").Bool(false);
    if (!t.detail.empty()) w.Key("detail").String(t.detail);
    if (t.modeled) w.Key("modeled").Bool(true);
    if (!t.thresholds.empty()) {
      w.Key("thresholds").BeginArray();
      for (const ThresholdUse& u : t.thresholds) {
        w.BeginObject();
        w.Key("metric").String(MetricName(u.metric));
        w.Key("value").Number(u.value);
        w.Key("op").String(CompareOpSymbol(u.op));
        w.Key("threshold").Number(u.threshold);
        if (!u.parameter.empty()) {
          w.Key("parameter").String(u.parameter);
          w.Key("from").Day(u.parameter_from);
        }
        w.Key("result").Bool(u.result);
        w.EndObject();
      }
      w.EndArray();
    }
    w.EndObject();
  }
  w.EndArray();

  WriteRuleSet(w, rules.packs(), d.rule_set_hash != 0 ? d.rule_set_hash : rules.content_hash());
  w.EndObject();
}

}  // namespace

void AppendJsonNumber(std::string& out, double v) {
  char buf[32];
  out.append(buf, WriteJsonNumber(buf, v));
}

std::string DecisionToJson(const Decision& decision, const Sale& sale, const RuleSet& rules,
                           const JsonOptions& options) {
  std::string out;
  if (options.pretty) {
    JsonWriter w(out, true);
    WriteDecision(w, decision, sale, rules);
  } else {
    CompactWriter w(out);
    WriteDecisionCompact(w, decision, sale, rules);
  }
  return out;
}

void AppendDecisionJson(std::string& out, const Decision& decision, const Sale& sale, const RuleSet& rules) {
  CompactWriter w(out);
  WriteDecisionCompact(w, decision, sale, rules);
}

void AppendJsonEscaped(std::string& out, std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  // Runs of bytes that need no escape are appended whole: per-byte push_back was most of the
  // writer's time (perf, BM_DecisionToJson). Most strings need none: skip 8 bytes at a time.
  size_t i = 0;
  for (uint64_t w; i + 8 <= text.size(); i += 8) {
    std::memcpy(&w, text.data() + i, 8);
    if (AnyNeedsEscape(w)) break;
  }
  size_t run = 0;
  for (; i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (!NeedsEscape(c)) continue;
    out.append(text.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default: {
        const char u[6] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 0xf]};
        out.append(u, 6);
      }
    }
  }
  out.append(text.data() + run, text.size() - run);
}

}  // namespace exportctl