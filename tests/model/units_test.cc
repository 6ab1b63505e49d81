#include "exportctl/units.h"

#include <type_traits>

#include "gtest/gtest.h"

namespace exportctl {
namespace {

// Compile-time checks: only the combinations the regulations define exist.
template <class A, class B>
concept Addable = requires(A a, B b) {
  a + b;
};
template <class A, class B>
concept Subtractable = requires(A a, B b) {
  a - b;
};
template <class A, class B>
concept Multipliable = requires(A a, B b) {
  a* b;
};
template <class A, class B>
concept Divisible = requires(A a, B b) {
  a / b;
};
template <class A, class B>
concept LessComparable = requires(A a, B b) {
  a < b;
};
template <class A, class B>
concept EqualityComparable = requires(A a, B b) {
  a == b;
};

// Same-type arithmetic and comparison work.
static_assert(Addable<Tpp, Tpp>);
static_assert(Subtractable<Tpp, Tpp>);
static_assert(LessComparable<Tpp, Tpp>);
static_assert(EqualityComparable<Tpp, Tpp>);
static_assert(Multipliable<Tpp, double>);
static_assert(Multipliable<double, Tpp>);
static_assert(std::is_same_v<decltype(Tpp{1} + Tpp{2}), Tpp>);
static_assert(std::is_same_v<decltype(Tpp{1} * 2.0), Tpp>);
static_assert(std::is_same_v<decltype(Tpp{1} / Tpp{2}), double>);  // a ratio is a plain number

// Mixing quantities does not compile.
static_assert(!Addable<Tpp, PerformanceDensity>);
static_assert(!Addable<PerformanceDensity, Tpp>);
static_assert(!Subtractable<Tpp, PerformanceDensity>);
static_assert(!Addable<Tpp, GigabytesPerSecond>);
static_assert(!Addable<Watts, Tops>);
static_assert(!Addable<Usd, Tpp>);
static_assert(!LessComparable<Tpp, GigabytesPerSecond>);
static_assert(!LessComparable<Tpp, PerformanceDensity>);
static_assert(!LessComparable<GigabytesPerSecond, Gigabytes>);
static_assert(!EqualityComparable<Tpp, PerformanceDensity>);
static_assert(!EqualityComparable<Tops, TopsPerWatt>);
static_assert(!Multipliable<Tpp, Tpp>);
static_assert(!Multipliable<Tpp, SquareMillimeters>);
static_assert(!Divisible<PerformanceDensity, Tpp>);
static_assert(!Divisible<SquareMillimeters, Tpp>);
static_assert(!Divisible<Watts, Tops>);
static_assert(!Divisible<Tpp, Watts>);
static_assert(!Divisible<Tops, GigabytesPerSecond>);

// No implicit conversion from or to a plain number.
static_assert(!std::is_convertible_v<double, Tpp>);
static_assert(!std::is_convertible_v<Tpp, double>);
static_assert(!std::is_convertible_v<Tpp, PerformanceDensity>);
static_assert(!Addable<Tpp, double>);
static_assert(!LessComparable<Tpp, double>);
static_assert(std::is_constructible_v<Tpp, double>);

// The defined products and quotients.
static_assert(std::is_same_v<decltype(Tpp{} / SquareMillimeters{}), PerformanceDensity>);
static_assert(std::is_same_v<decltype(Tops{} / Watts{}), TopsPerWatt>);
static_assert((Tpp{4800} / SquareMillimeters{800}).value() == 6.0);
static_assert((Tops{296} / Watts{400}).value() == 0.74);

// Quantities are as small as a double.
static_assert(sizeof(Tpp) == sizeof(double));
static_assert(std::is_trivially_copyable_v<Tpp>);

TEST(UnitsTest, DefaultIsZero) {
  EXPECT_EQ(Tpp().value(), 0.0);
  EXPECT_EQ(Usd().value(), 0.0);
}

TEST(UnitsTest, Arithmetic) {
  EXPECT_EQ((Tpp{4800} + Tpp{200}).value(), 5000);
  EXPECT_EQ((Tpp{4800} - Tpp{800}).value(), 4000);
  EXPECT_EQ((Tpp{2368} * 2.0).value(), 4736);
  EXPECT_EQ((0.5 * Tpp{4800}).value(), 2400);
  EXPECT_DOUBLE_EQ(Tpp{2368} / Tpp{4800}, 2368.0 / 4800.0);
}

TEST(UnitsTest, Comparison) {
  EXPECT_LT(Tpp{4799}, Tpp{4800});
  EXPECT_LE(Tpp{4800}, Tpp{4800});
  EXPECT_GT(PerformanceDensity{5.92}, PerformanceDensity{1.6});
  EXPECT_EQ(GigabytesPerSecond{600}, GigabytesPerSecond{600});
  EXPECT_NE(GigabytesPerSecond{600}, GigabytesPerSecond{400});
}

// BIS 3A090 Technical Note: TPP = 2 x MacTOPS x bit length. 600 TOPS at 8 bits and 300 TFLOPS at
// 16 bits are the same TPP, 4800.
TEST(UnitsTest, BisTppExample) {
  const Tpp at_8_bits{600 * 8};
  const Tpp at_16_bits{300 * 16};
  EXPECT_EQ(at_8_bits, at_16_bits);
  EXPECT_EQ(at_8_bits.value(), 4800);
  // 2 x MacTOPS x bit length: 300 MacTOPS at 8 bits.
  EXPECT_EQ(Tpp{2 * 300 * 8}, at_8_bits);
}

TEST(UnitsTest, PerformanceDensity) {
  PerformanceDensity pd = Tpp{4800} / SquareMillimeters{814};
  EXPECT_NEAR(pd.value(), 5.897, 1e-3);
  EXPECT_NEAR((Tpp{2368} / SquareMillimeters{814}).value(), 2.909, 1e-3);
  EXPECT_NEAR((Tpp{5.92 * 600} / SquareMillimeters{600}).value(), 5.92, 1e-12);
}

TEST(UnitsTest, Efficiency) {
  EXPECT_DOUBLE_EQ((Tops{296} / Watts{400}).value(), 0.74);
  EXPECT_NEAR((Tops{1979} / Watts{700}).value(), 2.827, 1e-3);
}

}  // namespace
}  // namespace exportctl
