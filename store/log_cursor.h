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

    // Positions at the first event whose sequence number is `seq` or more (looking back for a
    // segment that holds `seq`).
    void seek(uint64_t seq);
    // Positions at the first event of the first entry whose key is `seq` or more, without
    // looking back: where a chunked append's own entries begin (crash recovery).
    void seek_entries_from(uint64_t seq);
    // Positions at the log's first event.
    void seek_to_first();
    // Moves to the next event (a no-op once not valid()).
    void next();
    // Seeks event `seq` exactly: ok with the cursor on it, not-found when the log lacks it, or
    // what ended the walk.
    Status find(uint64_t seq);

    // False at the end of the log (or the iterator's bound) and after an error (see status()).
    bool valid() const { return valid_; }
    uint64_t seq() const { return seq_; }
    // The current event's stored record; valid until the cursor moves.
    std::string_view record() const { return record_; }
    // The last sequence number the current entry holds: seq() for an entry of one event, the
    // end of the segment otherwise (verify checks it stays inside one transaction).
    uint64_t entry_last_seq() const { return entry_last_; }
    // The sequence number the error in status() concerns (an entry's first event, or the one
    // being looked for); 0 without an error.
    uint64_t error_seq() const { return error_seq_; }
    // ok, or what ended the walk: a read error, a malformed key or segment, or entries whose
    // sequence numbers overlap (damage: each event has one place in the log).
    Status status() const;

  private:
    void restart();  // forgets the last walk's error and position before a seek
    void enter();    // reads the iterator's entry, or ends the walk
    // Ends the walk if the iterator failed while reading toward event `at`.
    bool iterator_failed(uint64_t at);
    void fail(Status s, uint64_t at);

    std::unique_ptr<rocksdb::Iterator> it_;
    std::optional<codec::LogSegmentReader> segment_;  // while inside a segment
    uint64_t seq_ = 0;
    uint64_t entry_last_ = 0;
    std::string_view record_;
    bool valid_ = false;
    bool yielded_ = false;  // seq_ is an event given since the last seek
    Status error_ = Status::ok();
    uint64_t error_seq_ = 0;
};

}  // namespace dayzero::store
