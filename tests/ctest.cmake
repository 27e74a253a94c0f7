# ctest.cmake — registers the test suites with ctest (included from the top CMakeLists.txt).
include(doctest)
doctest_discover_tests(stancheck_tests
  WORKING_DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR}
  PROPERTIES ENVIRONMENT "STANCHECK_BINARY=$<TARGET_FILE:stancheck>")
