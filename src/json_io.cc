// The contract JSON (shared/CONTRACT.md): sales in with simdjson On-Demand, decisions out.
//
// Input is strict. Every error message is "LINE:COLUMN: message", where LINE and COLUMN (1-based,
// the column counted in characters) point at the offending key or value of the input.
#include "exportctl/json.h"

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

#include "absl/status/status.h"
#include "internal/strings.h"
#include "simdjson.h"

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
    for (char c : message) {
      if (static_cast<unsigned char>(c) >= 0x20) line += c;
      else AppendJsonEscaped(line, std::string_view(&c, 1));
    }
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
    std::vector<std::string> seen;
    for (auto field_result : obj) {
      od::field field;
      if (auto e = std::move(field_result).get(field)) return FailJson(e);
      const char* key_at = field.key().raw() - 1;
      std::string_view key_view;
      if (auto e = field.unescaped_key().get(key_view)) return FailJson(e, key_at);
      std::string key(key_view);
      for (const std::string& s : seen)
        if (s == key) return Fail(key_at, StrCat("duplicate field '", key, "' in ", where));
      seen.push_back(key);
      od::value value = field.value();
      EXPORTCTL_TRY(f(std::string_view(key), key_at, value));
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

  absl::Status String(od::value& v, std::string_view name, std::string* out) {
    od::json_type t{};
    EXPORTCTL_TRY(TypeOf(v, name, &t));
    if (t != od::json_type::string) return WrongType(v, name, "a string");
    const char* at = Where(v);
    std::string_view s;
    if (auto e = v.get_string().get(s)) return FailJson(e, at);
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
    std::string token(Token(v));
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
    std::string token(Token(v));
    const std::string_view kind = positive ? "a positive integer" : "a non-negative integer";
    int64_t n = 0;
    if (token.find_first_of(".eE") != std::string::npos || v.get_int64().get(n) != simdjson::SUCCESS ||
        n < 0 || (positive && n == 0)) {
      return Fail(at, StrCat("'", name, "' must be ", kind, ", got '", token, "'"));
    }
    *out = n;
    return absl::OkStatus();
  }

  absl::Status DateValue(od::value& v, std::string_view name, Date* out) {
    const char* at = Where(v);
    std::string s;
    EXPORTCTL_TRY(String(v, name, &s));
    absl::StatusOr<Date> d = Date::Parse(s);
    if (!d.ok()) return Fail(at, Sv(d.status().message()));
    *out = *d;
    return absl::OkStatus();
  }

  absl::Status CountryValue(od::value& v, std::string_view name, Country* out) {
    const char* at = Where(v);
    std::string s;
    EXPORTCTL_TRY(String(v, name, &s));
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
      if (key == "datacenter") return Bool(v, key, &chip->datacenter);
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
        std::string token(Token(fv));
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
        std::string s;
        EXPORTCTL_TRY(String(fv, key, &s));
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

  absl::Status ReadAuthorization(od::value& v, std::string_view what, Authorization* a) {
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
          std::string s;
          EXPORTCTL_TRY(String(iv, "items", &s));
          a->items.push_back(std::move(s));
          return absl::OkStatus();
        });
      }
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

  absl::Status ReadSale(od::object obj, const char* obj_at, const RuleSet& rules, Sale* sale) {
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
          std::string name;
          EXPORTCTL_TRY(String(v, key, &name));
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
        std::string s;
        EXPORTCTL_TRY(String(v, key, &s));
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
          return ReadAuthorization(ev, what, &list.back());
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
      return UnknownField(key_at, key, "sale");
    }));
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

class JsonWriter {
 public:
  JsonWriter(std::string& out, bool pretty) : out_(out), pretty_(pretty) {}

