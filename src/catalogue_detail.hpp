// catalogue_detail.hpp — helpers shared by discovery (discover.cpp) and the work items
// (catalogue.cpp); not a public header.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <system_error>
#include <unordered_set>

#include "catalogue.hpp"

namespace stancheck::catalogue_detail {

inline bool is_artefact(doc_kind k) {
  return k == doc_kind::label_4774 || k == doc_kind::binding_4778;
}
inline bool is_report(doc_kind k) {
  return k == doc_kind::report_native || k == doc_kind::report_atml || k == doc_kind::report_junit;
}

inline std::string canonical_of(const std::filesystem::path& p) {
  std::error_code ec;
  auto c = std::filesystem::weakly_canonical(std::filesystem::absolute(p, ec), ec);
  return ec ? std::filesystem::absolute(p).lexically_normal().string() : c.string();
}

/// Is canonical path `p` one of `roots` or inside one? Walks up p's ancestors: O(depth).
inline bool inside_any(std::string_view p, const std::unordered_set<std::string>& roots) {
  if (roots.empty()) return false;
  std::string probe;
  for (;;) {
    probe.assign(p);
    if (roots.count(probe)) return true;
    std::size_t slash = p.rfind('/');
    if (slash == std::string_view::npos) return false;
    if (slash == 0) return roots.count("/") != 0;
    p = p.substr(0, slash);
  }
}

}  // namespace stancheck::catalogue_detail
