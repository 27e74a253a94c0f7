// evaluate_test.cpp — one row per language construct, each evaluated on small documents: true,
// false, missing node, wrong unit, empty value.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>

#include "dispatch.hpp"
#include "engine_support.hpp"
#include "value.hpp"

using namespace engine_test;

namespace {

std::string pack_with(std::string_view lets, std::string_view cond, std::string_view kind = "require") {
  std::string p = R"(pack t "Evaluator test pack" {
  standard "STANAG 9999" edition 1
  version "1.0.0"
  namespace eid = "urn:stancheck:eid:1"
  table kinds { "power", "datalink" }
  table bands { "L": 1 GHz, "S": 3 GHz }
  table freqs { 1030 MHz, 1090 MHz }
  table codes { 1: "one", 2: "two" }
  table dates { 2025-01-01: "new year" }
  predicate is_power($i) = $i/@kind = "power"
  predicate above($i, $q) = $i/@v >= $q
  rule R-1 error "the rule's title" {
    clause "stancheck test"
    for each eid:interface
)";
  p += std::string(lets) + "\n    " + std::string(kind) + " " + std::string(cond) + "\n";
  p += "    message \"failed\"\n  }\n}\n";
  return p;
}

std::string doc_with(std::string_view iface) {
  return "<system xmlns=\"urn:stancheck:eid:1\" id=\"S1\">\n  " + std::string(iface) + "\n</system>\n";
}

struct row {
  const char* cond;
  const char* iface;
  const char* expect;  // "pass", "fail", or a text the single finding's message must contain
  const char* lets = "";
};

// clang-format off
const row rows[] = {
  // quantities: true, false, missing, wrong unit, no unit, empty, prefixes
  {"@v >= 20 V", R"(<interface v="28 V"/>)", "pass"},
  {"@v >= 20 V", R"(<interface v="0.028 kV"/>)", "pass"},
  {"@v >= 20 V", R"(<interface v="12 V"/>)", "fail"},
  {"@v >= 20 V", R"(<interface/>)", "fail"},
  {"@v >= 20 V", R"(<interface v="28 Hz"/>)", "failed (value '28 Hz' is not a voltage)"},
  {"@v >= 20 V", R"(<interface v="28"/>)", "failed (value '28' has no unit (expected a voltage))"},
  {"@v >= 20 V", R"(<interface v=""/>)", "fail"},
  {"@v >= 20 V", R"(<interface v="lots"/>)", "is not a voltage"},
  {"@f in 960 MHz .. 1215 MHz", R"(<interface f="1.03 GHz"/>)", "pass"},
  {"@f in 960 MHz .. 1215 MHz", R"(<interface f="1.3GHz"/>)", "fail"},
  {"@f not in 960 MHz .. 1215 MHz", R"(<interface f="1.3GHz"/>)", "pass"},
  {"@f not in 960 MHz .. 1215 MHz", R"(<interface/>)", "fail"},
  {"@r >= 2400 bit/s", R"(<interface r="9.6 kbit/s"/>)", "pass"},
  {"quantity(@high) - quantity(@low) >= 100 MHz", R"(<interface low="969 MHz" high="1206 MHz"/>)", "pass"},
  {"quantity(@high) - quantity(@low) >= 300 MHz", R"(<interface low="969 MHz" high="1206 MHz"/>)", "fail"},
  {"@low < @high", R"(<interface low="969 MHz" high="1.206 GHz"/>)", "pass"},
  {"@low < @high", R"(<interface low="1.3 GHz" high="1206 MHz"/>)", "fail"},
  // strings
  {R"(@kind = "power")", R"(<interface kind="power"/>)", "pass"},
  {R"(@kind = "power")", R"(<interface kind="Power"/>)", "fail"},
  {R"(@kind = "power")", R"(<interface/>)", "fail"},
  {R"(@kind != "power")", R"(<interface/>)", "fail"},
  {R"(@kind != "power")", R"(<interface kind="video"/>)", "pass"},
  {R"(@kind in {"power", "datalink"})", R"(<interface kind="datalink"/>)", "pass"},
  {R"(@kind in {"power", "datalink"})", R"(<interface kind="video"/>)", "fail"},
  {R"(@kind in {"power", "datalink"})", R"(<interface/>)", "fail"},
  {R"(@kind not in {"power"})", R"(<interface kind="video"/>)", "pass"},
  {R"(@kind not in {"power"})", R"(<interface/>)", "fail"},
  {"@kind in kinds", R"(<interface kind="datalink"/>)", "pass"},
  {"@kind in kinds", R"(<interface kind="video"/>)", "fail"},
  {"@kind not in kinds", R"(<interface kind="video"/>)", "pass"},
  {"@f in freqs", R"(<interface f="1.09 GHz"/>)", "pass"},
  {"@f in freqs", R"(<interface f="1091 MHz"/>)", "fail"},
  {"@f in freqs", R"(<interface f="1090 V"/>)", "is not a frequency"},
  {R"(@id matches "^i[0-9]+$")", R"(<interface id="i12"/>)", "pass"},
  {R"(@id matches "^i[0-9]+$")", R"(<interface id="x12"/>)", "fail"},
  {R"(@id matches "[0-9]")", R"(<interface id="ab1c"/>)", "pass"},
  {R"(@id matches "^i")", R"(<interface/>)", "fail"},
  {R"(lower(@kind) = "power")", R"(<interface kind="POWER"/>)", "pass"},
  {R"(upper(@kind) = "POWER")", R"(<interface kind="power"/>)", "pass"},
  {R"(trim(@kind) = "power")", R"(<interface kind=" power "/>)", "pass"},
  {"length(@id) = 3", R"(<interface id="abc"/>)", "pass"},
  {"length(@id) = 3", R"(<interface id="abcd"/>)", "fail"},
  {R"(starts_with(@id, "ab"))", R"(<interface id="abc"/>)", "pass"},
  {R"(ends_with(@id, "bc"))", R"(<interface id="abc"/>)", "pass"},
  {R"(contains(@id, "x"))", R"(<interface id="abc"/>)", "fail"},
  {R"(contains(@id, "x"))", R"(<interface/>)", "fail"},
  {R"(string(@n) = "5")", R"(<interface n="5"/>)", "pass"},
  // numbers
  {"number(@n) > 3", R"(<interface n="5"/>)", "pass"},
  {"number(@n) > 3", R"(<interface n="2"/>)", "fail"},
  {"number(@n) > 3", R"(<interface n="five"/>)", "failed (value 'five' is not a number)"},
  {"@n > 3", R"(<interface n="5"/>)", "pass"},
  {"@n > 3", R"(<interface n="5 V"/>)", "value '5 V' is not a number"},
  {"@n * 2 = 10", R"(<interface n="5"/>)", "pass"},
  {"-@n < 0", R"(<interface n="5"/>)", "pass"},
  // counting and existence
  {"count(eid:param) = 2", R"(<interface><param/><param/></interface>)", "pass"},
  {"count(eid:param) = 2", R"(<interface><param/></interface>)", "fail"},
  {"count(eid:param) = 0", R"(<interface/>)", "pass"},
  {"exists(@v)", R"(<interface v="1 V"/>)", "pass"},
  {"exists(@v)", R"(<interface/>)", "fail"},
  {"empty(@v)", R"(<interface/>)", "pass"},
  {"not exists(eid:param)", R"(<interface><param/></interface>)", "fail"},
  // quantifiers
  {"all $p in eid:param : $p/@value > 0", R"(<interface><param value="1"/><param value="2"/></interface>)", "pass"},
  {"all $p in eid:param : $p/@value > 0", R"(<interface><param value="1"/><param value="-1"/></interface>)", "fail"},
  {"all $p in eid:param : $p/@value > 0", R"(<interface/>)", "pass"},
  {R"(any $p in eid:param : $p/@name = "b")", R"(<interface><param name="a"/><param name="b"/></interface>)", "pass"},
  {R"(any $p in eid:param : $p/@name = "b")", R"(<interface/>)", "fail"},
  // let and predicates
  {"$x >= 20 V", R"(<interface v="28 V"/>)", "pass", "    let $x = @v"},
  {"$x >= 20 V", R"(<interface/>)", "fail", "    let $x = @v"},
  {"is_power(.)", R"(<interface kind="power"/>)", "pass"},
  {"is_power(.)", R"(<interface kind="video"/>)", "fail"},
  {"above(., 20 V)", R"(<interface v="28 V"/>)", "pass"},
  {"above(., 30 V)", R"(<interface v="28 V"/>)", "fail"},
  // versions
  {R"(version(@edition) >= version("4.1"))", R"(<interface edition="4.10"/>)", "pass"},
  {R"(version(@edition) >= version("4.1"))", R"(<interface edition="4.0.9"/>)", "fail"},
  {R"(version(@edition) >= version("4.1"))", R"(<interface edition="4.1.0"/>)", "pass"},
  {R"(version(@edition) >= version("4.1"))", R"(<interface/>)", "fail"},
  // dates (as-of 2026-01-15)
  {"date(@date) < 2030-01-01", R"(<interface date="2025-06-01"/>)", "pass"},
  {"@date < 2030-01-01", R"(<interface date="2025-06-01T10:00:00Z"/>)", "pass"},
  {"@date < 2030-01-01", R"(<interface date="June 2025"/>)", "value 'June 2025' is not a date"},
  {"days_between(@date, today()) <= 365", R"(<interface date="2025-06-01"/>)", "pass"},
  {"days_between(@date, today()) <= 365", R"(<interface date="2024-01-01"/>)", "fail"},
  {"today() = 2026-01-15", R"(<interface/>)", "pass"},
  // tables with values
  {"lookup(bands, @band) = 1 GHz", R"(<interface band="L"/>)", "pass"},
  {"lookup(bands, @band) = 1 GHz", R"(<interface band="S"/>)", "fail"},
  {"lookup(bands, @band) = 1 GHz", R"(<interface band="X"/>)", "fail"},
  {R"(lookup(codes, number(@n)) = "two")", R"(<interface n="2"/>)", "pass"},
  {R"(lookup(codes, number(@n)) = "two")", R"(<interface n="2.0"/>)", "pass"},
  {R"(lookup(codes, number(@n)) = "two")", R"(<interface n="3"/>)", "fail"},
  {"number(@n) in codes", R"(<interface n="1"/>)", "pass"},
  {"number(@n) in codes", R"(<interface n="7"/>)", "fail"},
  {"@n in codes", R"(<interface n="1"/>)", "pass"},
  {"@n in codes", R"(<interface n="x"/>)", "value 'x' is not a number"},
  {R"(lookup(dates, date(@d)) = "new year")", R"(<interface d="2025-01-01"/>)", "pass"},
  {"date(@d) in dates", R"(<interface d="2025-01-02"/>)", "fail"},
  // paths: positions, descendants, parent, root, attribute wildcard
  {R"(eid:param[1]/@name = "a")", R"(<interface><param name="a"/><param name="b"/></interface>)", "pass"},
  {R"(eid:param[2]/@name = "a")", R"(<interface><param name="a"/><param name="b"/></interface>)", "fail"},
  {R"(eid:param[@name = "b"]/@value = "2")", R"(<interface><param name="a" value="1"/><param name="b" value="2"/></interface>)", "pass"},
  {"count(.//eid:item) = 3", R"(<interface><item/><group><item><item/></item></group></interface>)", "pass"},
  {R"(../@id = "S1")", R"(<interface/>)", "pass"},
  {R"(/eid:system/@id = "S1")", R"(<interface/>)", "pass"},
  {"count(@*) = 2", R"(<interface id="a" kind="b"/>)", "pass"},
  {R"(eid:note = "hello world")", R"(<interface><note>hello <b>world</b></note></interface>)", "pass"},
  // boolean logic
  {R"(@kind = "power" and @v >= 20 V)", R"(<interface kind="power" v="28 V"/>)", "pass"},
  {R"(@kind = "power" and @v >= 20 V)", R"(<interface kind="power"/>)", "fail"},
  {R"(@kind = "x" or @v >= 20 V)", R"(<interface v="28 V"/>)", "pass"},
  {R"(not (@kind = "x"))", R"(<interface/>)", "pass"},
};
// clang-format on

}  // namespace

