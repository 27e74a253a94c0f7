// catalogue_test.cpp — discovery (order, symlinks, errors) and the work items that build bundles.
#include "catalogue.hpp"

#include <doctest/doctest.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>

#include "engine.hpp"
#include "run_command.hpp"
#include "system_index.hpp"

using namespace stancheck;
namespace fs = std::filesystem;

namespace {

std::string fixture(const std::string& rel) {
  return std::string(STANCHECK_TEST_DIR) + "/data/documents/" + rel;
}

/// A fresh directory under the system temp dir, removed at the end of the test.
struct temp_dir {
  fs::path root;
  temp_dir() {
    static std::atomic<int> n{0};
    root = fs::temp_directory_path() /
           ("stancheck-catalogue-" + std::to_string(::getpid()) + "-" + std::to_string(n++));
    fs::remove_all(root);
    fs::create_directories(root);
  }
  ~temp_dir() {
    std::error_code ec;
    fs::remove_all(root, ec);
  }
  std::string write(const std::string& rel, std::string_view text) const {
    fs::path p = root / rel;
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
    return p.string();
  }
  std::string path(const std::string& rel) const { return (root / rel).string(); }
};

std::string system_doc(const std::string& id) {
  return "<system xmlns=\"urn:stancheck:eid:1\" id=\"" + id + "\"/>\n";
}

/// "path: message" of each error, relative to `base`.
std::string errors(const std::vector<input_error>& es, const std::string& base) {
  std::string out;
  for (const auto& e : es) {
    std::string f = e.file.rfind(base, 0) == 0 ? e.file.substr(base.size()) : e.file;
    out +=
        f + ":" + std::to_string(e.line) + ":" + std::to_string(e.column) + ": " + e.message + "\n";
  }
  return out;
}

std::string paths(const entry_list& es, const std::string& base) {
  std::string out;
  for (const auto& e : es)
    out += (e.path.rfind(base, 0) == 0 ? e.path.substr(base.size()) : e.path) + "\n";
  return out;
}

}  // namespace

