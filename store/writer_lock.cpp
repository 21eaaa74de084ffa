#include "store/writer_lock.h"

#include <fcntl.h>
#include <unistd.h>

#include <filesystem>
#include <mutex>
#include <set>

namespace dayzero::store {
namespace {

// The folders this process has open for writing; the mutex also keeps a writer from taking
// RocksDB's lock while writer_holds_lock has the LOCK file open.
std::mutex& registry_mutex() {
    static std::mutex m;
    return m;
}

std::multiset<std::string>& registry() {
    static std::multiset<std::string> folders;
    return folders;
}

std::string folder_key(const std::string& path) {
    std::error_code ec;
    const auto canonical = std::filesystem::weakly_canonical(path, ec);
    return ec ? path : canonical.string();
}

}  // namespace

bool writer_holds_lock(const std::string& path) {
    const std::string key = folder_key(path);
    std::lock_guard<std::mutex> guard(registry_mutex());
    if (registry().count(key) > 0) return true;
    const int fd = ::open((key + "/LOCK").c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return false;  // no LOCK file: no writer has it (verify reports it missing)
    struct flock query {};
    query.l_type = F_RDLCK;  // any write lock conflicts with a read lock
    query.l_whence = SEEK_SET;
    query.l_start = 0;
    query.l_len = 0;  // the whole file
    const bool held = ::fcntl(fd, F_GETLK, &query) == 0 && query.l_type != F_UNLCK;
    ::close(fd);
    return held;
}

WriterInProcess::WriterInProcess(const std::string& path) : key_(folder_key(path)) {
    std::lock_guard<std::mutex> guard(registry_mutex());
    registry().insert(key_);
}

WriterInProcess::~WriterInProcess() {
    std::lock_guard<std::mutex> guard(registry_mutex());
    registry().erase(registry().find(key_));
}

}  // namespace dayzero::store
