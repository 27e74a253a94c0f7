// report_common.cpp — the format table, dispatch, the one-line summary and shared escaping helpers.
#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <thread>
#include <unordered_set>

#include "report.hpp"
#include "report_detail.hpp"

namespace stancheck {

const std::vector<report_format_info>& report_formats() {
  static const std::vector<report_format_info> table = {
      {report_format::text, "text", ".txt",
       "file:line:col: severity: message [rule-id], grouped by system"},
      {report_format::json, "json", ".json",
       "the whole run as JSON (stable shape, see docs/formats.md)"},
      {report_format::sarif, "sarif", ".sarif", "SARIF 2.1.0 for code-scanning upload"},
      {report_format::junit, "junit", ".xml",
       "JUnit XML: one testsuite per system, one testcase per rule"},
      {report_format::csv, "csv", ".csv", "one row per finding (RFC 4180)"},
      {report_format::csv_matrix, "csv-matrix", ".csv",
       "system x standard verdict matrix (RFC 4180)"},
      {report_format::markdown, "markdown", ".md", "summary for a CI job summary page"},
      {report_format::github, "github", ".txt", "GitHub Actions workflow-command annotations"},
      {report_format::html, "html", ".html", "self-contained HTML audit report"},
  };
  return table;
}

std::optional<report_format> parse_format(std::string_view name) {
  if (name == "csv_matrix") return report_format::csv_matrix;
  if (name == "md") return report_format::markdown;
  for (const auto& f : report_formats())
    if (name == f.name) return f.format;
  return std::nullopt;
}

const char* to_string(report_format f) {
  for (const auto& i : report_formats())
    if (i.format == f) return i.name;
  return "text";
}

std::string render_report(const run_result& r, report_format format, const report_options& opts) {
  switch (format) {
    case report_format::text:
      return render_text(r, opts);
    case report_format::json:
      return render_json(r, opts);
    case report_format::sarif:
      return render_sarif(r, opts);
    case report_format::junit:
      return render_junit(r, opts);
    case report_format::csv:
      return render_csv(r, opts);
    case report_format::csv_matrix:
      return render_csv_matrix(r, opts);
    case report_format::markdown:
      return render_markdown(r, opts);
    case report_format::github:
      return render_github(r, opts);
    case report_format::html:
      return render_html(r, opts);
  }
  return render_text(r, opts);
}

namespace detail {

void render_systems(
    const run_result& r, const report_options& opts, std::string& out,
    const std::function<void(const system_result&, std::size_t, std::string&)>& render,
    bool first_comma_dropped) {
  bool comma_pending = first_comma_dropped;
  auto append = [&](std::string_view piece) {
    if (comma_pending && !piece.empty()) {
      if (piece.front() == ',') piece.remove_prefix(1);
      comma_pending = false;
    }
    out += piece;
    flush_point(out, opts);
  };
  const std::size_t n = system_view(r).size();
  const std::size_t jobs = std::max(1u, opts.jobs);
  constexpr std::size_t slice = 32;  // systems per piece
  if (jobs == 1 || n <= slice) {
    system_view systems(r);
    std::string piece;
    for (std::size_t i = 0; i < n; ++i) {
      if (!comma_pending) {
        render(systems[i], i, out);
        flush_point(out, opts);
        continue;
      }
      piece.clear();
      render(systems[i], i, piece);
      append(piece);
    }
    return;
  }
  // Rounds of 8 pieces per thread: threads take pieces in turn, each reading systems through its
  // own view. While the threads render one round, this thread appends (and so writes out) the
  // round before: two sets of pieces, used in turn.
  const std::size_t per_round = slice * 8 * jobs;
  std::vector<std::string> pieces[2] = {std::vector<std::string>(8 * jobs),
                                        std::vector<std::string>(8 * jobs)};
  struct round {
    std::size_t base = 0, npieces = 0;
    std::atomic<std::size_t> next{0};
    std::exception_ptr failure;
    std::mutex m;
  };
  round rounds[2];
  auto worker = [&](round& rd, std::vector<std::string>& out_pieces) {
    try {
      system_view systems(r);
      const std::size_t end = std::min(rd.base + per_round, n);
      for (std::size_t p; (p = rd.next++) < rd.npieces;) {
        std::string& piece = out_pieces[p];
        piece.clear();
        const std::size_t first = rd.base + p * slice, last = std::min(first + slice, end);
        for (std::size_t i = first; i < last; ++i) render(systems[i], i, piece);
      }
    } catch (...) {
      std::lock_guard<std::mutex> lock(rd.m);
      if (!rd.failure) rd.failure = std::current_exception();
    }
  };
  auto start = [&](std::size_t base, int b) {
    round& rd = rounds[b];
    rd.base = base;
    rd.npieces = (std::min(per_round, n - base) + slice - 1) / slice;
    rd.next = 0;
    rd.failure = nullptr;
    std::vector<std::thread> threads;
    for (std::size_t t = 0; t < jobs; ++t)
      threads.emplace_back([&, b] { worker(rounds[b], pieces[b]); });
    return threads;
  };
  auto finish = [&](std::vector<std::thread>& threads, int b) {
    for (std::thread& t : threads) t.join();
    threads.clear();
    if (rounds[b].failure) std::rethrow_exception(rounds[b].failure);
  };
  int cur = 0;
  std::vector<std::thread> running = start(0, cur);
  for (std::size_t base = 0; base < n; base += per_round) {
    finish(running, cur);
    const std::size_t npieces = rounds[cur].npieces;
    // The next round renders while this one is appended.
    if (base + per_round < n) running = start(base + per_round, 1 - cur);
    try {
      for (std::size_t p = 0; p < npieces; ++p) append(pieces[cur][p]);
    } catch (...) {
      for (std::thread& t : running) t.join();  // never leave a thread behind
      throw;
    }
    cur = 1 - cur;
  }
}

}  // namespace detail

void render_report_to(const run_result& r, report_format format, const report_options& opts,
                      const report_sink& sink) {
  report_options streamed = opts;
  streamed.sink = &sink;
  std::string rest = render_report(r, format, streamed);
  if (!rest.empty()) sink(rest);
}

std::string one_line_summary(const run_result& r) {
  using detail::plural;
  const run_summary& s = r.summary;
  std::string out =
      fmt::format("stancheck: {}, {}: {}, {}, {}", plural(s.systems, "system", "systems"),
                  plural(s.files, "file", "files"), plural(s.errors, "error", "errors"),
                  plural(s.warnings, "warning", "warnings"), plural(s.infos, "info", "infos"));
  if (s.waived) out += fmt::format(" ({} waived)", s.waived);
  if (s.input_errors) out += ", " + plural(s.input_errors, "input error", "input errors");
  return out;
}

namespace detail {

std::string plural(uint32_t n, std::string_view one, std::string_view many) {
  return fmt::format("{} {}", n, n == 1 ? one : many);
}

std::string sanitize_utf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    std::size_t n = utf8_sequence(s, i);
    if (n == 0) {
      out += "\xEF\xBF\xBD";
      ++i;
    } else {
      out.append(s.substr(i, n));
      i += n;
    }
  }
  return out;
}

