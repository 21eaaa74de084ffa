#pragma once
// codec: the on-disk byte layouts of the event store (keys, values, hash input).
// The grammar of every key and value is written at the top of codec.cpp and in docs/STORAGE.md.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "store/byte_reader.h"
#include "store/event.h"
#include "store/status.h"

namespace dayzero::store::codec {

// The one store format version this code reads and writes; a store in any other is refused.
// Format 3 added log segments (store/log_segment.h) to format 2's timeline pages; neither older
// format has a converter (re-import the source files).
inline constexpr uint32_t kFormatVersion = 3;
// The version byte at the start of every value written by this code.
inline constexpr uint8_t kValueVersion = 1;

// Column family names (the default family is unused but required by RocksDB).
inline constexpr const char* kCfLog = "log";
inline constexpr const char* kCfTimeline = "timeline";
inline constexpr const char* kCfPatients = "patients";
inline constexpr const char* kCfImports = "imports";
inline constexpr const char* kCfTx = "tx";
inline constexpr const char* kCfCorrections = "corrections";
inline constexpr const char* kCfMeta = "meta";
inline constexpr const char* kCfProjections = "projections";

// Keys of the meta family.
inline constexpr std::string_view kMetaFormatVersion = "format_version";
inline constexpr std::string_view kMetaLastSeq = "last_seq";
inline constexpr std::string_view kMetaLastTx = "last_tx";
inline constexpr std::string_view kMetaHead = "head";
inline constexpr std::string_view kMetaNextPatient = "next_patient";
// Present only while a chunked append is being staged: the first staged sequence number. Staged
// entries (sequence numbers beyond last_seq) are invisible; a writer that finds this key at open
// removes them (the append was interrupted).
inline constexpr std::string_view kMetaStaging = "staging";

// projections: name · 0x00 · entry key -> opaque bytes. The stamp of projection `name` is the
// meta key "projection:" · name (u64 value: the last sequence number it reflects).
std::string projection_key(std::string_view name, std::string_view key);
std::string projection_stamp_key(std::string_view name);

// The marker file that identifies a folder as a dayzero store.
inline constexpr const char* kMarkerFile = "DAYZERO";

using Hash = std::array<uint8_t, 32>;

// Appends `v` as 8 (4, 2) big-endian bytes: byte order equals numeric order.
void put_u64_be(std::string& out, uint64_t v);
void put_u32_be(std::string& out, uint32_t v);
void put_u16_be(std::string& out, uint16_t v);
// Writes `v` as 8 (4) big-endian bytes at `p` (a key built in place, without a string).
inline void store_u64_be(char* p, uint64_t v) {
    for (int i = 0; i < 8; ++i)
        p[i] = static_cast<char>(v >> (56 - 8 * i));
}
inline void store_u32_be(char* p, uint32_t v) {
    for (int i = 0; i < 4; ++i)
        p[i] = static_cast<char>(v >> (24 - 8 * i));
}
// Reads big-endian integers from at least 8 (4, 2) bytes at `p`.
uint64_t get_u64_be(const char* p);
uint32_t get_u32_be(const char* p);
uint16_t get_u16_be(const char* p);
// A signed day as 4 big-endian bytes with the sign bit flipped, so -5 sorts before 0.
void put_day(std::string& out, int32_t day);
int32_t get_day(const char* p);

// log: seq (8 bytes BE).
std::string log_key(uint64_t seq);
// tx: tx number (8 bytes BE).
std::string tx_key(uint64_t tx);
// corrections: target seq · correcting seq (16 bytes).
std::string correction_key(uint64_t target_seq, uint64_t seq);

// timeline: u32be(compact patient) -> page. A page is a concatenation of entries
//   varint(seq) varint(length) record
// in write order; appends add entries through the merge operator (store/page_merge.h), so a
// patient's whole history is one value and never rewritten by an append.
std::string timeline_patient_key(uint32_t patient);
// Decodes a timeline key; false when it is not 4 bytes.
bool decode_timeline_patient_key(std::string_view bytes, uint32_t& patient);
// Appends one page entry to `out`.
void append_page_entry(uint64_t seq, std::string_view record, std::string& out);
// An upper bound of the bytes of one page entry holding `record`.
inline size_t max_page_entry_size(std::string_view record) {
    return 20 + record.size();
}
// append_page_entry into memory with room for max_page_entry_size(record); returns the end.
char* write_page_entry(uint64_t seq, std::string_view record, char* out);

// Walks the entries of a page.
class PageReader {
  public:
    explicit PageReader(std::string_view page) : rest_(page) {}
    // The next entry; false at the end or on malformed bytes (then ok() is false).
    bool next(uint64_t& seq, std::string_view& record);
    bool ok() const { return ok_; }

