#pragma once
// Byte-level helpers shared by the codecs: varints, length-prefixed strings, a bounds-checked
// reader. The encodings are defined in the grammar at the top of store/codec.cpp.

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace dayzero::store::codec {

// The most bytes a varint takes (a 64-bit value).
inline constexpr size_t kMaxVarintBytes = 10;

// Writes into memory the caller has sized beforehand (from a codec's size bound): no capacity
// check per byte, which is most of the cost of building a record with push_back.
class ByteWriter {
  public:
    explicit ByteWriter(char* p) : p_(p) {}

    void u8(uint8_t v) { *p_++ = static_cast<char>(v); }
    void varint(uint64_t v) {
        while (v >= 0x80) {
            *p_++ = static_cast<char>((v & 0x7f) | 0x80);
            v >>= 7;
        }
        *p_++ = static_cast<char>(v);
    }
    void svarint(int64_t v) {
        varint((static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63));
    }
    void bytes(std::string_view s) {
        if (!s.empty()) std::memcpy(p_, s.data(), s.size());
        p_ += s.size();
    }
    void str(std::string_view s) {
        varint(s.size());
        bytes(s);
    }
    // Little-endian bit pattern of a binary64.
    void f64(double d) {
        uint64_t bits;
        std::memcpy(&bits, &d, sizeof bits);
        for (int i = 0; i < 8; ++i)
            *p_++ = static_cast<char>(bits >> (8 * i));
    }
    void u64_be(uint64_t v) {
        for (int shift = 56; shift >= 0; shift -= 8)
            *p_++ = static_cast<char>(v >> shift);
    }
    // Where the next byte goes.
    char* position() const { return p_; }

  private:
    char* p_;
};

inline void put_varint(std::string& out, uint64_t v) {
    char buf[kMaxVarintBytes];
    ByteWriter w(buf);
    w.varint(v);
    out.append(buf, static_cast<size_t>(w.position() - buf));
}

inline void put_svarint(std::string& out, int64_t v) {
    put_varint(out, (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63));
}

inline void put_str(std::string& out, std::string_view s) {
    put_varint(out, s.size());
    out.append(s);
}

// out = s, where s does not point into out. A recycled string of the same length (a unit, a
// code, an empty note, a patient id) is overwritten in place, without assign()'s out-of-line
// call, which costs more than these short copies.
inline void assign_reusing(std::string& out, std::string_view s) {
    if (s.size() == out.size()) {
        if (!s.empty()) std::memcpy(out.data(), s.data(), s.size());
    } else {
        out.assign(s.data(), s.size());
    }
}

// Reads from a value, remembering the first failure so decoders can check once at the end.
class ByteReader {
  public:
    explicit ByteReader(std::string_view bytes)
        : p_(bytes.data()), end_(bytes.data() + bytes.size()) {}

    uint8_t u8() {
        if (!need(1)) return 0;
        return static_cast<uint8_t>(*p_++);
    }
    uint64_t varint() {
        // Most varints in a record are one byte (kinds of lengths, small numbers).
        if (ok_ && p_ != end_ && static_cast<uint8_t>(*p_) < 0x80)
            return static_cast<uint8_t>(*p_++);
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
    // Reads a string into `out`, reusing its buffer (no allocation when it is large enough).
    // Inlined, so a decoder keeps the reader in registers: decode_record_into, on every timeline
    // read, runs visibly fewer instructions.
    [[gnu::always_inline]] void str_into(std::string& out) {
        const uint64_t n = varint();
        if (!need(n)) {
            out.clear();
            return;
        }
        assign_reusing(out, std::string_view(p_, static_cast<size_t>(n)));
        p_ += n;
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
    void skip(uint64_t n) {
        if (need(n)) p_ += n;
    }
    bool ok() const { return ok_; }
    bool at_end() const { return p_ == end_; }
    // The bytes not read yet.
    std::string_view remaining() const { return {p_, static_cast<size_t>(end_ - p_)}; }

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

}  // namespace dayzero::store::codec
