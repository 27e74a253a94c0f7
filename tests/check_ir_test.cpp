// check_ir_test.cpp — what the checker produces: resolved namespaces, folded constants, typed
// expressions, tables, imports, slots, profiles, waivers, digests, and loading files from disk.
#include <doctest/doctest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "compile.hpp"
#include "sha256.hpp"
#include "units.hpp"

using namespace stancheck;

namespace {

compile_result compile(std::string text, std::vector<std::string> waivers = {}) {
  std::vector<source_ptr> w;
  for (std::size_t i = 0; i < waivers.size(); ++i)
    w.push_back(std::make_shared<source_file>("w" + std::to_string(i) + ".rules", std::move(waivers[i])));
  return compile_sources({std::make_shared<source_file>("t.rules", std::move(text))}, w);
}

/// A pack with one rule whose condition is `cond` and optional extra declarations.
std::string one_rule(std::string_view cond, std::string_view decls = "") {
  return "pack t \"T\" {\n  namespace eid = \"urn:eid\"\n" + std::string(decls) +
         "\n  rule R-1 error \"t\" {\n    clause \"NISP\"\n    for each eid:interface\n    require " +
         std::string(cond) + "\n    message \"m\"\n  }\n}\n";
}

const ir::expr& condition_of(const compile_result& r) {
  const ir::pack& p = r.rules.packs.at(0);
  return p.exprs.at(p.rules.at(0).condition);
}

}  // namespace

TEST_CASE("paths resolve prefixes and the default namespace to URIs") {
  auto r = compile(R"(pack t "T" {
  namespace eid = "urn:eid"
  namespace default = "urn:default"
  rule R-1 error "t" {
    clause "NISP"
    for each eid:system//interface
    require exists(eid:param/@eid:unit) and exists(param/@name) and exists(*/@*) and exists(../.)
    message "m"
  }
})");
  REQUIRE(r.ok());
  INFO(render_diagnostics(r.diagnostics));
  CHECK(r.diagnostics.empty());
  const ir::pack& p = r.rules.packs[0];
  const ir::path& ctx = p.paths[p.rules[0].path_index];
  REQUIRE(ctx.steps.size() == 2);
  CHECK(ctx.origin == ir::path_origin::context);
  CHECK(ctx.steps[0].ns_uri == "urn:eid");
  CHECK(ctx.steps[0].local == "system");
  CHECK(ctx.steps[1].ax == ir::axis::descendant);
  CHECK(ctx.steps[1].ns_uri == "urn:default");
  CHECK(ctx.steps[1].local == "interface");
  // The four paths of the condition, in the order they were checked.
  std::vector<const ir::path*> paths;
  for (std::size_t i = 0; i < p.paths.size(); ++i)
    if (i != p.rules[0].path_index) paths.push_back(&p.paths[i]);
  REQUIRE(paths.size() == 4);
  CHECK(paths[0]->steps[1].ax == ir::axis::attribute);
  CHECK(paths[0]->steps[1].ns_uri == "urn:eid");
  CHECK(paths[1]->steps[0].ns_uri == "urn:default");
  CHECK(paths[1]->steps[1].ns_uri.empty());  // unprefixed attributes: no namespace
  CHECK(paths[2]->steps[0].any_name);
  CHECK(paths[2]->steps[0].ns_uri.empty());
  CHECK(paths[2]->steps[1].any_name);
  CHECK(paths[3]->steps[0].ax == ir::axis::parent);
  CHECK(paths[3]->steps[1].ax == ir::axis::self);
}

TEST_CASE("unprefixed element names mean no namespace without a default") {
  auto r = compile(R"(pack junit "J" {
  rule J-1 error "t" {
    clause "stancheck"
    for each testsuite/testcase
    require @name != ""
    message "m"
  }
})");
  REQUIRE(r.ok());
  const ir::pack& p = r.rules.packs[0];
  for (const auto& s : p.paths[p.rules[0].path_index].steps) CHECK(s.ns_uri.empty());
}

