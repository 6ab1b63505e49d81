// The compiled rule set's lookups, its content hash, and RuleSet's accessors over it.
#include "exportctl/rule_set.h"

#include <algorithm>
#include <cstdio>
#include <string>

#include "absl/strings/str_join.h"
#include "compile/compiled.h"
#include "internal/strings.h"
#include "model/names.h"
#include "model/similarity.h"

namespace exportctl {
namespace internal {

namespace {

// The position `index` holds for `name` as normalized: into a buffer on the stack, or with an
// allocation when the name is longer than `kBuffer` bytes. -1 if none.
template <size_t kBuffer, auto kNormalizeInto, auto kNormalize>
int FindNormalized(const absl::flat_hash_map<std::string, uint32_t>& index, std::string_view name) {
  char buffer[kBuffer];
  const size_t n = kNormalizeInto(name, buffer, sizeof buffer);
  auto it = n == std::string_view::npos ? index.find(kNormalize(name)) : index.find(absl::string_view(buffer, n));
  return it == index.end() ? -1 : static_cast<int>(it->second);
}

}  // namespace

int CompiledRules::ChipIndex(std::string_view name) const {
  return FindNormalized<128, NormalizeChipNameInto, NormalizeChipName>(chip_index, name);
}

int CompiledRules::EntityIndex(std::string_view name) const { return EntityIndex(name, EntityFirstWordKey(name)); }

int CompiledRules::EntityIndex(std::string_view name, uint64_t key) const {
  if (name.empty() || entity_index.empty()) return -1;
  if (key != kNoFirstWordKey && !entity_first_words[key % entity_first_words.size()]) return -1;
  // A name spelled as in the packs (names copied from the list) needs no normalization.
  if (auto it = entity_spellings.find(absl::string_view(name.data(), name.size())); it != entity_spellings.end())
    return static_cast<int>(it->second);
  return FindNormalized<256, NormalizeEntityNameInto, NormalizeEntityName>(entity_index, name);
}

uint32_t InitialsKey(std::string_view normalized) {
  const size_t space = normalized.find(' ');
  const std::string_view first = normalized.substr(0, space);
  uint32_t key = 0;
  for (size_t k = 0; k < 3; ++k) key = key << 8 | (k < first.size() ? static_cast<unsigned char>(first[k]) : 0);
  const unsigned char second = space == std::string_view::npos ? 0 : static_cast<unsigned char>(normalized[space + 1]);
  return key << 8 | second;
}

void CompiledRules::SimilarEntities(std::string_view normalized, double threshold,
                                    std::vector<std::pair<uint32_t, double>>& out) const {
  out.clear();
  if (normalized.empty()) return;
  auto consider = [&](uint32_t k) {
    const auto& [name, entity] = entity_names[k];
    const bool leading = normalized.size() >= 4 && name.size() > normalized.size() &&
                         name.compare(0, normalized.size(), normalized.data(), normalized.size()) == 0 &&
                         name[normalized.size()] == ' ';
    const double score = NameScore(normalized, name);
    if (!leading && score < threshold) return;
    for (auto& [e, best] : out) {
      if (e != entity) continue;
      best = std::max(best, score);
      return;
    }
    out.push_back({entity, score});
  };
  // "Huawei" begins "huawei technologies": a short name is the start of the listed one.
  const std::string_view first = normalized.substr(0, normalized.find(' '));
  if (auto it = names_by_first_word.find(absl::string_view(first.data(), first.size()));
      it != names_by_first_word.end())
    for (uint32_t k : it->second) consider(k);
  if (auto it = names_by_initials.find(InitialsKey(normalized)); it != names_by_initials.end())
    for (uint32_t k : it->second) consider(k);
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  });
}

const Coverage* CompiledRules::CoverageOf(int entity, Date date) const {
  if (entity < 0) return nullptr;
  for (uint32_t k = coverage.offsets[entity]; k < coverage.offsets[entity + 1]; ++k)
    if (coverage.intervals[k].from <= date && date < coverage.intervals[k].until) return &coverage.intervals[k];
  return nullptr;
}

