#pragma once
// ChunkPipe: hands filled event chunks from the decoding thread to the thread that appends them,
// holding at most one chunk in between, so decoding the next chunk overlaps with the store's work
// on the current one while memory stays bounded by a few chunks whatever the file's size.

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <utility>
#include <vector>

#include "store/event.h"

namespace dayzero::importers {

template <typename Tag>
class ChunkPipe {
  public:
    struct Item {
        std::vector<store::Event> events;
        Tag tag{};  // why the producer stopped filling (e.g. chunk full, end, error)
    };

    // Producer: waits until the slot is free, then puts `item` in it. False when the consumer
    // has closed the pipe (the item is dropped).
    bool put(Item item) {
        std::unique_lock lock(mu_);
        changed_.wait(lock, [&] { return !slot_ || closed_; });
        if (closed_) return false;
        slot_ = std::move(item);
        changed_.notify_all();
        return true;
    }

    // Producer: waits until the slot is free (the consumer took the last item); false when the
    // pipe is closed. Filling only then keeps one chunk ahead of the consumer, not two.
    bool wait_free() {
        std::unique_lock lock(mu_);
        changed_.wait(lock, [&] { return !slot_ || closed_; });
        return !closed_;
    }

    // Producer: a cleared buffer the consumer gave back (empty if none), to fill again.
    std::vector<store::Event> spare() {
        std::lock_guard lock(mu_);
        return std::exchange(spare_, {});
    }

    // Consumer: gives a buffer back for reuse, so chunks do not churn the heap.
    void recycle(std::vector<store::Event> buffer) {
        buffer.clear();
        std::lock_guard lock(mu_);
        if (buffer.capacity() > spare_.capacity()) spare_ = std::move(buffer);
    }

    // Consumer: waits up to `wait` for the next item; nullopt when none came.
    std::optional<Item> take_for(std::chrono::milliseconds wait) {
        std::unique_lock lock(mu_);
        if (!changed_.wait_for(lock, wait, [&] { return slot_.has_value(); })) return std::nullopt;
        Item item = std::move(*slot_);
        slot_.reset();
        changed_.notify_all();
        return item;
    }

    // Consumer: waits for the next item.
    Item take() {
        std::unique_lock lock(mu_);
        changed_.wait(lock, [&] { return slot_.has_value(); });
        Item item = std::move(*slot_);
        slot_.reset();
        changed_.notify_all();
        return item;
    }

    // Consumer: no more items will be taken; a waiting or later put() returns false.
    void close() {
        std::lock_guard lock(mu_);
        closed_ = true;
        changed_.notify_all();
    }

  private:
    std::mutex mu_;
    std::condition_variable changed_;
    std::optional<Item> slot_;
    std::vector<store::Event> spare_;
    bool closed_ = false;
};

}  // namespace dayzero::importers
