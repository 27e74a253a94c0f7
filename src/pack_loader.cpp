// pack_loader.cpp — the front end's driver: finds and reads .rules files, parses them, registers
// packs and rule ids across files, orders packs by their imports, runs the checks and returns the
// IR with every diagnostic in file order.
#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <set>

#include <fmt/format.h>

#include "check_detail.hpp"
#include "parse.hpp"
#include "sha256.hpp"

namespace stancheck {

namespace checker_detail {
namespace {

/// One input of a compilation: a source, or the reason a file could not be read.
struct input {
  source_ptr source;
  bool waivers = false;
  std::optional<diagnostic> read_error;
};

/// Reports import cycles and returns the packs in an order where imports come first.
std::vector<uint32_t> import_order(compiler& c) {
  const auto& packs = c.out.rules.packs;
  std::vector<uint8_t> state(packs.size(), 0);  // 0 new, 1 on the stack, 2 done
  std::vector<uint32_t> order;
  struct frame {
    uint32_t pack;
    std::size_t next = 0;
  };
  std::vector<frame> stack;
  for (uint32_t root = 0; root < packs.size(); ++root) {
    if (state[root]) continue;
    stack.push_back({root});
    state[root] = 1;
    while (!stack.empty()) {
      frame& f = stack.back();
      const auto& imports = packs[f.pack].imports;
      if (f.next == imports.size()) {
        state[f.pack] = 2;
        order.push_back(f.pack);
        stack.pop_back();
        continue;
      }
      std::size_t k = f.next++;
      uint32_t j = imports[k];
      if (state[j] == 0) {
        state[j] = 1;
        stack.push_back({j});
      } else if (state[j] == 1) {
        std::string chain;
        bool in = false;
        for (const frame& s : stack) {
          in |= s.pack == j;
          if (in) chain += fmt::format("'{}' → ", packs[s.pack].id);
        }
        chain += fmt::format("'{}'", packs[j].id);
        c.error(c.packs[f.pack].source, c.packs[f.pack].import_offsets[k], fmt::format("import cycle: {}", chain));
      }
    }
  }
  return order;
}

compile_result compile_inputs(const std::vector<input>& inputs) {
  compile_result out;
  compiler c{out, {}, {}, {}};
  std::vector<std::optional<ast::file>> files(inputs.size());
  std::vector<bool> syntax_errors(inputs.size(), false);
  for (std::size_t k = 0; k < inputs.size(); ++k) {
    if (!inputs[k].source) continue;
    parse_result pr = parse_rule_pack(inputs[k].source);
    syntax_errors[k] = has_errors(pr.diagnostics);
    for (auto& d : pr.diagnostics) out.diagnostics.push_back(std::move(d));
    files[k] = std::move(pr.file);
  }
  // Register packs and rule ids in load order.
  std::vector<std::pair<const ast::file*, source_ptr>> pack_files, all_files;
  std::vector<bool> quiet;  // per pack: its file has syntax errors (no "unused" warnings)
  for (std::size_t k = 0; k < inputs.size(); ++k) {
    if (!files[k]) continue;
    const ast::file& f = *files[k];
    const source_ptr& src = inputs[k].source;
    all_files.emplace_back(&f, src);
    if (inputs[k].waivers) {
      for (const auto& p : f.packs) c.error(src, p.offset, "a waiver file may hold only waivers, not packs");
      for (const auto& p : f.profiles) c.error(src, p.offset, "a waiver file may hold only waivers, not profiles");
      continue;
    }
    pack_files.emplace_back(&f, src);
    std::string digest;
    for (const auto& p : f.packs) {
      if (auto it = c.pack_ids.find(p.id.text); it != c.pack_ids.end()) {
        const pack_state& first = c.packs[it->second];
        c.error(src, p.id.offset, fmt::format("duplicate pack id '{}' (first defined at {})", p.id.text,
                                              compiler::where(first.source, first.ast->id.offset)));
        continue;
      }
      if (digest.empty()) digest = sha256_hex(src->text());
      auto index = static_cast<uint32_t>(out.rules.packs.size());
      c.pack_ids[p.id.text] = index;
      ir::pack ip;
      ip.id = p.id.text;
      ip.title = p.title;
      ip.sha256 = digest;
      ip.source = src;
      out.rules.packs.push_back(std::move(ip));
      c.packs.push_back(pack_state{&f, &p, src, {}, {}, {}, {}, {}, {}});
      quiet.push_back(syntax_errors[k]);
      for (uint32_t r = 0; r < p.rules.size(); ++r) {
        const auto& rule = p.rules[r];
        if (auto it2 = c.rule_ids.find(rule.id.text); it2 != c.rule_ids.end()) {
          const auto& site = c.packs[it2->second.pack];
          c.error(src, rule.id.offset,
                  fmt::format("duplicate rule id '{}' (first defined at {})", rule.id.text,
                              compiler::where(site.source, site.ast->rules[it2->second.rule].id.offset)));
          continue;
        }
        c.rule_ids[rule.id.text] = {index, r};
      }
    }
  }
  auto n = static_cast<uint32_t>(out.rules.packs.size());
  for (uint32_t i = 0; i < n; ++i) declare_pack_names(c, i);
  for (uint32_t i = 0; i < n; ++i) resolve_imports(c, i);
  for (uint32_t i : import_order(c)) check_pack(c, i);
  for (uint32_t i = 0; i < n; ++i)
    if (!quiet[i]) warn_unused(c, i);
  check_profiles(c, pack_files);
  check_waivers(c, all_files);

  // Diagnostics in file order: by input, then by offset (stable for equal offsets).
  std::unordered_map<const source_file*, std::size_t> rank;
  for (std::size_t k = 0; k < inputs.size(); ++k)
    if (inputs[k].source) rank.emplace(inputs[k].source.get(), k);
  std::vector<std::vector<diagnostic>> buckets(inputs.size() + 1);
  for (std::size_t k = 0; k < inputs.size(); ++k)
    if (inputs[k].read_error) buckets[k].push_back(*inputs[k].read_error);
  for (auto& d : out.diagnostics) {
    auto it = d.source ? rank.find(d.source.get()) : rank.end();
    buckets[it == rank.end() ? inputs.size() : it->second].push_back(std::move(d));
  }
  out.diagnostics.clear();
  for (auto& b : buckets) {
    std::stable_sort(b.begin(), b.end(), [](const diagnostic& x, const diagnostic& y) { return x.offset < y.offset; });
    for (auto& d : b) out.diagnostics.push_back(std::move(d));
  }
  return out;
}

input read_input(const std::string& path, bool waivers) {
  input in;
  in.waivers = waivers;
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    in.read_error = diagnostic{severity::error, nullptr, 0, fmt::format("cannot read '{}': it is a directory", path)};
    return in;
  }
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) {
    in.read_error = diagnostic{severity::error, nullptr, 0, fmt::format("cannot read '{}': {}", path, std::strerror(errno))};
    return in;
  }
  std::string text;
  char buf[65536];
  std::size_t got;
  while ((got = std::fread(buf, 1, sizeof buf, f)) > 0) text.append(buf, got);
  bool failed = std::ferror(f) != 0;
  int err = errno;
  std::fclose(f);
  if (failed) {
    in.read_error = diagnostic{severity::error, nullptr, 0, fmt::format("cannot read '{}': {}", path, std::strerror(err))};
    return in;
  }
  in.source = std::make_shared<source_file>(path, std::move(text));
  return in;
}

}  // namespace
}  // namespace checker_detail

