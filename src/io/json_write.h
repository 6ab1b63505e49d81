// The JSON writer of decisions (decision_json.cc): escaping, numbers, and JsonWriter<Style>, whose
// two styles are the compact form (batch writes one decision a line) and the pretty one (a member
// or element a line, indented by two spaces a level).
//
// Speed: batch writes about 600 bytes a decision by the million. The writer writes through a raw
// cursor into a buffer grown ahead, each write making room for its worst case once (one
// std::string append per token was most of the writer's time: perf on batch). It keeps no state
// of which container has members: each call site knows whether its member or element is the
// first, so the compact style's punctuation is constant bytes next to the key, and everything
// here is inline, so that those bytes are written as immediate stores.
#ifndef EXPORTCTL_SRC_IO_JSON_WRITE_H_
#define EXPORTCTL_SRC_IO_JSON_WRITE_H_

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "exportctl/country.h"
#include "exportctl/date.h"
#include "internal/strings.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#if defined(__GNUC__)
#define EXPORTCTL_INLINE __attribute__((always_inline)) inline
#else
#define EXPORTCTL_INLINE inline
#endif

namespace exportctl::internal {

inline bool NeedsEscape(unsigned char c) { return c < 0x20 || c == '"' || c == '\\'; }

// True if any byte of the word `w` (uint32_t or uint64_t) is a control character, '"' or '\\'
// (exact "has byte less than / equal to" bit tricks; no false positives).
template <class Word>
EXPORTCTL_INLINE bool AnyNeedsEscape(Word w) {
  constexpr Word kOnes = static_cast<Word>(~Word{0}) / 0xff, kHigh = kOnes * 0x80;
  const Word control = (w - kOnes * 0x20) & ~w & kHigh;
  const Word q = w ^ (kOnes * '"'), b = w ^ (kOnes * '\\');
  return (control | ((q - kOnes) & ~q & kHigh) | ((b - kOnes) & ~b & kHigh)) != 0;
}

// Copies the `n` bytes at `s` to `p` (sizeof(Word) <= n <= 2 * sizeof(Word)) as two words, the
// second overlapping the first, if neither needs an escape; false (nothing copied) otherwise.
template <class Word>
EXPORTCTL_INLINE bool CopyIfNoEscape(const char* s, size_t n, char* p) {
  Word a, b;
  std::memcpy(&a, s, sizeof a);
  std::memcpy(&b, s + n - sizeof b, sizeof b);
  if (AnyNeedsEscape(a) || AnyNeedsEscape(b)) return false;
  std::memcpy(p, &a, sizeof a);
  std::memcpy(p + n - sizeof b, &b, sizeof b);
  return true;
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

// Copies the leading bytes of `text` that need no escape to `p`, which has room for
// text.size() bytes, and returns how many: text.size() for a string that needs no escape (nearly
// all), checked and copied in a few word-sized loads and stores, the last one overlapping the one
// before it, and never read past its end. For one that does, a prefix of whole blocks, or none.
EXPORTCTL_INLINE size_t CopyClean(char* p, std::string_view text) {
  const char* s = text.data();
  const size_t n = text.size();
  size_t i = 0;  // [0, i) is copied and needed no escape
  if (n >= 16) {
#if defined(__SSE2__)
    for (; i + 16 <= n; i += 16) {
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + i));
      if (EscapeMask(v) != 0) return i;
      _mm_storeu_si128(reinterpret_cast<__m128i*>(p + i), v);
    }
    // All blocks were clean: the tail as one block ending at n.
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + n - 16));
    if (EscapeMask(v) != 0) return i;
    _mm_storeu_si128(reinterpret_cast<__m128i*>(p + n - 16), v);
    return n;
#else
    for (uint64_t w; i + 8 <= n; i += 8) {
      std::memcpy(&w, s + i, 8);
      if (AnyNeedsEscape(w)) return i;
      std::memcpy(p + i, &w, 8);
    }
    return i == n || CopyIfNoEscape<uint64_t>(s + n - 8, 8, p + n - 8) ? n : i;