TEST_SUITE("evaluate") {

TEST_CASE("every construct on true, false, missing, wrong-unit and empty values") {
  for (const row& r : rows) {
    std::string cond = r.cond, iface = r.iface;
    CAPTURE(cond);
    CAPTURE(iface);
    compile_result c = compile_sources({std::make_shared<source_file>("test.rules", pack_with(r.lets, r.cond))});
    CHECK_MESSAGE(c.ok(), render_diagnostics(c.diagnostics));
    if (!c.ok()) continue;
    run_result res = run(c, bundles(doc_with(r.iface)));
    REQUIRE(res.systems.size() == 1);
    const auto& fs = res.systems[0].findings;
    std::string got = findings(res);
    CAPTURE(got);
    std::string expect = r.expect;
    if (expect == "pass") {
      CHECK(fs.empty());
    } else {
      REQUIRE(fs.size() == 1);
      if (expect != "fail") CHECK(fs[0].message.find(expect) != std::string::npos);
      if (expect == "fail") CHECK(fs[0].message == "failed");
    }
  }
}

TEST_CASE("forbid fails where the condition holds, and on values it cannot read") {
  struct {
    const char* iface;
    bool finding;
  } cases[] = {
      {R"(<interface v="40 V"/>)", true},
      {R"(<interface v="28 V"/>)", false},
      {R"(<interface/>)", false},  // missing: the comparison is false, so forbid passes
      {R"(<interface v="40 Hz"/>)", true},
  };
  compile_result c = compile(pack_with("", "@v > 33 V", "forbid"));
  for (const auto& k : cases) {
    std::string iface = k.iface;
    CAPTURE(iface);
    run_result res = run(c, bundles(doc_with(k.iface)));
    CHECK(res.systems[0].findings.size() == (k.finding ? 1u : 0u));
  }
}

TEST_CASE("context patterns: ancestors, predicates and positions") {
  const char* xml = R"(<catalogue xmlns="urn:stancheck:eid:1">
<system id="A">
  <interface id="a1" kind="power"/>
  <interface id="a2" kind="video"><interface id="nested" kind="power"/></interface>
</system>
</catalogue>
)";
  struct {
    const char* context;
    const char* ids;
  } cases[] = {
      {"eid:interface", "a1 a2 nested"},
      {R"(eid:interface[@kind = "power"])", "a1 nested"},
      {"eid:system/eid:interface", "a1 a2"},
      {"eid:interface/eid:interface", "nested"},
      {"eid:system//eid:interface", "a1 a2 nested"},
      {"/eid:catalogue/eid:system/eid:interface", "a1 a2"},
      {"eid:interface[2]", "a2"},
      {"eid:system[@id = \"B\"]/eid:interface", ""},
      {"*[@kind = \"video\"]", "a2"},
      // contexts the dispatch index files under an attribute value (same results as evaluating)
      {"eid:interface[is_power(.)]", "a1 nested"},
      {"eid:interface[claims(., \"video\")]", "a2"},
      {"eid:interface[@kind in {\"video\", \"power\"} and @id != \"a1\"]", "a2 nested"},
      {"eid:interface[@kind in kinds]", "a1 nested"},
      {"eid:interface[\"power\" = @kind]", "a1 nested"},
      {"eid:interface[@kind = \"power\" or @id = \"a2\"]", "a1 a2 nested"},
      {"eid:interface[not (@kind = \"power\")]", "a2"},
  };
  for (const auto& k : cases) {
    std::string context = k.context;
    CAPTURE(context);
    std::string pack = R"(pack t "T" {
  standard "STANAG 9999" edition 1
  version "1"
  namespace eid = "urn:stancheck:eid:1"
  table kinds { "power", "other" }
  predicate is_power($i) = $i/@kind = "power"
  predicate claims($i, $k) = exists($i/@id) and $i/@kind = $k
  rule R-1 error "t" {
    clause "stancheck test"
    for each )" + std::string(k.context) + R"(
    require false
    message "{@id}"
  }
})";
    compile_result c = compile(pack);
    run_result res = run(c, bundles(xml));
    std::string ids;
    for (const auto& f : res.systems[0].findings) ids += (ids.empty() ? "" : " ") + f.message;
    CHECK(ids == k.ids);
  }
}

