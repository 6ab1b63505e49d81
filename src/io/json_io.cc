// The contract JSON (docs/json.md): sales in with simdjson On-Demand, decisions out.
//
// Input is strict. Every error message is "LINE:COLUMN: message", where LINE and COLUMN (1-based,
// the column counted in characters) point at the offending key or value of the input.
#include "exportctl/json.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/container/inlined_vector.h"
#include "absl/status/status.h"
#include "internal/strings.h"
#include "simdjson.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace exportctl {
namespace {

namespace od = simdjson::ondemand;

using internal::StrCat;
using internal::Sv;

constexpr int kMaxOwnerDepth = 64;
constexpr int kMaxOwners = 10000;               // owners in one sale's tree
constexpr size_t kMaxSaleBytes = size_t{1} << 20;  // one sale's JSON text

#define EXPORTCTL_TRY(expr)                  \
  do {                                       \
    absl::Status status_ = (expr);           \
    if (!status_.ok()) return status_;       \
  } while (false)

// A short, lower-case description of a simdjson error.
std::string_view DescribeJsonError(simdjson::error_code e) {
  switch (e) {
    case simdjson::EMPTY: return "empty input";
    case simdjson::TAPE_ERROR: return "malformed json";
    case simdjson::INCOMPLETE_ARRAY_OR_OBJECT: return "unterminated object or array";
    case simdjson::UNCLOSED_STRING: return "unterminated string";
    case simdjson::STRING_ERROR: return "invalid string";
    case simdjson::UNESCAPED_CHARS: return "control character in a string";
    case simdjson::UTF8_ERROR: return "invalid utf-8";
    case simdjson::NUMBER_ERROR: return "invalid number";
    case simdjson::NUMBER_OUT_OF_RANGE: return "number out of range";
    case simdjson::T_ATOM_ERROR:
    case simdjson::F_ATOM_ERROR:
    case simdjson::N_ATOM_ERROR: return "invalid literal";
    case simdjson::DEPTH_ERROR: return "nesting too deep";
    case simdjson::TRAILING_CONTENT: return "unexpected content after the value";
    case simdjson::CAPACITY: return "input too large";
    default: return "malformed json";
  }
}

// The JSON type of a value, as a noun for messages.
std::string_view TypeNoun(od::json_type t) {
  switch (t) {
    case od::json_type::array: return "an array";
    case od::json_type::object: return "an object";
    case od::json_type::number: return "a number";
    case od::json_type::string: return "a string";
    case od::json_type::boolean: return "a boolean";
    case od::json_type::null: return "null";
  }
  return "a value";
}

std::string_view TrimRight(std::string_view s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

// Reads one document. Positions are pointers into `text_`.
class Reader {
 public:
  Reader(std::string_view text, od::document& doc) : text_(text), doc_(doc) {}

  // "LINE:COLUMN: message" for a pointer into the input.
  // Messages quote the user's input; control characters in it are escaped, so an error is
  // always one line.
  absl::Status Fail(const char* at, std::string_view message) const {
    std::string line = StrCat(Position(at), ": ");
    internal::AppendOneLine(line, message);
    return absl::InvalidArgumentError(line);
  }
  absl::Status FailJson(simdjson::error_code e, const char* at = nullptr) {
    if (at == nullptr) {
      auto loc = doc_.current_location();
      at = loc.error() ? text_.data() + text_.size() : loc.value_unsafe();
    }
    return Fail(at, DescribeJsonError(e));
  }

  std::string Position(const char* at) const {
    size_t offset = at < text_.data() ? 0 : static_cast<size_t>(at - text_.data());
    if (offset > text_.size()) offset = text_.size();
    int line = 1, column = 1;
    for (size_t i = 0; i < offset; ++i) {
      const unsigned char c = static_cast<unsigned char>(text_[i]);
      if (c == '\n') {
        ++line;
        column = 1;
      } else if ((c & 0xC0) != 0x80) {  // count UTF-8 lead bytes: characters, not bytes
        ++column;
      }
    }
    return StrCat(line, ":", column);
  }

  static const char* Where(od::value& v) { return v.raw_json_token().data(); }
  static std::string_view Token(od::value& v) { return TrimRight(v.raw_json_token()); }

  // Iterates the fields of `obj`: calls f(key, key_position, value) -> absl::Status. Rejects
  // duplicate keys.
  template <class F>
  absl::Status ForEachField(od::object obj, std::string_view where, F&& f) {
    // The unescaped keys live in the parser's string buffer until the next document: views
    // suffice (a vector of string copies per object showed in the batch profile).
    absl::InlinedVector<std::string_view, 16> seen;
    for (auto field_result : obj) {
      od::field field;
      if (auto e = std::move(field_result).get(field)) return FailJson(e);
      const char* key_at = field.key().raw() - 1;
      std::string_view key;
      if (auto e = field.unescaped_key().get(key)) return FailJson(e, key_at);
      for (std::string_view s : seen)
        if (s == key) return Fail(key_at, StrCat("duplicate field '", key, "' in ", where));
      seen.push_back(key);
      od::value value = field.value();
      EXPORTCTL_TRY(f(key, key_at, value));
    }
    return absl::OkStatus();
  }

  absl::Status UnknownField(const char* at, std::string_view key, std::string_view where) const {
    return Fail(at, StrCat("unknown field '", key, "' in ", where));
  }

  absl::Status TypeOf(od::value& v, std::string_view name, od::json_type* t) {
    if (auto e = v.type().get(*t)) return FailJson(e, Where(v));
    (void)name;
    return absl::OkStatus();
  }

  absl::Status WrongType(od::value& v, std::string_view name, std::string_view expected) {
    od::json_type t{};
    std::string_view got = "a value";
    if (!v.type().get(t)) got = TypeNoun(t);
    return Fail(Where(v), StrCat("'", name, "' must be ", expected, ", not ", got));
  }

  // The unescaped string, valid until the next document (in the parser's string buffer).
  absl::Status StringView(od::value& v, std::string_view name, std::string_view* out) {
    od::json_type t{};
    EXPORTCTL_TRY(TypeOf(v, name, &t));
    if (t != od::json_type::string) return WrongType(v, name, "a string");
    const char* at = Where(v);
    if (auto e = v.get_string().get(*out)) return FailJson(e, at);
    return absl::OkStatus();
  }

  absl::Status String(od::value& v, std::string_view name, std::string* out) {
    std::string_view s;
    EXPORTCTL_TRY(StringView(v, name, &s));
    out->assign(s);
    return absl::OkStatus();
  }

  absl::Status Bool(od::value& v, std::string_view name, bool* out) {
    od::json_type t{};
    EXPORTCTL_TRY(TypeOf(v, name, &t));
    if (t != od::json_type::boolean) return WrongType(v, name, "true or false");
    const char* at = Where(v);
    if (auto e = v.get_bool().get(*out)) return FailJson(e, at);
    return absl::OkStatus();
  }

  // A finite number >= 0 (> 0 when `positive`).
  absl::Status Number(od::value& v, std::string_view name, double* out, bool positive = false) {
    od::json_type t{};
    EXPORTCTL_TRY(TypeOf(v, name, &t));
    if (t != od::json_type::number) return WrongType(v, name, "a number");
    const char* at = Where(v);
    const std::string_view token = Token(v);  // into the input text
    double d = 0;
    if (auto e = v.get_double().get(d)) return FailJson(e, at);
    if (!std::isfinite(d) || d < 0 || (positive && d == 0)) {
      return Fail(at, StrCat("'", name, "' must be a ", positive ? "positive" : "non-negative",
                                   " number, got '", token, "'"));
    }
    *out = d;
    return absl::OkStatus();
  }

  // An integer >= 0 (> 0 when `positive`).
  absl::Status Integer(od::value& v, std::string_view name, int64_t* out, bool positive) {
    od::json_type t{};
    EXPORTCTL_TRY(TypeOf(v, name, &t));
    if (t != od::json_type::number) return WrongType(v, name, "an integer");
    const char* at = Where(v);
    const std::string_view token = Token(v);  // into the input text
    const std::string_view kind = positive ? "a positive integer" : "a non-negative integer";
    int64_t n = 0;
    if (token.find_first_of(".eE") != std::string_view::npos || v.get_int64().get(n) != simdjson::SUCCESS ||
        n < 0 || (positive && n == 0)) {
      return Fail(at, StrCat("'", name, "' must be ", kind, ", got '", token, "'"));
    }
    *out = n;
    return absl::OkStatus();
  }

  absl::Status DateValue(od::value& v, std::string_view name, Date* out) {
    const char* at = Where(v);
    std::string_view s;
    EXPORTCTL_TRY(StringView(v, name, &s));
    absl::StatusOr<Date> d = Date::Parse(s);
    if (!d.ok()) return Fail(at, Sv(d.status().message()));
    *out = *d;
    return absl::OkStatus();
  }

  absl::Status CountryValue(od::value& v, std::string_view name, Country* out) {
    const char* at = Where(v);
    std::string_view s;
    EXPORTCTL_TRY(StringView(v, name, &s));
    absl::StatusOr<Country> c = Country::Parse(s);
    if (!c.ok()) return Fail(at, Sv(c.status().message()));
    *out = *c;
    return absl::OkStatus();
  }

  absl::Status Object(od::value& v, std::string_view name, od::object* out, const char** at) {
    od::json_type t{};
    EXPORTCTL_TRY(TypeOf(v, name, &t));
    if (t != od::json_type::object) return WrongType(v, name, "an object");
    *at = Where(v);
    if (auto e = v.get_object().get(*out)) return FailJson(e, *at);
    return absl::OkStatus();
  }

  // Calls f(element_value) for each element of the array `v`.
  template <class F>
  absl::Status Array(od::value& v, std::string_view name, F&& f) {
    od::json_type t{};
    EXPORTCTL_TRY(TypeOf(v, name, &t));
    if (t != od::json_type::array) return WrongType(v, name, "an array");
    const char* at = Where(v);
    od::array arr;
    if (auto e = v.get_array().get(arr)) return FailJson(e, at);
    for (auto element_result : arr) {
      od::value element;
      if (auto e = std::move(element_result).get(element)) return FailJson(e);
      EXPORTCTL_TRY(f(element));
    }
    return absl::OkStatus();
  }

  absl::Status Missing(const char* object_at, std::string_view field, std::string_view where) const {
    return Fail(object_at, StrCat("missing required field '", field, "' in ", where));
  }

  // Fails if anything but whitespace follows the root value.
  absl::Status ExpectEnd() {
    auto loc = doc_.current_location();
    if (!loc.error()) return Fail(loc.value_unsafe(), "unexpected content after the value");
    return absl::OkStatus();
  }

  // Chip object fields.
  absl::Status ReadChip(od::object obj, const char* obj_at, Chip* chip) {
    bool has_tpp = false, has_tops = false;
    const char* tpp_at = nullptr;
    EXPORTCTL_TRY(ForEachField(obj, "item", [&](std::string_view key, const char* key_at, od::value& v) {
      (void)key_at;
      if (key == "model") return String(v, key, &chip->model);
      if (key == "vendor") return String(v, key, &chip->vendor);
      if (key == "origin") return CountryValue(v, key, &chip->origin);
      if (key == "datacenter") {
        bool b;
        EXPORTCTL_TRY(Bool(v, key, &b));
        chip->datacenter = b;
        return absl::OkStatus();
      }
      if (key == "die_area_mm2") {
        double d;
        EXPORTCTL_TRY(Number(v, key, &d, /*positive=*/true));
        chip->die_area_mm2 = SquareMillimeters(d);
        return absl::OkStatus();
      }
      if (key == "tpp") {
        tpp_at = Where(v);
        double d;
        EXPORTCTL_TRY(Number(v, key, &d));
        chip->tpp_direct = Tpp(d);
        has_tpp = true;
        return absl::OkStatus();
      }
      if (key == "dense_tops") {
        od::object tops;
        const char* tops_at;
        EXPORTCTL_TRY(Object(v, key, &tops, &tops_at));
        has_tops = true;
        return ForEachField(tops, "dense_tops", [&](std::string_view p, const char* p_at, od::value& pv) {
          absl::StatusOr<Precision> precision = ParsePrecision(p);
          if (!precision.ok()) {
            return Fail(p_at, StrCat("unknown precision '", p,
                                           "' in dense_tops (expected fp4, fp8, int8, fp16, bf16, tf32, "
                                           "fp32 or fp64)"));
          }
          double d;
          EXPORTCTL_TRY(Number(pv, StrCat("dense_tops.", p), &d));
          chip->tops(*precision) = Tops(d);
          return absl::OkStatus();
        });
      }
      auto gbps = [&](std::optional<GigabytesPerSecond>* out) {
        double d;
        EXPORTCTL_TRY(Number(v, key, &d));
        *out = GigabytesPerSecond(d);
        return absl::OkStatus();
      };
      if (key == "interconnect_gbps") return gbps(&chip->interconnect_gbps);
      if (key == "memory_bandwidth_gbps") return gbps(&chip->memory_bandwidth_gbps);
      if (key == "memory_gb") {
        double d;
        EXPORTCTL_TRY(Number(v, key, &d));
        chip->memory_gb = Gigabytes(d);
        return absl::OkStatus();
      }
      if (key == "tdp_w") {
        double d;
        EXPORTCTL_TRY(Number(v, key, &d, /*positive=*/true));
        chip->tdp_w = Watts(d);
        return absl::OkStatus();
      }
      return UnknownField(key_at, key, "item");
    }));
    if (has_tpp && has_tops) return Fail(tpp_at, "give either 'tpp' or 'dense_tops' in item, not both");
    (void)obj_at;
    return absl::OkStatus();
  }

  absl::Status ReadOwner(od::value& v, int depth, Owner* owner) {
    const char* at = Where(v);
    if (depth > kMaxOwnerDepth) {
      return Fail(at, StrCat("ownership tree deeper than ", kMaxOwnerDepth, " levels"));
    }
    if (++owners_read_ > kMaxOwners) return Fail(at, StrCat("ownership tree has more than ", kMaxOwners, " owners"));
    od::object obj;
    EXPORTCTL_TRY(Object(v, "owner", &obj, &at));
    bool has_name = false, has_percent = false;
    EXPORTCTL_TRY(ForEachField(obj, "owner", [&](std::string_view key, const char* key_at, od::value& fv) {
      if (key == "name") {
        has_name = true;
        return String(fv, key, &owner->name);
      }
      if (key == "percent") {
        has_percent = true;
        const char* p_at = Where(fv);
        const std::string_view token = Token(fv);  // into the input text
        EXPORTCTL_TRY(Number(fv, key, &owner->percent));
        if (!(owner->percent > 0 && owner->percent <= 100)) {
          return Fail(p_at, StrCat("'percent' must be in (0, 100], got '", token, "'"));
        }
        return absl::OkStatus();
      }
      if (key == "owners") {
        return Array(fv, key, [&](od::value& ov) {
          owner->owners.emplace_back();
          return ReadOwner(ov, depth + 1, &owner->owners.back());
        });
      }
      return UnknownField(key_at, key, "owner");
    }));
    if (!has_name) return Missing(at, "name", "owner");
    if (!has_percent) return Missing(at, "percent", "owner");
    return absl::OkStatus();
  }

  absl::Status ReadBuyer(od::value& v, Buyer* buyer) {
    od::object obj;
    const char* at;
    EXPORTCTL_TRY(Object(v, "buyer", &obj, &at));
    return ForEachField(obj, "buyer", [&](std::string_view key, const char* key_at, od::value& fv) {
      if (key == "name") return String(fv, key, &buyer->name);
      if (key == "headquarters" || key == "ultimate_parent_headquarters") {
        Country c;
        EXPORTCTL_TRY(CountryValue(fv, key, &c));
        (key == "headquarters" ? buyer->headquarters : buyer->ultimate_parent_headquarters) = c;
        return absl::OkStatus();
      }
      if (key == "sector") {
        const char* s_at = Where(fv);
        std::string_view s;
        EXPORTCTL_TRY(StringView(fv, key, &s));
        absl::StatusOr<Sector> sector = ParseSector(s);
        if (!sector.ok()) return Fail(s_at, Sv(sector.status().message()));
        buyer->sector = *sector;
        return absl::OkStatus();
      }
      if (key == "owners") {
        return Array(fv, key, [&](od::value& ov) {
          buyer->owners.emplace_back();
          return ReadOwner(ov, 1, &buyer->owners.back());
        });
      }
      return UnknownField(key_at, key, "buyer");
    });
  }

  absl::Status ReadAuthorization(od::value& v, std::string_view what, const RuleSet& rules, Authorization* a) {
    od::object obj;
    const char* at;
    EXPORTCTL_TRY(Object(v, what, &obj, &at));
    bool has_jurisdiction = false, has_from = false, has_until = false;
    const char* until_at = nullptr;
    EXPORTCTL_TRY(ForEachField(obj, what, [&](std::string_view key, const char* key_at, od::value& fv) {
      if (key == "jurisdiction") {
        has_jurisdiction = true;
        return CountryValue(fv, key, &a->jurisdiction);
      }
      if (key == "valid_from") {
        has_from = true;
        return DateValue(fv, key, &a->valid_from);
      }
      if (key == "valid_until") {
        has_until = true;
        until_at = Where(fv);
        return DateValue(fv, key, &a->valid_until);
      }
      if (key == "items") {
        return Array(fv, key, [&](od::value& iv) {
          const char* item_at = Where(iv);
          std::string s;
          EXPORTCTL_TRY(String(iv, "items", &s));
          // A license for a chip the catalog does not know cannot be matched: an input error,
          // like an unknown `item`, never a license that silently covers nothing.
          if (rules.FindChip(s) == nullptr) return Fail(item_at, StrCat("unknown chip '", s, "' in ", what, " 'items'"));
          a->items.push_back(std::move(s));
          return absl::OkStatus();
        });
      }
      if (key == "id") return String(fv, key, &a->id);
      if (key == "destination") {
        Country c;
        EXPORTCTL_TRY(CountryValue(fv, key, &c));
        a->destination = c;
        return absl::OkStatus();
      }
      if (key == "buyer") {
        std::string s;
        EXPORTCTL_TRY(String(fv, key, &s));
        a->buyer = std::move(s);
        return absl::OkStatus();
      }
      if (key == "quantity") {
        int64_t n;
        EXPORTCTL_TRY(Integer(fv, key, &n, /*positive=*/true));
        a->quantity = n;
        return absl::OkStatus();
      }
      return UnknownField(key_at, key, what);
    }));
    if (!has_jurisdiction) return Missing(at, "jurisdiction", what);
    if (!has_from) return Missing(at, "valid_from", what);
    if (has_until && !(a->valid_from < a->valid_until)) {
      return Fail(until_at, StrCat("'valid_until' ", a->valid_until.ToString(),
                                         " must be after 'valid_from' ", a->valid_from.ToString()));
    }
    return absl::OkStatus();
  }

  absl::Status ReadNotification(od::value& v, Notification* n) {
    od::object obj;
    const char* at;
    EXPORTCTL_TRY(Object(v, "notification", &obj, &at));
    bool has_exception = false, has_filed = false;
    EXPORTCTL_TRY(ForEachField(obj, "notification", [&](std::string_view key, const char* key_at, od::value& fv) {
      if (key == "exception") {
        has_exception = true;
        const char* e_at = Where(fv);
        EXPORTCTL_TRY(String(fv, key, &n->exception));
        if (n->exception.empty()) return Fail(e_at, "'exception' must not be empty");
        return absl::OkStatus();
      }
      if (key == "filed") {
        has_filed = true;
        return DateValue(fv, key, &n->filed);
      }
      if (key == "authorization") {
        const char* a_at = Where(fv);
        EXPORTCTL_TRY(String(fv, key, &n->authorization));
        if (!IsNacAuthorizationNumber(n->authorization))
          return Fail(a_at, StrCat("'authorization' must be a BIS authorization number ('A' and six digits), got '",
                                   n->authorization, "'"));
        return absl::OkStatus();
      }
      return UnknownField(key_at, key, "notification");
    }));
    if (!has_exception) return Missing(at, "exception", "notification");
    if (!has_filed) return Missing(at, "filed", "notification");
    return absl::OkStatus();
  }

  absl::Status ReadFacility(od::value& v, FacilityFacts* f) {
    od::object obj;
    const char* at;
    EXPORTCTL_TRY(Object(v, "datacenter", &obj, &at));
    return ForEachField(obj, "datacenter", [&](std::string_view key, const char* key_at, od::value& fv) {
      if (key == "pue") {
        double d;
        EXPORTCTL_TRY(Number(fv, key, &d, /*positive=*/true));
        f->pue = d;
        return absl::OkStatus();
      }
      if (key == "national_hub") return Bool(fv, key, &f->national_hub);
      return UnknownField(key_at, key, "datacenter");
    });
  }

  absl::Status ReadSale(od::object obj, const char* obj_at, const RuleSet& rules, const SaleParseOptions& options,
                        Sale* sale) {
    bool has_date = false, has_item = false, has_destination = false;
    EXPORTCTL_TRY(ForEachField(obj, "sale", [&](std::string_view key, const char* key_at, od::value& v) {
      if (key == "date") {
        has_date = true;
        return DateValue(v, key, &sale->date);
      }
      if (key == "item") {
        has_item = true;
        od::json_type t{};
        EXPORTCTL_TRY(TypeOf(v, key, &t));
        const char* at = Where(v);
        if (t == od::json_type::string) {
          std::string_view name;
          EXPORTCTL_TRY(StringView(v, key, &name));
          const CatalogChip* chip = rules.FindChip(name);
          if (chip == nullptr) return Fail(at, StrCat("unknown chip '", name, "'"));
          sale->item = chip->chip;
          return absl::OkStatus();
        }
        if (t == od::json_type::object) {
          od::object item;
          EXPORTCTL_TRY(Object(v, key, &item, &at));
          return ReadChip(item, at, &sale->item);
        }
        return WrongType(v, key, "a catalog name or a chip object");
      }
      if (key == "quantity") return Integer(v, key, &sale->quantity, /*positive=*/true);
      if (key == "unit_price_usd") {
        double d;
        EXPORTCTL_TRY(Number(v, key, &d));
        sale->unit_price_usd = Usd(d);
        return absl::OkStatus();
      }
      if (key == "destination") {
        has_destination = true;
        return CountryValue(v, key, &sale->destination);
      }
      if (key == "exported_from") return CountryValue(v, key, &sale->exported_from);
      if (key == "buyer") return ReadBuyer(v, &sale->buyer);
      if (key == "end_use") {
        const char* at = Where(v);
        std::string_view s;
        EXPORTCTL_TRY(StringView(v, key, &s));
        absl::StatusOr<EndUse> end_use = ParseEndUse(s);
        if (!end_use.ok()) return Fail(at, Sv(end_use.status().message()));
        sale->end_use = *end_use;
        return absl::OkStatus();
      }
      if (key == "licenses" || key == "approvals") {
        auto& list = key == "licenses" ? sale->licenses : sale->approvals;
        const std::string_view what = key == "licenses" ? "license" : "approval";
        return Array(v, key, [&](od::value& ev) {
          list.emplace_back();
          return ReadAuthorization(ev, what, rules, &list.back());
        });
      }
      if (key == "notifications") {
        return Array(v, key, [&](od::value& ev) {
          sale->notifications.emplace_back();
          return ReadNotification(ev, &sale->notifications.back());
        });
      }
      if (key == "domestic_chips_purchased" || key == "us_units_shipped") {
        int64_t n;
        EXPORTCTL_TRY(Integer(v, key, &n, /*positive=*/false));
        (key == "us_units_shipped" ? sale->us_units_shipped : sale->domestic_chips_purchased) = n;
        return absl::OkStatus();
      }
      if (key == "datacenter") return ReadFacility(v, &sale->datacenter);
      if (key == "us_import_value_usd") {
        double d;
        EXPORTCTL_TRY(Number(v, key, &d));  // finite and not negative
        sale->us_import_value_usd = Usd(d);
        return absl::OkStatus();
      }
      if (key == "id") {
        od::json_type t{};
        EXPORTCTL_TRY(TypeOf(v, key, &t));
        SaleId id;
        if (t == od::json_type::string) {
          EXPORTCTL_TRY(String(v, key, &id.text));
        } else if (t == od::json_type::number) {
          int64_t n;
          EXPORTCTL_TRY(Integer(v, key, &n, /*positive=*/false));
          id.text = std::to_string(n);
          id.integer = true;
        } else {
          return WrongType(v, key, "a string or an integer");
        }
        sale->id = std::move(id);
        return absl::OkStatus();
      }
      return UnknownField(key_at, key, "sale");
    }));
    if (!has_date && options.default_date) {
      sale->date = *options.default_date;
      has_date = true;
    }
    if (!has_date) return Missing(obj_at, "date", "sale");
    if (!has_item) return Missing(obj_at, "item", "sale");
    if (!has_destination) return Missing(obj_at, "destination", "sale");
    return absl::OkStatus();
  }

 private:
  std::string_view text_;
  int owners_read_ = 0;
  od::document& doc_;
};

// A fast path for the sales batch reads by the million: a direct scan of the common form of a
// sale (every string printable ASCII without escapes, numbers as plain digits with an optional
// fraction, a catalog item by name), with every check of Reader::ReadSale. It gives up (false)
// on anything else, and on anything the reader would reject, without saying why: the caller
// then runs the reader above on the same text, which accepts or reports exactly as before. So
// the fast path only decides speed: an input it accepts is a valid sale that the reader reads
// to the same Sale (it was 1 us a line on simdjson On-Demand, most of a batch line's parse).
// True if any of the 8 bytes of `w` is a control character, '"' or '\\' (exact "has byte less
// than / equal to" bit tricks; no false positives).
inline bool AnyNeedsEscape(uint64_t w) {
  constexpr uint64_t kOnes = 0x0101010101010101, kHigh = 0x8080808080808080;
  const uint64_t control = (w - kOnes * 0x20) & ~w & kHigh;
  const uint64_t q = w ^ (kOnes * '"'), b = w ^ (kOnes * '\\');
  return (control | ((q - kOnes) & ~q & kHigh) | ((b - kOnes) & ~b & kHigh)) != 0;
}

// The first byte in [p, end) that is a quote, a backslash, a control character or not ASCII, or
// a position before it (the caller goes on byte by byte); 16 bytes at a time with SSE2 (every
// x86-64 has it), never reading past `end`.
inline const char* SkipPlainAscii(const char* p, const char* end) {
#if defined(__SSE2__)
  const __m128i quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\'), space = _mm_set1_epi8(0x20);
  while (end - p >= 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    // Signed compare: bytes >= 0x80 are negative, so "< 0x20" also catches them.
    const __m128i stop = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash)),
                                      _mm_cmplt_epi8(v, space));
    const int mask = _mm_movemask_epi8(stop);
    if (mask != 0) return p + __builtin_ctz(static_cast<unsigned>(mask));
    p += 16;
  }
