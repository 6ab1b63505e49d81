// Golden tests of the exportctl command: every case of tests/golden/cases.txt runs the binary in
// tests/golden/ and compares its stdout, stderr and exit status with the committed expectations,
// byte for byte.
//
// Regenerate after an intended change (then review the diff of tests/golden/):
//
//   EXPORTCTL_UPDATE_GOLDEN=1 build/dev/tests/golden_test    (or: ctest --preset dev -R Golden)
//
// The goldens must not depend on the machine: no absolute paths (the cases name their files
// relative to tests/golden/), no dates of today, and no timings: the time at the end of batch's
// summary line ("..., 0.012 s") is compared as "T s".
#include <sys/wait.h>
#include <unistd.h>

#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <ostream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "cli_runner.h"
#include "gtest/gtest.h"

namespace {

namespace fs = std::filesystem;

const fs::path kGoldenDir = fs::path(EXPORTCTL_SOURCE_DIR) / "tests" / "golden";

struct Case {
  std::string name;
  int exit_status = 0;
  std::string args;
  std::string redirect;  // ">FILE" at the end of the arguments: where stdout goes instead
  int line = 0;          // in cases.txt
};

// ctest shows the case's name, not its bytes.
void PrintTo(const Case& c, std::ostream* os) { *os << c.name; }

void WriteFile(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
}

// Reads cases.txt: "NAME EXIT ARGUMENTS..." per line; '#' starts a comment line.
std::vector<Case> LoadCases() {
  std::vector<Case> cases;
  std::ifstream in(kGoldenDir / "cases.txt");
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    const size_t start = line.find_first_not_of(" \t");
    if (start == std::string::npos || line[start] == '#') continue;
    std::istringstream fields(line);
    Case c;
    c.line = n;
    fields >> c.name >> c.exit_status;
    std::getline(fields >> std::ws, c.args);
    if (const size_t at = c.args.find(" >"); at != std::string::npos) {
      c.redirect = c.args.substr(at + 1);
      c.args.resize(at);
    }
    cases.push_back(std::move(c));
  }
  return cases;
}

// Batch's summary line ends with the time it took: "T s" instead.
std::string WithoutTimings(const std::string& err) {
  static const std::regex kTime(", [0-9]+\\.[0-9]+ s\n");
  return std::regex_replace(err, kTime, ", T s\n");
}

bool Updating() {
  const char* v = std::getenv("EXPORTCTL_UPDATE_GOLDEN");
  return v != nullptr && std::string(v) == "1";
}

class GoldenTest : public ::testing::TestWithParam<Case> {};

TEST_P(GoldenTest, MatchesGolden) {
  const Case& c = GetParam();
  const fs::path scratch = fs::temp_directory_path() / ("exportctl_golden_" + std::to_string(::getpid()));
  fs::create_directories(scratch);
  const fs::path out = scratch / (c.name + ".out");
  const fs::path err = scratch / (c.name + ".err");
  // Run in tests/golden/ so that every path the command sees (and may print) is relative.
  const std::string command = "cd '" + kGoldenDir.string() + "' && '" + std::string(EXPORTCTL_CLI) + "' " + c.args +
                              " </dev/null >'" + out.string() + "' 2>'" + err.string() + "' " + c.redirect;
  const int raw = std::system(command.c_str());
  const int status = exportctl::testing::ExitStatus(raw);
  const std::string got_out = exportctl::testing::ReadFile(out);
  const std::string got_err = WithoutTimings(exportctl::testing::ReadFile(err));
  fs::remove(out);
  fs::remove(err);
  std::error_code ignored;
  fs::remove(scratch, ignored);  // when empty

  const fs::path want_out_path = kGoldenDir / (c.name + ".out");
  const fs::path want_err_path = kGoldenDir / (c.name + ".err");
  if (Updating()) {
    WriteFile(want_out_path, got_out);
    if (got_err.empty()) {
      fs::remove(want_err_path);
    } else {
      WriteFile(want_err_path, got_err);
    }
    EXPECT_EQ(status, c.exit_status) << "cases.txt:" << c.line << ": exit status (update cases.txt by hand)\n"
                                     << got_err;
    return;
  }
  ASSERT_TRUE(fs::exists(want_out_path)) << want_out_path
                                         << " is missing; run with EXPORTCTL_UPDATE_GOLDEN=1 to create it";
  EXPECT_EQ(status, c.exit_status) << "cases.txt:" << c.line << ": exportctl " << c.args << "\n" << got_err;
  EXPECT_EQ(got_out, exportctl::testing::ReadFile(want_out_path))
      << "cases.txt:" << c.line << ": stdout of `exportctl " << c.args << "` differs from " << c.name
      << ".out; if the change is intended, regenerate with EXPORTCTL_UPDATE_GOLDEN=1 (docs/cli.md)";
  EXPECT_EQ(got_err, fs::exists(want_err_path) ? exportctl::testing::ReadFile(want_err_path) : std::string())
      << "cases.txt:" << c.line << ": stderr of `exportctl " << c.args << "`";
}

INSTANTIATE_TEST_SUITE_P(Cli, GoldenTest, ::testing::ValuesIn(LoadCases()),
                         [](const ::testing::TestParamInfo<Case>& info) {
                           std::string name = info.param.name;
                           for (char& ch : name)
                             if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
                           return name;
                         });

// Every case has its golden, and every golden belongs to a case (no stale files).
TEST(GoldenFiles, MatchTheCases) {
  if (Updating()) {
    for (const fs::directory_entry& e : fs::directory_iterator(kGoldenDir)) {
      const std::string ext = e.path().extension().string();
      if (ext != ".out" && ext != ".err") continue;
      bool used = false;
      for (const Case& c : LoadCases()) used |= e.path().stem().string() == c.name;
      if (!used) fs::remove(e.path());
    }
    return;
  }
  const std::vector<Case> cases = LoadCases();
  ASSERT_FALSE(cases.empty()) << kGoldenDir / "cases.txt";
  for (const fs::directory_entry& e : fs::directory_iterator(kGoldenDir)) {
    const std::string ext = e.path().extension().string();
    if (ext != ".out" && ext != ".err") continue;
    bool used = false;
    for (const Case& c : cases) used |= e.path().stem().string() == c.name;
    EXPECT_TRUE(used) << e.path().filename() << " belongs to no case of cases.txt";
  }
  for (size_t i = 0; i < cases.size(); ++i)
    for (size_t k = i + 1; k < cases.size(); ++k) EXPECT_NE(cases[i].name, cases[k].name) << "duplicate case";
}

}  // namespace
