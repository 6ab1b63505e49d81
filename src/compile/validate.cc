// The one validator (validate.h): the checks that hold within one pack.
#include "compile/validate.h"

#include <algorithm>
#include <optional>
#include <set>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "compile/compiled.h"
#include "internal/status.h"
#include "internal/strings.h"
#include "model/invalid.h"
#include "model/names.h"

namespace exportctl::internal {

std::string_view TargetsKey(EffectKind effect) {
  switch (effect) {
    case EffectKind::kLicenseException: return "exception_to";
    case EffectKind::kAmendReview: return "amends";
    case EffectKind::kSuspend: return "suspends";
    case EffectKind::kCondition: return "applies_to";
    default: return "";
  }
}

namespace {

std::string Indexed(std::string_view base, size_t i) { return StrCat(base, "[", i, "]"); }

std::string PercentError(double percent) {
  return StrCat("'percent' must be in (0, 100], got ", FormatNumber(percent));
}
bool InPercentRange(double percent) { return percent > 0 && percent <= 100; }

class PackValidator {
 public:
  explicit PackValidator(const RulePack& pack)
      : pack_(pack), name_(pack.info.source.empty() ? pack.info.id : pack.info.source) {}

  absl::Status Run() const {
    RETURN_IF_ERROR(Jurisdictions());
    RETURN_IF_ERROR(Groups());
    RETURN_IF_ERROR(Parameters());
    RETURN_IF_ERROR(Names(pack_.chips, "chip", &NormalizeChipName));
    RETURN_IF_ERROR(Names(pack_.entities, "entity", &NormalizeEntityName));
    RETURN_IF_ERROR(Listings());
    RETURN_IF_ERROR(Ownership());
    std::set<std::string_view> rule_ids;
    for (size_t i = 0; i < pack_.rules.size(); ++i) {
      const Rule& r = pack_.rules[i];
      if (r.id.empty()) return Fail({Indexed("rule", i)}, r.location, name_, "rule without an id");
      RETURN_IF_ERROR(Unique(rule_ids, r.id, Indexed("rule", i) + ".id", r.location, "rule id"));
      RETURN_IF_ERROR(CheckRule(i));
    }
    RETURN_IF_ERROR(Suspensions());
    return EndsAndTests();
  }

 private:
  // An error at the first of `paths` the loader recorded, else at `location`, else naming
  // `subject` (a pack built in code; "" when the message names its subject itself).
  absl::Status Fail(const std::vector<std::string>& paths, const SourceLocation& location, std::string_view subject,
                    std::string_view message) const {
    for (const std::string& path : paths)
      if (const SourceLocation* at = pack_.sources.Find(path)) return Invalid(*at, message);
    return Invalid(LocatedOr(location, subject), message);
  }
  absl::Status CheckInterval(const std::string& path, const DateInterval& interval, const SourceLocation& location,
                             std::string_view subject) const {
    if (!(interval.until < interval.from)) return absl::OkStatus();
    return Fail({path + ".until", path}, location, subject,
                StrCat("'until' ", interval.until.ToString(), " is before 'from' ", interval.from.ToString()));
  }
  // Ids are unique within a section of one pack.
  absl::Status Unique(std::set<std::string_view>& seen, std::string_view id, const std::string& path,
                      const SourceLocation& location, std::string_view what) const {
    if (seen.insert(id).second) return absl::OkStatus();
    return Fail({path}, location, name_, StrCat("duplicate ", what, " '", id, "'"));
  }

  absl::Status Jurisdictions() const {
    std::set<Country> codes;
    for (size_t i = 0; i < pack_.jurisdictions.size(); ++i) {
      const JurisdictionSpec& j = pack_.jurisdictions[i];
      const std::string path = Indexed("jurisdiction", i);
      const std::string code = j.code.ToString();
      if (!j.code.valid()) return Fail({path}, j.location, name_, "jurisdiction without a valid code");
      if (!codes.insert(j.code).second)
        return Fail({path + ".code"}, j.location, name_, StrCat("duplicate jurisdiction '", code, "'"));
      // The evaluator holds a jurisdiction's possible classes, and "none", in one 32-bit mask.
      if (j.classifications.size() > kMaxClassifications)
        return Fail({path + ".classifications"}, j.location, StrCat("jurisdiction '", code, "'"),
                    StrCat("more than ", kMaxClassifications, " classifications (", j.classifications.size(), ")"));
    }
    return absl::OkStatus();
  }

  // Runs `check(item, path)` on each item of `section`, with path "section[i]".
  template <class T, class Check>
  static absl::Status Each(const std::vector<T>& items, std::string_view section, Check check) {
    for (size_t i = 0; i < items.size(); ++i) RETURN_IF_ERROR(check(items[i], Indexed(section, i)));
    return absl::OkStatus();
  }

