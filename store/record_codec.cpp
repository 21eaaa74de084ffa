// Event records, transaction records and the hash-chain input. The byte grammar is the comment
// at the top of store/codec.cpp (and docs/STORAGE.md).
#include <fmt/format.h>

#include <cmath>
#include <cstring>

#include "store/byte_reader.h"
#include "store/codec.h"

namespace dayzero::store::codec {
namespace {

constexpr uint8_t kFlagMinute = kRecordFlagMinute;
constexpr uint8_t kFlagValue = 0x02;
constexpr uint8_t kFlagAuthor = 0x04;
constexpr uint8_t kFlagSource = 0x08;
constexpr uint8_t kFlagReason = 0x10;
constexpr uint8_t kKnownFlags = 0x1f;

// The message for a value whose version byte `v` was not the current one (or absent).
[[gnu::noinline]] Status version_problem(const ByteReader& r, uint8_t v, std::string_view what) {
    if (!r.ok()) return Status::corruption(fmt::format("{}: empty value", what));
    return Status::corruption(fmt::format(
        "{}: value version {} is not supported (this build reads {})", what, v, kValueVersion));
}

inline Status check_version(ByteReader& r, std::string_view what) {
    const uint8_t v = r.u8();
    if (r.ok() && v == kValueVersion) [[likely]]
        return Status::ok();
    return version_problem(r, v, what);
}

}  // namespace

size_t max_record_size(const Event& e) {
    // Header, patient, day, minute, value, target, tx and line, and a length before each of the
    // eight strings.
    constexpr size_t kFixed = 4 + 5 + 5 + 3 + 8 + 6 * kMaxVarintBytes + 8 * kMaxVarintBytes;
    return kFixed + e.code.size() + e.text.size() + e.unit.size() + e.original.size() +
           e.note.size() + e.reason.size() + e.recorded_by.size() + e.source.size();
}

char* encode_record_at(const Event& e, uint32_t patient, std::string_view tx_author,
                       std::string_view tx_source, char* out) {
    uint8_t flags = 0;
    if (e.minute) flags |= kFlagMinute;
    if (e.value) flags |= kFlagValue;
    // Empty means "the transaction's": appends leave them empty rather than copying the
    // transaction's author and 71-byte source digest into every event.
    const bool own_author = !e.recorded_by.empty() && e.recorded_by != tx_author;
    const bool own_source = !e.source.empty() && e.source != tx_source;
    if (own_author) flags |= kFlagAuthor;
    if (own_source) flags |= kFlagSource;
    const bool is_correction = e.correction != Correction::kNone;
    if (!is_correction && !e.reason.empty()) flags |= kFlagReason;
    ByteWriter w(out);
    w.u8(kValueVersion);
    w.u8(flags);
    w.u8(static_cast<uint8_t>(e.kind));
    w.u8(static_cast<uint8_t>(e.correction));
    w.varint(patient);
    w.svarint(e.day);
    if (e.minute) w.varint(*e.minute);
    if (e.value) w.f64(*e.value);
    w.str(e.code);
    w.str(e.text);
    w.str(e.unit);
    w.str(e.original);
    w.str(e.note);
    if (is_correction) {
        w.varint(e.target_seq);
        w.str(e.reason);
    }
    w.varint(e.tx);
    w.varint(e.source_line);
    if (own_author) w.str(e.recorded_by);
    if (own_source) w.str(e.source);
    if (flags & kFlagReason) w.str(e.reason);
    return w.position();
}

void encode_record(const Event& e, uint32_t patient, std::string_view tx_author,
                   std::string_view tx_source, std::string& out) {
    const size_t at = out.size();
    out.resize(at + max_record_size(e));
    char* end = encode_record_at(e, patient, tx_author, tx_source, out.data() + at);
    out.resize(static_cast<size_t>(end - out.data()));
}

Status decode_record(std::string_view bytes, Record& rec) {
    Status s = decode_record_into(bytes, rec.event, rec.patient, rec.own_author, rec.own_source);
    if (!rec.own_author) rec.event.recorded_by.clear();
    if (!rec.own_source) rec.event.source.clear();
    return s;
}

Status decode_record_into(std::string_view bytes, Event& e, uint32_t& patient_out, bool& own_author,
                          bool& own_source) {
    ByteReader r(bytes);
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
    e.kind = static_cast<EventKind>(kind);
    e.correction = static_cast<Correction>(correction);
    const uint64_t patient = r.varint();
    const int64_t day = r.svarint();
    if (patient > UINT32_MAX || day < INT32_MIN || day > INT32_MAX)
        return Status::corruption("event record: patient or day out of range");
    patient_out = static_cast<uint32_t>(patient);
    e.day = static_cast<int32_t>(day);
    e.minute.reset();
    if (flags & kFlagMinute) {
        const uint64_t m = r.varint();
        if (m > UINT16_MAX) return Status::corruption("event record: minute out of range");
        e.minute = static_cast<uint16_t>(m);
    }
    e.value.reset();
    if (flags & kFlagValue) {
        e.value = r.f64();
        // The store never writes a non-finite value (append refuses it): such bytes are damage.
        if (!std::isfinite(*e.value))
            return Status::corruption("event record: value is not a finite number");
    }
    r.str_into(e.code);
    r.str_into(e.text);
    r.str_into(e.unit);
    r.str_into(e.original);
    r.str_into(e.note);
    e.target_seq = 0;
    e.reason.clear();
    if (e.correction != Correction::kNone) {
        e.target_seq = r.varint();
        r.str_into(e.reason);
    }
    e.tx = r.varint();
    e.recorded_at_us = 0;  // filled from the transaction by the reader
    const uint64_t line = r.varint();
    e.source_line = static_cast<uint32_t>(line);
    own_author = (flags & kFlagAuthor) != 0;
    own_source = (flags & kFlagSource) != 0;
    if (own_author) r.str_into(e.recorded_by);
    if (own_source) r.str_into(e.source);
    if (flags & kFlagReason) r.str_into(e.reason);
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
    // Absent when empty, so older records and their hashes stay exactly as they were.
    if (!tx.os_account.empty()) put_str(out, tx.os_account);
    return out;
}

Status decode_tx(std::string_view bytes, uint64_t tx_number, TxRecord& tx) {
    ByteReader r(bytes);
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
    tx.os_account.clear();
    if (r.ok() && !r.at_end()) {
        tx.os_account = r.str();
        // An empty account is never written: the bytes would not be the canonical record.
        if (tx.os_account.empty()) return Status::corruption(what + ": empty os_account field");
    }
    if (!r.ok() || !r.at_end()) return Status::corruption(what + ": malformed metadata");
    return Status::ok();
}

std::string tx_hash_header(const TxRecord& tx) {
    std::string out = "dayzero-tx";
    // Version 2 follows the events in the hash input; version 3 adds the operating-system
    // account. A transaction without one keeps version 2, so older chains verify unchanged.
    out.push_back(tx.os_account.empty() ? '\x02' : '\x03');
    put_u64_be(out, tx.tx);
    put_u64_be(out, tx.first_seq);
    put_u64_be(out, tx.last_seq);
    put_u64_be(out, static_cast<uint64_t>(tx.recorded_at_us));
    put_str(out, tx.author);
    put_str(out, tx.reason);
    put_str(out, tx.source);
    if (!tx.os_account.empty()) put_str(out, tx.os_account);
    return out;
}

size_t max_event_hash_input_size(std::string_view patient_id, std::string_view record) {
    return 8 + 2 * kMaxVarintBytes + patient_id.size() + record.size();
}

char* write_event_hash_input(uint64_t seq, std::string_view patient_id, std::string_view record,
                             char* out) {
    ByteWriter w(out);
    w.u64_be(seq);
    w.str(patient_id);
    w.str(record);
    return w.position();
}

}  // namespace dayzero::store::codec
