// A canonical dump of a Sale for tests that compare two reads of the same JSON (Sale has no
// operator==): every field, strings length-prefixed, doubles by bit pattern (%a), so two dumps
// are equal iff the sales are. Shared by tests/io/json_paths_test.cc and the sale_json fuzzer, which
// both check ParseSaleJson's fast path against the simdjson reader alone.
#ifndef EXPORTCTL_TESTS_SALE_DUMP_H_
#define EXPORTCTL_TESTS_SALE_DUMP_H_

#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "exportctl/exportctl.h"

namespace exportctl::internal {
// src/io/json_read.cc: the simdjson reader alone, without the fast path (declared in no public header).
absl::StatusOr<Sale> ParseSaleJsonWithReader(std::string_view json, const RuleSet& rules);
}  // namespace exportctl::internal

namespace exportctl::sale_dump {

inline void DumpString(std::string& o, std::string_view s) {
  o += std::to_string(s.size());
  o += ':';
  o += s;
  o += ' ';
}
inline void DumpDouble(std::string& o, double d) {
  char b[64];
  std::snprintf(b, sizeof b, "%a ", d);
  o += b;
}
template <class T>
void DumpUnit(std::string& o, const std::optional<T>& v) {
  if (v) DumpDouble(o, v->value());
  else o += "- ";
}
inline void DumpCountry(std::string& o, const std::optional<Country>& c) {
  o += c ? "c" + std::to_string(c->index()) + " " : "- ";
}
inline void DumpInt(std::string& o, const std::optional<int64_t>& v) { o += v ? std::to_string(*v) + " " : "- "; }
inline void DumpOwner(std::string& o, const Owner& w) {
  o += "{";
  DumpString(o, w.name);
  DumpDouble(o, w.percent);
  for (const Owner& x : w.owners) DumpOwner(o, x);
  o += "}";
}
inline void DumpAuthorization(std::string& o, const Authorization& a) {
  o += "(" + std::to_string(a.jurisdiction.index()) + " " + a.valid_from.ToString() + " " + a.valid_until.ToString() +
       " [";
  for (const std::string& i : a.items) DumpString(o, i);
  o += "] ";
  DumpCountry(o, a.destination);
  if (a.buyer) DumpString(o, *a.buyer);
  else o += "- ";
  DumpInt(o, a.quantity);
  o += ")";
}

inline std::string Dump(const Sale& s) {
  std::string o;
  o += s.date.ToString() + " item(";
  DumpString(o, s.item.model);
  DumpString(o, s.item.vendor);
  o += std::to_string(s.item.origin.index()) + (s.item.datacenter ? " dc " : " - ");
  for (const auto& t : s.item.dense_tops) DumpUnit(o, t);
  DumpUnit(o, s.item.tpp_direct);
  DumpUnit(o, s.item.die_area_mm2);
  DumpUnit(o, s.item.interconnect_gbps);
  DumpUnit(o, s.item.memory_bandwidth_gbps);
  DumpUnit(o, s.item.memory_gb);
  DumpUnit(o, s.item.tdp_w);
  o += ") q" + std::to_string(s.quantity) + " ";
  DumpUnit(o, s.unit_price_usd);
  o += std::to_string(s.destination.index()) + " " + std::to_string(s.exported_from.index()) + " T";
  for (Country c : s.transit) o += std::to_string(c.index()) + ",";
  o += " buyer(";
  DumpString(o, s.buyer.name);
  DumpCountry(o, s.buyer.headquarters);
  DumpCountry(o, s.buyer.ultimate_parent_headquarters);
  o += std::to_string(static_cast<int>(s.buyer.sector)) + " ";
  for (const Owner& w : s.buyer.owners) DumpOwner(o, w);
  o += ") " + std::to_string(static_cast<int>(s.end_use)) + " L";
  for (const Authorization& a : s.licenses) DumpAuthorization(o, a);
  o += " A";
  for (const Authorization& a : s.approvals) DumpAuthorization(o, a);
  o += " N";
  for (const Notification& n : s.notifications) {
    DumpString(o, n.exception);
    o += n.filed.ToString() + " ";
  }
  o += "| ";
  DumpInt(o, s.domestic_chips_purchased);
  DumpInt(o, s.us_units_shipped);
  if (s.datacenter.pue) DumpDouble(o, *s.datacenter.pue);
  else o += "- ";
  o += s.datacenter.national_hub ? "hub" : "-";
  return o;
}

}  // namespace exportctl::sale_dump

#endif  // EXPORTCTL_TESTS_SALE_DUMP_H_
