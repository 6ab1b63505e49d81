// A fast path for the sales batch reads by the million: a direct scan of the common form of a
// sale (every string printable ASCII without escapes, numbers as plain digits with an optional
// fraction, a catalog item by name or a chip object), reading the fields as sale_reading.h says, with every check
// of the simdjson reader. It gives up (false) on anything else, and on anything the reader would
// reject, without saying why: the caller then runs the reader (json_read.cc) on the same text,
// which accepts or reports exactly as before. So the fast path only decides speed: an input it
// accepts is a valid sale that the reader reads to the same Sale (it was 1 us a line on simdjson
// On-Demand, most of a batch line's parse).
#include "io/fast_sale_reader.h"

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "io/sale_reading.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace exportctl::internal {
namespace {

// The first byte in [p, end) that is a quote, a backslash, a control character or not ASCII, or
// a position before it (the caller goes on byte by byte); 16 bytes at a time with SSE2 (every
// x86-64 has it), never reading past `end`.
inline const char* SkipPlainAscii(const char* p, const char* end) {
#if defined(__SSE2__)
  const __m128i quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\'), space = _mm_set1_epi8(0x20);
  while (end - p >= 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    // Signed compare: bytes >= 0x80 are negative, so "< 0x20" also catches them.
    const __m128i stop =
        _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash)), _mm_cmplt_epi8(v, space));
    const int mask = _mm_movemask_epi8(stop);
    if (mask != 0) return p + __builtin_ctz(static_cast<unsigned>(mask));
    p += 16;
  }
#endif
  return p;
}

// The Source of sale_reading.h over the text: it reads each value at its cursor, so its Value
// and Object are empty, and its failures carry no message.
class FastScan {
 public:
  using Result = bool;
  struct Value {};
  struct Object {};

  explicit FastScan(std::string_view text) : p_(text.data()), end_(text.data() + text.size()) {}

  static bool Ok() { return true; }
  template <class Message>
  static bool Fail(const char*, const Message&) {
    return false;
  }
  static bool WrongType(Value&, std::string_view, std::string_view) { return false; }
  static bool UnknownField(const char*, std::string_view, std::string_view) { return false; }
  static bool Missing(const char*, std::string_view, std::string_view) { return false; }
  bool ChipObject(Value& v, std::string_view name, Chip* chip) {
    const char* at;
    return ReadChipFields(
        *this, [&](auto&& f) { return Fields(v, name, &at, f); }, chip);
  }

  const char* Where(Value&) const { return p_; }

  // Nothing but whitespace after the sale.
  bool AtEnd() {
    SkipSpace();
    return p_ == end_;
  }

  // Calls f(key, key_position, value) for each member of an object, f reading the value; a key
  // seen twice fails.
  template <class F>
  bool ForEachField(Object, std::string_view, F&& f) {
    if (!Consume('{')) return false;
    if (Consume('}')) return true;
    // The keys so far, compared with a new key only when it hashes (by its size and last byte)
    // to a bit one of them set: most keys of an object differ there. A key is kept as its start:
    // it equals `key` when its next key.size() bytes do and its closing quote follows (a key
    // holds no quote), all read inside the text, since it starts before `key`.
    const char* seen[16];  // a sale has 16 fields, the other objects fewer
    uint64_t hashes = 0;
    int count = 0;
    for (;;) {
      std::string_view key;
      if (!StringView(value_, {}, &key) || !Consume(':')) return false;
      const uint64_t bit = uint64_t{1} << ((key.size() * 7 + (key.empty() ? 0 : key.back())) & 63);
      if ((hashes & bit) != 0) {
        for (int i = 0; i < count; ++i)
          if (std::string_view(seen[i], key.size()) == key && seen[i][key.size()] == '"') return false;
      }
      if (count == 16) return false;
      hashes |= bit;
      seen[count++] = key.data();
      if (!f(key, p_, value_)) return false;
      if (Consume(',')) continue;
      return Consume('}');
    }
  }
  template <class F>
  bool Fields(Value&, std::string_view name, const char** at, F&& f) {
    *at = p_;
    return ForEachField(Object{}, name, f);
  }
  // Calls f(element) for each element of an array, f reading the element.
  template <class F>
  bool Elements(Value&, std::string_view, F&& f) {
    if (!Consume('[')) return false;
    if (Consume(']')) return true;
    for (;;) {
      if (!f(value_)) return false;
      if (Consume(',')) continue;
      return Consume(']');
    }
  }

  // Only what the scan reads: a plain string, a number, an object; anything else is kOther.
  bool Kind(Value&, std::string_view, ValueKind* kind) {
    SkipSpace();
    const char c = p_ == end_ ? '\0' : *p_;
    *kind = c == '"'     ? ValueKind::kString
            : c == '{'   ? ValueKind::kObject
            : IsDigit(c) ? ValueKind::kNumber
                         : ValueKind::kOther;
    return true;
  }

