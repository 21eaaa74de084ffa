#pragma once
// PrefetchQueue: a bounded hand-over queue between one producer thread (reading timelines ahead)
// and one consumer (the caller's visitor). Bounded, so memory stays a few patients deep.

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <optional>

#include "store/status.h"

namespace dayzero::store {

template <class T>
class PrefetchQueue {
  public:
    explicit PrefetchQueue(size_t capacity) : capacity_(capacity) {}

    // Producer: waits for room; false when the consumer stopped (the producer should return).
    bool push(T item) {
        std::unique_lock lock(mu_);
        room_.wait(lock, [&] { return stopped_ || items_.size() < capacity_; });
        if (stopped_) return false;
        items_.push_back(std::move(item));
        ready_.notify_one();
        return true;
    }
    // Producer: no more items; `failure` (if not ok) is what the consumer reports.
    void close(Status failure = Status::ok()) {
        std::lock_guard lock(mu_);
        closed_ = true;
        failure_ = std::move(failure);
        ready_.notify_one();
    }
    // Producer: true once the consumer stopped.
    bool stopped() const {
        std::lock_guard lock(mu_);
        return stopped_;
    }

    // Consumer: the next item, or nullopt when the producer closed and everything was taken.
    std::optional<T> pop() {
        std::unique_lock lock(mu_);
        ready_.wait(lock, [&] { return closed_ || !items_.empty(); });
        if (items_.empty()) return std::nullopt;
        T item = std::move(items_.front());
        items_.pop_front();
        room_.notify_one();
        return item;
    }
    // Consumer: the producer's closing status (valid after pop() returned nullopt).
    Status failure() const {
        std::lock_guard lock(mu_);
        return failure_;
    }
    // Consumer: stop early; wakes a producer waiting for room.
    void stop() {
        std::lock_guard lock(mu_);
        stopped_ = true;
        room_.notify_all();
    }

  private:
    const size_t capacity_;
    mutable std::mutex mu_;
    std::condition_variable ready_;
    std::condition_variable room_;
    std::deque<T> items_;
    bool closed_ = false;
    bool stopped_ = false;
    Status failure_ = Status::ok();
};

}  // namespace dayzero::store
