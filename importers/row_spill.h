#pragma once
// RowSpill: the rows a validation pass decoded, kept in an unnamed temporary file so that the
// pass that writes the file replays them instead of reading and decoding the file again. A strict
// SDTM study validates every file before it writes any (importer.h), and decoding its largest
// domains twice was a cost the long CSV does not have (measured in
// bench/results/2026-12-06-2320-study-row-spill.md).
//
// Only what the writing pass reads is kept: each row's line, whether it was skipped, its events
// (every field) and the columns of their values. A row with an error is never kept: a strict
// file with one is not written, so its spill is given up. Memory holds one buffer, not the rows;
// a spill whose temporary file cannot be made, written or read back is given up too, and the
// file is decoded again as before.

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "importers/row_decoder.h"

namespace dayzero::importers {

class RowSpill {
  public:
    // An empty spill whose unnamed file is in `folder` (the store's: it lands on the store's
    // disk, never in a /tmp held in memory), or nullptr: the folder's file system has room for
    // less than twice `file_bytes` (a spill is smaller than its file; the store's own writes
    // must not run out of room for it), or the file cannot be made.
    static std::unique_ptr<RowSpill> create(const std::string& folder, uint64_t file_bytes);
    ~RowSpill();
    RowSpill(const RowSpill&) = delete;
    RowSpill& operator=(const RowSpill&) = delete;

    // Keeps one decoded row, as the decoder gave it (before anything screened its events). A row
    // with errors, or a failed write, gives the spill up: usable() is then false for good.
    void add(const DecodedRow& row);
    // True while every row added is kept.
    bool usable() const { return usable_; }
    uint64_t rows() const { return rows_; }

    // Ends the spill and returns a decoder that gives its rows back in order, with `header` and
    // `facts` as the file's; nullptr when the spill is not usable. `file_bytes` is the file's
    // size, for progress. The spill is consumed.
    static std::unique_ptr<RowDecoder> replay(std::unique_ptr<RowSpill> spill,
                                              std::vector<std::string> header, BodySizeFacts facts,
                                              uint64_t file_bytes);

  private:
    struct CloseFile {
        void operator()(std::FILE* file) const { std::fclose(file); }
    };
    friend class SpilledRows;
    RowSpill() = default;
    bool flush();

    std::unique_ptr<std::FILE, CloseFile> file_;
    std::string buffer_;   // encoded rows not yet written
    std::string patient_;  // the previous event's patient id (most events repeat it)
    uint64_t bytes_ = 0;   // written to the file so far
    uint64_t rows_ = 0;
    bool usable_ = true;
};

}  // namespace dayzero::importers
