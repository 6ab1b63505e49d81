// Chips and the metrics the controls are written in.
//
// A `Chip` holds datasheet facts; every fact may be unknown. The derived metrics — TPP,
// performance density, efficiency — return a `Known<T>`: a value, or the specs whose absence
// left it open. Unknown is never 0.
//
//   Chip h20{.model = "NVIDIA H20", .origin = Country::Of("US"), .datacenter = true};
//   h20.dense_tops[Precision::kFp8] = Tops{296};
//   h20.die_area_mm2 = SquareMillimeters{814};
//   h20.tpp();                  // 2368
//   h20.performance_density();  // 2.909
#ifndef EXPORTCTL_CHIP_H_
#define EXPORTCTL_CHIP_H_

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "exportctl/country.h"
#include "exportctl/units.h"

namespace exportctl {

enum class Precision : uint8_t { kFp4, kFp8, kInt8, kFp16, kBf16, kTf32, kFp32, kFp64 };
inline constexpr int kPrecisionCount = 8;

// Bit length used for TPP: FP4 4, FP8/INT8 8, FP16/BF16 16, TF32 32 (modeled), FP32 32, FP64 64.
int BitLength(Precision p);
// "fp4", "fp8", "int8", "fp16", "bf16", "tf32", "fp32", "fp64".
std::string_view PrecisionName(Precision p);
absl::StatusOr<Precision> ParsePrecision(std::string_view name);

// A spec a rule may need. Used as a bit set to name what is missing.
enum class Spec : uint16_t {
  kDenseTops = 1 << 0,        // no dense figure at any precision and no direct TPP
  kDieArea = 1 << 1,          // die_area_mm2
  kInterconnect = 1 << 2,     // interconnect_gbps
  kMemoryBandwidth = 1 << 3,  // memory_bandwidth_gbps
  kTdp = 1 << 4,              // tdp_w
  kEightBitTops = 1 << 5,     // fp8 or int8 dense figure (energy efficiency)
  kMemory = 1 << 6,           // memory_gb
  kUnitPrice = 1 << 7,        // unit_price_usd
  kOrigin = 1 << 8,           // the chip's origin (US rules reach US-origin items)
  kDatacenter = 1 << 9,       // whether the chip is designed or marketed for datacenters
  // A sale's required facts, named when a C++ Sale lacks them (Validate):
  kDate = 1 << 10,
  kItem = 1 << 11,
  kDestination = 1 << 12,
};
inline constexpr int kSpecCount = 13;

// A set of `Spec`s.
class SpecSet {
 public:
  constexpr SpecSet() = default;
  constexpr SpecSet(Spec s) : bits_(static_cast<uint16_t>(s)) {}  // NOLINT: implicit by design
  constexpr bool empty() const { return bits_ == 0; }
  constexpr bool contains(Spec s) const { return bits_ & static_cast<uint16_t>(s); }
  constexpr SpecSet& operator|=(SpecSet o) {
    bits_ |= o.bits_;
    return *this;
  }
  friend constexpr SpecSet operator|(SpecSet a, SpecSet b) { return a |= b; }
  friend constexpr bool operator==(SpecSet, SpecSet) = default;
  constexpr uint16_t bits() const { return bits_; }

  // Calls f(std::string_view name) for each member, in a fixed order, with the contract's field
  // names: "tpp", "die_area_mm2", "interconnect_gbps", "memory_bandwidth_gbps", "tdp_w",
  // "dense_tops.fp8", "memory_gb", "unit_price_usd", "origin", "datacenter", "date", "item",
  // "destination".
  template <class F>
  void ForEachName(F&& f) const {
    for (int i = 0; i < kSpecCount; ++i)
      if (bits_ & (1u << i)) f(NameOf(static_cast<Spec>(1u << i)));
  }
  static std::string_view NameOf(Spec s);

 private:
  uint16_t bits_ = 0;
};

// A derived value, or the specs whose absence left it unknown.
template <class T>
struct Known {
  std::optional<T> value;
  SpecSet missing;

  bool known() const { return value.has_value(); }
};

struct Chip {
  std::string model;   // canonical name, e.g. "NVIDIA H20"
  std::string vendor;  // e.g. "NVIDIA"
  // The vendor's country; US rules reach US-origin items in this model. Invalid = unknown: a rule
  // that reads it is then undecided, and the decision names "origin" when that changes it.
  Country origin;
  // Designed or marketed for use in datacenters; unset = unknown (named "datacenter" likewise).
  std::optional<bool> datacenter;
  // Dense (never sparse) TOPS/TFLOPS per precision, indexed by Precision.
  std::array<std::optional<Tops>, kPrecisionCount> dense_tops{};
  std::optional<Tpp> tpp_direct;                  // a TPP stated directly (when no per-precision figures are known)
  std::optional<SquareMillimeters> die_area_mm2;  // applicable (non-planar logic) die area
  std::optional<GigabytesPerSecond> interconnect_gbps;      // aggregate bidirectional chip-to-chip
  std::optional<GigabytesPerSecond> memory_bandwidth_gbps;  // total DRAM bandwidth
  std::optional<Gigabytes> memory_gb;
  std::optional<Watts> tdp_w;

  std::optional<Tops>& tops(Precision p) { return dense_tops[static_cast<int>(p)]; }
  const std::optional<Tops>& tops(Precision p) const { return dense_tops[static_cast<int>(p)]; }

  // max over precisions of dense TOPS × bit length, or the direct TPP when no figure is given.
  Known<Tpp> tpp() const;
  // tpp() / die area.
  Known<PerformanceDensity> performance_density() const;
  // The same from a TPP already computed by tpp().
  Known<PerformanceDensity> performance_density(const Known<Tpp>& tpp) const;
  // Dense TOPS at `p` per watt of TDP.
  Known<TopsPerWatt> efficiency(Precision p) const;
  // max(fp8, int8) dense TOPS / TDP; a chip given only by TPP has none.
  Known<TopsPerWatt> efficiency_8bit() const;
};

}  // namespace exportctl

#endif  // EXPORTCTL_CHIP_H_