std::string xml_escape(std::string_view raw, bool attribute) {
  std::string s = sanitize_utf8(raw);
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += attribute ? "&quot;" : "\"";
        break;
      case '\'':
        out += attribute ? "&apos;" : "'";
        break;
      case '\n':
        out += attribute ? "&#10;" : "\n";
        break;
      case '\r':
        out += "&#13;";
        break;
      case '\t':
        out += attribute ? "&#9;" : "\t";
        break;
      default:
        if (c < 0x20 || c == 0x7F)
          out += "\xEF\xBF\xBD";  // not allowed in XML 1.0
        else if (c == 0xEF && s.compare(i, 3, "\xEF\xBF\xBE") == 0)
          out += "\xEF\xBF\xBD", i += 2;
        else if (c == 0xEF && s.compare(i, 3, "\xEF\xBF\xBF") == 0)
          out += "\xEF\xBF\xBD", i += 2;
        else
          out += static_cast<char>(c);
    }
  }
  return out;
}

std::string html_escape(std::string_view raw) {
  std::string s = sanitize_utf8(raw);
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string join(const std::vector<std::string>& items, std::string_view sep) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i) out += sep;
    out += items[i];
  }
  return out;
}

std::string location(const std::string& file, uint32_t line, uint32_t column) {
  std::string out = file.empty() ? "-" : file;
  if (line) out += fmt::format(":{}", line);
  if (line && column) out += fmt::format(":{}", column);
  return out;
}

