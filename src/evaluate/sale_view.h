// The sale as the rules read it, computed once per sale: its metrics, normalized names, date
// segment and country indices. Part of evaluate.cc's translation unit (see there).
#ifndef EXPORTCTL_EVALUATE_SALE_VIEW_H_
#define EXPORTCTL_EVALUATE_SALE_VIEW_H_

#include <algorithm>
#include <cmath>
#include <string_view>

#include "compile/compiled.h"
#include "exportctl/evaluate.h"
#include "internal/strings.h"
#include "model/names.h"

namespace exportctl::evaluator {
namespace {

using internal::CompiledJurisdiction;
using internal::CompiledOutcome;
using internal::CompiledRule;
using internal::CompiledRules;
using internal::Node;
using internal::Stage;

// Facts about the sale that do not depend on the jurisdiction, computed once.
struct SaleFacts {
  Known<Tpp> tpp;
  Known<PerformanceDensity> pd;
  // The chip's normalized name and catalog entry, each computed on first use (few rules read
  // the name, and only held authorizations need the catalog entry).
  bool model_done = false;
  bool catalog_done = false;
  char model[128];
  size_t model_length = std::string_view::npos;
  int catalog_chip = -1;  // the sale's chip in the catalog, when it is one
  bool model_name_done = false;
  int32_t model_name = -1;  // the model's id among the names `model in` sets hold (-1: none)
};

// The sale as every stage reads it: the rule set, the options, the facts computed once per sale
// (metrics, normalized names) and where the sale sits in the compiled tables (date segment,
// membership day, current jurisdiction, country indices).
class SaleView {
 public:
  SaleView(const RuleSet& rule_set, const Sale& sale, const EvalOptions& options)
      : rs_(internal::Compiled(rule_set)),
        sale_(sale),
        options_(options),
        tracing_(options.trace != TraceLevel::kNone),
        full_trace_(options.trace == TraceLevel::kFull) {}

 protected:
  uint32_t SegmentOf(Date day) const {
    const boost::gregorian::date& d = day.boost_date();
    if (!rs_.segment_of_day.empty() && !d.is_special() && d.day_number() >= rs_.first_boundary_day) {
      const size_t k = d.day_number() - rs_.first_boundary_day;
      return k < rs_.segment_of_day.size() ? rs_.segment_of_day[k] : static_cast<uint32_t>(rs_.boundaries.size());
    }
    return static_cast<uint32_t>(std::upper_bound(rs_.boundaries.begin(), rs_.boundaries.end(), day) -
                                 rs_.boundaries.begin());
  }

  // --- The sale's names, normalized once and only when a rule reads them ---------------------

  std::string_view NormalizedModel() {
    if (!facts_.model_done) {
      facts_.model_done = true;
      facts_.model_length = internal::NormalizeChipNameInto(sale_.item.model, facts_.model, sizeof facts_.model);
    }
    return facts_.model_length == std::string_view::npos ? std::string_view()
                                                         : std::string_view(facts_.model, facts_.model_length);
  }
  int CatalogChip() {
    if (!facts_.catalog_done) {
      facts_.catalog_done = true;
      const std::string_view model = NormalizedModel();
      if (!model.empty()) {
        auto it = rs_.chip_index.find(internal::Av(model));
        if (it != rs_.chip_index.end()) facts_.catalog_chip = static_cast<int>(it->second);
      }
    }
    return facts_.catalog_chip;
  }

  // Whether what was announced on `announced` was known on the as_of day (always without one).
  bool Visible(Date announced) const { return !options_.as_of || announced <= *options_.as_of; }

  // --- Parameters, metrics, names and countries ----------------------------------------------

  // Parameter p's value on the sale date into *value (and the day it took effect into *from);
  // false when it has none yet. The per-segment table answers unless an as_of hides some values.
  bool ParameterValue(int32_t p, double* value, Date* from = nullptr) const {
    if (options_.as_of) return DatedParameterValue(p, value, from);
    const double v = parameter_row_[p];
    if (std::isnan(v)) return false;
    *value = v;
    if (from) *from = rs_.parameter_from[(parameter_row_ - rs_.parameter_table.data()) + p];
    return true;
  }
  [[gnu::noinline]] bool DatedParameterValue(int32_t p, double* value, Date* from) const {
    const internal::CompiledParameter& cp = rs_.compiled_parameters[p];
    for (size_t i = cp.from.size(); i > 0; --i) {
      if (cp.from[i - 1] <= sale_.date && Visible(cp.announced[i - 1])) {
        if (from) *from = cp.from[i - 1];
        *value = cp.value[i - 1];
        return true;
      }
    }
    return false;
  }

