// document_sniff.cpp — reads a document's root start tag from its first 64 KiB, without a full
// parse, so discovery can sort a catalogue's files into descriptions, reports and artefacts.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <memory>
#include <system_error>
#include <vector>

#include "document.hpp"
#include "document_encoding.hpp"

namespace stancheck {

namespace {

constexpr std::size_t sniff_bytes = 64 * 1024;

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
bool is_name_end(char c) { return is_space(c) || c == '/' || c == '>' || c == '='; }

/// Replaces the five predefined entities; leaves anything else as written.
std::string decode_value(std::string_view v) {
  std::string out;
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (v[i] == '&') {
      static constexpr std::pair<std::string_view, char> ents[] = {
          {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&apos;", '\''}};
      bool done = false;
      for (auto [e, c] : ents) {
        if (v.substr(i, e.size()) == e) {
          out += c, i += e.size() - 1, done = true;
          break;
        }
      }
      if (done) continue;
    }
    out += v[i];
  }
  return out;
}

/// Skips prolog markup starting at s[i] == '<'; returns false when `s` ends first.
bool skip_markup(std::string_view s, std::size_t& i, std::string_view open,
                 std::string_view close) {
  auto end = s.find(close, i + open.size());
  if (end == std::string_view::npos) return false;
  i = end + close.size();
  return true;
}

bool skip_doctype(std::string_view s, std::size_t& i) {
  char quote = 0;
  int bracket = 0;
  for (std::size_t k = i + 9; k < s.size(); ++k) {
    char c = s[k];
    if (quote) {
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '[') {
      ++bracket;
    } else if (c == ']') {
      --bracket;
    } else if (c == '>' && bracket <= 0) {
      i = k + 1;
      return true;
    }
  }
  return false;
}

}  // namespace

root_info sniff_root_text(std::string_view text) {
  root_info info;
  text = text.substr(0, sniff_bytes);
  std::string converted;
  auto guess = detail::detect_encoding(text);
  if (guess.encoding == detail::text_encoding::utf16le ||
      guess.encoding == detail::text_encoding::utf16be) {
    std::size_t bad = 0;
    detail::utf16_to_utf8(text.substr(guess.bom), guess.encoding == detail::text_encoding::utf16be,
                          converted, bad, true);
    text = converted;
  } else if (guess.encoding == detail::text_encoding::utf8 ||
             guess.encoding == detail::text_encoding::latin1) {
    // Names and ids are ASCII in practice; the full load converts and validates.
  } else {
    return info;
  }
  std::size_t i = guess.encoding == detail::text_encoding::utf8 ? guess.bom : 0;
  for (;;) {
    while (i < text.size() && is_space(text[i])) ++i;
    if (i >= text.size() || text[i] != '<') return info;
    std::string_view rest = text.substr(i);
    bool ok = true;
    if (rest.substr(0, 2) == "<?") {
      ok = skip_markup(text, i, "<?", "?>");
    } else if (rest.substr(0, 4) == "<!--") {
      ok = skip_markup(text, i, "<!--", "-->");
    } else if (rest.substr(0, 9) == "<!DOCTYPE") {
      ok = skip_doctype(text, i);
    } else if (rest.size() > 1 && (rest[1] == '!' || is_name_end(rest[1]))) {
      return info;
    } else {
      break;
    }
    if (!ok) return info;
  }

  // The root start tag.
  info.offset = static_cast<uint32_t>(i);
  std::size_t k = i + 1;
  std::size_t name_start = k;
  while (k < text.size() && !is_name_end(text[k])) ++k;
  std::string_view qname = text.substr(name_start, k - name_start);
  std::vector<std::pair<std::string_view, std::string>> attrs;
  for (;;) {
    while (k < text.size() && is_space(text[k])) ++k;
    if (k >= text.size()) return info;
    if (text[k] == '>' || text[k] == '/') break;
    std::size_t a = k;
    while (k < text.size() && !is_name_end(text[k])) ++k;
    std::string_view aname = text.substr(a, k - a);
    while (k < text.size() && is_space(text[k])) ++k;
    if (k >= text.size() || text[k] != '=' || aname.empty()) return info;
    ++k;
    while (k < text.size() && is_space(text[k])) ++k;
    if (k >= text.size() || (text[k] != '"' && text[k] != '\'')) return info;
    char q = text[k++];
    auto close = text.find(q, k);
    if (close == std::string_view::npos) return info;
    attrs.emplace_back(aname, decode_value(text.substr(k, close - k)));
    k = close + 1;
  }

  auto colon = qname.find(':');
  std::string_view prefix =
      colon == std::string_view::npos ? std::string_view{} : qname.substr(0, colon);
  info.local = std::string(colon == std::string_view::npos ? qname : qname.substr(colon + 1));
  std::string xmlns = prefix.empty() ? "xmlns" : "xmlns:" + std::string(prefix);
  bool bound = prefix.empty();
  for (auto& [n, v] : attrs)
    if (n == xmlns) info.ns = v, bound = true;
  info.kind = bound ? classify(info.local, info.ns) : doc_kind::unknown;
  if (info.kind == doc_kind::report_native || info.kind == doc_kind::eid) {
    std::string_view want = info.kind == doc_kind::eid && info.local == "system" ? "id" : "system";
    if (info.kind == doc_kind::report_native || info.local == "system")
      for (auto& [n, v] : attrs)
        if (n == want) info.system = v;
  }
  info.complete = true;
  return info;
}

root_info sniff_root(const std::string& path, std::string* whole) {
  if (whole) whole->clear();  // whatever happens below, never the bytes of another file
  // Never block: a FIFO opens at once with O_NONBLOCK and is left to load_document to refuse.
  int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENXIO) return {};  // a socket
    throw std::system_error(errno, std::generic_category(), path);
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    return {};
  }
  // Left uninitialised: most files are a few KiB, and zero-filling 64 KiB per file was a tenth
  // of a directory audit (docs/performance.md). Plain read(2): no stdio buffer on top.
  // A file smaller than that is read to its stat size, not to the end of the file: one read(2)
  // instead of two (the second only to see the end), a tenth of the system calls of discovery.
  // A size of 0 may be a file that does not know its size: read as much as would be sniffed.
  const std::size_t want = st.st_size > 0 && static_cast<uint64_t>(st.st_size) < sniff_bytes
                               ? static_cast<std::size_t>(st.st_size)
                               : sniff_bytes;
  std::unique_ptr<char[]> buf(new char[want]);
  long n = detail::read_up_to(fd, buf.get(), want);
  const int err = errno;
  ::close(fd);
  if (n < 0) throw std::system_error(err, std::generic_category(), path);
  root_info info = sniff_root_text(std::string_view(buf.get(), static_cast<std::size_t>(n)));
  info.size = static_cast<uint64_t>(st.st_size);
  if (whole) {
    if (want < sniff_bytes && static_cast<uint64_t>(n) == info.size)
      whole->assign(buf.get(), static_cast<std::size_t>(n));
    else
      whole->clear();
  }
  return info;
}

}  // namespace stancheck