  private:
    std::string_view rest_;
    bool ok_ = true;
};

inline bool PageReader::next(uint64_t& seq, std::string_view& record) {
    if (rest_.empty() || !ok_) return false;
    ByteReader r(rest_);
    seq = r.varint();
    const uint64_t length = r.varint();
    if (!r.ok() || length > r.remaining().size()) {
        ok_ = false;
        return false;
    }
    record = r.remaining().substr(0, length);
    rest_ = r.remaining().substr(length);
    return true;
}

// patients: 'n' · external id → value u32 compact id; 'i' · compact id (4 BE) → external id.
std::string patient_name_key(std::string_view external_id);
std::string patient_id_key(uint32_t compact_id);
inline constexpr char kPatientNamePrefix = 'n';
inline constexpr char kPatientIdPrefix = 'i';

// Small versioned values: version byte followed by a fixed-width or raw payload.
std::string encode_u64_value(uint64_t v);
std::string encode_u32_value(uint32_t v);
std::string encode_bytes_value(std::string_view bytes);
Result<uint64_t> decode_u64_value(std::string_view value, std::string_view what);
Result<uint32_t> decode_u32_value(std::string_view value, std::string_view what);
Result<std::string> decode_bytes_value(std::string_view value, std::string_view what);

// The stored form of one event (the same bytes in the log and the timeline families).
struct Record {
    Event event;           // every field except patient_id, seq and recorded_at_us;
                           // recorded_by/source only when they differ from the transaction's
    uint32_t patient = 0;  // compact patient id
    bool own_author = false;
    bool own_source = false;
};
// Encodes `event` for storage; an author/source that is empty or equal to the transaction's is
// not repeated (readers give the transaction's).
void encode_record(const Event& event, uint32_t patient, std::string_view tx_author,
                   std::string_view tx_source, std::string& out);
// An upper bound of the bytes encode_record writes for `event`.
size_t max_record_size(const Event& event);
// encode_record into memory with room for max_record_size(event) bytes; returns the end.
char* encode_record_at(const Event& event, uint32_t patient, std::string_view tx_author,
                       std::string_view tx_source, char* out);
// Decodes a stored event value; a corruption status names what is malformed.
Status decode_record(std::string_view bytes, Record& record);
// The same into an existing Event, reusing its strings' buffers (bulk reads recycle events);
// recorded_by and source are left as they were unless the record has its own (own_author,
// own_source): the caller gives the transaction's, and can skip copying what is already there.
Status decode_record_into(std::string_view bytes, Event& event, uint32_t& patient, bool& own_author,
                          bool& own_source);
// The record flag saying a clock time follows the day.
inline constexpr uint8_t kRecordFlagMinute = 0x01;
// Reads only the day and clock time of a stored event (timeline ordering); false if malformed.
// Inline, with PageReader::next: a timeline read calls both once per entry.
inline bool decode_record_position(std::string_view bytes, int32_t& day,
                                   std::optional<uint16_t>& minute) {
    ByteReader r(bytes);
    const uint8_t version = r.u8();
    const uint8_t flags = r.u8();
    r.u8();      // kind
    r.u8();      // correction
    r.varint();  // patient
    const int64_t d = r.svarint();
    minute.reset();
    if (flags & kRecordFlagMinute) {
        const uint64_t m = r.varint();
        if (m > UINT16_MAX) return false;
        minute = static_cast<uint16_t>(m);
    }
    if (!r.ok() || version != kValueVersion || d < INT32_MIN || d > INT32_MAX) return false;
    day = static_cast<int32_t>(d);
    return true;
}

// Transaction metadata as stored (hashes are raw 32 bytes).
struct TxRecord {
    uint64_t tx = 0;
    uint64_t first_seq = 0;
    uint64_t last_seq = 0;
    int64_t recorded_at_us = 0;
    std::string author;
    std::string reason;
    std::string source;
    Hash prev_hash{};
    Hash hash{};
    // The operating-system account that ran the append; "" for transactions written before it
    // was recorded (they keep the shorter record and hash header of their time).
    std::string os_account;
};
std::string encode_tx(const TxRecord& tx);
Status decode_tx(std::string_view bytes, uint64_t tx_number, TxRecord& tx);
// The transaction header bytes covered by the hash chain (everything but the hashes). It comes
// after the events in the hash input, so a chunked append can hash events as they stream in:
// hash = SHA-256(prev hash || event_1 || ... || event_n || header).
std::string tx_hash_header(const TxRecord& tx);
// An upper bound of the bytes of one event's hash input.
size_t max_event_hash_input_size(std::string_view patient_id, std::string_view record);
// Writes the per-event bytes covered by the hash chain (seq, external patient id, stored record)
// into memory with room for max_event_hash_input_size; returns the end.
char* write_event_hash_input(uint64_t seq, std::string_view patient_id, std::string_view record,
                             char* out);

// Lower-case hex of a hash.
std::string to_hex(const Hash& hash);

}  // namespace dayzero::store::codec
