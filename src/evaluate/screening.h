// Entity List screening: the buyer's listing, its owners tree and the packs' ownership data, and
// the explanation the trace gives. Part of evaluate.cc's translation unit (see there).
#ifndef EXPORTCTL_EVALUATE_SCREENING_H_
#define EXPORTCTL_EVALUATE_SCREENING_H_

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/container/inlined_vector.h"
#include "evaluate/sale_view.h"

namespace exportctl::evaluator {
namespace {

// Entity List screening of the buyer and its owners, each answer found once per sale.
class Screening : public SaleView {
 public:
  using SaleView::SaleView;

 protected:
  static constexpr int kUnresolved = -2;  // an entity index not looked up yet

  int BuyerEntity() const {
    if (buyer_entity_ == kUnresolved) buyer_entity_ = rs_.EntityIndex(sale_.buyer.name, BuyerKeys().four);
    return buyer_entity_;
  }
  // The buyer name's first-word keys, computed once: the entity lookup and the possible-match
  // filter both read them.
  const internal::FirstWordKeys& BuyerKeys() const {
    if (!buyer_keys_) buyer_keys_ = internal::EntityFirstWordKeys(sale_.buyer.name);
    return *buyer_keys_;
  }
  // An owner of the sale's tree: its name's first-word keys, and the pack entity it is, each
  // found once per sale.
  struct OwnerMatch {
    const Owner* owner;
    internal::FirstWordKeys keys;
    int entity = kUnresolved;
  };
  OwnerMatch& OwnerOf(const Owner& o) const {
    for (OwnerMatch& m : owner_entities_)
      if (m.owner == &o) return m;
    return owner_entities_.emplace_back(OwnerMatch{&o, internal::EntityFirstWordKeys(o.name)});
  }
  int OwnerEntity(const Owner& o) const {
    OwnerMatch& m = OwnerOf(o);
    if (m.entity == kUnresolved) m.entity = rs_.EntityIndex(o.name, m.keys.four);
    return m.entity;
  }

  // The ultimate parent's headquarters as the current jurisdiction treats it (-1: none), derived
  // on first use: a buyer with its own headquarters in the set never needs it.
  [[gnu::noinline]] int ParentHeadquarters() {
    if (!derived_parent_done_) {
      const Buyer& b = sale_.buyer;
      derived_parent_ =
          b.ultimate_parent_headquarters ? b.ultimate_parent_headquarters : DerivedUltimateParentHeadquarters();
      derived_parent_done_ = true;
    }
    return derived_parent_ ? IndexOf(rs_.compiled_jurisdictions[jurisdiction_].Map(*derived_parent_)) : -1;
  }

  bool InForce(const Listing& l) const {
    return l.interval.Contains(sale_.date) && Visible(l.announced.value_or(l.interval.from));
  }
  // The entity's Entity List listing in force on the sale date (what `buyer_listed` reads), or null.
  const Listing* ActiveListing(int entity) const { return ListingInForce(entity, internal::OnEntityList); }
  // Its listing in force that makes affiliates (Entity List or Military End-User List: what the
  // affiliates rule and the ownership coverage read), or null.
  const Listing* AffiliatesListing(int entity) const { return ListingInForce(entity, internal::MakesAffiliates); }
  template <class Counts>
  const Listing* ListingInForce(int entity, Counts counts) const {
    if (entity < 0) return nullptr;
    for (const Listing& l : rs_.entities[entity].listings)
      if (counts(l) && InForce(l)) return &l;
    return nullptr;
  }

  // The screening lists (bits of rs_.screening_lists) on which the buyer has a listing in force.
  [[gnu::noinline]] uint32_t BuyerLists() {
    if (buyer_lists_ < 0) {
      uint32_t lists = 0;
      if (const int entity = BuyerEntity(); entity >= 0) {
        const std::vector<Listing>& listings = rs_.entities[entity].listings;
        for (size_t k = 0; k < listings.size(); ++k)
          if (InForce(listings[k])) lists |= rs_.compiled_entities[entity].list_bits[k];
      }
      buyer_lists_ = lists;
    }
    return static_cast<uint32_t>(buyer_lists_);
  }

