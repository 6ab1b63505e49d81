# Every dependency comes from Debian 12's packages (scripts/bootstrap installs them).
find_package(Boost 1.74 REQUIRED COMPONENTS date_time graph)
find_package(absl REQUIRED)
find_package(tomlplusplus REQUIRED)
find_package(simdjson REQUIRED)
if(EXPORTCTL_BUILD_CLI)
  find_package(CLI11 REQUIRED)
endif()
