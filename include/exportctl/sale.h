// A sale: the question the evaluator answers.
//
// Field for field the "sale" object of shared/CONTRACT.md. Defaults are the contract's: quantity
// 1, exported from the US, a commercial buyer with no headquarters, end use "datacenter".
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
  kDatacenter, kNewDatacenter, kStateFundedDatacenter, kConsumer, kResearch, kMilitary
};
inline constexpr int kEndUseCount = 6;
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
// dates are optional: absent means "any".
struct Authorization {
  Country jurisdiction;
  Date valid_from;
  Date valid_until = Date::Unbounded();  // exclusive
  std::vector<std::string> items;        // catalog names or aliases; empty = any item
  std::optional<Country> destination;
  std::optional<std::string> buyer;
  std::optional<int64_t> quantity;  // the most units it covers
};

// A filed prior notification for a license exception (NAC).
struct Notification {
  std::string exception;  // "NAC"
  Date filed;
};

// Facts about the destination facility, for China's datacenter rules.
struct FacilityFacts {
  std::optional<double> pue;
  bool national_hub = false;
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
  FacilityFacts datacenter;
};

}  // namespace exportctl

#endif  // EXPORTCTL_SALE_H_
