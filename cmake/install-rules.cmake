# Install rules (cmake-init, fmt): headers, the library, the exportctl command, a CMake package
# with the namespaced target exportctl::exportctl and a version file, and a pkg-config file.
# tests/consumer builds a program against the result (scripts/test runs it).
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(EXPORTCTL_INSTALL_CMAKEDIR "${CMAKE_INSTALL_LIBDIR}/cmake/exportctl"
    CACHE STRING "Where to install exportctlConfig.cmake, relative to the prefix")

install(DIRECTORY "${PROJECT_SOURCE_DIR}/include/exportctl"
        DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}"
        COMPONENT exportctl_development
        FILES_MATCHING PATTERN "*.h")
install(FILES "${PROJECT_BINARY_DIR}/generated/include/exportctl/version.h"
        DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}/exportctl"
        COMPONENT exportctl_development)

install(TARGETS exportctl
        EXPORT exportctlTargets
        ARCHIVE DESTINATION "${CMAKE_INSTALL_LIBDIR}" COMPONENT exportctl_development
        LIBRARY DESTINATION "${CMAKE_INSTALL_LIBDIR}" COMPONENT exportctl_runtime
        RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}" COMPONENT exportctl_runtime
        INCLUDES DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}")
set_target_properties(exportctl PROPERTIES EXPORT_NAME exportctl)
if(TARGET exportctl_cli)
  install(TARGETS exportctl_cli RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}" COMPONENT exportctl_runtime)
endif()

# A static library carries its private dependencies to the link line of its users, so the
# package must find them too; a shared one needs only the public ones (its headers include
# Abseil and Boost.Date_Time).
get_target_property(EXPORTCTL_LIBRARY_TYPE exportctl TYPE)
if(EXPORTCTL_LIBRARY_TYPE STREQUAL "STATIC_LIBRARY")
  set(EXPORTCTL_STATIC ON)
  set(EXPORTCTL_PC_LIBS "-lboost_graph -lboost_date_time")
  set(EXPORTCTL_PC_REQUIRES "tomlplusplus simdjson ")
  set(EXPORTCTL_PC_REQUIRES_PRIVATE "")
else()
  set(EXPORTCTL_STATIC OFF)
  set(EXPORTCTL_PC_LIBS "-lboost_date_time")
  set(EXPORTCTL_PC_REQUIRES "")
  set(EXPORTCTL_PC_REQUIRES_PRIVATE "tomlplusplus simdjson")
endif()

install(EXPORT exportctlTargets
        NAMESPACE exportctl::
        DESTINATION "${EXPORTCTL_INSTALL_CMAKEDIR}"
        COMPONENT exportctl_development)

configure_package_config_file(
  "${PROJECT_SOURCE_DIR}/cmake/exportctlConfig.cmake.in"
  "${PROJECT_BINARY_DIR}/exportctlConfig.cmake"
  INSTALL_DESTINATION "${EXPORTCTL_INSTALL_CMAKEDIR}")
write_basic_package_version_file(
  "${PROJECT_BINARY_DIR}/exportctlConfigVersion.cmake"
  COMPATIBILITY SameMinorVersion)  # 0.x: a minor release may break the API
install(FILES "${PROJECT_BINARY_DIR}/exportctlConfig.cmake" "${PROJECT_BINARY_DIR}/exportctlConfigVersion.cmake"
        DESTINATION "${EXPORTCTL_INSTALL_CMAKEDIR}"
        COMPONENT exportctl_development)

# pkg-config: the prefix is found from the .pc file's own place, so the tree can be moved.
set(EXPORTCTL_PC_PREFIX "\${pcfiledir}")
if(IS_ABSOLUTE "${CMAKE_INSTALL_LIBDIR}")
  set(EXPORTCTL_PC_PREFIX "${CMAKE_INSTALL_PREFIX}")
else()
  string(REPLACE "/" ";" pc_parts "${CMAKE_INSTALL_LIBDIR}/pkgconfig")
  foreach(part IN LISTS pc_parts)
    string(APPEND EXPORTCTL_PC_PREFIX "/..")
  endforeach()
endif()
configure_file("${PROJECT_SOURCE_DIR}/cmake/exportctl.pc.in" "${PROJECT_BINARY_DIR}/exportctl.pc" @ONLY)
install(FILES "${PROJECT_BINARY_DIR}/exportctl.pc"
        DESTINATION "${CMAKE_INSTALL_LIBDIR}/pkgconfig"
        COMPONENT exportctl_development)
