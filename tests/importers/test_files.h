#pragma once
// Test helpers: scratch folders and copies of the data files (reject files are written next to
// their input, so inputs are copied out of the source tree first).

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>

#include "importers/importer.h"
#include "importers/long_decoder.h"
#include "importers/row_decoder.h"

namespace dayzero::importers::testing {

namespace fs = std::filesystem;

// The folder with the importer test data files.
inline fs::path data_dir() {
    return fs::path(DAYZERO_SOURCE_DIR) / "tests/importers/data";
}

// A fresh, empty scratch folder (removed when the object goes away).
class ScratchDir {
  public:
    ScratchDir() {
        std::random_device random;
        path_ = fs::temp_directory_path() /
                ("dayzero-import-test-" + std::to_string(random()) + std::to_string(random()));
        fs::create_directories(path_);
    }
    ~ScratchDir() {
        std::error_code ignored;
        fs::remove_all(path_, ignored);
    }
    ScratchDir(const ScratchDir&) = delete;
    ScratchDir& operator=(const ScratchDir&) = delete;

    // Copies data/<relative> (a file or a folder) into the scratch folder; returns the copy.
    std::string copy(const std::string& relative) const {
        fs::path from = data_dir() / relative;
        fs::path to = path_ / fs::path(relative).filename();
        fs::copy(from, to, fs::copy_options::recursive | fs::copy_options::overwrite_existing);
        return to.string();
    }
    // Writes `text` to a new file named `name`; returns its path.
    std::string write(const std::string& name, const std::string& text) const {
        fs::path to = path_ / name;
        std::ofstream out(to, std::ios::binary);
        out << text;
        return to.string();
    }
    const fs::path& path() const { return path_; }

  private:
    fs::path path_;
};

// The whole content of a file ("" if it cannot be read).
inline std::string read_text(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// An import job for a long-format file.
inline ImportJob long_job(const std::string& path) {
    return {path,
            [path](const DecodeOptions& options) { return make_long_decoder(path, options); }};
}

// The event decoded from line `line` of `file`, or null.
inline const dayzero::store::Event* at_line(const DecodedFile& file, uint32_t line) {
    for (const auto& e : file.events) {
        if (e.source_line == line) return &e;
    }
    return nullptr;
}

}  // namespace dayzero::importers::testing
