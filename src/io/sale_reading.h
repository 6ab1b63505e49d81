// What the contract says of each field of a sale (docs/json.md), written once for the two sale
// readers: the simdjson On-Demand reader (json_read.cc), which reports every error at its line
// and column, and the fast scan of the common form that batch reads by the million
// (fast_sale_reader.cc), which only says whether it read the sale. Each reader is a Source with
// the primitives below; SaleReading<Source> holds the fields, their types, ranges and required
// members, so that the two cannot read a field differently.
//
// A Source has:
//   Result                  absl::Status, or bool for a source that gives no reasons
//   Value, Object           a value being read, an object whose fields come next
//   static Result Ok()
//   const char* Where(Value&)                          the position of a value, for messages
//   Result ForEachField(Object, where, f)              f(key, key_position, Value&) per field;
//                                                      a key given twice fails
//   Result Fields(Value&, name, const char** at, f)    the same for an object value (else fails),
//                                                      *at its position
//   Result Elements(Value&, name, f)                   f(Value&) per element of an array value
//   Result Kind(Value&, name, ValueKind*)              what the value is, without reading it
//   Result String / StringView / Bool(Value&, name, out)
//   Result Number(Value&, name, double*, NumberRange)  a finite number in the range
//   Result Integer(Value&, name, int64_t*, bool positive)
//   Result Parsed(Value&, name, parse, T* out)         a string parsed by parse (StatusOr), or
//                                                      its error at the value
//   Result ChipObject(Value&, name, Chip*)             an item given as a chip object (the JSON
//                                                      sources: ReadChipFields)
//   Result Fail(at, message)                           message: a string, or a function making it
//   Result WrongType(Value&, name, expected), UnknownField(key_at, key, where),
//          Missing(object_at, field, where)
#ifndef EXPORTCTL_SRC_IO_SALE_READING_H_
#define EXPORTCTL_SRC_IO_SALE_READING_H_

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "exportctl/json.h"
#include "internal/strings.h"
#include "io/sale_fields.h"

