// The top-level fields of the contract's sale object (docs/json.md), spelled once: both sale
// readers (json_read.cc and fast_sale_reader.cc, through sale_reading.h) dispatch on SaleField,
// and the pack loader (packs/load_tests.cc) checks a [[test]]'s `sale` table against the same
// names, so a field added here is known to all three.
#ifndef EXPORTCTL_SRC_IO_SALE_FIELDS_H_
#define EXPORTCTL_SRC_IO_SALE_FIELDS_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <utility>

namespace exportctl::internal {

// The fields of a sale object; SaleFieldNamed tries the names in this order.
enum class SaleField : uint8_t {
  kDate,
  kItem,
  kQuantity,
  kUnitPriceUsd,
  kDestination,
  kExportedFrom,
  kBuyer,
  kEndUse,
  kLicenses,
  kApprovals,
  kNotifications,
  kDomesticChipsPurchased,
  kUsUnitsShipped,
  kDatacenter,
  kUsImportValueUsd,
  kTransit,
  kId,
};

// The JSON name of each SaleField, indexed by it.
inline constexpr std::array<std::string_view, 17> kSaleFieldNames = {"date",
                                                                     "item",
                                                                     "quantity",
                                                                     "unit_price_usd",
                                                                     "destination",
                                                                     "exported_from",
                                                                     "buyer",
                                                                     "end_use",
                                                                     "licenses",
                                                                     "approvals",
                                                                     "notifications",
                                                                     "domestic_chips_purchased",
                                                                     "us_units_shipped",
                                                                     "datacenter",
                                                                     "us_import_value_usd",
                                                                     "transit",
                                                                     "id"};
static_assert(kSaleFieldNames.size() == static_cast<size_t>(SaleField::kId) + 1);

constexpr std::string_view SaleFieldName(SaleField field) { return kSaleFieldNames[static_cast<size_t>(field)]; }

namespace sale_fields_detail {
// Unrolled over the table, so each comparison is against a name whose size the compiler knows:
// a size test and an inline compare per name, no memcmp call (the fast reader looks up every
// key of a million sales).
template <size_t... I>
constexpr std::optional<SaleField> Named(std::string_view key, std::index_sequence<I...>) {
  std::optional<SaleField> found;
  (void)((key.size() == kSaleFieldNames[I].size() && key == kSaleFieldNames[I] &&
          (found = static_cast<SaleField>(I), true)) ||
         ...);
  return found;
}
}  // namespace sale_fields_detail

// The field named `key`, or nullopt for a name the contract does not have.
constexpr std::optional<SaleField> SaleFieldNamed(std::string_view key) {
  return sale_fields_detail::Named(key, std::make_index_sequence<kSaleFieldNames.size()>());
}

}  // namespace exportctl::internal

#endif  // EXPORTCTL_SRC_IO_SALE_FIELDS_H_