  absl::Status Groups() const {
    std::set<std::string_view> ids;
    return Each(pack_.groups, "group", [&](const CountryGroup& g, const std::string& path) -> absl::Status {
      RETURN_IF_ERROR(Unique(ids, g.id, path + ".id", g.location, "group id"));
      if (IsAssignedCountryCode(g.id))
        return Fail({path + ".id"}, g.location, name_, StrCat("group id '", g.id, "' is a country code"));
      for (size_t k = 0; k < g.members.size(); ++k) {
        const GroupMember& m = g.members[k];
        const std::string member = StrCat(path, ".member[", k, "]");
        // A dated member that sets its `from` but takes the group's `until`.
        if (m.interval.until < m.interval.from && pack_.sources.Find(member + ".until") == nullptr &&
            pack_.sources.Find(member + ".from") != nullptr)
          return Fail({member + ".from"}, g.location, "",
                      StrCat("'from' ", m.interval.from.ToString(), " is after the group's 'until' ",
                             m.interval.until.ToString()));
        RETURN_IF_ERROR(CheckInterval(member, m.interval, g.location,
                                      StrCat("group '", g.id, "': member '", m.country.ToString(), "'")));
      }
      return absl::OkStatus();
    });
  }

  absl::Status Parameters() const {
    std::set<std::string_view> ids;
    return Each(pack_.parameters, "parameter", [&](const ParameterSeries& p, const std::string& path) -> absl::Status {
      RETURN_IF_ERROR(Unique(ids, p.id, path + ".id", p.location, "parameter id"));
      if (p.values.empty()) return Fail({path}, p.location, "", StrCat("parameter '", p.id, "' has no value"));
      for (size_t k = 0; k < p.values.size(); ++k) {
        for (size_t e = 0; e < k; ++e) {
          if (p.values[e].from != p.values[k].from) continue;
          return Fail({StrCat(path, ".value[", k, "].from")}, p.location, "",
                      StrCat("duplicate value for parameter '", p.id, "' from ", p.values[k].from.ToString()));
        }
      }
      return absl::OkStatus();
    });
  }

  // Chip and entity names (with their aliases) are unique across the pack, as normalized for
  // matching; an alias that normalizes to its own chip's or entity's name is merely redundant.
  template <class T>
  absl::Status Names(const std::vector<T>& items, std::string_view what,
                     std::string (*normalize)(std::string_view)) const {
    std::set<std::string> seen;
    for (size_t i = 0; i < items.size(); ++i) {
      const T& item = items[i];
      const std::string path = Indexed(what, i);
      std::vector<std::pair<std::string_view, std::string>> names;
      if constexpr (std::is_same_v<T, CatalogChip>) names.emplace_back(item.chip.model, path + ".model");
      else names.emplace_back(item.name, path + ".name");
      for (size_t k = 0; k < item.aliases.size(); ++k)
        names.emplace_back(item.aliases[k], Indexed(path + ".aliases", k));
      std::set<std::string> own;
      for (const auto& [name, name_path] : names) {
        std::string normalized = normalize(name);
        if (normalized.empty())
          return Fail({name_path}, item.location, name_, StrCat(what, " name '", name, "' has no letters or digits"));
        if (seen.count(normalized) != 0)
          return Fail({name_path}, item.location, name_, StrCat("duplicate ", what, " name '", name, "'"));
        own.insert(std::move(normalized));
      }
      seen.insert(own.begin(), own.end());
    }
    return absl::OkStatus();
  }

  absl::Status Listings() const {
    for (size_t i = 0; i < pack_.entities.size(); ++i) {
      const Entity& e = pack_.entities[i];
      for (size_t k = 0; k < e.listings.size(); ++k)
        RETURN_IF_ERROR(CheckInterval(StrCat(Indexed("entity", i), ".listing[", k, "]"), e.listings[k].interval,
                                      e.location, StrCat("entity '", e.name, "'")));
    }
    return absl::OkStatus();
  }

  absl::Status Ownership() const {
    for (size_t i = 0; i < pack_.ownership.size(); ++i) {
      const OwnershipEdge& o = pack_.ownership[i];
      const std::string path = Indexed("ownership", i);
      if (!InPercentRange(o.percent))
        return Fail({path + ".percent"}, o.location, "ownership", PercentError(o.percent));
      if (NormalizeEntityName(o.owner) == NormalizeEntityName(o.owned))
        return Fail({path + ".owned"}, o.location, "ownership", StrCat("entity '", o.owned, "' cannot own itself"));
      RETURN_IF_ERROR(CheckInterval(path, o.interval, o.location, "ownership"));
    }
    return absl::OkStatus();
  }

