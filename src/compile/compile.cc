// Compile: merge packs (overlays), validate, flatten predicates, resolve groups, index by date.
#include <algorithm>
#include <memory>
#include <string>
#include <utility>

#include "absl/strings/str_join.h"
#include "boost/graph/adjacency_list.hpp"
#include "compile/compiled.h"
#include "compile/index.h"
#include "compile/validate.h"
#include "exportctl/rule_set.h"
#include "exportctl/sale.h"
#include "internal/status.h"
#include "internal/strings.h"
#include "model/invalid.h"
#include "model/names.h"

namespace exportctl {
namespace internal {

Stage StageOf(EffectKind e) {
  switch (e) {
    case EffectKind::kSuspend: return Stage::kSuspend;
    case EffectKind::kClassify: return Stage::kClassify;
    case EffectKind::kAmendReview: return Stage::kReview;
    case EffectKind::kLicenseException: return Stage::kException;
    case EffectKind::kCondition: return Stage::kCondition;
    case EffectKind::kInScope: return Stage::kScope;
    default: return Stage::kRequirement;
  }
}

namespace {

class Compiler {
 public:
  absl::StatusOr<std::unique_ptr<CompiledRules>> Run(absl::Span<const RulePack> packs) {
    out_ = std::make_unique<CompiledRules>();
    for (const RulePack& pack : packs) RETURN_IF_ERROR(Merge(pack));
    RETURN_IF_ERROR(IndexCatalog());
    RETURN_IF_ERROR(BuildCoverage());
    RETURN_IF_ERROR(CompileJurisdictions());
    RETURN_IF_ERROR(CompileParameters());
    RETURN_IF_ERROR(CompileRules());
    BuildBranchPrograms(*out_);
    BuildDateIndex(*out_, country_sets_);
    HashContent(*out_);
    return std::move(out_);
  }

 private:
  // --- Overlays -------------------------------------------------------------------------------

  // Validates `pack` on its own (validate.h), then applies it over the earlier packs.
  absl::Status Merge(const RulePack& pack) {
    RETURN_IF_ERROR(ValidatePack(pack));
    const std::string pack_name = pack.info.source.empty() ? pack.info.id : pack.info.source;
    out_->packs.push_back(pack.info);
    for (const JurisdictionSpec& j : pack.jurisdictions)
      ReplaceOrAdd(out_->jurisdictions, jurisdiction_positions_, j.code.ToString(), j);
    for (const CountryGroup& g : pack.groups) ReplaceOrAdd(out_->groups, group_positions_, g.id, g);
    for (const ParameterSeries& p : pack.parameters) {
      auto [position, inserted] = parameter_positions_.emplace(p.id, out_->parameters.size());
      if (inserted) {
        out_->parameters.push_back(p);
      } else {
        ParameterSeries* it = &out_->parameters[position->second];  // an overlay adds values; one with the same `from`
                                                                    // replaces the earlier value
        for (const ParameterValue& v : p.values) {
          auto same =
              std::find_if(it->values.begin(), it->values.end(), [&](const auto& x) { return x.from == v.from; });
          if (same != it->values.end()) *same = v;
          else it->values.push_back(v);
        }
        it->location = p.location;
      }
    }
    for (const CatalogChip& c : pack.chips)
      ReplaceOrAdd(out_->chips, chip_positions_, NormalizeChipName(c.chip.model), c);
    for (const Entity& e : pack.entities)
      ReplaceOrAdd(out_->entities, entity_positions_, NormalizeEntityName(e.name), e);
    for (const OwnershipEdge& o : pack.ownership) out_->ownership.push_back(o);
    for (const Rule& r : pack.rules) ReplaceOrAdd(out_->rules, rule_positions_, r.id, r);
    for (const RuleEnd& e : pack.ends) {
      auto it = rule_positions_.find(e.rule);
      if (it == rule_positions_.end())
        return Invalid(LocatedOr(e.location, pack_name), StrCat("cannot end unknown rule '", e.rule, "'"));
      Rule& r = out_->rules[it->second];
      if (e.until < r.effective.from)
        return Invalid(LocatedOr(e.location, pack_name),
                       StrCat("cannot end rule '", e.rule, "' on ", e.until.ToString(), ", before it starts on ",
                              r.effective.from.ToString()));
      r.effective.until = e.until;
      r.until_announced = e.announced;
    }
    for (const PackTest& t : pack.tests) out_->tests.push_back(t);
    return absl::OkStatus();
  }

