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
