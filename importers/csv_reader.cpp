// RFC 4180 parsing over a growable block buffer. A record is always parsed from its first byte in
// one contiguous buffer range: when the block ends mid-record, the partial record moves to the
// front, more input is read and the record is parsed again from the start. Nothing is modified
// before a record is complete, so re-parsing is safe; "" escapes are then collapsed in place.
#include "importers/csv_reader.h"

#include <sys/stat.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#include <array>
#include <bit>
#include <cerrno>
#include <cstdint>
#include <cstring>

namespace dayzero::importers {
namespace {

// Bytes that end an unquoted field or need attention inside one.
constexpr std::array<bool, 256> make_special() {
    std::array<bool, 256> table{};
    table[static_cast<unsigned char>(',')] = true;
    table[static_cast<unsigned char>('\n')] = true;
    table[static_cast<unsigned char>('\r')] = true;
    table[static_cast<unsigned char>('"')] = true;
    return table;
}
constexpr std::array<bool, 256> kSpecial = make_special();

// Collapses every "" in [data, data+size) to " and returns the new size.
size_t unescape_quotes(char* data, size_t size) {
    size_t out = 0;
    for (size_t in = 0; in < size; ++in) {
        data[out++] = data[in];
        if (data[in] == '"' && in + 1 < size && data[in + 1] == '"') ++in;
    }
    return out;
}

// The quick split reads a block of bytes at once and gets a bit mask of its commas and one of the
// bytes that need the general parser (quote, carriage return): with SSE2 (every x86-64) sixteen
// bytes and one bit per byte, else eight bytes in a 64-bit word and the top bit of each byte.
struct BlockMasks {
    uint64_t commas = 0;
    uint64_t stops = 0;
    uint64_t high = 0;  // bytes of 0x80 and above (not ASCII)
};
#if defined(__SSE2__)
constexpr ptrdiff_t kBlock = 16;
constexpr int kBitsPerByteLog2 = 0;
inline BlockMasks scan_block(const char* at) {
    const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(at));
    const auto equal = [&](char c) {
        return static_cast<uint64_t>(
            static_cast<uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(bytes, _mm_set1_epi8(c)))));
    };
    return {equal(','), equal('"') | equal('\r'),
            static_cast<uint64_t>(static_cast<uint32_t>(_mm_movemask_epi8(bytes)))};
}
#else
constexpr ptrdiff_t kBlock = 8;
constexpr int kBitsPerByteLog2 = 3;
constexpr uint64_t kOnes = 0x0101010101010101ull;
constexpr uint64_t kLow7 = 0x7F7F7F7F7F7F7F7Full;
// 0x80 in each byte of `word` equal to `c`, exactly (no borrow crosses a byte).
inline uint64_t equal_bytes(uint64_t word, char c) {
    const uint64_t x = word ^ (kOnes * static_cast<unsigned char>(c));
    return ~(((x & kLow7) + kLow7) | x | kLow7);
}
inline BlockMasks scan_block(const char* at) {
    uint64_t word;
    std::memcpy(&word, at, sizeof word);
    if constexpr (std::endian::native == std::endian::big) word = __builtin_bswap64(word);
    return {equal_bytes(word, ','), equal_bytes(word, '"') | equal_bytes(word, '\r'),
            word & ~kLow7};
}
#endif