TEST_SUITE("catalogue") {
  TEST_CASE("discovery walks a directory in sorted order and classifies by root") {
    const std::string base = fixture("catalogue");
    auto cat = discover({base});
    CHECK(cat.files == 8);  // every *.xml; README.txt and .hidden.xml are not considered
    CHECK(paths(cat.eids, base) == "/eid/fleet.xml\n/sub/single.xml\n");
    CHECK(paths(cat.reports, base) == "/reports/ghost.xml\n/reports/native.xml\n");
    CHECK(paths(cat.artefacts, base) ==
          "/labels/fra-uav-0001-binding.xml\n/labels/fra-uav-0001-label.xml\n/labels/"
          "orphan-label.xml\n");
    CHECK(errors(cat.errors, base) ==
          "/sub/pom.xml:2:1: not a stancheck document (root <project> in namespace "
          "http://maven.apache.org/POM/4.0.0)\n");
    CHECK(cat.eids[1].system == "GBR-RDR-0100");
    CHECK(cat.reports[1].system == "FRA-UAV-0001");
    CHECK(cat.reports[1].kind == doc_kind::report_native);
    CHECK(cat.artefacts[0].kind == doc_kind::binding_4778);
    CHECK(fs::path(cat.eids[0].canonical_path()).is_absolute());
  }

  TEST_CASE("a file's identity is its canonical path, stored once when it is the path itself") {
    temp_dir t;
    t.write("d/a.xml", "<testsuites/>");
    const std::string canon = fs::canonical(t.root).string();
    auto direct = discover({canon + "/d"});
    REQUIRE(direct.reports.size() == 1);
    CHECK(direct.reports[0].path == canon + "/d/a.xml");
    CHECK(direct.reports[0].canonical.empty());  // the same string: not kept twice
    CHECK(direct.reports[0].canonical_path() == canon + "/d/a.xml");
    fs::create_directory_symlink(canon + "/d", canon + "/via");
    auto linked = discover({canon + "/via"});
    REQUIRE(linked.reports.size() == 1);
    CHECK(linked.reports[0].path == canon + "/via/a.xml");
    CHECK(linked.reports[0].canonical_path() == canon + "/d/a.xml");
    auto both = discover({canon + "/d/a.xml", canon + "/via/a.xml"});  // one file, reached twice
    CHECK(both.files == 1);
    REQUIRE(both.reports.size() == 1);
    CHECK(both.reports[0].path == canon + "/d/a.xml");
  }

  TEST_CASE("each file and directory is considered once, whichever way is met first") {
    // Links met before and after what they point to, inputs inside a walked directory, a hidden
    // directory reached by a link and then named: the first way in wins, and nothing is lost.
    temp_dir t;
    const std::string a = fs::canonical(t.root).string() + "/a";
    t.write("a/x.xml", system_doc("X"));
    t.write("a/y.xml", system_doc("Y"));
    t.write("a/b/z.xml", system_doc("Z"));
    t.write("a/c/w.xml", system_doc("W"));
    t.write("a/.hidden/h.xml", system_doc("H"));
    t.write("a/.hidden/notes.txt", "not XML");
    fs::create_directory_symlink(a + "/c", a + "/adir");         // before c: c is searched here
    fs::create_symlink(a + "/b/z.xml", a + "/alink.xml");        // before b: z is found here
    fs::create_symlink(a + "/.hidden/h.xml", a + "/hlink.xml");  // the only way to h (hidden)
    fs::create_directory_symlink(a + "/b", a + "/mdir");         // after b: already searched
    fs::create_symlink(a + "/x.xml", a + "/zlink.xml");          // after x.xml: already found
    fs::create_symlink(a + "/b/z.xml", a + "/b/zz-again.xml");   // in b, after z.xml
    fs::create_directory_symlink(a + "/b", a + "/c/back-to-b");  // b, reached from inside c
    for (unsigned jobs : {1u, 3u}) {
      CAPTURE(jobs);
      auto cat = discover({a, a + "/x.xml", a + "/b", a + "/c/w.xml", a + "/.hidden",
                           a + "/.hidden/notes.txt", a + "/adir/w.xml"},
                          {}, jobs);
      CHECK(errors(cat.errors, a) ==
            "/.hidden/notes.txt:1:1: not an XML document (it does not start with '<')\n");
      CHECK(cat.files == 6);
      CHECK(paths(cat.eids, a) ==
            "/adir/back-to-b/z.xml\n/adir/w.xml\n/hlink.xml\n/x.xml\n/y.xml\n");
      std::string canon;
      for (const auto& e : cat.eids) canon += e.canonical_path().substr(a.size()) + " ";
      CHECK(canon == "/b/z.xml /c/w.xml /.hidden/h.xml /x.xml /y.xml ");
    }
  }

  TEST_CASE("discovery order is byte order, whatever the creation order") {
    temp_dir t;
    for (const char* name : {"z.xml", "sub/b.xml", "a.xml", "M.xml", "sub/A.XML", "a0.xml"})
      t.write(name, "<testsuites/>");
    auto cat = discover({t.root.string()});
    CHECK(paths(cat.reports, t.root.string()) ==
          "/M.xml\n/a.xml\n/a0.xml\n/sub/A.XML\n/sub/b.xml\n/z.xml\n");
    auto again = discover({t.root.string()});
    CHECK(paths(again.reports, t.root.string()) == paths(cat.reports, t.root.string()));
  }

  TEST_CASE("symlink loops and dangling symlinks are input errors") {
    temp_dir t;
    t.write("cat/a.xml", system_doc("A"));
    fs::create_directory_symlink(t.root / "cat", t.root / "cat/loop");
    fs::create_symlink(t.root / "nowhere.xml", t.root / "cat/broken.xml");
    fs::create_symlink(t.root / "nowhere", t.root / "cat/broken-dir");
    t.write("other/b.xml", system_doc("B"));
    fs::create_directory_symlink(t.root / "other", t.root / "cat/link-to-other");
    fs::create_directory_symlink(t.root / "other", t.root / "cat/second-link-to-other");
    auto cat = discover({t.path("cat"), t.path("missing.xml"), t.path("dangling-arg.xml")});
    const std::string base = t.root.string();
    CHECK(paths(cat.eids, base) == "/cat/a.xml\n/cat/link-to-other/b.xml\n");
    std::string canon = fs::canonical(t.root / "cat").string();
    CHECK(errors(cat.errors, base) ==
          "/cat/broken-dir:0:0: dangling symbolic link (its target '" + base +
              "/nowhere' does not exist)\n"
              "/cat/broken.xml:0:0: dangling symbolic link (its target '" +
              base +
              "/nowhere.xml' does not exist)\n"
              "/cat/loop:0:0: symbolic link loop: leads back to '" +
              canon +
              "', already being searched\n"
              "/missing.xml:0:0: no such file or directory\n"
              "/dangling-arg.xml:0:0: no such file or directory\n");
    fs::create_symlink(t.root / "gone.xml", t.root / "dangling-arg.xml");
    auto again = discover({t.path("dangling-arg.xml")});
    CHECK(errors(again.errors, base) ==
          "/dangling-arg.xml:0:0: dangling symbolic link (its target '" + base +
              "/gone.xml' does not exist)\n");
  }

  TEST_CASE("bad files are counted and reported, never dropped") {
    temp_dir t;
    t.write("d/binary.xml", std::string("\x89PNG\r\n\x1a\n\0\0", 10));
    t.write("d/broken.xml", "<testsuites>\n  <testsuite>\n</testsuites>\n");
    t.write("d/big.xml", "<testsuites>" + std::string(100, ' ') + "</testsuites>");
    t.write("d/utf16.xml", std::string("\xFF\xFE<\0t\0e\0s\0t\0s\0u\0i\0t\0e\0s\0/\0>\0", 28));
    t.write("d/notes.txt", "ignored in a walk");
    std::string explicit_txt = t.write("explicit.txt", "not xml either");
    load_options o;
    o.max_file_size = 64;
    auto cat = discover({t.path("d"), explicit_txt, t.path("d/utf16.xml")}, o);
    const std::string base = t.root.string();
    CHECK(cat.files == 5);  // the repeated utf16.xml is the same file: considered once
    // broken.xml has a well-formed root start tag: the sniff files it as a report, and the full
    // load in phase 1 reports it.
    CHECK(paths(cat.reports, base) == "/d/broken.xml\n/d/utf16.xml\n");
    CHECK(errors(cat.errors, base) ==
          "/d/big.xml:0:0: file is 125 bytes, larger than --max-file-size (64 bytes)\n"
          "/d/binary.xml:1:1: not an XML document (it does not start with '<')\n"
          "/explicit.txt:1:1: not an XML document (it does not start with '<')\n");
    CHECK(errors(load_report(cat.reports[0], o).errors, base) ==
          "/d/broken.xml:3:3: malformed XML: end tag does not match the open element\n");
    auto utf16 = load_report(cat.reports[1], o);
    CHECK(utf16.errors.empty());
    CHECK(utf16.groups.empty());
    // Files are classified on several threads; the result is the same, in the same order.
    for (unsigned jobs : {2u, 3u, 8u}) {
      CAPTURE(jobs);
      auto parallel = discover({t.path("d"), explicit_txt, t.path("d/utf16.xml")}, o, jobs);
      CHECK(parallel.files == cat.files);
      CHECK(paths(parallel.reports, base) == paths(cat.reports, base));
      CHECK(errors(parallel.errors, base) == errors(cat.errors, base));
    }
  }

  TEST_CASE("files classified while the walk goes on: the same catalogue for any number of jobs") {
    // Enough directories and files that classifiers take events while the walk still appends:
    // descriptions, reports, labels, broken files, non-XML, a link back to a walked directory.
    temp_dir t;
    for (int d = 0; d < 60; ++d) {
      const std::string dir = "cat/n" + std::to_string(d % 7) + "/s" + std::to_string(d) + "/";
      const std::string id = "SYS-" + std::to_string(d);
      t.write(dir + "system.xml", system_doc(id));
      t.write(dir + "report.xml", "<test-report xmlns=\"urn:stancheck:report:1\" system=\"" + id +
                                      "\" date=\"2025-01-01\"/>");
      if (d % 3 == 0) t.write(dir + "broken.xml", "<system xmlns=\"urn:stancheck:eid:1\" id=\"");
      if (d % 4 == 0) t.write(dir + "notes.xml", "plain text, not XML");
      if (d % 5 == 0) t.write(dir + "readme.txt", "not considered");
    }
    fs::create_directory_symlink(fs::path(t.path("cat/n1")), fs::path(t.path("cat/zz-link")));
    auto describe = [&](const catalogue& c) {
      std::string out = std::to_string(c.files) + " files\n";
      for (const entry_list* l : {&c.eids, &c.reports, &c.artefacts})
        for (const catalogue_entry& e : *l)
          out += e.path + " " + e.canonical_path() + " " + std::to_string(int(e.kind)) + " " +
                 e.system + "\n";
      return out + errors(c.errors, t.root.string());
    };
    const std::string one = describe(discover({t.path("cat")}, {}, 1));
    CHECK(one.find("SYS-59") != std::string::npos);
    CHECK(one.find("notes.xml") != std::string::npos);  // an input error, still listed
    for (unsigned jobs : {2u, 3u, 8u}) {
      CAPTURE(jobs);
      for (int run = 0; run < 3; ++run) CHECK(describe(discover({t.path("cat")}, {}, jobs)) == one);
    }
  }

  TEST_CASE("more files than discovery holds in flight: every one listed, in walk order") {
    // Discovery keeps at most a few thousand walked-but-unlisted files (the walker waits for
    // room): 7,000 files make the walker wait, with classifiers on 2 and 3 threads.
    temp_dir t;
    for (int d = 0; d < 3000; ++d) {
      char name[32];
      std::snprintf(name, sizeof name, "cat/s%04d/", d);
      const std::string id = "SYS-" + std::to_string(d);
      t.write(std::string(name) + "a-system.xml", system_doc(id));
      t.write(std::string(name) + "b-report.xml",
              "<test-report xmlns=\"urn:stancheck:report:1\" system=\"" + id +
                  "\" date=\"2025-01-01\"/>");
      if (d % 3 == 0) t.write(std::string(name) + "c-broken.xml", "<system");
    }
    for (unsigned jobs : {1u, 2u, 3u}) {
      CAPTURE(jobs);
      auto cat = discover({t.path("cat")}, {}, jobs);
      CHECK(cat.files == 7000);
      REQUIRE(cat.eids.size() == 3000);
      REQUIRE(cat.reports.size() == 3000);
      REQUIRE(cat.errors.size() == 1000);
      int bad = 0;
      for (std::size_t i = 0; i < 3000; ++i) {
        char name[32];
        std::snprintf(name, sizeof name, "/cat/s%04zu/", i);
        const catalogue_entry e = cat.eids[i], r = cat.reports[i];
        bad += e.path != t.root.string() + name + "a-system.xml" || e.kind != doc_kind::eid ||
               e.system != "SYS-" + std::to_string(i);
        bad +=
            r.path != t.root.string() + name + "b-report.xml" || r.kind != doc_kind::report_native;
        if (i % 3 == 0) bad += cat.errors[i / 3].file != t.root.string() + name + "c-broken.xml";
      }
      CHECK(bad == 0);
    }
  }

  TEST_CASE("a directory that cannot be read is an input error, and the walk goes on") {
    // Permissions stop nothing when the tests run as root; a path longer than PATH_MAX does:
    // opendir fails. The tree is built (and removed) a level at a time, relative to each level.
    temp_dir t;
    t.write("cat/a.xml", system_doc("A"));
    t.write("cat/z.xml", system_doc("Z"));
    const std::string name(250, 'd');
    std::vector<int> fds{::open(t.path("cat").c_str(), O_DIRECTORY | O_RDONLY)};
    REQUIRE(fds.back() >= 0);
    for (int level = 0; level < 18; ++level) {
      REQUIRE(::mkdirat(fds.back(), name.c_str(), 0755) == 0);
      fds.push_back(::openat(fds.back(), name.c_str(), O_DIRECTORY | O_RDONLY));
      REQUIRE(fds.back() >= 0);
    }
    for (unsigned jobs : {1u, 2u}) {
      CAPTURE(jobs);
      auto cat = discover({t.path("cat")}, {}, jobs);
      CHECK(cat.eids.size() == 2);
      REQUIRE(cat.errors.size() == 1);
      CHECK(cat.errors[0].message == "cannot read directory: File name too long");
      // the first directory whose path is too long, named as the walk reached it
      // (PATH_MAX, 4096, counts the final NUL: a path of 4,096 characters is too long)
      const std::size_t root = t.path("cat").size();
      const std::size_t at = root + 251 * ((4096 - root + 250) / 251);
      CHECK(cat.errors[0].file.size() == at);
      CHECK(cat.errors[0].file.rfind(t.path("cat/") + name + "/" + name, 0) == 0);
    }
    for (std::size_t k = fds.size(); k-- > 1;) {
      ::close(fds[k]);
      CHECK(::unlinkat(fds[k - 1], name.c_str(), AT_REMOVEDIR) == 0);
    }
    ::close(fds[0]);
  }

  TEST_CASE("a list that cannot be written ends discovery with an error, on any thread") {
    // The file lists live in a temporary file: a write error there (disk full; here a file size
    // limit) must reach the caller as an exception, also from a classifier thread.
    temp_dir t;
    const std::string deep = stancheck::test::deep_dir();
    for (int i = 0; i < 400; ++i)
      t.write(deep + "/s" + std::to_string(i) + ".xml", system_doc("S"));
    std::optional<stancheck::test::file_size_limit> limit;
    limit.emplace(64 * 1024);  // the lists' records of 400 files of ~3 KB paths pass 1 MiB
    for (unsigned jobs : {1u, 2u, 3u}) {
      CAPTURE(jobs);
      std::string message;
      try {
        discover({t.path("cat")}, {}, jobs);
      } catch (const std::runtime_error& e) {
        message = e.what();
      }
      CHECK(message.find("cannot write the catalogue list in ") == 0);
    }
    limit.reset();
    CHECK(discover({t.path("cat")}, {}, 2).eids.size() == 400);  // the same walk, room again
  }

  TEST_CASE("the whole pipeline: reports, descriptions, artefacts, unknown systems") {
    const std::string base = fixture("");
    auto cat = discover({fixture("catalogue"), fixture("reports/teststand-atml-2011.xml"),
                         fixture("reports/pytest.xml")});
    REQUIRE(cat.eids.size() == 2);
    REQUIRE(cat.reports.size() == 4);

    evidence_index evidence;
    for (const auto& r : cat.reports) {
      auto x = load_report(r);
      CHECK(x.errors.empty());
      evidence.add(std::move(x.groups));
    }
    evidence.seal();
    CHECK(evidence.systems() == 3);

    system_index index;
    artefact_usage used(cat.artefacts);
    std::vector<system_bundle> bundles;
    for (const auto& e : cat.eids) {
      auto w = load_eid(e, evidence);
      CHECK(errors(w.errors, base) == "");
      used.mark(w.artefacts_used);
      for (auto& b : w.bundles) {
        index.add(b.id, system_location(b), {}, {});
        bundles.push_back(std::move(b));
      }
    }
    REQUIRE(bundles.size() == 3);
    const auto& relay = bundles[0];
    CHECK(relay.id == "FRA-UAV-0001");
    CHECK(relay.name == "Patroller relay");
    CHECK(relay.nation == "FRA");
    CHECK(relay.supplier == "Example SA");
    CHECK(relay.version == "2.1");
    REQUIRE(relay.roots.size() == 3);
    CHECK(std::string(relay.roots[0].node.name()) == "system");
    CHECK(relay.roots[1].doc->kind == doc_kind::label_4774);
    CHECK(relay.roots[2].doc->kind == doc_kind::binding_4778);
    CHECK(relay.documents.size() == 3);
    CHECK(relay.files ==
          std::vector<std::string>{fixture("catalogue/eid/fleet.xml"),
                                   fixture("catalogue/labels/fra-uav-0001-label.xml"),
                                   fixture("catalogue/labels/fra-uav-0001-binding.xml"),
                                   fixture("catalogue/reports/native.xml"),
                                   fixture("reports/teststand-atml-2011.xml")});
    CHECK(relay.tests.size() == 5);

    const auto& gcs = bundles[1];
    CHECK(gcs.id == "DEU-GCS-0007");
    CHECK(gcs.documents[0] == relay.documents[0]);  // one document, many bundles
    CHECK(gcs.roots.size() == 1);
    CHECK(gcs.tests.empty());
    CHECK(bundles[2].id == "GBR-RDR-0100");
    CHECK(bundles[2].tests.size() == 4);

    auto orphans = unreferenced_artefacts(cat, used);
    REQUIRE(orphans.size() == 1);
    auto w = load_artefact(orphans[0]);
    REQUIRE(w.bundles.size() == 1);
    CHECK(w.bundles[0].id == fixture("catalogue/labels/orphan-label.xml"));
    CHECK(w.bundles[0].roots[0].doc->kind == doc_kind::label_4774);
    CHECK(w.artefacts_used.empty());  // phase 3 comes after the links were resolved
    CHECK_THROWS_AS(used.mark(w.bundles[0].id), std::logic_error);
    index.add(w.bundles[0].id, system_location(w.bundles[0]), {}, {});

    evidence_index::unknown_scan unknown(evidence);
    run_summary sum;
    CHECK(index.seal(sum, [&](std::string_view id) { unknown.known(id); }).empty());
    CHECK(index.size() == 4);
    CHECK(errors(unknown.finish(), base) ==
          "catalogue/reports/ghost.xml:2:1: test report names system 'NOR-SHIP-0999', which no "
          "interface description in "
          "this run describes\n");
  }

  TEST_CASE("duplicate system ids: inside one file and across files") {
    temp_dir t;
    t.write("a.xml", system_doc("X"));
    t.write("b.xml", "<!-- second -->\n" + system_doc("X"));
    t.write(
        "c.xml",
        "<catalogue xmlns=\"urn:stancheck:eid:1\">\n  <system id=\"Y\"/>\n  <system id=\"Y\"/>\n"
        "  <system/>\n</catalogue>");
    auto cat = discover({t.root.string()});
    REQUIRE(cat.eids.size() == 3);
    evidence_index none;
    none.seal();
    system_index index;
    std::vector<input_error> errs;
    for (const auto& e : cat.eids) {
      auto w = load_eid(e, none);
      errs.insert(errs.end(), w.errors.begin(), w.errors.end());
      for (const auto& b : w.bundles) index.add(b.id, system_location(b), {}, {});
    }
    run_summary sum;
    for (auto& err : index.seal(sum)) errs.push_back(std::move(err));
    CHECK(index.size() == 2);
    std::sort(errs.begin(), errs.end(),
              [](const auto& a, const auto& b) { return a.file < b.file; });
    const std::string base = t.root.string();
    CHECK(errors(errs, base) ==
          "/b.xml:2:1: duplicate system id 'X' (already described at " + base +
              "/a.xml:1:1)\n"
              "/c.xml:3:3: duplicate system id 'Y' (first at line 2, column 3)\n"
              "/c.xml:4:3: system has no id attribute\n");
  }

  TEST_CASE("artefact links: missing, wrong kind, URL, shared by two systems") {
    temp_dir t;
    t.write(
        "labels/l.xml",
        "<ConfidentialityLabel xmlns=\"urn:nato:stanag:4774:confidentialitymetadatalabel:1:0\"/>");
    t.write(
        "labels/bad.xml",
        "<ConfidentialityLabel xmlns=\"urn:nato:stanag:4774:confidentialitymetadatalabel:1:0\">");
    t.write("cat.xml", R"(<catalogue xmlns="urn:stancheck:eid:1">
  <system id="A">
    <interface id="i" kind="security-labelling" standard="STANAG 4774" edition="1">
      <artefact href="labels/l.xml"/>
      <artefact href="labels/none.xml"/>
      <artefact href="cat.xml"/>
      <artefact href="https://example.org/label.xml"/>
      <artefact href="labels/bad.xml"/>
      <artefact/>
    </interface>
  </system>
  <system id="B"><interface id="j" kind="other" standard="x" edition="1"><artefact href="./labels/l.xml"/></interface></system>
  <system id="C"><interface id="k" kind="other" standard="x" edition="1"><artefact href="labels-link/l.xml"/></interface></system>
</catalogue>)");
    fs::create_directory_symlink(t.root / "labels", t.root / "labels-link");
    catalogue_entry e{
        t.path("cat.xml"), fs::canonical(t.path("cat.xml")).string(), doc_kind::eid, "", {}, {}};
    evidence_index none;
    none.seal();
    auto w = load_eid(e, none);
    const std::string base = t.root.string();
    CHECK(errors(w.errors, base) ==
          "/cat.xml:5:7: artefact 'labels/none.xml' not found (looked for '" + base +
              "/labels/none.xml')\n"
              "/cat.xml:6:7: artefact 'cat.xml' is a interface description, not a STANAG 4774 "
              "label or 4778 binding\n"
              "/cat.xml:7:7: artefact href 'https://example.org/label.xml' is a URL; stancheck "
              "reads only local files\n"
              "/cat.xml:8:7: artefact 'labels/bad.xml' cannot be used: " +
              base +
              "/labels/bad.xml:1:85: malformed XML: end of file inside an element that is not "
              "closed\n"
              "/cat.xml:9:7: artefact has no href\n");
    REQUIRE(w.bundles.size() == 3);
    REQUIRE(w.bundles[0].roots.size() == 2);
    REQUIRE(w.bundles[1].roots.size() == 2);
    REQUIRE(w.bundles[2].roots.size() == 2);
    // Loaded once per file, however the href names it: plainly, through ".", or through a
    // directory link (its canonical path is the link's target, not the link).
    CHECK(w.bundles[0].roots[1].doc == w.bundles[1].roots[1].doc);
    CHECK(w.bundles[0].roots[1].doc == w.bundles[2].roots[1].doc);
    CHECK(w.artefacts_used.size() == 4);  // every resolvable href, good or bad
    CHECK(std::count(w.artefacts_used.begin(), w.artefacts_used.end(),
                     fs::canonical(t.path("labels/l.xml")).string()) == 1);
  }

  TEST_CASE(
      "artefact links of a description named through a symbolic link resolve beside the link") {
    temp_dir t;
    const char* label =
        "<ConfidentialityLabel xmlns=\"urn:nato:stanag:4774:confidentialitymetadatalabel:1:0\"/>";
    t.write("real/cat.xml", R"(<system xmlns="urn:stancheck:eid:1" id="A">
  <interface id="i" kind="security-labelling" standard="STANAG 4774" edition="1">
    <artefact href="labels/l.xml"/>
  </interface>
</system>)");
    t.write("real/labels/l.xml", label);  // beside the target: not the one the href names
    t.write("named/labels/l.xml", label);
    fs::create_symlink(t.root / "real" / "cat.xml", t.root / "named" / "cat.xml");
    catalogue_entry e{t.path("named/cat.xml"),
                      fs::canonical(t.path("named/cat.xml")).string(),
                      doc_kind::eid,
                      "",
                      {},
                      {}};
    evidence_index none;
    none.seal();
    auto w = load_eid(e, none);
    CHECK(w.errors.empty());
    REQUIRE(w.artefacts_used.size() == 1);
    CHECK(w.artefacts_used[0] == fs::canonical(t.path("named/labels/l.xml")).string());
    REQUIRE(w.bundles.size() == 1);
    REQUIRE(w.bundles[0].roots.size() == 2);
    CHECK(w.bundles[0].roots[1].doc->path == t.path("named/labels/l.xml"));
  }

  TEST_CASE("discovery keeps the evidence of small reports, and phase 1 reads that, not the file") {
    temp_dir t;
    t.write("a.xml", system_doc("A"));
    auto report = [](const std::string& tests, const std::string& padding = "") {
      return "<test-report xmlns=\"urn:stancheck:report:1\" system=\"A\" date=\"2025-01-01\">" +
             padding + tests + "</test-report>\n";
    };
    t.write("r1.xml", report(R"(<test id="t1" verdict="pass"/><test id="t2" verdict="fail"/>)"));
    // Larger than the sniff: read again in phase 1.
    t.write("r2.xml",
            report(R"(<test id="t3" verdict="pass"/>)", "<!--" + std::string(70000, 'x') + "-->"));
    t.write("r3.xml", report(R"(<test id="t4" verdict="pass"/>)"));
    t.write("r4.xml", report(R"(<test id="t5" verdict="pass">)"));  // not well-formed
    t.write("r5.xml", report(R"(<test verdict="pass"/>)"));         // a test without an id
    for (unsigned jobs : {1u, 2u}) {
      CAPTURE(jobs);
      catalogue cat = discover({t.root.string()}, {}, jobs);
      REQUIRE(cat.reports.size() == 5);
      REQUIRE(cat.kept);
      std::string kept;
      for (const catalogue_entry& r : cat.reports) {
        const std::string name = fs::path(r.path).filename().string();
        if (r.evidence.length == 0) continue;
        kept += name + " ";
        // The same groups, byte for byte, as loading the file in phase 1 would give.
        report_extraction x = load_report(r);
        CHECK(x.errors.empty());
        CHECK(evidence_index::unpack(cat.kept->read(r.evidence)) ==
              evidence_index::encode(x.groups));
      }
      CHECK(kept == "r1.xml r3.xml ");
    }
    // A whole audit: the reports with evidence for A in catalogue order, kept or read again,
    // and the problems of r4 and r5 where loading them finds them.
    for (unsigned jobs : {1u, 2u}) {
      CAPTURE(jobs);
      engine_options o;
      o.inputs = {t.root.string()};
      o.as_of = "2026-01-01";
      o.jobs = jobs;
      ir::rule_set none;
      run_result r = run_engine(none, o);
      REQUIRE(r.systems.size() == 1);
      std::string files;
      for (const std::string& f : r.systems[0].files)
        files += fs::path(f).filename().string() + " ";
      CHECK(files == "a.xml r1.xml r2.xml r3.xml ");
      CHECK(errors(r.input_errors, t.root.string() + "/") ==
            "r4.xml:1:105: malformed XML: end tag does not match the open element\n"
            "r5.xml:1:74: test has no id attribute\n");
    }
  }

  TEST_CASE("discovery keeps the bytes of descriptions it read whole, for phase 2, on disk only") {
    temp_dir t;
    t.write("a.xml", system_doc("A"));
    t.write("big.xml", "<!--" + std::string(70000, 'x') + "-->" + system_doc("B"));
    catalogue cat = discover({t.root.string()}, {}, 2);
    REQUIRE(cat.eids.size() == 2);
    const catalogue_entry a = cat.eids[0], big = cat.eids[1];
    REQUIRE(fs::path(a.path).filename() == "a.xml");
    CHECK(a.bytes.length == system_doc("A").size());
    CHECK(cat.kept->read(a.bytes) == system_doc("A"));
    CHECK(big.bytes.length == 0);  // larger than the sniff: read in phase 2
    // Phase 2 parses what discovery read: a file changed since is not read again.
    t.write("a.xml", system_doc("CHANGED"));
    load_options lo;
    lo.kept = cat.kept.get();
    work_result w = load_eid(a, lo);
    REQUIRE(w.bundles.size() == 1);
    CHECK(w.bundles[0].id == "A");
    CHECK(load_eid(a, load_options{}).bundles.at(0).id ==
          "CHANGED");  // without the store: the file
    CHECK(load_eid(big, lo).bundles.at(0).id == "B");
    // Without a usable temporary directory the store is in memory: no description is kept.
    const char* old = std::getenv("TMPDIR");
    const std::string saved = old ? old : "";
    ::setenv("TMPDIR", "/nonexistent/stancheck-tmp", 1);
    catalogue in_memory = discover({t.root.string()}, {}, 1);
    if (old)
      ::setenv("TMPDIR", saved.c_str(), 1);
    else
      ::unsetenv("TMPDIR");
    CHECK_FALSE(in_memory.kept->on_disk());
    CHECK(in_memory.eids[0].bytes.length == 0);
  }

}  // TEST_SUITE