namespace exportctl::internal {

inline constexpr int kMaxOwnerDepth = 64;
inline constexpr int kMaxOwners = 10000;                  // owners in one sale's tree
inline constexpr size_t kMaxSaleBytes = size_t{1} << 20;  // one sale's JSON text

// Gives every member of `sale` its default, a member added later included (copy-assignment from
// an empty Sale), while its strings and vectors keep their storage: a reader that reads sale
// after sale into one Sale (batch's workers) allocates little.
inline void ResetSale(Sale* sale) {
  static const Sale kEmpty;
  *sale = kEmpty;
}

enum class NumberRange : uint8_t {
  kNonNegative,
  kPositive,
  kPercent,  // (0, 100]
};

enum class ValueKind : uint8_t { kString, kNumber, kObject, kOther };

inline bool Succeeded(const absl::Status& status) { return status.ok(); }
inline bool Succeeded(bool read) { return read; }

// Returns the result of `expr` (an absl::Status, or a source's bool) when it is a failure.
#define EXPORTCTL_TRY(expr)                                                                    \
  do {                                                                                         \
    if (auto exportctl_result_ = (expr); !::exportctl::internal::Succeeded(exportctl_result_)) \
      return exportctl_result_;                                                                \
  } while (false)

// `key` == `literal`, compared at a size known at compile time (no memcmp call).
template <size_t N>
bool KeyIs(std::string_view key, const char (&literal)[N]) {
  return key.size() == N - 1 && std::memcmp(key.data(), literal, N - 1) == 0;
}

// A number into an optional quantity (Usd, a chip's units, a PUE).
template <class Source, class T>
typename Source::Result NumberInto(Source& in, typename Source::Value& v, std::string_view name, std::optional<T>* out,
                                   NumberRange range) {
  double d;
  EXPORTCTL_TRY(in.Number(v, name, &d, range));
  *out = T(d);
  return Source::Ok();
}

// A chip object's fields (docs/json.md, "item"), each handed to `f` by for_each_field(f): the
// source's ForEachField or Fields over the object.
template <class Source, class ForEach>
typename Source::Result ReadChipFields(Source& in, ForEach for_each_field, Chip* chip) {
  using Value = typename Source::Value;
  bool has_tops = false;
  const char* tpp_at = nullptr;
  EXPORTCTL_TRY(for_each_field([&](std::string_view key, const char* key_at, Value& v) -> typename Source::Result {
    if (KeyIs(key, "model")) return in.String(v, key, &chip->model);
    if (KeyIs(key, "vendor")) return in.String(v, key, &chip->vendor);
    if (KeyIs(key, "origin")) return in.Parsed(v, key, Country::Parse, &chip->origin);
    if (KeyIs(key, "datacenter")) return in.Bool(v, key, &chip->datacenter.emplace());
    if (KeyIs(key, "die_area_mm2")) return NumberInto(in, v, key, &chip->die_area_mm2, NumberRange::kPositive);
    if (KeyIs(key, "tpp")) {
      tpp_at = in.Where(v);
      return NumberInto(in, v, key, &chip->tpp_direct, NumberRange::kNonNegative);
    }
    if (KeyIs(key, "dense_tops")) {
      has_tops = true;
      const char* at;
      return in.Fields(v, key, &at, [&](std::string_view p, const char* p_at, Value& pv) -> typename Source::Result {
        absl::StatusOr<Precision> precision = ParsePrecision(p);
        if (!precision.ok()) {
          return in.Fail(p_at, [&] {
            return StrCat("unknown precision '", p,
                          "' in dense_tops (expected fp4, fp8, int8, fp16, bf16, tf32, fp32 or fp64)");
          });
        }
        // "dense_tops.fp8" for messages, without a heap string for a precision's usual name.
        std::optional<Tops>* tops = &chip->tops(*precision);
        if (p.size() > 4) return NumberInto(in, pv, StrCat("dense_tops.", p), tops, NumberRange::kNonNegative);
        char name[16] = "dense_tops.";
        std::memcpy(name + 11, p.data(), p.size());
        return NumberInto(in, pv, std::string_view(name, 11 + p.size()), tops, NumberRange::kNonNegative);
      });
    }
    if (KeyIs(key, "interconnect_gbps"))
      return NumberInto(in, v, key, &chip->interconnect_gbps, NumberRange::kNonNegative);
    if (KeyIs(key, "memory_bandwidth_gbps"))
      return NumberInto(in, v, key, &chip->memory_bandwidth_gbps, NumberRange::kNonNegative);
    if (KeyIs(key, "memory_gb")) return NumberInto(in, v, key, &chip->memory_gb, NumberRange::kNonNegative);
    if (KeyIs(key, "tdp_w")) return NumberInto(in, v, key, &chip->tdp_w, NumberRange::kPositive);
    return in.UnknownField(key_at, key, "item");
  }));
  if (tpp_at != nullptr && has_tops) return in.Fail(tpp_at, "give either 'tpp' or 'dense_tops' in item, not both");
  return Source::Ok();
}

template <class Source>
class SaleReading {
 public:
  using Result = typename Source::Result;
  using Value = typename Source::Value;

  SaleReading(Source& in, const RuleSet& rules) : in_(in), rules_(rules) {}