  // Adds `item`, or replaces the earlier item with the same key (an overlay). `index` maps keys
  // to positions, so merging stays linear in the number of items.
  template <class T>
  static void ReplaceOrAdd(std::vector<T>& items, absl::flat_hash_map<std::string, size_t>& index, std::string key,
                           const T& item) {
    auto [it, inserted] = index.emplace(std::move(key), items.size());
    if (inserted) items.push_back(item);
    else items[it->second] = item;
  }

  // --- Catalog and entities -------------------------------------------------------------------

  absl::Status IndexCatalog() {
    for (uint32_t i = 0; i < out_->chips.size(); ++i) {
      const CatalogChip& c = out_->chips[i];
      std::vector<std::string> names = {c.chip.model};
      names.insert(names.end(), c.aliases.begin(), c.aliases.end());
      for (const std::string& name : names) {
        auto [it, inserted] = out_->chip_index.emplace(NormalizeChipName(name), i);
        if (!inserted && it->second != i)
          return Invalid(LocatedOr(c.location, c.chip.model),
                         StrCat("chip name '", name, "' is also used by '", out_->chips[it->second].chip.model, "'"));
      }
    }
    out_->compiled_entities.resize(out_->entities.size());
    for (uint32_t i = 0; i < out_->entities.size(); ++i) {
      const Entity& e = out_->entities[i];
      std::vector<std::string> names = {e.name};
      names.insert(names.end(), e.aliases.begin(), e.aliases.end());
      for (const std::string& name : names) {
        auto [it, inserted] = out_->entity_index.emplace(NormalizeEntityName(name), i);
        if (!inserted && it->second != i)
          return Invalid(LocatedOr(e.location, e.name),
                         StrCat("entity name '", name, "' is also used by '", out_->entities[it->second].name, "'"));
        const uint64_t key = EntityFirstWordKey(it->first);
        if (key != kNoFirstWordKey) out_->entity_first_words.set(key % out_->entity_first_words.size());
        out_->entity_spellings.emplace(name, i);
      }
      for (const Listing& l : e.listings) {
        absl::StatusOr<uint32_t> bit = ListBit(l.list);
        if (!bit.ok()) return Invalid(LocatedOr(e.location, e.name), Sv(bit.status().message()));
        out_->compiled_entities[i].list_bits.push_back(*bit);
      }
    }
    // "Semiconductor Manufacturing International Corporation (SMIC)" is also found as "SMIC" and
    // without the parentheses, as screening lists write short names. After every entity's own
    // names: a derived name that another entity has (or derives first) stays that entity's.
    for (uint32_t i = 0; i < out_->entities.size(); ++i) {
      const Entity& e = out_->entities[i];
      std::vector<std::string_view> names = {e.name};
      names.insert(names.end(), e.aliases.begin(), e.aliases.end());
      for (std::string_view name : names) {
        const size_t open = name.rfind('(');
        if (name.empty() || name.back() != ')' || open == std::string_view::npos || open == 0) continue;
        for (std::string_view derived : {name.substr(open + 1, name.size() - open - 2), name.substr(0, open)}) {
          std::string key = NormalizeEntityName(derived);
          if (key.empty()) continue;
          const uint64_t first_word = EntityFirstWordKey(key);
          if (!out_->entity_index.emplace(std::move(key), i).second) continue;
          if (first_word != kNoFirstWordKey) out_->entity_first_words.set(first_word % out_->entity_first_words.size());
        }
      }
    }
    IndexEntityNames();
    ListScreenedLists();
    for (uint32_t i = 0; i < out_->ownership.size(); ++i) {
      const OwnershipEdge& o = out_->ownership[i];
      int owner = out_->EntityIndex(o.owner), owned = out_->EntityIndex(o.owned);
      if (owner < 0) return Invalid(LocatedOr(o.location, "ownership"), StrCat("unknown entity '", o.owner, "'"));
      if (owned < 0) return Invalid(LocatedOr(o.location, "ownership"), StrCat("unknown entity '", o.owned, "'"));
      // The validator compares names; an alias of the same entity is found here.
      if (owner == owned)
        return Invalid(LocatedOr(o.location, "ownership"), StrCat("entity '", o.owned, "' cannot own itself"));
      out_->compiled_entities[owned].owners.push_back(i);
      out_->edge_owner.push_back(owner);
    }
    return absl::OkStatus();
  }