#endif
  return p;
}

class FastSaleReader {
 public:
  FastSaleReader(std::string_view text, const RuleSet& rules, const SaleParseOptions& options)
      : p_(text.data()), end_(text.data() + text.size()), rules_(rules), options_(options) {}

  bool Read(Sale* sale) {
    if (!ReadSale(sale)) return false;
    SkipSpace();
    return p_ == end_;
  }

 private:
  // `key` == `literal`, compared at a size known at compile time (no memcmp call).
  template <size_t N>
  static bool Is(std::string_view key, const char (&literal)[N]) {
    return key.size() == N - 1 && std::memcmp(key.data(), literal, N - 1) == 0;
  }

  static bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
  static bool IsDigit(char c) { return c >= '0' && c <= '9'; }
  // What may follow a number or a literal.
  bool AtDelimiter() const { return p_ == end_ || IsSpace(*p_) || *p_ == ',' || *p_ == '}' || *p_ == ']'; }

  void SkipSpace() {
    while (p_ != end_ && IsSpace(*p_)) ++p_;
  }
  bool Consume(char c) {
    SkipSpace();
    if (p_ == end_ || *p_ != c) return false;
    ++p_;
    return true;
  }

  // A string of ASCII (0x20..0x7f) without escapes: its text is its value.
  bool Str(std::string_view* out) {
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

  // Digits with an optional fraction, no sign or exponent, 15 significant digits at most: the
  // decimal is exact in a double or correctly rounded, as simdjson rounds it.
  bool Num(double* out) {
    SkipSpace();
    const char* start = p_;
    if (p_ == end_ || !IsDigit(*p_)) return false;
    if (*p_ == '0' && p_ + 1 != end_ && IsDigit(p_[1])) return false;  // a leading zero
    int digits = 0;
    for (; p_ != end_ && IsDigit(*p_); ++p_) ++digits;
    if (p_ != end_ && *p_ == '.') {
      ++p_;
      if (p_ == end_ || !IsDigit(*p_)) return false;
      for (; p_ != end_ && IsDigit(*p_); ++p_) ++digits;
    }
    if (digits > 15 || !AtDelimiter()) return false;
    const std::from_chars_result r = std::from_chars(start, p_, *out);
    return r.ec == std::errc() && r.ptr == p_;
  }

  // Digits only, at most 18 (within int64), no leading zero; > 0 when `positive`.
  bool Int(int64_t* out, bool positive) {
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

  bool Bool(bool* out) {
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

  bool DateV(Date* out) {
    std::string_view s;
    if (!Str(&s)) return false;
    absl::StatusOr<Date> d = Date::Parse(s);
    if (!d.ok()) return false;
    *out = *d;
    return true;
  }
  bool CountryV(Country* out) {
    std::string_view s;
    if (!Str(&s)) return false;
    absl::StatusOr<Country> c = Country::Parse(s);
    if (!c.ok()) return false;
    *out = *c;
    return true;
  }
  bool StringV(std::string* out) {
    std::string_view s;
    if (!Str(&s)) return false;
    out->assign(s);
    return true;
  }

  // Calls f(key) for each member of an object, f reading the value; a key seen twice fails.
  template <class F>
  bool Object(F&& f) {
    if (!Consume('{')) return false;
    if (Consume('}')) return true;
    std::string_view seen[16];  // a sale has 14 fields, the other objects fewer
    int count = 0;
    for (;;) {
      std::string_view key;
      if (!Str(&key) || !Consume(':')) return false;
      for (int i = 0; i < count; ++i)
        if (seen[i] == key) return false;
      if (count == 16) return false;
      seen[count++] = key;
      if (!f(key)) return false;
      if (Consume(',')) continue;
      return Consume('}');
    }
  }
  // Calls f() for each element of an array, f reading the element.
  template <class F>
  bool Array(F&& f) {
    if (!Consume('[')) return false;
    if (Consume(']')) return true;
    for (;;) {
      if (!f()) return false;
      if (Consume(',')) continue;
      return Consume(']');
    }
  }

  bool ReadOwner(int depth, Owner* owner) {
    if (depth > kMaxOwnerDepth || ++owners_read_ > kMaxOwners) return false;
    bool has_name = false, has_percent = false;
    if (!Object([&](std::string_view key) {
          if (Is(key, "name")) {
            has_name = true;
            return StringV(&owner->name);
          }
          if (Is(key, "percent")) {
            has_percent = true;
            return Num(&owner->percent) && owner->percent > 0 && owner->percent <= 100;
          }
          if (Is(key, "owners")) {
            return Array([&] {
              owner->owners.emplace_back();
              return ReadOwner(depth + 1, &owner->owners.back());
            });
          }
          return false;
        })) {
      return false;
    }
    return has_name && has_percent;
  }

  bool ReadBuyer(Buyer* buyer) {
    return Object([&](std::string_view key) {
      if (Is(key, "name")) return StringV(&buyer->name);
      if (Is(key, "headquarters") || Is(key, "ultimate_parent_headquarters")) {
        Country c;
        if (!CountryV(&c)) return false;
        (Is(key, "headquarters") ? buyer->headquarters : buyer->ultimate_parent_headquarters) = c;
        return true;
      }
      if (Is(key, "sector")) {
        std::string_view s;
        if (!Str(&s)) return false;
        absl::StatusOr<Sector> sector = ParseSector(s);
        if (!sector.ok()) return false;
        buyer->sector = *sector;
        return true;
      }
      if (Is(key, "owners")) {
        return Array([&] {
          buyer->owners.emplace_back();
          return ReadOwner(1, &buyer->owners.back());
        });
      }
      return false;
    });
  }

  bool ReadAuthorization(Authorization* a) {
    bool has_jurisdiction = false, has_from = false, has_until = false;
    if (!Object([&](std::string_view key) {
          if (Is(key, "jurisdiction")) {
            has_jurisdiction = true;
            return CountryV(&a->jurisdiction);
          }
          if (Is(key, "valid_from")) {
            has_from = true;
            return DateV(&a->valid_from);
          }
          if (Is(key, "valid_until")) {
            has_until = true;
            return DateV(&a->valid_until);
          }
          if (Is(key, "items")) {
            return Array([&] {
              std::string s;
              if (!StringV(&s) || rules_.FindChip(s) == nullptr) return false;
              a->items.push_back(std::move(s));
              return true;
            });
          }
          if (Is(key, "id")) return StringV(&a->id);
          if (Is(key, "destination")) {
            Country c;
            if (!CountryV(&c)) return false;
            a->destination = c;
            return true;
          }
          if (Is(key, "buyer")) {
            std::string s;
            if (!StringV(&s)) return false;
            a->buyer = std::move(s);
            return true;
          }
          if (Is(key, "quantity")) {
            int64_t n;
            if (!Int(&n, /*positive=*/true)) return false;
            a->quantity = n;
            return true;
          }
          return false;
        })) {
      return false;
    }
    return has_jurisdiction && has_from && (!has_until || a->valid_from < a->valid_until);
  }

  bool ReadNotification(Notification* n) {
    bool has_exception = false, has_filed = false;
    if (!Object([&](std::string_view key) {
          if (Is(key, "exception")) {
            has_exception = true;
            return StringV(&n->exception) && !n->exception.empty();
          }
          if (Is(key, "filed")) {
            has_filed = true;
            return DateV(&n->filed);
          }
          if (Is(key, "authorization")) return StringV(&n->authorization) && IsNacAuthorizationNumber(n->authorization);
          return false;
        })) {
      return false;
    }
    return has_exception && has_filed;
  }

  bool ReadFacility(FacilityFacts* f) {
    return Object([&](std::string_view key) {
      if (Is(key, "pue")) {
        double d;
        if (!Num(&d) || d == 0) return false;
        f->pue = d;
        return true;
      }
      if (Is(key, "national_hub")) return Bool(&f->national_hub);
      return false;
    });
  }

  bool ReadSale(Sale* sale) {
    bool has_date = false, has_item = false, has_destination = false;
    if (!Object([&](std::string_view key) {
          if (Is(key, "date")) {
            has_date = true;
            return DateV(&sale->date);
          }
          if (Is(key, "item")) {  // a catalog name; a chip object takes the reader
            has_item = true;
            std::string_view name;
            if (!Str(&name)) return false;
            const CatalogChip* chip = rules_.FindChip(name);
            if (chip == nullptr) return false;
            sale->item = chip->chip;
            return true;
          }
          if (Is(key, "quantity")) return Int(&sale->quantity, /*positive=*/true);
          if (Is(key, "unit_price_usd")) {
            double d;
            if (!Num(&d)) return false;
            sale->unit_price_usd = Usd(d);
            return true;
          }
          if (Is(key, "destination")) {
            has_destination = true;
            return CountryV(&sale->destination);
          }
          if (Is(key, "exported_from")) return CountryV(&sale->exported_from);
          if (Is(key, "buyer")) return ReadBuyer(&sale->buyer);
          if (Is(key, "end_use")) {
            std::string_view s;
            if (!Str(&s)) return false;
            absl::StatusOr<EndUse> end_use = ParseEndUse(s);
            if (!end_use.ok()) return false;
            sale->end_use = *end_use;
            return true;
          }
          if (Is(key, "licenses") || Is(key, "approvals")) {
            auto& list = Is(key, "licenses") ? sale->licenses : sale->approvals;
            return Array([&] {
              list.emplace_back();
              return ReadAuthorization(&list.back());
            });
          }
          if (Is(key, "notifications")) {
            return Array([&] {
              sale->notifications.emplace_back();
              return ReadNotification(&sale->notifications.back());
            });
          }
          if (Is(key, "domestic_chips_purchased") || Is(key, "us_units_shipped")) {
            int64_t n;
            if (!Int(&n, /*positive=*/false)) return false;
            (Is(key, "us_units_shipped") ? sale->us_units_shipped : sale->domestic_chips_purchased) = n;
            return true;
          }
          if (Is(key, "datacenter")) return ReadFacility(&sale->datacenter);
          if (Is(key, "us_import_value_usd")) {
            double d;
            if (!Num(&d) || d < 0) return false;
            sale->us_import_value_usd = Usd(d);
            return true;
          }
          if (Is(key, "id")) {  // a string id; an integer one takes the reader
            SaleId id;
            if (!StringV(&id.text)) return false;
            sale->id = std::move(id);
            return true;
          }
          return false;
        })) {
      return false;
    }
    if (!has_date && options_.default_date) {
      sale->date = *options_.default_date;
      has_date = true;
    }
    return has_date && has_item && has_destination;
  }

  const char* p_;
  const char* const end_;
  const RuleSet& rules_;
  const SaleParseOptions& options_;
  int owners_read_ = 0;
};

// The offset of the first non-space byte after the root value's closing brace, when the root
// value is a balanced object followed by more content; npos otherwise.
size_t RootValueEnd(std::string_view text) {
  size_t i = text.find_first_not_of(" \t\r\n");
  if (i == std::string_view::npos || text[i] != '{') return std::string_view::npos;
  int depth = 0;
  bool in_string = false;
  for (; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
      continue;
    }
    if (c == '"') in_string = true;
    else if (c == '{' || c == '[') ++depth;
    else if ((c == '}' || c == ']') && --depth == 0) break;
  }
  if (i >= text.size()) return std::string_view::npos;
  const size_t next = text.find_first_not_of(" \t\r\n", i + 1);
  return next == std::string_view::npos || text[next] == '\0' ? std::string_view::npos : next;
}

od::parser& ThreadParser() {
  thread_local od::parser parser;
  return parser;
}

// Parses `json` as one object and calls read(reader, object, object_position).
template <class F>
absl::Status ParseRootObject(std::string_view json, std::string_view what, F&& read) {
  if (json.size() > kMaxSaleBytes) {
    return absl::InvalidArgumentError(
        StrCat("1:1: ", what.substr(what.find(' ') + 1), " is ", json.size(), " bytes, more than the limit of ",
               kMaxSaleBytes, " (1 MiB)"));
  }
  // The input plus simdjson's zero padding, in a buffer each thread reuses (batch parses
  // millions of lines; an allocation per line showed in the profile).
  thread_local std::string buffer;
  buffer.assign(json);
  buffer.resize(json.size() + simdjson::SIMDJSON_PADDING, '\0');
  const simdjson::padded_string_view padded(buffer.data(), json.size(), buffer.size());
  od::document doc;
  std::string_view text(buffer.data(), json.size());
  Reader reader(text, doc);
  if (auto e = ThreadParser().iterate(padded).get(doc)) return reader.FailJson(e, text.data());
  od::json_type t{};
  if (auto e = doc.type().get(t)) return reader.FailJson(e);
  const char* at = text.data();
  {
    auto loc = doc.current_location();
    if (!loc.error()) at = loc.value_unsafe();
  }
  if (t != od::json_type::object) {
    // type() judges a scalar by its first byte: "nul" and "not json" look like null. Read the
    // scalar, so a malformed one gets simdjson's error rather than "not null".
    simdjson::error_code e = simdjson::SUCCESS;
    switch (t) {
      case od::json_type::null: {
        // The literal "null" followed by nothing but whitespace.
        const std::string_view rest = text.substr(static_cast<size_t>(at - text.data()));
        const size_t end = rest.find_first_not_of(" \t\r\n", 4);
        const bool tail_ok = end == std::string_view::npos || rest[end] == '\0';  // padding
        if (rest.substr(0, 4) != "null" || !tail_ok) e = simdjson::N_ATOM_ERROR;
        break;
      }
      case od::json_type::boolean: {
        bool b = false;
        e = doc.get_bool().get(b);
        break;
      }
      case od::json_type::number: {
        od::number n;
        e = doc.get_number().get(n);
        break;
      }
      default: break;
    }
    if (e) return reader.FailJson(e, at);
    return reader.Fail(at, StrCat("expected ", what, " object, not ", TypeNoun(t)));
  }
  od::object obj;
  if (auto e = doc.get_object().get(obj)) {
    if (e == simdjson::INCOMPLETE_ARRAY_OR_OBJECT) {
      // simdjson wants the root object's '}' to be the last token: tell trailing content apart.
      const size_t end = RootValueEnd(text);
      if (end != std::string_view::npos) return reader.Fail(text.data() + end, "unexpected content after the value");
    }
    return reader.FailJson(e, at);
  }
  EXPORTCTL_TRY(read(reader, obj, at));
  return reader.ExpectEnd();
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

namespace {

absl::StatusOr<Sale> ReadSaleJson(std::string_view json, const RuleSet& rules, const SaleParseOptions& options) {
  Sale sale;
  absl::Status status = ParseRootObject(json, "a sale", [&](Reader& r, od::object obj, const char* at) {
    return r.ReadSale(obj, at, rules, options, &sale);
  });
  if (!status.ok()) return status;
  return sale;
}

}  // namespace

namespace internal {
// The reader alone, without the fast path (for tests that compare the two).
absl::StatusOr<Sale> ParseSaleJsonWithReader(std::string_view json, const RuleSet& rules) {
  return ReadSaleJson(json, rules, {});
}
}  // namespace internal

absl::StatusOr<Sale> ParseSaleJson(std::string_view json, const RuleSet& rules, const SaleParseOptions& options) {
  if (json.size() <= kMaxSaleBytes) {
    Sale sale;
    if (FastSaleReader(json, rules, options).Read(&sale)) return sale;
  }
  return ReadSaleJson(json, rules, options);
}

absl::StatusOr<Chip> ParseChipJson(std::string_view json) {
  Chip chip;
  absl::Status status = ParseRootObject(json, "a chip", [&](Reader& r, od::object obj, const char* at) {
    return r.ReadChip(obj, at, &chip);
  });
  if (!status.ok()) return status;
  return chip;
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
