// in_order.hpp — items produced on several threads, consumed strictly in item order.
//
// Both phases of a run have this shape: phase 1 extracts reports and adds their evidence to the
// index in catalogue order; phase 2 loads and checks descriptions and merges their systems in
// catalogue order. Output must not depend on which thread finished first (docs/design.md,
// "Determinism"), and memory must not grow with the catalogue.
#pragma once

#include <algorithm>
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <optional>
#include <vector>

namespace stancheck {

/// Items 0..count-1, each produced once by some worker and consumed once, in order of k.
///
/// Every worker thread calls work(). A worker takes the next item, produces it outside the lock,
/// and parks it in a ring of `window` slots; whichever worker then finds the oldest items ready
/// consumes them — one consumer at a time, outside the lock, while the others go on producing.
/// No worker takes an item more than `window` ahead of the oldest one not yet consumed, so at
/// most `window` produced items wait in the ring (and at most `window` more are being consumed).
///
/// When `produce` or `consume` throws, every worker stops at its next item and work() rethrows
/// on the thread that saw the exception; complete() is then false.
template <class T>
class in_order {
 public:
  in_order(std::size_t count, std::size_t window)
      : count_(count), window_(window ? window : 1), ring_(std::min(window_, count)) {}

  /// Produces and consumes items until none is left to take (or one failed).
  template <class Produce, class Consume>
  void work(Produce&& produce, Consume&& consume) {
    try {
      for (;;) {
        std::size_t k;
        {
          std::unique_lock<std::mutex> lock(m_);
          cv_.wait(lock, [&] {
            return failed_ || next_take_ >= count_ || next_take_ < next_consume_ + window_;
          });
          if (failed_ || next_take_ >= count_) return;
          k = next_take_++;
        }
        T item = produce(k);
        std::unique_lock<std::mutex> lock(m_);
        ring_[k % window_].emplace(std::move(item));
        consume_ready(lock, consume);
      }
    } catch (...) {
      std::lock_guard<std::mutex> lock(m_);
      failed_ = true;
      cv_.notify_all();
      throw;
    }
  }

  /// True once every item was consumed.
  bool complete() const { return next_consume_ == count_; }

 private:
  /// Consumes the items ready in order, unless another worker is consuming already (it will
  /// find this worker's item when it looks again).
  template <class Consume>
  void consume_ready(std::unique_lock<std::mutex>& lock, Consume& consume) {
    if (consuming_ || failed_) return;
    consuming_ = true;
    std::vector<T>& ready = ready_;  // the consumer's alone (consuming_): kept, not reallocated
    for (;;) {
      const std::size_t first = next_consume_;
      ready.clear();
      for (; next_consume_ < count_ && ring_[next_consume_ % window_]; ++next_consume_) {
        ready.push_back(std::move(*ring_[next_consume_ % window_]));
        ring_[next_consume_ % window_].reset();
      }
      if (ready.empty()) break;
      cv_.notify_all();  // room in the window
      lock.unlock();
      try {
        for (std::size_t i = 0; i < ready.size(); ++i) consume(first + i, std::move(ready[i]));
      } catch (...) {
        // Marked failed before the lock is let go: the items after this one were taken out of
        // the ring already, and no other worker may consume past them.
        lock.lock();
        consuming_ = false;
        failed_ = true;
        cv_.notify_all();
        throw;
      }
      ready.clear();  // frees what was consumed before waiting for the lock
      lock.lock();
    }
    consuming_ = false;
  }

  const std::size_t count_, window_;
  std::vector<std::optional<T>> ring_;
  std::vector<T> ready_;  // the items being consumed
  std::mutex m_;
  std::condition_variable cv_;
  std::size_t next_take_ = 0, next_consume_ = 0;
  bool consuming_ = false, failed_ = false;
};

}  // namespace stancheck