  // The lists entities are on, in the order first seen, each with the packs that bring entries
  // (an entity belongs to the last pack read from its file: an overlay brings its own location).
  void ListScreenedLists() {
    for (const Entity& e : out_->entities) {
      std::string pack;
      for (const PackInfo& p : out_->packs)
        if (p.source == e.location.file) pack = p.id;
      for (const Listing& l : e.listings) {
        auto it = std::find_if(out_->screened_lists.begin(), out_->screened_lists.end(),
                               [&](const auto& list) { return list.first == l.list; });
        if (it == out_->screened_lists.end()) it = out_->screened_lists.insert(it, {l.list, {}});
        if (!pack.empty() && std::find(it->second.begin(), it->second.end(), pack) == it->second.end())
          it->second.push_back(pack);
      }
    }
  }

  // The names SimilarEntities searches, sorted so that equal scores come out in one order.
  void IndexEntityNames() {
    out_->entity_names.assign(out_->entity_index.begin(), out_->entity_index.end());
    std::sort(out_->entity_names.begin(), out_->entity_names.end());
    for (uint32_t k = 0; k < out_->entity_names.size(); ++k) {
      const std::string& name = out_->entity_names[k].first;
      out_->names_by_first_word[name.substr(0, name.find(' '))].push_back(k);
      out_->names_by_initials[InitialsKey(name)].push_back(k);
      const uint64_t prefix = EntityFirstWordKeys(name).three;
      if (prefix != kNoFirstWordKey) out_->entity_first_prefixes.set(prefix % out_->entity_first_prefixes.size());
    }
    if (auto it = parameter_positions_.find(
            absl::string_view(kPossibleMatchParameter.data(), kPossibleMatchParameter.size()));
        it != parameter_positions_.end())
      out_->possible_match_parameter = static_cast<int32_t>(it->second);
  }

  // --- Affiliates coverage on the ownership graph ----------------------------------------------

  struct Holding {
    double percent = 0;
    DateInterval interval;
    uint32_t edge = 0;  // index into ownership, for error locations
  };
  using OwnershipGraph =
      boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS, boost::no_property, Holding>;

