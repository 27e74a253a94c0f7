// parse.cpp — parse_rule_pack: drives the X3 rules item by item and recovers after errors.
//
// A syntax error inside a rule drops that rule and resumes after its closing brace; an error
// in another pack item resumes at the next line that starts an item; an error in a profile
// or waiver drops it and resumes at the next top-level keyword. Nothing escapes as an
// exception: a tool failure inside the parser becomes a diagnostic too.
#include "parse.hpp"

#include <fmt/format.h>

#include <new>

#include "grammar_entry.hpp"
#include "lexer.hpp"
#include "parse_state.hpp"

namespace stancheck {
namespace {

using grammar::lex_keyword;
using grammar::parse_state;
using grammar::skip_space;
using grammar::syntax_error;

enum class resume_at { rule_end, next_item, next_top };

constexpr std::string_view top_keywords[] = {"pack", "profile", "waiver"};
constexpr std::string_view item_keywords[] = {"standard", "version",   "namespace", "import",
                                              "table",    "predicate", "level",     "rule"};

bool starts_with_any(const char* p, const char* end, std::initializer_list<std::string_view> a,
                     std::initializer_list<std::string_view> b = {}) {
  for (auto w : a) {
    const char* q = p;
    if (lex_keyword(q, end, w)) return true;
  }
  for (auto w : b) {
    const char* q = p;
    if (lex_keyword(q, end, w)) return true;
  }
  return false;
}

bool starts_top(const char* p, const char* end) {
  return starts_with_any(p, end, {top_keywords[0], top_keywords[1], top_keywords[2]});
}

bool starts_item(const char* p, const char* end) {
  for (auto w : item_keywords) {
    const char* q = p;
    if (lex_keyword(q, end, w)) return true;
  }
  return starts_top(p, end);
}

/// Where to resume after a syntax error in the construct that starts at `start`. Strings and
/// comments are skipped (a string also ends at a line end, in case it is unterminated),
/// braces are matched, and a line that starts with a keyword that begins a construct stops
/// the scan whatever the brace depth.
const char* recover(const char* start, const char* end, resume_at mode) {
  int depth = 0;
  const char* p = start;
  while (p < end) {
    char c = *p;
    if (c == '\n') {
      ++p;
      while (p < end && (*p == ' ' || *p == '\t' || *p == '\r')) ++p;
      bool stop = mode == resume_at::next_top ? starts_top(p, end)
                  : mode == resume_at::next_item
                      ? starts_item(p, end)
                      : starts_with_any(p, end, {"rule"}, {"pack", "profile", "waiver"});
      if (stop) return p;
    } else if (c == '#') {
      while (p < end && *p != '\n') ++p;
    } else if (c == '"') {
      ++p;
      while (p < end && *p != '"' && *p != '\n') p += (*p == '\\' && p + 1 < end) ? 2 : 1;
      if (p < end && *p == '"') ++p;
    } else if (c == '{') {
      ++depth;
      ++p;
    } else if (c == '}') {
      if (depth == 0) {
        if (mode != resume_at::next_top) return p;  // closes the enclosing pack
        ++p;
        continue;
      }
      ++p;
      if (--depth == 0 && mode != resume_at::next_item) return p;
    } else {
      ++p;
    }
  }
  return end;
}

class driver {
 public:
  driver(source_ptr src, parse_result& out) : src_(std::move(src)), out_(out) {
    const std::string& text = src_->text();
    st_.begin = text.data();
    st_.end = text.data() + text.size();
    st_.source = src_.get();
    st_.file = &*out_.file;
    st_.init_stack_limit();
  }

  void run() {
    const char* p = st_.begin;
    const char* end = st_.end;
    if (end - p >= 3 && std::string_view(p, 3) == "\xEF\xBB\xBF") p += 3;  // UTF-8 byte order mark
    for (;;) {
      p = skip_space(p, end);
      if (p >= end) break;
      const char* start = p;
      const char* q = p;
      if (lex_keyword(q, end, "pack")) {
        p = pack(p);
      } else if (lex_keyword(q, end, "profile")) {
        p = guarded(p, [&](const char*& r) {
          ast::profile pr;
          grammar::parse_profile(st_, r, pr);
          out_.file->profiles.push_back(std::move(pr));
        });
      } else if (lex_keyword(q, end, "waiver")) {
        p = guarded(p, [&](const char*& r) {
          ast::waiver w;
          grammar::parse_waiver(st_, r, w);
          out_.file->waivers.push_back(std::move(w));
        });
      } else {
        error(p, fmt::format("expected 'pack', 'profile' or 'waiver', found {}",
                             grammar::describe_token(p, end)));
        p = advance(start, recover(start, end, resume_at::next_top));
      }
    }
  }

