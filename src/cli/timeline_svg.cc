// The SVG drawing of `exportctl timeline --svg` (timeline_svg.h).
#include "timeline_svg.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include "drawing.h"

namespace exportctl::cli {

// "license_required" -> "license required".
std::string Words(std::string_view name) {
  std::string s(name);
  std::replace(s.begin(), s.end(), '_', ' ');
  return s;
}

// The rule ids that explain a change on day `at`: the rules that fire on `at` but did not the day
// before, else those that stopped firing ("end of ...").
std::string ChangeLabel(const RuleSet& rules, Sale sale, Date at, const EvalOptions& options) {
  EvalOptions o = options;
  o.trace = TraceLevel::kFired;
  sale.date = at.AddDays(-1);
  const Decision before = Evaluate(rules, sale, o);
  sale.date = at;
  const Decision after = Evaluate(rules, sale, o);
  std::vector<std::string> ids;
  auto add = [&](std::string_view prefix, std::string_view id) {
    std::string label = std::string(prefix) + std::string(id);
    if (std::find(ids.begin(), ids.end(), label) == ids.end()) ids.push_back(std::move(label));
  };
  for (const TraceEntry& t : after.trace)
    if (t.fired && !before.Fired(t.rule)) add("", t.rule);
  if (ids.empty()) {
    for (const TraceEntry& t : before.trace)
      if (t.fired && !after.Fired(t.rule)) add("end of ", t.rule);
  }
  std::string label;
  for (const std::string& id : ids) label += (label.empty() ? "" : ", ") + id;
  return label;
}

namespace {

// 15 -> "15%", 2.5 -> "2.5%".
std::string FormatPercent(double v) {
  char buf[32];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, r.ptr) + "%";
}

// The review policy (or license exception), in words, of the first jurisdiction whose verdict is
// the overall one and that has one.
std::string PolicyWords(const Decision& d) {
  for (const JurisdictionDecision& j : d.jurisdictions) {
    if (j.verdict != d.verdict) continue;
    if (!j.license_exception.empty()) return "exception " + std::string(j.license_exception);
    if (j.review_policy) return Words(ReviewPolicyName(*j.review_policy));
  }
  return "";
}

// The overall verdict in words, with the jurisdictions that set it when others differ:
// "license required (US)".
std::string VerdictWords(const Decision& d) {
  std::string s = Words(VerdictName(d.verdict));
  std::string who;
  bool all = true;
  for (const JurisdictionDecision& j : d.jurisdictions) {
    if (j.verdict == d.verdict) {
      who += (who.empty() ? "" : ", ") + j.jurisdiction.ToString();
    } else {
      all = false;
    }
  }
  if (!all && !who.empty()) s += " (" + who + ")";
  return s;
}

// What changed from `before` to `after`, in a few words: the new verdict (with the jurisdictions
// that set it, when others differ), else the review policy, the exception, the advisories or the
// conditions.
std::string ChangeSummary(const Decision& before, const Decision& after) {
  if (before.verdict != after.verdict) {
    std::string s = VerdictWords(after);
    const std::string policy = PolicyWords(after);
    if (!policy.empty() && after.verdict != Verdict::kAllowed) s += ", " + policy;
    return s;
  }
  // Per jurisdiction: its verdict, else its review policy or license exception.
  std::string changes;
  for (const JurisdictionDecision& j : after.jurisdictions) {
    const JurisdictionDecision* old = before.Find(j.jurisdiction);
    const std::string who = j.jurisdiction.ToString();
    std::string change;
    if (old == nullptr || old->verdict != j.verdict) {
      change = who + ": " + Words(VerdictName(j.verdict));
      if (j.review_policy) change += ", " + Words(ReviewPolicyName(*j.review_policy));
    } else if (old->review_policy != j.review_policy) {
      change = who + " review: " + (j.review_policy ? Words(ReviewPolicyName(*j.review_policy)) : "none");
    } else if (old->license_exception != j.license_exception) {
      change = who + " license exception: " +
               (j.license_exception.empty() ? std::string("none") : std::string(j.license_exception));
    }
    if (!change.empty()) changes += (changes.empty() ? "" : "; ") + change;
  }
  if (!changes.empty()) return changes;
  std::string advisories;
  for (const JurisdictionDecision& j : after.jurisdictions) {
    const JurisdictionDecision* old = before.Find(j.jurisdiction);
    for (const Advisory& a : j.advisories) {
      bool known = false;
      if (old != nullptr)
        for (const Advisory& b : old->advisories) known |= b.rule == a.rule && b.text == a.text;
      if (!known)
        advisories +=
            (advisories.empty() ? "" : "; ") + j.jurisdiction.ToString() + " advisory: " + std::string(a.text);
    }
  }
  if (!advisories.empty()) return advisories;
  std::string conditions;
  for (const ConditionOut& c : after.conditions) {
    conditions += (conditions.empty() ? "conditions: " : ", ") + Words(ConditionKindName(c.kind));
    if (c.percent) conditions += " " + FormatPercent(*c.percent);
  }
  return conditions.empty() ? "terms change" : conditions;
}

// An estimate of the width of `text` in Helvetica at `size` px (a little generous, so that text
// laid out with it does not collide).
double TextWidth(std::string_view text, double size, bool bold = false) {
  double em = 0;
  for (unsigned char c : text) {
    if ((c & 0xC0) == 0x80) continue;  // UTF-8 continuation byte
    if (std::string_view("iljtfrI.,:;'|!() -").find(static_cast<char>(c)) != std::string_view::npos) {
      em += 0.32;
    } else if (std::string_view("mwMW@").find(static_cast<char>(c)) != std::string_view::npos) {
      em += 0.86;
    } else if (c >= 'A' && c <= 'Z') {
      em += 0.68;
    } else {
      em += 0.56;
    }
  }
  return em * size * (bold ? 1.08 : 1.0);
}

// A change marker above a lane's bar: a leader at x and, right of it, two lines of text, in a row
// (0 is nearest the bar).
struct Callout {
  double x = 0;
  std::string head;                   // date and what changed
  std::string rule;                   // the rule behind it
  double text_from = 0, text_to = 0;  // horizontal extent of the text, right of the leader
  int row = 0;
};

// Places the callouts in rows so that no two texts overlap and no leader crosses a text: from the
// right, each takes the lowest row that is clear of the texts and leaders already placed (the
// staircase of a cluster of changes descends to the right).
void PlaceCallouts(std::vector<Callout>& callouts) {
  constexpr double kPad = 10;
  std::vector<size_t> order(callouts.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return callouts[a].x > callouts[b].x; });
  std::vector<const Callout*> placed;
  for (size_t i : order) {
    Callout& c = callouts[i];
    for (int row = 0;; ++row) {
      bool clear = true;
      for (const Callout* p : placed) {
        if (p->row == row) {
          clear &= c.text_to + kPad <= p->text_from || p->text_to + kPad <= c.text_from;
        } else if (p->row < row) {  // our leader passes its row
          clear &= c.x + 3 < p->text_from - 2 || p->text_to + 2 < c.x - 3;
        } else {  // its leader passes our row
          clear &= p->x + 3 < c.text_from - 2 || c.text_to + 2 < p->x - 3;
        }
      }
      if (clear || row > 64) {
        c.row = row;
        break;
      }
    }
    placed.push_back(&c);
  }
}

