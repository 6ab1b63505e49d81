// The HTML page of `exportctl report` (report_html.h).
#include "report_html.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "drawing.h"
#include "timeline_svg.h"

namespace exportctl::cli {

ReportOrder ReportOrderOf(int64_t line, const Sale& sale, const Decision& d) {
  ReportOrder o;
  o.line = line;
  if (sale.id) o.id = sale.id->text;
  o.date = sale.date;
  o.item = sale.item.model;
  o.destination = sale.destination.ToString();
  o.quantity = sale.quantity;
  o.verdict = d.verdict;
  o.allowed = d.allowed;
  o.review_required = d.review_required();
  if (!d.allowed) {
    for (const TraceEntry& t : d.trace) {
      const bool blocks = t.effect == TraceEffect::kLicenseRequired || t.effect == TraceEffect::kApprovalRequired ||
                          t.effect == TraceEffect::kProhibited || t.effect == TraceEffect::kProhibit;
      if (t.fired && blocks &&
          std::find(o.blocking_rules.begin(), o.blocking_rules.end(), t.rule) == o.blocking_rules.end())
        o.blocking_rules.emplace_back(t.rule);
    }
  }
  auto add_reason = [&](const std::string& reason) { o.reasons += (o.reasons.empty() ? "" : "; ") + reason; };
  for (const NotApplied& n : d.not_applied) add_reason(NotAppliedReason(n));
  for (const PossibleMatch& m : d.possible_matches)
    add_reason("possible match: " + m.party + " ~ " + std::string(m.entity));
  return o;
}

namespace {

constexpr Verdict kVerdicts[] = {
    Verdict::kAllowed,    Verdict::kAllowedWithConditions, Verdict::kNotificationRequired, Verdict::kLicenseRequired,
    Verdict::kProhibited, Verdict::kIndeterminate};
constexpr size_t kVerdictCount = std::size(kVerdicts);
constexpr size_t kMaxDestinations = 16;  // rows of the verdict mix; the rest are "other"
constexpr size_t kMaxMonths = 36;        // the latest months of the verdict mix
constexpr size_t kMaxRows = 500;         // rows of the blocked-order and error tables

using Counts = std::array<int64_t, kVerdictCount>;

std::string Format(const char* format, auto... args) {
  char buffer[512];
  const int n = std::snprintf(buffer, sizeof buffer, format, args...);
  return std::string(buffer, static_cast<size_t>(std::clamp(n, 0, static_cast<int>(sizeof buffer) - 1)));
}

std::string VerdictChip(Verdict v) {
  return Format("<span class=\"chip\" style=\"background:%s;color:%s\">%s</span>", std::string(VerdictColor(v)).c_str(),
                std::string(VerdictTextColor(v)).c_str(), Words(VerdictName(v)).c_str());
}

// The verdict mix: a grid of stacked bars, a row per destination and a column per month.
std::string VerdictMix(const std::vector<ReportOrder>& orders) {
  std::map<std::string, int64_t> per_destination;
  std::map<std::string, bool> months_seen;
  for (const ReportOrder& o : orders) {
    if (!o.error.empty()) continue;
    ++per_destination[o.destination];
    months_seen[o.date.ToString().substr(0, 7)] = true;
  }
  std::vector<std::pair<std::string, int64_t>> destinations(per_destination.begin(), per_destination.end());
  std::stable_sort(destinations.begin(), destinations.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  const bool other = destinations.size() > kMaxDestinations;
  if (other) destinations.resize(kMaxDestinations - 1);
  std::vector<std::string> months;
  for (const auto& [month, unused] : months_seen) months.push_back(month);
  if (months.size() > kMaxMonths) months.erase(months.begin(), months.end() - kMaxMonths);

  const size_t rows = destinations.size() + (other ? 1 : 0);
  std::map<std::pair<size_t, size_t>, Counts> cells;
  int64_t highest = 1;
  for (const ReportOrder& o : orders) {
    if (!o.error.empty()) continue;
    const auto m = std::find(months.begin(), months.end(), o.date.ToString().substr(0, 7));
    if (m == months.end()) continue;
    size_t row = rows - 1;
    for (size_t r = 0; r < destinations.size(); ++r)
      if (destinations[r].first == o.destination) row = r;
    Counts& c = cells[{row, static_cast<size_t>(m - months.begin())}];
    ++c[static_cast<size_t>(o.verdict)];
    int64_t total = 0;
    for (int64_t n : c) total += n;
    highest = std::max(highest, total);
  }

  constexpr double kLeft = 56, kTop = 48, kCellWidth = 26, kCellHeight = 34, kBar = 18;
  const double width = kLeft + kCellWidth * static_cast<double>(std::max<size_t>(months.size(), 1)) + 16;
  const double height = kTop + kCellHeight * static_cast<double>(rows) + 8;
  std::string svg = Format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" font-family=\"DejaVu Sans, "
      "sans-serif\" "
      "font-size=\"11\">",
      width, height);
  for (size_t m = 0; m < months.size(); ++m) {
    const double x = kLeft + kCellWidth * static_cast<double>(m) + kCellWidth / 2;
    svg += Format("<text x=\"%.1f\" y=\"%.1f\" transform=\"rotate(-60 %.1f %.1f)\" font-size=\"9\">%s</text>", x,
                  kTop - 6, x, kTop - 6, months[m].c_str());
  }
  for (size_t r = 0; r < rows; ++r) {
    const double y = kTop + kCellHeight * static_cast<double>(r);
    const std::string name = r < destinations.size() ? destinations[r].first : "other";
    svg += Format("<text x=\"4\" y=\"%.1f\" font-weight=\"bold\">%s</text>", y + kCellHeight / 2 + 4,
                  XmlEscape(name).c_str());
    svg += Format("<line x1=\"%.0f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#e0e0e0\"/>", kLeft, width - 16,
                  y + kCellHeight - 2, y + kCellHeight - 2);
  }
  for (const auto& [at, counts] : cells) {
    const double x = kLeft + kCellWidth * static_cast<double>(at.second) + (kCellWidth - kBar) / 2;
    double bottom = kTop + kCellHeight * static_cast<double>(at.first) + kCellHeight - 2;
    std::string title =
        (at.first < destinations.size() ? destinations[at.first].first : "other") + ", " + months[at.second] + ":";
    for (size_t v = 0; v < kVerdictCount; ++v) {
      if (counts[v] == 0) continue;
      const double h = (kCellHeight - 6) * static_cast<double>(counts[v]) / static_cast<double>(highest);
      bottom -= h;
      svg += Format("<rect x=\"%.1f\" y=\"%.2f\" width=\"%.0f\" height=\"%.2f\" fill=\"%s\"/>", x, bottom, kBar, h,
                    std::string(VerdictColor(kVerdicts[v])).c_str());
      title += Format(" %lld %s", static_cast<long long>(counts[v]), std::string(VerdictName(kVerdicts[v])).c_str());
    }
    svg +=
        Format("<rect x=\"%.1f\" y=\"%.1f\" width=\"%.0f\" height=\"%.1f\" fill=\"none\"><title>%s</title></rect>", x,
               kTop + kCellHeight * static_cast<double>(at.first), kBar, kCellHeight - 2, XmlEscape(title).c_str());
  }
  svg += "</svg>";
  std::string legend = "<p class=\"legend\">";
  for (Verdict v : kVerdicts) legend += VerdictChip(v) + " ";
  return svg + legend +
         Format("</p><p class=\"note\">Bar height: orders in the month (the tallest bar: %lld).</p>",
                static_cast<long long>(highest));
}

// The fired rules behind the orders that are not allowed, most frequent first.
std::string TopRules(const std::vector<ReportOrder>& orders) {
  std::map<std::string, int64_t> counts;
  int64_t blocked = 0;
  for (const ReportOrder& o : orders) {
    if (!o.error.empty() || o.allowed) continue;
    ++blocked;
    for (const std::string& rule : o.blocking_rules) ++counts[rule];
  }
  std::vector<std::pair<std::string, int64_t>> rules(counts.begin(), counts.end());
  std::stable_sort(rules.begin(), rules.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  if (rules.size() > 12) rules.resize(12);
  if (rules.empty()) return "<p>No order was blocked by a rule.</p>";
  std::string html = "<table><tr><th>rule</th><th class=\"n\">orders</th><th>share of blocked orders</th></tr>";
  for (const auto& [rule, n] : rules) {
    const double share = 100.0 * static_cast<double>(n) / static_cast<double>(std::max<int64_t>(blocked, 1));
    html += Format(
        "<tr><td><code>%s</code></td><td class=\"n\">%lld</td><td><span class=\"bar\" style=\"width:%.0fpx\"></span> "
        "%.0f %%</td></tr>",
        XmlEscape(rule).c_str(), static_cast<long long>(n), 2 * share, share);
  }
  return html + "</table>";
}

std::string Ledger(const std::vector<ReportLedgerLine>& ledger) {
  if (ledger.empty()) return "<p>No license or approval of the book carries an id.</p>";
  std::string html =
      "<table><tr><th>id</th><th>jurisdiction</th><th class=\"n\">granted</th><th class=\"n\">used</th>"
      "<th class=\"n\">left</th><th class=\"n\">sales refused</th><th>use</th></tr>";
  for (const ReportLedgerLine& l : ledger) {
    html += "<tr><td><code>" + XmlEscape(l.id) + "</code></td><td>" + XmlEscape(l.jurisdiction) + "</td>";
    if (!l.granted) {
      html += Format("<td class=\"n\">&mdash;</td><td class=\"n\">%lld</td><td class=\"n\">&mdash;</td>",
                     static_cast<long long>(l.used));
      html += Format("<td class=\"n\">%lld</td><td></td></tr>", static_cast<long long>(l.refused));
      continue;
    }
    const double used = *l.granted > 0 ? 100.0 * static_cast<double>(l.used) / static_cast<double>(*l.granted) : 0;
    html += Format(
        "<td class=\"n\">%lld</td><td class=\"n\">%lld</td><td class=\"n\">%lld</td><td class=\"n\">%lld</td>"
        "<td><span class=\"bar\" style=\"width:%.0fpx\"></span> %.0f %%</td></tr>",
        static_cast<long long>(*l.granted), static_cast<long long>(l.used), static_cast<long long>(*l.granted - l.used),
        static_cast<long long>(l.refused), std::min(used, 100.0) * 2, used);
  }
  return html + "</table>";
}

std::string BlockedOrders(const std::vector<ReportOrder>& orders) {
  std::string html =
      "<table><tr><th class=\"n\">line</th><th>id</th><th>date</th><th>item</th><th>to</th><th class=\"n\">"
      "quantity</th><th>verdict</th><th>rules</th><th>reasons</th></tr>";
  size_t shown = 0, blocked = 0;
  for (const ReportOrder& o : orders) {
    if (!o.error.empty() || o.allowed) continue;
    if (++blocked > kMaxRows) continue;
    ++shown;
    std::string rules;
    for (const std::string& r : o.blocking_rules) rules += (rules.empty() ? "" : ", ") + r;
    html += Format("<tr><td class=\"n\">%lld</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td class=\"n\">%lld</td>",
                   static_cast<long long>(o.line), XmlEscape(o.id).c_str(), o.date.ToString().c_str(),
                   XmlEscape(o.item).c_str(), o.destination.c_str(), static_cast<long long>(o.quantity));
    html += "<td>" + VerdictChip(o.verdict) + (o.review_required ? " review" : "") + "</td><td><code>" +
            XmlEscape(rules) + "</code></td><td>" + XmlEscape(o.reasons) + "</td></tr>";
  }
  if (blocked == 0) return "<p>Every order is allowed.</p>";
  html += "</table>";
  if (blocked > shown) html += Format("<p class=\"note\">and %zu more.</p>", blocked - shown);
  return html;
}

std::string Errors(const std::vector<ReportOrder>& orders) {
  std::string html = "<table><tr><th class=\"n\">line</th><th>error</th></tr>";
  size_t errors = 0;
  for (const ReportOrder& o : orders) {
    if (o.error.empty() || ++errors > kMaxRows) continue;
    html +=
        Format("<tr><td class=\"n\">%lld</td><td>", static_cast<long long>(o.line)) + XmlEscape(o.error) + "</td></tr>";
  }
  return errors == 0 ? "" : "<h2>Lines that are no usable sale</h2>" + html + "</table>";
}

constexpr const char* kStyle = R"(<style>
body{font-family:"DejaVu Sans",sans-serif;margin:24px;color:#1a1a1a;max-width:1200px}
h1{font-size:22px;margin:0 0 4px} h2{font-size:16px;margin:28px 0 8px;border-bottom:1px solid #ccc}
.meta{color:#555;font-size:12px} .note{color:#555;font-size:11px}
.tiles{display:flex;gap:12px;margin:16px 0}
.tile{border:1px solid #ddd;border-radius:6px;padding:8px 14px;min-width:110px}
.tile b{display:block;font-size:22px}
table{border-collapse:collapse;font-size:12px} th,td{padding:3px 8px;border-bottom:1px solid #eee;text-align:left}
th{background:#f5f5f5} .n{text-align:right} code{font-size:11px} td:nth-child(2),td:nth-child(3){white-space:nowrap}
.chip{border-radius:3px;padding:1px 6px;font-size:11px;white-space:nowrap}
.bar{display:inline-block;height:10px;background:#ffb74d;vertical-align:middle}
</style>)";

}  // namespace

std::string RenderReportHtml(const OrderBookReport& report) {
  int64_t decided = 0, allowed = 0, review = 0, errors = 0;
  for (const ReportOrder& o : report.orders) {
    if (!o.error.empty()) {
      ++errors;
      continue;
    }
    ++decided;
    if (o.allowed) ++allowed;
    if (o.review_required) ++review;
  }
  std::string html = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>exportctl report: " +
                     XmlEscape(report.source) + "</title>" + kStyle + "</head><body>";
  html += "<h1>Order book " + XmlEscape(report.source) +
          "</h1><p class=\"meta\">Rule set: " + XmlEscape(report.rule_set) + "</p>";
  auto tile = [&](const char* what, int64_t n) {
    html += Format("<div class=\"tile\">%s<b>%lld</b></div>", what, static_cast<long long>(n));
  };
  html += "<div class=\"tiles\">";
  tile("orders", decided + errors);
  tile("allowed", allowed);
  tile("not allowed", decided - allowed);
  tile("held for review", review);
  tile("unusable lines", errors);
  html += "</div>";
  html += "<h2>Verdicts per destination and month</h2>" + VerdictMix(report.orders);
  html += "<h2>Rules that blocked orders</h2>" + TopRules(report.orders);
  html += "<h2>Licenses and approvals</h2>" + Ledger(report.ledger);
  html += "<h2>Orders not allowed</h2>" + BlockedOrders(report.orders);
  html += Errors(report.orders);
  return html + "<p class=\"note\">Made by exportctl " + std::string(kVersion) + ".</p></body></html>\n";
}

}  // namespace exportctl::cli