 private:
  void error(const char* at, std::string message) { error(st_.offset(at), std::move(message)); }
  void error(uint32_t offset, std::string message) {
    out_.diagnostics.push_back({severity::error, src_, offset, std::move(message)});
  }

  static const char* advance(const char* start, const char* to) {
    return to > start ? to : start + 1;
  }

  /// Runs a top-level profile or waiver parser; on error reports and skips the construct.
  template <class F>
  const char* guarded(const char* p, F&& f) {
    const char* start = p;
    try {
      f(p);
      return p;
    } catch (const syntax_error& e) {
      error(e.offset, e.message);
      return advance(start, recover(start, st_.end, resume_at::next_top));
    }
  }

  /// After a broken pack header: the body starts after the first '{' or at the first line
  /// that starts a pack item; nullptr when the next thing is another top-level construct.
  const char* find_body(const char* start) {
    const char* end = st_.end;
    const char* p = recover(start, end, resume_at::next_item);
    // `recover` stops at an item line or an unmatched '}'; look for an opening brace before.
    for (const char* q = start; q < p; ++q) {
      if (*q == '"' || *q == '#') break;  // keep it simple: only a brace on the header line
      if (*q == '\n') break;
      if (*q == '{') return q + 1;
    }
    if (p >= end || starts_top(p, end) || *p == '}') return nullptr;
    return p;
  }

  const char* pack(const char* p) {
    const char* start = p;
    const char* end = st_.end;
    ast::pack pk;
    bool header_ok = true;
    bool recovered_to_end = false;
    try {
      grammar::parse_pack_header(st_, p, pk);
    } catch (const syntax_error& e) {
      error(e.offset, e.message);
      header_ok = false;
      const char* body = find_body(start);
      if (!body) return advance(start, recover(start, end, resume_at::next_top));
      p = body;
    }
    for (;;) {
      p = skip_space(p, end);
      if (p >= end && recovered_to_end) break;  // the error that swallowed the '}' is reported
      if (p >= end || starts_top(p, end)) {
        error(p, fmt::format("expected '}}' to close pack '{}' opened at {}, found {}", pk.id.text,
                             st_.where(st_.offset(start)), grammar::describe_token(p, end)));
        break;
      }
      if (*p == '}') {
        ++p;
        break;
      }
      const char* item = p;
      const char* q = p;
      recovered_to_end = false;
      bool is_rule = lex_keyword(q, end, "rule");
      try {
        if (!grammar::parse_pack_item(st_, p, pk)) {
          error(item, fmt::format("expected a pack item (standard, version, namespace, import, "
                                  "table, predicate, level, rule) or '}}', found {}",
                                  grammar::describe_token(item, end)));
          p = advance(item, recover(item, end, resume_at::next_item));
        }
      } catch (const syntax_error& e) {
        error(e.offset, e.message);
        p = advance(item, recover(item, end, is_rule ? resume_at::rule_end : resume_at::next_item));
        recovered_to_end = p >= end;
      }
    }
    if (header_ok) out_.file->packs.push_back(std::move(pk));
    return p;
  }

  source_ptr src_;
  parse_result& out_;
  parse_state st_;
};

}  // namespace

parse_result parse_rule_pack(source_ptr source) {
  parse_result result;
  try {
    result.file.emplace();
    if (!source) return result;
    if (source->text().size() >= UINT32_MAX) {
      result.diagnostics.push_back({severity::error, source, 0, "file too large (4 GiB or more)"});
      return result;
    }
    driver(source, result).run();
  } catch (const std::bad_alloc&) {
    result.diagnostics.push_back({severity::error, source, 0, "out of memory while parsing"});
  } catch (const std::exception& e) {
    result.diagnostics.push_back(
        {severity::error, source, 0, fmt::format("internal parser error: {}", e.what())});
  } catch (...) {
    result.diagnostics.push_back({severity::error, source, 0, "internal parser error"});
  }
  return result;
}

parse_result parse_rule_pack(std::string text, std::string file_name) {
  try {
    return parse_rule_pack(
        std::make_shared<const source_file>(std::move(file_name), std::move(text)));
  } catch (...) {
    parse_result r;
    r.diagnostics.push_back({severity::error, nullptr, 0, "out of memory while parsing"});
    return r;
  }
}

}  // namespace stancheck