  // For every date segment of the listings and ownership edges, the least fixpoint of "covered":
  // listed, or held ≥ 50 % in aggregate by listed or covered owners. A worklist from the listed
  // entities visits each edge once per segment, so cross-holdings terminate and an unlisted
  // cycle never covers itself.
  absl::Status BuildCoverage() {
    const size_t n = out_->entities.size();
    OwnershipGraph graph(n);
    std::vector<Date> days = {Date::Earliest()};
    auto add_day = [&](Date d) {
      if (!d.is_unbounded()) days.push_back(d);
    };
    for (uint32_t i = 0; i < out_->ownership.size(); ++i) {
      const OwnershipEdge& o = out_->ownership[i];
      boost::add_edge(out_->EntityIndex(o.owner), out_->EntityIndex(o.owned), Holding{o.percent, o.interval, i}, graph);
      add_day(o.interval.from), add_day(o.interval.until);
    }
    out_->coverage.complete_from = Date::Earliest();
    for (const Entity& e : out_->entities) {
      for (const Listing& l : e.listings) {
        add_day(l.interval.from), add_day(l.interval.until);
        out_->coverage.complete_from = std::max(out_->coverage.complete_from, l.announced.value_or(l.interval.from));
      }
    }
    std::sort(days.begin(), days.end());
    days.erase(std::unique(days.begin(), days.end()), days.end());

    std::vector<std::vector<Coverage>> coverage(n);
    std::vector<double> share(n), largest(n), held(n);
    std::vector<int32_t> via(n);
    std::vector<char> covered(n), listed(n);
    std::vector<uint32_t> queue;
    for (size_t k = 0; k < days.size(); ++k) {
      const Date day = days[k];
      const Date next = k + 1 < days.size() ? days[k + 1] : Date::Unbounded();
      std::fill(share.begin(), share.end(), 0.0);
      std::fill(largest.begin(), largest.end(), 0.0);
      std::fill(held.begin(), held.end(), 0.0);
      std::fill(via.begin(), via.end(), -1);
      std::fill(covered.begin(), covered.end(), 0);
      queue.clear();
      for (uint32_t e = 0; e < n; ++e) {
        listed[e] = 0;
        for (const Listing& l : out_->entities[e].listings) listed[e] |= MakesAffiliates(l) && l.interval.Contains(day);
        if (listed[e]) covered[e] = 1, queue.push_back(e);
      }
      // An entity's owners may not hold more than 100 % of it at once.
      for (auto [it, end] = boost::edges(graph); it != end; ++it) {
        const Holding& h = graph[*it];
        if (!h.interval.Contains(day)) continue;
        const auto owned = boost::target(*it, graph);
        held[owned] += h.percent;
        if (held[owned] > 100 + 1e-9) {
          const OwnershipEdge& o = out_->ownership[h.edge];
          return Invalid(LocatedOr(o.location, "ownership"), StrCat("the owners of '", o.owned, "' hold ", held[owned],
                                                                    " % of it on ", day.ToString(), ", over 100 %"));
        }
      }
      for (size_t q = 0; q < queue.size(); ++q) {
        const uint32_t owner = queue[q];
        for (auto [it, end] = boost::out_edges(owner, graph); it != end; ++it) {
          const Holding& h = graph[*it];
          if (!h.interval.Contains(day)) continue;
          const auto owned = static_cast<uint32_t>(boost::target(*it, graph));
          share[owned] += h.percent;
          if (h.percent > largest[owned]) largest[owned] = h.percent, via[owned] = static_cast<int32_t>(owner);
          if (!covered[owned] && share[owned] >= 50 - 1e-9) covered[owned] = 1, queue.push_back(owned);
        }
      }
      for (uint32_t e = 0; e < n; ++e) {
        if (!covered[e] || listed[e]) continue;
        std::vector<Coverage>& c = coverage[e];
        if (!c.empty() && c.back().until == day && c.back().via == via[e] && c.back().share == share[e]) {
          c.back().until = next;
        } else {
          c.push_back({day, next, share[e], via[e]});
        }
      }
    }
    out_->coverage.offsets.push_back(0);
    for (const std::vector<Coverage>& c : coverage) {
      out_->coverage.intervals.insert(out_->coverage.intervals.end(), c.begin(), c.end());
      out_->coverage.offsets.push_back(static_cast<uint32_t>(out_->coverage.intervals.size()));
    }
    return absl::OkStatus();
  }

  // --- Jurisdictions and parameters -----------------------------------------------------------