// The content hash: FNV-1a over a canonical rendering of what the rule set holds.
void HashContent(CompiledRules& compiled) {
  std::string text;
  for (const JurisdictionSpec& j : compiled.jurisdictions)
    StrAppend(&text, "J", j.code.ToString(), j.scope.ToString(), j.report_out_of_scope,
              absl::StrJoin(j.classifications, ","), "\n");
  for (const CountryGroup& g : compiled.groups) {
    StrAppend(&text, "G", g.id);
    for (const GroupMember& m : g.members)
      StrAppend(&text, " ", m.country.ToString(), m.interval.from.ToString(), m.interval.until.ToString());
    text += "\n";
  }
  for (const ParameterSeries& p : compiled.parameters) {
    StrAppend(&text, "P", p.id);
    for (const ParameterValue& v : p.values)
      StrAppend(&text, " ", v.from.ToString(), "=", v.value, "@", v.announced ? v.announced->ToString() : "");
    text += "\n";
  }
  for (const CatalogChip& c : compiled.chips) {
    StrAppend(&text, "C", c.chip.model, "|", absl::StrJoin(c.aliases, ","), "|", c.chip.origin.ToString(),
              c.chip.datacenter ? (*c.chip.datacenter ? "1" : "0") : "?");
    for (const auto& t : c.chip.dense_tops) StrAppend(&text, ",", t ? t->value() : -1);
    auto opt = [&](const auto& o) { StrAppend(&text, ",", o ? o->value() : -1); };
    opt(c.chip.tpp_direct), opt(c.chip.die_area_mm2), opt(c.chip.interconnect_gbps), opt(c.chip.memory_bandwidth_gbps);
    opt(c.chip.memory_gb), opt(c.chip.tdp_w);
    text += "\n";
  }
  for (const Entity& e : compiled.entities) {
    StrAppend(&text, "E", e.name, "|", absl::StrJoin(e.aliases, ","));
    for (const Listing& l : e.listings)
      StrAppend(&text, " ", l.list, l.interval.from.ToString(), l.interval.until.ToString());
    text += "\n";
  }
  for (const OwnershipEdge& o : compiled.ownership)
    StrAppend(&text, "O", o.owner, ">", o.owned, "=", o.percent, o.interval.from.ToString(),
              o.interval.until.ToString(), "\n");
  for (const Rule& r : compiled.rules) {
    StrAppend(&text, "R", r.id, "|", r.jurisdiction.ToString(), "|", r.announced.ToString(), "|",
              r.effective.from.ToString(), "|", r.effective.until.ToString(), "|",
              r.compliance ? r.compliance->ToString() : "", "|", r.until_announced ? r.until_announced->ToString() : "",
              "|", LegalForceName(r.legal_force), "|", r.when.ToString(), "|", absl::StrJoin(r.targets, ","));
    auto outcome = [&](const Outcome& o) {
      StrAppend(&text, "{", EffectKindName(o.effect), ",", o.classification, ",",
                o.review_policy ? ReviewPolicyName(*o.review_policy) : "", ",", o.exception, ",", o.notification, ",",
                o.wait_days, ",", o.advisory);
      for (const ConditionSpec& c : o.conditions)
        StrAppend(&text, ";", ConditionKindName(c.kind), c.percent.value_or(-1), c.ratio.value_or(-1));
      text += "}";
    };
    for (const RuleCase& c : r.cases) {
      StrAppend(&text, "[", c.when.ToString(), "]");
      outcome(c.outcome);
    }
    outcome(r.outcome);
    text += "\n";
  }
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ull;
  }
  compiled.hash = h;
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(h));
  compiled.hash_hex = hex;
}

}  // namespace internal

RuleSet::RuleSet(std::unique_ptr<const internal::CompiledRules> impl) : impl_(std::move(impl)) {}
RuleSet::~RuleSet() = default;

const std::vector<PackInfo>& RuleSet::packs() const { return impl_->packs; }
uint64_t RuleSet::content_hash() const { return impl_->hash; }
std::string RuleSet::content_hash_hex() const { return impl_->hash_hex; }
absl::Span<const Rule> RuleSet::rules() const { return impl_->rules; }
const Rule* RuleSet::FindRule(std::string_view id) const {
  auto it = impl_->rule_index.find(internal::Av(id));
  return it == impl_->rule_index.end() ? nullptr : &impl_->rules[it->second];
}
absl::Span<const JurisdictionSpec> RuleSet::jurisdictions() const { return impl_->jurisdictions; }
absl::Span<const CountryGroup> RuleSet::groups() const { return impl_->groups; }
absl::Span<const ParameterSeries> RuleSet::parameters() const { return impl_->parameters; }
absl::Span<const Entity> RuleSet::entities() const { return impl_->entities; }
absl::Span<const OwnershipEdge> RuleSet::ownership() const { return impl_->ownership; }
absl::Span<const CatalogChip> RuleSet::chips() const { return impl_->chips; }
const CatalogChip* RuleSet::FindChip(std::string_view name) const {
  int i = impl_->ChipIndex(name);
  return i < 0 ? nullptr : &impl_->chips[i];
}
absl::Span<const PackTest> RuleSet::tests() const { return impl_->tests; }
absl::Span<const Date> RuleSet::boundaries() const { return impl_->boundaries; }

std::vector<const Rule*> RuleSet::RulesInForce(Date date, std::optional<Date> as_of) const {
  std::vector<const Rule*> out;
  for (const auto& list : impl_->by_jurisdiction) {
    for (uint32_t i : list) {
      const internal::CompiledRule& cr = impl_->compiled[i];
      const Rule& r = *cr.rule;
      Date until = r.effective.until;
      if (as_of) {
        if (r.announced > *as_of) continue;
        if (r.until_announced && *r.until_announced > *as_of) until = Date::Unbounded();
      }
      if (cr.starts <= date && date < until) out.push_back(&r);
    }
  }
  return out;
}

}  // namespace exportctl