  [[gnu::noinline]] bool BuyerListed() {
    if (buyer_listed_ < 0) buyer_listed_ = ActiveListing(BuyerEntity()) ? 1 : 0;
    return buyer_listed_ == 1;
  }

  // Covered by the packs' ownership data on the sale date. The compiled coverage answers in one
  // lookup; an as_of earlier than some listing's announcement recomputes from the graph.
  bool PackCovered(int entity, int depth = 0) const {
    if (entity < 0) return false;
    if (!options_.as_of || *options_.as_of >= rs_.coverage.complete_from)
      return rs_.CoverageOf(entity, sale_.date) != nullptr;
    return PackShareAsOf(entity, depth) >= 50 - 1e-9;
  }
  double PackShareAsOf(int entity, int depth) const {
    if (depth > 64) return 0;  // the slow path bounds cross-holdings by depth
    double share = 0;
    for (uint32_t e : rs_.compiled_entities[entity].owners) {
      const OwnershipEdge& edge = rs_.ownership[e];
      if (!edge.interval.Contains(sale_.date)) continue;
      const int owner = rs_.edge_owner[e];
      if (AffiliatesListing(owner) || PackShareAsOf(owner, depth + 1) >= 50 - 1e-9) share += edge.percent;
    }
    return share;
  }
  // An owner in the sale's tree is covered when listed, covered by the packs' ownership data, or
  // held ≥ 50 % by covered owners of its own.
  bool OwnerCovered(const Owner& o, int depth) const {
    const int entity = OwnerEntity(o);
    return AffiliatesListing(entity) || PackCovered(entity) ||
           OwnersShare(o.owners, depth + 1, /*enough=*/true) >= 50 - 1e-9;
  }
  // The percent held by covered owners; with `enough`, stops once it reaches 50 (all that
  // coverage asks), otherwise sums every owner (the trace reports the total).
  double OwnersShare(const std::vector<Owner>& owners, int depth, bool enough) const {
    if (depth > 64) return 0;
    double share = 0;
    for (const Owner& o : owners) {
      if (OwnerCovered(o, depth)) share += o.percent;
      if (enough && share >= 50 - 1e-9) break;
    }
    return share;
  }
  // Owned 50 % or more, directly or indirectly, individually or in aggregate, by listed parties.
  // Merging the parties a tree names twice only adds owners, so it can only raise the share: it
  // is needed only where the tree walk finds less than 50 %.
  [[gnu::noinline]] bool BuyerAffiliateListed() {
    if (buyer_affiliate_ < 0) {
      double share = OwnersShare(sale_.buyer.owners, 0, /*enough=*/true);
      if (share < 50 - 1e-9 && AnyOwnerCovered(sale_.buyer.owners, 0) && OwnerNamesRepeat())
        share = MergedOwners().BuyerShare();
      buyer_affiliate_ = (share >= 50 - 1e-9 || PackCovered(BuyerEntity())) ? 1 : 0;
    }
    return buyer_affiliate_ == 1;
  }