  absl::Status CompileJurisdictions() {
    out_->compiled_jurisdictions.resize(out_->jurisdictions.size());
    out_->by_jurisdiction.resize(out_->jurisdictions.size());
    for (size_t j = 0; j < out_->jurisdictions.size(); ++j) {
      const JurisdictionSpec& spec = out_->jurisdictions[j];
      CompiledJurisdiction& cj = out_->compiled_jurisdictions[j];
      cj.code = spec.code;
      cj.spec = &spec;
      cj.report_out_of_scope = spec.report_out_of_scope;
      if (!spec.treat_as.empty()) {
        cj.treat_as.resize(Country::kIndexCount);
        for (int i = 0; i < Country::kIndexCount; ++i) cj.treat_as[i] = static_cast<uint16_t>(i);
        for (const auto& [from, to] : spec.treat_as) cj.treat_as[from.index()] = static_cast<uint16_t>(to.index());
      }
      current_jurisdiction_ = static_cast<int>(j);
      ASSIGN_OR_RETURN(cj.scope, CompileNode(spec.scope, spec.location, StrCat("jurisdiction ", spec.code.ToString())));
    }
    return absl::OkStatus();
  }

  absl::Status CompileParameters() {
    for (ParameterSeries& p : out_->parameters) {
      std::sort(p.values.begin(), p.values.end(), [](const auto& a, const auto& b) { return a.from < b.from; });
    }
    out_->compiled_parameters.resize(out_->parameters.size());
    for (size_t i = 0; i < out_->parameters.size(); ++i) {
      const ParameterSeries& p = out_->parameters[i];
      CompiledParameter& cp = out_->compiled_parameters[i];
      for (const ParameterValue& v : p.values) {
        cp.from.push_back(v.from);
        cp.announced.push_back(v.announced.value_or(v.from));
        cp.value.push_back(v.value);
      }
    }
    return absl::OkStatus();
  }

  // --- Rules ----------------------------------------------------------------------------------

  absl::Status CompileRules() {
    std::vector<Rule>& rules = out_->rules;
    out_->compiled.resize(rules.size());
    for (uint32_t i = 0; i < rules.size(); ++i) out_->rule_index.emplace(rules[i].id, i);
    for (uint32_t i = 0; i < rules.size(); ++i) {
      const Rule& r = rules[i];
      CompiledRule& cr = out_->compiled[i];
      cr.rule = &r;
      cr.index = i;
      cr.stage = StageOf(r.outcome.effect);
      cr.citation = absl::StrJoin(r.citations, "; ");
      cr.starts = r.starts();
      const std::string label = StrCat("rule '", r.id, "'");
      auto j = std::find_if(out_->jurisdictions.begin(), out_->jurisdictions.end(),
                            [&](const auto& x) { return x.code == r.jurisdiction; });
      if (j == out_->jurisdictions.end())
        return Invalid(r.location, StrCat("rule '", r.id, "': unknown jurisdiction '", r.jurisdiction.ToString(), "'"));
      cr.jurisdiction = static_cast<int>(j - out_->jurisdictions.begin());
      current_jurisdiction_ = cr.jurisdiction;
      ASSIGN_OR_RETURN(cr.when, CompileNode(r.when, r.location, label));
      cr.reads_listing = ReadsListing(r.when);
      for (const RuleCase& c : r.cases) {
        if (StageOf(c.outcome.effect) != cr.stage)
          return Invalid(r.location,
                         StrCat("rule '", r.id, "': a case's effect '", EffectKindName(c.outcome.effect),
                                "' does not fit the rule's effect '", EffectKindName(r.outcome.effect), "'"));
        ASSIGN_OR_RETURN(const int32_t case_when, CompileNode(c.when, r.location, label));
        ASSIGN_OR_RETURN(const CompiledOutcome outcome, CompileOutcome(r, c.outcome));
        cr.cases.push_back({case_when, outcome});
      }
      ASSIGN_OR_RETURN(const CompiledOutcome outcome, CompileOutcome(r, r.outcome));
      cr.cases.push_back({-1, outcome});
    }
    for (uint32_t i = 0; i < rules.size(); ++i) RETURN_IF_ERROR(ResolveTargets(out_->compiled[i]));
    return absl::OkStatus();
  }

