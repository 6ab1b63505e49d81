// exportctl on the peers' records (bench/peers/README.md): the same decision as json-rules-engine,
// json-logic-js, ZEN and Cedar, encoded in bench/peers/peers.toml, on the same generated file.
//
//   EXPORTCTL_PEERS_RECORDS=records.jsonl EXPORTCTL_PEERS_REFERENCE=reference.jsonl \
//     build/bench/bench/peers_benchmark
//
// bench/peers.sh sets both (the reference is baseline.js's output, one line per record).
//   BM_PeersEvalOnly:  records parsed into Sales before timing (as the peers' "eval-only"); each
//                      iteration evaluates one record and builds the peer output record.
//   BM_PeersEndToEnd:  each iteration parses one JSON line (simdjson On-Demand), evaluates it and
//                      writes the peer output line (as the peers' end-to-end, minus file I/O).
// Counters: mismatches against the reference (must be 0), records.
#include <cstdlib>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "benchmark/benchmark.h"
#include "exportctl/exportctl.h"
#include "simdjson.h"

namespace exportctl {
namespace {

struct PeerOutput {
  std::string_view classification;
  std::string_view verdict;
  int revenue_share_pct = 0;
  friend bool operator==(const PeerOutput&, const PeerOutput&) = default;
};

std::string SourceDir() {
  std::string file = __FILE__;
  return file.substr(0, file.rfind('/'));
}

std::vector<std::string> ReadLines(const char* path) {
  std::vector<std::string> lines;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) lines.push_back(std::move(line));
  return lines;
}

struct Peers {
  std::shared_ptr<const RuleSet> rules;
  std::vector<std::string> lines;
  std::vector<PeerOutput> reference;
  std::string error;
};

constexpr std::string_view kListedBuyer = "Peer Listed Entity";

// One peer record into a sale; false if it is not one.
bool ReadRecord(simdjson::ondemand::parser& parser, std::string_view line, Sale* sale) {
  simdjson::padded_string_view padded(line.data(), line.size(), line.size() + simdjson::SIMDJSON_PADDING);
  simdjson::ondemand::document doc;
  if (parser.iterate(padded).get(doc)) return false;
  simdjson::ondemand::object obj;
  if (doc.get_object().get(obj)) return false;
  sale->item.origin = Country::Of("US");
  double tpp = 0, die = 0, ic = 0;
  for (auto field : obj) {
    std::string_view key;
    if (field.unescaped_key().get(key)) return false;
    auto value = field.value();
    std::string_view s;
    bool b = false;
    if (key == "date") {
      if (value.get_string().get(s)) return false;
      absl::StatusOr<Date> d = Date::Parse(s);
      if (!d.ok()) return false;
      sale->date = *d;
    } else if (key == "item") {
      if (value.get_string().get(s)) return false;
      sale->item.model.assign(s);
    } else if (key == "tpp") {
      if (value.get_double().get(tpp)) return false;
    } else if (key == "die_area_mm2") {
      if (value.get_double().get(die)) return false;
    } else if (key == "interconnect_gbps") {
      if (value.get_double().get(ic)) return false;
    } else if (key == "datacenter") {
      if (value.get_bool().get(b)) return false;
      sale->item.datacenter = b;
    } else if (key == "destination") {
      if (value.get_string().get(s)) return false;
      absl::StatusOr<Country> c = Country::Parse(s);
      if (!c.ok()) return false;
      sale->destination = *c;
    } else if (key == "buyer_hq") {
      if (value.get_string().get(s)) return false;
      absl::StatusOr<Country> c = Country::Parse(s);
      if (!c.ok()) return false;
      sale->buyer.headquarters = *c;
    } else if (key == "buyer_entity_listed") {
      if (value.get_bool().get(b)) return false;
      if (b) sale->buyer.name.assign(kListedBuyer);
      else sale->buyer.name.clear();
    }
  }
  sale->item.tpp_direct = Tpp(tpp);
  sale->item.die_area_mm2 = SquareMillimeters(die);
  sale->item.interconnect_gbps = GigabytesPerSecond(ic);
  return true;
}

PeerOutput ToPeer(const Decision& d) {
  PeerOutput out;
  const JurisdictionDecision& us = d.jurisdictions.front();
  out.classification = us.classification;
  switch (d.verdict) {
    case Verdict::kNotificationRequired: out.verdict = "notify"; break;
    case Verdict::kLicenseRequired:
    case Verdict::kProhibited: out.verdict = "license_required"; break;
    case Verdict::kIndeterminate: out.verdict = "indeterminate"; break;
    default: out.verdict = "allowed";
  }
  for (const Advisory& a : us.advisories)
    if (a.rule == "peer-revenue-share") out.revenue_share_pct = 15;
  return out;
}

void AppendPeer(std::string& out, const PeerOutput& p) {
  out += "{\"classification\":\"";
  out += p.classification;
  out += "\",\"verdict\":\"";
  out += p.verdict;
  out += "\",\"revenue_share_pct\":";
  out += p.revenue_share_pct == 15 ? "15" : "0";
  out += "}\n";
}

const Peers& Load() {
  static const Peers peers = [] {
    Peers p;
    const char* records = std::getenv("EXPORTCTL_PEERS_RECORDS");
    const char* reference = std::getenv("EXPORTCTL_PEERS_REFERENCE");
    if (records == nullptr || reference == nullptr) {
      p.error = "set EXPORTCTL_PEERS_RECORDS and EXPORTCTL_PEERS_REFERENCE (bench/peers.sh does)";
      return p;
    }
    const char* pack_path = std::getenv("EXPORTCTL_PEERS_PACK");
    absl::StatusOr<RulePack> pack = LoadRulePackFile(pack_path ? pack_path : SourceDir() + "/peers/peers.toml");
    if (!pack.ok()) {
      p.error = std::string(pack.status().message());
      return p;
    }
    absl::StatusOr<std::shared_ptr<const RuleSet>> rules = Compile({*pack});
    if (!rules.ok()) {
      p.error = std::string(rules.status().message());
      return p;
    }
    p.rules = *rules;
    p.lines = ReadLines(records);
    simdjson::ondemand::parser parser;
    for (const std::string& line : ReadLines(reference)) {
      simdjson::padded_string padded(line);
      simdjson::ondemand::document doc = parser.iterate(padded);
      PeerOutput o;
      std::string_view c = doc["classification"].get_string();
      std::string_view v = doc["verdict"].get_string();
      int64_t r = doc["revenue_share_pct"].get_int64();
      // Interned: the views must outlive the parser.
      for (std::string_view k : {"none", "3A090", "3A090.a", "3A090.b"})
        if (c == k) o.classification = k;
      for (std::string_view k : {"allowed", "license_required", "notify"})
        if (v == k) o.verdict = k;
      o.revenue_share_pct = static_cast<int>(r);
      p.reference.push_back(o);
    }
    if (p.reference.size() != p.lines.size()) p.error = "records and reference differ in length";
    return p;
  }();
  return peers;
}

// Counts the records whose output differs from the reference (and writes the first few).
int64_t CountMismatches(const Peers& p, const std::vector<PeerOutput>& outputs) {
  int64_t mismatches = 0;
  for (size_t i = 0; i < outputs.size(); ++i) {
    if (outputs[i] == p.reference[i]) continue;
    if (++mismatches <= 5) {
      std::string got, want;
      AppendPeer(got, outputs[i]);
      AppendPeer(want, p.reference[i]);
      std::fprintf(stderr, "mismatch line %zu: %s  got  %s  want %s", i + 1, p.lines[i].c_str(), got.c_str(),
                   want.c_str());
    }
  }
  return mismatches;
}

void BM_PeersEvalOnly(benchmark::State& state) {
  const Peers& p = Load();
  if (!p.error.empty()) {
    state.SkipWithError(p.error.c_str());
    return;
  }
  std::vector<Sale> sales(p.lines.size());
  simdjson::ondemand::parser parser;
  for (size_t i = 0; i < p.lines.size(); ++i) {
    const simdjson::padded_string padded(p.lines[i]);
    if (!ReadRecord(parser, std::string_view(padded.data(), padded.size()), &sales[i]))
      state.SkipWithError("bad record");
  }
  std::vector<PeerOutput> outputs(sales.size());
  const EvalOptions options{.trace = static_cast<TraceLevel>(state.range(0))};
  size_t i = 0;
  for (auto _ : state) {
    outputs[i] = ToPeer(Evaluate(*p.rules, sales[i], options));
    if (++i == sales.size()) i = 0;
  }
  state.SetItemsProcessed(state.iterations());
  // Every record once more, checked.
  for (size_t k = 0; k < sales.size(); ++k) outputs[k] = ToPeer(Evaluate(*p.rules, sales[k], options));
  state.counters["mismatches"] = static_cast<double>(CountMismatches(p, outputs));
  state.counters["records"] = static_cast<double>(sales.size());
}
BENCHMARK(BM_PeersEvalOnly)->ArgName("trace")->Arg(0)->Arg(1);

void BM_PeersEndToEnd(benchmark::State& state) {
  const Peers& p = Load();
  if (!p.error.empty()) {
    state.SkipWithError(p.error.c_str());
    return;
  }
  // Lines padded once, as a reader of a whole file would have them.
  std::string buffer;
  std::vector<std::string_view> lines;
  for (const std::string& l : p.lines) buffer += l + '\n';
  buffer.append(simdjson::SIMDJSON_PADDING, ' ');
  for (size_t at = 0, end; (end = buffer.find('\n', at)) != std::string::npos; at = end + 1)
    lines.emplace_back(buffer.data() + at, end - at);
  simdjson::ondemand::parser parser;
  std::string out;
  Sale sale;
  size_t i = 0;
  for (auto _ : state) {
    if (!ReadRecord(parser, lines[i], &sale)) state.SkipWithError("bad record");
    AppendPeer(out, ToPeer(Evaluate(*p.rules, sale)));
    if (++i == lines.size()) {
      i = 0;
      out.clear();
    }
  }
  state.SetItemsProcessed(state.iterations());
  std::vector<PeerOutput> outputs(lines.size());
  for (size_t k = 0; k < lines.size(); ++k) {
    ReadRecord(parser, lines[k], &sale);
    outputs[k] = ToPeer(Evaluate(*p.rules, sale));
  }
  state.counters["mismatches"] = static_cast<double>(CountMismatches(p, outputs));
}
BENCHMARK(BM_PeersEndToEnd);

}  // namespace
}  // namespace exportctl