TEST_CASE("constants are folded and keep their SI value and dimension") {
  struct row { std::string cond; ir::type t; double num; std::string text; };
  const row rows[] = {
      {"@f = 2 * 480 MHz", ir::type::quantity, 960e6, "960 MHz"},
      {"@f = 1 kbit / 1 s", ir::type::quantity, 1000, "1 kbit/s"},
      {"@f = 1 V / 2 V", ir::type::number, 0.5, "0.5"},
      {"@f = -(3 V)", ir::type::quantity, -3, "-3 V"},
      {"@v >= version(\"4.1\")", ir::type::version, 0, "4.1"},
      {"@d >= date(\"2020-02-29\")", ir::type::date, 18321, "2020-02-29"},
      {"@q >= quantity(\"1.2GHz\")", ir::type::quantity, 1.2e9, "1.2GHz"},
      {"@s = upper(\"abc\")", ir::type::string, 0, "ABC"},
      {"@n = length(\"abcd\") + 1", ir::type::number, 5, "5"},
  };
  for (const auto& r : rows) {
    CAPTURE(r.cond);
    auto res = compile(one_rule(r.cond));
    REQUIRE(res.ok());
    const ir::pack& p = res.rules.packs[0];
    const ir::expr& cmp = condition_of(res);
    REQUIRE(cmp.kind == ir::expr_kind::binary);
    const ir::expr& rhs = p.exprs[cmp.children[1]];
    REQUIRE(rhs.kind == ir::expr_kind::constant);
    CHECK(rhs.result == r.t);
    CHECK(rhs.value.t == r.t);
    CHECK(rhs.value.num == doctest::Approx(r.num));
    std::string shown = r.t == ir::type::quantity ? units::format_quantity(rhs.value) : rhs.value.str;
    if (r.t == ir::type::quantity && r.text == "1.2GHz") shown = rhs.value.str;
    CHECK(shown == r.text);
  }
}

TEST_CASE("expressions carry their static types") {
  auto r = compile(one_rule("count(eid:x) > 1 and quantity(@v) > 1 V and lookup(freq, @k) > 1 MHz and @b matches \"^a+$\"",
                            "  table freq { \"a\": 1 GHz }"));
  REQUIRE(r.ok());
  const ir::pack& p = r.rules.packs[0];
  std::vector<const ir::expr*> calls;
  const ir::expr* match = nullptr;
  for (const auto& e : p.exprs) {
    if (e.kind == ir::expr_kind::call) calls.push_back(&e);
    if (e.kind == ir::expr_kind::matches) match = &e;
  }
  REQUIRE(calls.size() == 3);
  CHECK(calls[0]->fn == ir::builtin::count);
  CHECK(calls[0]->result == ir::type::number);
  CHECK(calls[1]->fn == ir::builtin::quantity);
  CHECK(calls[1]->any_dim);
  CHECK(calls[2]->fn == ir::builtin::lookup);
  CHECK(calls[2]->result == ir::type::quantity);
  CHECK(calls[2]->dim == units::frequency());
  CHECK(calls[2]->children.size() == 1);  // the key; the table is `index`
  CHECK(calls[2]->index == 0);
  REQUIRE(match != nullptr);
  REQUIRE(match->regex != nullptr);
  CHECK(condition_of(r).result == ir::type::boolean);
}

TEST_CASE("tables hold canonical keys, values and declaration order") {
  auto r = compile(one_rule("@f in iff and lookup(ed, @s) = \"8\" and @v in versions",
                            "  table iff { 1030 MHz, 1.09 GHz }\n"
                            "  table ed { \"STANAG 5516\": \"8\", \"STANAG 4586\": \"4\" }\n"
                            "  table versions { \"4.0\" }"));
  REQUIRE(r.ok());
  const ir::pack& p = r.rules.packs[0];
  REQUIRE(p.tables.size() == 3);
  const ir::table& iff = p.tables[0];
  CHECK(iff.key_type == ir::type::quantity);
  CHECK(iff.key_dim == units::frequency());
  CHECK(iff.value_type == ir::type::empty);
  REQUIRE(iff.keys.size() == 2);
  CHECK(iff.keys[1].num == 1090e6);
  CHECK(iff.entries.count(ir::canonical_key(*units::parse_quantity("1090 MHz"))) == 1);
  const ir::table& ed = p.tables[1];
  CHECK(ed.value_type == ir::type::string);
  CHECK(ed.entries.at("STANAG 4586").str == "4");
  ir::constant v{ir::type::version, 0, {}, "04.0.0"};
  CHECK(ir::canonical_key(v) == "4");
}

TEST_CASE("lets, quantifiers and predicates get frame slots") {
  auto r = compile(R"(pack t "T" {
  predicate all_named($x) = all $p in $x/param : exists($p/@name)
  rule R-1 error "t" {
    clause "NISP"
    for each interface
    let $a = @kind
    let $b = param
    require $a = "x" and all_named(.) and any $i in $b : ($i/@v = "1" and all $j in $b : exists($j))
    message "{$a}"
  }
})");
  INFO(render_diagnostics(r.diagnostics));
  REQUIRE(r.ok());
  const ir::pack& p = r.rules.packs[0];
  const ir::rule& rule = p.rules[0];
  REQUIRE(rule.lets.size() == 2);
  CHECK(rule.lets[0].slot == 0);
  CHECK(rule.lets[1].slot == 1);
  CHECK(rule.slot_count == 4);  // two lets, $i, $j
  REQUIRE(p.predicates.size() == 1);
  CHECK(p.predicates[0].param_slots == std::vector<uint32_t>{0});
  CHECK(p.predicates[0].slot_count == 2);
  REQUIRE(rule.message.size() == 1);
  CHECK(p.exprs[rule.message[0].expr].kind == ir::expr_kind::variable);
  CHECK_FALSE(rule.uses_evidence);
}