  static bool ReadsListing(const Predicate& p) {
    if (p.kind == Predicate::Kind::kFlag) return p.flag == Flag::kBuyerListed || p.flag == Flag::kBuyerAffiliateListed;
    if (p.kind == Predicate::Kind::kMember) return p.field == Field::kBuyerList;
    return std::any_of(p.children.begin(), p.children.end(), ReadsListing);
  }

  absl::StatusOr<CompiledOutcome> CompileOutcome(const Rule& r, const Outcome& o) {
    CompiledOutcome c;
    c.effect = o.effect;
    c.review_policy = o.review_policy;
    c.source = &o;
    const std::vector<std::string>& classes = out_->jurisdictions[current_jurisdiction_].classifications;
    switch (o.effect) {
      case EffectKind::kClassify: {
        auto it = std::find(classes.begin(), classes.end(), o.classification);
        if (it == classes.end())
          return Invalid(r.location, StrCat("rule '", r.id, "': unknown classification '", o.classification, "'"));
        c.classification = static_cast<int>(it - classes.begin());
        break;
      }
      default: break;
    }
    return c;
  }

  absl::Status ResolveTargets(CompiledRule& cr) {
    const Rule& r = *cr.rule;
    for (const std::string& id : r.targets) {
      auto it = out_->rule_index.find(id);
      if (it == out_->rule_index.end())
        return Invalid(r.location, StrCat("rule '", r.id, "' refers to unknown rule '", id, "'"));
      const CompiledRule& target = out_->compiled[it->second];
      const EffectKind te = target.rule->outcome.effect;
      bool fits = true;
      if (cr.stage == Stage::kException) fits = te == EffectKind::kRequireLicense;
      if (cr.stage == Stage::kReview) fits = te == EffectKind::kRequireLicense || te == EffectKind::kRequireApproval;
      if (cr.stage == Stage::kCondition) fits = target.stage == Stage::kRequirement || target.stage == Stage::kReview;
      if (cr.stage == Stage::kSuspend && target.stage == Stage::kSuspend) {
        return Invalid(r.location,
                       StrCat("rule '", r.id, "' suspends '", id, "', a suspend rule: suspensions do not chain"));
      }
      if (!fits)
        return Invalid(r.location, StrCat("rule '", r.id, "' cannot apply to '", id, "' (", EffectKindName(te), ")"));
      if (target.jurisdiction != cr.jurisdiction)
        return Invalid(r.location, StrCat("rule '", r.id, "' refers to '", id, "' of another jurisdiction"));
      cr.targets.push_back(it->second);
    }
    return absl::OkStatus();
  }

  // --- Predicates -----------------------------------------------------------------------------

  absl::StatusOr<int32_t> CompileNode(const Predicate& p, const SourceLocation& location, const std::string& label) {
    auto fail = [&](std::string_view message) {
      return Invalid(location, StrCat(label, ": predicate: column ", p.column, ": ", message));
    };
    Node node;
    node.op = OpOf(p);
    node.metric = p.metric;
    node.compare = p.op;
    node.flag = p.flag;
    node.threshold = p.threshold;
    node.bounds = BoundsOf(p.threshold);
    switch (p.kind) {
      case Predicate::Kind::kAnd:
      case Predicate::Kind::kOr:
      case Predicate::Kind::kNot: {
        std::vector<uint32_t> kids;
        for (const Predicate& child : p.children) {
          ASSIGN_OR_RETURN(const int32_t k, CompileNode(child, location, label));
          kids.push_back(static_cast<uint32_t>(k));
        }
        node.first_child = static_cast<uint32_t>(out_->children.size());
        node.child_count = static_cast<uint32_t>(kids.size());
        out_->children.insert(out_->children.end(), kids.begin(), kids.end());
        break;
      }
      case Predicate::Kind::kCompare:
        if (!p.parameter.empty()) {
          auto it = parameter_positions_.find(p.parameter);
          if (it == parameter_positions_.end()) return fail(StrCat("unknown parameter '@", p.parameter, "'"));
          node.parameter = static_cast<int32_t>(it->second);
        }
        break;
      case Predicate::Kind::kMember: {
        absl::Status s = CompileMembers(p, node);
        if (!s.ok()) return fail(Sv(s.message()));
        break;
      }
      default: break;
    }
    // Identical subexpressions share one node (and one country set), keeping the pool small.
    std::string key = StrCat(static_cast<int>(node.op), "|", static_cast<int>(node.metric), "|",
                             static_cast<int>(node.compare), "|", node.threshold, "|", node.parameter, "|",
                             static_cast<int>(node.flag), "|", node.set, "|", node.mask, "|");
    for (uint32_t k = 0; k < node.child_count; ++k) StrAppend(&key, out_->children[node.first_child + k], ",");
    auto [it, inserted] = node_positions_.emplace(std::move(key), static_cast<int32_t>(out_->nodes.size()));
    if (!inserted) {
      if (node.child_count > 0) out_->children.resize(node.first_child);  // drop the duplicate's child list
      return it->second;
    }
    out_->nodes.push_back(node);
    return static_cast<int32_t>(out_->nodes.size() - 1);
  }

