// vectors.cpp — runs test vectors through the engine and matches findings to expectations.
#include "vectors.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <fmt/format.h>

#include "engine.hpp"

namespace fs = std::filesystem;

namespace stancheck {
namespace {

std::string read_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string trim(std::string_view s) {
  auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return {};
  auto e = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(b, e - b + 1));
}

uint32_t line_of(std::string_view text, std::size_t offset) {
  return static_cast<uint32_t>(std::count(text.begin(), text.begin() + offset, '\n') + 1);
}

/// Offset of the next element start tag at or after `from` (skipping comments, PIs, DOCTYPE,
/// CDATA and end tags), or npos.
std::size_t next_element(std::string_view xml, std::size_t from) {
  for (std::size_t p = xml.find('<', from); p != std::string_view::npos; p = xml.find('<', p + 1)) {
    std::string_view rest = xml.substr(p);
    if (rest.starts_with("<!--")) {
      auto e = xml.find("-->", p + 4);
      if (e == std::string_view::npos) return e;
      p = e + 2;
      continue;
    }
    if (rest.size() > 1 && (rest[1] == '/' || rest[1] == '?' || rest[1] == '!')) continue;
    return p;
  }
  return std::string_view::npos;
}

std::vector<fs::path> xml_files_of(const fs::path& vector) {
  std::vector<fs::path> out;
  std::error_code ec;
  if (fs::is_directory(vector, ec)) {
    for (auto it = fs::recursive_directory_iterator(vector, ec); !ec && it != fs::recursive_directory_iterator();
         it.increment(ec))
      if (it->is_regular_file(ec) && it->path().extension() == ".xml") out.push_back(it->path());
  } else {
    out.push_back(vector);
  }
  std::sort(out.begin(), out.end());
  return out;
}

using key = std::tuple<std::string, uint32_t, std::string>;  // file, line, rule

}  // namespace

std::vector<expectation> read_expectations(std::string_view xml, const std::string& file,
                                           std::string* as_of) {
  std::vector<expectation> out;
  for (std::size_t p = xml.find("<!--"); p != std::string_view::npos; p = xml.find("<!--", p + 4)) {
    std::size_t end = xml.find("-->", p + 4);
    if (end == std::string_view::npos) break;
    std::string body = trim(xml.substr(p + 4, end - p - 4));
    if (body.starts_with("as-of:")) {
      if (as_of) *as_of = trim(std::string_view(body).substr(6));
    } else if (body.starts_with("expect:")) {
      std::size_t target = next_element(xml, end + 3);
      uint32_t line = target == std::string_view::npos ? 0 : line_of(xml, target);
      std::string_view ids = std::string_view(body).substr(7);
      while (!ids.empty()) {
        auto comma = ids.find(',');
        std::string id = trim(ids.substr(0, comma));
        if (!id.empty()) out.push_back({file, line, id, line_of(xml, p)});
        if (comma == std::string_view::npos) break;
        ids.remove_prefix(comma + 1);
      }
    }
  }
  return out;
}

vector_report run_vectors(const ir::rule_set& rules, const std::vector<std::string>& roots) {
  vector_report rep;
  std::map<std::string, const ir::pack*> packs;
  for (const auto& p : rules.packs) packs[p.id] = &p;
  std::map<std::string, std::set<std::string>> failing, passing;  // pack -> rules covered
  std::set<std::string> tested_packs;

  auto fail = [&rep](std::string line) {
    rep.text += line;
    rep.failures++;
  };
  for (const auto& root : roots) {
    std::error_code ec;
    if (!fs::is_directory(root, ec)) {
      fail(fmt::format("error: {}: not a folder of test vectors\n", root));
      continue;
    }
    std::vector<fs::path> pack_dirs;
    for (const auto& e : fs::directory_iterator(root, ec))
      if (e.is_directory()) pack_dirs.push_back(e.path());
    std::sort(pack_dirs.begin(), pack_dirs.end());
    for (const auto& dir : pack_dirs) {
      std::string pack_id = dir.filename().string();
      auto pit = packs.find(pack_id);
      if (pit == packs.end()) {
        fail(fmt::format("error: {}: no loaded pack has the id '{}'\n", dir.string(), pack_id));
        continue;
      }
      tested_packs.insert(pack_id);
      std::vector<fs::path> vectors;
      for (const auto& e : fs::directory_iterator(dir, ec))
        if (e.is_directory() || e.path().extension() == ".xml") vectors.push_back(e.path());
      std::sort(vectors.begin(), vectors.end());
      for (const auto& v : vectors) {
        rep.vectors++;
        std::string as_of = "2026-01-01";
        std::vector<expectation> expected;
        for (const auto& f : xml_files_of(v)) {
          auto more = read_expectations(read_text(f), f.string(), &as_of);
          expected.insert(expected.end(), more.begin(), more.end());
        }
        engine_options opt;
        opt.inputs = {v.string()};
        opt.as_of = as_of;
        opt.jobs = 1;
        run_result res = run_engine(rules, opt);
        std::multiset<key> want, got;
        for (const auto& x : expected) want.insert({x.file, x.line, x.rule});
        std::set<std::string> fired;
        for (const auto& s : res.systems) {
          std::set<std::string> fired_here;
          for (const auto& f : s.findings)
            if (f.pack == pack_id && f.waived_by.empty()) {
              got.insert({f.file, f.line, f.rule});
              fired.insert(f.rule);
              fired_here.insert(f.rule);
            }
          for (const auto& r : s.rules_applied)
            if (!fired_here.count(r)) passing[pack_id].insert(r);
        }
        for (const auto& r : fired) failing[pack_id].insert(r);
        std::string problems;
        for (const auto& e : res.input_errors)
          problems += fmt::format("  input error: {}:{}:{}: {}\n", e.file, e.line, e.column, e.message);
        std::vector<key> missing, unexpected;
        std::set_difference(want.begin(), want.end(), got.begin(), got.end(), std::back_inserter(missing));
        std::set_difference(got.begin(), got.end(), want.begin(), want.end(), std::back_inserter(unexpected));
        for (const auto& [file, line, rule] : missing)
          problems += line == 0
                          ? fmt::format("  unmatched expectation: {} in {} (no element follows it)\n", rule, file)
                          : fmt::format("  missing finding: {}:{}: expected {}\n", file, line, rule);
        for (const auto& [file, line, rule] : unexpected)
          problems += fmt::format("  unexpected finding: {}:{}: {}\n", file, line, rule);
        if (problems.empty()) {
          rep.text += fmt::format("ok    {} ({} expected finding(s))\n", v.string(), want.size());
        } else {
          fail(fmt::format("FAIL  {}\n{}", v.string(), problems));
        }
      }
    }
  }
  // Coverage: every rule of a tested pack has a failing vector and a passing one. A rule passes
  // in a vector when it was applied to a system there without a finding.
  for (const auto& id : tested_packs) {
    const ir::pack& p = *packs[id];
    for (const auto& r : p.rules) {
      if (!failing[id].count(r.id))
        fail(fmt::format("coverage: {}: rule {} has no failing vector\n", id, r.id));
      if (!passing[id].count(r.id))
        fail(fmt::format("coverage: {}: rule {} has no passing vector\n", id, r.id));
    }
  }
  for (const auto& p : rules.packs)
    if (!tested_packs.count(p.id) && !p.rules.empty())
      fail(fmt::format("coverage: pack {} has no test vectors\n", p.id));
  rep.text += fmt::format("{} vector(s), {} problem(s)\n", rep.vectors, rep.failures);
  return rep;
}

}  // namespace stancheck