  absl::Status CheckRule(size_t i) const {
    const Rule& r = pack_.rules[i];
    const std::string path = Indexed("rule", i);
    const std::string subject = StrCat("rule '", r.id, "'");
    RETURN_IF_ERROR(CheckInterval(path, r.effective, r.location, subject));
    if (r.citations.empty())
      return Fail({path + ".citations", path + ".citation"}, r.location, "", StrCat(subject, " has no citation"));
    const std::string_view targets = TargetsKey(r.outcome.effect);
    if (!targets.empty() && r.targets.empty())
      return Fail({path + ".effect"}, r.location, subject,
                  StrCat("effect '", EffectKindName(r.outcome.effect), "' needs '", targets, "'"));
    RETURN_IF_ERROR(CheckOutcome(path, r.outcome, {path + ".effect"}, r.location, subject));
    for (size_t c = 0; c < r.cases.size(); ++c) {
      const std::string case_path = StrCat(path, ".case[", c, "]");
      RETURN_IF_ERROR(
          CheckOutcome(case_path, r.cases[c].outcome, {case_path + ".effect", case_path}, r.location, subject));
    }
    return absl::OkStatus();
  }

  // What the outcome's effect needs, and the ranges of its numbers.
  absl::Status CheckOutcome(const std::string& path, const Outcome& o, const std::vector<std::string>& effect_paths,
                            const SourceLocation& location, std::string_view subject) const {
    std::string_view needs;
    switch (o.effect) {
      case EffectKind::kClassify: needs = o.classification.empty() ? "'classification'" : ""; break;
      case EffectKind::kRequireLicense:
      case EffectKind::kAmendReview: needs = o.review_policy ? "" : "'review_policy'"; break;
      case EffectKind::kLicenseException: needs = o.exception.empty() ? "'exception'" : ""; break;
      case EffectKind::kAdvisory: needs = o.advisory.empty() ? "'advisory'" : ""; break;
      case EffectKind::kCondition: needs = o.conditions.empty() ? "at least one [[rule.condition]]" : ""; break;
      default: break;
    }
    if (!needs.empty())
      return Fail(effect_paths, location, subject, StrCat("effect '", EffectKindName(o.effect), "' needs ", needs));
    if (o.wait_days < 0)
      return Fail({path + ".wait_days"}, location, subject,
                  StrCat("'wait_days' must not be negative, got ", o.wait_days));
    for (size_t k = 0; k < o.conditions.size(); ++k) {
      const std::optional<double>& percent = o.conditions[k].percent;
      if (percent && !InPercentRange(*percent))
        return Fail({StrCat(path, ".condition[", k, "].percent")}, location, subject, PercentError(*percent));
    }
    return absl::OkStatus();
  }

  // A suspend rule may not name another suspend rule: the evaluator applies every suspension in
  // force, so suspending a suspension would do nothing, and two suspend rules naming each other
  // (a cycle) would have no meaning. Across packs Compile decides.
  absl::Status Suspensions() const {
    std::set<std::string_view> suspenders;
    for (const Rule& r : pack_.rules)
      if (r.outcome.effect == EffectKind::kSuspend) suspenders.insert(r.id);
    for (size_t i = 0; i < pack_.rules.size(); ++i) {
      const Rule& r = pack_.rules[i];
      if (r.outcome.effect != EffectKind::kSuspend) continue;
      for (size_t k = 0; k < r.targets.size(); ++k) {
        const std::string& target = r.targets[k];
        if (suspenders.count(target) == 0) continue;
        const Rule* other = nullptr;
        for (const Rule& o : pack_.rules)
          if (o.id == target) other = &o;
        const bool cycle = other != nullptr && other != &r &&
                           std::find(other->targets.begin(), other->targets.end(), r.id) != other->targets.end();
        const std::vector<std::string> at = {StrCat(Indexed("rule", i), ".suspends[", k, "]"), Indexed("rule", i)};
        if (target == r.id) return Fail(at, r.location, "", StrCat("rule '", r.id, "' suspends itself"));
        if (cycle)
          return Fail(
              at, r.location, "",
              StrCat("suspension cycle: rule '", r.id, "' suspends '", target, "', which suspends '", r.id, "'"));
        return Fail(at, r.location, "",
                    StrCat("rule '", r.id, "' suspends '", target, "', a suspend rule: suspensions do not chain"));
      }
    }
    return absl::OkStatus();
  }

  absl::Status EndsAndTests() const {
    std::set<std::string_view> ended, names;
    for (size_t i = 0; i < pack_.ends.size(); ++i) {
      const RuleEnd& e = pack_.ends[i];
      if (!ended.insert(e.rule).second)
        return Fail({Indexed("end", i) + ".rule"}, e.location, name_,
                    StrCat("duplicate [[end]] for rule '", e.rule, "'"));
    }
    for (size_t i = 0; i < pack_.tests.size(); ++i)
      RETURN_IF_ERROR(
          Unique(names, pack_.tests[i].name, Indexed("test", i) + ".name", pack_.tests[i].location, "test name"));
    return absl::OkStatus();
  }

  const RulePack& pack_;
  const std::string name_;  // the pack, for errors in a pack built in code
};

}  // namespace

absl::Status ValidatePack(const RulePack& pack) { return PackValidator(pack).Run(); }

}  // namespace exportctl::internal