  // --- Possible matches ----------------------------------------------------------------------
  //
  // A buyer or owner name that is no entity's but close to a listed entity's (docs/entities.md):
  // the decision lists it and holds the sale for review. On only when the rule set gives the
  // threshold score (internal::kPossibleMatchParameter) on the sale date.
  void FindPossibleMatches(Decision& d) {
    double threshold;
    if (rs_.possible_match_parameter < 0 || !ParameterValue(rs_.possible_match_parameter, &threshold)) return;
    if (MayBeClose(BuyerKeys(), sale_.buyer.name) && BuyerEntity() < 0)
      PossibleMatchesOf(sale_.buyer.name, threshold, d);
    PossibleMatchesOfOwners(sale_.buyer.owners, 0, threshold, d);
  }
  void PossibleMatchesOfOwners(const std::vector<Owner>& owners, int depth, double threshold, Decision& d) {
    if (depth > 64) return;
    for (const Owner& o : owners) {
      if (MayBeClose(OwnerOf(o).keys, o.name) && OwnerEntity(o) < 0) PossibleMatchesOf(o.name, threshold, d);
      PossibleMatchesOfOwners(o.owners, depth + 1, threshold, d);
    }
  }
  // False when no entity name shares the first three bytes of the name's first word, which every
  // exact match and possible match does: most names need no lookup.
  bool MayBeClose(const internal::FirstWordKeys& keys, std::string_view name) const {
    if (name.empty()) return false;
    return keys.three == internal::kNoFirstWordKey ||
           rs_.entity_first_prefixes[keys.three % rs_.entity_first_prefixes.size()];
  }
  void PossibleMatchesOf(const std::string& name, double threshold, Decision& d) {
    constexpr size_t kMaxPossibleMatches = 16;  // per decision: enough to send a sale to review
    const std::string normalized = internal::NormalizeEntityName(name);
    rs_.SimilarEntities(normalized, threshold, similar_);
    for (const auto& [entity, score] : similar_) {
      if (d.possible_matches.size() == kMaxPossibleMatches) return;
      const Listing* listing = AnyListingInForce(static_cast<int>(entity));
      if (listing == nullptr) continue;
      d.possible_matches.push_back({name, rs_.entities[entity].name, listing->list, score});
    }
  }
  const Listing* AnyListingInForce(int entity) const {
    for (const Listing& l : rs_.entities[entity].listings)
      if (InForce(l)) return &l;
    return nullptr;
  }

  // --- Owners trees that name a party more than once ------------------------------------------
  //
  // The same name anywhere in the owners tree is one entity (docs/law.md §6): its owners are
  // those listed under every place it appears, and two stakes of one owner in the same party add
  // up (to 100 % at most: never less control than the tree states). The tree walk above is exact
  // for a tree that repeats no name, as nearly all do; a tree that may (OwnerNamesRepeat compares
  // hashes, so a collision only takes the slower, equally exact path) is merged into a graph, and
  // covered owners are found by a fixed point, which also ends on cross-holdings.

  // Whether any party of the tree is listed or covered per the packs: without one, merging
  // cannot make the buyer covered, and the names need no comparing.
  bool AnyOwnerCovered(const std::vector<Owner>& owners, int depth) const {
    if (depth > 64) return false;
    for (const Owner& o : owners) {
      const int entity = OwnerEntity(o);
      if (AffiliatesListing(entity) || PackCovered(entity) || AnyOwnerCovered(o.owners, depth + 1)) return true;
    }
    return false;
  }

  // The normalized entity name of `name` into `buffer`, or `name` itself when it does not fit.
  static std::string_view EntityKey(std::string_view name, char (&buffer)[256]) {
    const size_t n = internal::NormalizeEntityNameInto(name, buffer, sizeof buffer);
    return n == std::string_view::npos ? name : std::string_view(buffer, n);
  }

  bool OwnerNamesRepeat() const {
    if (owner_names_repeat_ >= 0) return owner_names_repeat_ == 1;
    absl::flat_hash_set<size_t> keys;
    char buffer[256];
    keys.insert(std::hash<std::string_view>()(EntityKey(sale_.buyer.name, buffer)));
    bool repeat = false;
    auto walk = [&](auto& self, const std::vector<Owner>& owners, int depth) -> void {
      for (const Owner& o : owners) {
        if (repeat || depth > 64) return;
        repeat = !keys.insert(std::hash<std::string_view>()(EntityKey(o.name, buffer))).second;
        self(self, o.owners, depth + 1);
      }
    };
    walk(walk, sale_.buyer.owners, 0);
    owner_names_repeat_ = repeat ? 1 : 0;
    return repeat;
  }

  struct OwnershipGraph {
    struct Party {
      std::string_view name;  // as first written
      bool covered = false;
      double share = 0;  // percent held by covered owners
    };
    struct Holding {
      uint32_t owner = 0, owned = 0;
      double percent = 0;
    };
    std::vector<Party> parties;  // parties[0] is the buyer
    std::vector<Holding> holdings;

    double BuyerShare() const { return parties[0].share; }
  };