  void BeginObject() { Open('{'); }
  void EndObject() { Close('}'); }
  void BeginArray() { Open('['); }
  void EndArray() { Close(']'); }
  // Keys are the contract's field names and country codes: nothing in them needs escaping.
  JsonWriter& Key(std::string_view key) {
    Separate();
    if (!pretty_ && key.size() <= 60) {  // one append: the batch writes ~40 keys a line
      char text[64];
      text[0] = '"';
      std::memcpy(text + 1, key.data(), key.size());
      text[key.size() + 1] = '"';
      text[key.size() + 2] = ':';
      out_.append(text, key.size() + 3);
    } else {
      out_ += '"';
      out_.append(key);
      out_.append(pretty_ ? "\": " : "\":");
    }
    after_key_ = true;
    return *this;
  }
  void String(std::string_view s) {
    Value();
    out_ += '"';
    AppendJsonEscaped(out_, s);
    out_ += '"';
  }
  void Number(double v) {
    Value();
    AppendJsonNumber(out_, v);
  }
  void Int(int64_t v) {
    Value();
    char buf[24];
    out_.append(buf, std::to_chars(buf, buf + sizeof buf, v).ptr);
  }
  // YYYY-MM-DD without the three calendar conversions and the formatting of Date::ToString().
  void Day(Date d) {
    if (d.boost_date().is_special()) return String(d.ToString());  // "" for the open end
    Value();
    const auto ymd = d.boost_date().year_month_day();
    const int y = ymd.year, m = ymd.month, day = ymd.day;
    const char text[12] = {'"', char('0' + y / 1000), char('0' + y / 100 % 10), char('0' + y / 10 % 10), char('0' + y % 10), '-',
                           char('0' + m / 10), char('0' + m % 10), '-', char('0' + day / 10), char('0' + day % 10), '"'};
    out_.append(text, sizeof text);
  }
  void Code(Country c) {  // a two-letter country code
    if (!c.valid()) return String("");
    const std::string code = c.ToString();  // two characters: within the small-string buffer
    String(code);
  }
  void Bool(bool b) {
    Value();
    out_ += b ? "true" : "false";
  }
  void Null() {
    Value();
    out_ += "null";
  }
  void StringOrNull(std::string_view s) {
    if (s.empty()) Null();
    else String(s);
  }

 private:
  void Separate() {
    if (depth_ == 0) return;
    const uint64_t bit = uint64_t{1} << depth_;
    if (!(empty_ & bit)) out_ += ',';
    empty_ &= ~bit;
    Newline();
  }
  void Value() {
    if (after_key_) {
      after_key_ = false;
      return;
    }
    Separate();
  }
  void Open(char c) {
    Value();
    out_ += c;
    ++depth_;
    empty_ |= uint64_t{1} << depth_;
  }
  void Close(char c) {
    const bool empty = empty_ & (uint64_t{1} << depth_);
    --depth_;
    if (!empty) Newline();
    out_ += c;
  }
  void Newline() {
    if (!pretty_) return;
    out_ += '\n';
    out_.append(2 * static_cast<size_t>(depth_), ' ');
  }

  std::string& out_;
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

void WriteDecision(JsonWriter& w, const Decision& d, const Sale& sale, const RuleSet& rules) {
  w.BeginObject();
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
    SpecSet item_missing = sale.item.tpp().missing | sale.item.performance_density().missing;
    if (!item_missing.empty()) {
      w.Key("missing");
      WriteSpecs(w, item_missing);
    }
  }
  w.EndObject();

  w.Key("classification").BeginObject();
  for (const JurisdictionDecision& j : d.jurisdictions) {
    if (j.classification.empty()) continue;
    w.Key(j.jurisdiction.ToString()).String(j.classification);
  }
  w.EndObject();