  // The fields of the sale object `obj` (at `obj_at`).
  Result ReadSale(typename Source::Object obj, const char* obj_at, const SaleParseOptions& options, Sale* sale) {
    bool has_date = false, has_item = false, has_destination = false;
    EXPORTCTL_TRY(in_.ForEachField(obj, "sale", [&](std::string_view key, const char* key_at, Value& v) -> Result {
      const std::optional<SaleField> field = SaleFieldNamed(key);
      if (!field) return in_.UnknownField(key_at, key, "sale");
      switch (*field) {
        case SaleField::kDate: has_date = true; return in_.Parsed(v, key, Date::Parse, &sale->date);
        case SaleField::kItem: has_item = true; return ReadItem(v, key, &sale->item);
        case SaleField::kQuantity: return in_.Integer(v, key, &sale->quantity, /*positive=*/true);
        case SaleField::kUnitPriceUsd: return NumberInto(in_, v, key, &sale->unit_price_usd, NumberRange::kNonNegative);
        case SaleField::kDestination:
          has_destination = true;
          return in_.Parsed(v, key, Country::Parse, &sale->destination);
        case SaleField::kExportedFrom: return in_.Parsed(v, key, Country::Parse, &sale->exported_from);
        case SaleField::kBuyer: return ReadBuyer(v, &sale->buyer);
        case SaleField::kEndUse: return in_.Parsed(v, key, ParseEndUse, &sale->end_use);
        case SaleField::kLicenses: return ReadAuthorizations(v, key, "license", &sale->licenses);
        case SaleField::kApprovals: return ReadAuthorizations(v, key, "approval", &sale->approvals);
        case SaleField::kNotifications:
          return ReadList(v, key, &sale->notifications,
                          [&](Value& e, Notification* n) { return ReadNotification(e, n); });
        case SaleField::kDomesticChipsPurchased:
          return IntegerInto(v, key, &sale->domestic_chips_purchased, /*positive=*/false);
        case SaleField::kUsUnitsShipped: return IntegerInto(v, key, &sale->us_units_shipped, /*positive=*/false);
        case SaleField::kDatacenter: return ReadFacility(v, &sale->datacenter);
        case SaleField::kUsImportValueUsd:
          return NumberInto(in_, v, key, &sale->us_import_value_usd, NumberRange::kNonNegative);
        case SaleField::kTransit:
          return ReadList(v, key, &sale->transit,
                          [&](Value& e, Country* c) { return in_.Parsed(e, key, Country::Parse, c); });
        case SaleField::kId: return ReadId(v, key, &sale->id);
      }
      return in_.UnknownField(key_at, key, "sale");  // (every field is a case above)
    }));
    if (!has_date && options.default_date) {
      sale->date = *options.default_date;
      has_date = true;
    }
    if (!has_date) return in_.Missing(obj_at, "date", "sale");
    if (!has_item) return in_.Missing(obj_at, "item", "sale");
    if (!has_destination) return in_.Missing(obj_at, "destination", "sale");
    return Source::Ok();
  }

 private:
  // A catalog chip by name, or a chip object.
  Result ReadItem(Value& v, std::string_view key, Chip* item) {
    ValueKind kind;
    EXPORTCTL_TRY(in_.Kind(v, key, &kind));
    if (kind == ValueKind::kObject) return in_.ChipObject(v, key, item);
    if (kind != ValueKind::kString) return in_.WrongType(v, key, "a catalog name or a chip object");
    const char* at = in_.Where(v);
    std::string_view name;
    EXPORTCTL_TRY(in_.StringView(v, key, &name));
    const CatalogChip* chip = rules_.FindChip(name);
    if (chip == nullptr) return in_.Fail(at, [&] { return StrCat("unknown chip '", name, "'"); });
    *item = chip->chip;
    return Source::Ok();
  }

  // The caller's id for the sale, echoed in its decision: a string, or an integer kept as its digits.
  Result ReadId(Value& v, std::string_view key, std::optional<SaleId>* out) {
    ValueKind kind;
    EXPORTCTL_TRY(in_.Kind(v, key, &kind));
    SaleId id;
    if (kind == ValueKind::kString) {
      EXPORTCTL_TRY(in_.String(v, key, &id.text));
    } else if (kind == ValueKind::kNumber) {
      int64_t n;
      EXPORTCTL_TRY(in_.Integer(v, key, &n, /*positive=*/false));
      id.text = std::to_string(n);
      id.integer = true;
    } else {
      return in_.WrongType(v, key, "a string or an integer");
    }
    *out = std::move(id);
    return Source::Ok();
  }

  Result IntegerInto(Value& v, std::string_view key, std::optional<int64_t>* out, bool positive) {
    int64_t n;
    EXPORTCTL_TRY(in_.Integer(v, key, &n, positive));
    *out = n;
    return Source::Ok();
  }

