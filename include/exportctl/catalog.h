// The catalog a rule pack carries beside its rules: country groups, dated parameters, chips,
// entities and their ownership, each with the place it was written.
#ifndef EXPORTCTL_CATALOG_H_
#define EXPORTCTL_CATALOG_H_

#include <optional>
#include <string>
#include <vector>

#include "exportctl/chip.h"
#include "exportctl/country.h"
#include "exportctl/date.h"

namespace exportctl {

// Where a thing was written, for errors of the form file:line:column.
struct SourceLocation {
  std::string file;
  int line = 0;
  int column = 0;
  std::string ToString() const;  // "file:line:column", or "file" / "" when unknown
};

// A dated series of one legal parameter (e.g. the 3A090.a TPP threshold).
struct ParameterValue {
  Date from;
  double value = 0;
  std::string citation;
  std::optional<Date> announced;  // defaults to `from`
  bool modeled = false;
};
struct ParameterSeries {
  std::string id;
  std::string unit;
  std::vector<ParameterValue> values;  // sorted by `from`
  SourceLocation location;
};

struct GroupMember {
  Country country;
  DateInterval interval;  // membership may be dated
};
struct CountryGroup {
  std::string id;  // "D:5", "A:6", ...
  std::string description;
  std::string citation;
  bool modeled = false;
  std::vector<GroupMember> members;
  SourceLocation location;
};

struct CatalogChip {
  Chip chip;
  std::vector<std::string> aliases;
  std::string source;
  bool modeled = false;
  SourceLocation location;
};

struct Listing {
  std::string list = "entity_list";  // "entity_list", "meu", "sdn", ... (docs/screening-lists.md)
  DateInterval interval;
  std::optional<Date> announced;  // defaults to `interval.from`
  std::string citation;
  // What a screening list states for the listing, as it states it ("" when it says nothing): the
  // number the source list gives the party (OFAC's entity number), and the license requirement
  // and review policy of the Entity List and the Military End-User List.
  std::string entity_number;
  std::string license_requirement;
  std::string license_policy;
};
struct Entity {
  std::string name;
  std::vector<std::string> aliases;
  std::optional<Country> country;
  std::vector<Listing> listings;
  SourceLocation location;
};
struct OwnershipEdge {
  std::string owner;
  std::string owned;
  double percent = 0;
  DateInterval interval;
  std::string citation;
  SourceLocation location;
};

}  // namespace exportctl

#endif  // EXPORTCTL_CATALOG_H_