  // A string of ASCII (0x20..0x7f) without escapes: its text is its value.
  bool StringView(Value&, std::string_view, std::string_view* out) {
    if (!Consume('"')) return false;
    const char* start = p_;
    p_ = SkipPlainAscii(p_, end_);
    for (; p_ != end_; ++p_) {
      const unsigned char c = static_cast<unsigned char>(*p_);
      if (c == '"') {
        *out = std::string_view(start, static_cast<size_t>(p_ - start));
        ++p_;
        return true;
      }
      if (c < 0x20 || c >= 0x80 || c == '\\') return false;
    }
    return false;
  }
  bool String(Value& v, std::string_view name, std::string* out) {
    std::string_view s;
    if (!StringView(v, name, &s)) return false;
    out->assign(s);
    return true;
  }

  template <class Parse, class T>
  bool Parsed(Value& v, std::string_view name, Parse parse, T* out) {
    std::string_view s;
    if (!StringView(v, name, &s)) return false;
    auto parsed = parse(s);
    if (!parsed.ok()) return false;
    *out = *std::move(parsed);
    return true;
  }

  // Digits with an optional fraction, no sign or exponent, 15 significant digits at most: the
  // decimal is exact in a double or correctly rounded, as simdjson rounds it.
  bool Number(Value&, std::string_view, double* out, NumberRange range) {
    SkipSpace();
    if (p_ == end_ || !IsDigit(*p_)) return false;
    if (*p_ == '0' && p_ + 1 != end_ && IsDigit(p_[1])) return false;  // a leading zero
    int digits = 0, fraction_digits = 0;
    uint64_t m = 0;  // the digits, without the point
    for (; p_ != end_ && IsDigit(*p_); ++p_, ++digits) m = m * 10 + static_cast<uint64_t>(*p_ - '0');
    if (p_ != end_ && *p_ == '.') {
      ++p_;
      if (p_ == end_ || !IsDigit(*p_)) return false;
      for (; p_ != end_ && IsDigit(*p_); ++p_, ++digits, ++fraction_digits)
        m = m * 10 + static_cast<uint64_t>(*p_ - '0');
    }
    if (digits > 15 || !AtDelimiter()) return false;
    // m < 10^15 and 10^fraction_digits are exact doubles, and IEEE division rounds correctly:
    // the double nearest the decimal, as from_chars (and simdjson) give it (Clinger's fast path).
    static constexpr double kPowersOfTen[16] = {1e0, 1e1, 1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                                1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
    *out = static_cast<double>(m) / kPowersOfTen[fraction_digits];
    switch (range) {
      case NumberRange::kNonNegative: return true;  // no sign: never negative
      case NumberRange::kPositive: return *out != 0;
      case NumberRange::kPercent: return *out > 0 && *out <= 100;
    }
    return false;
  }

  // Digits only, at most 18 (within int64), no leading zero; > 0 when `positive`.
  bool Integer(Value&, std::string_view, int64_t* out, bool positive) {
    SkipSpace();
    if (p_ == end_ || !IsDigit(*p_)) return false;
    if (*p_ == '0' && p_ + 1 != end_ && IsDigit(p_[1])) return false;
    int64_t n = 0;
    for (int digits = 0; p_ != end_ && IsDigit(*p_); ++p_) {
      if (++digits > 18) return false;  // before n could overflow
      n = n * 10 + (*p_ - '0');
    }
    if (!AtDelimiter() || (positive && n == 0)) return false;
    *out = n;
    return true;
  }

  bool Bool(Value&, std::string_view, bool* out) {
    SkipSpace();
    const size_t left = static_cast<size_t>(end_ - p_);
    if (left >= 4 && std::memcmp(p_, "true", 4) == 0) {
      p_ += 4;
      *out = true;
    } else if (left >= 5 && std::memcmp(p_, "false", 5) == 0) {
      p_ += 5;
      *out = false;
    } else {
      return false;
    }
    return AtDelimiter();
  }

 private:
  static bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
  static bool IsDigit(char c) { return c >= '0' && c <= '9'; }
  // What may follow a number or a literal.
  bool AtDelimiter() const { return p_ == end_ || IsSpace(*p_) || *p_ == ',' || *p_ == '}' || *p_ == ']'; }

  void SkipSpace() {
    while (p_ != end_ && static_cast<unsigned char>(*p_) <= ' ' && IsSpace(*p_)) ++p_;
  }
  bool Consume(char c) {
    if (p_ != end_ && *p_ == c) {  // compact JSON: no space before it
      ++p_;
      return true;
    }
    SkipSpace();
    if (p_ == end_ || *p_ != c) return false;
    ++p_;
    return true;
  }

  const char* p_;
  const char* const end_;
  Value value_;  // the value at the cursor, for the callbacks
};

}  // namespace

bool ReadSaleFast(std::string_view json, const RuleSet& rules, const SaleParseOptions& options, Sale* sale) {
  FastScan scan(json);
  return SaleReading<FastScan>(scan, rules).ReadSale(FastScan::Object{}, nullptr, options, sale) && scan.AtEnd();
}

}  // namespace exportctl::internal
