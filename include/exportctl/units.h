// Strong quantity types for chip metrics and money.
//
// A TPP cannot be compared with a performance density or added to a bandwidth by accident:
// each quantity is its own type, and only the products and quotients the regulations define
// exist (TPP / die area = performance density; TOPS / watts = efficiency).
//
//   Tpp tpp{4800};
//   PerformanceDensity pd = tpp / SquareMillimeters{814};   // 5.897
//   tpp + pd;                                                // does not compile
#ifndef EXPORTCTL_UNITS_H_
#define EXPORTCTL_UNITS_H_

#include <compare>

namespace exportctl {

template <class Tag>
class Quantity {
 public:
  constexpr Quantity() = default;
  constexpr explicit Quantity(double value) : value_(value) {}
  constexpr double value() const { return value_; }

  friend constexpr auto operator<=>(Quantity, Quantity) = default;
  friend constexpr Quantity operator+(Quantity a, Quantity b) { return Quantity(a.value_ + b.value_); }
  friend constexpr Quantity operator-(Quantity a, Quantity b) { return Quantity(a.value_ - b.value_); }
  friend constexpr Quantity operator*(Quantity a, double k) { return Quantity(a.value_ * k); }
  friend constexpr Quantity operator*(double k, Quantity a) { return Quantity(a.value_ * k); }
  friend constexpr double operator/(Quantity a, Quantity b) { return a.value_ / b.value_; }

 private:
  double value_ = 0;
};

// Total processing performance: 2 × MacTOPS × bit length (3A090 Technical Note).
using Tpp = Quantity<struct TppTag>;
// TPP per mm² of applicable (non-planar logic) die area.
using PerformanceDensity = Quantity<struct PerformanceDensityTag>;
using SquareMillimeters = Quantity<struct SquareMillimetersTag>;
// Dense operations per second, in tera (TOPS or TFLOPS).
using Tops = Quantity<struct TopsTag>;
using Watts = Quantity<struct WattsTag>;
using TopsPerWatt = Quantity<struct TopsPerWattTag>;
using GigabytesPerSecond = Quantity<struct GigabytesPerSecondTag>;
using Gigabytes = Quantity<struct GigabytesTag>;
using Usd = Quantity<struct UsdTag>;

constexpr PerformanceDensity operator/(Tpp tpp, SquareMillimeters area) {
  return PerformanceDensity(tpp.value() / area.value());
}
constexpr TopsPerWatt operator/(Tops tops, Watts watts) { return TopsPerWatt(tops.value() / watts.value()); }

}  // namespace exportctl

#endif  // EXPORTCTL_UNITS_H_