  static Op OpOf(const Predicate& p) {
    switch (p.kind) {
      case Predicate::Kind::kTrue: return Op::kTrue;
      case Predicate::Kind::kFalse: return Op::kFalse;
      case Predicate::Kind::kAnd: return Op::kAnd;
      case Predicate::Kind::kOr: return Op::kOr;
      case Predicate::Kind::kNot: return Op::kNot;
      case Predicate::Kind::kCompare: return Op::kCompare;
      case Predicate::Kind::kFlag: return Op::kFlag;
      case Predicate::Kind::kMember: break;
    }
    switch (p.field) {
      case Field::kModel: return Op::kModelIn;
      case Field::kVendor: return Op::kVendorIn;
      case Field::kOrigin: return Op::kOriginIn;
      case Field::kDestination: return Op::kDestinationIn;
      case Field::kBuyerHeadquarters: return Op::kHeadquartersIn;
      case Field::kSector: return Op::kSectorIn;
      case Field::kEndUse: return Op::kEndUseIn;
      case Field::kExportedFrom: return Op::kExportedFromIn;
      case Field::kClassification: return Op::kClassificationIn;
      case Field::kBuyerList: return Op::kBuyerListIn;
      case Field::kTransit: return Op::kTransitIn;
    }
    return Op::kFalse;
  }

