// Properties over the built-in catalog, on generated cases with fixed seeds (docs/reliability.md):
//  1. raising a performance figure with the die area fixed never relaxes the US verdict;
//  2. a timeline's segments tile [from, to] and agree with Evaluate on days inside them;
//  3. as_of == the sale date changes nothing where nothing in force was announced late;
//  4. an overlay that re-declares catalog rules identically changes no decision;
//  5. every output of the exportctl command that is JSON parses as JSON;
//  6. a rule's predicate decides as three-valued (Kleene) logic says, with the missing specs of
//     written-order short-circuit evaluation, whichever way the evaluator runs it (the
//     cheap-first or the written-order branch program, or the tree for a predicate too large to
//     compile), at every trace level;
//  7. a rule's end is seen only from the day it became known: every catalog rule with an `until`
//     says when its end was announced, and as of the day before, a sale after the end still sees
//     the rule (as of that day, it does not).
// Each test prints its case count.
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "cli_runner.h"
#include "exportctl/exportctl.h"
#include "gtest/gtest.h"
#include "simdjson.h"
#include "test_support.h"

namespace exportctl {
namespace {

const RuleSet& Rules() {
  static const std::shared_ptr<const RuleSet> rules = *BuiltinRuleSet();
  return *rules;
}

const char* const kDestinations[] = {"CN", "HK", "MO", "VN", "AE", "SA", "IN", "DE", "JP", "RU", "US", "MY"};

// Rank of a determinate verdict in the order allowed < ... < prohibited.
int Rank(Verdict v) { return static_cast<int>(v); }

Date RandomDate(std::mt19937& rng) {
  const Date first = *Date::Parse("2022-01-01");
  return first.AddDays(std::uniform_int_distribution<int>(0, 5 * 365)(rng));
}

Sale RandomSale(std::mt19937& rng) {
  const auto chips = Rules().chips();
  Sale s;
  s.item = chips[std::uniform_int_distribution<size_t>(0, chips.size() - 1)(rng)].chip;
  s.date = RandomDate(rng);
  s.destination =
      Country::Of(kDestinations[std::uniform_int_distribution<size_t>(0, std::size(kDestinations) - 1)(rng)]);
  s.quantity = std::uniform_int_distribution<int64_t>(1, 20000)(rng);
  if (rng() % 2) s.unit_price_usd = Usd{12000};
  if (rng() % 3 == 0) s.buyer.headquarters = Country::Of(rng() % 2 ? "CN" : "SG");
  s.end_use = static_cast<EndUse>(rng() % kEndUseCount);
  if (rng() % 4 == 0) {
    Authorization license;
    license.jurisdiction = Country::Of("US");
    license.valid_from = *Date::Parse("2022-01-01");
    s.licenses.push_back(license);
  }
  return s;
}

// Same verdicts overall and per jurisdiction, same conditions (kind and percent).
// (The classification only when `classification`: timeline segments do not split on it.)
std::string Summary(const Decision& d, bool classification = true) {
  std::string out(VerdictName(d.verdict));
  for (const JurisdictionDecision& j : d.jurisdictions) {
    out += " " + j.jurisdiction.ToString() + "=" + std::string(VerdictName(j.verdict));
    if (j.review_policy) out += "/" + std::to_string(static_cast<int>(*j.review_policy));
    out += "/" + std::string(j.license_exception);
    if (classification) out += "/" + std::string(j.classification);
  }
  for (const ConditionOut& c : d.conditions)
    out += " c" + std::to_string(static_cast<int>(c.kind)) + ":" + std::to_string(c.percent.value_or(-1));
  return out;
}

Verdict UsVerdict(const Decision& d) {
  const JurisdictionDecision* us = d.Find(Country::Of("US"));
  return us ? us->verdict : Verdict::kAllowed;
}

// ---- 1. monotonic in performance --------------------------------------------------------------------

// Indeterminate is outside the order: a pair where either verdict is indeterminate is not
// compared (it is counted), since "unknown" is neither more nor less restrictive. The die area
// is fixed, so raising a figure never makes a known spec unknown.
//
// A sale that holds a US license is licensed whatever the chip, and its conditions come from the
// review rule that fired: in the catalog the H200 policy (us-h200-2026) puts a levy on licensed
// chips below its thresholds, and a stronger chip falls outside it and ships licensed with no
// condition (allowed_with_conditions -> allowed). For licensed sales the test therefore compares
// allowed and allowed_with_conditions as one rank and counts those cases (reported to the lead as
// a modeling question: docs/reliability.md).
TEST(PropertyTest, RaisingPerformanceNeverRelaxesTheUsVerdict) {
  std::mt19937 rng(20260101);
  int cases = 0, compared = 0, indeterminate = 0, licensed_conditions_dropped = 0;
  for (int i = 0; i < 6000; ++i) {
    Sale base = RandomSale(rng);
    Sale raised = base;
    const double factor = 1.0 + std::uniform_real_distribution<double>(0.01, 4.0)(rng);
    switch (rng() % 4) {
      case 0:  // dense TOPS at every precision given (or the direct TPP): TPP and PD rise
        for (auto& t : raised.item.dense_tops)
          if (t) *t = Tops{t->value() * factor};
        if (raised.item.tpp_direct) raised.item.tpp_direct = Tpp{raised.item.tpp_direct->value() * factor};
        break;
      case 1:  // TPP directly, replacing the per-precision figures by a higher TPP
        if (Known<Tpp> tpp = base.item.tpp(); tpp.known()) {
          raised.item.dense_tops = {};
          raised.item.tpp_direct = Tpp{tpp.value->value() * factor};
        }
        break;
      case 2:
        if (raised.item.interconnect_gbps)
          raised.item.interconnect_gbps = GigabytesPerSecond{raised.item.interconnect_gbps->value() * factor};
        break;
      case 3:
        if (raised.item.memory_bandwidth_gbps)
          raised.item.memory_bandwidth_gbps = GigabytesPerSecond{raised.item.memory_bandwidth_gbps->value() * factor};
        break;
    }
    ++cases;
    const Verdict a = UsVerdict(Evaluate(Rules(), base)), b = UsVerdict(Evaluate(Rules(), raised));
    if (a == Verdict::kIndeterminate || b == Verdict::kIndeterminate) {
      ++indeterminate;
      continue;
    }
    ++compared;
    if (!base.licenses.empty() && a == Verdict::kAllowedWithConditions && b == Verdict::kAllowed) {
      ++licensed_conditions_dropped;
      continue;
    }
    EXPECT_LE(Rank(a), Rank(b)) << base.item.model << " on " << base.date.ToString() << " to "
                                << base.destination.ToString() << " x" << factor << ": " << VerdictName(a) << " -> "
                                << VerdictName(b);
  }
  std::printf(
      "[ property ] monotonicity: %d cases, %d compared, %d with an indeterminate side, %d licensed sales "
      "losing their conditions\n",
      cases, compared, indeterminate, licensed_conditions_dropped);
}

// ---- 2. timelines -----------------------------------------------------------------------------------

TEST(PropertyTest, TimelineSegmentsTileTheRangeAndMatchEvaluate) {
  std::mt19937 rng(42);
  int timelines = 0, segments = 0, days = 0;
  for (int i = 0; i < 60; ++i) {
    Sale sale = RandomSale(rng);
    const Date from = RandomDate(rng);
    const Date to = from.AddDays(std::uniform_int_distribution<int>(0, 900)(rng));
    const EvalOptions options = rng() % 4 == 0 ? EvalOptions{.as_of = to} : EvalOptions{};
    absl::StatusOr<std::vector<TimelineSegment>> timeline = Timeline(Rules(), sale, from, to, options);
    ASSERT_TRUE(timeline.ok()) << timeline.status();
    ++timelines;
    ASSERT_FALSE(timeline->empty());
    EXPECT_EQ(timeline->front().interval.from, from);
    EXPECT_EQ(timeline->back().interval.until, to.AddDays(1));
    for (size_t k = 0; k < timeline->size(); ++k) {
      const TimelineSegment& seg = (*timeline)[k];
      ++segments;
      EXPECT_TRUE(seg.interval.from < seg.interval.until) << "empty segment";
      if (k + 1 < timeline->size()) EXPECT_EQ(seg.interval.until, (*timeline)[k + 1].interval.from) << "gap or overlap";
      const int length = seg.interval.until.DaysSince(seg.interval.from);
      for (int offset :
           {0, length - 1, length / 2, std::uniform_int_distribution<int>(0, std::max(0, length - 1))(rng)}) {
        Sale on = sale;
        on.date = seg.interval.from.AddDays(offset);
        ++days;
        EXPECT_EQ(Summary(Evaluate(Rules(), on, options), false), Summary(seg.decision, false))
            << sale.item.model << " on " << on.date.ToString();
      }
    }
  }
  std::printf("[ property ] timeline: %d timelines, %d segments, %d sampled days\n", timelines, segments, days);
}

// ---- 3. as_of == date -------------------------------------------------------------------------------

bool SameRules(const std::vector<const Rule*>& a, const std::vector<const Rule*>& b) { return a == b; }

TEST(PropertyTest, AsOfTheSaleDateChangesNothingForRulesAnnouncedBeforeTheyTakeEffect) {
  std::mt19937 rng(7);
  int rules_checked = 0, cases = 0, skipped = 0;
  for (const Rule& rule : Rules().rules()) {
    if (rule.announced > rule.effective.from) continue;  // announced after it took effect
    ++rules_checked;
    const Date end = rule.effective.open_ended() ? rule.effective.from.AddDays(400) : rule.effective.until;
    const int length = std::max(1, end.DaysSince(rule.effective.from));
    for (int n = 0; n < 40; ++n) {
      const Date day = rule.effective.from.AddDays(n == 0 ? 0 : std::uniform_int_distribution<int>(0, length - 1)(rng));
      // Only days where the rules in force are the same known or not: elsewhere a rule announced
      // after its start (or an end announced late) legitimately differs.
      if (!SameRules(Rules().RulesInForce(day), Rules().RulesInForce(day, day))) {
        ++skipped;
        continue;
      }
      Sale sale = RandomSale(rng);
      sale.date = day;
      ++cases;
      EXPECT_EQ(Summary(Evaluate(Rules(), sale, {.as_of = day})), Summary(Evaluate(Rules(), sale)))
          << rule.id << ": " << sale.item.model << " to " << sale.destination.ToString() << " on " << day.ToString();
    }
  }
  std::printf("[ property ] as_of: %d rules, %d cases, %d days skipped (rules in force differ as known)\n",
              rules_checked, cases, skipped);
}

// ---- 4. no-op overlays ------------------------------------------------------------------------------

TEST(PropertyTest, AnOverlayThatRedeclaresRulesIdenticallyChangesNoDecision) {
  std::mt19937 rng(99);
  std::vector<Sale> sales;
  for (int i = 0; i < 150; ++i) sales.push_back(RandomSale(rng));
  std::vector<std::string> base;
  for (const Sale& s : sales) base.push_back(Summary(Evaluate(Rules(), s)));
  int overlays = 0, cases = 0, same_hash = 0;
  const auto all = Rules().rules();
  for (size_t i = 0; i <= all.size(); i += 3) {
    RulePack pack;
    pack.info.id = "noop";
    pack.info.revision = "1";
    if (i < all.size()) {  // a slice of the catalog's rules, re-declared as they are
      for (size_t k = i; k < std::min(all.size(), i + 3); ++k) pack.rules.push_back(all[k]);
    }
    absl::StatusOr<std::shared_ptr<const RuleSet>> overlaid = BuiltinRuleSet({pack});
    ASSERT_TRUE(overlaid.ok()) << overlaid.status();
    ++overlays;
    same_hash += (*overlaid)->content_hash() == Rules().content_hash();
    for (size_t s = 0; s < sales.size(); ++s) {
      ++cases;
      EXPECT_EQ(Summary(Evaluate(**overlaid, sales[s])), base[s]) << "overlay from rule " << i;
    }
  }
  std::printf("[ property ] no-op overlays: %d overlays, %d cases, %d with the catalog's content hash\n", overlays,
              cases, same_hash);
}

// ---- 6. predicates decide as Kleene logic -------------------------------------------------------

// A generated predicate: its text for the pack, its value by three-valued logic and the specs
// its unknown leaves miss, computed here from the sale independently of the evaluator. The
// missing specs are those of the unknown leaves that short-circuit evaluation in written order
// visits: `and` stops at its first false child, `or` at its first true one.
enum class K { kFalse, kTrue, kUnknown };
struct Expr {
  std::string text;
  K value = K::kFalse;
  SpecSet missing;
};

struct LeafFacts {
  double tpp = 0;
  std::optional<double> die_area, interconnect, memory_bandwidth;
  std::string destination;
  bool datacenter = false;
  bool government = false;
};

Expr RandomLeaf(std::mt19937& rng, const LeafFacts& f) {
  auto known = [](bool b) { return b ? K::kTrue : K::kFalse; };
  auto metric = [&](std::string text, const std::optional<double>& v, auto test, Spec spec) {
    return v ? Expr{std::move(text), known(test(*v)), {}} : Expr{std::move(text), K::kUnknown, spec};
  };
  const std::optional<double> pd = f.die_area ? std::optional<double>(f.tpp / *f.die_area) : std::nullopt;
  switch (rng() % 10) {
    case 0: return {"tpp >= 4800", known(f.tpp >= 4800), {}};
    case 1: return {"tpp < 2400", known(f.tpp < 2400), {}};
    case 2:
      return metric(
          "performance_density >= 5.92", pd, [](double v) { return v >= 5.92; }, Spec::kDieArea);
    case 3:
      return metric(
          "performance_density < 1.6", pd, [](double v) { return v < 1.6; }, Spec::kDieArea);
    case 4:
      return metric(
          "interconnect_gbps >= 600", f.interconnect, [](double v) { return v >= 600; }, Spec::kInterconnect);
    case 5:
      return metric(
          "memory_bandwidth_gbps < 4000", f.memory_bandwidth, [](double v) { return v < 4000; },
          Spec::kMemoryBandwidth);
    case 6: return {"destination in [CN, MO]", known(f.destination == "CN" || f.destination == "MO"), {}};
    case 7: return {"destination in [DE]", known(f.destination == "DE"), {}};
    case 8: return {"datacenter", known(f.datacenter), {}};
    default: return {"sector in [government]", known(f.government), {}};
  }
}

// Up to `depth` levels of connectives; with `full`, connectives of two children down to the
// last level (2^depth leaves), larger than the evaluator compiles into a branch program.
Expr RandomExpr(std::mt19937& rng, const LeafFacts& f, int depth, bool full = false) {
  const unsigned pick = depth == 0 ? 0 : full ? 2 + rng() % 2 : rng() % 4;
  if (pick == 0) return RandomLeaf(rng, f);
  if (pick == 1) {
    Expr inner = RandomExpr(rng, f, depth - 1, full);
    const K v = inner.value == K::kUnknown ? K::kUnknown : inner.value == K::kTrue ? K::kFalse : K::kTrue;
    return {"not (" + inner.text + ")", v, inner.missing};
  }
  const bool is_and = pick == 2;
  const K decisive = is_and ? K::kFalse : K::kTrue;
  const int n = full ? 2 : 2 + static_cast<int>(rng() % 3);
  Expr out{"", is_and ? K::kTrue : K::kFalse, {}};
  bool decided = false;  // a decisive child was visited: later children are not
  for (int i = 0; i < n; ++i) {
    Expr c = RandomExpr(rng, f, depth - 1, full);
    out.text += (i ? (is_and ? " and " : " or ") : "") + ("(" + c.text + ")");
    if (decided) continue;
    out.missing |= c.missing;
    if (c.value == decisive) out.value = decisive, decided = true;
    else if (c.value == K::kUnknown) out.value = K::kUnknown;
  }
  return out;
}

LeafFacts RandomLeafFacts(std::mt19937& rng) {
  LeafFacts f;
  f.tpp = std::vector<double>{1000, 3000, 6000}[rng() % 3];
  if (rng() % 3) f.die_area = std::vector<double>{200, 1000, 3000}[rng() % 3];
  if (rng() % 3) f.interconnect = std::vector<double>{400, 900}[rng() % 2];
  if (rng() % 3) f.memory_bandwidth = std::vector<double>{2000, 8000}[rng() % 2];
  f.destination = std::vector<std::string>{"CN", "MO", "DE", "US"}[rng() % 4];
  f.datacenter = rng() % 2;
  f.government = rng() % 2;
  return f;
}

Sale LeafFactsSale(const LeafFacts& f) {
  Sale sale;
  sale.date = *Date::Parse("2025-01-01");
  sale.item.model = "Generated";
  sale.item.origin = Country::Of("US");
  sale.item.datacenter = f.datacenter;
  sale.item.tpp_direct = Tpp(f.tpp);
  if (f.die_area) sale.item.die_area_mm2 = SquareMillimeters(*f.die_area);
  if (f.interconnect) sale.item.interconnect_gbps = GigabytesPerSecond(*f.interconnect);
  if (f.memory_bandwidth) sale.item.memory_bandwidth_gbps = GigabytesPerSecond(*f.memory_bandwidth);
  sale.destination = Country::Of(f.destination);
  sale.buyer.sector = f.government ? Sector::kGovernment : Sector::kCommercial;
  return sale;
}

// A pack whose one rule requires a license when `when` holds; with `case_when`, the rule has a
// case (same effect) whose predicate is read once `when` is not false. Every sale is in scope.
std::shared_ptr<const RuleSet> LicenseRulePack(const std::string& when, const std::string* case_when) {
  RulePack pack;
  pack.info.id = "kleene";
  JurisdictionSpec us;
  us.code = Country::Of("US");
  us.scope = testing::P("true");
  pack.jurisdictions = {us};
  Rule r = testing::MakeRule("r", "US", "2020-01-01", when, EffectKind::kRequireLicense);
  r.outcome.review_policy = ReviewPolicy::kCaseByCase;
  if (case_when) r.cases = {RuleCase{testing::P(*case_when), r.outcome}};
  pack.rules = {r};
  return testing::MustCompile(pack);
}

TEST(PropertyTest, PredicatesDecideAsKleeneLogicAtEveryTraceLevel) {
  std::mt19937 rng(20221007);
  int cases = 0, unknown = 0, with_case = 0, deep = 0;
  for (int i = 0; i < 3000; ++i) {
    const LeafFacts f = RandomLeafFacts(rng);
    const bool is_deep = i % 100 == 0;  // 256 leaves: the tree evaluates it
    const Expr e = is_deep ? RandomExpr(rng, f, 8, /*full=*/true) : RandomExpr(rng, f, 4);
    const bool has_case = !is_deep && i % 3 == 0;
    const Expr c = has_case ? RandomExpr(rng, f, 3) : Expr{};
    const std::shared_ptr<const RuleSet> rules = LicenseRulePack(e.text, has_case ? &c.text : nullptr);
    ASSERT_NE(rules, nullptr);

    // The rule's status and the specs its decision reports missing (docs/evaluation.md): the
    // predicate's; with a case, a case that is not false makes the status unknown when it is
    // unknown, adding its missing specs.
    K status = e.value;
    SpecSet missing = e.value == K::kUnknown ? e.missing : SpecSet();
    if (has_case && e.value != K::kFalse && c.value == K::kUnknown) {
      status = K::kUnknown;
      missing = e.missing | c.missing;
    }
    const Verdict expected = status == K::kTrue    ? Verdict::kLicenseRequired
                             : status == K::kFalse ? Verdict::kAllowed
                                                   : Verdict::kIndeterminate;
    const Sale sale = LeafFactsSale(f);
    for (TraceLevel level : {TraceLevel::kNone, TraceLevel::kFired, TraceLevel::kFull}) {
      const Decision d = Evaluate(*rules, sale, {.trace = level});
      EXPECT_EQ(d.verdict, expected) << e.text << (has_case ? " / case " + c.text : "") << " at trace level "
                                     << static_cast<int>(level);
      EXPECT_EQ(d.missing.bits(), missing.bits()) << e.text << (has_case ? " / case " + c.text : "");
    }
    ++cases;
    unknown += status == K::kUnknown;
    with_case += has_case;
    deep += is_deep;
  }
  std::printf("[ property ] Kleene predicates: %d cases (%d with a case, %d too deep to compile), %d unknown\n", cases,
              with_case, deep, unknown);
}

// ---- 5. the command's JSON ----------------------------------------------------------------------

std::string RunCli(const std::string& args, const std::string& dir) {
  const std::string out = dir + "/out.json";
  const int status =
      testing::ExitStatus(std::system((std::string(EXPORTCTL_CLI) + " " + args + " >" + out + " 2>/dev/null").c_str()));
  EXPECT_TRUE(status == 0 || status == 1) << args;
  return testing::ReadFile(out);
}

TEST(PropertyTest, ARulesEndIsSeenOnlyFromTheDayItWasAnnounced) {
  int checked = 0;
  auto sees = [](const Rule& r, Date day, Date as_of) {
    for (const Rule* in_force : Rules().RulesInForce(day, as_of))
      if (in_force->id == r.id) return true;
    return false;
  };
  for (const Rule& r : Rules().rules()) {
    if (r.effective.until.is_unbounded() || !(r.starts() < r.effective.until)) continue;
    ASSERT_TRUE(r.until_announced.has_value())
        << r.id << " ends on " << r.effective.until.ToString() << " but does not say when its end was announced";
    const Date known = *r.until_announced;
    EXPECT_LE(r.announced, known) << r.id;
    for (Date after : {r.effective.until, r.effective.until.AddDays(200)}) {
      const Date day_before = known.AddDays(-1);
      if (day_before >= r.announced) {
        EXPECT_TRUE(sees(r, after, day_before))
            << r.id << ": as of " << day_before.ToString() << ", a sale on " << after.ToString() << " does not see it";
      }
      EXPECT_FALSE(sees(r, after, std::max(known, r.announced)))
          << r.id << ": as of " << known.ToString() << " its end is known";
      ++checked;
    }
  }
  std::printf("%d rule ends checked\n", checked);
  EXPECT_GT(checked, 0);
}

TEST(PropertyTest, EveryCommandOutputParsesAsJson) {
  EXPORTCTL_SKIP_WITHOUT_CLI();
  const std::string dir =
      (std::filesystem::temp_directory_path() / ("exportctl_property_" + std::to_string(::getpid()))).string();
  std::filesystem::create_directories(dir);
  std::mt19937 rng(5);
  simdjson::dom::parser parser;
  int outputs = 0, documents = 0;
  auto check = [&](const std::string& text, bool lines, const std::string& what) {
    ++outputs;
    std::vector<std::string> docs;
    if (lines) {
      std::istringstream in(text);
      for (std::string line; std::getline(in, line);) docs.push_back(line);
    } else {
      docs.push_back(text);
    }
    EXPECT_FALSE(docs.empty()) << what;
    for (const std::string& d : docs) {
      ++documents;
      simdjson::dom::element e;
      EXPECT_EQ(parser.parse(d).get(e), simdjson::SUCCESS) << what << ": " << d.substr(0, 300);
    }
  };
  std::string jsonl;
  const auto chips = Rules().chips();
  for (int i = 0; i < 200; ++i) {
    const Sale s = RandomSale(rng);
    std::string line = R"({"date":")" + s.date.ToString() + R"(","item":")" + chips[rng() % chips.size()].chip.model +
                       R"(","destination":")" + s.destination.ToString() + R"(","quantity":)" +
                       std::to_string(s.quantity) +
                       R"(,"buyer":{"name":"Inspur Group","owners":[{"name":"Sophgo","percent":60,"owners":[]}]}})";
    jsonl += line + "\n";
    if (i < 12) {
      std::ofstream(dir + "/sale.json") << line;
      check(RunCli("check " + dir + "/sale.json", dir), false, "check");
      check(RunCli("check --pretty --trace full " + dir + "/sale.json", dir), false, "check --pretty");
    }
  }
  jsonl += "not json\n{\"date\":\"2025-02-30\"}\n";
  std::ofstream(dir + "/sales.jsonl") << jsonl;
  check(RunCli("batch --threads 2 " + dir + "/sales.jsonl", dir), true, "batch");
  check(RunCli("batch --as-of 2024-01-01 " + dir + "/sales.jsonl", dir), true, "batch --as-of");
  for (const char* item :
       {"NVIDIA H20", "NVIDIA H100", "NVIDIA A800", "Huawei Ascend 910B", "NVIDIA GeForce RTX 4090"}) {
    check(RunCli(std::string("classify --json \"") + item + "\" --date 2024-06-01", dir), false, "classify");
    check(
        RunCli(std::string("timeline --item \"") + item + "\" --destination CN --from 2022-01-01 --to 2026-06-30", dir),
        false, "timeline");
  }
  for (const char* dest : {"CN", "AE", "DE"})
    for (const char* flags : {"", " --consumer", " --die-area 600", " --pretty"})
      check(RunCli(std::string("headroom --destination ") + dest + " --date 2025-06-01" + flags, dir), false,
            "headroom");
  check(RunCli("chips --json", dir), false, "chips --json");
  check(RunCli("rules --json --date 2025-09-01", dir), false, "rules --json");
  std::filesystem::remove_all(dir);
  std::printf("[ property ] CLI JSON: %d outputs, %d JSON documents\n", outputs, documents);
}

}  // namespace
}  // namespace exportctl
