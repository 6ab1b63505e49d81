// Work split over threads for the order book (ledger.cc): a parallel loop. No exception leaves it.
#ifndef EXPORTCTL_QUERIES_PARALLEL_H_
#define EXPORTCTL_QUERIES_PARALLEL_H_

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <mutex>
#include <new>
#include <string>
#include <string_view>
#include <system_error>
#include <thread>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "exportctl/batch.h"

namespace exportctl::internal {

// The sales a thread takes at a time in the order book's parallel loops.
inline constexpr size_t kOrderBookChunk = 1024;

// The worker count of `threads` (0: one per hardware thread), or the error naming the range.
inline absl::StatusOr<int> WorkerThreads(int threads) {
  if (threads < 0 || threads > kMaxBatchThreads) {
    return absl::InvalidArgumentError("threads must be between 1 and " + std::to_string(kMaxBatchThreads) +
                                      " (0: one per hardware thread), not " + std::to_string(threads));
  }
  if (threads > 0) return threads;
  return static_cast<int>(std::clamp(std::thread::hardware_concurrency(), 1u, static_cast<unsigned>(kMaxBatchThreads)));
}

// Calls fn(begin, end) for consecutive ranges of at most `chunk` items covering [0, n), on up to
// `threads` threads (the calling one among them). An exception in `fn` stops the loop and is the
// error returned.
inline absl::Status ParallelFor(size_t n, int threads, size_t chunk, absl::FunctionRef<void(size_t, size_t)> fn) {
  std::atomic<size_t> next{0};
  std::mutex mutex;
  absl::Status failure;
  auto work = [&] {
    try {
      for (;;) {
        const size_t begin = next.fetch_add(chunk);
        if (begin >= n) return;
        fn(begin, std::min(n, begin + chunk));
      }
    } catch (const std::bad_alloc&) {
      std::lock_guard<std::mutex> lock(mutex);
      failure = absl::ResourceExhaustedError("order book evaluation failed: out of memory");
    } catch (const std::exception& e) {
      std::lock_guard<std::mutex> lock(mutex);
      failure = absl::InternalError(std::string("order book evaluation failed: ") + e.what());
    }
    next.store(n);  // the others stop at their next chunk
  };
  const size_t chunks = (n + chunk - 1) / chunk;
  const size_t helpers = std::min(static_cast<size_t>(std::max(threads, 1)), std::max<size_t>(chunks, 1)) - 1;
  std::vector<std::thread> pool;
  try {
    pool.reserve(helpers);
    for (size_t t = 0; t < helpers; ++t) pool.emplace_back(work);
  } catch (const std::system_error& e) {
    next.store(n);
    for (std::thread& t : pool) t.join();
    return absl::ResourceExhaustedError(std::string("cannot start threads: ") + e.what());
  }
  work();
  for (std::thread& t : pool) t.join();
  return failure;
}

}  // namespace exportctl::internal

#endif  // EXPORTCTL_QUERIES_PARALLEL_H_
