// The C API prints what the exportctl command prints: its outputs against the command's golden
// files (tests/golden/, docs/cli.md), byte for byte (the command adds a final newline). One
// schema, one set of writers (exportctl/json.h): the two cannot drift apart again.
#include <filesystem>
#include <string>

#include "cli_runner.h"
#include "exportctl/c_api.h"
#include "gtest/gtest.h"

namespace {

namespace fs = std::filesystem;

const fs::path kGolden = fs::path(EXPORTCTL_SOURCE_DIR) / "tests" / "golden";

std::string Golden(const std::string& name) { return exportctl::testing::ReadFile(kGolden / (name + ".out")); }

class CApiGoldenTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char* error = nullptr;
    rules_ = exportctl_open_builtin(&error);
    ASSERT_NE(rules_, nullptr) << error;
  }
  void TearDown() override { exportctl_close(rules_); }

  // The output of a C API call (a status and *out) with the command's final newline.
  template <typename Call>
  std::string Out(Call call) {
    char* out = nullptr;
    char* error = nullptr;
    const int code = call(&out, &error);
    EXPECT_EQ(code, EXPORTCTL_OK) << (error ? error : "");
    std::string text = out ? std::string(out) + "\n" : std::string();
    exportctl_free(out);
    exportctl_free(error);
    return text;
  }

  std::string Evaluate(const std::string& sale_file, exportctl_eval_options options) {
    const std::string sale = exportctl::testing::ReadFile(kGolden / "sales" / sale_file);
    return Out(
        [&](char** out, char** error) { return exportctl_evaluate(rules_, sale.c_str(), &options, out, error); });
  }

  exportctl_rules* rules_ = nullptr;
};

TEST_F(CApiGoldenTest, EvaluateIsCheck) {
  EXPECT_EQ(Evaluate("h20-2025-09-01-licensed.json", {EXPORTCTL_TRACE_FIRED, nullptr, 0}),
            Golden("check-h20-licensed"));
  EXPECT_EQ(Evaluate("h20-2025-09-01-licensed.json", {EXPORTCTL_TRACE_FIRED, nullptr, 1}),
            Golden("check-h20-licensed-pretty"));
  EXPECT_EQ(Evaluate("rtx-pro-6000d-2025-09-20.json", {EXPORTCTL_TRACE_FULL, nullptr, 0}),
            Golden("check-rtx-pro-6000d"));
  EXPECT_EQ(Evaluate("affiliates-2026-01-15-suspended.json", {EXPORTCTL_TRACE_NONE, nullptr, 0}),
            Golden("check-affiliates-suspended"));
  EXPECT_EQ(Evaluate("h20-2025-05-01-unlicensed.json", {EXPORTCTL_TRACE_FIRED, "2025-04-01", 0}),
            Golden("check-h20-as-of-2025-04-01"));
}

TEST_F(CApiGoldenTest, ChipsIsChipsJson) {
  EXPECT_EQ(Out([&](char** out, char** error) { return exportctl_chips(rules_, out, error); }), Golden("chips-json"));
}

TEST_F(CApiGoldenTest, TimelineIsTimeline) {
  EXPECT_EQ(Out([&](char** out, char** error) {
              return exportctl_timeline(rules_, R"({"item":"H20","destination":"CN"})", "2022-01-01", "2026-11-23",
                                        nullptr, out, error);
            }),
            Golden("timeline-h20-cn"));
  EXPECT_EQ(Out([&](char** out, char** error) {
              return exportctl_timeline(rules_, R"({"item":"L20","destination":"SG","buyer":{"headquarters":"CN"}})",
                                        "2023-01-01", "2025-12-31", nullptr, out, error);
            }),
            Golden("timeline-l20-cn-buyer-hq"));
}

TEST_F(CApiGoldenTest, HeadroomIsHeadroom) {
  auto headroom = [&](const char* destination, const char* date, int datacenter, double die_area) {
    return Out([&](char** out, char** error) {
      return exportctl_headroom(rules_, destination, date, datacenter, die_area, nullptr, out, error);
    });
  };
  EXPECT_EQ(headroom("CN", "2024-06-01", 1, 814), Golden("headroom-cn-2024"));
  EXPECT_EQ(headroom("CN", "2022-11-01", 1, 0), Golden("headroom-cn-2022"));
  EXPECT_EQ(headroom("CN", "2025-09-01", 0, 0), Golden("headroom-cn-consumer"));
  EXPECT_EQ(headroom("DE", "2024-06-01", 1, 0), Golden("headroom-de"));
}

}  // namespace