TEST_CASE("the dispatch index files rules under the attribute values their context requires") {
  const char* pack = R"(pack t "T" {
  standard "STANAG 9999" edition 1
  version "1"
  namespace eid = "urn:stancheck:eid:1"
  table kinds { "power", "other" }
  predicate is_link16($i) = $i/@standard = "STANAG 5516"
  predicate modem($i, $std) = $i/@kind = "hf-modem" and $i/@standard = $std
  rule R-1 error "t" { clause "stancheck test" for each eid:interface[is_link16(.) and exists(@band)] require exists(@id) message "m" }
  rule R-2 error "t" { clause "stancheck test" for each eid:interface[modem(., "STANAG 4285")] require exists(@id) message "m" }
  rule R-3 error "t" { clause "stancheck test" for each eid:interface[@standard in {"A", "B"}] require exists(@id) message "m" }
  rule R-4 error "t" { clause "stancheck test" for each eid:interface[@kind in kinds] require exists(@id) message "m" }
  rule R-5 error "t" { clause "stancheck test" for each eid:interface[@kind = "x" or @id = "y"] require exists(@id) message "m" }
  rule R-6 error "t" { clause "stancheck test" for each eid:interface require exists(@id) message "m" }
  rule R-7 error "t" { clause "stancheck test" for each eid:system require exists(@id) message "m" }
})";
  compile_result c = compile(pack);
  eval::plan p(c.rules, {});
  const eval::plan::entry* e = p.by_name("interface");
  REQUIRE(e);
  CHECK(e->always.size() == 2);  // R-5 (a disjunction) and R-6
  REQUIRE(e->groups.size() == 2);
  std::string got;
  for (const auto& g : e->groups) {
    std::vector<std::string> rows;
    for (const auto& [value, cands] : g.by_value) {
      std::string row = std::string(g.attr) + "=" + std::string(value) + ":";
      for (const auto& cand : cands) row += " " + p.ir_rule(cand.rule).id;
      rows.push_back(row);
    }
    std::sort(rows.begin(), rows.end());
    for (const auto& r : rows) got += r + "\n";
  }
  CHECK(got ==
        "standard=A: R-3\nstandard=B: R-3\nstandard=STANAG 5516: R-1\n"
        "kind=hf-modem: R-2\nkind=other: R-4\nkind=power: R-4\n");
  CHECK(p.by_name("system"));
  CHECK(!p.by_name("param"));
}