constexpr double kWidth = 1400, kLeft = 64, kRight = 44, kTop = 74;
constexpr double kBar = 32, kRowHeight = 33, kLaneGap = 26, kCalloutGap = 8;
constexpr double kPlotRight = kWidth - kRight;

// Where everything goes: the x of a day, each lane's callouts and bar, the axis and the legend.
struct Layout {
  Date from, end;  // end: the day after the last
  double days = 1;
  std::vector<std::vector<Callout>> callouts;  // per lane
  std::vector<double> bar_y;                   // per lane
  double axis_y = 0, legend_y = 0, width = kWidth, height = 0;

  double X(Date d) const { return kLeft + (kPlotRight - kLeft) * d.DaysSince(from) / days; }
};

Layout LayOut(const std::vector<TimelineLane>& lanes, const std::vector<std::vector<std::string>>& labels, Date from,
              Date to) {
  Layout layout;
  layout.from = from;
  layout.end = to.AddDays(1);
  layout.days = std::max(1, layout.end.DaysSince(from));
  layout.callouts.resize(lanes.size());
  layout.bar_y.resize(lanes.size());
  double y = kTop;
  double width_needed = kWidth;  // a change near the end may need room on the right for its text
  for (size_t l = 0; l < lanes.size(); ++l) {
    const TimelineLane& lane = lanes[l];
    for (size_t i = 1; i < lane.segments.size(); ++i) {
      Callout c;
      c.x = layout.X(lane.segments[i].interval.from);
      c.head = lane.segments[i].interval.from.ToString() + "  " +
               ChangeSummary(lane.segments[i - 1].decision, lane.segments[i].decision);
      c.rule = labels[l][i].empty() ? "(no rule fired or ended)" : labels[l][i];
      const double width = std::max(TextWidth(c.head, 12.5, true), TextWidth(c.rule, 12)) + 2;
      c.text_from = c.x + 5;
      c.text_to = c.x + 5 + width;
      width_needed = std::max(width_needed, c.text_to + 8);
      layout.callouts[l].push_back(std::move(c));
    }
    PlaceCallouts(layout.callouts[l]);
    int rows = 0;
    for (const Callout& c : layout.callouts[l]) rows = std::max(rows, c.row + 1);
    layout.bar_y[l] = y + rows * kRowHeight + (rows ? kCalloutGap : 0);
    y = layout.bar_y[l] + kBar + kLaneGap;
  }
  layout.axis_y = y - kLaneGap + 12;
  layout.legend_y = layout.axis_y + 46;
  layout.height = layout.legend_y + 52;
  layout.width = std::ceil(width_needed);
  return layout;
}

