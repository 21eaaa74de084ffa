#include "store/commit_point.h"

#include <fcntl.h>
#include <unistd.h>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

namespace dayzero::store {
namespace {

// One fixed-width line, so an update rewrites the same bytes of one block in place.
std::string format_point(const CommitPoint& p) {
    return fmt::format("dayzero committed tx {:020} seq {:020} head {}\n", p.tx, p.last_seq,
                       codec::to_hex(p.head));
}

bool parse_hex(std::string_view hex, codec::Hash& out) {
    if (hex.size() != 2 * out.size()) return false;
    for (size_t i = 0; i < out.size(); ++i) {
        unsigned value = 0;
        for (size_t k = 0; k < 2; ++k) {
            const char c = hex[2 * i + k];
            unsigned digit = 0;
            if (c >= '0' && c <= '9')
                digit = static_cast<unsigned>(c - '0');
            else if (c >= 'a' && c <= 'f')
                digit = static_cast<unsigned>(c - 'a' + 10);
            else
                return false;
            value = value * 16 + digit;
        }
        out[i] = static_cast<uint8_t>(value);
    }
    return true;
}

Status io_failure(const std::string& what, const std::string& file) {
    return Status::io_error(fmt::format("{} '{}': {}", what, file, std::strerror(errno)));
}

// Writes all of `bytes` at offset 0 of the open file `fd`.
bool write_all(int fd, const std::string& bytes) {
    size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t n =
            ::pwrite(fd, bytes.data() + done, bytes.size() - done, static_cast<off_t>(done));
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        done += static_cast<size_t>(n);
    }
    return true;
}

}  // namespace

std::string damaged_store_advice() {
    return "Nothing was changed. Restore the store folder from a backup, or rebuild it from a "
           "replay stream (dayzero replay --load FILE --db NEW_FOLDER)";
}

Result<std::optional<CommitPoint>> read_commit_point(const std::string& dir) {
    const std::string file = dir + "/" + kCommitPointFile;
    std::ifstream in(file);
    if (!in) {
        std::error_code ec;
        if (!std::filesystem::exists(file, ec)) return std::optional<CommitPoint>();
        return io_failure("cannot read", file);
    }
    std::string line;
    std::getline(in, line);
    std::istringstream words(line);
    std::string w1, w2, w3, w5, w7, hex;
    CommitPoint p;
    words >> w1 >> w2 >> w3 >> p.tx >> w5 >> p.last_seq >> w7 >> hex;
    if (!words || w1 != "dayzero" || w2 != "committed" || w3 != "tx" || w5 != "seq" ||
        w7 != "head" || !parse_hex(hex, p.head)) {
        return Status::corruption(
            fmt::format("store '{}': its commit record {} is damaged (it should read "
                        "'dayzero committed tx N seq N head HEX'). {}",
                        dir, kCommitPointFile, damaged_store_advice()));
    }
    return std::optional<CommitPoint>(p);
}

Status write_commit_point(const std::string& dir, const CommitPoint& point, bool sync) {
    const std::string file = dir + "/" + kCommitPointFile;
    const std::string bytes = format_point(point);
    int fd = ::open(file.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd >= 0) {  // in place: the line has a fixed width
        const bool ok = write_all(fd, bytes) && (!sync || ::fdatasync(fd) == 0);
        const int saved = errno;
        ::close(fd);
        errno = saved;
        return ok ? Status::ok() : io_failure("cannot write", file);
    }
    if (errno != ENOENT) return io_failure("cannot open", file);
    // The first time: a whole file under a temporary name, then renamed into place, so a crash
    // never leaves a partial one.
    const std::string tmp = file + ".tmp";
    fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) return io_failure("cannot create", tmp);
    const bool ok = write_all(fd, bytes) && ::fsync(fd) == 0;
    const int saved = errno;
    ::close(fd);
    errno = saved;
    if (!ok || ::rename(tmp.c_str(), file.c_str()) != 0) {
        const Status failed = io_failure("cannot write", file);
        ::unlink(tmp.c_str());
        return failed;
    }
    const int dir_fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir_fd >= 0) {
        ::fsync(dir_fd);
        ::close(dir_fd);
    }
    return Status::ok();
}

Status check_commit_point(const std::string& path, const CommitPoint& point,
                          const Counters& counters, const Directory& directory) {
    if (counters.last_tx < point.tx) {
        return Status::corruption(fmt::format(
            "store '{}' has lost committed transactions: transaction {} (events up to {}) was "
            "committed, but the database ends at transaction {} (event {}). Its write-ahead log "
            "(the *.log files) was truncated, damaged or removed. {}",
            path, point.tx, point.last_seq, counters.last_tx, counters.last_seq,
            damaged_store_advice()));
    }
    if (point.tx == 0) return Status::ok();
    auto tx = directory.read_tx(point.tx, rocksdb::ReadOptions());
    std::string problem;
    if (!tx && tx.status().code() == StatusCode::kNotFound)
        problem = "is missing";
    else if (!tx)
        problem = fmt::format("cannot be read ({})", tx.status().message());
    else if ((*tx)->hash != point.head || (*tx)->last_seq != point.last_seq)
        problem = "has a different hash than when it was committed";
    if (!problem.empty()) {
        return Status::corruption(
            fmt::format("store '{}' is damaged: committed transaction {} {}. {}", path, point.tx,
                        problem, damaged_store_advice()));
    }
    return Status::ok();
}

}  // namespace dayzero::store
