#pragma once
// Shared helpers for the hostile-input tests: a scratch folder, a seeded real store, and a
// snapshot that proves a rejected input left the store exactly as it was.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include "importers/importer.h"
#include "store/event_store.h"

namespace dayzero::robust {

// A fresh folder under the system temp dir, removed (recursively) when the object dies.
class ScratchDir {
  public:
    ScratchDir();
    ~ScratchDir();
    ScratchDir(const ScratchDir&) = delete;
    ScratchDir& operator=(const ScratchDir&) = delete;
    // The folder itself.
    const std::filesystem::path& path() const { return path_; }
    // Writes `content` (binary-exact) to `name` inside the folder and returns its path.
    std::string write(const std::string& name, const std::string& content) const;

  private:
    std::filesystem::path path_;
};

// What a reader can observe of a store; equal snapshots mean "nothing changed".
struct StoreSnapshot {
    uint64_t last_seq = 0;
    uint64_t last_tx = 0;
    uint64_t events = 0;
    uint64_t patients = 0;
    bool operator==(const StoreSnapshot&) const = default;
};

// Reads last_seq/last_tx/stats of `store`.
StoreSnapshot snapshot(const store::EventStore& store);

// Opens (creating) a real RocksDB store at `folder` and imports the committed seed file
// tests/importers/data/long/cohort_small.csv so every test starts from a non-empty store.
std::unique_ptr<store::EventStore> open_seeded_store(const std::string& folder);

// Imports one long-format file into `store` with default (strict) options.
importers::FileReport import_long(store::EventStore& store, const std::string& path);

// The full content of the file at `path` ("" when it cannot be read).
std::string read_text(const std::string& path);

// The full text of file `name` in tests/hostile/.
std::string hostile_file(const std::string& name);

// Copies tests/hostile/`name` into `dir` and returns the copy's path.
std::string copy_hostile(const ScratchDir& dir, const std::string& name);

// Every error of `report` joined one per line (for INFO and substring checks).
std::string all_errors(const importers::FileReport& report);

}  // namespace dayzero::robust
