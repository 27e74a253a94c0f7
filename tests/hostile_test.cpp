// hostile_test.cpp — the hostile-document corpus (tests/hostile/docs) and hostile catalogues
// generated at run time: each bad file is one input error at its exact place, and the rest of the
// batch (a good system with a known finding) is still checked and counted.
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#include <cstring>
#include <iterator>
#include <string>
#include <vector>

#include "hostile_support.hpp"

using namespace hostile;

namespace {

std::string corpus(const std::string& name) {
  return std::string(STANCHECK_TEST_DIR) + "/hostile/docs/" + name;
}

std::string read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  REQUIRE_MESSAGE(in.good(), "missing corpus file ", path);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

struct doc_case {
  const char* file;  // in tests/hostile/docs
  uint32_t line;     // of the input error (0 when the error is not at a place in the file)
  uint32_t column;
  const char* message;  // a substring of the error; nullptr: the file is good and checked
  uint32_t systems;     // systems checked in the batch, the good one included
};

// clang-format off
const doc_case doc_cases[] = {
    {"01-empty.xml", 1, 1, "empty document (no root element)", 1},
    {"02-whitespace-only.xml", 3, 2, "empty document (no root element)", 1},
    {"03-binary-garbage.xml", 1, 1, "not an XML document (it does not start with '<')", 1},
    {"04-json.xml", 1, 1, "not an XML document (it does not start with '<')", 1},
    {"05-plain-text.xml", 2, 3, "not an XML document (it does not start with '<')", 1},
    {"06-truncated-start-tag.xml", 2, 59, "malformed XML: bad attribute (expected name=\"value\")", 1},
    {"07-truncated-unclosed-element.xml", 4, 1, "malformed XML: end of file inside an element that is not closed", 1},
    {"08-mismatched-end-tag.xml", 3, 5, "malformed XML: end tag does not match the open element", 1},
    {"09-two-roots.xml", 2, 1, "second root element <system>; a document has exactly one", 1},
    {"10-text-after-root.xml", 2, 1, "text outside the root element", 1},
    {"11-unquoted-attribute.xml", 1, 40, "malformed XML: bad attribute (expected name=\"value\")", 1},
    {"12-duplicate-attribute.xml", 2, 36, "duplicate attribute 'id' in <system>", 1},
    {"13-unclosed-comment.xml", 4, 1, "malformed XML: bad comment (unexpected end of file)", 1},
    {"14-bad-cdata.xml", 1, 62, "malformed XML: bad CDATA section", 1},
    {"15-bad-xml-declaration.xml", 3, 1, "malformed XML: bad XML declaration or processing instruction", 1},
    {"16-bad-element-name.xml", 2, 4, "malformed XML: unrecognised markup after '<'", 1},
    {"17-undeclared-prefix.xml", 1, 1, "namespace prefix 'eid' of the root element is not declared", 1},
    {"18-foreign-root.xml", 2, 1, "not a stancheck document (root <project> in namespace http://maven.apache.org/POM/4.0.0)", 1},
    {"19-system-in-foreign-namespace.xml", 1, 1, "not a stancheck document (root <system> in namespace urn:stancheck:eid:2)", 1},
    {"20-utf16le-bom-unpaired-surrogate.xml", 1, 57, "invalid UTF-16 (unpaired surrogate, NUL or odd length)", 1},
    {"21-utf16le-bom-valid.xml", 0, 0, nullptr, 2},
    {"22-utf16be-no-bom-valid.xml", 0, 0, nullptr, 2},
    {"23-utf16le-odd-length.xml", 1, 155, "invalid UTF-16 (unpaired surrogate, NUL or odd length)", 1},
    {"24-utf32-bom.xml", 1, 1, "UTF-32 documents are not supported", 1},
    {"25-invalid-utf8.xml", 2, 18, "invalid UTF-8 (byte 0xE9)", 1},
    {"26-overlong-utf8.xml", 1, 58, "invalid UTF-8 (byte 0xC0)", 1},
    {"27-utf8-encoded-surrogate.xml", 1, 58, "invalid UTF-8 (byte 0xED)", 1},
    {"28-nul-byte.xml", 2, 19, "NUL byte in document", 1},
    {"29-unsupported-encoding.xml", 1, 1, "encoding 'Shift_JIS' is not supported", 1},
    {"30-latin1-valid.xml", 0, 0, nullptr, 2},
    {"31-billion-laughs.xml", 3, 3, "DOCTYPE declares entities; stancheck never expands entities", 1},
    {"32-external-entity.xml", 2, 20, "DOCTYPE declares entities; stancheck never expands entities", 1},
    {"33-parameter-entity.xml", 3, 3, "DOCTYPE declares entities; stancheck never expands entities", 1},
    {"34-external-dtd-never-fetched.xml", 0, 0, nullptr, 2},
    {"35-undeclared-entity-stays-literal.xml", 0, 0, nullptr, 2},
    {"36-nested-257-deep.xml", 2, 1294, "elements nested deeper than 256 levels", 1},
    {"37-nested-256-deep-ok.xml", 0, 0, nullptr, 2},
    {"38-system-without-id.xml", 2, 3, "system has no id attribute", 2},
    {"39-duplicate-id-in-one-file.xml", 3, 3, "duplicate system id 'DUP-0001' (first at line 2, column 3)", 2},
    {"40-artefact-url.xml", 3, 5, "artefact href 'https://example.org/label.xml' is a URL; stancheck reads only local files", 2},
    {"41-artefact-missing.xml", 3, 5, "artefact 'labels/missing.xml' not found", 2},
    {"42-artefact-device.xml", 3, 5, "artefact '/dev/zero' resolves to '/dev/zero', outside the inputs of this run", 2},
    {"43-report-unknown-system.xml", 1, 1, "test report names system 'NOBODY-0001', which no interface description in this run describes", 1},
    {"44-report-bad-verdict.xml", 2, 3, "verdict", 1},
    {"45-report-bad-date.xml", 1, 1, "date", 1},
    {"46-junit-without-system.xml", 2, 3, "system", 1},
    {"47-doctype-only.xml", 1, 1, "no root element", 1},
    {"48-text-before-root.xml", 1, 1, "not an XML document (it does not start with '<')", 1},
    {"49-bom-then-text.xml", 1, 4, "not an XML document (it does not start with '<')", 1},
    {"50-cr-line-endings.xml", 3, 5, "malformed XML: end tag does not match the open element", 1},
};
// clang-format on

}  // namespace