// SVG text, appended printf-style.
class Svg {
 public:
  template <typename... Args>
  void Add(const char* fmt, Args... args) {
    char buf[512];
    const int n = std::snprintf(buf, sizeof buf, fmt, args...);
    if (n < static_cast<int>(sizeof buf)) {
      text_ += buf;
      return;
    }
    std::string big(static_cast<size_t>(n) + 1, '\0');
    std::snprintf(big.data(), big.size(), fmt, args...);
    text_.append(big.data(), static_cast<size_t>(n));
  }
  std::string& text() { return text_; }

 private:
  std::string text_;
};

// The segment's bar, with its verdict (and policy) inside when it fits.
void DrawSegment(Svg& svg, const Layout& layout, const TimelineLane& lane, size_t i, double by) {
  const TimelineSegment& seg = lane.segments[i];
  const Verdict v = seg.decision.verdict;
  const double x0 = layout.X(seg.interval.from), x1 = layout.X(std::min(seg.interval.until, layout.end));
  std::string rules;
  for (std::string_view id : seg.rules) rules += (rules.empty() ? "" : ", ") + std::string(id);
  const std::string title = Words(VerdictName(v)) + " [" + seg.interval.from.ToString() + ", " +
                            seg.interval.until.ToString() + ")" + (seg.rules.empty() ? "" : ": " + rules);
  svg.Add("<rect x=\"%.2f\" y=\"%.1f\" width=\"%.2f\" height=\"%.0f\" fill=\"%s\"><title>%s</title></rect>\n", x0, by,
          std::max(0.5, x1 - x0), kBar, std::string(VerdictColor(v)).c_str(), XmlEscape(title).c_str());
  if (i > 0) {  // a thin white seam between segments, visible between equal colors too
    svg.Add("<line x1=\"%.2f\" y1=\"%.1f\" x2=\"%.2f\" y2=\"%.1f\" stroke=\"white\" stroke-width=\"2\"/>\n", x0, by, x0,
            by + kBar);
  }
  std::string text = VerdictWords(seg.decision);
  const std::string policy = PolicyWords(seg.decision);
  if (!policy.empty() && v != Verdict::kAllowed) text += " \xC2\xB7 " + policy;
  if (lane.segments.size() == 1) text += " throughout";
  if (TextWidth(text, 13) + 14 > x1 - x0) text = Words(VerdictName(v));
  if (TextWidth(text, 13) + 14 <= x1 - x0) {
    svg.Add("<text x=\"%.2f\" y=\"%.1f\" font-size=\"13\" fill=\"%s\">%s</text>\n", x0 + 7, by + kBar / 2 + 4.5,
            std::string(VerdictTextColor(v)).c_str(), XmlEscape(text).c_str());
  }
}

