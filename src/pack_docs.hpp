// pack_docs.hpp — human documentation generated from compiled packs (`rules show`, `rules doc`).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "ir.hpp"

namespace stancheck {

/// The source text of a rule, exactly as written in its pack.
std::string rule_source(const ir::pack& p, const ir::rule& r);
/// A rule's full metadata and source, as `stancheck rules show` prints it.
std::string describe_rule(const ir::pack& p, const ir::rule& r);
/// One Markdown page per pack (`<pack-id>.md`) plus an index (`README.md`), in pack order.
std::vector<std::pair<std::string, std::string>> pack_pages(const ir::rule_set& rules);

/// The marker after which `rules doc` writes the generated index into an existing README.md;
/// everything before it is hand-written and kept.
inline constexpr const char* index_marker = "<!-- The generated index of packs follows. -->";
/// Keeps the hand-written part of `existing` (up to and including the marker) and appends `index`.
std::string merge_index(const std::string& existing, const std::string& index);

}  // namespace stancheck
