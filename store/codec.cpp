// On-disk format of the dayzero event store, format version 1 (also in docs/STORAGE.md).
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
//   log         : u64be(seq)                                → record
//   timeline    : u32be(patient) day4(day) u16be(slot) u64be(seq) → record
//                 slot = 0 for an event without clock time, minute-of-day + 1 otherwise
//   patients    : 'n' str-bytes(external id, no length)     → ver u32be(compact id)
//                 'i' u32be(compact id)                     → ver bytes(external id)
//   imports     : bytes(source, e.g. "sha256:<hex>")        → ver u64be(first tx)
//   tx          : u64be(tx)                                 → txrec
//   corrections : u64be(target seq) u64be(correcting seq)   → ver u8(correction kind)
//   meta        : "format_version" → ver u32be   "last_seq" → ver u64be   "last_tx" → ver u64be
//                 "head" → ver byte[32] (SHA-256 of the last tx; 32 zero bytes when empty)
//                 "next_patient" → ver u32be
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
//
// Hash chain: hash(tx) = SHA-256( prev_hash(32) || header || event_1 || ... || event_n ) with
//   header  := "dayzero-tx" u8(1) u64be(tx) u64be(first) u64be(last) u64be(recorded_at as u64)
//              str(author) str(reason) str(source)
//   event_i := u64be(seq) str(external patient id) str(record bytes as stored)
#include "store/codec.h"

#include <fmt/format.h>
#include <cmath>
#include <cstring>

namespace dayzero::store::codec {
namespace {

constexpr uint8_t kFlagMinute = 0x01;
constexpr uint8_t kFlagValue = 0x02;
constexpr uint8_t kFlagAuthor = 0x04;
constexpr uint8_t kFlagSource = 0x08;
constexpr uint8_t kFlagReason = 0x10;
constexpr uint8_t kKnownFlags = 0x1f;

void put_varint(std::string& out, uint64_t v) {
    while (v >= 0x80) {
        out.push_back(static_cast<char>((v & 0x7f) | 0x80));
        v >>= 7;
    }
    out.push_back(static_cast<char>(v));
}

void put_svarint(std::string& out, int64_t v) {
    put_varint(out, (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63));
}

void put_str(std::string& out, std::string_view s) {
    put_varint(out, s.size());
    out.append(s);
}

// Reads from a value, remembering the first failure so decoders can check once at the end.
class Reader {
  public:
    explicit Reader(std::string_view bytes) : p_(bytes.data()), end_(bytes.data() + bytes.size()) {}

    uint8_t u8() {
        if (!need(1)) return 0;
        return static_cast<uint8_t>(*p_++);
    }
    uint64_t varint() {
        uint64_t v = 0;
        for (int shift = 0; shift <= 63; shift += 7) {
            if (!need(1)) return 0;
            const auto b = static_cast<uint8_t>(*p_++);
            v |= static_cast<uint64_t>(b & 0x7f) << shift;
            if ((b & 0x80) == 0) return v;
        }
        ok_ = false;
        return 0;
    }
    int64_t svarint() {
        const uint64_t z = varint();
        return static_cast<int64_t>((z >> 1) ^ (~(z & 1) + 1));
    }
    std::string str() {
        const uint64_t n = varint();
        if (!need(n)) return {};
        std::string s(p_, static_cast<size_t>(n));
        p_ += n;
        return s;
    }
    double f64() {
        if (!need(8)) return 0;
        uint64_t bits = 0;
        for (int i = 7; i >= 0; --i)
            bits = (bits << 8) | static_cast<uint8_t>(p_[i]);
        p_ += 8;
        double d;
        std::memcpy(&d, &bits, sizeof d);
        return d;
    }
    void raw(uint8_t* out, size_t n) {
        if (!need(n)) return;
        std::memcpy(out, p_, n);
        p_ += n;
    }
    bool ok() const { return ok_; }
    bool at_end() const { return p_ == end_; }

