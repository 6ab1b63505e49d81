// Running the exportctl command from tests: one scratch directory per test, stdin from a string,
// stdout, stderr and the exit status captured. EXPORTCTL_CLI is the command's path, empty when the
// command is not built (-DEXPORTCTL_BUILD_CLI=OFF): tests that run it then skip themselves.
#ifndef EXPORTCTL_TESTS_CLI_RUNNER_H_
#define EXPORTCTL_TESTS_CLI_RUNNER_H_

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

#include "gtest/gtest.h"

namespace exportctl::testing {

// Whether the exportctl command was built.
inline bool HaveCli() { return !std::string_view(EXPORTCTL_CLI).empty(); }

// In a test or its SetUp: skips the test when the command was not built.
#define EXPORTCTL_SKIP_WITHOUT_CLI() \
  if (!::exportctl::testing::HaveCli()) GTEST_SKIP() << "the exportctl command is not built (EXPORTCTL_BUILD_CLI=OFF)"

inline std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The exit status of a std::system() call, or -1 if the command did not exit normally.
inline int ExitStatus(int raw) { return WIFEXITED(raw) ? WEXITSTATUS(raw) : -1; }

struct CliResult {
  int status = -1;
  std::string out;
  std::string err;
};

// A fixture with its own scratch directory, removed after the test.
class CliFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("exportctl_cli_" + std::to_string(::getpid()) + "_" +
                                                     ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
    EXPORTCTL_SKIP_WITHOUT_CLI();
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // Writes `text` to a file in the scratch directory and returns its path.
  std::string Write(const std::string& name, std::string_view text) {
    const std::filesystem::path p = dir_ / name;
    std::ofstream(p, std::ios::binary) << text;
    return p.string();
  }

  // Runs `exportctl ARGS` with stdin from `stdin_text`.
  CliResult Run(const std::string& args, std::string_view stdin_text = "") {
    const std::string in = Write("stdin.txt", stdin_text);
    const std::string out = (dir_ / "stdout.txt").string();
    const std::string err = (dir_ / "stderr.txt").string();
    const int raw =
        std::system((std::string(EXPORTCTL_CLI) + " " + args + " <" + in + " >" + out + " 2>" + err).c_str());
    return {ExitStatus(raw), ReadFile(out), ReadFile(err)};
  }

  std::filesystem::path dir_;
};

}  // namespace exportctl::testing

#endif  // EXPORTCTL_TESTS_CLI_RUNNER_H_
