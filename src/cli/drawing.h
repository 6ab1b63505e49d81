// What the command's drawings share (the timeline's SVG, the order book's HTML report): the
// verdicts' colors and escaping text for markup.
#ifndef EXPORTCTL_SRC_CLI_DRAWING_H_
#define EXPORTCTL_SRC_CLI_DRAWING_H_

#include <string>
#include <string_view>

#include "exportctl/verdict.h"

namespace exportctl::cli {

// Fill colors of the verdicts (the bars and the legend).
inline std::string_view VerdictColor(Verdict v) {
  switch (v) {
    case Verdict::kAllowed: return "#66bb6a";
    case Verdict::kAllowedWithConditions: return "#c5e1a5";
    case Verdict::kNotificationRequired: return "#ffe082";
    case Verdict::kLicenseRequired: return "#ffb74d";
    case Verdict::kProhibited: return "#e53935";
    case Verdict::kIndeterminate: return "#bdbdbd";
  }
  return "#bdbdbd";
}
inline std::string_view VerdictTextColor(Verdict v) { return v == Verdict::kProhibited ? "#ffffff" : "#1a1a1a"; }

// Text for SVG and HTML (attributes in double quotes): the characters markup reads, escaped.
inline std::string XmlEscape(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

}  // namespace exportctl::cli

#endif  // EXPORTCTL_SRC_CLI_DRAWING_H_
