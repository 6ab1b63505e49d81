# exportctl_embed_packs(OUTPUT file.cc PACKS a.toml b.toml ...)
# Writes a C++ source that holds each pack's text as a raw byte array, so the built-in catalog
# needs no files at run time. Regenerated whenever a pack changes.
function(exportctl_embed_packs)
  cmake_parse_arguments(ARG "" "OUTPUT" "PACKS" ${ARGN})
  add_custom_command(
    OUTPUT "${ARG_OUTPUT}"
    COMMAND ${CMAKE_COMMAND} -DOUTPUT=${ARG_OUTPUT} "-DPACKS=${ARG_PACKS}"
            -P "${PROJECT_SOURCE_DIR}/cmake/exportctl-embed-run.cmake"
    DEPENDS ${ARG_PACKS} "${PROJECT_SOURCE_DIR}/cmake/exportctl-embed-run.cmake"
    COMMENT "Embedding the built-in rule packs"
    VERBATIM)
endfunction()

# exportctl_embed_text(FILE table.txt OUTPUT table.inc NAME kTable)
# Writes a header that holds a data file's text as `inline constexpr std::string_view kTable`, so
# that a table of data (ISO codes, the screening lists) stays a data file that the code parses at
# compile time (internal/text_table.h). Written at configure time, and again when the file changes.
function(exportctl_embed_text)
  cmake_parse_arguments(ARG "" "FILE;OUTPUT;NAME" "" ${ARGN})
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${ARG_FILE}")
  file(READ "${ARG_FILE}" EXPORTCTL_EMBEDDED_TEXT)
  file(RELATIVE_PATH source "${PROJECT_SOURCE_DIR}" "${ARG_FILE}")
  set(EXPORTCTL_EMBEDDED_NAME "${ARG_NAME}")
  set(EXPORTCTL_EMBEDDED_SOURCE "${source}")
  file(CONFIGURE OUTPUT "${ARG_OUTPUT}" @ONLY CONTENT [=[
// Generated from @EXPORTCTL_EMBEDDED_SOURCE@ by exportctl_embed_text (cmake/exportctl-embed.cmake): do not edit.
#include <string_view>
inline constexpr std::string_view @EXPORTCTL_EMBEDDED_NAME@ = R"exportctl(@EXPORTCTL_EMBEDDED_TEXT@)exportctl";
]=])
endfunction()
