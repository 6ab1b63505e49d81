#include "lists/parties.h"

#include <utility>

#include "internal/strings.h"
#include "model/names.h"

namespace exportctl::internal {

Parties::Parties(absl::Span<const Entity> base) {
  for (const Entity& e : base) {
    const int party = NewParty(e.name, NormalizeEntityName(e.name), /*base=*/true);
    parties_[party].entity = e;
    for (const std::string& alias : e.aliases) {
      std::string key = NormalizeEntityName(alias);
      if (!key.empty()) keys_.try_emplace(std::move(key), party);
    }
  }
}

int Parties::NewParty(const std::string& name, std::string key, bool base) {
  const int party = static_cast<int>(parties_.size());
  Party& p = parties_.emplace_back();
  p.entity.name = name;
  p.base = base;
  keys_.try_emplace(key, party);
  p.key = std::move(key);
  return party;
}

int Parties::Root(int party) {
  int root = party;
  while (parties_[root].parent >= 0) root = parties_[root].parent;
  while (parties_[party].parent >= 0) party = std::exchange(parties_[party].parent, root);
  return root;
}

int Parties::Join(int a, int b) {
  const int keep = std::min(a, b), gone = std::max(a, b);  // base parties come first
  Party& k = parties_[keep];
  Party& g = parties_[gone];
  k.entity.aliases.push_back(g.entity.name);
  for (std::string& alias : g.entity.aliases) k.entity.aliases.push_back(std::move(alias));
  for (Listing& listing : g.entity.listings) k.entity.listings.push_back(std::move(listing));
  if (!k.entity.country) k.entity.country = g.entity.country;
  if (k.first_row.line == 0) k.first_row = g.first_row;
  k.imported |= g.imported;
  k.base |= g.base;
  g.entity = Entity{};
  g.parent = keep;
  return keep;
}

Parties::Added Parties::Add(const std::string& name, const std::vector<std::string>& aliases,
                            std::optional<Country> country, Listing listing, const SourceLocation& where) {
  Added added;
  struct Spelling {
    const std::string* text;
    std::string key;
    bool left_out = false;
  };
  std::vector<Spelling> spellings = {{&name, NormalizeEntityName(name)}};
  for (const std::string& alias : aliases) {
    std::string key = NormalizeEntityName(alias);
    if (key.empty()) {
      added.notes.push_back(StrCat("alias '", alias, "' has no letters or digits: left out"));
      continue;
    }
    spellings.push_back({&alias, std::move(key)});
  }
  // The party the row's names already belong to; two such parties become one.
  int target = -1;
  for (Spelling& s : spellings) {
    const auto it = keys_.find(s.key);
    if (it == keys_.end()) continue;
    const int party = Root(it->second);
    if (target < 0 || party == target) {
      target = party;
      continue;
    }
    if (parties_[party].base && parties_[target].base) {
      s.left_out = true;
      added.notes.push_back(StrCat("alias '", *s.text, "' is a name of the built-in party '",
                                   parties_[party].entity.name, "', not of '", parties_[target].entity.name,
                                   "': left with it"));
      continue;
    }
    target = Join(target, party);
  }
  if (target < 0) {
    target = NewParty(name, spellings[0].key, /*base=*/false);
  } else {
    added.joined = parties_[target].entity.name;
    added.joined_base = parties_[target].base;
  }
  Party& party = parties_[target];
  for (Spelling& s : spellings) {
    if (s.left_out) continue;
    if (keys_.try_emplace(s.key, target).second) party.entity.aliases.push_back(*s.text);
  }
  if (!party.entity.country) party.entity.country = country;
  if (!party.imported) party.first_row = where;
  party.imported = true;
  party.entity.listings.push_back(std::move(listing));
  return added;
}

std::vector<Entity> Parties::Finish() && {
  std::vector<Entity> out;
  for (Party& p : parties_) {
    if (p.parent >= 0 || !p.imported) continue;
    p.entity.location = p.first_row;  // the pack's, also for a base party: the pack replaces it
    out.push_back(std::move(p.entity));
  }
  return out;
}

}  // namespace exportctl::internal
