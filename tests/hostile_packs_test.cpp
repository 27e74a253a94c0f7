// hostile_packs_test.cpp — hostile rule packs, generated at run time: absurd nesting, predicate
// chains that would explode, pathological and oversized regular expressions, huge tables and
// literals. Each gives a clear located error or compiles and evaluates in bounded time.
#include <doctest/doctest.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "compile.hpp"
#include "document.hpp"
#include "engine.hpp"

using namespace stancheck;

namespace {

const std::string header =
    "pack hostile \"Hostile pack\" {\n"
    "  standard \"stancheck hostile\" edition 1\n"
    "  version \"1\"\n"
    "  namespace eid = \"urn:stancheck:eid:1\"\n";

/// A pack holding `items` and one rule requiring `condition` of every system.
std::string pack_with(const std::string& items, const std::string& condition, const std::string& message = "m") {
  return header + items + "  rule H-001 error \"hostile\" {\n    clause \"stancheck hostile\"\n" +
         "    for each eid:system\n    require " + condition + "\n    message \"" + message + "\"\n  }\n}\n";
}

compile_result compile_text(const std::string& text) {
  return compile_sources({std::make_shared<source_file>("hostile.rules", text)});
}

/// The first error diagnostic, as "line:col: message".
std::string first_error(const compile_result& r) {
  for (const diagnostic& d : r.diagnostics)
    if (d.level == severity::error) {
      line_col lc = d.source ? d.source->locate(d.offset) : line_col{};
      return std::to_string(lc.line) + ":" + std::to_string(lc.column) + ": " + d.message;
    }
  return "";
}

std::size_t error_count(const compile_result& r) {
  std::size_t n = 0;
  for (const diagnostic& d : r.diagnostics) n += d.level == severity::error;
  return n;
}

/// Checks one system document with the compiled pack; returns "rule: message\n" per finding
/// (messages cut at 200 bytes).
std::string evaluate(const compile_result& c, const std::string& xml) {
  load_result lr = parse_document("sys.xml", xml);
  REQUIRE_MESSAGE(lr, lr.error.message);
  std::shared_ptr<const document> doc = lr.doc;
  system_bundle b;
  b.id = "H-0001";
  b.documents.push_back(doc);
  b.roots.push_back({doc->dom.document_element(), doc.get()});
  b.files.push_back("sys.xml");
  engine_options o;
  o.as_of = "2026-12-01";
  run_result r = check_bundles(c.rules, {b}, o);
  std::string out;
  for (const system_result& s : r.systems)
    for (const finding& f : s.findings) out += f.rule + ": " + f.message.substr(0, 200) + "\n";
  return out;
}

std::string repeat(std::string_view s, std::size_t n) {
  std::string out;
  out.reserve(s.size() * n);
  for (std::size_t i = 0; i < n; ++i) out += s;
  return out;
}

const int require_line = 8;     // the `require` line of pack_with("", ...)
const int require_column = 13;  // the first column after "    require "

}  // namespace