  // Linear in the tree's size: parties and holdings are found by hash, and coverage spreads from
  // the listed parties along the holdings they are the owner of (a worklist, not passes).
  const OwnershipGraph& MergedOwners() const {
    if (merged_) return *merged_;
    OwnershipGraph& g = merged_.emplace();
    absl::flat_hash_map<std::string, uint32_t> party_index;
    absl::flat_hash_map<uint64_t, uint32_t> holding_index;
    std::vector<uint32_t> worklist;
    char buffer[256];
    auto party = [&](std::string_view name) {
      auto [it, inserted] =
          party_index.try_emplace(std::string(EntityKey(name, buffer)), static_cast<uint32_t>(g.parties.size()));
      if (inserted) {
        g.parties.push_back({name, false, 0});
        const int entity = rs_.EntityIndex(name);
        // The buyer's own listing is the Entity List rule's business, not this one's.
        if (it->second != 0 && (AffiliatesListing(entity) || PackCovered(entity))) {
          g.parties.back().covered = true;
          worklist.push_back(it->second);
        }
      }
      return it->second;
    };
    party(sale_.buyer.name);
    auto walk = [&](auto& self, const std::vector<Owner>& owners, uint32_t owned, int depth) -> void {
      if (depth > 64) return;
      for (const Owner& o : owners) {
        const uint32_t owner = party(o.name);
        auto [it, inserted] =
            holding_index.try_emplace(uint64_t{owner} << 32 | owned, static_cast<uint32_t>(g.holdings.size()));
        if (inserted) g.holdings.push_back({owner, owned, o.percent});
        else g.holdings[it->second].percent = std::min(100.0, g.holdings[it->second].percent + o.percent);
        self(self, o.owners, owner, depth + 1);
      }
    };
    walk(walk, sale_.buyer.owners, 0, 0);
    std::vector<std::vector<uint32_t>> owns(g.parties.size());  // party -> its holdings
    for (uint32_t h = 0; h < g.holdings.size(); ++h) owns[g.holdings[h].owner].push_back(h);
    while (!worklist.empty()) {
      const uint32_t covered = worklist.back();
      worklist.pop_back();
      for (uint32_t h : owns[covered]) {
        OwnershipGraph::Party& owned = g.parties[g.holdings[h].owned];
        owned.share += g.holdings[h].percent;
        if (!owned.covered && g.holdings[h].owned != 0 && owned.share >= 50 - 1e-9) {
          owned.covered = true;
          worklist.push_back(g.holdings[h].owned);
        }
      }
    }
    return g;
  }

  // The ultimate parent's headquarters when the sale does not state it: the end of the majority
  // ownership chain (the sale's owners tree, then the packs' edges), if the packs know its country.
  std::optional<Country> DerivedUltimateParentHeadquarters() const {
    const std::vector<Owner>* owners = &sale_.buyer.owners;
    const Owner* top = nullptr;
    for (int depth = 0; depth < 64; ++depth) {
      const Owner* majority = nullptr;
      for (const Owner& o : *owners)
        if (o.percent > 50) majority = &o;
      if (!majority) break;
      top = majority;
      owners = &majority->owners;
    }
    int entity = top ? OwnerEntity(*top) : BuyerEntity();
    for (int depth = 0; entity >= 0 && depth < 64; ++depth) {
      int next = -1;
      for (uint32_t e : rs_.compiled_entities[entity].owners) {
        const OwnershipEdge& edge = rs_.ownership[e];
        if (edge.percent > 50 && edge.interval.Contains(sale_.date)) next = rs_.edge_owner[e];
      }
      if (next < 0) break;
      entity = next;
    }
    if (entity < 0 || (!top && entity == BuyerEntity())) return std::nullopt;  // no parent above the buyer
    return rs_.entities[entity].country;
  }

