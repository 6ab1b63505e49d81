#include "exportctl/chip.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "exportctl/sale.h"
#include "gtest/gtest.h"
#include "status_matchers.h"

namespace exportctl {
namespace {

using testing::IsOk;
using testing::StatusIs;

std::vector<std::string> Names(SpecSet s) {
  std::vector<std::string> out;
  s.ForEachName([&](std::string_view name) { out.emplace_back(name); });
  return out;
}

// Assigned field by field: designated initializers that leave members out trip GCC 12's
// -Wmissing-field-initializers.
Chip Make(std::string model, std::string vendor, bool datacenter) {
  Chip c;
  c.model = std::move(model);
  c.vendor = std::move(vendor);
  c.origin = Country::Of("US");
  c.datacenter = datacenter;
  return c;
}

// Catalog-like chips (docs/law.md §7).
Chip H20() {
  Chip c = Make("NVIDIA H20", "NVIDIA", true);
  c.tops(Precision::kFp8) = Tops{296};
  c.tops(Precision::kInt8) = Tops{296};
  c.tops(Precision::kFp16) = Tops{148};
  c.die_area_mm2 = SquareMillimeters{814};
  c.interconnect_gbps = GigabytesPerSecond{900};
  c.memory_bandwidth_gbps = GigabytesPerSecond{4000};
  c.tdp_w = Watts{400};
  return c;
}

Chip H100() {
  Chip c = Make("NVIDIA H100", "NVIDIA", true);
  c.tops(Precision::kFp8) = Tops{1979};
  c.tops(Precision::kInt8) = Tops{1979};
  c.tops(Precision::kFp16) = Tops{989.4};
  c.die_area_mm2 = SquareMillimeters{814};
  c.tdp_w = Watts{700};
  return c;
}

Chip A100() {
  Chip c = Make("NVIDIA A100", "NVIDIA", true);
  c.tops(Precision::kInt8) = Tops{624};
  c.tops(Precision::kFp16) = Tops{312};
  c.die_area_mm2 = SquareMillimeters{826};
  c.tdp_w = Watts{400};
  return c;
}

Chip Rtx4090() {
  Chip c = Make("NVIDIA RTX 4090", "NVIDIA", false);
  c.tops(Precision::kFp8) = Tops{660.6};
  c.tops(Precision::kInt8) = Tops{660.6};
  c.tops(Precision::kFp16) = Tops{330.3};
  c.die_area_mm2 = SquareMillimeters{609};
  c.tdp_w = Watts{450};
  return c;
}

Chip Mi325x() {
  Chip c = Make("AMD MI325X", "AMD", true);
  c.tops(Precision::kFp8) = Tops{2614.9};
  c.tops(Precision::kInt8) = Tops{2614.9};
  c.tops(Precision::kFp16) = Tops{1307.4};
  c.tdp_w = Watts{1000};
  return c;  // die area unknown
}

Chip Rtx4090D() {
  Chip c = Make("NVIDIA RTX 4090D", "NVIDIA", false);
  c.tpp_direct = Tpp{4707};
  c.die_area_mm2 = SquareMillimeters{609};
  c.tdp_w = Watts{425};
  return c;
}

TEST(PrecisionTest, BitLengths) {
  EXPECT_EQ(BitLength(Precision::kFp4), 4);
  EXPECT_EQ(BitLength(Precision::kFp8), 8);
  EXPECT_EQ(BitLength(Precision::kInt8), 8);
  EXPECT_EQ(BitLength(Precision::kFp16), 16);
  EXPECT_EQ(BitLength(Precision::kBf16), 16);
  EXPECT_EQ(BitLength(Precision::kTf32), 32);
  EXPECT_EQ(BitLength(Precision::kFp32), 32);
  EXPECT_EQ(BitLength(Precision::kFp64), 64);
}

TEST(PrecisionTest, NamesRoundTrip) {
  const char* kNames[] = {"fp4", "fp8", "int8", "fp16", "bf16", "tf32", "fp32", "fp64"};
  for (int i = 0; i < kPrecisionCount; ++i) {
    const Precision p = static_cast<Precision>(i);
    EXPECT_EQ(PrecisionName(p), kNames[i]);
    absl::StatusOr<Precision> parsed = ParsePrecision(kNames[i]);
    ASSERT_THAT(parsed, IsOk()) << kNames[i];
    EXPECT_EQ(*parsed, p);
  }
}

TEST(PrecisionTest, RejectsUnknownNames) {
  for (const char* name : {"FP8", "fp 8", "", "int4", "fp8 ", "float16"}) {
    absl::StatusOr<Precision> p = ParsePrecision(name);
    ASSERT_THAT(p, StatusIs(absl::StatusCode::kInvalidArgument)) << name;
    EXPECT_EQ(std::string(p.status().message()), std::string("unknown precision '") + name + "'");
  }
}

TEST(SpecSetTest, Names) {
  EXPECT_EQ(SpecSet::NameOf(Spec::kDenseTops), "tpp");
  EXPECT_EQ(SpecSet::NameOf(Spec::kDieArea), "die_area_mm2");
  EXPECT_EQ(SpecSet::NameOf(Spec::kInterconnect), "interconnect_gbps");
  EXPECT_EQ(SpecSet::NameOf(Spec::kMemoryBandwidth), "memory_bandwidth_gbps");
  EXPECT_EQ(SpecSet::NameOf(Spec::kTdp), "tdp_w");
  EXPECT_EQ(SpecSet::NameOf(Spec::kEightBitTops), "dense_tops.fp8");
  EXPECT_EQ(SpecSet::NameOf(Spec::kMemory), "memory_gb");
  EXPECT_EQ(SpecSet::NameOf(Spec::kUnitPrice), "unit_price_usd");
}

TEST(SpecSetTest, SetOperationsAndFixedOrder) {
  SpecSet s;
  EXPECT_TRUE(s.empty());
  s |= Spec::kTdp;
  s |= Spec::kDenseTops;
  s |= Spec::kTdp;
  EXPECT_FALSE(s.empty());
  EXPECT_TRUE(s.contains(Spec::kTdp));
  EXPECT_TRUE(s.contains(Spec::kDenseTops));
  EXPECT_FALSE(s.contains(Spec::kDieArea));
  EXPECT_EQ(Names(s), (std::vector<std::string>{"tpp", "tdp_w"}));
  EXPECT_EQ(SpecSet(Spec::kDieArea) | Spec::kInterconnect, SpecSet(Spec::kInterconnect) | Spec::kDieArea);
  SpecSet all;
  for (int i = 0; i < 8; ++i) all |= static_cast<Spec>(1u << i);
  EXPECT_EQ(Names(all), (std::vector<std::string>{"tpp", "die_area_mm2", "interconnect_gbps", "memory_bandwidth_gbps",
                                                  "tdp_w", "dense_tops.fp8", "memory_gb", "unit_price_usd"}));
}

TEST(ChipTest, TppOfCatalogChips) {
  EXPECT_DOUBLE_EQ(H20().tpp().value->value(), 2368);
  EXPECT_DOUBLE_EQ(H100().tpp().value->value(), 15832);
  EXPECT_DOUBLE_EQ(A100().tpp().value->value(), 4992);
  EXPECT_DOUBLE_EQ(Rtx4090().tpp().value->value(), 5284.8);
  EXPECT_DOUBLE_EQ(Mi325x().tpp().value->value(), 20919.2);
  for (const Chip& c : {H20(), H100(), A100(), Rtx4090(), Mi325x()}) {
    EXPECT_TRUE(c.tpp().known()) << c.model;
    EXPECT_TRUE(c.tpp().missing.empty()) << c.model;
  }
}

TEST(ChipTest, TppIsTheMaximumOverPrecisions) {
  // BIS example: 600 TOPS at 8 bits = 300 TFLOPS at 16 bits = TPP 4800.
  Chip c;
  c.tops(Precision::kInt8) = Tops{600};
  EXPECT_DOUBLE_EQ(c.tpp().value->value(), 4800);
  c.tops(Precision::kInt8).reset();
  c.tops(Precision::kFp16) = Tops{300};
  EXPECT_DOUBLE_EQ(c.tpp().value->value(), 4800);
  c.tops(Precision::kInt8) = Tops{600};
  EXPECT_DOUBLE_EQ(c.tpp().value->value(), 4800);
  // B200: fp4 9000 x 4 = fp8 4500 x 8 = fp16 2250 x 16 = 36000.
  Chip b200;
  b200.tops(Precision::kFp4) = Tops{9000};
  b200.tops(Precision::kFp8) = Tops{4500};
  b200.tops(Precision::kFp16) = Tops{2250};
  EXPECT_DOUBLE_EQ(b200.tpp().value->value(), 36000);
  // A lone fp64 figure counts at 64 bits; a higher figure elsewhere wins.
  Chip f;
  f.tops(Precision::kFp64) = Tops{50};
  EXPECT_DOUBLE_EQ(f.tpp().value->value(), 3200);
  f.tops(Precision::kFp16) = Tops{250};
  EXPECT_DOUBLE_EQ(f.tpp().value->value(), 4000);
  // Ascend 910B: fp16 376 -> 6016.
  Chip ascend;
  ascend.tops(Precision::kFp16) = Tops{376};
  EXPECT_DOUBLE_EQ(ascend.tpp().value->value(), 6016);
}

TEST(ChipTest, DirectTpp) {
  Chip c = Rtx4090D();
  EXPECT_DOUBLE_EQ(c.tpp().value->value(), 4707);
  EXPECT_TRUE(c.tpp().missing.empty());
  // Per-precision figures, when given, take precedence over a direct TPP.
  c.tops(Precision::kFp8) = Tops{500};
  EXPECT_DOUBLE_EQ(c.tpp().value->value(), 4000);
}

TEST(ChipTest, NoFiguresMeansTppMissing) {
  Chip c = Make("AMD MI308X", "AMD", true);
  Known<Tpp> t = c.tpp();
  EXPECT_FALSE(t.known());
  EXPECT_EQ(t.missing, SpecSet(Spec::kDenseTops));
  EXPECT_EQ(Names(t.missing), (std::vector<std::string>{"tpp"}));
}

TEST(ChipTest, ZeroIsAFigureNotUnknown) {
  Chip c;
  c.tops(Precision::kFp8) = Tops{0};
  EXPECT_TRUE(c.tpp().known());
  EXPECT_EQ(c.tpp().value->value(), 0);
}

TEST(ChipTest, PerformanceDensity) {
  Known<PerformanceDensity> h20 = H20().performance_density();
  ASSERT_TRUE(h20.known());
  EXPECT_NEAR(h20.value->value(), 2.909, 1e-3);
  EXPECT_NEAR(A100().performance_density().value->value(), 6.04, 1e-2);
  EXPECT_NEAR(H100().performance_density().value->value(), 15832.0 / 814, 1e-9);
  EXPECT_NEAR(Rtx4090().performance_density().value->value(), 5284.8 / 609, 1e-9);
  EXPECT_NEAR(Rtx4090D().performance_density().value->value(), 4707.0 / 609, 1e-9);
}

TEST(ChipTest, PerformanceDensityMissingDieArea) {
  Known<PerformanceDensity> pd = Mi325x().performance_density();
  EXPECT_FALSE(pd.known());
  EXPECT_EQ(pd.missing, SpecSet(Spec::kDieArea));
  EXPECT_EQ(Names(pd.missing), (std::vector<std::string>{"die_area_mm2"}));
  // A die area of zero is no figure: never divide by it.
  Chip c = H20();
  c.die_area_mm2 = SquareMillimeters{0};
  EXPECT_EQ(c.performance_density().missing, SpecSet(Spec::kDieArea));
}

TEST(ChipTest, PerformanceDensityMissingEverything) {
  Chip none;
  Known<PerformanceDensity> pd = none.performance_density();
  EXPECT_FALSE(pd.known());
  EXPECT_EQ(pd.missing, SpecSet(Spec::kDenseTops) | Spec::kDieArea);
  EXPECT_EQ(Names(pd.missing), (std::vector<std::string>{"tpp", "die_area_mm2"}));
  // Die area alone does not help.
  none.die_area_mm2 = SquareMillimeters{750};
  EXPECT_EQ(none.performance_density().missing, SpecSet(Spec::kDenseTops));
}

TEST(ChipTest, EfficiencyPerPrecision) {
  Known<TopsPerWatt> e = H20().efficiency(Precision::kFp8);
  ASSERT_TRUE(e.known());
  EXPECT_DOUBLE_EQ(e.value->value(), 0.74);
  EXPECT_NEAR(H100().efficiency(Precision::kFp8).value->value(), 2.827, 1e-3);
  EXPECT_DOUBLE_EQ(H20().efficiency(Precision::kFp16).value->value(), 0.37);

  Known<TopsPerWatt> fp4 = H20().efficiency(Precision::kFp4);
  EXPECT_FALSE(fp4.known());
  EXPECT_EQ(fp4.missing, SpecSet(Spec::kDenseTops));

  Chip no_tdp = H20();
  no_tdp.tdp_w.reset();
  EXPECT_EQ(no_tdp.efficiency(Precision::kFp8).missing, SpecSet(Spec::kTdp));
  EXPECT_EQ(no_tdp.efficiency(Precision::kFp4).missing, SpecSet(Spec::kDenseTops) | Spec::kTdp);
}

TEST(ChipTest, EightBitEfficiency) {
  EXPECT_DOUBLE_EQ(H20().efficiency_8bit().value->value(), 0.74);
  EXPECT_NEAR(H100().efficiency_8bit().value->value(), 2.827, 1e-3);
  EXPECT_DOUBLE_EQ(A100().efficiency_8bit().value->value(), 624.0 / 400);  // int8 only
  // max(fp8, int8)
  Chip c = H20();
  c.tops(Precision::kInt8) = Tops{400};
  EXPECT_DOUBLE_EQ(c.efficiency_8bit().value->value(), 1.0);
  c.tops(Precision::kFp8) = Tops{800};
  EXPECT_DOUBLE_EQ(c.efficiency_8bit().value->value(), 2.0);
}

TEST(ChipTest, EightBitEfficiencyMissing) {
  // A chip given only by TPP has no efficiency.
  Known<TopsPerWatt> direct = Rtx4090D().efficiency_8bit();
  EXPECT_FALSE(direct.known());
  EXPECT_EQ(direct.missing, SpecSet(Spec::kEightBitTops));
  EXPECT_EQ(Names(direct.missing), (std::vector<std::string>{"dense_tops.fp8"}));
  // Ascend 910C: fp16 only, no TDP.
  Chip ascend;
  ascend.tops(Precision::kFp16) = Tops{800};
  EXPECT_EQ(ascend.efficiency_8bit().missing, SpecSet(Spec::kEightBitTops) | Spec::kTdp);
  Chip no_tdp = H100();
  no_tdp.tdp_w.reset();
  EXPECT_EQ(no_tdp.efficiency_8bit().missing, SpecSet(Spec::kTdp));
}

TEST(SectorTest, NamesRoundTrip) {
  const char* kNames[] = {"commercial", "government", "state_owned", "military", "critical_infrastructure", "research"};
  for (int i = 0; i < kSectorCount; ++i) {
    EXPECT_EQ(SectorName(static_cast<Sector>(i)), kNames[i]);
    absl::StatusOr<Sector> s = ParseSector(kNames[i]);
    ASSERT_THAT(s, IsOk()) << kNames[i];
    EXPECT_EQ(*s, static_cast<Sector>(i));
  }
  absl::StatusOr<Sector> bad = ParseSector("Military");
  ASSERT_THAT(bad, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_EQ(std::string(bad.status().message()), "unknown sector 'Military'");
  EXPECT_THAT(ParseSector(""), ::testing::Not(IsOk()));
  EXPECT_THAT(ParseSector("national_security"), ::testing::Not(IsOk()));
}

TEST(EndUseTest, NamesRoundTrip) {
  const char* kNames[] = {"datacenter", "new_datacenter", "state_funded_datacenter", "consumer", "research",
                          "military",   "evaluation"};
  for (int i = 0; i < kEndUseCount; ++i) {
    EXPECT_EQ(EndUseName(static_cast<EndUse>(i)), kNames[i]);
    absl::StatusOr<EndUse> e = ParseEndUse(kNames[i]);
    ASSERT_THAT(e, IsOk()) << kNames[i];
    EXPECT_EQ(*e, static_cast<EndUse>(i));
  }
  absl::StatusOr<EndUse> bad = ParseEndUse("data center");
  ASSERT_THAT(bad, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_EQ(std::string(bad.status().message()), "unknown end use 'data center'");
}

TEST(SaleTest, Defaults) {
  Sale s;
  EXPECT_EQ(s.quantity, 1);
  EXPECT_EQ(s.exported_from, Country::Of("US"));
  EXPECT_TRUE(s.exported_from.valid());
  EXPECT_EQ(s.buyer.sector, Sector::kCommercial);
  EXPECT_EQ(s.end_use, EndUse::kDatacenter);
}

}  // namespace
}  // namespace exportctl
