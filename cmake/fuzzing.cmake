# libFuzzer targets (tests/fuzz). Configure with the `fuzz` preset: clang, the library built with
# -fsanitize=fuzzer-no-link,address,undefined; each target links -fsanitize=fuzzer (libFuzzer's main).
#
#   exportctl_add_fuzzer(NAME sale_json_fuzzer SOURCE sale_json_fuzzer.cc)
#
# adds the executable NAME. Its seed corpus is tests/fuzz/corpus/<NAME without _fuzzer>/; .ci/run
# runs each fuzzer for 60 s on a copy of it (docs/reliability.md).
if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
  message(FATAL_ERROR "EXPORTCTL_BUILD_FUZZERS needs clang (libFuzzer): use `cmake --preset fuzz`")
endif()

function(exportctl_add_fuzzer)
  cmake_parse_arguments(ARG "" "NAME;SOURCE" "" ${ARGN})
  add_executable(${ARG_NAME} "${ARG_SOURCE}")
  target_link_libraries(${ARG_NAME} PRIVATE exportctl simdjson::simdjson)
  target_include_directories(${ARG_NAME} PRIVATE "${PROJECT_SOURCE_DIR}/src")
  target_compile_options(${ARG_NAME} PRIVATE -fsanitize=fuzzer)
  target_link_options(${ARG_NAME} PRIVATE -fsanitize=fuzzer)
endfunction()
