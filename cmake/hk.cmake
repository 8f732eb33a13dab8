# hk_library(<folder> DEPS <targets...>): builds src/<folder>/*.cpp (and detail/, sub
# folders listed in SUBDIRS) into the static library hk_<folder>.
function(hk_library name)
  cmake_parse_arguments(HL "" "" "DEPS;SUBDIRS" ${ARGN})
  file(GLOB _srcs CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*.cpp)
  foreach(sub detail ${HL_SUBDIRS})
    file(GLOB _sub CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/${sub}/*.cpp)
    list(APPEND _srcs ${_sub})
  endforeach()
  add_library(hk_${name} STATIC ${_srcs})
  target_include_directories(hk_${name} PUBLIC ${CMAKE_SOURCE_DIR}/src)
  target_compile_options(hk_${name} PRIVATE ${HK_WARNINGS})
  target_link_libraries(hk_${name} PUBLIC ${HL_DEPS})
endfunction()

# hk_test(<name> SOURCES ... DEPS ... LABELS ...): one GoogleTest binary, tests
# discovered one by one so that ctest -j2 spreads them.
function(hk_test name)
  cmake_parse_arguments(HT "" "" "SOURCES;DEPS;LABELS" ${ARGN})
  add_executable(${name} ${HT_SOURCES})
  target_compile_options(${name} PRIVATE ${HK_WARNINGS})
  target_include_directories(${name} PRIVATE ${CMAKE_SOURCE_DIR}/src ${CMAKE_SOURCE_DIR}/tests)
  target_link_libraries(${name} PRIVATE ${HT_DEPS} GTest::gmock GTest::gtest_main)
  set_target_properties(${name} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/tests)
  gtest_discover_tests(${name} PROPERTIES LABELS "${HT_LABELS}"
    ENVIRONMENT "HK_SOURCE_DIR=${CMAKE_SOURCE_DIR}" DISCOVERY_TIMEOUT 60)
endfunction()