  // Why the buyer is listed or covered, for the trace: the listed owners, the path, the percent.
  std::string ExplainListing() const {
    std::string out;
    const int buyer = BuyerEntity();
    if (const Listing* l = ActiveListing(buyer)) {
      internal::StrAppend(&out, "'", sale_.buyer.name, "' matches listed entity '", rs_.entities[buyer].name, "' (",
                          l->list, " from ", l->interval.from.ToString(), "; ", l->citation, ")");
      return out;
    }
    if (buyer >= 0) {  // on other screening lists only (a buyer_list rule)
      std::string_view separator;
      for (const Listing& l : rs_.entities[buyer].listings) {
        if (!InForce(l)) continue;
        if (out.empty())
          internal::StrAppend(&out, "'", sale_.buyer.name, "' matches listed entity '", rs_.entities[buyer].name,
                              "': ");
        internal::StrAppend(&out, separator, l.list, " from ", l.interval.from.ToString(), " (", l.citation, ")");
        separator = "; ";
      }
      if (!out.empty()) return out;
    }
    const double tree_share = OwnersShare(sale_.buyer.owners, 0, /*enough=*/false);
    if (tree_share < 50 - 1e-9 && AnyOwnerCovered(sale_.buyer.owners, 0) && OwnerNamesRepeat()) {
      const OwnershipGraph& g = MergedOwners();
      if (g.BuyerShare() >= 50 - 1e-9) {
        internal::StrAppend(&out, "owned ", g.BuyerShare(),
                            " % in aggregate by listed or covered parties (a party named more than once in the owners "
                            "tree is one entity): ");
        bool first = true;
        for (const OwnershipGraph::Holding& h : g.holdings) {
          if (h.owned != 0 || !g.parties[h.owner].covered) continue;
          internal::StrAppend(&out, first ? "" : ", ", g.parties[h.owner].name, " ", h.percent, " %");
          first = false;
        }
        return out;
      }
    }
    if (tree_share >= 50 - 1e-9) {
      internal::StrAppend(&out, "owned ", tree_share, " % in aggregate by listed or covered parties: ");
      DescribeOwners(sale_.buyer.owners, 0, out);
      return out;
    }
    if (const internal::Coverage* c = buyer >= 0 ? rs_.CoverageOf(buyer, sale_.date) : nullptr) {
      internal::StrAppend(&out, "owned ", c->share,
                          " % by listed or covered parties per the ownership data; path: ", rs_.entities[buyer].name);
      for (int32_t v = c->via, depth = 0; v >= 0 && depth < 64; ++depth) {
        internal::StrAppend(&out, " <- ", rs_.entities[v].name);
        if (AffiliatesListing(v)) {
          out += " (listed)";
          break;
        }
        const internal::Coverage* up = rs_.CoverageOf(v, sale_.date);
        v = up ? up->via : -1;
      }
    }
    return out;
  }
  void DescribeOwners(const std::vector<Owner>& owners, int depth, std::string& out) const {
    bool first = true;
    for (const Owner& o : owners) {
      if (!OwnerCovered(o, depth)) continue;
      if (!first) out += ", ";
      first = false;
      internal::StrAppend(&out, o.name, " ", o.percent, " %");
      const int entity = OwnerEntity(o);
      if (AffiliatesListing(entity)) out += " (listed)";
      else if (PackCovered(entity)) out += " (covered per the ownership data)";
      else {
        out += " (covered: ";
        DescribeOwners(o.owners, depth + 1, out);
        out += ")";
      }
    }
  }

  mutable int buyer_entity_ = kUnresolved;
  mutable std::optional<internal::FirstWordKeys> buyer_keys_;
  mutable absl::InlinedVector<OwnerMatch, 4> owner_entities_;
  int8_t buyer_listed_ = -1;
  int64_t buyer_lists_ = -1;
  bool derived_parent_done_ = false;
  std::optional<Country> derived_parent_;
  int8_t buyer_affiliate_ = -1;
  mutable int8_t owner_names_repeat_ = -1;
  mutable std::optional<OwnershipGraph> merged_;
  std::vector<std::pair<uint32_t, double>> similar_;  // PossibleMatchesOf's scratch
};

}  // namespace
}  // namespace exportctl::evaluator

#endif  // EXPORTCTL_EVALUATE_SCREENING_H_