// Splits the line [from, to) at its commas into `fields`, a block at a time; false when the line
// holds a quote or a carriage return (then the general parser must read it). `limit` is the end
// of the readable buffer: the last partial block is read whole when it fits before it. `ascii`
// says whether every byte of the line is below 0x80, seen in the same blocks.
bool split_plain_line(const char* from, const char* to, const char* limit,
                      std::vector<std::string_view>& fields, bool& ascii) {
    const char* field = from;
    uint64_t high = 0;
    const auto take = [&](const char* at, uint64_t valid) {
        const BlockMasks masks = scan_block(at);
        if (masks.stops & valid) return false;
        high |= masks.high & valid;
        for (uint64_t commas = masks.commas & valid; commas != 0; commas &= commas - 1) {
            const char* comma = at + (std::countr_zero(commas) >> kBitsPerByteLog2);
            fields.emplace_back(field, static_cast<size_t>(comma - field));
            field = comma + 1;
        }
        return true;
    };
    const char* p = from;
    for (; to - p >= kBlock; p += kBlock) {
        if (!take(p, ~uint64_t{0})) return false;
    }
    if (p < to) {
        if (limit - p >= kBlock) {
            if (!take(p, (uint64_t{1} << ((to - p) << kBitsPerByteLog2)) - 1)) return false;
        } else {
            for (; p < to; ++p) {
                if (*p == '"' || *p == '\r') return false;
                high |= static_cast<unsigned char>(*p) & 0x80u;
                if (*p == ',') {
                    fields.emplace_back(field, static_cast<size_t>(p - field));
                    field = p + 1;
                }
            }
        }
    }
    fields.emplace_back(field, static_cast<size_t>(to - field));
    ascii = high == 0;
    return true;
}

}  // namespace

CsvReader::CsvReader(std::FILE* file, std::string text, size_t block_size)
    : file_(file), buf_(block_size < 16 ? 16 : block_size), text_(std::move(text)) {
    if (!file_) total_ = text_.size();
}

CsvReader::~CsvReader() {
    if (file_) std::fclose(file_);
}

store::Result<std::unique_ptr<CsvReader>> CsvReader::open(const std::string& path,
                                                          size_t block_size) {
    struct stat info {};
    if (::stat(path.c_str(), &info) == 0 && S_ISDIR(info.st_mode)) {
        return store::Status::invalid_argument(path + ": is a folder, not a CSV file");
    }
    std::FILE* file = std::fopen(path.c_str(), "rb");
    if (!file) {
        return store::Status::io_error(path + ": cannot open: " + std::strerror(errno));
    }
    std::unique_ptr<CsvReader> reader(new CsvReader(file, {}, block_size));
    reader->total_ = static_cast<uint64_t>(info.st_size);
    return reader;
}

std::unique_ptr<CsvReader> CsvReader::from_string(std::string text, size_t block_size) {
    return std::unique_ptr<CsvReader>(new CsvReader(nullptr, std::move(text), block_size));
}

bool CsvReader::refill() {
    if (begin_ > 0) {
        std::memmove(buf_.data(), buf_.data() + begin_, end_ - begin_);
        end_ -= begin_;
        begin_ = 0;
    }
    if (end_ == buf_.size()) buf_.resize(buf_.size() * 2);  // one record larger than a block
    size_t room = buf_.size() - end_;
    size_t got = 0;
    if (file_) {
        got = std::fread(buf_.data() + end_, 1, room, file_);
        if (got < room && std::ferror(file_)) {
            status_ = store::Status::io_error(std::string("read error: ") + std::strerror(errno));
            return false;
        }
    } else {
        got = std::min(room, text_.size() - text_pos_);
        std::memcpy(buf_.data() + end_, text_.data() + text_pos_, got);
        text_pos_ += got;
    }
    end_ += got;
    if (got == 0) eof_ = true;
    if (first_block_ && (end_ >= 3 || eof_)) {
        first_block_ = false;
        if (end_ >= 3 && std::memcmp(buf_.data(), "\xEF\xBB\xBF", 3) == 0) {
            begin_ = 3;
            consumed_ += 3;
        }
    }
    return true;
}

bool CsvReader::next(CsvRecord& record) {
    while (status_.is_ok()) {
        if (!first_block_) {  // the BOM decision needs the first bytes
            if (parse_record(record, eof_)) return !record.fields.empty();
            if (!status_.is_ok() || eof_) return false;
        }
        if (!refill()) return false;
    }
    return false;
}