  // Each element of the array `v` read by read_one(element, &list->back()) into a new element of `list`.
  template <class T, class ReadOne>
  Result ReadList(Value& v, std::string_view key, std::vector<T>* list, ReadOne read_one) {
    return in_.Elements(v, key, [&](Value& element) -> Result {
      if (list->capacity() == 0) list->reserve(4);  // one allocation for a short list, not one per growth
      list->emplace_back();
      return read_one(element, &list->back());
    });
  }

  Result ReadBuyer(Value& v, Buyer* buyer) {
    const char* at;
    return in_.Fields(v, "buyer", &at, [&](std::string_view key, const char* key_at, Value& fv) -> Result {
      if (KeyIs(key, "name")) return in_.String(fv, key, &buyer->name);
      if (KeyIs(key, "headquarters")) return in_.Parsed(fv, key, Country::Parse, &buyer->headquarters);
      if (KeyIs(key, "ultimate_parent_headquarters"))
        return in_.Parsed(fv, key, Country::Parse, &buyer->ultimate_parent_headquarters);
      if (KeyIs(key, "sector")) return in_.Parsed(fv, key, ParseSector, &buyer->sector);
      if (KeyIs(key, "owners")) return ReadOwners(fv, key, 1, &buyer->owners);
      return in_.UnknownField(key_at, key, "buyer");
    });
  }

  // The owners of a buyer (depth 1) or of an owner.
  Result ReadOwners(Value& v, std::string_view key, int depth, std::vector<Owner>* owners) {
    return ReadList(v, key, owners, [&](Value& ov, Owner* owner) { return ReadOwner(ov, depth, owner); });
  }

  Result ReadOwner(Value& v, int depth, Owner* owner) {
    const char* at = in_.Where(v);
    if (depth > kMaxOwnerDepth) {
      return in_.Fail(at, [] { return StrCat("ownership tree deeper than ", kMaxOwnerDepth, " levels"); });
    }
    if (++owners_read_ > kMaxOwners) {
      return in_.Fail(at, [] { return StrCat("ownership tree has more than ", kMaxOwners, " owners"); });
    }
    bool has_name = false, has_percent = false;
    EXPORTCTL_TRY(in_.Fields(v, "owner", &at, [&](std::string_view key, const char* key_at, Value& fv) -> Result {
      if (KeyIs(key, "name")) {
        has_name = true;
        return in_.String(fv, key, &owner->name);
      }
      if (KeyIs(key, "percent")) {
        has_percent = true;
        return in_.Number(fv, key, &owner->percent, NumberRange::kPercent);
      }
      if (KeyIs(key, "owners")) return ReadOwners(fv, key, depth + 1, &owner->owners);
      return in_.UnknownField(key_at, key, "owner");
    }));
    if (!has_name) return in_.Missing(at, "name", "owner");
    if (!has_percent) return in_.Missing(at, "percent", "owner");
    return Source::Ok();
  }

  // The sale's licenses or approvals; `what` ("license", "approval") names one in messages.
  Result ReadAuthorizations(Value& v, std::string_view key, std::string_view what, std::vector<Authorization>* list) {
    return ReadList(v, key, list, [&](Value& e, Authorization* a) { return ReadAuthorization(e, what, a); });
  }