TEST_CASE("imports: predicates and tables of imported packs, evidence through predicates") {
  auto r = compile(R"(pack app "App" {
  import lib
  rule A-1 error "t" {
    clause "NISP"
    for each system
    require tested(.) and @kind in kinds
    message "m"
  }
}
pack lib "Library" {
  table kinds { "a", "b" }
  predicate tested($s) = exists($s) and passed("T-1", 365 d)
})");
  INFO(render_diagnostics(r.diagnostics));
  REQUIRE(r.ok());
  CHECK(r.diagnostics.empty());
  const ir::pack& app = r.rules.packs[0];
  CHECK(app.imports == std::vector<uint32_t>{1});
  const ir::expr& cond = condition_of(r);
  const ir::expr& call = app.exprs[cond.children[0]];
  CHECK(call.kind == ir::expr_kind::predicate);
  CHECK(call.pack_index == 1);
  CHECK(call.index == 0);
  const ir::expr& in = app.exprs[cond.children[1]];
  CHECK(in.kind == ir::expr_kind::in_table);
  CHECK(in.pack_index == 1);
  CHECK(app.rules[0].uses_evidence);
}

TEST_CASE("pack header, levels, digests and rule metadata") {
  std::string text = R"(pack l16 "Link 16" {
  standard "STANAG 5516" edition 8 date 2019-04-01
  version "1.2.0"
  level 2 "Tested"
  level 1 "Declared"
  rule L-1 warning "title" {
    clause "STANAG 5516 Ed 8"
    clause "NISP"
    help "why"
    level 2
    for each system
    forbid @x = "1"
    message "m"
    fix "f"
  }
})";
  auto r = compile(text);
  REQUIRE(r.ok());
  const ir::pack& p = r.rules.packs[0];
  CHECK(p.id == "l16");
  CHECK(p.standard == "STANAG 5516");
  CHECK(p.edition == "8");
  CHECK(p.date == "2019-04-01");
  CHECK(p.version == "1.2.0");
  CHECK(p.sha256 == sha256_hex(text));
  CHECK(p.source->name() == "t.rules");
  REQUIRE(p.levels.size() == 2);
  CHECK(p.levels[0].number == 1);
  CHECK(p.levels[1].title == "Tested");
  const ir::rule& rule = p.rules[0];
  CHECK(rule.id == "L-1");
  CHECK(rule.level == severity::warning);
  CHECK(rule.kind == ir::requirement::forbid);
  CHECK(rule.clauses == std::vector<std::string>{"STANAG 5516 Ed 8", "NISP"});
  CHECK(rule.conformance_level == 2u);
  CHECK(rule.help == "why");
  CHECK(text.substr(rule.offset, 6) == "rule L");
  CHECK(text.substr(rule.end - 1, 1) == "}");
}

TEST_CASE("clause reference formats") {
  for (std::string ok : {"STANAG 4586", "STANAG 4586 Ed 4 Annex B", "ADatP-4774", "AEP-84", "APP-6(D)",
                         "ATDLP-5.16", "MISB ST 0601.17", "MIL-STD-2525D", "MIL-STD-1275E", "IEEE 1636.1",
                         "ISO 3166-1", "ITU-R", "ITU-T G.711", "NISP", "RFC 3339", "stancheck conventions"}) {
    CAPTURE(ok);
    auto r = compile("pack t \"T\" {\n rule R error \"t\" {\n clause \"" + ok +
                     "\"\n for each x\n require @a = \"1\"\n message \"m\"\n }\n}\n");
    CHECK(r.ok());
  }
  for (std::string bad : {"STANAG", "STANAG 45", "STANAG 45860", "Stanag 4586", "MISB 0601", "ADatP4774",
                          "A-1", "ISO", "RFC3339", "stancheckx", "NISPs", "see STANAG 4586", ""}) {
    CAPTURE(bad);
    auto r = compile("pack t \"T\" {\n rule R error \"t\" {\n clause \"" + bad +
                     "\"\n for each x\n require @a = \"1\"\n message \"m\"\n }\n}\n");
    CHECK_FALSE(r.ok());
  }
}

