// in_order_test.cpp — the pipeline under both phases of a run: items produced on any thread are
// consumed once each, in item order, one at a time, with a bounded number waiting; a failure
// stops every worker and reaches the caller.
#include "in_order.hpp"

#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <exception>
#include <mutex>
#include <random>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

using namespace stancheck;

namespace {

/// Runs `body` on `threads` threads and returns the first exception's message ("" if none).
template <class Body>
std::string on_threads(unsigned threads, Body body) {
  std::mutex m;
  std::string first;
  std::vector<std::thread> pool;
  for (unsigned t = 0; t < threads; ++t)
    pool.emplace_back([&, t] {
      try {
        body(t);
      } catch (const std::exception& e) {
        std::lock_guard<std::mutex> lock(m);
        if (first.empty()) first = e.what();
      }
    });
  for (std::thread& th : pool) th.join();
  return first;
}

/// A short, uneven pause, so that items complete out of order.
void jitter(std::size_t k) {
  thread_local std::minstd_rand rng(static_cast<unsigned>(k) + 1);
  if (rng() % 4 == 0) std::this_thread::sleep_for(std::chrono::microseconds(rng() % 200));
}

}  // namespace

TEST_CASE("in_order: every item consumed once, in item order, by one consumer at a time") {
  for (unsigned threads : {1u, 2u, 3u, 8u})
    for (std::size_t window : {1u, 2u, 5u, 64u}) {
      CAPTURE(threads);
      CAPTURE(window);
      const std::size_t count = 500;
      in_order<std::string> items(count, window);
      std::vector<std::size_t> order;
      std::atomic<int> consumers{0}, most_consumers{0};
      std::atomic<long> in_flight{0}, most_in_flight{0};
      std::string failure = on_threads(threads, [&](unsigned) {
        items.work(
            [&](std::size_t k) {
              long now = ++in_flight;
              for (long m = most_in_flight;
                   now > m && !most_in_flight.compare_exchange_weak(m, now);) {
              }
              jitter(k);
              return "item " + std::to_string(k);
            },
            [&](std::size_t k, std::string&& s) {
              int c = ++consumers;
              for (int m = most_consumers; c > m && !most_consumers.compare_exchange_weak(m, c);) {
              }
              CHECK(s == "item " + std::to_string(k));
              order.push_back(k);
              jitter(k);
              --consumers;
              --in_flight;
            });
      });
      CHECK(failure.empty());
      CHECK(items.complete());
      REQUIRE(order.size() == count);
      for (std::size_t k = 0; k < count; ++k) CHECK(order[k] == k);
      CHECK(most_consumers.load() == 1);
      // Taken but not consumed: at most `window` parked plus `window` being consumed.
      CHECK(most_in_flight.load() <= static_cast<long>(2 * window));
    }
}

TEST_CASE("in_order: no items, and fewer items than the window") {
  in_order<int> none(0, 8);
  int calls = 0;
  none.work([&](std::size_t) { return ++calls; }, [&](std::size_t, int&&) { ++calls; });
  CHECK(calls == 0);
  CHECK(none.complete());

  in_order<int> few(3, 64);
  std::vector<int> got;
  CHECK(on_threads(2, [&](unsigned) {
          few.work([](std::size_t k) { return static_cast<int>(k) * 10; },
                   [&](std::size_t, int&& v) { got.push_back(v); });
        }).empty());
  CHECK(got == std::vector<int>{0, 10, 20});
  CHECK(few.complete());
}

TEST_CASE(
    "in_order: a failure to produce or to consume stops every worker and reaches the caller") {
  for (bool in_consume : {false, true})
    for (unsigned threads : {1u, 2u, 4u}) {
      CAPTURE(in_consume);
      CAPTURE(threads);
      const std::size_t count = 10000, bad = 137;
      in_order<std::size_t> items(count, 4);
      std::atomic<std::size_t> produced{0};
      std::vector<std::size_t> consumed;
      std::string failure = on_threads(threads, [&](unsigned) {
        items.work(
            [&](std::size_t k) {
              ++produced;
              if (!in_consume && k == bad) throw std::runtime_error("cannot produce 137");
              return k;
            },
            [&](std::size_t k, std::size_t&& v) {
              if (in_consume && k == bad) throw std::runtime_error("cannot consume 137");
              consumed.push_back(v);
            });
      });
      CHECK(failure == (in_consume ? "cannot consume 137" : "cannot produce 137"));
      CHECK_FALSE(items.complete());
      // The items before the bad one were consumed in order; none after it.
      REQUIRE(consumed.size() <= bad);
      for (std::size_t i = 0; i < consumed.size(); ++i) CHECK(consumed[i] == i);
      // The workers stopped soon after: within the window of every thread.
      CHECK(produced.load() <= bad + 1 + 2 * 4 + threads);
    }
}
