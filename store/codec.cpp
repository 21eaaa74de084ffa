// On-disk format of the dayzero event store, format version 3 (also in docs/STORAGE.md).
//
// Primitive encodings:
//   u64be / u32be / u16be := fixed-width big-endian unsigned integer (keys: byte order = order)
//   day4    := u32be of (uint32(day) XOR 0x80000000)     signed day, negative sorts first
//   varint  := unsigned LEB128 (7 bits per byte, low group first, high bit = more follows)
//   svarint := varint of the zigzag form ((n << 1) ^ (n >> 63))
//   str     := varint(length) byte[length]               UTF-8 as given, no terminator
//   f64     := 8 bytes, IEEE-754 binary64 bit pattern, little-endian
//   ver     := u8, the value version (1); every value starts with it
//
// Column families (key → value):
//   log         : u64be(seq)                                → record | segment
//                 segment := u8(0xfe) varint(count) (varint(size) record)*count: the events
//                 seq .. seq + count - 1 (format 3; store/log_segment.h); count >= 1, all of one
//                 transaction, no other log key in that range, no byte after the last record,
//                 varints in their shortest form
//   timeline    : u32be(patient)                            → page (merge operator appends)
//                 page := (varint(seq) str(record))*  in write order
//   patients    : 'n' str-bytes(external id, no length)     → ver u32be(compact id)
//                 'i' u32be(compact id)                     → ver bytes(external id)
//   imports     : bytes(source, e.g. "sha256:<hex>")        → ver u64be(first tx)
//   tx          : u64be(tx)                                 → txrec
//   corrections : u64be(target seq) u64be(correcting seq)   → ver u8(correction kind)
//   meta        : "format_version" → ver u32be   "last_seq" → ver u64be   "last_tx" → ver u64be
//                 "head" → ver byte[32] (SHA-256 of the last tx; 32 zero bytes when empty)
//                 "next_patient" → ver u32be   "staging" → ver u64be (chunked append staged)
//                 "projection:" name → ver u64be (last seq the projection reflects)
//   projections : name 0x00 key                             → opaque derived bytes
//
// record  := ver u8(flags) u8(kind) u8(correction)
//            varint(compact patient) svarint(day)
//            [varint(minute)]            if flags & 0x01
//            [f64(value)]                if flags & 0x02
//            str(code) str(text) str(unit) str(original) str(note)
//            [varint(target seq) str(reason)]   if correction != 0
//            varint(tx) varint(source_line)      (recorded-at is the transaction's)
//            [str(recorded_by)]          if flags & 0x04 (else the transaction's author)
//            [str(source)]               if flags & 0x08 (else the transaction's source)
//            (a non-correction event may carry a reason: flags & 0x10 → str(reason) here)
// txrec   := ver varint(first seq) varint(last seq) svarint(recorded_at_us)
//            str(author) str(reason) str(source) byte[32](prev hash) byte[32](hash)
//            [str(os_account)]   the operating-system account that appended it (getpwuid of
//                                the effective uid); absent in records written before it was
//                                kept, never present and empty
//
// Hash chain: hash(tx) = SHA-256( prev_hash(32) || event_1 || ... || event_n || header ) with
//   header  := "dayzero-tx" u8(2) u64be(tx) u64be(first) u64be(last) u64be(recorded_at as u64)
//              str(author) str(reason) str(source)                  (no os_account)
//            | "dayzero-tx" u8(3) u64be(tx) u64be(first) u64be(last) u64be(recorded_at as u64)
//              str(author) str(reason) str(source) str(os_account)  (with one)
//   event_i := u64be(seq) str(external patient id) str(record bytes as stored)
#include "store/codec.h"
#include "store/byte_reader.h"
#include "text/hex.h"

#include <fmt/format.h>

