# ctest.cmake — registers the test suites with ctest (included from the top CMakeLists.txt).
include(doctest)
doctest_discover_tests(stancheck_tests
  WORKING_DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR}
  PROPERTIES ENVIRONMENT "STANCHECK_BINARY=$<TARGET_FILE:stancheck>"
             # a test name ctest mangles would run no case and pass silently: fail it instead
             FAIL_REGULAR_EXPRESSION "test cases: +0 [|]")

# The shipped packs lint clean and pass their own test vectors (every rule has a failing and a
# passing vector).
add_test(NAME shipped_packs_lint COMMAND stancheck rules lint ${CMAKE_CURRENT_SOURCE_DIR}/rules)
add_test(NAME shipped_packs_vectors COMMAND stancheck rules test
         --rules ${CMAKE_CURRENT_SOURCE_DIR}/rules ${CMAKE_CURRENT_SOURCE_DIR}/test-vectors)
set_tests_properties(shipped_packs_vectors PROPERTIES PASS_REGULAR_EXPRESSION " 0 problem\\(s\\)")

# The installed program finds the installed packs.
add_test(NAME install_finds_packs COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/tests/install_test.sh ${CMAKE_BINARY_DIR})
