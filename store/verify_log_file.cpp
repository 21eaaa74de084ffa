// check_log_file: every byte of a RocksDB log-format file (a write-ahead log or a MANIFEST).
//
// The format (RocksDB's log writer, stable since LevelDB): the file is a sequence of 32 KiB
// blocks; each record fragment is
//   fragment := u32le(masked crc32c) u16le(length) u8(type) [u32le(log number)] payload
// where the log number is present for the "recyclable" types 5..8 and the CRC covers the type,
// the log number when present, and the payload. A fragment never crosses a block boundary; a
// block's last bytes, when too few for a header, are zero. Types: 1 full, 2 first, 3 middle,
// 4 last (5..8 their recyclable forms), 9 a WAL compression marker (a full record).
// RocksDB's own recovery may skip a damaged tail depending on its recovery mode; verify must not,
// so every byte is accounted for here: inside a fragment whose CRC matches, or a zero trailer.
#include "store/verify_checks.h"

#include <cstdint>
#include <fstream>
#include <iterator>
#include <string>

#include <fmt/format.h>
#include <boost/crc.hpp>

namespace dayzero::store {
namespace {

constexpr size_t kBlockSize = 32768;
constexpr size_t kHeaderSize = 7;
constexpr size_t kRecyclableHeaderSize = 11;
constexpr uint32_t kMaskDelta = 0xa282ead8u;

uint32_t crc32c(const unsigned char* data, size_t n) {
    boost::crc_optimal<32, 0x1EDC6F41, 0xFFFFFFFF, 0xFFFFFFFF, true, true> crc;
    crc.process_bytes(data, n);
    return crc.checksum();
}

uint32_t unmask(uint32_t masked) {
    const uint32_t rot = masked - kMaskDelta;
    return (rot >> 17) | (rot << 15);
}

uint32_t get_u32_le(const unsigned char* p) {
    return uint32_t{p[0]} | (uint32_t{p[1]} << 8) | (uint32_t{p[2]} << 16) | (uint32_t{p[3]} << 24);
}

}  // namespace

std::string check_log_file(const std::string& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return "cannot be read";
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (in.bad()) return "cannot be read";
    const auto* data = reinterpret_cast<const unsigned char*>(bytes.data());
    const size_t size = bytes.size();
    size_t pos = 0;
    bool in_record = false;  // a first fragment was read and its last one is still due
    while (pos < size) {
        const size_t left_in_block = kBlockSize - pos % kBlockSize;
        if (left_in_block < kHeaderSize) {
            for (size_t i = 0; i < left_in_block && pos + i < size; ++i) {
                if (data[pos + i] != 0)
                    return fmt::format("byte {}: a block trailer that is not zero", pos + i);
            }
            pos += left_in_block;
            continue;
        }
        if (size - pos < kHeaderSize)
            return fmt::format("byte {}: the file ends inside a record header", pos);
        const uint8_t type = data[pos + 6];
        const size_t length = data[pos + 4] | (size_t{data[pos + 5]} << 8);
        const bool recyclable = type >= 5 && type <= 8;
        const size_t header = recyclable ? kRecyclableHeaderSize : kHeaderSize;
        if (type == 0 || type > 9)
            return fmt::format("byte {}: a record of unknown type {}", pos, type);
        if (header + length > left_in_block || pos + header + length > size) {
            return fmt::format("byte {}: a record of {} bytes runs past its block or the file", pos,
                               length);
        }
        const uint32_t stored = unmask(get_u32_le(data + pos));
        if (crc32c(data + pos + 6, header - 6 + length) != stored)
            return fmt::format("byte {}: a record whose checksum does not match", pos);
        const uint8_t base = recyclable ? static_cast<uint8_t>(type - 4) : type;
        const bool starts = base == 1 || base == 2 || type == 9;
        if (starts == in_record) return fmt::format("byte {}: a record fragment out of order", pos);
        in_record = base == 2 || base == 3;
        pos += header + length;
    }
    if (in_record) return "the file ends inside a record";
    return {};
}

}  // namespace dayzero::store