// Returns true when a record (or the clean end of input, signalled by no fields) was produced.
bool CsvReader::parse_record(CsvRecord& record, bool at_eof) {
    char* buf = buf_.data();
    // Blank lines between records are skipped and consumed right away.
    while (begin_ < end_ && (buf[begin_] == '\n' || buf[begin_] == '\r')) {
        if (buf[begin_] == '\r') {
            if (begin_ + 1 == end_ && !at_eof) return false;
            if (begin_ + 1 < end_ && buf[begin_ + 1] == '\n') {
                ++begin_;
                ++consumed_;
            }
        }
        ++begin_;
        ++consumed_;
        ++line_;
    }
    record.fields.clear();
    record.problem_column = 0;
    record.problem = {};
    record.ascii = false;
    if (begin_ == end_) return at_eof;  // end of input (no fields) or need more

    // The usual record: one line, no quote, no carriage return but a CRLF's, ends in the buffer.
    if (plain_lines_) {
        const char* from = buf + begin_;
        const auto* newline = static_cast<const char*>(std::memchr(from, '\n', end_ - begin_));
        if (newline) {
            const char* to = newline > from && newline[-1] == '\r' ? newline - 1 : newline;
            if (split_plain_line(from, to, buf + buf_.size(), record.fields, record.ascii)) {
                const size_t size = static_cast<size_t>(newline - from) + 1;
                record.line = line_;
                consumed_ += size;
                begin_ += size;
                ++line_;
                return true;
            }
            record.fields.clear();
        }
    }
    escaped_.clear();
    size_t p = begin_;
    uint64_t line = line_;
    while (true) {
        const uint32_t column = static_cast<uint32_t>(record.fields.size()) + 1;
        size_t start = p;
        size_t stop = p;
        if (p < end_ && buf[p] == '"') {
            const uint64_t quote_line = line;
            bool escaped = false;
            size_t q = p + 1;
            while (true) {
                while (q < end_ && buf[q] != '"') {
                    if (buf[q] == '\n') ++line;
                    ++q;
                }
                if (q == end_) {
                    if (!at_eof) return false;
                    error_line_ = quote_line;
                    status_ = store::Status::invalid_argument(
                        "line " + std::to_string(quote_line) +
                        ": quoted field is never closed (missing '\"')");
                    return false;
                }
                if (q + 1 == end_ && !at_eof) return false;
                if (q + 1 < end_ && buf[q + 1] == '"') {
                    escaped = true;
                    q += 2;
                    continue;
                }
                break;
            }
            start = p + 1;
            stop = q;
            p = q + 1;
            if (escaped) escaped_.push_back(column - 1);
            if (p < end_ && buf[p] != ',' && buf[p] != '\n' && buf[p] != '\r') {
                if (record.problem_column == 0) {
                    record.problem_column = column;
                    record.problem = "unexpected text after a closing quote";
                }
                while (p < end_ && buf[p] != ',' && buf[p] != '\n' && buf[p] != '\r')
                    ++p;
                if (p == end_ && !at_eof) return false;
            }
        } else {
            while (p < end_ && !kSpecial[static_cast<unsigned char>(buf[p])])
                ++p;
            while (p < end_ && buf[p] == '"') {  // a stray quote is kept literally, but reported
                if (record.problem_column == 0) {
                    record.problem_column = column;
                    record.problem = "quote inside an unquoted field";
                }
                ++p;
                while (p < end_ && !kSpecial[static_cast<unsigned char>(buf[p])])
                    ++p;
            }
            if (p == end_ && !at_eof) return false;
            stop = p;
        }
        record.fields.emplace_back(buf + start, stop - start);
        if (p == end_) break;  // at_eof: the last record has no line break
        if (buf[p] == ',') {
            ++p;
            if (p == end_) {
                if (!at_eof) return false;
                record.fields.emplace_back();  // trailing delimiter at the very end
                break;
            }
            continue;
        }
        if (buf[p] == '\r') {
            if (p + 1 == end_ && !at_eof) return false;
            if (p + 1 < end_ && buf[p + 1] == '\n') ++p;
        }
        ++p;
        ++line;
        break;
    }
    for (uint32_t index : escaped_) {
        std::string_view& field = record.fields[index];
        char* data = const_cast<char*>(field.data());
        field = std::string_view(data, unescape_quotes(data, field.size()));
    }
    record.line = line_;
    consumed_ += p - begin_;
    begin_ = p;
    line_ = line;
    return true;
}

}  // namespace dayzero::importers