  w.Key("jurisdictions").BeginObject();
  for (const JurisdictionDecision& j : d.jurisdictions) {
    bool classifies = !j.classification.empty();
    for (const JurisdictionSpec& spec : rules.jurisdictions())
      if (spec.code == j.jurisdiction && !spec.classifications.empty()) classifies = true;
    w.Key(j.jurisdiction.ToString()).BeginObject();
    w.Key("verdict").String(VerdictName(j.verdict));
    if (!j.in_scope) w.Key("in_scope").Bool(false);
    if (j.review_policy) w.Key("review_policy").String(ReviewPolicyName(*j.review_policy));
    if (classifies || !j.license_exception.empty()) w.Key("license_exception").StringOrNull(j.license_exception);
    if (classifies || j.licensed) w.Key("licensed").Bool(j.licensed);
    if (!j.classification_rule.empty()) w.Key("classification_rule").String(j.classification_rule);
    if (!j.advisories.empty()) {
      w.Key("advisories").BeginArray();
      for (const Advisory& a : j.advisories) w.String(StrCat(a.rule, ": ", a.text));
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

  if (!d.missing.empty()) {
    w.Key("missing");
    WriteSpecs(w, d.missing);
  }

  w.Key("trace").BeginArray();
  for (const TraceEntry& t : d.trace) {
    w.BeginObject();
    w.Key("rule").String(t.rule);
    w.Key("jurisdiction").Code(t.jurisdiction);
    w.Key("effect").String(t.effect);
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

  w.Key("rule_set").BeginObject();
  w.Key("packs").BeginArray();
  for (const PackInfo& p : rules.packs()) {
    w.BeginObject();
    w.Key("id").String(p.id);
    w.Key("revision").String(p.revision);
    w.EndObject();
  }
  w.EndArray();
  // 16 hex digits, written here: content_hash_hex() returns a string past the small-string size.
  const uint64_t hash = d.rule_set_hash != 0 ? d.rule_set_hash : rules.content_hash();
  char hex[16];
  for (int i = 0; i < 16; ++i) hex[i] = "0123456789abcdef"[(hash >> (60 - 4 * i)) & 0xf];
  w.Key("hash").String(std::string_view(hex, sizeof hex));
  w.EndObject();

  w.EndObject();
}

}  // namespace

void AppendJsonNumber(std::string& out, double v) {
  if (!std::isfinite(v)) {
    out += "null";
    return;
  }
  if (v == 0) {
    out += '0';
    return;
  }
  char buf[64];
  const double magnitude = std::fabs(v);
  std::to_chars_result r;
  if (magnitude < 1e15 && v == std::trunc(v)) {
    r = std::to_chars(buf, buf + sizeof buf, static_cast<int64_t>(v));
  } else if (magnitude >= 1e15) {
    r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::scientific);
  } else {
    r = std::to_chars(buf, buf + sizeof buf, v);
  }
  out.append(buf, r.ptr);
}

absl::StatusOr<Sale> ParseSaleJson(std::string_view json, const RuleSet& rules) {
  Sale sale;
  absl::Status status = ParseRootObject(json, "a sale", [&](Reader& r, od::object obj, const char* at) {
    return r.ReadSale(obj, at, rules, &sale);
  });
  if (!status.ok()) return status;
  return sale;
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
  out.reserve(1024);
  JsonWriter w(out, options.pretty);
  WriteDecision(w, decision, sale, rules);
  return out;
}

void AppendDecisionJson(std::string& out, const Decision& decision, const Sale& sale, const RuleSet& rules) {
  JsonWriter w(out, false);
  WriteDecision(w, decision, sale, rules);
}

namespace {
// True if any of the 8 bytes of `w` is a control character, '"' or '\\' (exact "has byte less
// than / equal to" bit tricks; no false positives).
bool AnyNeedsEscape(uint64_t w) {
  constexpr uint64_t kOnes = 0x0101010101010101, kHigh = 0x8080808080808080;
  const uint64_t control = (w - kOnes * 0x20) & ~w & kHigh;
  const uint64_t q = w ^ (kOnes * '"'), b = w ^ (kOnes * '\\');
  return (control | ((q - kOnes) & ~q & kHigh) | ((b - kOnes) & ~b & kHigh)) != 0;
}
}  // namespace

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
    if (c >= 0x20 && c != '"' && c != '\\') continue;
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
