#include "store/table_pins.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

namespace dayzero::store {

class TablePins::Descriptor {
  public:
    explicit Descriptor(int fd) : fd_(fd) {}
    ~Descriptor() { ::close(fd_); }
    Descriptor(const Descriptor&) = delete;
    Descriptor& operator=(const Descriptor&) = delete;
    int fd() const { return fd_; }

  private:
    int fd_;
};

namespace {

// A table file read through a pinned descriptor with pread, which leaves the descriptor's
// offset alone, so any number of readers share it. No Prefetch: RocksDB then reads the end of a
// table it opens (footer, properties, index) in one read instead of several.
class PinnedFile final : public rocksdb::FSRandomAccessFile {
  public:
    PinnedFile(std::shared_ptr<const TablePins::Descriptor> descriptor, std::string path)
        : descriptor_(std::move(descriptor)), path_(std::move(path)) {}

    rocksdb::IOStatus Read(uint64_t offset, size_t n, const rocksdb::IOOptions& /*options*/,
                           rocksdb::Slice* result, char* scratch,
                           rocksdb::IODebugContext* /*dbg*/) const override {
        size_t done = 0;
        while (done < n) {
            const ssize_t got = ::pread(descriptor_->fd(), scratch + done, n - done,
                                        static_cast<off_t>(offset + done));
            if (got < 0 && errno == EINTR) continue;
            if (got < 0) {
                *result = rocksdb::Slice(scratch, 0);
                return rocksdb::IOStatus::IOError("while reading " + path_ + " at offset " +
                                                  std::to_string(offset + done) + ": " +
                                                  std::strerror(errno));
            }
            if (got == 0) break;  // the end of the file: a short read, as RocksDB expects
            done += static_cast<size_t>(got);
        }
        *result = rocksdb::Slice(scratch, done);
        return rocksdb::IOStatus::OK();
    }

  private:
    std::shared_ptr<const TablePins::Descriptor> descriptor_;
    std::string path_;
};

}  // namespace

TablePins::TablePins() : rocksdb::FileSystemWrapper(rocksdb::FileSystem::Default()) {}

TablePins::~TablePins() = default;

void TablePins::pin_live_files(rocksdb::DB& db) {
    std::vector<rocksdb::LiveFileMetaData> live;
    db.GetLiveFilesMetaData(&live);
    std::unordered_map<std::string, std::shared_ptr<const Descriptor>> pinned;
    pinned.reserve(live.size());
    std::lock_guard lock(mutex_);
    for (const auto& file : live) {
        std::string path = file.db_path + file.name;  // what RocksDB opens it by
        if (auto held = pinned_.find(path); held != pinned_.end()) {
            pinned.emplace(std::move(path), held->second);
            continue;
        }
        const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd >= 0) pinned.emplace(std::move(path), std::make_shared<const Descriptor>(fd));
    }
    // A file no longer live is let go of; a reader still open on it keeps its descriptor.
    pinned_.swap(pinned);
}

rocksdb::IOStatus TablePins::NewRandomAccessFile(
    const std::string& fname, const rocksdb::FileOptions& options,
    std::unique_ptr<rocksdb::FSRandomAccessFile>* result, rocksdb::IODebugContext* dbg) {
    {
        std::lock_guard lock(mutex_);
        if (auto held = pinned_.find(fname); held != pinned_.end()) {
            *result = std::make_unique<PinnedFile>(held->second, fname);
            return rocksdb::IOStatus::OK();
        }
    }
    return target()->NewRandomAccessFile(fname, options, result, dbg);
}

size_t TablePins::pinned_count() const {
    std::lock_guard lock(mutex_);
    return pinned_.size();
}

}  // namespace dayzero::store
