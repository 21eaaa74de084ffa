#pragma once
// Shared test fixture for the audit tests: a scratch folder and a small store whose log holds an
// import, a second entry, an amendment, a retraction and a signature, with awkward text and
// numbers (commas, quotes, newlines, formula-like text, non-terminating binary fractions).

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "store/event_store.h"

namespace dayzero::audit_test {

// A fresh folder under the system temp directory, removed with everything in it on destruction.
class TempDir {
  public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    // A path inside the folder (not created).
    std::string path(const std::string& name) const;

  private:
    std::filesystem::path dir_;
};

// Recorded-at instants of the fixture's first two transactions (UTC microseconds).
inline constexpr int64_t kImportAt = 1768035600000000;  // 2026-01-10T09:00:00Z
inline constexpr int64_t kEntryAt = 1768125600000000;   // 2026-01-11T10:00:00Z

// Sequence numbers of notable fixture events.
inline constexpr uint64_t kFeverSeq = 1;  // P001 temp day 1 38.5 C (amended to 37.5)
inline constexpr uint64_t kEntrySeq = 5;  // P001 temp day 2 (retracted)

// Opens (creating) a store at `path`, failing the current test on error.
std::unique_ptr<store::EventStore> open_store(const std::string& path, bool read_only = false);

// Writes the fixture's five transactions into an empty store.
void populate(store::EventStore& store);

// Every event of the log, in seq order.
std::vector<store::Event> all_events(const store::EventStore& store);

// Every transaction's metadata, in order.
std::vector<store::TransactionInfo> all_transactions(const store::EventStore& store);

// A one-line rendering of every field of an event (for exact comparisons with useful diffs).
std::string describe(const store::Event& event);

// A one-line rendering of every field of a transaction.
std::string describe(const store::TransactionInfo& info);

// Runs a shell command line, returning its exit status and capturing stdout and stderr.
struct CommandOutput {
    int status = -1;
    std::string out;
    std::string err;
};
CommandOutput run_command(const std::string& command_line);

// Reads a whole file.
std::string read_file(const std::string& path);

}  // namespace dayzero::audit_test