  // Every metric a predicate may read, computed once per sale (8-bit efficiency on first use:
  // only some jurisdictions' datacenter rules read it).
  void ComputeMetrics() {
    const Chip& chip = sale_.item;
    metric_unknown_ = 0;
    auto put = [&](Metric m, bool known, double value, SpecSet missing) {
      const int i = static_cast<int>(m);
      metric_value_[i] = value;
      if (!known) {  // metric_missing_ is read for unknown metrics only
        metric_unknown_ |= 1u << i;
        metric_missing_[i] = missing;
      }
    };
    auto spec = [&](Metric m, const auto& o, Spec s) { put(m, o.has_value(), o ? o->value() : 0, s); };
    const bool tpp_known = facts_.tpp.value.has_value();
    const double tpp = tpp_known ? facts_.tpp.value->value() : 0;
    put(Metric::kTpp, tpp_known, tpp, facts_.tpp.missing);
    put(Metric::kPerformanceDensity, facts_.pd.value.has_value(), facts_.pd.value ? facts_.pd.value->value() : 0,
        facts_.pd.missing);
    spec(Metric::kInterconnect, chip.interconnect_gbps, Spec::kInterconnect);
    spec(Metric::kMemoryBandwidth, chip.memory_bandwidth_gbps, Spec::kMemoryBandwidth);
    spec(Metric::kMemory, chip.memory_gb, Spec::kMemory);
    spec(Metric::kTdp, chip.tdp_w, Spec::kTdp);
    put(Metric::kEfficiency8Bit, false, 0, SpecSet());
    efficiency_pending_ = true;
    put(Metric::kQuantity, true, static_cast<double>(sale_.quantity), SpecSet());
    put(Metric::kConsignmentTpp, tpp_known, tpp * static_cast<double>(sale_.quantity), facts_.tpp.missing);
    put(Metric::kPue, sale_.datacenter.pue.has_value(), sale_.datacenter.pue.value_or(0),
        SpecSet());  // guarded by pue_given in the packs
  }

  [[gnu::noinline]] void ComputeEfficiency() {
    const Known<TopsPerWatt> e = sale_.item.efficiency_8bit();
    const int m = static_cast<int>(Metric::kEfficiency8Bit);
    metric_value_[m] = e.value ? e.value->value() : 0;
    metric_missing_[m] = e.missing;
    if (e.value) metric_unknown_ &= ~(1u << m);
    efficiency_pending_ = false;
  }

  // A normalized chip or vendor name's id among the names of name sets (-1: none).
  int32_t NameId(std::string_view normalized) const {
    if (normalized.empty()) return -1;
    auto it = rs_.name_ids.find(internal::Av(normalized));
    return it == rs_.name_ids.end() ? -1 : static_cast<int32_t>(it->second);
  }
  bool NameIn(int32_t set, int32_t id) const {
    if (id < 0) return false;
    const std::vector<uint32_t>& ids = rs_.name_sets[set];
    return std::binary_search(ids.begin(), ids.end(), static_cast<uint32_t>(id));
  }

  static int IndexOf(Country c) { return c.valid() ? c.index() : -1; }
  // Country `c` (an index, -1 for none) in country set `set` on the membership day.
  bool In(int c, int32_t set) const { return c >= 0 && rs_.distinct_sets[country_row_[set]][static_cast<size_t>(c)]; }
  // Whether the shipment passes through a country of `set`.
  bool TransitIn(int32_t set) const {
    return std::any_of(sale_.transit.begin(), sale_.transit.end(), [&](Country c) { return In(IndexOf(c), set); });
  }

  const CompiledRules& rs_;
  const Sale& sale_;
  const EvalOptions& options_;
  const bool tracing_;
  const bool full_trace_;  // TraceLevel::kFull: rules that do not apply are traced too
  SaleFacts facts_;
  int jurisdiction_ = 0;
  uint32_t segment_ = 0;
  const double* parameter_row_ = nullptr;                   // the parameters' values in the sale date's segment
  const internal::Bounds* parameter_bounds_row_ = nullptr;  // and their bounds
  const uint32_t* stage_offsets_ = nullptr;        // the date index's offsets for this segment and jurisdiction
  const uint32_t* destination_offsets_ = nullptr;  // the same for the sale's destination class
  const uint32_t* country_row_ = nullptr;          // the country sets on the membership day (distinct_sets indices)
  int origin_ = -1, exported_from_ = -1;           // country indices, -1 when not given
  int destination_ = -1, headquarters_ = -1;       // as the current jurisdiction treats them
  // One per Metric enumerator (kPue is the last), each a bit of metric_unknown_.
  static constexpr int kMetricCount = static_cast<int>(Metric::kPue) + 1;
  static_assert(kMetricCount <= 32, "metric_unknown_ holds a bit per metric");
  double metric_value_[kMetricCount];
  SpecSet metric_missing_[kMetricCount];
  uint32_t metric_unknown_ = 0;      // bit m: metric m is unknown (or, for efficiency, not computed yet)
  bool efficiency_pending_ = false;  // metric kEfficiency8Bit is not computed yet
};

}  // namespace
}  // namespace exportctl::evaluator

#endif  // EXPORTCTL_EVALUATE_SALE_VIEW_H_