TEST_SUITE("hostile") {
  TEST_CASE("hostile documents: one input error each, at its place, and the batch goes on") {
    CHECK(std::size(doc_cases) >= 40);
    for (const doc_case& c : doc_cases) {
      CAPTURE(c.file);
      batch_dir dir;
      std::string path = dir.write(c.file, read_bytes(corpus(c.file)));
      run_result r = dir.run();
      check_batch_went_on(r, 2);
      CHECK(r.systems.size() == c.systems);
      if (c.message) {
        check_one_error(r, path, c.line, c.column, c.message);
      } else {
        INFO(describe_errors(r));
        CHECK(r.input_errors.empty());
      }
    }
  }

  TEST_CASE("hostile documents: converted encodings keep their content and locations") {
    batch_dir dir;
    for (const char* f :
         {"21-utf16le-bom-valid.xml", "22-utf16be-no-bom-valid.xml", "30-latin1-valid.xml"})
      dir.write(f, read_bytes(corpus(f)));
    run_result r = dir.run();
    check_batch_went_on(r, 4);
    const system_result* latin = find_system(r, "LATIN1-0001");
    REQUIRE(latin != nullptr);
    CHECK(latin->name == "Caf\xc3\xa9");
    for (const char* id : {"U16LE-0001", "U16BE-0001"}) {
      CAPTURE(id);
      const system_result* s = find_system(r, id);
      REQUIRE(s != nullptr);
      CHECK(s->name == "n");
    }
  }

  TEST_CASE("hostile documents: entities are never expanded") {
    batch_dir dir;
    dir.write("35-undeclared-entity-stays-literal.xml",
              read_bytes(corpus("35-undeclared-entity-stays-literal.xml")));
    run_result r = dir.run();
    const system_result* s = find_system(r, "ENTITY-0001");
    REQUIRE(s != nullptr);
    CHECK(s->name == "&undeclared;");
  }

  TEST_CASE("hostile catalogue: a million nested elements") {
    batch_dir dir;
    const std::string head = "<system xmlns=\"urn:stancheck:eid:1\" id=\"MILLION-0001\">";
    std::string path = dir.path("10-million-deep.xml");
    {
      std::ofstream out(path, std::ios::binary);
      out << head;
      for (int i = 0; i < 1000000; ++i) out << "<e>";
      for (int i = 0; i < 1000000; ++i) out << "</e>";
      out << "</system>";
    }
    run_result r = dir.run();
    check_batch_went_on(r, 2);
    // The root is level 1, so the 256th <e> is the first element too deep.
    check_one_error(r, path, 1, static_cast<uint32_t>(head.size() + 255 * 3 + 1),
                    "elements nested deeper than 256 levels");
  }

  TEST_CASE("hostile catalogue: a 100 MB attribute value is read and checked") {
    batch_dir dir;
    std::string path = dir.path("10-huge-attribute.xml");
    const std::string chunk(1 << 20, 'a');
    write_repeated(path,
                   "<system xmlns=\"urn:stancheck:eid:1\" id=\"HUGE-0001\">\n"
                   "  <interface id=\"l16\" kind=\"datalink\" standard=\"STANAG 5516\" "
                   "edition=\"8\" band-low=\"969 MHz\" "
                   "band-high=\"1300 MHz\"/>\n"
                   "  <x:blob xmlns:x=\"urn:example:extension\" data=\"",
                   chunk, 100, "\"/>\n</system>\n");
    run_result r = dir.run();
    check_batch_went_on(r, 2);
    INFO(describe_errors(r));
    CHECK(r.input_errors.empty());
    const system_result* s = find_system(r, "HUGE-0001");
    REQUIRE(s != nullptr);
    CHECK(has_finding(*s, "L16-002"));
  }

  TEST_CASE("hostile catalogue: a 20 MB line with an error near its end") {
    batch_dir dir;
    std::string path = dir.path("10-long-line.xml");
    const std::string head = "<system xmlns=\"urn:stancheck:eid:1\" id=\"LONG-0001\">";
    const std::string chunk = "<x:pad xmlns:x=\"urn:example:extension\" value=\"padding\"/>";
    const std::size_t count = (20u << 20) / chunk.size();
    write_repeated(path, head, chunk, count, "</sytem>");
    run_result r = dir.run();
    check_batch_went_on(r, 2);
    check_one_error(r, path, 1, static_cast<uint32_t>(head.size() + count * chunk.size() + 3),
                    "malformed XML: end tag does not match the open element");
  }

  TEST_CASE("hostile catalogue: a file larger than --max-file-size is refused before it is read") {
    batch_dir dir;
    std::string path = dir.write("10-too-large.xml", std::string(8192, ' ') + "<system/>");
    run_result r = dir.run(4096);
    check_batch_went_on(r, 2);
    check_one_error(r, path, 0, 0, "file is 8201 bytes, larger than --max-file-size (4096 bytes)");
  }

  TEST_CASE("hostile catalogue: a file without read permission") {
    if (::geteuid() == 0) {
      MESSAGE(
          "running as root: chmod 000 does not stop root from reading; see the FIFO and device "
          "cases");
      return;
    }
    batch_dir dir;
    std::string path = dir.write("10-unreadable.xml",
                                 "<system xmlns=\"urn:stancheck:eid:1\" id=\"SECRET-0001\"/>");
    fs::permissions(path, fs::perms::none);
    run_result r = dir.run();
    check_batch_went_on(r, 2);
    check_one_error(r, path, 0, 0, "cannot read file: Permission denied");
  }

  TEST_CASE("hostile catalogue: a FIFO and a socket named *.xml are never opened") {
    batch_dir dir;
    std::string fifo = dir.path("10-fifo.xml");
    REQUIRE(::mkfifo(fifo.c_str(), 0644) == 0);  // opening it for reading would block for ever
    std::string sock = dir.path("11-socket.xml");
    int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
    REQUIRE(fd >= 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    REQUIRE(sock.size() < sizeof addr.sun_path);
    std::memcpy(addr.sun_path, sock.c_str(), sock.size() + 1);
    REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    run_result r = dir.run();
    ::close(fd);
    check_batch_went_on(r, 3);
    INFO(describe_errors(r));
    REQUIRE(r.input_errors.size() == 2);
    CHECK(r.input_errors[0].file == fifo);
    CHECK(r.input_errors[0].message == "not a regular file");
    CHECK(r.input_errors[1].file == sock);
    CHECK(r.input_errors[1].message == "not a regular file");
  }

  TEST_CASE("hostile catalogue: an artefact that is a directory") {
    batch_dir dir;
    fs::create_directories(dir.root / "labels" / "dir.xml");
    std::string path = dir.write("10-artefact-dir.xml",
                                 "<system xmlns=\"urn:stancheck:eid:1\" id=\"ART-0010\">\n"
                                 "  <interface id=\"l\" kind=\"security-labelling\" "
                                 "standard=\"STANAG 4774\" edition=\"1\">\n"
                                 "    <artefact href=\"labels/dir.xml\"/>\n"
                                 "  </interface>\n"
                                 "</system>\n");
    run_result r = dir.run();
    check_batch_went_on(r, 2);
    check_one_error(r, path, 3, 5, "is a directory, not a file");
  }

  TEST_CASE("hostile catalogue: artefact links that leave the inputs are refused, not read") {
    batch_dir outside(false);
    const char* label =
        "<originatorConfidentialityLabel "
        "xmlns=\"urn:nato:stanag:4774:confidentialitymetadatalabel:1:0\">\n"
        "</originatorConfidentialityLabel>\n";
    std::string secret = outside.write("secret.xml", label);
    batch_dir dir;
    auto eid = [&](const std::string& id, const std::string& href) {
      return "<system xmlns=\"urn:stancheck:eid:1\" id=\"" + id +
             "\">\n"
             "  <interface id=\"l\" kind=\"security-labelling\" standard=\"STANAG 4774\" "
             "edition=\"1\">\n"
             "    <artefact href=\"" +
             href +
             "\"/>\n"
             "  </interface>\n"
             "</system>\n";
    };
    std::string climbing = dir.write(
        "10-climbs.xml", eid("ART-0010", "../" + outside.root.filename().string() + "/secret.xml"));
    std::string absolute = dir.write("11-absolute.xml", eid("ART-0011", secret));
    fs::create_symlink(secret, dir.root / "secret-link");  // not *.xml: the walk does not list it
    std::string via_link = dir.write("12-via-link.xml", eid("ART-0012", "secret-link"));
    // A link to the outside directory on the way (a dot name: the walk does not enter it).
    fs::create_directory_symlink(outside.root, dir.root / ".outside-link");
    std::string via_dir_link =
        dir.write("12b-via-dir-link.xml", eid("ART-0013", ".outside-link/secret.xml"));
    run_result r = dir.run();
    check_batch_went_on(r, 5);
    INFO(describe_errors(r));
    REQUIRE(r.input_errors.size() == 4);
    const std::string files[] = {climbing, absolute, via_link, via_dir_link};
    for (int i = 0; i < 4; ++i) {
      CAPTURE(i);
      CHECK(r.input_errors[i].file == files[i]);
      CHECK(r.input_errors[i].line == 3);
      CHECK(r.input_errors[i].column == 5);
      CHECK(r.input_errors[i].message.find("resolves to '" + fs::canonical(secret).string() +
                                           "', outside the inputs of this run") !=
            std::string::npos);
    }
    // A sibling directory whose name starts with the root's name is still outside it.
    const fs::path sibling = dir.root.string() + "-sibling";
    fs::create_directories(sibling);
    { std::ofstream(sibling / "label.xml", std::ios::binary) << label; }
    std::string prefix_case =
        dir.write("sub/13-prefix.xml",
                  eid("ART-0014", "../../" + sibling.filename().string() + "/label.xml"));
    run_result prefixed = dir.run();
    std::error_code ec;
    fs::remove_all(sibling, ec);
    INFO(describe_errors(prefixed));
    REQUIRE(prefixed.input_errors.size() == 5);
    CHECK(prefixed.input_errors[4].file == prefix_case);
    CHECK(prefixed.input_errors[4].message.find("outside the inputs of this run") !=
          std::string::npos);
    fs::remove(prefix_case);
    // Naming the other directory as an input too makes its files allowed artefacts.
    engine_options o;
    o.inputs = {dir.path("11-absolute.xml"), outside.root.string()};
    o.as_of = "2026-12-01";
    run_result allowed = run_engine(shipped_rules(), o);
    INFO(describe_errors(allowed));
    CHECK(allowed.input_errors.empty());
    CHECK(find_system(allowed, "ART-0011") != nullptr);
    // So does a directory the walk reaches through a symbolic link.
    batch_dir linking;
    fs::create_directory_symlink(outside.root, linking.root / "shared");
    linking.write("10-shared.xml", eid("ART-0013", "shared/secret.xml"));
    run_result through_link = linking.run();
    INFO(describe_errors(through_link));
    CHECK(through_link.input_errors.empty());
    CHECK(find_system(through_link, "ART-0013") != nullptr);
  }

  TEST_CASE("hostile catalogue: dangling symlinks, symlink loops, a link to itself") {
    batch_dir dir;
    fs::create_symlink(dir.root / "nowhere.xml", dir.root / "10-dangling.xml");
    fs::create_directories(dir.root / "sub");
    fs::create_directory_symlink(dir.root, dir.root / "sub" / "loop");
    fs::create_symlink("12-self.xml", dir.root / "12-self.xml");
    run_result r = dir.run();
    check_batch_went_on(r, 1);
    INFO(describe_errors(r));
    REQUIRE(r.input_errors.size() == 3);
    CHECK(r.input_errors[0].file == dir.path("10-dangling.xml"));
    CHECK(r.input_errors[0].message.find("dangling symbolic link") != std::string::npos);
    CHECK(r.input_errors[1].file == dir.path("12-self.xml"));
    CHECK(r.input_errors[1].message.find("symbolic link loop") != std::string::npos);
    CHECK(r.input_errors[2].file == dir.path("sub/loop"));
    CHECK(r.input_errors[2].message.find("symbolic link loop") != std::string::npos);
  }

  TEST_CASE("hostile catalogue: non-XML files beside the documents") {
    batch_dir dir;
    dir.write("README.md", "# not a document\n");
    dir.write("notes.txt", "plain text\n");
    dir.write("image.png", std::string("\x89PNG\r\n\x1a\n", 8));
    dir.write(".hidden.xml", "garbage");
    dir.write(".git/config.xml", "garbage");
    std::string upper = dir.write("10-DATA.XML", "{\"json\": true}\n");
    run_result r = dir.run();
    // Only *.xml files (any case) are considered, hidden ones are skipped; the JSON one is counted.
    check_batch_went_on(r, 2);
    check_one_error(r, upper, 1, 1, "not an XML document");
  }

  TEST_CASE("hostile catalogue: the same system id in two files") {
    batch_dir dir;
    std::string second = dir.write("10-duplicate.xml",
                                   "<catalogue xmlns=\"urn:stancheck:eid:1\">\n"
                                   "  <system id=\"OTHER-0001\"/>\n"
                                   "  <system id=\"GOOD-0001\" name=\"impostor\"/>\n"
                                   "</catalogue>\n");
    run_result r = dir.run();
    check_batch_went_on(r, 2);
    check_one_error(r, second, 3, 3,
                    "duplicate system id 'GOOD-0001' (already described at " +
                        dir.path("00-good.xml") + ":1:1)");
    CHECK(find_system(r, good_id)->name == "good");  // the first description is kept
    CHECK(find_system(r, "OTHER-0001") != nullptr);
  }

  TEST_CASE("hostile catalogue: one file reached through links and named twice is read once") {
    batch_dir dir;
    fs::create_symlink(dir.root / "00-good.xml", dir.root / "10-alias.xml");
    engine_options o;
    o.inputs = {dir.root.string(), dir.path("00-good.xml"), dir.path("10-alias.xml")};
    o.as_of = "2026-12-01";
    run_result r = run_engine(shipped_rules(), o);
    check_batch_went_on(r, 1);
    CHECK(r.input_errors.empty());
  }

  TEST_CASE("hostile catalogue: every file counted, whatever the mix, with any number of jobs") {
    batch_dir dir;
    std::size_t n = 0;
    for (const doc_case& c : doc_cases) {
      dir.write(c.file, read_bytes(corpus(c.file)));
      ++n;
    }
    run_result one = dir.run(uint64_t{256} << 20, 1);
    run_result four = dir.run(uint64_t{256} << 20, 4);
    check_batch_went_on(one, static_cast<uint32_t>(n + 1));
    check_batch_went_on(four, static_cast<uint32_t>(n + 1));
    CHECK(describe_errors(one) == describe_errors(four));
    CHECK(one.systems.size() == four.systems.size());
  }

}  // TEST_SUITE
