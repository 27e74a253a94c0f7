// reports.hpp — turns a loaded test report (native, ATML IEEE 1636.1, JUnit XML) into test cases
// grouped by the system each one is evidence for. The DOM can be dropped afterwards.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "bundle.hpp"
#include "result.hpp"

namespace stancheck {

/// The tests a report holds for one system.
struct report_tests {
  std::string system;
  /// Where the report names the system (for "unknown system" errors once the DOM is gone).
  std::string file;
  uint32_t line = 0;
  uint32_t column = 0;
  std::vector<test_case> tests;  // in document order
};

/// Everything one report yields: groups of tests per system (a JUnit file may name several
/// systems, one per testsuite) and the problems found on the way.
struct report_extraction {
  std::vector<report_tests> groups;
  std::vector<input_error> errors;
};

/// Extracts the test cases of a report document (kind report_native, report_atml or
/// report_junit); any other kind yields one input error.
report_extraction extract_tests(const document& doc);

/// Days since 1970-01-01 of a date written `YYYY-MM-DD`, optionally followed by a time or a zone
/// (`2025-03-14T09:30:00.123+01:00`, `2025-03-14Z`, `2025-03-14 09:30`); INT32_MIN when `text`
/// is not such a date. The calendar date is taken as written (no zone conversion).
int32_t parse_date(std::string_view text);

}  // namespace stancheck
