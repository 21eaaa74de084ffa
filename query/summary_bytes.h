#pragma once
// SummaryWriter / SummaryReader: the byte shapes of the summary codec (query/summary_codec.cpp):
// varints, zig-zag varints, length-prefixed strings, little-endian doubles and optional values.
// The reader remembers the first failure, so a decoder checks once at the end.

#include <bit>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

#include "store/byte_reader.h"

namespace dayzero::query::summary_bytes {

// Appends values in the codec's shapes; take() hands the bytes over.
class Writer {
  public:
    // One byte.
    void u8(uint8_t v) { out_.push_back(static_cast<char>(v)); }
    // LEB128.
    void varint(uint64_t v) { store::codec::put_varint(out_, v); }
    // Zig-zag LEB128.
    void svarint(int64_t v) { store::codec::put_svarint(out_, v); }
    // Length-prefixed bytes.
    void str(std::string_view s) { store::codec::put_str(out_, s); }
    // IEEE-754 bits, little-endian.
    void f64(double d) {
        auto bits = std::bit_cast<uint64_t>(d);
        for (int i = 0; i < 8; ++i, bits >>= 8)
            out_.push_back(static_cast<char>(bits & 0xff));
    }
    // Presence byte, then the value as svarint.
    template <typename T>
    void opt_int(const std::optional<T>& v) {
        u8(v ? 1 : 0);
        if (v) svarint(*v);
    }
    // Presence byte, then the value as f64.
    void opt_f64(const std::optional<double>& v) {
        u8(v ? 1 : 0);
        if (v) f64(*v);
    }
    // The bytes written (the writer is empty afterwards).
    std::string take() { return std::move(out_); }

  private:
    std::string out_;
};

// Reads the shapes Writer writes; any failure sticks in ok(). (Writer and Reader are one format
// and live together.)
class Reader {
  public:
    // Reads `bytes`, which must outlive the reader.
    explicit Reader(std::string_view bytes) : in_(bytes), size_(bytes.size()) {}

    // One byte.
    uint8_t u8() { return in_.u8(); }
    // A byte that must be 0 or 1.
    bool flag() {
        const uint8_t v = in_.u8();
        if (v > 1) bad_ = true;
        return v == 1;
    }
    // A zig-zag varint that must fit an int32.
    int32_t i32() {
        const int64_t v = in_.svarint();
        if (v < std::numeric_limits<int32_t>::min() || v > std::numeric_limits<int32_t>::max()) {
            bad_ = true;
            return 0;
        }
        return static_cast<int32_t>(v);
    }
    // A zig-zag varint.
    int64_t i64() { return in_.svarint(); }
    // A LEB128 varint.
    uint64_t varint() { return in_.varint(); }
    // Length-prefixed bytes.
    std::string str() { return in_.str(); }
    // Length-prefixed bytes in place (valid while the input is), without copying them.
    std::string_view view() {
        const uint64_t n = in_.varint();
        const std::string_view rest = in_.remaining();
        if (!in_.ok() || n > rest.size()) {
            bad_ = true;
            return {};
        }
        in_ = store::codec::ByteReader(rest.substr(static_cast<size_t>(n)));
        return rest.substr(0, static_cast<size_t>(n));
    }
    // Length-prefixed bytes into `out`, reusing its buffer.
    void str_into(std::string& out) { in_.str_into(out); }
    // IEEE-754 bits, little-endian.
    double f64() { return in_.f64(); }
    // Presence flag, then an i32.
    std::optional<int> opt_int() {
        if (!flag()) return std::nullopt;
        return i32();
    }
    // Presence flag, then an f64.
    std::optional<double> opt_f64() {
        if (!flag()) return std::nullopt;
        return f64();
    }
    // An element count: at most one element per remaining byte, so a corrupt count cannot make
    // the decoder allocate without bound.
    size_t count() {
        const uint64_t n = in_.varint();
        if (n > size_) {
            bad_ = true;
            return 0;
        }
        return static_cast<size_t>(n);
    }
    // Marks the input malformed (a value out of its domain).
    void fail() { bad_ = true; }
    // No failure so far.
    bool ok() const { return in_.ok() && !bad_; }
    // No failure and every byte consumed.
    bool done() const { return ok() && in_.at_end(); }
    // The bytes not read yet (a section's start, to read it again later).
    std::string_view remaining() const { return in_.remaining(); }

  private:
    store::codec::ByteReader in_;
    size_t size_;
    bool bad_ = false;
};

}  // namespace dayzero::query::summary_bytes
