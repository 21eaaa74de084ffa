// A test-only LD_PRELOAD library that makes a disk fill up: once DAYZERO_ENOSPC_BUDGET bytes have
// been written into files under the folder DAYZERO_ENOSPC_DIR, every further write there fails
// with ENOSPC (the write that crosses the budget is cut short, as on a real disk), and so does
// fallocate. Files elsewhere (the test's own output, /tmp) are untouched. Without a budget it only
// counts; DAYZERO_ENOSPC_REPORT names a file that receives the count at exit. It lets the
// disk-full tests run as any user on any machine, without mounting a small file system.
#include <dlfcn.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace {

std::atomic<long long> g_written{0};

// The folder watched ("" when unset) and the budget (-1: unlimited), read once.
struct Settings {
    char dir[4096] = {};
    size_t dir_length = 0;
    long long budget = -1;
    char report[4096] = {};
    Settings() {
        if (const char* d = std::getenv("DAYZERO_ENOSPC_DIR"); d != nullptr) {
            std::snprintf(dir, sizeof dir, "%s", d);
            dir_length = std::strlen(dir);
        }
        if (const char* b = std::getenv("DAYZERO_ENOSPC_BUDGET"); b != nullptr && *b != '\0')
            budget = std::atoll(b);
        if (const char* r = std::getenv("DAYZERO_ENOSPC_REPORT"); r != nullptr)
            std::snprintf(report, sizeof report, "%s", r);
    }
};

const Settings& settings() {
    static const Settings s;
    return s;
}

template <typename F>
F real(const char* name) {
    return reinterpret_cast<F>(::dlsym(RTLD_NEXT, name));
}

// True when `fd` is a regular file inside the watched folder.
bool watched(int fd) {
    const Settings& s = settings();
    if (s.dir_length == 0) return false;
    char link[64];
    std::snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    char target[4096];
    const ssize_t n = ::readlink(link, target, sizeof target - 1);
    if (n <= 0) return false;
    target[n] = '\0';
    return static_cast<size_t>(n) > s.dir_length &&
           std::strncmp(target, s.dir, s.dir_length) == 0 && target[s.dir_length] == '/';
}

// How many of `n` bytes a write to `fd` may still put on the "disk": n when unwatched or within
// the budget, fewer when it crosses it, 0 once it is spent (the caller then fails with ENOSPC).
size_t allowed(int fd, size_t n) {
    if (n == 0 || !watched(fd)) return n;
    const long long budget = settings().budget;
    const long long before = g_written.load();
    if (budget < 0) return n;
    if (before >= budget) return 0;
    return static_cast<size_t>(std::min<long long>(static_cast<long long>(n), budget - before));
}

// Whether a vectored write of `iov` fits the budget whole; false with errno = ENOSPC.
bool vector_allowed(int fd, const struct iovec* iov, int count_of) {
    size_t n = 0;
    for (int i = 0; i < count_of; ++i)
        n += iov[i].iov_len;
    if (allowed(fd, n) >= n) return true;
    errno = ENOSPC;
    return false;
}

void count(int fd, ssize_t written) {
    if (written > 0 && watched(fd)) g_written += written;
}

// Writes the count to DAYZERO_ENOSPC_REPORT when the process ends.
struct Reporter {
    ~Reporter() {
        const Settings& s = settings();
        if (s.report[0] == '\0') return;
        if (FILE* f = std::fopen(s.report, "w"); f != nullptr) {
            std::fprintf(f, "%lld\n", g_written.load());
            std::fclose(f);
        }
    }
} g_reporter;

}  // namespace

extern "C" {

ssize_t write(int fd, const void* buf, size_t n) {
    static auto next = real<ssize_t (*)(int, const void*, size_t)>("write");
    const size_t ok = allowed(fd, n);
    if (ok == 0 && n > 0) {
        errno = ENOSPC;
        return -1;
    }
    const ssize_t r = next(fd, buf, ok);
    count(fd, r);
    return r;
}

ssize_t pwrite(int fd, const void* buf, size_t n, off_t offset) {
    static auto next = real<ssize_t (*)(int, const void*, size_t, off_t)>("pwrite");
    const size_t ok = allowed(fd, n);
    if (ok == 0 && n > 0) {
        errno = ENOSPC;
        return -1;
    }
    const ssize_t r = next(fd, buf, ok, offset);
    count(fd, r);
    return r;
}

ssize_t pwrite64(int fd, const void* buf, size_t n, off_t offset) {
    return pwrite(fd, buf, n, offset);
}

// Vectored writes go through as one write of their joined bytes only while within the budget;
// the one that would cross it fails whole (a short count would do too, but nothing here needs it).
ssize_t writev(int fd, const struct iovec* iov, int count_of) {
    static auto next = real<ssize_t (*)(int, const struct iovec*, int)>("writev");
    if (!vector_allowed(fd, iov, count_of)) return -1;
    const ssize_t r = next(fd, iov, count_of);
    count(fd, r);
    return r;
}

ssize_t pwritev(int fd, const struct iovec* iov, int count_of, off_t offset) {
    static auto next = real<ssize_t (*)(int, const struct iovec*, int, off_t)>("pwritev");
    if (!vector_allowed(fd, iov, count_of)) return -1;
    const ssize_t r = next(fd, iov, count_of, offset);
    count(fd, r);
    return r;
}

int fallocate(int fd, int mode, off_t offset, off_t length) {
    static auto next = real<int (*)(int, int, off_t, off_t)>("fallocate");
    if (length > 0 && allowed(fd, 1) == 0) {
        errno = ENOSPC;
        return -1;
    }
    return next(fd, mode, offset, length);
}

int fallocate64(int fd, int mode, off_t offset, off_t length) {
    return fallocate(fd, mode, offset, length);
}

int posix_fallocate(int fd, off_t offset, off_t length) {
    static auto next = real<int (*)(int, off_t, off_t)>("posix_fallocate");
    if (length > 0 && allowed(fd, 1) == 0) return ENOSPC;
    return next(fd, offset, length);
}

int posix_fallocate64(int fd, off_t offset, off_t length) {
    return posix_fallocate(fd, offset, length);
}

}  // extern "C"