TEST_CASE("profiles are flattened over `extends`") {
  auto r = compile(R"(pack a "A" {
  rule A-1 error "t" {
    clause "NISP"
    for each x
    require @a = "1"
    message "m"
  }
  rule A-2 error "t" {
    clause "NISP"
    for each x
    require @a = "2"
    message "m"
  }
}
profile base "Base" {
  include pack a
  exclude rule A-2
  severity A-1 warning
}
profile strict "Strict" {
  extends base
  include rule A-*
  severity A-1 error
})");
  INFO(render_diagnostics(r.diagnostics));
  REQUIRE(r.ok());
  REQUIRE(r.rules.profiles.size() == 2);
  const ir::profile& s = r.rules.profiles[1];
  CHECK(s.name == "strict");
  CHECK(s.title == "Strict");
  CHECK(s.include_packs == std::vector<std::string>{"a"});
  CHECK(s.exclude_rules == std::vector<std::string>{"A-2"});
  CHECK(s.include_rules == std::vector<std::string>{"A-*"});
  REQUIRE(s.severities.size() == 2);
  CHECK(s.severities.back() == std::pair<std::string, severity>{"A-1", severity::error});
}

TEST_CASE("waivers from a waiver file, and a waiver file holding a pack") {
  std::string pack = "pack a \"A\" {\n  rule A-1 error \"t\" {\n    clause \"NISP\"\n    for each x\n"
                     "    require @a = \"1\"\n    message \"m\"\n  }\n}\n";
  auto r = compile(pack, {"\n\nwaiver W-1 {\n  rule A-1\n  system \"FRA-1\"\n  justification \"trial\"\n"
                          "  approver \"NAD\"\n  expires 2027-06-30\n}\n"});
  INFO(render_diagnostics(r.diagnostics));
  REQUIRE(r.ok());
  REQUIRE(r.rules.waivers.size() == 1);
  const ir::waiver& w = r.rules.waivers[0];
  CHECK(w.id == "W-1");
  CHECK(w.rule == "A-1");
  CHECK(w.system == "FRA-1");
  CHECK(w.justification == "trial");
  CHECK(w.approver == "NAD");
  CHECK(w.expires == 20999);  // 2027-06-30
  CHECK(w.expires_text == "2027-06-30");
  CHECK(w.file == "w0.rules");
  CHECK(w.line == 3);

  auto bad = compile(pack, {"pack b \"B\" {\n}\n"});
  CHECK(render_diagnostics(bad.diagnostics) ==
        "w0.rules:1:1: error: a waiver file may hold only waivers, not packs\n"
        "  pack b \"B\" {\n"
        "  ^\n");
}

TEST_CASE("diagnostics come in file order across files") {
  auto a = std::make_shared<source_file>("a.rules", "pack a \"A\" {\n  rule R-1 error \"t\" {\n    clause \"NISP\"\n"
                                                    "    for each x\n    require @a = 1 V\n    message \"m\"\n  }\n}\n");
  auto b = std::make_shared<source_file>("b.rules", "pack b \"B\" {\n  rule R-1 error \"t\" {\n    clause \"NISP\"\n"
                                                    "    for each x\n    require @a = \"1\"\n    message \"m\"\n  }\n}\n"
                                                    "pack a \"Again\" {\n}\n");
  auto r = compile_sources({a, b});
  std::string out = render_diagnostics(r.diagnostics);
  CHECK(out ==
        "b.rules:2:8: error: duplicate rule id 'R-1' (first defined at a.rules:2:8)\n"
        "    rule R-1 error \"t\" {\n"
        "         ^\n"
        "b.rules:9:6: error: duplicate pack id 'a' (first defined at a.rules:1:6)\n"
        "  pack a \"Again\" {\n"
        "       ^\n");
}

TEST_CASE("compile_files walks directories in sorted order and reports unreadable files") {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / "stancheck-check-ir-test";
  fs::remove_all(dir);
  fs::create_directories(dir / "sub");
  auto write = [](const fs::path& p, const std::string& text) { std::ofstream(p, std::ios::binary) << text; };
  write(dir / "b.rules", "pack b \"B\" {\n}\n");
  write(dir / "sub" / "a.rules", "pack a \"A\" {\n}\n");
  write(dir / "notes.txt", "not a pack");
  auto r = compile_files({dir.string(), (dir / "b.rules").string(), (dir / "missing.rules").string()});
  REQUIRE(r.rules.packs.size() == 2);
  CHECK(r.rules.packs[0].id == "b");  // "b.rules" < "sub/a.rules"
  CHECK(r.rules.packs[1].id == "a");
  CHECK(r.rules.packs[1].source->name() == (dir / "sub" / "a.rules").string());
  REQUIRE(r.diagnostics.size() == 1);  // b.rules named twice is loaded once
  CHECK(r.diagnostics[0].source == nullptr);
  CHECK(r.diagnostics[0].message ==
        "cannot read '" + (dir / "missing.rules").string() + "': No such file or directory");
  CHECK_FALSE(r.ok());
  fs::remove_all(dir);
}
