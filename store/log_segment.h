#pragma once
// Log segments: the records of consecutive events under one log key (format 3). A chunked append
// writes its log entries as a table file; one entry per event made RocksDB's per-entry work
// (internal key, block index, order checks) about a tenth of the import's CPU, and a segment of
// 128 events has a 128th of it. Appends written through the WAL keep one record per key.
//
//   log value := record                      (its first byte is a record version, 1)
//              | segment
//   segment   := u8(kLogSegmentTag) varint(count) (varint(size) record)*count
//
// A segment under key u64be(seq) holds the events seq .. seq + count - 1, all of one transaction.

#include <cstdint>
#include <string>
#include <string_view>

#include "store/byte_reader.h"

namespace dayzero::store::codec {

// The first byte of a segment: above any record version this format will use.
inline constexpr uint8_t kLogSegmentTag = 0xfe;
// Events per segment. A single-event read (a correction's target) decodes half a segment's
// ~4 KB on average; scans and table building see one entry in 128.
inline constexpr size_t kLogSegmentEvents = 128;

// True if the log value `value` is a segment rather than one record.
inline bool is_log_segment(std::string_view value) {
    return !value.empty() && static_cast<uint8_t>(value.front()) == kLogSegmentTag;
}

// Builds segments: start(count), then add() each record in sequence order.
class LogSegmentWriter {
  public:
    void start(size_t count) {
        bytes_.clear();
        bytes_.push_back(static_cast<char>(kLogSegmentTag));
        put_varint(bytes_, count);
    }
    void add(std::string_view record) {
        put_varint(bytes_, record.size());
        bytes_.append(record);
    }
    std::string_view bytes() const { return bytes_; }

  private:
    std::string bytes_;  // reused from segment to segment
};

// Walks the records of a segment.
class LogSegmentReader {
  public:
    // `value` must be a segment (is_log_segment); ok() is false if its header is malformed.
    explicit LogSegmentReader(std::string_view value)
        : reader_(value.empty() ? value : value.substr(1)) {
        left_ = reader_.varint();
        ok_ = reader_.ok() && left_ > 0;
    }
    // The records announced and not read yet.
    uint64_t left() const { return left_; }
    // The next record; false when none is left or the bytes are malformed (then ok() is false).
    bool next(std::string_view& record) {
        if (!ok_ || left_ == 0) return false;
        const uint64_t size = reader_.varint();
        if (!reader_.ok() || size > reader_.remaining().size()) {
            ok_ = false;
            return false;
        }
        record = reader_.remaining().substr(0, size);
        reader_.skip(size);
        --left_;
        return true;
    }
    // True when every record was read and nothing follows them.
    bool finished_cleanly() const { return ok_ && left_ == 0 && reader_.remaining().empty(); }
    bool ok() const { return ok_; }

  private:
    ByteReader reader_;
    uint64_t left_ = 0;
    bool ok_ = false;
};

}  // namespace dayzero::store::codec