  Result ReadAuthorization(Value& v, std::string_view what, Authorization* a) {
    const char* at;
    bool has_jurisdiction = false, has_from = false, has_until = false;
    const char* until_at = nullptr;
    EXPORTCTL_TRY(in_.Fields(v, what, &at, [&](std::string_view key, const char* key_at, Value& fv) -> Result {
      if (KeyIs(key, "jurisdiction")) {
        has_jurisdiction = true;
        return in_.Parsed(fv, key, Country::Parse, &a->jurisdiction);
      }
      if (KeyIs(key, "valid_from")) {
        has_from = true;
        return in_.Parsed(fv, key, Date::Parse, &a->valid_from);
      }
      if (KeyIs(key, "valid_until")) {
        has_until = true;
        until_at = in_.Where(fv);
        return in_.Parsed(fv, key, Date::Parse, &a->valid_until);
      }
      if (KeyIs(key, "items"))
        return in_.Elements(fv, key, [&](Value& iv) { return ReadLicensedItem(iv, key, what, a); });
      if (KeyIs(key, "id")) return in_.String(fv, key, &a->id);
      if (KeyIs(key, "destination")) return in_.Parsed(fv, key, Country::Parse, &a->destination);
      if (KeyIs(key, "buyer")) return in_.String(fv, key, &a->buyer.emplace());
      if (KeyIs(key, "quantity")) return IntegerInto(fv, key, &a->quantity, /*positive=*/true);
      return in_.UnknownField(key_at, key, what);
    }));
    if (!has_jurisdiction) return in_.Missing(at, "jurisdiction", what);
    if (!has_from) return in_.Missing(at, "valid_from", what);
    if (has_until && !(a->valid_from < a->valid_until)) {
      return in_.Fail(until_at, [&] {
        return StrCat("'valid_until' ", a->valid_until.ToString(), " must be after 'valid_from' ",
                      a->valid_from.ToString());
      });
    }
    return Source::Ok();
  }

  // A chip an authorization covers. One the catalog does not know cannot be matched: an input
  // error, like an unknown `item`, never a license that silently covers nothing.
  Result ReadLicensedItem(Value& v, std::string_view key, std::string_view what, Authorization* a) {
    const char* at = in_.Where(v);
    std::string name;
    EXPORTCTL_TRY(in_.String(v, key, &name));
    if (rules_.FindChip(name) == nullptr) {
      return in_.Fail(at, [&] { return StrCat("unknown chip '", name, "' in ", what, " 'items'"); });
    }
    a->items.push_back(std::move(name));
    return Source::Ok();
  }

  Result ReadNotification(Value& v, Notification* n) {
    const char* at;
    bool has_exception = false, has_filed = false;
    auto field = [&](std::string_view key, const char* key_at, Value& fv) -> Result {
      if (KeyIs(key, "exception")) {
        has_exception = true;
        const char* e_at = in_.Where(fv);
        EXPORTCTL_TRY(in_.String(fv, key, &n->exception));
        return n->exception.empty() ? in_.Fail(e_at, "'exception' must not be empty") : Source::Ok();
      }
      if (KeyIs(key, "filed")) {
        has_filed = true;
        return in_.Parsed(fv, key, Date::Parse, &n->filed);
      }
      if (KeyIs(key, "authorization")) {
        const char* a_at = in_.Where(fv);
        EXPORTCTL_TRY(in_.String(fv, key, &n->authorization));
        if (IsNacAuthorizationNumber(n->authorization)) return Source::Ok();
        return in_.Fail(a_at, [&] {
          return StrCat("'authorization' must be a BIS authorization number ('A' and six digits), got '",
                        n->authorization, "'");
        });
      }
      return in_.UnknownField(key_at, key, "notification");
    };
    EXPORTCTL_TRY(in_.Fields(v, "notification", &at, field));
    if (!has_exception) return in_.Missing(at, "exception", "notification");
    if (!has_filed) return in_.Missing(at, "filed", "notification");
    return Source::Ok();
  }

  Result ReadFacility(Value& v, FacilityFacts* f) {
    const char* at;
    return in_.Fields(v, "datacenter", &at, [&](std::string_view key, const char* key_at, Value& fv) -> Result {
      if (KeyIs(key, "pue")) return NumberInto(in_, fv, key, &f->pue, NumberRange::kPositive);
      if (KeyIs(key, "national_hub")) return in_.Bool(fv, key, &f->national_hub);
      return in_.UnknownField(key_at, key, "datacenter");
    });
  }

  Source& in_;
  const RuleSet& rules_;
  int owners_read_ = 0;
};

}  // namespace exportctl::internal

#endif  // EXPORTCTL_SRC_IO_SALE_READING_H_
