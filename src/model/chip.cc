#include "exportctl/chip.h"

#include <array>
#include <optional>
#include <string_view>

#include "absl/status/status.h"
#include "exportctl/sale.h"
#include "internal/strings.h"
#include "model/vocabulary.h"

namespace exportctl {
namespace {

constexpr std::array<std::string_view, kPrecisionCount> kPrecisionNames = {"fp4",  "fp8",  "int8", "fp16",
                                                                           "bf16", "tf32", "fp32", "fp64"};
constexpr int kBitLengths[kPrecisionCount] = {4, 8, 8, 16, 16, 32, 32, 64};

constexpr std::array<std::string_view, kSectorCount> kSectorNames = {
    "commercial", "government", "state_owned", "military", "critical_infrastructure", "research"};

constexpr std::array<std::string_view, kEndUseCount> kEndUseNames = {
    "datacenter", "new_datacenter", "state_funded_datacenter", "consumer", "research", "military", "evaluation"};

// A die area or TDP of zero or less is no figure at all: treat it as unknown rather than divide
// by it.
template <class Q>
bool Usable(const std::optional<Q>& q) {
  return q.has_value() && q->value() > 0;
}

}  // namespace

int BitLength(Precision p) {
  const int i = static_cast<int>(p);
  return i >= 0 && i < kPrecisionCount ? kBitLengths[i] : 0;
}

EXPORTCTL_VOCABULARY(Precision, PrecisionName, ParsePrecision, kPrecisionNames, "precision")

std::string_view SpecSet::NameOf(Spec s) {
  switch (s) {
    case Spec::kDenseTops: return "tpp";
    case Spec::kDieArea: return "die_area_mm2";
    case Spec::kInterconnect: return "interconnect_gbps";
    case Spec::kMemoryBandwidth: return "memory_bandwidth_gbps";
    case Spec::kTdp: return "tdp_w";
    case Spec::kEightBitTops: return "dense_tops.fp8";
    case Spec::kMemory: return "memory_gb";
    case Spec::kUnitPrice: return "unit_price_usd";
    case Spec::kOrigin: return "origin";
    case Spec::kDatacenter: return "datacenter";
    case Spec::kDate: return "date";
    case Spec::kItem: return "item";
    case Spec::kDestination: return "destination";
  }
  return {};  // not a single Spec
}

Known<Tpp> Chip::tpp() const {
  std::optional<Tpp> best;
  for (int i = 0; i < kPrecisionCount; ++i) {
    if (!dense_tops[i]) continue;
    const Tpp t{dense_tops[i]->value() * kBitLengths[i]};
    if (!best || t > *best) best = t;
  }
  if (best) return {best, {}};
  if (tpp_direct) return {tpp_direct, {}};
  return {std::nullopt, Spec::kDenseTops};
}

Known<PerformanceDensity> Chip::performance_density() const { return performance_density(tpp()); }

Known<PerformanceDensity> Chip::performance_density(const Known<Tpp>& t) const {
  SpecSet missing = t.missing;
  if (!Usable(die_area_mm2)) missing |= Spec::kDieArea;
  if (!missing.empty()) return {std::nullopt, missing};
  return {*t.value / *die_area_mm2, {}};
}

Known<TopsPerWatt> Chip::efficiency(Precision p) const {
  const std::optional<Tops>& t = tops(p);
  SpecSet missing;
  if (!t) missing |= Spec::kDenseTops;
  if (!Usable(tdp_w)) missing |= Spec::kTdp;
  if (!missing.empty()) return {std::nullopt, missing};
  return {*t / *tdp_w, {}};
}

Known<TopsPerWatt> Chip::efficiency_8bit() const {
  const std::optional<Tops>& fp8 = tops(Precision::kFp8);
  const std::optional<Tops>& int8 = tops(Precision::kInt8);
  std::optional<Tops> best = fp8;
  if (int8 && (!best || *int8 > *best)) best = int8;
  SpecSet missing;
  if (!best) missing |= Spec::kEightBitTops;
  if (!Usable(tdp_w)) missing |= Spec::kTdp;
  if (!missing.empty()) return {std::nullopt, missing};
  return {*best / *tdp_w, {}};
}

EXPORTCTL_VOCABULARY(Sector, SectorName, ParseSector, kSectorNames, "sector")
EXPORTCTL_VOCABULARY(EndUse, EndUseName, ParseEndUse, kEndUseNames, "end use")

}  // namespace exportctl
