#pragma once
// RejectsWriter: the `<input>.rejects.csv` file of a lenient import: every rejected row with its
// line, the reasons and the original fields, so a data manager can fix and re-import them.

#include <cstdio>
#include <string>
#include <vector>

#include "importers/row_decoder.h"

namespace dayzero::importers {

class RejectsWriter {
  public:
    // The reject file path for an input file.
    static std::string path_for(const std::string& input);

    RejectsWriter(std::string path, std::vector<std::string> header);
    ~RejectsWriter();
    RejectsWriter(const RejectsWriter&) = delete;
    RejectsWriter& operator=(const RejectsWriter&) = delete;

    // Appends one rejected row (opens the file on first use); false on a write error.
    bool write(const DecodedRow& row);
    // Closes the file; false on a write error. Removes a stale file when nothing was written.
    bool close();
    // Closes and deletes the file if this writer created it (an import that was called off, so
    // its rejects do not describe anything that happened); a stale file is left as it was.
    void discard();
    uint64_t rows_written() const { return rows_; }
    const std::string& path() const { return path_; }

  private:
    void put_field(std::string_view field);

    std::string path_;
    std::vector<std::string> header_;
    std::FILE* file_ = nullptr;
    uint64_t rows_ = 0;
    bool failed_ = false;
};

}  // namespace dayzero::importers
