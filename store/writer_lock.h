#pragma once
// Whether a writer has a store open: RocksDB's writer holds a POSIX lock on the store's LOCK file
// for as long as it is open. Readers ask without disturbing it, so that `verify` can tell a folder
// a writer is changing (its files come and go) from one nothing changes (a missing or extra
// file is damage). Private to store/.

#include <string>

namespace dayzero::store {

// True while some writer holds the lock of the store in folder `path`: another process (asked
// with F_GETLK, which takes no lock), or a WriterInProcess of this one.
bool writer_holds_lock(const std::string& path);

// Marks the store in `path` as open for writing by this process while it lives. POSIX locks are
// per process: F_GETLK does not see this process's own lock, and closing any descriptor of the
// LOCK file would drop it, so writer_holds_lock never opens the file while one is registered.
// Created before the writer takes RocksDB's lock, destroyed after it released it.
class WriterInProcess {
  public:
    explicit WriterInProcess(const std::string& path);
    ~WriterInProcess();
    WriterInProcess(const WriterInProcess&) = delete;
    WriterInProcess& operator=(const WriterInProcess&) = delete;

  private:
    std::string key_;
};

}  // namespace dayzero::store