namespace dayzero::store::codec {

void put_u64_be(std::string& out, uint64_t v) {
    for (int shift = 56; shift >= 0; shift -= 8)
        out.push_back(static_cast<char>(v >> shift));
}
void put_u32_be(std::string& out, uint32_t v) {
    for (int shift = 24; shift >= 0; shift -= 8)
        out.push_back(static_cast<char>(v >> shift));
}
void put_u16_be(std::string& out, uint16_t v) {
    out.push_back(static_cast<char>(v >> 8));
    out.push_back(static_cast<char>(v));
}
uint64_t get_u64_be(const char* p) {
    uint64_t v = 0;
    for (int i = 0; i < 8; ++i)
        v = (v << 8) | static_cast<uint8_t>(p[i]);
    return v;
}
uint32_t get_u32_be(const char* p) {
    uint32_t v = 0;
    for (int i = 0; i < 4; ++i)
        v = (v << 8) | static_cast<uint8_t>(p[i]);
    return v;
}
uint16_t get_u16_be(const char* p) {
    return static_cast<uint16_t>((static_cast<uint8_t>(p[0]) << 8) | static_cast<uint8_t>(p[1]));
}
void put_day(std::string& out, int32_t day) {
    put_u32_be(out, static_cast<uint32_t>(day) ^ 0x80000000u);
}
int32_t get_day(const char* p) {
    return static_cast<int32_t>(get_u32_be(p) ^ 0x80000000u);
}

std::string log_key(uint64_t seq) {
    std::string k(8, '\0');
    store_u64_be(k.data(), seq);
    return k;
}
std::string tx_key(uint64_t tx) {
    return log_key(tx);
}
std::string correction_key(uint64_t target_seq, uint64_t seq) {
    std::string k;
    put_u64_be(k, target_seq);
    put_u64_be(k, seq);
    return k;
}

std::string timeline_patient_key(uint32_t patient) {
    std::string k;
    put_u32_be(k, patient);
    return k;
}

bool decode_timeline_patient_key(std::string_view bytes, uint32_t& patient) {
    if (bytes.size() != 4) return false;
    patient = get_u32_be(bytes.data());
    return true;
}

char* write_page_entry(uint64_t seq, std::string_view record, char* out) {
    ByteWriter w(out);
    w.varint(seq);
    w.str(record);
    return w.position();
}

void append_page_entry(uint64_t seq, std::string_view record, std::string& out) {
    const size_t at = out.size();
    out.resize(at + max_page_entry_size(record));
    char* end = write_page_entry(seq, record, out.data() + at);
    out.resize(static_cast<size_t>(end - out.data()));
}

std::string patient_name_key(std::string_view external_id) {
    std::string k(1, kPatientNamePrefix);
    k.append(external_id);
    return k;
}
std::string patient_id_key(uint32_t compact_id) {
    std::string k(1, kPatientIdPrefix);
    put_u32_be(k, compact_id);
    return k;
}

std::string encode_u64_value(uint64_t v) {
    std::string out(1, static_cast<char>(kValueVersion));
    put_u64_be(out, v);
    return out;
}
std::string encode_u32_value(uint32_t v) {
    std::string out(1, static_cast<char>(kValueVersion));
    put_u32_be(out, v);
    return out;
}
std::string encode_bytes_value(std::string_view bytes) {
    std::string out(1, static_cast<char>(kValueVersion));
    out.append(bytes);
    return out;
}
Result<uint64_t> decode_u64_value(std::string_view value, std::string_view what) {
    if (value.size() != 9 || static_cast<uint8_t>(value[0]) != kValueVersion)
        return Status::corruption(
            fmt::format("{}: malformed value ({} bytes)", what, value.size()));
    return get_u64_be(value.data() + 1);
}
Result<uint32_t> decode_u32_value(std::string_view value, std::string_view what) {
    if (value.size() != 5 || static_cast<uint8_t>(value[0]) != kValueVersion)
        return Status::corruption(
            fmt::format("{}: malformed value ({} bytes)", what, value.size()));
    return get_u32_be(value.data() + 1);
}
Result<std::string> decode_bytes_value(std::string_view value, std::string_view what) {
    if (value.empty() || static_cast<uint8_t>(value[0]) != kValueVersion)
        return Status::corruption(fmt::format("{}: malformed value", what));
    return std::string(value.substr(1));
}

std::string to_hex(const Hash& hash) {
    return text::to_hex(hash);
}

std::string projection_key(std::string_view name, std::string_view key) {
    std::string out;
    out.reserve(name.size() + 1 + key.size());
    out.append(name);
    out.push_back('\0');
    out.append(key);
    return out;
}

std::string projection_stamp_key(std::string_view name) {
    return "projection:" + std::string(name);
}

}  // namespace dayzero::store::codec
