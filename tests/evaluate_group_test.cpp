// evaluate_group_test.cpp — sibling groups (`count(../x[@k = $v]) = 1`): the indexed evaluation
// gives exactly what the general path gives (same findings, same messages, same problems) on
// duplicates, missing and empty keys, text against booleans, numbers and unreadable values; and
// it stays correct on 20,000 siblings, where the general path would be quadratic.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <string>
#include <vector>

#include "dispatch.hpp"
#include "engine_support.hpp"

using namespace engine_test;

namespace {

// Each rule comes twice: G-n with a grouped path, U-n with the same path made ungroupable by a
// conjunct that is always true (`exists(.)` is not an equality), so the general path decides.
std::string pack_for(const std::string& key_and_probe, const std::string& lets) {
  std::string p = R"(pack g "Sibling group test pack" {
  standard "STANAG 9999" edition 1
  version "1.0.0"
  namespace eid = "urn:stancheck:eid:1"
  predicate secure($k) = $k/@sec = "1"
)";
  for (const char* id : {"G", "U"}) {
    std::string extra = std::string(id) == "U" ? " and exists(.)" : "";
    p += "  rule " + std::string(id) + "-1 error \"once per parent\" {\n"
         "    clause \"stancheck test\"\n"
         "    for each eid:interface/eid:klv\n" +
         lets + "\n    require count(../eid:klv[" + key_and_probe + extra +
         "]) = 1\n"
         "    message \"count {count(../eid:klv[" +
         key_and_probe + extra + "])}\"\n  }\n";
  }
  p += "}\n";
  return p;
}

std::string lines(const std::vector<std::string>& l) {
  std::string out;
  for (const std::string& x : l) out += x + "\n";
  return out;
}

/// The findings of rule `prefix`-1 as "line:col message", sorted.
std::vector<std::string> of_rule(const run_result& r, const std::string& prefix) {
  std::vector<std::string> out;
  for (const system_result& s : r.systems)
    for (const finding& f : s.findings)
      if (f.rule == prefix + "-1") out.push_back(std::to_string(f.line) + ":" + std::to_string(f.column) + " " + f.message);
  std::sort(out.begin(), out.end());
  return out;
}

const char* const catalogue_xml = R"(<catalogue xmlns="urn:stancheck:eid:1" xmlns:x="urn:other">
<system id="A">
  <interface id="i1">
    <klv tag="1" sec="1" n="5" q="5 V" flag="true"/>
    <klv tag="1" sec="1" n="5.0" q="5000 mV" flag="1"/>
    <klv tag="1" sec="0" n="05" q="5 V" flag="false"/>
    <klv tag="2" sec="" n="x" q="lots" flag="yes"/>
    <klv tag="" sec="1"/>
    <klv sec="1"/>
    <klv/>
    <x:klv tag="1" sec="1"/>
    <klv tag="3"><klv tag="3"/></klv>
  </interface>
  <interface id="i2">
    <klv tag="1" sec="1" n="5"/>
    <klv tag="2" sec="1" n="7"/>
    <klv tag="2" sec="1" n="7"/>
  </interface>
</system>
<system id="B">
  <interface id="i1"><klv tag="1" sec="1"/><klv tag=" 1" sec="1"/></interface>
</system>
</catalogue>
)";

}  // namespace