#endif
  }
  if (n >= 8) return CopyIfNoEscape<uint64_t>(s, n, p) ? n : 0;
  if (n >= 4) return CopyIfNoEscape<uint32_t>(s, n, p) ? n : 0;
  for (; i < n && !NeedsEscape(static_cast<unsigned char>(s[i])); ++i) p[i] = s[i];
  return i;
}

// Writes `text` JSON-escaped at `p`, which has room for 6 bytes per byte of `text`; returns
// the end. What CopyClean copies is kept; the rest is escaped byte by byte.
inline char* WriteEscaped(char* p, std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  const char* s = text.data();
  const size_t n = text.size();
  size_t i = CopyClean(p, text);
  if (i == n) return p + n;
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
inline char* WriteJsonNumber(char* p, double v) {
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

// Copies `text` to `p` and returns the end; a short one (most names) as two overlapping
// loads and stores instead of a call to memcpy.
EXPORTCTL_INLINE char* CopyShort(char* p, std::string_view text) {
  const char* s = text.data();
  const size_t n = text.size();
  if (n > 32) {
    std::memcpy(p, s, n);
  } else if (n >= 16) {
    std::memcpy(p, s, 16);
    std::memcpy(p + n - 16, s + n - 16, 16);
  } else if (n >= 8) {
    std::memcpy(p, s, 8);
    std::memcpy(p + n - 8, s + n - 8, 8);
  } else if (n >= 4) {
    std::memcpy(p, s, 4);
    std::memcpy(p + n - 4, s + n - 4, 4);
  } else {
    for (size_t i = 0; i < n; ++i) p[i] = s[i];
  }
  return p + n;
}

// The styles: what JsonWriter writes around keys and values, and how it tracks nesting.

// No whitespace at all. Stateless: its calls compile to nothing.
struct CompactStyle {
  static constexpr char kColon[] = ":";  // after a key
  void Enter() {}
  void Leave() {}
  static constexpr size_t NewlineRoom() { return 0; }
  static char* Newline(char* p) { return p; }
};

// A member or element a line, indented by two spaces a level; ": " after a key.
class PrettyStyle {
 public:
  static constexpr char kColon[] = ": ";
  void Enter() { ++depth_; }
  void Leave() { --depth_; }
  size_t NewlineRoom() const { return 1 + 2 * static_cast<size_t>(depth_); }
  char* Newline(char* p) const {
    const size_t n = NewlineRoom();
    *p = '\n';
    std::memset(p + 1, ' ', n - 1);
    return p + n;
  }

 private:
  int depth_ = 0;
};

// Writes JSON into `out` through a raw cursor: `out` is grown ahead (zero-filled by resize) and
// trimmed to what was written when the writer is destroyed. The caller says where a member or an
// element is the first of its container (FirstKey, and the `first` flags of loops), and whether a
// container it closes is empty: the writer writes the comma, line break and indentation of
// `Style` accordingly.
//
// Each write goes through a local copy of the cursor, stored back once: a store through a char*
// may alias any object, the cursor p_ included, so writing through p_ itself would reload it
// after every byte and keep the compiler from merging a key's constant bytes into wide stores.
template <class Style>
class JsonWriter {
 public:
  // 1 KiB ahead, which resize zero-fills: most of a decision (a compact line is 850 bytes without
  // a trace, 1.3 KiB with one, on average); 2 KiB zero-filled more than was written.
  explicit JsonWriter(std::string& out) : out_(out) {
    const size_t used = out_.size();
    out_.resize(used + 1024);
    p_ = out_.data() + used;
    end_ = out_.data() + out_.size();
  }
  ~JsonWriter() { out_.resize(static_cast<size_t>(p_ - out_.data())); }
  JsonWriter(const JsonWriter&) = delete;
  JsonWriter& operator=(const JsonWriter&) = delete;

  EXPORTCTL_INLINE void BeginObject() { Open('{'); }
  EXPORTCTL_INLINE void BeginArray() { Open('['); }
  // `empty`: nothing was written in it since Begin (it closes on the same line).
  EXPORTCTL_INLINE void EndObject(bool empty = false) { Close('}', empty); }
  EXPORTCTL_INLINE void EndArray(bool empty = false) { Close(']', empty); }

  // Keys are the contract's field names and country codes: nothing in them needs escaping.
  // The first member of an object.
  template <size_t N>
  EXPORTCTL_INLINE JsonWriter& FirstKey(const char (&key)[N]) {
    return KeyText(key, N - 1, /*first=*/true);
  }
  // A member after another.
  template <size_t N>
  EXPORTCTL_INLINE JsonWriter& Key(const char (&key)[N]) {
    return KeyText(key, N - 1, /*first=*/false);
  }
  // A member that is the first when `first` is; `first` is false after it.
  template <size_t N>
  EXPORTCTL_INLINE JsonWriter& Key(const char (&key)[N], bool& first) {
    KeyText(key, N - 1, first);
    first = false;
    return *this;
  }
  // A jurisdiction's two-letter code as a key (none for an invalid country).
  EXPORTCTL_INLINE JsonWriter& Key(Country c, bool& first) {
    Room(2 + 3 + sizeof Style::kColon + style_.NewlineRoom());
    char* p = Separate(p_, first);
    first = false;
    *p++ = '"';
    p += CountryCode(c, p);
    p_ = EndKey(p);
    return *this;
  }
  // Before an element of an array; `first` is false after it.
  EXPORTCTL_INLINE void Element(bool& first) {
    Room(1 + style_.NewlineRoom());
    p_ = Separate(p_, first);
    first = false;
  }

  // Room for the string as it is: the worst case of its escaping (6 bytes a byte) is asked for
  // only when a byte needs one, so that long citations do not grow the buffer (zero-filling
  // 1 KiB more each time) ahead of need.
  EXPORTCTL_INLINE void String(std::string_view s) {
    Room(s.size() + 2);
    char* p = p_;
    *p++ = '"';
    if (CopyClean(p, s) != s.size()) return EscapedString(s);
    p += s.size();
    *p++ = '"';
    p_ = p;
  }
  // A name of exportctl's vocabulary (a verdict, an effect, a spec...): a literal of the code,
  // with nothing to escape, so copied as it is.
  EXPORTCTL_INLINE void Name(std::string_view s) {
    Room(s.size() + 2);
    char* p = p_;
    *p++ = '"';
    p = CopyShort(p, s);
    *p++ = '"';
    p_ = p;
  }
  void StringOrNull(std::string_view s) {
    if (s.empty()) Null();
    else String(s);
  }
  // "rule: text" as one string (an advisory), without building it first: escaping is per byte.
  void Advisory(std::string_view rule, std::string_view text) {
    Room(6 * (rule.size() + text.size()) + 4);  // (rare: room for the worst case)
    char* p = p_;
    *p++ = '"';
    p = WriteEscaped(p, rule);
    *p++ = ':';
    *p++ = ' ';
    p = WriteEscaped(p, text);
    *p++ = '"';
    p_ = p;
  }
  // JSON text written as it is (an integer id, as the sale spelled it; a cached member).
  void Raw(std::string_view text) {
    Room(text.size());
    char* p = p_;
    std::memcpy(p, text.data(), text.size());
    p_ = p + text.size();
  }
  void Number(double v) {
    Room(32);
    p_ = WriteJsonNumber(p_, v);
  }
  void Int(int64_t v) {
    Room(24);
    char* p = p_;
    p_ = std::to_chars(p, p + 24, v).ptr;
  }
  void Bool(bool b) {
    if (b) Literal("true");
    else Literal("false");
  }
  void Null() { Literal("null"); }
  // YYYY-MM-DD without the calendar conversions of Date's year(), month() and day().
  void Day(Date d) {
    if (d.boost_date().is_special()) return String(d.ToString());  // "" for the open end
    Room(12);
    const auto ymd = d.boost_date().year_month_day();
    char* p = p_;
    *p++ = '"';
    p = internal::WriteIsoDay(ymd.year, ymd.month, ymd.day, p);
    *p++ = '"';
    p_ = p;
  }
  // A two-letter country code as a string ("" for an invalid country).
  void Code(Country c) {
    Room(4);
    char* p = p_;
    *p++ = '"';
    p += CountryCode(c, p);
    *p++ = '"';
    p_ = p;
  }

 private:
  // Country::ToString without the std::string: two letters, none for an invalid country.
  static size_t CountryCode(Country c, char* code) {
    if (!c.valid()) return 0;
    code[0] = static_cast<char>('A' + c.index() / 26);
    code[1] = static_cast<char>('A' + c.index() % 26);
    return 2;
  }
  // String's slow path: a string with a byte to escape, from the opening quote on.
  void EscapedString(std::string_view s) {
    Room(6 * s.size() + 2);
    char* p = p_;
    *p++ = '"';
    p = WriteEscaped(p, s);
    *p++ = '"';
    p_ = p;
  }
  template <size_t N>
  EXPORTCTL_INLINE void Literal(const char (&text)[N]) {
    Room(N - 1);
    char* p = p_;
    std::memcpy(p, text, N - 1);
    p_ = p + (N - 1);
  }
  EXPORTCTL_INLINE void Room(size_t n) {
    if (static_cast<size_t>(end_ - p_) < n) Grow(n);
  }
  // Grows by what is asked and 1 KiB more: std::string's capacity grows geometrically by itself,
  // and resize zero-fills every byte it adds (doubling the size here zeroed the whole of a batch
  // chunk's text at each long citation: over half of batch's instructions).
  void Grow(size_t n) {
    const size_t used = static_cast<size_t>(p_ - out_.data());
    out_.resize(used + n + 1024);
    p_ = out_.data() + used;
    end_ = out_.data() + out_.size();
  }
  // The comma unless `first`, then the style's line break, at `p`; returns the end. The caller
  // made room for both.
  EXPORTCTL_INLINE char* Separate(char* p, bool first) const {
    if (!first) *p++ = ',';
    return style_.Newline(p);
  }
  EXPORTCTL_INLINE JsonWriter& KeyText(const char* key, size_t size, bool first) {
    Room(size + 3 + sizeof Style::kColon + style_.NewlineRoom());
    char* p = Separate(p_, first);
    *p++ = '"';
    std::memcpy(p, key, size);
    p_ = EndKey(p + size);
    return *this;
  }
  // The closing quote of a key and the style's colon at `p`; returns the end.
  EXPORTCTL_INLINE static char* EndKey(char* p) {
    *p++ = '"';
    std::memcpy(p, Style::kColon, sizeof Style::kColon - 1);
    return p + (sizeof Style::kColon - 1);
  }
  EXPORTCTL_INLINE void Open(char c) {
    Room(1);
    char* p = p_;
    *p = c;
    p_ = p + 1;
    style_.Enter();
  }
  EXPORTCTL_INLINE void Close(char c, bool empty) {
    style_.Leave();
    Room(1 + style_.NewlineRoom());
    char* p = p_;
    if (!empty) p = style_.Newline(p);
    *p = c;
    p_ = p + 1;
  }

  std::string& out_;
  char* p_ = nullptr;
  char* end_ = nullptr;
  [[no_unique_address]] Style style_;
};

}  // namespace exportctl::internal

#endif  // EXPORTCTL_SRC_IO_JSON_WRITE_H_