void DrawLane(Svg& svg, const Layout& layout, const TimelineLane& lane, size_t l) {
  const double by = layout.bar_y[l];
  svg.Add(
      "<text x=\"%.0f\" y=\"%.1f\" font-size=\"17\" font-weight=\"bold\" text-anchor=\"end\" "
      "fill=\"#1a1a1a\">%s</text>\n",
      kLeft - 12, by + kBar / 2 + 6, lane.destination.ToString().c_str());
  for (size_t i = 0; i < lane.segments.size(); ++i) DrawSegment(svg, layout, lane, i, by);
  // Leaders first, then the texts over them.
  for (const Callout& c : layout.callouts[l]) {
    const double top = by - kCalloutGap - c.row * kRowHeight - kRowHeight + 4;
    svg.Add("<line x1=\"%.2f\" y1=\"%.1f\" x2=\"%.2f\" y2=\"%.1f\" stroke=\"#333\" stroke-width=\"1\"/>\n", c.x, top,
            c.x, by + kBar);
    svg.Add("<circle cx=\"%.2f\" cy=\"%.1f\" r=\"2.5\" fill=\"#333\"/>\n", c.x, top);
  }
  for (const Callout& c : layout.callouts[l]) {
    const double bottom = by - kCalloutGap - c.row * kRowHeight;
    const double tx = c.text_from;
    svg.Add(
        "<text x=\"%.2f\" y=\"%.1f\" font-size=\"12.5\" font-weight=\"bold\" fill=\"#1a1a1a\" stroke=\"white\" "
        "stroke-width=\"3\" paint-order=\"stroke\">%s</text>\n",
        tx, bottom - 16, XmlEscape(c.head).c_str());
    svg.Add(
        "<text x=\"%.2f\" y=\"%.1f\" font-size=\"12\" fill=\"#444\" stroke=\"white\" stroke-width=\"3\" "
        "paint-order=\"stroke\">%s</text>\n",
        tx, bottom - 2, XmlEscape(c.rule).c_str());
  }
}

// Dated axis: years labeled, quarters ticked; the first and last day at the ends.
void DrawAxis(Svg& svg, const Layout& layout, Date to) {
  const double axis_y = layout.axis_y;
  svg.Add("<line x1=\"%.0f\" y1=\"%.1f\" x2=\"%.0f\" y2=\"%.1f\" stroke=\"#333\"/>\n", kLeft, axis_y, kPlotRight,
          axis_y);
  for (int year = layout.from.year(); year <= layout.end.year(); ++year) {
    for (int month = 1; month <= 12; month += 3) {
      const Date tick(year, month, 1);
      if (tick < layout.from || layout.end < tick) continue;
      const double x = layout.X(tick);
      const bool major = month == 1;
      svg.Add("<line x1=\"%.2f\" y1=\"%.1f\" x2=\"%.2f\" y2=\"%.1f\" stroke=\"#333\"/>\n", x, axis_y, x,
              axis_y + (major ? 7 : 4));
      if (major && x - kLeft > 40 && kPlotRight - x > 40) {
        svg.Add("<text x=\"%.2f\" y=\"%.1f\" font-size=\"13\" text-anchor=\"middle\" fill=\"#1a1a1a\">%d</text>\n", x,
                axis_y + 21, year);
      }
    }
  }
  svg.Add("<text x=\"%.0f\" y=\"%.1f\" font-size=\"11\" fill=\"#555\">%s</text>\n", kLeft, axis_y + 36,
          layout.from.ToString().c_str());
  svg.Add("<text x=\"%.0f\" y=\"%.1f\" font-size=\"11\" fill=\"#555\" text-anchor=\"end\">%s</text>\n", kPlotRight,
          axis_y + 36, to.ToString().c_str());
}

