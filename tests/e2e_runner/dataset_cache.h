#pragma once
// Shared datasets for `load NAME`: each is imported once into a template store under the build
// tree, and every test that loads it gets its own copy, so 20 files reading the same cohort pay
// for one import.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>

namespace dayzero::e2e {

// Runs `script` (meta-commands) against a new store at `db` with the tests' session settings;
// false (and the output in `error`) when it fails. Supplied by the runner so that a template
// is built exactly as a test would build it.
using BuildStore = std::function<bool(const std::string& db, const std::string& script,
                                      uint64_t& last_tx, std::string& error)>;

class DatasetCache {
  public:
    // Templates live in `dir`; `root` is the source tree the datasets' files are read from.
    DatasetCache(std::filesystem::path dir, std::string root, BuildStore build);

    // Copies dataset `name` into the (absent) folder `db`, building or rebuilding its template
    // first when the runner, the script or an input file changed since it was built. Sets
    // `last_tx` to the copy's last transaction. Safe to call from parallel processes: a lock
    // file serialises the build and the copy. False and a message in `error` otherwise.
    bool copy_to(const std::string& name, const std::filesystem::path& db, uint64_t& last_tx,
                 std::string& error) const;

  private:
    std::filesystem::path dir_;
    std::string root_;
    BuildStore build_;
};

}  // namespace dayzero::e2e
