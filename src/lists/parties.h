// Internal to src/lists: the parties of an imported list, one per name.
//
// A catalog holds one party per name and alias, as screening normalizes them (case, punctuation
// and legal suffixes folded: model/names.h), and a buyer matching a name cannot be told apart from
// another party of that name. So rows that share a name or an alias are one party, with a listing
// per row: the same company on the Entity List and the SDN list, or two rows whose names overlap.
// Parties of the base catalog (the built-in one) are never joined to each other: an alias of a row
// that names a second one is left with it, and reported. A row that joins a base party makes the
// pack carry that party whole (its name, aliases and listings, then the row's), so that the pack
// replaces it when compiled rather than clashing with it.
#ifndef EXPORTCTL_LISTS_PARTIES_H_
#define EXPORTCTL_LISTS_PARTIES_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/types/span.h"
#include "exportctl/catalog.h"

namespace exportctl::internal {

class Parties {
 public:
  explicit Parties(absl::Span<const Entity> base);

  // What became of a row's names.
  struct Added {
    std::string joined;  // the name of the party listed before that the row joined, if any
    bool joined_base = false;
    std::vector<std::string> notes;  // aliases left out, and why
  };
  // Adds a row: `name` must have letters or digits (NormalizeEntityName is not empty).
  Added Add(const std::string& name, const std::vector<std::string>& aliases, std::optional<Country> country,
            Listing listing, const SourceLocation& where);

  // The parties with at least one row, base parties first.
  std::vector<Entity> Finish() &&;

 private:
  struct Party {
    Entity entity;
    std::string key;  // the name, normalized
    bool base = false;
    bool imported = false;
    int parent = -1;  // joined into another party
    SourceLocation first_row;
  };
  int Root(int party);
  // Joins two parties (neither of them both base): the earlier keeps its name. Returns it.
  int Join(int a, int b);
  int NewParty(const std::string& name, std::string key, bool base);

  std::vector<Party> parties_;
  absl::flat_hash_map<std::string, int> keys_;  // every name and alias, normalized -> party
};

}  // namespace exportctl::internal

#endif  // EXPORTCTL_LISTS_PARTIES_H_