  private:
    bool need(uint64_t n) {
        if (!ok_ || static_cast<uint64_t>(end_ - p_) < n) {
            ok_ = false;
            return false;
        }
        return true;
    }
    const char* p_;
    const char* end_;
    bool ok_ = true;
};

Status check_version(Reader& r, std::string_view what) {
    const uint8_t v = r.u8();
    if (!r.ok()) return Status::corruption(fmt::format("{}: empty value", what));
    if (v != kValueVersion) {
        return Status::corruption(fmt::format(
            "{}: value version {} is not supported (this build reads {})", what, v, kValueVersion));
    }
    return Status::ok();
}

}  // namespace

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
    std::string k;
    put_u64_be(k, seq);
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

std::string timeline_key(const TimelineKey& key) {
    std::string k;
    k.reserve(18);
    put_u32_be(k, key.patient);
    put_day(k, key.day);
    put_u16_be(k, key.minute ? static_cast<uint16_t>(*key.minute + 1) : uint16_t{0});
    put_u64_be(k, key.seq);
    return k;
}

std::string timeline_day_start(uint32_t patient, int64_t day) {
    std::string k;
    put_u32_be(k, patient);
    if (day > INT32_MAX) return timeline_patient_start(uint64_t{patient} + 1);
    put_day(k, static_cast<int32_t>(day < INT32_MIN ? INT32_MIN : day));
    return k;
}

std::string timeline_patient_start(uint64_t patient) {
    std::string k;
    if (patient > UINT32_MAX) return std::string(4, '\xff') + std::string(14, '\xff') + '\xff';
    put_u32_be(k, static_cast<uint32_t>(patient));
    return k;
}

bool decode_timeline_key(std::string_view bytes, TimelineKey& key) {
    if (bytes.size() != 18) return false;
    const char* p = bytes.data();
    key.patient = get_u32_be(p);
    key.day = get_day(p + 4);
    const uint16_t slot = get_u16_be(p + 8);
    key.minute = slot == 0 ? std::nullopt : std::optional<uint16_t>(slot - 1);
    key.seq = get_u64_be(p + 10);
    return true;
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

void encode_record(const Event& e, uint32_t patient, std::string_view tx_author,
                   std::string_view tx_source, std::string& out) {
    uint8_t flags = 0;
    if (e.minute) flags |= kFlagMinute;
    if (e.value) flags |= kFlagValue;
    const bool own_author = e.recorded_by != tx_author;
    const bool own_source = e.source != tx_source;
    if (own_author) flags |= kFlagAuthor;
    if (own_source) flags |= kFlagSource;
    const bool is_correction = e.correction != Correction::kNone;
    if (!is_correction && !e.reason.empty()) flags |= kFlagReason;
    out.push_back(static_cast<char>(kValueVersion));
    out.push_back(static_cast<char>(flags));
    out.push_back(static_cast<char>(e.kind));
    out.push_back(static_cast<char>(e.correction));
    put_varint(out, patient);
    put_svarint(out, e.day);
    if (e.minute) put_varint(out, *e.minute);
    if (e.value) {
        uint64_t bits;
        std::memcpy(&bits, &*e.value, sizeof bits);
        for (int i = 0; i < 8; ++i)
            out.push_back(static_cast<char>(bits >> (8 * i)));
    }
    put_str(out, e.code);
    put_str(out, e.text);
    put_str(out, e.unit);
    put_str(out, e.original);
    put_str(out, e.note);
    if (is_correction) {
        put_varint(out, e.target_seq);
        put_str(out, e.reason);
    }
    put_varint(out, e.tx);
    put_varint(out, e.source_line);
    if (own_author) put_str(out, e.recorded_by);
    if (own_source) put_str(out, e.source);
    if (flags & kFlagReason) put_str(out, e.reason);
}

Status decode_record(std::string_view bytes, Record& rec) {
    Reader r(bytes);
    if (auto s = check_version(r, "event record"); !s) return s;
    const uint8_t flags = r.u8();
    const uint8_t kind = r.u8();
    const uint8_t correction = r.u8();
    if (!r.ok()) return Status::corruption("event record: truncated header");
    if ((flags & ~kKnownFlags) != 0)
        return Status::corruption(fmt::format("event record: unknown flags {:#x}", flags));
    if (!is_valid_kind(kind))
        return Status::corruption(fmt::format("event record: unknown kind {}", kind));
    if (correction > static_cast<uint8_t>(Correction::kRetract))
        return Status::corruption(fmt::format("event record: unknown correction {}", correction));
    Event& e = rec.event;
    e.kind = static_cast<EventKind>(kind);
    e.correction = static_cast<Correction>(correction);
    const uint64_t patient = r.varint();
    const int64_t day = r.svarint();
    if (patient > UINT32_MAX || day < INT32_MIN || day > INT32_MAX)
        return Status::corruption("event record: patient or day out of range");
    rec.patient = static_cast<uint32_t>(patient);
    e.day = static_cast<int32_t>(day);
    e.minute.reset();
    if (flags & kFlagMinute) {
        const uint64_t m = r.varint();
        if (m > UINT16_MAX) return Status::corruption("event record: minute out of range");
        e.minute = static_cast<uint16_t>(m);
    }
    e.value.reset();
    if (flags & kFlagValue) e.value = r.f64();
    e.code = r.str();
    e.text = r.str();
    e.unit = r.str();
    e.original = r.str();
    e.note = r.str();
    e.target_seq = 0;
    e.reason.clear();
    if (e.correction != Correction::kNone) {
        e.target_seq = r.varint();
        e.reason = r.str();
    }
    e.tx = r.varint();
    e.recorded_at_us = 0;  // filled from the transaction by the reader
    const uint64_t line = r.varint();
    e.source_line = static_cast<uint32_t>(line);
    rec.own_author = (flags & kFlagAuthor) != 0;
    rec.own_source = (flags & kFlagSource) != 0;
    e.recorded_by = rec.own_author ? r.str() : std::string();
    e.source = rec.own_source ? r.str() : std::string();
    if (flags & kFlagReason) e.reason = r.str();
    if (!r.ok() || line > UINT32_MAX)
        return Status::corruption("event record: truncated or malformed");
    if (!r.at_end()) return Status::corruption("event record: trailing bytes");
    return Status::ok();
}

std::string encode_tx(const TxRecord& tx) {
    std::string out(1, static_cast<char>(kValueVersion));
    put_varint(out, tx.first_seq);
    put_varint(out, tx.last_seq);
    put_svarint(out, tx.recorded_at_us);
    put_str(out, tx.author);
    put_str(out, tx.reason);
    put_str(out, tx.source);
    out.append(reinterpret_cast<const char*>(tx.prev_hash.data()), tx.prev_hash.size());
    out.append(reinterpret_cast<const char*>(tx.hash.data()), tx.hash.size());
    return out;
}

Status decode_tx(std::string_view bytes, uint64_t tx_number, TxRecord& tx) {
    Reader r(bytes);
    const std::string what = fmt::format("transaction {}", tx_number);
    if (auto s = check_version(r, what); !s) return s;
    tx.tx = tx_number;
    tx.first_seq = r.varint();
    tx.last_seq = r.varint();
    tx.recorded_at_us = r.svarint();
    tx.author = r.str();
    tx.reason = r.str();
    tx.source = r.str();
    r.raw(tx.prev_hash.data(), tx.prev_hash.size());
    r.raw(tx.hash.data(), tx.hash.size());
    if (!r.ok() || !r.at_end()) return Status::corruption(what + ": malformed metadata");
    return Status::ok();
}

std::string tx_hash_header(const TxRecord& tx) {
    std::string out = "dayzero-tx";
    out.push_back('\x01');
    put_u64_be(out, tx.tx);
    put_u64_be(out, tx.first_seq);
    put_u64_be(out, tx.last_seq);
    put_u64_be(out, static_cast<uint64_t>(tx.recorded_at_us));
    put_str(out, tx.author);
    put_str(out, tx.reason);
    put_str(out, tx.source);
    return out;
}

void append_event_hash_input(uint64_t seq, std::string_view patient_id, std::string_view record,
                             std::string& out) {
    put_u64_be(out, seq);
    put_str(out, patient_id);
    put_str(out, record);
}

std::string to_hex(const Hash& hash) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string s;
    s.reserve(64);
    for (uint8_t b : hash) {
        s.push_back(kDigits[b >> 4]);
        s.push_back(kDigits[b & 15]);
    }
    return s;
}

}  // namespace dayzero::store::codec