std::vector<std::string> find_rule_files(const std::string& dir, std::vector<diagnostic>& errors) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return {dir};
  std::vector<std::string> found;
  fs::recursive_directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec), end;
  if (ec) {
    errors.push_back({severity::error, nullptr, 0, fmt::format("cannot read directory '{}': {}", dir, ec.message())});
    return {};
  }
  for (; it != end; it.increment(ec)) {
    if (ec) {
      errors.push_back({severity::error, nullptr, 0, fmt::format("cannot read directory '{}': {}", dir, ec.message())});
      break;
    }
    const fs::path& p = it->path();
    std::error_code fe;
    if (p.extension() == ".rules" && fs::is_regular_file(p, fe)) found.push_back(p.string());
  }
  std::sort(found.begin(), found.end());
  if (found.empty() && errors.empty())
    errors.push_back({severity::warning, nullptr, 0, fmt::format("no *.rules files under '{}'", dir)});
  return found;
}

compile_result compile_files(const std::vector<std::string>& paths, const std::vector<std::string>& waiver_files) {
  using checker_detail::input;
  std::vector<input> inputs;
  std::set<std::string> seen;
  auto add = [&](const std::string& path, bool waivers) {
    std::error_code ec;
    auto canonical = std::filesystem::weakly_canonical(path, ec);
    std::string key = ec ? path : canonical.string();
    if (!seen.insert(key).second) return;
    inputs.push_back(checker_detail::read_input(path, waivers));
  };
  for (const auto& p : paths) {
    std::vector<diagnostic> errors;
    std::vector<std::string> files = find_rule_files(p, errors);
    for (auto& e : errors) inputs.push_back({nullptr, false, std::move(e)});
    for (const auto& f : files) add(f, false);
  }
  for (const auto& w : waiver_files) add(w, true);
  return checker_detail::compile_inputs(inputs);
}

compile_result compile_sources(const std::vector<source_ptr>& packs, const std::vector<source_ptr>& waivers) {
  std::vector<checker_detail::input> inputs;
  for (const auto& p : packs) inputs.push_back({p, false, std::nullopt});
  for (const auto& w : waivers) inputs.push_back({w, true, std::nullopt});
  return checker_detail::compile_inputs(inputs);
}

}  // namespace stancheck