TEST_CASE("namespaces are matched by URI, not by prefix") {
  const char* pack = R"(pack t "T" {
  standard "STANAG 9999" edition 1
  version "1"
  namespace e = "urn:stancheck:eid:1"
  namespace x = "urn:other"
  rule R-1 error "t" {
    clause "stancheck test"
    for each e:interface
    require not exists(x:extra) and not exists(@x:flag)
    message "{@id}"
  }
})";
  const char* xml = R"(<s:system xmlns:s="urn:stancheck:eid:1" xmlns:o="urn:other" id="S1">
  <s:interface id="plain"><extra/></s:interface>
  <interface xmlns="urn:stancheck:eid:1" id="default-ns"><o:extra/></interface>
  <s:interface id="flagged" o:flag="1"/>
  <interface id="no-namespace"/>
</s:system>
)";
  compile_result c = compile(pack);
  run_result res = run(c, bundles(xml));
  std::string ids;
  for (const auto& f : res.systems[0].findings) ids += f.message + " ";
  CHECK(ids == "default-ns flagged ");
}

TEST_CASE("messages and fixes interpolate values readably") {
  const char* pack = R"(pack t "T" {
  standard "STANAG 9999" edition 1
  version "1"
  namespace eid = "urn:stancheck:eid:1"
  rule R-1 error "t" {
    clause "stancheck test"
    for each eid:interface
    let $low = @low
    require false
    message "band {$low} .. {@high} width {quantity(@high) - quantity(@low)}, params {eid:param/@name}, missing {@nope}, n {count(eid:param)}, {{literal}}"
    fix "system {../@id} on {today()}"
  }
})";
  compile_result c = compile(pack);
  run_result res = run(c, bundles(doc_with(
                              R"(<interface low="969 MHz" high="1.206 GHz"><param name="a"/><param name="b"/></interface>)")));
  REQUIRE(res.systems[0].findings.size() == 1);
  const finding& f = res.systems[0].findings[0];
  CHECK(f.message == "band 969 MHz .. 1.206 GHz width 237 MHz, params a, b, missing (missing), n 2, {literal}");
  CHECK(f.fix == "system S1 on 2026-01-15");
}

TEST_CASE("dates and versions convert as documented") {
  using namespace stancheck::eval;
  CHECK(parse_date("2024-02-29") == days_from_civil(2024, 2, 29));
  CHECK(!parse_date("2023-02-29"));
  CHECK(!parse_date("2024-13-01"));
  CHECK(parse_date("2024-01-01T00:00:00Z") == 19723);
  CHECK(civil_from_days(19723) == "2024-01-01");
  CHECK(civil_from_days(0) == "1970-01-01");
  struct {
    const char *a, *b;
    int c;
  } versions[] = {{"4", "4.0", 0}, {"4.10", "4.9", 1}, {"A", "B", -1}, {"007", "7", 0}};
  for (const auto& v : versions) {
    CAPTURE(v.a);
    CHECK(compare_versions(v.a, v.b) == v.c);
  }
}

}  // TEST_SUITE