  absl::Status CompileMembers(const Predicate& p, Node& node) {
    switch (p.field) {
      case Field::kOrigin:
      case Field::kDestination:
      case Field::kBuyerHeadquarters:
      case Field::kExportedFrom:
      case Field::kTransit: {
        std::vector<std::pair<Country, DateInterval>> members;
        for (const std::string& m : p.members) {
          if (IsAssignedCountryCode(m)) {
            members.push_back({*Country::Parse(m), DateInterval{Date::Earliest(), Date::Unbounded()}});
            continue;
          }
          auto position = group_positions_.find(m);
          if (position == group_positions_.end())
            return absl::InvalidArgumentError(StrCat("unknown country or group '", m, "'"));
          const CountryGroup* g = &out_->groups[position->second];
          for (const GroupMember& gm : g->members) members.push_back({gm.country, gm.interval});
        }
        std::string key;
        for (const auto& [country, interval] : members)
          StrAppend(&key, country.ToString(), interval.from.ToString(), interval.until.ToString(), ";");
        auto [it, inserted] =
            country_set_positions_.emplace(std::move(key), static_cast<int32_t>(country_sets_.size()));
        if (inserted) country_sets_.push_back(std::move(members));
        node.set = it->second;
        return absl::OkStatus();
      }
      case Field::kSector:
        for (const std::string& m : p.members) {
          ASSIGN_OR_RETURN(const Sector s, ParseSector(m));
          node.mask |= 1u << static_cast<int>(s);
        }
        return absl::OkStatus();
      case Field::kEndUse:
        for (const std::string& m : p.members) {
          ASSIGN_OR_RETURN(const EndUse e, ParseEndUse(m));
          node.mask |= 1u << static_cast<int>(e);
        }
        return absl::OkStatus();
      case Field::kClassification: {
        const std::vector<std::string>& classes = out_->jurisdictions[current_jurisdiction_].classifications;
        for (const std::string& m : p.members) {
          if (m == "none") {
            node.mask |= 1u << classes.size();
            continue;
          }
          auto it = std::find(classes.begin(), classes.end(), m);
          if (it == classes.end()) return absl::InvalidArgumentError(StrCat("unknown classification '", m, "'"));
          node.mask |= 1u << (it - classes.begin());
        }
        return absl::OkStatus();
      }
      case Field::kBuyerList:
        for (const std::string& m : p.members) {
          ASSIGN_OR_RETURN(const uint32_t bit, ListBit(m));
          node.mask |= bit;
        }
        return absl::OkStatus();
      case Field::kModel: {
        std::vector<std::string> names;
        for (const std::string& m : p.members) {
          int chip = out_->ChipIndex(m);
          if (chip < 0) return absl::InvalidArgumentError(StrCat("unknown chip '", m, "'"));
          const CatalogChip& c = out_->chips[chip];
          names.push_back(NormalizeChipName(c.chip.model));
          for (const std::string& alias : c.aliases) names.push_back(NormalizeChipName(alias));
        }
        node.set = AddNameSet(names);
        return absl::OkStatus();
      }
      case Field::kVendor: {
        std::vector<std::string> names;
        for (const std::string& m : p.members) names.push_back(NormalizeChipName(m));
        node.set = AddNameSet(names);
        return absl::OkStatus();
      }
    }
    return absl::OkStatus();
  }

  // The bit of screening list `list` (the next free one for a list not seen before).
  absl::StatusOr<uint32_t> ListBit(const std::string& list) {
    auto [it, inserted] = list_positions_.emplace(list, out_->screening_lists.size());
    if (inserted) {
      if (out_->screening_lists.size() == kMaxScreeningLists)
        return absl::InvalidArgumentError(
            StrCat("more than ", kMaxScreeningLists, " screening lists; '", list, "' is one too many"));
      out_->screening_lists.push_back(list);
    }
    return 1u << it->second;
  }

  // A name set as the sorted ids of its normalized names (names new to name_ids get the next id).
  int32_t AddNameSet(const std::vector<std::string>& names) {
    std::vector<uint32_t> ids;
    for (const std::string& name : names)
      ids.push_back(out_->name_ids.try_emplace(name, static_cast<uint32_t>(out_->name_ids.size())).first->second);
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    out_->name_sets.push_back(std::move(ids));
    return static_cast<int32_t>(out_->name_sets.size() - 1);
  }

  std::unique_ptr<CompiledRules> out_;
  int current_jurisdiction_ = 0;
  absl::flat_hash_map<std::string, size_t> jurisdiction_positions_, group_positions_, chip_positions_,
      entity_positions_, rule_positions_, parameter_positions_, list_positions_;
  absl::flat_hash_map<std::string, int32_t> node_positions_, country_set_positions_;
  std::vector<CountrySetMembers> country_sets_;  // by set index
};

}  // namespace
}  // namespace internal

absl::StatusOr<std::shared_ptr<const RuleSet>> Compile(absl::Span<const RulePack> packs) {
  // Errors quote names from the packs, which a program may have built with any bytes: Invalid
  // keeps each on one line.
  ASSIGN_OR_RETURN(std::unique_ptr<internal::CompiledRules> compiled, internal::Compiler().Run(packs));
  return std::shared_ptr<const RuleSet>(new RuleSet(std::move(compiled)));
}

}  // namespace exportctl
