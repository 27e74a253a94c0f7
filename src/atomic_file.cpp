// atomic_file.cpp — POSIX atomic replace: mkstemp beside the target, write all, fsync, rename,
// fsync the directory; and the signal handling that removes the temporary file of an
// interrupted write (the temp path lives in a fixed slot a signal handler can read).
#include "atomic_file.hpp"

#include <fcntl.h>
#include <pthread.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <memory>
#include <mutex>
#include <stdexcept>

namespace stancheck {

namespace detail {

[[noreturn]] void write_failure(const std::string& path, const char* what, int err) {
  throw write_error("cannot write " + path + ": " + what + ": " + std::strerror(err));
}

std::string directory_of(const std::string& path) {
  auto slash = path.find_last_of('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

// ---- what a signal handler may touch: fixed arrays and lock-free atomics only ----

constexpr int cleanup_slots = 8;
constexpr std::size_t max_temp_path = 4096;
enum : int { slot_free = 0, slot_claimed = 1, slot_armed = 2 };
char temp_paths[cleanup_slots][max_temp_path];
std::atomic<int> slot_state[cleanup_slots];
static_assert(std::atomic<int>::is_always_lock_free, "the signal handler needs lock-free atomics");

constexpr int handled_signals[] = {SIGINT, SIGTERM, SIGHUP};
constexpr int handled_count = 3;
struct sigaction previous_action[handled_count];
std::atomic<bool> handlers_permanent{false};
std::atomic<bool> handlers_installed{false};

int signal_index(int sig) {
  for (int k = 0; k < handled_count; ++k)
    if (handled_signals[k] == sig) return k;
  return -1;
}

/// Removes the temp file of every write in progress (async-signal-safe).
void remove_armed_temp_files() {
  for (int i = 0; i < cleanup_slots; ++i)
    if (slot_state[i].load() == slot_armed) ::unlink(temp_paths[i]);
}

extern "C" void on_interrupt(int sig) {
  remove_armed_temp_files();
  int k = signal_index(sig);
  if (!handlers_permanent.load() && k >= 0 && !(previous_action[k].sa_flags & SA_SIGINFO) &&
      previous_action[k].sa_handler != SIG_DFL && previous_action[k].sa_handler != SIG_IGN) {
    // The program has its own handler: give the signal to it once this one returns.
    ::sigaction(sig, &previous_action[k], nullptr);
    ::raise(sig);
    return;
  }
  ::_exit(128 + sig);
}

/// Installs on_interrupt for every handled signal the program does not ignore; remembers the
/// previous actions. Caller holds install_mutex.
void install_handlers() {
  for (int k = 0; k < handled_count; ++k) {
    struct sigaction old {};
    ::sigaction(handled_signals[k], nullptr, &old);
    previous_action[k] = old;
    if (!(old.sa_flags & SA_SIGINFO) && old.sa_handler == SIG_IGN) continue;  // e.g. nohup
    struct sigaction act {};
    act.sa_handler = on_interrupt;
    sigemptyset(&act.sa_mask);
    for (int s : handled_signals) sigaddset(&act.sa_mask, s);
    act.sa_flags = 0;
    ::sigaction(handled_signals[k], &act, nullptr);
  }
}

void restore_handlers() {
  for (int k = 0; k < handled_count; ++k)
    ::sigaction(handled_signals[k], &previous_action[k], nullptr);
}

/// Test seam: called once the contents are written to the armed temporary file, before fsync
/// (tests raise a signal here to interrupt a write at a known point). Null in the program.
void (*after_temp_written)() = nullptr;

std::mutex install_mutex;
int scoped_writers = 0;

/// Handlers for the duration of a write, unless installed for the whole program.
class interrupt_scope {
 public:
  interrupt_scope() {
    std::lock_guard<std::mutex> lock(install_mutex);
    if (handlers_permanent.load() || scoped_writers++ > 0) return;
    install_handlers();
    handlers_installed = true;
  }
  ~interrupt_scope() {
    std::lock_guard<std::mutex> lock(install_mutex);
    if (handlers_permanent.load() || --scoped_writers > 0) return;
    restore_handlers();
    handlers_installed = false;
  }
  interrupt_scope(const interrupt_scope&) = delete;
  interrupt_scope& operator=(const interrupt_scope&) = delete;
};

/// Blocks the handled signals in this thread while alive.
class signals_blocked {
 public:
  signals_blocked() {
    sigset_t set;
    sigemptyset(&set);
    for (int s : handled_signals) sigaddset(&set, s);
    ::pthread_sigmask(SIG_BLOCK, &set, &old_);
  }
  ~signals_blocked() { ::pthread_sigmask(SIG_SETMASK, &old_, nullptr); }
  signals_blocked(const signals_blocked&) = delete;
  signals_blocked& operator=(const signals_blocked&) = delete;

 private:
  sigset_t old_;
};

/// A temporary file beside the target, registered for removal on a signal; removed on
/// destruction unless renamed over the target. With no free slot (or a very long path) the
/// signals stay blocked for its whole life instead, so it is renamed or removed before they act.
class temp_file {
 public:
  temp_file(const std::string& target, const std::string& tmpl) : target_(target) {
    block_ = std::make_unique<signals_blocked>();
    for (int i = 0; i < cleanup_slots && slot_ < 0 && tmpl.size() < max_temp_path; ++i) {
      int expected = slot_free;
      if (slot_state[i].compare_exchange_strong(expected, slot_claimed)) slot_ = i;
    }
    char* name = slot_ >= 0 ? temp_paths[slot_] : nullptr;
    std::string fallback;
    if (!name) {
      fallback = tmpl;
      name = fallback.data();
    } else {
      std::memcpy(name, tmpl.c_str(), tmpl.size() + 1);
    }
    fd_ = ::mkstemp(name);
    int err = errno;
    name_ = name;
    if (fd_ < 0) {
      release_slot();
      write_failure(target_, "cannot create a temporary file", err);
    }
    if (slot_ >= 0) {
      slot_state[slot_] = slot_armed;
      block_.reset();  // a signal from now on removes the file through the slot
    }
  }
  ~temp_file() {
    if (fd_ >= 0) ::close(fd_);
    if (!renamed_) {
      signals_blocked b;
      ::unlink(name_.c_str());
      release_slot();
    }
  }
  temp_file(const temp_file&) = delete;
  temp_file& operator=(const temp_file&) = delete;

  int fd() const { return fd_; }

  [[noreturn]] void fail(const char* what) { write_failure(target_, what, errno); }

  void close() {
    int rc = ::close(fd_);
    fd_ = -1;
    if (rc != 0) fail("close");
  }

  void rename_over_target() {
    signals_blocked b;
    if (::rename(name_.c_str(), target_.c_str()) != 0) fail("rename");
    renamed_ = true;
    release_slot();
  }

 private:
  void release_slot() {
    if (slot_ >= 0) slot_state[slot_] = slot_free;
    slot_ = -1;
  }

  std::string target_;
  std::string name_;
  std::unique_ptr<signals_blocked> block_;
  int slot_ = -1;
  int fd_ = -1;
  bool renamed_ = false;
};

}  // namespace detail

struct atomic_writer::impl {
  explicit impl(const std::string& path)
      : target(path), dir(detail::directory_of(path)), tmp(path, template_for(path)) {}

  static std::string template_for(const std::string& path) {
    if (path.empty()) throw write_error("cannot write an empty path");
    std::string dir = detail::directory_of(path);
    std::string base =
        path.substr(path.find_last_of('/') == std::string::npos ? 0 : path.find_last_of('/') + 1);
    return (dir == "/" ? std::string("/") : dir + "/") + "." + base + ".tmp-XXXXXX";
  }

  std::string target;
  std::string dir;
  detail::interrupt_scope
      handlers;  // declared before tmp: the file is gone before they are restored
  detail::temp_file tmp;
  bool committed = false;
};

atomic_writer::atomic_writer(const std::string& path) {
  if (path.empty()) throw write_error("cannot write an empty path");
  impl_ = std::make_unique<impl>(path);
  // mkstemp creates 0600; give the report the usual permissions (0666 & ~umask).
  mode_t mask = ::umask(0);
  ::umask(mask);
  if (::fchmod(impl_->tmp.fd(), 0666 & ~mask) != 0) impl_->tmp.fail("chmod");
}

atomic_writer::~atomic_writer() = default;

void atomic_writer::write(std::string_view bytes) {
  if (impl_->committed) throw std::logic_error("atomic_writer: write after commit");
  const char* p = bytes.data();
  std::size_t left = bytes.size();
  while (left > 0) {
    ssize_t n = ::write(impl_->tmp.fd(), p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      impl_->tmp.fail("write");
    }
    p += n;
    left -= static_cast<std::size_t>(n);
  }
}

void atomic_writer::commit() {
  if (impl_->committed) return;
  if (detail::after_temp_written) detail::after_temp_written();
  if (::fsync(impl_->tmp.fd()) != 0) impl_->tmp.fail("fsync");
  impl_->tmp.close();
  impl_->tmp.rename_over_target();
  impl_->committed = true;
  int dfd = ::open(impl_->dir.c_str(), O_RDONLY | O_DIRECTORY);
  if (dfd >= 0) {
    ::fsync(dfd);  // best effort: the rename is durable once the directory is synced
    ::close(dfd);
  }
}

bool write_file_atomic(const std::string& path, std::string_view contents, std::string* error) {
  try {
    atomic_writer w(path);
    w.write(contents);
    w.commit();
    return true;
  } catch (const std::exception& e) {
    if (error) *error = e.what();
    return false;
  }
}

void install_interrupt_cleanup() {
  using namespace detail;
  std::lock_guard<std::mutex> lock(install_mutex);
  if (handlers_permanent.load()) return;
  if (!handlers_installed.load()) install_handlers();
  handlers_installed = true;
  handlers_permanent = true;
}

}  // namespace stancheck
