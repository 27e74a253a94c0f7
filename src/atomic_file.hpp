// atomic_file.hpp — writes a file so it appears complete or not at all (temp file in the same
// directory, fsync, rename over the target; the temp file is removed on any failure).
#pragma once

#include <string>
#include <string_view>

namespace stancheck {

/// Writes `contents` to `path` atomically. On failure returns false (with "cannot write PATH:
/// reason" in *error when given), leaving any existing file at `path` untouched and no temporary
/// file behind.
bool write_file_atomic(const std::string& path, std::string_view contents, std::string* error = nullptr);

}  // namespace stancheck
