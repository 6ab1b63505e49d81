// A sale: the question the evaluator answers.
//
// Field for field the "sale" object of docs/json.md. Defaults are the contract's: quantity 1,
// exported from the US, a commercial buyer with no headquarters, end use "datacenter".
//
// Required: a date, an item and a destination. The JSON reader rejects a sale without them; a
// Sale built in C++ without them is never allowed: `Validate` names what is missing, and
// `Evaluate` answers `indeterminate` with the field in `missing` ("date", "item", "destination").
// A default-constructed `Date` (1400-01-01) counts as no date; an invalid `Country` (what
// `Country::Of` returns for a code that is not ISO 3166-1) as no destination.
#ifndef EXPORTCTL_SALE_H_
#define EXPORTCTL_SALE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "exportctl/chip.h"
#include "exportctl/country.h"
#include "exportctl/date.h"
#include "exportctl/units.h"

namespace exportctl {

enum class Sector : uint8_t { kCommercial, kGovernment, kStateOwned, kMilitary, kCriticalInfrastructure, kResearch };
inline constexpr int kSectorCount = 6;
std::string_view SectorName(Sector s);  // "commercial", "state_owned", ...
absl::StatusOr<Sector> ParseSector(std::string_view name);

enum class EndUse : uint8_t {
  kDatacenter,
  kNewDatacenter,
  kStateFundedDatacenter,
  kConsumer,
  kResearch,
  kMilitary,
  kEvaluation,  // acquisition solely for technical evaluation (the GP10 exception, docs/law.md §3)
};
inline constexpr int kEndUseCount = 7;
std::string_view EndUseName(EndUse e);  // "datacenter", "new_datacenter", ...
absl::StatusOr<EndUse> ParseEndUse(std::string_view name);

// An owner of the buyer, with its own owners above it.
struct Owner {
  std::string name;
  double percent = 0;  // of the entity directly below, in (0, 100]
  std::vector<Owner> owners;
};

struct Buyer {
  std::string name;
  std::optional<Country> headquarters;
  std::optional<Country> ultimate_parent_headquarters;
  Sector sector = Sector::kCommercial;
  std::vector<Owner> owners;
};

// A license (US) or approval (CN) the sale holds. Fields other than the jurisdiction and the
// dates are optional: absent means "any". `items` must name catalog chips (the JSON reader rejects
// an unknown name, as it does an unknown `item`).
struct Authorization {
  Country jurisdiction;
  Date valid_from;
  Date valid_until = Date::Unbounded();  // exclusive
  std::vector<std::string> items;        // catalog names or aliases; empty = any item
  std::optional<Country> destination;
  std::optional<std::string> buyer;
  std::optional<int64_t> quantity;  // the most units it covers
  std::string id;                   // the caller's reference, e.g. "D1234567"; may be empty
};

// A filed prior notification for a license exception (NAC). It covers a sale only once BIS has
// approved it and issued its authorization number ("A" + six digits), and was filed before the
// sale date (docs/law.md §6); without the number the sale stays notification_required.
struct Notification {
  std::string exception;  // "NAC"
  Date filed;
  std::string authorization;  // "A123456"; empty while BIS has not answered
};

// True for a BIS NAC authorization number: "A" followed by six digits.
bool IsNacAuthorizationNumber(std::string_view text);

// Facts about the destination facility, for China's datacenter rules.
struct FacilityFacts {
  std::optional<double> pue;
  bool national_hub = false;
};

// The caller's reference for a sale, echoed in its decision: a string, or an integer (kept as
// its decimal text) in JSON.
struct SaleId {
  std::string text;
  bool integer = false;
  friend bool operator==(const SaleId&, const SaleId&) = default;
};

struct Sale {
  Date date;
  Chip item;
  int64_t quantity = 1;
  std::optional<Usd> unit_price_usd;
  Country destination;
  Country exported_from = Country::Of("US");
  Buyer buyer;
  EndUse end_use = EndUse::kDatacenter;
  std::vector<Authorization> licenses;
  std::vector<Notification> notifications;
  std::vector<Authorization> approvals;
  std::optional<int64_t> domestic_chips_purchased;
  std::optional<int64_t> us_units_shipped;
  // The customs value declared when the chips entered the US for testing: the base of an
  // import_duty condition (docs/law.md §3, us-chip-duty).
  std::optional<Usd> us_import_value_usd;
  FacilityFacts datacenter;
  // The countries the shipment passes through before the destination (a transit or
  // transshipment hub's own controls apply: docs/law.md §4b).
  std::vector<Country> transit;
  // Last: the evaluator never reads it, and the fields it reads stay in fewer cache lines.
  std::optional<SaleId> id;
};

// The required facts of a sale: OK, or kInvalidArgument naming the first missing one ("sale has
// no date", "sale has no item", "sale has no destination"). `Evaluate` checks the same and
// answers indeterminate instead of evaluating a sale that lacks them.
absl::Status Validate(const Sale& sale);

}  // namespace exportctl

#endif  // EXPORTCTL_SALE_H_
