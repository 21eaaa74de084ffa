#pragma once
// LogCursor: reads the log family event by event in sequence order, whether an entry holds one
// record or a segment of consecutive records (store/log_segment.h). Private to store/.

#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>

#include <rocksdb/iterator.h>

#include "store/log_segment.h"
#include "store/status.h"

namespace dayzero::store {

class LogCursor {
  public:
    // Reads through `it`, an iterator over the log family (its read options may bound it).
    explicit LogCursor(std::unique_ptr<rocksdb::Iterator> it) : it_(std::move(it)) {}

    // Positions at the first event whose sequence number is `seq` or more.
    void seek(uint64_t seq);
    void seek_to_first();
    void next();

    // False at the end of the log (or the iterator's bound) and after an error (see status()).
    bool valid() const { return valid_; }
    uint64_t seq() const { return seq_; }
    // The current event's stored record; valid until the cursor moves.
    std::string_view record() const { return record_; }
    // ok, or what ended the walk: a read error, a malformed key or segment, or entries whose
    // sequence numbers overlap (damage: each event has one place in the log).
    Status status() const;

  private:
    void enter();  // reads the iterator's entry, or ends the walk
    void fail(Status s);

    std::unique_ptr<rocksdb::Iterator> it_;
    std::optional<codec::LogSegmentReader> segment_;  // while inside a segment
    uint64_t seq_ = 0;
    std::string_view record_;
    bool valid_ = false;
    bool yielded_ = false;  // seq_ is an event given since the last seek
    Status error_ = Status::ok();
};

}  // namespace dayzero::store
