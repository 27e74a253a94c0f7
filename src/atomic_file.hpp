// atomic_file.hpp — writes a file so it appears complete or not at all (temp file in the same
// directory, fsync, rename over the target; the temp file is removed on any failure, and also
// when SIGINT, SIGTERM or SIGHUP interrupts the write).
#pragma once

#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

namespace stancheck {

/// A report file could not be written: "cannot write PATH: reason". A distinct type, so a
/// caller can tell it from other failures while a report is rendered (reading the result spool
/// back, for one), which are not about the output file.
struct write_error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// Writes `contents` to `path` atomically. On failure returns false (with "cannot write PATH:
/// reason" in *error when given), leaving any existing file at `path` untouched and no temporary
/// file behind. While the write is in progress, SIGINT, SIGTERM and SIGHUP remove the temporary
/// file before the signal takes effect (a program without its own handler then exits with
/// 128 + the signal number; one with a handler gets its handler called). Call it while no other
/// thread is running, or from a program whose other threads block those signals.
bool write_file_atomic(const std::string& path, std::string_view contents,
                       std::string* error = nullptr);

/// The same guarantees for a file written in pieces (a report streamed while it is rendered):
/// the bytes go to a temporary file beside `path`, which `commit` renames over it. Destroyed
/// without `commit` (an exception, a failed write), it removes the temporary file. Every
/// failure throws write_error "cannot write PATH: reason". Same threading rule as above.
class atomic_writer {
 public:
  explicit atomic_writer(const std::string& path);
  ~atomic_writer();
  atomic_writer(const atomic_writer&) = delete;
  atomic_writer& operator=(const atomic_writer&) = delete;
  void write(std::string_view bytes);
  /// fsync, rename over the target, fsync its directory (best effort).
  void commit();

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

/// Makes SIGINT, SIGTERM and SIGHUP end the program with exit status 128 + the signal number
/// (130, 143, 129) at any time, removing the temporary file of any atomic write in progress.
/// Signals the program ignores stay ignored. Call once at the start of main, before any thread
/// is started; calling it again does nothing. Without it, the same cleanup happens only while
/// write_file_atomic runs, and a signal at any other time has its usual effect.
void install_interrupt_cleanup();

}  // namespace stancheck
