#pragma once
// CsvReader: a fast RFC 4180 reader used by every import format. Reads the input in large blocks
// and hands out fields as string_views into its own buffer (no per-field allocation).

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "store/status.h"

namespace dayzero::importers {

// One record. The views stay valid until the next call to CsvReader::next().
struct CsvRecord {
    uint64_t line = 0;                     // 1-based physical line where the record starts
    std::vector<std::string_view> fields;  // unquoted, with "" collapsed to "
    // A malformed-quoting problem in this record (the record is still returned, best effort).
    uint32_t problem_column = 0;  // 1-based field number; 0 = no problem
    std::string_view problem;     // static message text
    // Every byte of the record is below 0x80, so it is valid UTF-8 as it stands. Known for the
    // usual one-line record without quotes; false when not looked at.
    bool ascii = false;
};

class CsvReader {
  public:
    static constexpr size_t kDefaultBlockSize = size_t{1} << 20;

    CsvReader(const CsvReader&) = delete;
    CsvReader& operator=(const CsvReader&) = delete;
    ~CsvReader();

    // Opens a file for reading; fails with a message naming the path when it cannot.
    static store::Result<std::unique_ptr<CsvReader>> open(const std::string& path,
                                                          size_t block_size = kDefaultBlockSize);
    // Reads from an in-memory text (tests, fuzzers); `block_size` lets tests force refills.
    static std::unique_ptr<CsvReader> from_string(std::string text,
                                                  size_t block_size = kDefaultBlockSize);

    // Reads the next non-blank record into `record`; false at the end of input or on an I/O or
    // unterminated-quote error (then status() says why).
    bool next(CsvRecord& record);

    // Ok unless reading failed or the input ended inside a quoted field.
    const store::Status& status() const { return status_; }
    // Line of the last error (for unterminated quotes: where the quoted field started).
    uint64_t error_line() const { return error_line_; }
    // Bytes consumed so far and the input size (0 if unknown), for progress reporting.
    uint64_t bytes_consumed() const { return consumed_; }
    uint64_t total_bytes() const { return total_; }
    // Tests: false reads every record with the general parser instead of the quick one for
    // plain lines, to compare the two.
    void set_plain_lines(bool on) { plain_lines_ = on; }

  private:
    CsvReader(std::FILE* file, std::string text, size_t block_size);
    bool refill();
    // Parses one record starting at pos_; returns false when it needs more input.
    bool parse_record(CsvRecord& record, bool at_eof);

    std::FILE* file_ = nullptr;
    std::vector<char> buf_;
    size_t begin_ = 0;  // first unconsumed byte
    size_t end_ = 0;    // one past the last valid byte
    bool eof_ = false;
    bool first_block_ = true;
    uint64_t line_ = 1;  // physical line at begin_
    uint64_t consumed_ = 0;
    uint64_t total_ = 0;
    uint64_t error_line_ = 0;
    store::Status status_;
    std::string text_;  // from_string input
    size_t text_pos_ = 0;
    // Fields that contain "" escapes: indices into record.fields, unescaped after the record ends.
    std::vector<uint32_t> escaped_;
    bool plain_lines_ = true;  // the quick path for lines without quotes (see set_plain_lines)
};

}  // namespace dayzero::importers
