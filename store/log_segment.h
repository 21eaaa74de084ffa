#pragma once
// Log segments: the records of consecutive events under one log key (format 3). A chunked append
// writes its log entries as a table file; one entry per event made RocksDB's per-entry work
// (internal key, block index, order checks) a sizeable share of the import's CPU, and a segment
// of 128 events has a 128th of it. Appends written through the WAL keep one record per key.
//
//   log value := record                      (its first byte is a record version, 1)
//              | segment
//   segment   := u8(0xfe) varint(count) (varint(size) record)*count
//
// A segment under key u64be(seq) holds the events seq .. seq + count - 1 (count >= 1), all of
// one transaction; no other log key lies in that range and no byte follows the last record. Its
// varints are canonical (no redundant 0x80 groups), so a segment's bytes are one function of its
// records. The tag doubles as the segment layout's version: a later layout takes 0xfd, then
// downwards, far above any record version.

#include <cstdint>
#include <string>
#include <string_view>

#include "store/byte_reader.h"

namespace dayzero::store::codec {

// The first byte of a segment (layout 1).
inline constexpr uint8_t kLogSegmentTag = 0xfe;
// Events per segment (a chunk's last segment holds the rest). A single-event read (a
// correction's target) decodes half a segment, 64 records, on average; scans and table building
// see one entry in 128.
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
        left_ = canonical_varint();
        ok_ = ok_ && left_ > 0;
    }
    // The records announced and not read yet.
    uint64_t left() const { return left_; }
    // The next record; false when none is left or the bytes are malformed (then ok() is false).
    bool next(std::string_view& record) {
        if (!ok_ || left_ == 0) return false;
        const uint64_t size = canonical_varint();
        if (!ok_ || size > reader_.remaining().size()) {
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
    // A varint in its shortest form; anything longer is damage (ok_ becomes false).
    uint64_t canonical_varint() {
        const size_t before = reader_.remaining().size();
        const uint64_t v = reader_.varint();
        size_t shortest = 1;
        for (uint64_t rest = v >> 7; rest != 0; rest >>= 7)
            ++shortest;
        if (!reader_.ok() || before - reader_.remaining().size() != shortest) ok_ = false;
        return v;
    }

    ByteReader reader_;
    uint64_t left_ = 0;
    bool ok_ = true;
};

// True when `value` is a whole, well-formed segment: its framing reads to the end exactly.
inline bool is_well_formed_segment(std::string_view value) {
    LogSegmentReader reader(value);
    std::string_view record;
    while (reader.next(record)) {
    }
    return reader.finished_cleanly();
}

}  // namespace dayzero::store::codec
