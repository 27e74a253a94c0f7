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

}  // namespace stancheck
