// document_test.cpp — loading, encodings, safety limits, classification and sniffing of documents.
#include "document.hpp"

#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

using namespace stancheck;
using namespace std::string_literals;

namespace {

std::string fixture(const std::string& rel) {
  return std::string(STANCHECK_TEST_DIR) + "/data/documents/" + rel;
}

/// "line:col: message" of a failed parse, or "ok <kind>".
std::string outcome(std::string_view text, const load_options& o = {}) {
  auto r = parse_document("t.xml", text, o);
  if (r) return "ok "s + to_string(r.doc->kind);
  return std::to_string(r.error.line) + ":" + std::to_string(r.error.column) + ": " +
         r.error.message;
}

std::string utf16(std::string_view ascii, bool big_endian, bool bom) {
  std::string out;
  if (bom) out += big_endian ? "\xFE\xFF"s : "\xFF\xFE"s;
  for (char c : ascii) {
    if (big_endian)
      out += '\0', out += c;
    else
      out += c, out += '\0';
  }
  return out;
}

}  // namespace

TEST_SUITE("documents") {
  TEST_CASE("documents are classified by root element and namespace") {
    struct row {
      std::string text;
      std::string expected;
    };
    const row rows[] = {
        {R"(<catalogue xmlns="urn:stancheck:eid:1"/>)", "ok interface description"},
        {R"(<e:system xmlns:e="urn:stancheck:eid:1" id="A"/>)", "ok interface description"},
        {R"(<test-report xmlns="urn:stancheck:report:1" system="A"/>)", "ok stancheck test report"},
        {R"(<trc:TestResultsCollection xmlns:trc="urn:IEEE-1636.1:2011:01:TestResultsCollection"/>)",
         "ok ATML test results"},
        {R"(<TestResultsCollection xmlns="urn:IEEE-1636.1:2013:TestResultsCollection"/>)",
         "ok ATML test results"},
        {R"(<tr:TestResults xmlns:tr="urn:IEEE-1636.1:2011:01:TestResults"/>)",
         "ok ATML test results"},
        {R"(<tr:TestResults xmlns:tr="urn:IEEE-1636.1:2013:TestResults"/>)",
         "ok ATML test results"},
        {R"(<testsuites/>)", "ok JUnit test report"},
        {R"(<testsuite name="x"/>)", "ok JUnit test report"},
        {R"(<originatorConfidentialityLabel xmlns="urn:nato:stanag:4774:confidentialitymetadatalabel:1:0"/>)",
         "ok STANAG 4774 confidentiality label"},
        {R"(<s:ConfidentialityLabel xmlns:s="urn:nato:stanag:4774:confidentialitymetadatalabel:1:0"/>)",
         "ok STANAG 4774 confidentiality label"},
        {R"(<BindingInformation xmlns="urn:nato:stanag:4778:bindinginformation:1:0"/>)",
         "ok STANAG 4778 binding information"},
        // Unknown roots, wrong namespaces: never guessed from a file name or a local name alone.
        {R"(<project xmlns="http://maven.apache.org/POM/4.0.0"/>)",
         "1:1: not a stancheck document (root <project> in namespace "
         "http://maven.apache.org/POM/4.0.0)"},
        {R"(<catalogue/>)", "1:1: not a stancheck document (root <catalogue> in no namespace)"},
        {R"(<testsuites xmlns="urn:other"/>)",
         "1:1: not a stancheck document (root <testsuites> in namespace urn:other)"},
        {R"(<interface xmlns="urn:stancheck:eid:1"/>)",
         "1:1: not a stancheck document (root <interface> in namespace urn:stancheck:eid:1)"},
        {"<?xml version=\"1.0\"?>\n  <x:system id=\"A\"/>",
         "2:3: namespace prefix 'x' of the root element is not declared"},
    };
    for (const auto& r : rows) {
      CAPTURE(r.text);
      CHECK(outcome(r.text) == r.expected);
    }
  }

  TEST_CASE("malformed XML is located by line and column") {
    struct row {
      std::string text;
      std::string expected;
    };
    const row rows[] = {
        {"<a>\n <b></c></a>", "2:7: malformed XML: end tag does not match the open element"},
        {"<a>\n  <b x=1/>\n</a>", "2:8: malformed XML: bad attribute (expected name=\"value\")"},
        {"<a>\n<b>", "2:4: malformed XML: end of file inside an element that is not closed"},
        {"<a><!-- x </a>", "1:15: malformed XML: bad comment (unexpected end of file)"},
        {"<a/>\n<b/>", "2:1: second root element <b>; a document has exactly one"},
        {"<a/>\ntrailing",
         "2:1: text outside the root element"},  // at the text, not the blank before
        {"hello, world", "1:1: not an XML document (it does not start with '<')"},
        {"\n\n  {\"json\": true}", "3:3: not an XML document (it does not start with '<')"},
        {"", "1:1: empty document (no root element)"},
        {"  \n ", "2:2: empty document (no root element)"},
        {"<?xml version=\"1.0\"?><!-- only a comment -->", "1:1: no root element"},
    };
    for (const auto& r : rows) {
      CAPTURE(r.text);
      CHECK(outcome(r.text) == r.expected);
    }
  }

  TEST_CASE("entities are never expanded") {
    // A DOCTYPE that declares entities is refused at the declaration (billion laughs).
    std::string laughs = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n <!ENTITY lol \"lol\">\n";
    for (int i = 1; i <= 9; ++i)
      laughs += " <!ENTITY lol" + std::to_string(i) + " \"" + std::string(10, '&') + "\">\n";
    laughs += "]>\n<testsuites>&lol9;</testsuites>\n";
    CHECK(outcome(laughs) ==
          "3:2: DOCTYPE declares entities; stancheck never expands entities, remove the DOCTYPE");

    CHECK(outcome("<!DOCTYPE a SYSTEM \"file:///etc/passwd\">\n<testsuites/>") ==
          "ok JUnit test report");

    // An undeclared reference stays literal text; the predefined ones and character references
    // work.
    auto r = parse_document("t.xml", "<testsuite name=\"&amp;&#65;&x;\">&xxe;</testsuite>");
    REQUIRE(r);
    auto root = r.doc->dom.document_element();
    CHECK(std::string(root.attribute("name").value()) == "&A&x;");
    CHECK(std::string(root.text().get()) == "&xxe;");
  }

  TEST_CASE("deep nesting is an input error, not a crash") {
    std::string deep;
    for (int i = 0; i < 200000; ++i) deep += "<a>";
    for (int i = 0; i < 200000; ++i) deep += "</a>";
    CHECK(outcome(deep) == "1:769: elements nested deeper than 256 levels");
    load_options o;
    o.max_depth = 3;
    CHECK(outcome("<testsuites>\n <testsuite>\n  <testcase>\n   <x/>", o) ==
          "4:8: malformed XML: end of file inside an element that is not closed");
    CHECK(
        outcome(
            "<testsuites>\n <testsuite>\n  <testcase>\n   <x/></testcase></testsuite></testsuites>",
            o) == "4:4: elements nested deeper than 3 levels");
    // Deeply nested conditional sections in a DOCTYPE.
    std::string dt = "<!DOCTYPE a [";
    for (int i = 0; i < 100000; ++i) dt += "<![ ";
    CHECK(outcome(dt + "]><a/>").find("malformed XML: bad DOCTYPE declaration") !=
          std::string::npos);
  }

  TEST_CASE("file size limit") {
    load_options o;
    o.max_file_size = 16;
    CHECK(outcome("<testsuites>   </testsuites>", o) ==
          "0:0: file is 28 bytes, larger than --max-file-size (16 bytes)");
    auto r = load_document(fixture("reports/pytest.xml"), o);
    REQUIRE_FALSE(r);
    CHECK(r.error.line == 0);
    CHECK(r.error.message.find("larger than --max-file-size (16 bytes)") != std::string::npos);
  }

  TEST_CASE("encodings: UTF-16 is converted, bad bytes are located") {
    const std::string doc = "<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n<testsuite name=\"x\"/>";
    for (bool be : {false, true})
      for (bool bom : {false, true}) {
        CAPTURE(be);
        CAPTURE(bom);
        auto r = parse_document("t.xml", utf16(doc, be, bom));
        REQUIRE(r);
        CHECK(r.doc->kind == doc_kind::report_junit);
        CHECK(std::string(r.doc->dom.document_element().attribute("name").value()) == "x");
        // Sniffing sees through UTF-16 as well.
        auto s = sniff_root_text(utf16(doc, be, bom));
        CHECK(s.complete);
        CHECK(s.kind == doc_kind::report_junit);
      }
    // Errors in a UTF-16 document are located in the converted text (same lines).
    CHECK(outcome(utf16("<a>\n <b></c></a>", false, true)) ==
          "2:7: malformed XML: end tag does not match the open element");
    std::string lone = utf16("<a>x", false, true) + "\x00\xD8"s + utf16("</a>", false, false);
    CHECK(outcome(lone) == "1:5: invalid UTF-16 (unpaired surrogate, NUL or odd length)");
    CHECK(outcome("\xFF\xFE\0\0<\0\0\0"s) ==
          "1:1: UTF-32 documents are not supported; use UTF-8 or UTF-16");

    CHECK(outcome("<testsuite>\n caf\xC3\xA9 \xFF</testsuite>") ==
          "2:8: invalid UTF-8 (byte 0xFF); declare the encoding in the XML declaration or save the "
          "file as UTF-8");
    CHECK(outcome("<a>\xC0\xAF</a>").find("1:4: invalid UTF-8 (byte 0xC0)") == 0);  // overlong '/'
    CHECK(outcome("<a>\xED\xA0\x80</a>").find("1:4: invalid UTF-8") == 0);          // surrogate
    CHECK(outcome("<a>\xF0\x9F\x98</a>").find("1:4: invalid UTF-8") == 0);          // truncated
    CHECK(outcome("<a/>\0<b/>"s) == "1:5: NUL byte in document");
    CHECK(outcome("\xEF\xBB\xBF<testsuites/>") == "ok JUnit test report");

    auto latin = parse_document(
        "t.xml", "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><testsuite name=\"Z\xFCrich\"/>");
    REQUIRE(latin);
    CHECK(std::string(latin.doc->dom.document_element().attribute("name").value()) ==
          "Z\xC3\xBCrich");
    CHECK(outcome("<?xml version=\"1.0\" encoding=\"Shift_JIS\"?><a/>") ==
          "1:1: encoding 'Shift_JIS' is not supported; use UTF-8, UTF-16 or ISO-8859-1");
  }

  TEST_CASE("load_document reads files and reports unreadable ones") {
    auto r = load_document(fixture("catalogue/eid/fleet.xml"));
    REQUIRE(r);
    CHECK(r.doc->kind == doc_kind::eid);
    CHECK(r.doc->path == fixture("catalogue/eid/fleet.xml"));
    CHECK(r.doc->bytes > 0);
    // Offsets resolve through the line table built once at load.
    auto sys = r.doc->dom.document_element().child("system");
    auto lc = r.doc->lines.locate(element_offset(sys));
    CHECK(lc.line == 4);
    CHECK(lc.column == 3);

    auto missing = load_document(fixture("no-such-file.xml"));
    REQUIRE_FALSE(missing);
    CHECK(missing.error.message == "cannot read file: No such file or directory");
    auto dir = load_document(fixture("catalogue"));
    REQUIRE_FALSE(dir);
    CHECK(dir.error.message == "is a directory, not a file");
    auto pom = load_document(fixture("catalogue/sub/pom.xml"));
    REQUIRE_FALSE(pom);
    CHECK(pom.error.line == 2);
    CHECK(
        pom.error.message ==
        "not a stancheck document (root <project> in namespace http://maven.apache.org/POM/4.0.0)");
  }

  TEST_CASE("namespace_uri resolves prefixes through ancestors") {
    auto r = parse_document("t.xml", R"(<a:catalogue xmlns:a="urn:stancheck:eid:1" xmlns="urn:d">
      <a:system id="x"><interface xmlns="urn:inner"/><b:x xmlns:b="urn:b"/><plain/><u:y/></a:system></a:catalogue>)");
    REQUIRE(r);
    auto sys = r.doc->dom.document_element().first_child();
    CHECK(namespace_uri(sys) == "urn:stancheck:eid:1");
    CHECK(local_name(sys.name()) == "system");
    auto it = sys.children().begin();
    CHECK(namespace_uri(*it++) == "urn:inner");
    CHECK(namespace_uri(*it++) == "urn:b");
    CHECK(namespace_uri(*it++) == "urn:d");
    CHECK(namespace_uri(*it++) == "");  // undeclared prefix
  }

  TEST_CASE("sniff_root reads the root start tag only") {
    struct row {
      std::string text;
      bool complete;
      doc_kind kind;
      std::string local, ns, system;
    };
    const row rows[] = {
        {"<?xml version='1.0'?>\n<!-- c > -->\n<!DOCTYPE x [ <!ELEMENT x ANY> ]>\n<test-report "
         "xmlns='urn:stancheck:report:1' "
         "date='2025-01-01'\n system='A&amp;B'>",
         true, doc_kind::report_native, "test-report", "urn:stancheck:report:1", "A&B"},
        {"\xEF\xBB\xBF<e:system xmlns:e=\"urn:stancheck:eid:1\" id=\"FRA-1\"/>", true,
         doc_kind::eid, "system", "urn:stancheck:eid:1", "FRA-1"},
        {"<catalogue xmlns=\"urn:stancheck:eid:1\" id=\"ignored\">", true, doc_kind::eid,
         "catalogue", "urn:stancheck:eid:1", ""},
        {"<testsuites>", true, doc_kind::report_junit, "testsuites", "", ""},
        {"<x:testsuites xmlns:y='u'>", true, doc_kind::unknown, "testsuites", "", ""},
        {"<testsuite name=\"cut", false, doc_kind::unknown, "", "", ""},
        {"<!-- never closed", false, doc_kind::unknown, "", "", ""},
        {"PK\x03\x04 binary", false, doc_kind::unknown, "", "", ""},
        {"", false, doc_kind::unknown, "", "", ""},
    };
    for (const auto& r : rows) {
      CAPTURE(r.text);
      auto s = sniff_root_text(r.text);
      CHECK(s.complete == r.complete);
      CHECK(s.kind == r.kind);
      CHECK(s.local == r.local);
      CHECK(s.ns == r.ns);
      CHECK(s.system == r.system);
    }
    // A root start tag beyond the first 64 KiB is not found by the sniff.
    CHECK_FALSE(sniff_root_text("<!--" + std::string(70000, 'x') + "--><testsuites/>").complete);
    auto f = sniff_root(fixture("catalogue/sub/single.xml"));
    CHECK(f.kind == doc_kind::eid);
    CHECK(f.system == "GBR-RDR-0100");
    CHECK(f.offset == 39);
    // A small file is read to its size: a root start tag ending at the last byte (here a file cut
    // right after it) is seen whole.
    const auto tmp = std::filesystem::temp_directory_path() / "stancheck-sniff-last-byte.xml";
    std::ofstream(tmp, std::ios::binary) << R"(<e:system xmlns:e="urn:stancheck:eid:1" id="A">)";
    auto last = sniff_root(tmp.string());
    CHECK(last.complete);
    CHECK(last.kind == doc_kind::eid);
    CHECK(last.system == "A");
    CHECK(last.size == 47);
    std::filesystem::remove(tmp);
  }

  TEST_CASE("docs/eid.xsd and docs/report.xsd accept the fixtures and reject broken documents") {
    if (!std::filesystem::exists("/usr/bin/xmllint")) return;  // optional tool
    const std::string docs = std::string(STANCHECK_ROOT_DIR) + "/docs/";
    auto valid = [&](const std::string& xsd, const std::string& file) {
      std::string cmd =
          "/usr/bin/xmllint --noout --schema '" + docs + xsd + "' '" + file + "' >/dev/null 2>&1";
      return std::system(cmd.c_str()) == 0;
    };
    CHECK(valid("eid.xsd", fixture("catalogue/eid/fleet.xml")));
    CHECK(valid("eid.xsd", fixture("catalogue/sub/single.xml")));
    CHECK(valid("report.xsd", fixture("catalogue/reports/native.xml")));
    const auto dir = std::filesystem::temp_directory_path();
    const std::string bad_eid = (dir / "stancheck-bad-eid.xml").string();
    std::ofstream(bad_eid) << "<catalogue xmlns=\"urn:stancheck:eid:1\"><system id=\"A\"/><system "
                              "id=\"A\"/></catalogue>";
    CHECK_FALSE(valid("eid.xsd", bad_eid));
    const std::string bad_report = (dir / "stancheck-bad-report.xml").string();
    std::ofstream(bad_report)
        << "<test-report xmlns=\"urn:stancheck:report:1\" system=\"A\" date=\"2025-01-01\">"
           "<test id=\"t\" verdict=\"passed\"/></test-report>";
    CHECK_FALSE(valid("report.xsd", bad_report));
    std::filesystem::remove(bad_eid);
    std::filesystem::remove(bad_report);
  }

}  // TEST_SUITE
