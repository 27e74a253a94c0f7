// parser_test.cpp — the rule-pack parser: printed ASTs, exact diagnostics, recovery, limits.
#include <doctest/doctest.h>

#include <random>
#include <string>

#include "parse.hpp"

using namespace stancheck;

namespace {

/// Parses `pack p "t" { predicate x() = EXPR }` and prints the predicate's body.
std::string print_expression(const std::string& expr) {
  auto r = parse_rule_pack("pack p \"t\" { predicate x() = " + expr + "\n}\n", "e.rules");
  if (!r) return "ERROR " + render_diagnostics(r.diagnostics);
  return print_expr(*r.file, r.file->packs.at(0).predicates.at(0).body);
}

std::string diagnostics_of(const std::string& text) {
  return render_diagnostics(parse_rule_pack(text, "t.rules").diagnostics);
}

struct row {
  const char* source;
  const char* expected;
};

const char* const valid_pack = R"pack(# Link 16 band
pack link16 "Link 16 terminal declarations" {
  standard "STANAG 5516" edition 8 date 2019-04-01
  version "1.0.0"
  namespace eid = "urn:stancheck:eid:1"
  import common
  table iff_frequencies { 1030 MHz, 1090 MHz }
  table modes { "A": 1, "B": -2.5, }
  predicate is_link16($i) = $i/@standard = "STANAG 5516"
  level 1 "Declares the band"
  rule L16-BAND-01 error "Link 16 operates in 960-1215 MHz" {
    clause "STANAG 5516 Ed 8 (public band facts)"
    help "Link 16 terminals hop over 51 frequencies."
    level 1
    for each eid:interface[@kind = "datalink" and is_link16(.)]
    let $low = eid:param[@name = "band-low"]/@value
    require $low >= 960 MHz and eid:param[@name = "band-high"]/@value <= 1215 MHz
    message "declared band {$low} leaves 960 MHz .. 1215 MHz {{sic}}"
    fix "declare a band within 960-1215 MHz"
  }
  rule L16-TEST-01 warning "Band test passed" {
    clause "stancheck evidence"
    for each eid:interface
    forbid not passed("L16-BAND-TEST", 365 d)
    message "no recent pass of {"L16-BAND-TEST"}"
  }
}
profile accession "Pre-submission self-check" {
  include pack *
  exclude rule S4586-LOI-*
  severity L16-EDITION-01 error
  extends ci-default
}
waiver W-2026-001 {
  rule L16-BAND-01
  system "FR-UAV-0001"
  justification "Band extension under trial"
  approver "NAD FR"
  expires 2027-06-30
}
)pack";

}  // namespace

