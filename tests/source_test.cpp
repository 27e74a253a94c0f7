// source_test.cpp — line tables and the diagnostic renderer.
#include <doctest/doctest.h>

#include "source.hpp"

using namespace stancheck;

TEST_CASE("line_table locates offsets") {
  struct row { std::size_t offset; uint32_t line, column; };
  std::string text = "ab\ncd\n\nefg";
  line_table t(text);
  for (auto r : {row{0, 1, 1}, row{1, 1, 2}, row{2, 1, 3}, row{3, 2, 1}, row{6, 3, 1},
                 row{7, 4, 1}, row{9, 4, 3}}) {
    CAPTURE(r.offset);
    auto lc = t.locate(r.offset);
    CHECK(lc.line == r.line);
    CHECK(lc.column == r.column);
  }
  CHECK(t.line_text(text, 2) == "cd");
  CHECK(t.line_text(text, 3) == "");
  CHECK(t.line_text(text, 4) == "efg");
  CHECK(t.line_text(text, 5) == "");
}

TEST_CASE("render_diagnostic prints file:line:col, the line and a caret") {
  auto src = std::make_shared<source_file>("p.rules", "pack a \"t\" {\n  rule X bad \"t\" {}\n}\n");
  diagnostic d{severity::error, src, 22, "unknown severity 'bad'"};
  CHECK(render_diagnostic(d) ==
        "p.rules:2:10: error: unknown severity 'bad'\n"
        "    rule X bad \"t\" {}\n"
        "           ^\n");
}