TEST_SUITE("hostile") {

TEST_CASE("hostile packs: nesting 100,000 deep is an error where the limit is crossed") {
  struct nest_case {
    const char* what;
    std::string condition;
    const char* message;
    int column;  // of the error on the `require` line
  };
  const std::size_t n = 100000;
  const nest_case cases[] = {
      {"parentheses", repeat("(", n) + "true" + repeat(")", n), "nested deeper than 200 levels", require_column + 200},
      {"not", repeat("not ", n) + "true", "nested deeper than 200 levels", require_column + 4 * 200},
      {"unary minus", repeat("- ", n) + "1 = 1", "nested deeper than 200 levels", require_column + 2 * 200},
      {"step predicates", repeat("eid:a[", n) + "true" + repeat("]", n), "nested deeper than 200 levels",
       require_column + 6 * 200},
      {"an `and` chain", "true" + repeat(" and @id = \"x\"", n), "more than 1000", 0},
      {"a `+` chain", "1" + repeat(" + count(*)", n) + " > 0", "more than 1000", 0},
  };
  for (const nest_case& c : cases) {
    CAPTURE(c.what);
    compile_result r = compile_text(pack_with("", c.condition));
    REQUIRE_FALSE(r.ok());
    std::string e = first_error(r);
    CHECK_MESSAGE(e.find(c.message) != std::string::npos, e);
    CHECK(e.rfind(std::to_string(require_line) + ":", 0) == 0);
    if (c.column) CHECK_MESSAGE(e.rfind(std::to_string(require_line) + ":" + std::to_string(c.column) + ":", 0) == 0, e);
    CHECK(error_count(r) < 10);  // one clear error, not one per level
  }
}

TEST_CASE("hostile packs: predicates that would multiply their cost are refused") {
  // p_k calls p_(k-1) twice: evaluating p_40 would take 2^40 steps.
  std::string items = "  predicate p0($s) = $s/@id = \"nobody\"\n";
  for (int k = 1; k <= 40; ++k)
    items += "  predicate p" + std::to_string(k) + "($s) = p" + std::to_string(k - 1) + "($s) or p" +
             std::to_string(k - 1) + "($s)\n";
  compile_result r = compile_text(pack_with(items, "p40(.)"));
  REQUIRE_FALSE(r.ok());
  // p14 is the first whose expanded body exceeds 100,000 operations; reported once, at its name.
  CHECK(first_error(r) ==
        "19:13: predicate 'p14' is too costly to evaluate: with every predicate call expanded it has more than "
        "100000 operations (predicates that call others several times multiply their cost)");
  CHECK(error_count(r) == 1);
}

TEST_CASE("hostile packs: a chain of 2,000 predicates is refused before it can exhaust the stack") {
  std::string items = "  predicate q0($s) = $s/@id = \"nobody\"\n";
  for (int k = 1; k <= 2000; ++k)
    items += "  predicate q" + std::to_string(k) + "($s) = not q" + std::to_string(k - 1) + "($s)\n";
  compile_result r = compile_text(pack_with(items, "q2000(.)"));
  REQUIRE_FALSE(r.ok());
  CHECK(first_error(r).find("nests too deeply") != std::string::npos);
  CHECK(error_count(r) == 1);
}

TEST_CASE("hostile packs: a chain of 300 predicates is fine and evaluates") {
  std::string items = "  predicate q0($s) = $s/@id = \"nobody\"\n";
  for (int k = 1; k <= 300; ++k)
    items += "  predicate q" + std::to_string(k) + "($s) = not q" + std::to_string(k - 1) + "($s)\n";
  compile_result r = compile_text(pack_with(items, "q300(.)"));  // an even number of nots: false
  REQUIRE_MESSAGE(r.ok(), render_diagnostics(r.diagnostics));
  CHECK(evaluate(r, "<system xmlns=\"urn:stancheck:eid:1\" id=\"H-0001\"/>") == "H-001: m\n");
}

TEST_CASE("hostile packs: (a*)*b on a megabyte of 'a' runs in linear time") {
  compile_result r = compile_text(pack_with("", "not (@name matches \"^(a*)*b$\")", "matched"));
  REQUIRE_MESSAGE(r.ok(), render_diagnostics(r.diagnostics));
  std::string xml = "<system xmlns=\"urn:stancheck:eid:1\" id=\"H-0001\" name=\"" + std::string(1 << 20, 'a') + "\"/>";
  CHECK(evaluate(r, xml).empty());  // no match: a backtracking engine would never return
  xml.insert(xml.size() - 3, "b");
  CHECK(evaluate(r, xml) == "H-001: matched\n");
}

TEST_CASE("hostile packs: regular expressions RE2 cannot run in linear time or memory are errors") {
  struct re_case {
    const char* pattern;
    const char* message;
  };
  const re_case cases[] = {
      {"(a)\\\\1", "invalid regular expression: invalid escape sequence: \\1"},
      {"(?=a)", "invalid regular expression: invalid perl operator: (?="},
      {"((a{100}){100}){100}", "invalid regular expression: invalid repetition size: {100}"},
      {"\\\\pL{1000}", "invalid regular expression: pattern too large - compile failed"},
  };
  for (const re_case& c : cases) {
    CAPTURE(c.pattern);
    compile_result r = compile_text(pack_with("", std::string("@name matches \"") + c.pattern + "\""));
    REQUIRE_FALSE(r.ok());
    std::string e = first_error(r);
    CHECK_MESSAGE(e.find(c.message) != std::string::npos, e);
    CHECK(e.rfind("8:27: ", 0) == 0);  // at the pattern
  }
}

TEST_CASE("hostile packs: a table of 100,000 entries") {
  std::string items = "  table big {";
  for (int k = 0; k < 100000; ++k) items += (k ? ", \"K" : " \"K") + std::to_string(k) + "\": " + std::to_string(k) + " V";
  items += " }\n";
  compile_result r = compile_text(pack_with(items, "lookup(big, @name) < 50000 V", "too high: {lookup(big, @name)}"));
  REQUIRE_MESSAGE(r.ok(), render_diagnostics(r.diagnostics));
  CHECK(evaluate(r, "<system xmlns=\"urn:stancheck:eid:1\" id=\"H-0001\" name=\"K49999\"/>").empty());
  CHECK(evaluate(r, "<system xmlns=\"urn:stancheck:eid:1\" id=\"H-0001\" name=\"K99999\"/>") ==
        "H-001: too high: 99.999 kV\n");
}

TEST_CASE("hostile packs: enormous string literals, names and numbers") {
  SUBCASE("a 16 MB string literal compares and interpolates") {
    std::string big(16u << 20, 'x');
    compile_result r = compile_text(pack_with("", "@name = \"" + big + "\"", "{@id} is not {\"" + big + "\"}"));
    REQUIRE_MESSAGE(r.ok(), render_diagnostics(r.diagnostics));
    CHECK(evaluate(r, "<system xmlns=\"urn:stancheck:eid:1\" id=\"H-0001\" name=\"y\"/>") ==
          "H-001: H-0001 is not " + std::string(200 - 14, 'x') + "\n");
  }
  SUBCASE("an unterminated string at the end of a 16 MB line") {
    compile_result r = compile_text(header + "  version \"" + std::string(16u << 20, 'v'));
    REQUIRE_FALSE(r.ok());
    CHECK(first_error(r).rfind("5:11: ", 0) == 0);
  }
  SUBCASE("a number of 100,000 digits") {
    compile_result r = compile_text(pack_with("", "count(*) < " + std::string(100000, '9')));
    std::string e = first_error(r);
    CAPTURE(e);
    CHECK((r.ok() || e.rfind("8:", 0) == 0));
  }
  SUBCASE("a rule id of a megabyte") {
    std::string text = pack_with("", "true");
    text.replace(text.find("H-001"), 5, "H-" + std::string(1 << 20, '1'));
    compile_result r = compile_text(text);
    CHECK(r.rules.packs.size() <= 1);  // compiles or reports; never crashes
  }
}

TEST_CASE("hostile packs: nested predicates over //* stop at the evaluation budget") {
  // 300 elements, four nested walks of the whole document: 300^4 steps without a budget.
  compile_result r = compile_text(pack_with("", "count(//*[count(//*[count(//*[count(//*) > 0]) > 0]) > 0]) > 0"));
  REQUIRE_MESSAGE(r.ok(), render_diagnostics(r.diagnostics));
  std::string xml = "<system xmlns=\"urn:stancheck:eid:1\" id=\"H-0001\">" + repeat("<x/>", 300) + "</system>";
  CHECK(evaluate(r, xml) ==
        "H-001: m (evaluation stopped after 10000000 steps: the rule is too costly for this document)\n");
}

TEST_CASE("hostile packs: a path of 100,000 steps and a message of 10,000 interpolations") {
  compile_result r = compile_text(pack_with("", "not exists(" + repeat("eid:interface/", 100000) + "@id)",
                                            repeat("{@id}", 10000)));
  REQUIRE_MESSAGE(r.ok(), render_diagnostics(r.diagnostics));
  CHECK(evaluate(r, "<system xmlns=\"urn:stancheck:eid:1\" id=\"H-0001\"/>").empty());
}

}  // TEST_SUITE