TEST_SUITE("parser") {
  TEST_CASE("expressions print as S-expressions") {
    const row rows[] = {
        {R"("a\"b\\c\n\td")", R"("a\"b\\c\n\td")"},
        {"12", "12"},
        {"2.5", "2.5"},
        {"1e3", "1000"},
        {"-3", "-3"},
        {"- 3 V", "(q -3 V)"},
        {"true", "true"},
        {"false", "false"},
        {"2027-01-31", "(date 2027-01-31)"},
        {"960 MHz", "(q 960 MHz)"},
        {"2400 bit/s", "(q 2400 bit/s)"},
        {"365 d", "(q 365 d)"},
        {"28V", "(q 28 V)"},
        {"5 µs", "(q 5 µs)"},
        {"50 %", "(q 50 %)"},
        {"$x", "$x"},
        {"$x/@a", "(path $x @a)"},
        {"$x/2", "(/ $x 2)"},
        {"@kind", "@kind"},
        {"@*", "@*"},
        {"*", "*"},
        {".", "."},
        {"../@id", "(path .. @id)"},
        {"eid:interface/eid:param[@name = \"x\"]/@value",
         "(path eid:interface eid:param[(= @name \"x\")] @value)"},
        {"//eid:sidc", "(path / //eid:sidc)"},
        {"/eid:catalogue/eid:system", "(path / eid:catalogue eid:system)"},
        {"a//b", "(path a //b)"},
        {"a[1][@x]", "a[1][@x]"},
        {"level/version", "(path level version)"},
        {"count(*)", "(call count *)"},
        {"today()", "(call today)"},
        {"lookup(t, @k)", "(call lookup t @k)"},
        {"not not a", "(not (not a))"},
        {"a or b or c", "(or (or a b) c)"},
        {"a and b or c and d", "(or (and a b) (and c d))"},
        {"a or b and c", "(or a (and b c))"},
        {"not a = b", "(not (= a b))"},
        {"not (a or b)", "(not (or a b))"},
        {"a < b or a <= b or a > b or a >= b or a != b",
         "(or (or (or (or (< a b) (<= a b)) (> a b)) (>= a b)) (!= a b))"},
        {"1 + 2 * 3 - 4 / 5", "(- (+ 1 (* 2 3)) (/ 4 5))"},
        {"(1 + 2) * 3", "(* (+ 1 2) 3)"},
        {"-a * b", "(* (neg a) b)"},
        {"@a - 1", "(- @a 1)"},
        {"- - 3", "3"},
        {"x in {1, 2, 3}", "(in x (set 1 2 3))"},
        {"x in {\"a\", \"b\",}", "(in x (set \"a\" \"b\"))"},
        {"x in {}", "(in x (set))"},
        {"x not in {1}", "(not-in x (set 1))"},
        {"x in 1 .. 3", "(in x (range 1 3))"},
        {"x in 1..3", "(in x (range 1 3))"},
        {"x in 20 V .. 33 V", "(in x (range (q 20 V) (q 33 V)))"},
        {"x in @lo .. @hi", "(in x (range @lo @hi))"},
        {"x in iff_frequencies", "(in x (table iff_frequencies))"},
        {"x not in t", "(not-in x (table t))"},
        {"@v matches \"^[A-Z]+$\"", "(matches @v \"^[A-Z]+$\")"},
        {"all $i in eid:interface : $i/@kind = \"x\"",
         "(all $i eid:interface (= (path $i @kind) \"x\"))"},
        {"any $p in $i/eid:param : exists($p/@value)",
         "(any $p (path $i eid:param) (call exists (path $p @value)))"},
        {"all $x in a : $x and b", "(all $x a (and $x b))"},
        {"count(a) = 3 and b", "(and (= (call count a) 3) b)"},
        {"x = 5 or y", "(or (= x 5) y)"},
        {"(x = 3) in {true}", "(in (= x 3) (set true))"},
        {"passed(\"L16-BAND-TEST\", 365 d)", "(call passed \"L16-BAND-TEST\" (q 365 d))"},
        {"version(@edition) >= version(\"4\")",
         "(>= (call version @edition) (call version \"4\"))"},
        {"starts_with(lower(trim(@n)), \"stanag\")",
         "(call starts_with (call lower (call trim @n)) \"stanag\")"},
        {"a # comment\n and b", "(and a b)"},
    };
    for (const auto& r : rows) {
      CAPTURE(r.source);
      CHECK(print_expression(r.source) == r.expected);
    }
  }

  TEST_CASE("files print one item per line") {
    const row rows[] = {
        {"", ""},
        {"# only a comment\n", ""},
      {"\xEF\xBB\xBFpack p \"t\" {}", "pack p \"t\"\n"},
      {"pack p \"t\" {\r\n  version \"1\"\r\n}\r\n", "pack p \"t\"\n  version \"1\"\n"},
        {"pack p \"t\" {}", "pack p \"t\"\n"},
        {"pack p \"t\" { standard \"STANAG 4586\" }", "pack p \"t\"\n  standard \"STANAG 4586\"\n"},
        {"pack p \"t\" { standard \"STANAG 4774\" edition A date 2020-01-02 }",
         "pack p \"t\"\n  standard \"STANAG 4774\" edition A date 2020-01-02\n"},
        {"pack p \"t\" { standard \"S\" edition \"4.1\" }",
         "pack p \"t\"\n  standard \"S\" edition 4.1\n"},
        {"pack p \"t\" { import a import b }", "pack p \"t\"\n  import a\n  import b\n"},
        {"pack p \"t\" { table t { 1: \"one\", 2 V: 2027-01-01, true } }",
         "pack p \"t\"\n  table t {1: \"one\", (q 2 V): (date 2027-01-01), true}\n"},
        {"pack p \"t\" { predicate q($a, $b) = $a = $b }",
         "pack p \"t\"\n  predicate q($a, $b) = (= $a $b)\n"},
        {"pack p \"t\" { level 3 \"Full\" }", "pack p \"t\"\n  level 3 \"Full\"\n"},
        {"pack p \"t\" { rule R info \"t\" { for each x require true message \"m\" } }",
         "pack p \"t\"\n  rule R info \"t\"\n    for each x\n    require true\n    message "
         "\"m\"\n"},
        {"pack p \"t\" { rule R error \"t\" { let $a = 1 let $b = $a forbid $b > 0 } }",
         "pack p \"t\"\n  rule R error \"t\"\n    let $a = 1\n    let $b = $a\n    forbid (> $b "
         "0)\n"},
        {"pack p \"t\" { rule R bad \"t\" { message \"{@a}{{x}}{$b + 1}\" fix \"f {.}\" } }",
         "pack p \"t\"\n  rule R bad \"t\"\n    message {@a} \"{x}\" {(+ $b 1)}\n    fix \"f \" "
         "{.}\n"},
        {"profile ci { include rule L16-* exclude pack old }",
         "profile ci\n  include rule L16-*\n  exclude pack old\n"},
        {"waiver W { expires 2027-06-30 rule R }", "waiver W\n  rule R\n  expires 2027-06-30\n"},
        {valid_pack,
         "pack link16 \"Link 16 terminal declarations\"\n"
         "  standard \"STANAG 5516\" edition 8 date 2019-04-01\n"
         "  version \"1.0.0\"\n"
         "  namespace eid = \"urn:stancheck:eid:1\"\n"
         "  import common\n"
         "  table iff_frequencies {(q 1030 MHz), (q 1090 MHz)}\n"
         "  table modes {\"A\": 1, \"B\": -2.5}\n"
         "  predicate is_link16($i) = (= (path $i @standard) \"STANAG 5516\")\n"
         "  level 1 \"Declares the band\"\n"
         "  rule L16-BAND-01 error \"Link 16 operates in 960-1215 MHz\"\n"
         "    clause \"STANAG 5516 Ed 8 (public band facts)\"\n"
         "    help \"Link 16 terminals hop over 51 frequencies.\"\n"
         "    level 1\n"
         "    for each eid:interface[(and (= @kind \"datalink\") (call is_link16 .))]\n"
         "    let $low = (path eid:param[(= @name \"band-low\")] @value)\n"
         "    require (and (>= $low (q 960 MHz)) (<= (path eid:param[(= @name \"band-high\")] "
         "@value) (q 1215 MHz)))\n"
         "    message \"declared band \" {$low} \" leaves 960 MHz .. 1215 MHz {sic}\"\n"
         "    fix \"declare a band within 960-1215 MHz\"\n"
         "  rule L16-TEST-01 warning \"Band test passed\"\n"
         "    clause \"stancheck evidence\"\n"
         "    for each eid:interface\n"
         "    forbid (not (call passed \"L16-BAND-TEST\" (q 365 d)))\n"
         "    message \"no recent pass of \" {\"L16-BAND-TEST\"}\n"
         "profile accession \"Pre-submission self-check\"\n"
         "  include pack *\n"
         "  exclude rule S4586-LOI-*\n"
         "  severity L16-EDITION-01 error\n"
         "  extends ci-default\n"
         "waiver W-2026-001\n"
         "  rule L16-BAND-01\n"
         "  system \"FR-UAV-0001\"\n"
         "  justification \"Band extension under trial\"\n"
         "  approver \"NAD FR\"\n"
         "  expires 2027-06-30\n"},
    };
    for (const auto& r : rows) {
      CAPTURE(r.source);
      auto res = parse_rule_pack(r.source, "f.rules");
      CHECK(render_diagnostics(res.diagnostics) == "");
      REQUIRE(res.file);
      CHECK(print_file(*res.file) == r.expected);
    }
  }

  TEST_CASE("nodes record the byte offset of their first character") {
    const std::string text =
        "pack p \"t\" { rule R error \"t\" {\n"
        "  for each a/b[@c = 1]\n"
        "  require x + 2 > 3 V\n"
        "  message \"v={$y}\"\n} }";
    auto r = parse_rule_pack(text, "o.rules");
    REQUIRE(r);
    const ast::file& f = *r.file;
    const ast::rule& rule = f.packs.at(0).rules.at(0);
    CHECK(rule.offset == text.find("rule"));
    CHECK(rule.id.offset == text.find("R error"));
    CHECK(rule.severity.offset == text.find("error"));
    CHECK(rule.end == text.size() - 2);
    const ast::expr& ctx = f.exprs.at(rule.context);
    CHECK(ctx.offset == text.find("a/b"));
    CHECK(f.exprs.at(ctx.children.at(1)).offset == text.find("b[@c"));
    CHECK(f.exprs.at(f.exprs.at(ctx.children.at(1)).children.at(0)).offset == text.find("@c"));
    const ast::expr& cond = f.exprs.at(rule.condition);
    CHECK(cond.offset == text.find("x + 2"));
    CHECK(rule.condition_offset == text.find("require"));
    CHECK(f.exprs.at(cond.children.at(1)).offset == text.find("3 V"));
    CHECK(rule.message_offset == text.find("\"v="));
    REQUIRE(rule.message.size() == 2);
    CHECK(rule.message[0].offset == text.find("v="));
    CHECK(rule.message[1].offset == text.find("{$y}"));
    CHECK(f.exprs.at(rule.message[1].expr).offset == text.find("$y"));
  }

  TEST_CASE("syntax errors are exact diagnostics") {
    const row rows[] = {
        // start of file
        {"pak p \"t\" {}\n",
         "t.rules:1:1: error: expected 'pack', 'profile' or 'waiver', found 'pak'\n"
         "  pak p \"t\" {}\n  ^\n"},
        {"pack \"t\" {}\n",
         "t.rules:1:6: error: expected a pack id, found a string\n  pack \"t\" {}\n       ^\n"},
        {"pack p \"t\"\n  version \"1\"\n}\n",
         "t.rules:2:3: error: expected '{' to open the pack body, found 'version'\n"
         "    version \"1\"\n    ^\n"},
        // middle
        {"pack p \"t\" {\n  standard STANAG\n}\n",
         "t.rules:2:12: error: expected the standard's number (a string such as \"STANAG 5516\"), "
         "found 'STANAG'\n    standard STANAG\n             ^\n"},
        {"pack p \"t\" {\n  namespace eid \"urn\"\n}\n",
         "t.rules:2:17: error: expected '=' after the namespace prefix, found a string\n"
         "    namespace eid \"urn\"\n                  ^\n"},
        {"pack p \"t\" {\n  table t { 1, 2 3 }\n}\n",
         "t.rules:2:18: error: expected '}' to close the table opened at 2:11, found '3'\n"
         "    table t { 1, 2 3 }\n                   ^\n"},
        {"pack p \"t\" {\n  predicate p = 1\n}\n",
         "t.rules:2:15: error: expected '(' to open the parameter list, found '='\n"
         "    predicate p = 1\n                ^\n"},
        {"pack p \"t\" {\n  rule J \"t\" {\n  }\n}\n",
         "t.rules:2:10: error: expected a severity (error, warning or info), found a string\n"
         "    rule J \"t\" {\n           ^\n"},
        {"pack p \"t\" {\n  rule R error \"t\" {\n    let x = 1\n  }\n}\n",
         "t.rules:3:9: error: expected a variable ('$name') after 'let', found 'x'\n"
         "      let x = 1\n          ^\n"},
        {"pack p \"t\" {\n  rule R error \"t\" {\n    for a\n  }\n}\n",
         "t.rules:3:9: error: expected 'each' after 'for', found 'a'\n      for a\n          ^\n"},
        {"pack p \"t\" {\n  rule R error \"t\" {\n    bogus 1\n  }\n}\n",
         "t.rules:3:5: error: expected a rule item (clause, help, level, for each, let, require, "
         "forbid, message, fix) or '}' to close the rule, found 'bogus'\n"
         "      bogus 1\n      ^\n"},
        {"pack p \"t\" {\n  rule R error \"t\" {\n    require 1\n    forbid 2\n  }\n}\n",
         "t.rules:4:5: error: a rule has exactly one 'require' or 'forbid'\n"
         "      forbid 2\n      ^\n"},
        {"pack p \"t\" {\n  rule R error \"t\" {\n    help \"a\"\n    help \"b\"\n  }\n}\n",
         "t.rules:4:5: error: duplicate 'help': a rule has at most one\n      help \"b\"\n      "
         "^\n"},
        // inside nested expressions
        {"pack p \"t\" {\n  rule R error \"t\" {\n    require (a or (b and c)\n  }\n}\n",
         "t.rules:4:3: error: expected ')' to close the parenthesis opened at 3:13, found '}'\n"
         "    }\n    ^\n"},
        {"pack p \"t\" {\n  rule R error \"t\" {\n    require a[b[c = ]]\n  }\n}\n",
         "t.rules:3:21: error: expected a value to compare with, found ']'\n"
         "      require a[b[c = ]]\n                      ^\n"},
        {"pack p \"t\" {\n  rule R error \"t\" {\n    for each e[@a = 1\n    require 1\n  }\n}\n",
         "t.rules:4:5: error: expected ']' to close the predicate opened at 3:15, found 'require'\n"
         "      require 1\n      ^\n"},
        {"pack p \"t\" {\n  rule R error \"t\" {\n    require x in\n  }\n}\n",
         "t.rules:4:3: error: expected a set '{...}', a range 'LOW .. HIGH' or a table name after "
         "'in', found '}'\n    }\n    ^\n"},
        {"pack p \"t\" {\n  rule R error \"t\" {\n    require x matches 3\n  }\n}\n",
         "t.rules:3:23: error: expected a regular expression (a string) after 'matches', found "
         "'3'\n      require x matches 3\n                        ^\n"},
        {"pack p \"t\" {\n  rule R error \"t\" {\n    require all $x in a $x\n  }\n}\n",
         "t.rules:3:25: error: expected ':' before the quantifier's condition, found '$'\n"
         "      require all $x in a $x\n                          ^\n"},
        {"pack p \"t\" {\n  rule R error \"t\" {\n    require 1e999\n  }\n}\n",
         "t.rules:3:13: error: number out of range\n      require 1e999\n              ^\n"},
        {"pack p \"t\" {\n  rule R error \"t\" {\n    message \"x {@a\"\n  }\n}\n",
         "t.rules:3:19: error: expected '}' to close the interpolation opened at 3:16, found a "
         "string\n      message \"x {@a\"\n                    ^\n"},
        {"pack p \"t\" {\n  rule R error \"t\" {\n    message \"a } b\"\n  }\n}\n",
         "t.rules:3:16: error: a single '}' in a message must be written '}}'\n"
         "      message \"a } b\"\n                 ^\n"},
        {"pack p \"t\" {\n  rule R error \"t\" {\n    help \"bad \\q\"\n  }\n}\n",
         "t.rules:3:15: error: unknown escape in string: use \\\", \\\\, \\n or \\t\n"
         "      help \"bad \\q\"\n                ^\n"},
        {"pack p \"t\" {\n  rule R error \"t\" {\n    message \"open\n  }\n}\n",
         "t.rules:3:13: error: unterminated string: missing closing '\"' on this line\n"
         "      message \"open\n              ^\n"},
        // end of file
        {"pack p \"t\" {\n  version \"1\"\n",
         "t.rules:3:1: error: expected '}' to close pack 'p' opened at 1:1, found end of file\n"
         "  \n  ^\n"},
        {"profile x \"t\" {\n  severity R\n}\n",
         "t.rules:3:1: error: expected a severity (error, warning or info), found '}'\n  }\n  ^\n"},
        {"waiver W {\n  expires 2027\n}\n",
         "t.rules:2:11: error: expected the expiry date (YYYY-MM-DD), found '2027'\n"
         "    expires 2027\n            ^\n"},
        {"waiver W {\n  rule A\n  rule B\n}",
         "t.rules:3:3: error: duplicate 'rule': a waiver has at most one\n    rule B\n    ^\n"},
        {"pack p \"t\" { rule R error \"t\" { require a and",
         "t.rules:1:46: error: expected an expression after 'and', found end of file\n"
         "  pack p \"t\" { rule R error \"t\" { require a and\n"
         "                                               ^\n"},
    };
    for (const auto& r : rows) {
      CAPTURE(r.source);
      CHECK(diagnostics_of(r.source) == r.expected);
    }
  }

  TEST_CASE("every broken rule gets its own diagnostic and good rules survive") {
    const std::string text =
        "pack p \"t\" {\n"                                // 1
        "  rule A error \"t\" { require 1 = }\n"          // 2
        "  rule B error \"t\" { require 1 }\n"            // 3
        "  rule C error \"t\" {\n"                        // 4
        "    message \"{x\"\n"                            // 5
        "  }\n"                                           // 6
        "  version 1.0\n"                                 // 7
        "  rule D error \"t\" {\n"                        // 8
        "    require (1\n"                                // 9
        "  rule E error \"t\" { require 2 }\n"            // 10
        "  table t { 1: }\n"                              // 11
        "  rule F error \"t\" { help \"unterminated }\n"  // 12
        "  rule G warning \"t\" { require 3 }\n"          // 13
        "}\n"
        "profile broken { include nothing }\n"
        "waiver W { rule B }\n";
    auto r = parse_rule_pack(text, "m.rules");
    REQUIRE(r.file);
    std::vector<std::pair<uint32_t, uint32_t>> where;
    for (const auto& d : r.diagnostics) {
      auto lc = d.source->locate(d.offset);
      where.emplace_back(lc.line, lc.column);
    }
    CHECK(where == std::vector<std::pair<uint32_t, uint32_t>>{
                       {2, 34}, {5, 16}, {7, 11}, {10, 3}, {11, 16}, {12, 27}, {15, 26}});
    CHECK(print_file(*r.file) ==
          "pack p \"t\"\n"
          "  rule B error \"t\"\n    require 1\n"
          "  rule E error \"t\"\n    require 2\n"
          "  rule G warning \"t\"\n    require 3\n"
          "waiver W\n  rule B\n");
  }

  TEST_CASE("a broken pack header still reports errors in the pack's rules") {
    auto r = parse_rule_pack(
        "pack 12 \"t\" {\n  rule A error \"t\" { require ( }\n}\n"
        "pack q \"t\" {}\n",
        "h.rules");
    REQUIRE(r.diagnostics.size() == 2);
    CHECK(r.diagnostics[0].message == "expected a pack id, found '12'");
    CHECK(r.diagnostics[1].message == "expected an expression after '(', found '}'");
    REQUIRE(r.file);
    REQUIRE(r.file->packs.size() == 1);
    CHECK(r.file->packs[0].id.text == "q");
  }

  TEST_CASE("deep nesting is a diagnostic, never a stack overflow") {
    const int n = 100000;
    auto rep = [](const char* s, int k) {
      std::string out;
      for (int i = 0; i < k; ++i) out += s;
      return out;
    };
    const std::string prefix = "pack p \"t\" { predicate x() = ";
    struct deep {
      std::string body;
      std::size_t error_at;  // offset in body
    };
    const deep cases[] = {
        {rep("(", n) + "1" + rep(")", n), 200},
        {rep("not ", n) + "1", 200 * 4},
        {rep("- ", n) + "1", 200 * 2},
        {rep("-", n) + "1", 200},
        {rep("a[", n) + "1" + rep("]", n), 200 * 2},
        {rep("f(", n) + "1" + rep(")", n), 200 * 2},
        {rep("x in {", n) + rep("}", n), 200 * 6},
    };
    for (const auto& c : cases) {
      CAPTURE(c.body.substr(0, 12));
      auto r = parse_rule_pack(prefix + c.body + " }", "deep.rules");
      REQUIRE(r.diagnostics.size() == 1);
      CHECK(r.diagnostics[0].message == "expression nested deeper than 200 levels");
      CHECK(r.diagnostics[0].offset == prefix.size() + c.error_at);
    }
    // 199 parentheses inside the predicate's body (level 1) are still fine.
    CHECK(print_expression(rep("(", 199) + "1" + rep(")", 199)) == "1");
    // Long operator chains build deep trees: bounded too.
    auto chain = parse_rule_pack(prefix + "a" + rep(" and a", n) + " }", "chain.rules");
    REQUIRE(chain.diagnostics.size() == 1);
    CHECK(chain.diagnostics[0].message.find("more than 1000 nested operations") !=
          std::string::npos);
    CHECK(print_expression("a" + rep(" or a", 900)).size() == 1 + 7 * 900);  // "(or " ... " a)"
    // Nested interpolations inside messages go through the same guard.
    auto msg = parse_rule_pack(
        "pack p \"t\" { rule R error \"t\" { message \"{" + rep("(", n) + "}\" } }", "msg.rules");
    REQUIRE(msg.diagnostics.size() == 1);
    CHECK(msg.diagnostics[0].message == "expression nested deeper than 200 levels");
  }

  TEST_CASE("hostile sizes parse in linear time") {
    std::string big(10u << 20, 'x');
    auto r = parse_rule_pack("pack p \"t\" { rule R error \"t\" { help \"" + big + "\" } }", "big");
    REQUIRE(r);
    CHECK(r.file->packs[0].rules[0].help.size() == big.size());
    auto u = parse_rule_pack("pack p \"t\" { rule R error \"t\" { help \"" + big + " } }", "big");
    REQUIRE(u.diagnostics.size() == 1);
    CHECK(u.diagnostics[0].message == "unterminated string: missing closing '\"' on this line");

    std::string steps = "a";
    while (steps.size() < (1u << 20)) steps += "/eid:b";
    auto p =
        parse_rule_pack("pack p \"t\" { rule R error \"t\" { for each " + steps + " } }", "line");
    REQUIRE(p);
    CHECK(p.file->exprs.at(p.file->packs[0].rules[0].context).children.size() ==
          1 + (steps.size() - 1) / 6);

    std::string set = "x in {1";
    while (set.size() < (1u << 20)) set += ", 1";
    auto s = parse_rule_pack("pack p \"t\" { predicate q() = " + set + "} }", "set");
    CHECK(s);
  }

  TEST_CASE("parse_rule_pack never throws on mutated and truncated packs") {
    const std::string base = valid_pack;
    REQUIRE(parse_rule_pack(base, "base.rules"));
    std::mt19937 rng(20260113);
    const std::string alphabet = "{}[]()\"\\$@/:.,=<>!-+*#\n ab1µ";
    int with_errors = 0;
    for (int i = 0; i < 400; ++i) {
      std::string text = base;
      int edits = 1 + static_cast<int>(rng() % 4);
      for (int k = 0; k < edits && !text.empty(); ++k) {
        std::size_t at = rng() % text.size();
        switch (rng() % 4) {
          case 0:
            text.erase(at, 1 + rng() % 8);
            break;
          case 1:
            text.insert(at, 1, alphabet[rng() % alphabet.size()]);
            break;
          case 2:
            text[at] = alphabet[rng() % alphabet.size()];
            break;
          default:
            text.resize(at);
            break;  // truncation
        }
      }
      CAPTURE(text);
      parse_result r;
      CHECK_NOTHROW(r = parse_rule_pack(text, "fuzz.rules"));
      REQUIRE(r.file);
      for (const auto& d : r.diagnostics) {
        CHECK(d.offset <= text.size());
        CHECK(!d.message.empty());
      }
      CHECK_NOTHROW((void)print_file(*r.file));
      CHECK_NOTHROW((void)render_diagnostics(r.diagnostics));
      with_errors += r.diagnostics.empty() ? 0 : 1;
    }
    CHECK(with_errors > 100);  // the mutations really did break most packs
  }

  TEST_CASE("units never swallow keywords") {
    const row rows[] = {
        {"3 and b", "(and 3 b)"},
        {"5 or b", "(or 5 b)"},
        {"x in 1 .. 3", "(in x (range 1 3))"},
        {"1 in t", "(in 1 (table t))"},
        {"2 matches \"x\"", "(matches 2 \"x\")"},
        {"3 d", "(q 3 d)"},
        {"3 min", "(q 3 min)"},
    };
    for (const auto& r : rows) {
      CAPTURE(r.source);
      CHECK(print_expression(r.source) == r.expected);
    }
    // A unit never reaches the next line's keyword either.
    auto r = parse_rule_pack("pack p \"t\" { predicate q() = 5\n  level 1 \"x\" }", "u.rules");
    REQUIRE(r);
    CHECK(r.file->packs[0].levels.size() == 1);
  }

}  // TEST_SUITE
