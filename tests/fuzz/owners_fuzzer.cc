// Fuzzes ownership trees: the input drives a generator of deep and wide `buyer.owners` trees
// whose names are drawn from the catalog's Entity List entries (names and aliases, in odd cases)
// and whose percents sit around the 50 % line, written as sale JSON and read by ParseSaleJson,
// then evaluated; the same tree, built directly as a Sale (past the reader's depth limit), is
// evaluated too. Invariants: the reader accepts a tree of at most 64 levels and rejects a deeper
// one with "ownership tree deeper than 64 levels"; Evaluate stays total, deterministic and prints
// valid JSON (fuzz_support.h) however deep or wide the tree.
#include <fuzzer/FuzzedDataProvider.h>

#include <algorithm>
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "exportctl/exportctl.h"
#include "fuzz_support.h"

namespace {

using namespace exportctl;

constexpr int kMaxNodes = 4000;

struct Generator {
  FuzzedDataProvider& in;
  const std::vector<std::string>& names;
  int nodes = 0;
  int max_depth = 0;

  std::string Name() {
    switch (in.ConsumeIntegralInRange<int>(0, 7)) {
      case 0: {  // printable ASCII (the reader rejects invalid UTF-8, which is not this target's business)
        std::string n = in.ConsumeRandomLengthString(24);
        for (char& c : n) c = static_cast<char>(' ' + static_cast<unsigned char>(c) % 95);
        return n;
      }
      case 1: {  // a listed name in upper case
        std::string n = names[in.ConsumeIntegralInRange<size_t>(0, names.size() - 1)];
        for (char& c : n) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        return n;
      }
      default: return names[in.ConsumeIntegralInRange<size_t>(0, names.size() - 1)];
    }
  }
  double Percent() {
    static constexpr double kPercents[] = {100, 50, 49.999999, 50.000001, 51, 25, 0.001, 1e-9, 33.333333333};
    if (in.ConsumeBool()) return in.PickValueInArray(kPercents);
    return in.ConsumeFloatingPointInRange<double>(1e-6, 100);
  }
  std::vector<Owner> Owners(int depth) {
    std::vector<Owner> out;
    if (depth > max_depth) max_depth = depth;
    const int width = in.ConsumeIntegralInRange<int>(0, depth < 3 ? 40 : 6);
    for (int i = 0; i < width && nodes < kMaxNodes && in.remaining_bytes() > 0; ++i) {
      ++nodes;
      Owner o;
      o.name = Name();
      o.percent = Percent();
      // Chains: most of the time one owner goes deeper, so depth reaches past 64.
      if (depth < 120 && (i == 0 ? in.ConsumeIntegralInRange<int>(0, 9) < 8 : in.ConsumeIntegralInRange<int>(0, 9) < 2))
        o.owners = Owners(depth + 1);
      out.push_back(std::move(o));
    }
    return out;
  }
};

void WriteOwners(const std::vector<Owner>& owners, std::string& out) {
  out += '[';
  for (size_t i = 0; i < owners.size(); ++i) {
    if (i) out += ',';
    out += "{\"name\":\"";
    AppendJsonEscaped(out, owners[i].name);
    out += "\",\"percent\":";
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.17g", owners[i].percent);
    out += buffer;
    out += ",\"owners\":";
    WriteOwners(owners[i].owners, out);
    out += '}';
  }
  out += ']';
}

int Depth(const std::vector<Owner>& owners) {
  int d = 0;
  for (const Owner& o : owners) d = std::max(d, 1 + Depth(o.owners));
  return d;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const RuleSet& rules = fuzz::Builtin();
  static const std::vector<std::string> names = [&] {
    std::vector<std::string> n;
    for (const Entity& e : rules.entities()) {
      n.push_back(e.name);
      for (const std::string& a : e.aliases) n.push_back(a);
    }
    n.push_back("Example Cloud Co");
    return n;
  }();
  FuzzedDataProvider in(data, size);
  static constexpr const char* kDates[] = {"2023-03-02", "2024-12-02", "2025-01-15", "2025-09-01", "2026-06-01"};
  const char* date = in.PickValueInArray(kDates);
  const bool as_of = in.ConsumeBool();
  Generator gen{in, names};
  std::string buyer_name = gen.Name();
  std::vector<Owner> owners = gen.Owners(1);

  std::string json =
      std::string("{\"date\":\"") + date + "\",\"item\":\"H100\",\"destination\":\"CN\",\"buyer\":{\"name\":\"";
  AppendJsonEscaped(json, buyer_name);
  json += "\",\"headquarters\":\"CN\",\"owners\":";
  WriteOwners(owners, json);
  json += "}}";

  const int depth = Depth(owners);
  absl::StatusOr<Sale> sale = ParseSaleJson(json, rules);
  if (sale.ok()) {
    if (depth > 64) fuzz::Broken("a tree deeper than 64 levels was accepted");
    fuzz::EvaluateAndCheck(rules, *sale, as_of ? std::optional<Date>(sale->date) : std::nullopt);
  } else {
    const std::string_view m(sale.status().message().data(), sale.status().message().size());
    if (depth <= 64) fuzz::Broken("a valid tree was rejected:", m);
    if (m.find("ownership tree deeper than 64 levels") == std::string_view::npos)
      fuzz::Broken("a deep tree was rejected for another reason:", m);
  }

  // The same tree built in C++, where no reader limits its depth.
  Sale direct;
  direct.date = *Date::Parse(date);
  direct.item = rules.FindChip("H100")->chip;
  direct.destination = Country::Of("CN");
  direct.buyer.name = buyer_name;
  direct.buyer.headquarters = Country::Of("CN");
  direct.buyer.owners = std::move(owners);
  fuzz::EvaluateAndCheck(rules, direct, as_of ? std::optional<Date>(Date::Parse("2023-01-01").value()) : std::nullopt);
  return 0;
}
