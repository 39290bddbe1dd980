# kcsim_library(NAME SOURCES... [DEPS targets...])
#   A static library of one folder, with the repository root on its include path,
#   so that every header is included as "sim/time.h", "model/etcd/raft/raft.h".
function(kcsim_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_library(${name} STATIC ${ARG_SOURCES})
  target_include_directories(${name} PUBLIC ${PROJECT_SOURCE_DIR})
  target_link_libraries(${name} PUBLIC ${ARG_DEPS} PRIVATE kcsim_warnings)
  set_property(GLOBAL APPEND PROPERTY KCSIM_LIBRARIES ${name})
endfunction()

# kcsim_test(NAME SOURCES... [DEPS targets...])
#   A GoogleTest executable whose tests ctest discovers one by one.
function(kcsim_test name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} GTest::gtest GTest::gtest_main kcsim_warnings)
  target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR})  # tests/support/
  target_compile_definitions(${name} PRIVATE KCSIM_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
  gtest_discover_tests(${name} DISCOVERY_TIMEOUT 60
                       PROPERTIES ENVIRONMENT "KCSIM_SOURCE_DIR=${PROJECT_SOURCE_DIR}")
endfunction()