std::string relative_path(std::string file, const std::string& working_dir) {
  for (auto& c : file)
    if (c == '\\') c = '/';
  if (file.empty()) return file;
  if (file[0] != '/') {
    while (file.rfind("./", 0) == 0) file.erase(0, 2);
    return file;
  }
  std::string base = working_dir;
  while (base.size() > 1 && base.back() == '/') base.pop_back();
  if (base.empty()) return file;
  if (base == "/") return file.size() > 1 ? file.substr(1) : file;
  if (file.size() > base.size() + 1 && file.compare(0, base.size(), base) == 0 &&
      file[base.size()] == '/')
    return file.substr(base.size() + 1);
  return file;
}

const pack_info* find_pack(const run_result& r, std::string_view id) {
  for (const auto& p : r.packs)
    if (p.id == id) return &p;
  return nullptr;
}

std::vector<rule_info> described_rules(const run_result& r) {
  std::vector<rule_info> out = r.rules;
  auto known = [&](std::string_view id) {
    return std::any_of(out.begin(), out.end(), [&](const rule_info& x) { return x.id == id; });
  };
  struct builtin {
    const char* id;
    severity level;
    const char* title;
    const char* help;
    const char* fix;
  };
  static const builtin tool_rules[] = {
      {"STANCHECK-WAIVER-EXPIRED", severity::error, "A waiver has expired",
       "A waiver suppresses a rule's findings for one system until its expiry date; after that "
       "date the "
       "waiver no longer applies and is reported.",
       "renew the waiver with a new approval and expiry date, or fix the underlying finding"},
      {"STANCHECK-WAIVER-UNUSED", severity::warning, "A waiver suppressed nothing",
       "A waiver names a rule and a system but no finding of that rule was raised for that system.",
       "remove the waiver, or correct its rule or system id"},
      {input_error_rule, severity::error, "An input document could not be read or parsed",
       "The document was skipped; the rest of the batch was still checked.",
       "fix the document so it is well-formed XML of a recognised kind"},
  };
  // One pass over the findings (a spooled run reads its systems back from disk for each pass):
  // which built-in tool rules appear, and which rules no one described (defensive).
  std::unordered_set<std::string> described;
  for (const auto& ri : out) described.insert(ri.id);
  bool used[std::size(tool_rules)] = {};
  std::vector<rule_info> undescribed;
  for (const auto& s : system_view(r))
    for (const auto& f : s.findings) {
      if (described.count(f.rule)) continue;
      bool builtin = false;
      for (std::size_t k = 0; k < std::size(tool_rules); ++k)
        if (f.rule == tool_rules[k].id && std::string_view(tool_rules[k].id) != input_error_rule)
          used[k] = builtin = true;
      if (builtin) continue;
      described.insert(f.rule);
      rule_info ri;
      ri.id = f.rule;
      ri.pack = f.pack;
      ri.standard = f.standard;
      ri.title = f.rule;
      ri.level = f.level;
      ri.clauses = f.clauses;
      undescribed.push_back(std::move(ri));
    }
  for (std::size_t k = 0; k < std::size(tool_rules); ++k) {
    const builtin& b = tool_rules[k];
    if (known(b.id)) continue;
    if (!(std::string_view(b.id) == input_error_rule ? !r.input_errors.empty() : used[k])) continue;
    rule_info ri;
    ri.id = b.id;
    ri.pack = "";
    ri.standard = "stancheck";
    ri.title = b.title;
    ri.level = b.level;
    ri.help = b.help;
    ri.fix = b.fix;
    out.push_back(std::move(ri));
  }
  for (rule_info& ri : undescribed) out.push_back(std::move(ri));
  return out;
}

void verdict_tally::add(verdict_kind k) {
  switch (k) {
    case verdict_kind::conformant:
      ++conformant;
      break;
    case verdict_kind::non_conformant:
      ++non_conformant;
      break;
    case verdict_kind::incomplete:
      ++incomplete;
      break;
    case verdict_kind::not_applicable:
      ++not_applicable;
      break;
    case verdict_kind::waived:
      ++waived;
      break;
  }
}

std::vector<verdict_tally> tally_by_pack(const run_result& r) {
  std::vector<verdict_tally> out(r.packs.size());
  for (const auto& s : system_view(r, system_view::verdicts_only))
    for (const auto& v : s.verdicts)
      for (std::size_t i = 0; i < r.packs.size(); ++i)
        if (r.packs[i].id == v.pack) {
          out[i].add(v.kind);
          break;
        }
  return out;
}

const verdict* find_verdict(const system_result& s, std::string_view pack_id) {
  for (const auto& v : s.verdicts)
    if (v.pack == pack_id) return &v;
  return nullptr;
}

}  // namespace detail
}  // namespace stancheck