void DrawLegend(Svg& svg, const Layout& layout, const RuleSet& rules) {
  const Verdict legend[] = {
      Verdict::kAllowed,    Verdict::kAllowedWithConditions, Verdict::kNotificationRequired, Verdict::kLicenseRequired,
      Verdict::kProhibited, Verdict::kIndeterminate};
  double lx = kLeft;
  for (Verdict v : legend) {
    const std::string name = Words(VerdictName(v));
    svg.Add("<rect x=\"%.1f\" y=\"%.1f\" width=\"16\" height=\"16\" fill=\"%s\"/>\n", lx, layout.legend_y,
            std::string(VerdictColor(v)).c_str());
    svg.Add("<text x=\"%.1f\" y=\"%.1f\" font-size=\"12.5\" fill=\"#1a1a1a\">%s</text>\n", lx + 22,
            layout.legend_y + 12.5, name.c_str());
    lx += 22 + TextWidth(name, 12.5) + 26;
  }
  std::string packs;
  for (const PackInfo& p : rules.packs()) {
    packs += (packs.empty() ? "" : ", ") + p.id + (p.revision.empty() ? "" : " " + p.revision);
  }
  svg.Add(
      "<text x=\"%.0f\" y=\"%.1f\" font-size=\"11\" fill=\"#777\">exportctl timeline; rule packs: %s. A model "
      "of public facts, not legal advice.</text>\n",
      kLeft, layout.legend_y + 38, XmlEscape(packs).c_str());
}

}  // namespace

std::string TimelineSvg(const RuleSet& rules, std::string_view item, std::string_view scenario,
                        const std::vector<TimelineLane>& lanes, const std::vector<std::vector<std::string>>& labels,
                        Date from, Date to) {
  const Layout layout = LayOut(lanes, labels, from, to);
  Svg svg;
  svg.Add(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" "
      "font-family=\"Helvetica, Arial, sans-serif\">\n",
      layout.width, layout.height, layout.width, layout.height);
  svg.Add("<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n");
  svg.Add(
      "<text x=\"%.0f\" y=\"30\" font-size=\"20\" font-weight=\"bold\" fill=\"#1a1a1a\">%s: export decision by "
      "destination, %s to %s</text>\n",
      kLeft, XmlEscape(item).c_str(), from.ToString().c_str(), to.ToString().c_str());
  svg.Add(
      "<text x=\"%.0f\" y=\"50\" font-size=\"12.5\" fill=\"#555\">%s. Each change is marked with its date, "
      "what changed and the rule that caused it.</text>\n",
      kLeft, XmlEscape(scenario).c_str());
  // Year grid behind the lanes.
  for (int year = from.year(); year <= layout.end.year(); ++year) {
    const Date tick(year, 1, 1);
    if (tick < from || layout.end < tick) continue;
    svg.Add("<line x1=\"%.2f\" y1=\"%.1f\" x2=\"%.2f\" y2=\"%.1f\" stroke=\"#dddddd\" stroke-dasharray=\"3,3\"/>\n",
            layout.X(tick), kTop - 6, layout.X(tick), layout.axis_y);
  }
  for (size_t l = 0; l < lanes.size(); ++l) DrawLane(svg, layout, lanes[l], l);
  DrawAxis(svg, layout, to);
  DrawLegend(svg, layout, rules);
  svg.text() += "</svg>\n";
  return std::move(svg.text());
}

}  // namespace exportctl::cli
