// check_support.hpp — helpers of the checker diagnostic tables: compile a pack text and render
// its diagnostics, wrap one requirement into a minimal pack.
#pragma once

#include <doctest/doctest.h>

#include <memory>
#include <string>
#include <string_view>

#include "compile.hpp"

namespace check_test {

inline std::string check(std::string text) {
  auto src = std::make_shared<stancheck::source_file>("t.rules", std::move(text));
  return stancheck::render_diagnostics(stancheck::compile_sources({src}).diagnostics);
}

/// A one-rule pack whose requirement (line 6) is `requirement`; "forbid ..." makes it a forbid rule.
inline std::string wrap(std::string_view requirement) {
  std::string keyword = "require";
  if (requirement.starts_with("forbid ")) {
    keyword = "forbid";
    requirement.remove_prefix(7);
  }
  return "pack t \"T\" {\n"
         "  namespace eid = \"urn:x\"\n"
         "  rule R-1 error \"t\" {\n"
         "    clause \"NISP\"\n"
         "    for each eid:interface\n"
         "    " + keyword + " " + std::string(requirement) + "\n"
         "    message \"m\"\n"
         "  }\n"
         "}\n";
}

struct row {
  const char* input;
  const char* expected;
};

}  // namespace check_test