TEST_SUITE("evaluate") {

TEST_CASE("sibling groups: indexed counts equal the general path, case by case") {
  struct variant {
    const char* name;
    const char* key_and_probe;
    const char* lets;
  } variants[] = {
      {"one text key", "@tag = $t", "    let $t = @tag"},
      {"probe on the left", "$t = @tag", "    let $t = @tag"},
      {"two keys", "string(@tag) = $t and @sec = $s", "    let $t = string(@tag)\n    let $s = @sec"},
      {"a boolean key", "@tag = $t and secure(.) = $b", "    let $t = @tag\n    let $b = secure(.)"},
      {"text against a boolean (converts)", "@flag = $b", "    let $b = secure(.)"},
      {"numbers (by magnitude)", "@n = $n", "    let $n = number(@n)"},
      {"quantities with unreadable values", "quantity(@q) = $q", "    let $q = quantity(@q)"},
      {"a constant probe", "@tag = \"1\"", ""},
  };
  for (const variant& v : variants) {
    std::string name = v.name;
    CAPTURE(name);
    compile_result c = compile(pack_for(v.key_and_probe, v.lets));
    run_result r = run(c, bundles(catalogue_xml));
    std::vector<std::string> grouped = of_rule(r, "G"), general = of_rule(r, "U");
    CHECK(lines(grouped) == lines(general));
    CHECK(!general.empty());  // every variant has duplicates somewhere
  }
}

TEST_CASE("sibling groups: equal to the general path on 300 random interfaces") {
  // Small alphabets so that duplicates, missing and empty values, booleans written as text and
  // unreadable quantities all meet; a fixed seed keeps the test deterministic.
  uint64_t state = 0x5eed;
  auto next = [&state](uint64_t n) {
    uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return (z ^ (z >> 31)) % n;
  };
  const char* tags[] = {nullptr, "", "1", "1", "2", " 1"};
  const char* secs[] = {nullptr, "", "0", "1", "1"};
  const char* flags[] = {nullptr, "true", "false", "1", "yes"};
  const char* qs[] = {nullptr, "5 V", "5000 mV", "lots", "5 Hz"};
  std::string xml = "<catalogue xmlns=\"urn:stancheck:eid:1\">\n";
  for (int sys = 0; sys < 30; ++sys) {
    xml += "<system id=\"S" + std::to_string(sys) + "\">\n";
    for (int i = 0; i < 10; ++i) {
      xml += "<interface id=\"i" + std::to_string(i) + "\">";
      for (uint64_t k = 0, n = next(7); k < n; ++k) {
        xml += "<klv";
        auto attr = [&](const char* name, const char* v) {
          if (v) xml += std::string(" ") + name + "=\"" + v + "\"";
        };
        attr("tag", tags[next(std::size(tags))]);
        attr("sec", secs[next(std::size(secs))]);
        attr("flag", flags[next(std::size(flags))]);
        attr("q", qs[next(std::size(qs))]);
        xml += "/>";
      }
      xml += "</interface>\n";
    }
    xml += "</system>\n";
  }
  xml += "</catalogue>\n";
  const char* variants[][2] = {
      {"@tag = $t", "    let $t = @tag"},
      {"string(@tag) = $t and @sec = $s", "    let $t = string(@tag)\n    let $s = @sec"},
      {"@tag = $t and secure(.) = $b", "    let $t = @tag\n    let $b = secure(.)"},
      {"@flag = $b", "    let $b = secure(.)"},
      {"quantity(@q) = $q", "    let $q = quantity(@q)"},
  };
  for (const auto& v : variants) {
    std::string name = v[0];
    CAPTURE(name);
    compile_result c = compile(pack_for(v[0], v[1]));
    run_result r = run(c, bundles(xml));
    std::vector<std::string> grouped = of_rule(r, "G"), general = of_rule(r, "U");
    CHECK(grouped.size() == general.size());
    std::vector<std::string> only_grouped, only_general;
    std::set_difference(grouped.begin(), grouped.end(), general.begin(), general.end(),
                        std::back_inserter(only_grouped));
    std::set_difference(general.begin(), general.end(), grouped.begin(), grouped.end(),
                        std::back_inserter(only_general));
    CHECK(lines(only_grouped) == "");
    CHECK(lines(only_general) == "");
    CHECK(!general.empty());
  }
}

TEST_CASE("sibling groups: the grouped rules find the duplicates they should") {
  compile_result c = compile(pack_for("@tag = $t", "    let $t = @tag"));
  run_result r = run(c, bundles(catalogue_xml));
  // A/i1: tag 1 three times (the x:klv is in another namespace, the nested klv has another
  // parent); a missing tag equals nothing (count 0), an empty one equals the other empty one
  // (itself); A/i2: tag 2 twice; B: " 1" is not "1".
  std::vector<std::string> expect = {"4:5 count 3", "5:5 count 3", "6:5 count 3", "9:5 count 0",
                                     "10:5 count 0", "16:5 count 2", "17:5 count 2"};
  std::sort(expect.begin(), expect.end());
  CHECK(of_rule(r, "G") == expect);
}

TEST_CASE("sibling groups: 20,000 siblings with one duplicate") {
  std::string xml = "<system xmlns=\"urn:stancheck:eid:1\" id=\"BIG\"><interface id=\"i\">";
  for (int i = 0; i < 20000; ++i) xml += "<klv tag=\"" + std::to_string(i) + "\" sec=\"1\"/>";
  xml += "<klv tag=\"7\" sec=\"1\"/></interface></system>";
  std::string pack = pack_for("@tag = $t", "    let $t = @tag");
  pack.erase(pack.find("  rule U-1"), pack.rfind("}\n") - pack.find("  rule U-1"));  // the general form is n²
  compile_result c = compile(pack);
  run_result r = run(c, bundles(xml));
  REQUIRE(r.systems.size() == 1);
  // The index finds exactly the two copies of tag 7 (the general path would evaluate the
  // predicate 20,001² = 4 × 10^8 times here; the grouped one evaluates each key once).
  std::vector<std::string> got = of_rule(r, "G");
  REQUIRE(got.size() == 2);
  for (const std::string& f : got) CHECK(f.find("count 2") != std::string::npos);
  for (const finding& f : r.systems[0].findings) CHECK(f.message.find("evaluation stopped") == std::string::npos);
}

}  // TEST_SUITE
