// report_detail.hpp — helpers shared by the report writers (escaping, locations, rule lookup).
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "report.hpp"
#include "result.hpp"

namespace stancheck::detail {

/// Size of the pieces a streamed report is handed over in (report_options::sink).
inline constexpr std::size_t stream_chunk = std::size_t{1} << 20;
/// Hands `out` to the sink and empties it once it has grown past stream_chunk; nothing without a
/// sink. Writers call it between systems.
inline void flush_point(std::string& out, const report_options& opts) {
  if (opts.sink && out.size() >= stream_chunk) {
    (*opts.sink)(out);
    out.clear();
  }
}

/// Renders every system of `r` into `out`, in id order: `render(s, i, piece)` appends system i's
/// output to `piece`. With opts.jobs > 1, runs of consecutive systems are rendered on that many
/// threads, each into its own piece, and the pieces are appended in order — the bytes do not
/// depend on the number of threads. `render` must only read shared state. Flushes between pieces.
/// With `first_comma_dropped`, render writes every array element with its leading comma (it
/// cannot know whether an earlier system wrote one) and the first comma of all is dropped here.
void render_systems(
    const run_result& r, const report_options& opts, std::string& out,
    const std::function<void(const system_result&, std::size_t, std::string&)>& render,
    bool first_comma_dropped = false);

/// Rule id used for input errors in formats that need one (SARIF, JUnit, CSV, GitHub).
inline constexpr const char* input_error_rule = "STANCHECK-INPUT-ERROR";

/// Length of the valid UTF-8 sequence at s[i], or 0 when invalid (json_writer.cpp).
std::size_t utf8_sequence(std::string_view s, std::size_t i);
/// `s` with every invalid UTF-8 byte replaced by U+FFFD.
std::string sanitize_utf8(std::string_view s);
/// XML 1.0 text/attribute escaping; characters XML cannot carry become U+FFFD.
std::string xml_escape(std::string_view s, bool attribute);
/// HTML text/attribute escaping (& < > " ').
std::string html_escape(std::string_view s);
std::string join(const std::vector<std::string>& items, std::string_view sep);
/// "file:line:col", "file:line" or "file" depending on what is known ("-" for no file).
std::string location(const std::string& file, uint32_t line, uint32_t column);
/// Unwaived findings count; waived ones are reported but not counted.
inline bool counted(const finding& f) { return f.waived_by.empty(); }
/// `file` relative to `working_dir` when it lies below it ('/' separators, leading "./" dropped);
/// otherwise unchanged (absolute).
std::string relative_path(std::string file, const std::string& working_dir);
const pack_info* find_pack(const run_result& r, std::string_view id);
/// Every rule a report must describe: run_result::rules, then built-in tool rules
/// (waiver findings, input errors) that appear in the run and are not among them.
std::vector<rule_info> described_rules(const run_result& r);
/// Verdict counts of one pack over all systems.
struct verdict_tally {
  uint32_t conformant = 0, non_conformant = 0, incomplete = 0, not_applicable = 0, waived = 0;
  uint32_t applicable() const { return conformant + non_conformant + incomplete + waived; }
  void add(verdict_kind k);
};
std::vector<verdict_tally> tally_by_pack(const run_result& r);
/// The verdict of system `s` for pack `pack_id`, or nullptr.
const verdict* find_verdict(const system_result& s, std::string_view pack_id);
/// "1 error", "2 errors".
std::string plural(uint32_t n, std::string_view one, std::string_view many);

/// One RFC 4180 CSV field (report_csv.cpp).
std::string csv_field(std::string_view raw);
/// GitHub workflow-command escaping of a message and of a property value (report_github.cpp).
std::string gh_data(std::string_view raw);
std::string gh_property(std::string_view raw);
/// Text for a Markdown table cell (report_markdown.cpp).
std::string md(std::string_view raw);
/// Percent-encoded relative artifact URI as SARIF writes it (report_sarif.cpp).
std::string sarif_uri(const std::string& file, const std::string& working_dir);

}  // namespace stancheck::detail
