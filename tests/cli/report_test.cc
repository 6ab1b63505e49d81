// exportctl report: the order book's HTML page is self-contained, holds its sections and the
// orders not allowed, and renders in headless Chromium (Debian's `chromium`, installed by
// scripts/bootstrap) to a picture.
#include <cstdlib>
#include <filesystem>
#include <string>

#include "cli_runner.h"
#include "gtest/gtest.h"

namespace exportctl::testing {
namespace {

const std::string kBook = std::string(EXPORTCTL_SOURCE_DIR) + "/examples/orderbook/orders.jsonl";

class ReportTest : public CliFixture {};

TEST_F(ReportTest, ThePageIsSelfContainedAndListsTheOrdersNotAllowed) {
  const std::string page = (dir_ / "report.html").string();
  const CliResult r = Run("report " + kBook + " -o " + page);
  ASSERT_EQ(r.status, 0) << r.err;
  const std::string html = ReadFile(page);
  for (const char* section : {"Verdicts per destination and month", "Rules that blocked orders",
                              "Licenses and approvals", "Orders not allowed"})
    EXPECT_NE(html.find(section), std::string::npos) << section;
  // No external asset: no script, stylesheet or image fetched from elsewhere.
  for (const char* external : {"<script", "<link", "<img", "src=", "url(", "https:"})
    EXPECT_EQ(html.find(external), std::string::npos) << external;
  EXPECT_NE(html.find("SO-1008"), std::string::npos);  // an H100 to the UAE, license required
  EXPECT_NE(html.find("us-2023-license"), std::string::npos);
  // The ledger: the H20 license drawn down by the book's covered sales.
  EXPECT_NE(html.find("<tr><td><code>L-H20-01</code></td><td>US</td><td class=\"n\">10000</td>"), std::string::npos);
}

TEST_F(ReportTest, AFailedWriteIsExitTwo) {
  const CliResult r = Run("report " + kBook + " -o /dev/full");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("No space left on device"), std::string::npos) << r.err;
}

TEST_F(ReportTest, RendersInHeadlessChromium) {
  const std::string page = (dir_ / "report.html").string();
  ASSERT_EQ(Run("report " + kBook + " -o " + page).status, 0);
  ASSERT_EQ(std::system("command -v chromium >/dev/null"), 0) << "chromium missing: run scripts/bootstrap";
  const std::filesystem::path png = dir_ / "report.png";
  const std::string command =
      "chromium --headless --no-sandbox --disable-gpu --hide-scrollbars "
      "--window-size=1240,1400 --screenshot=" +
      png.string() + " file://" + page + " >" + (dir_ / "chromium.log").string() + " 2>&1";
  ASSERT_EQ(ExitStatus(std::system(command.c_str())), 0) << ReadFile(dir_ / "chromium.log");
  const std::string image = ReadFile(png);
  ASSERT_GT(image.size(), 20000u);  // a page of text and bars, not a blank one
  EXPECT_EQ(image.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
}

}  // namespace
}  // namespace exportctl::testing
