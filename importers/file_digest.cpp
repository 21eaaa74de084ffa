#include "importers/file_digest.h"

#include <openssl/evp.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <vector>

#include "text/hex.h"

namespace dayzero::importers {
namespace {

struct MdContextDeleter {
    void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};
using MdContext = std::unique_ptr<EVP_MD_CTX, MdContextDeleter>;

// The digest as stored in the imports table: the algorithm, then the hex digits.
std::string to_hex(const unsigned char* digest, unsigned length) {
    return "sha256:" + text::to_hex({digest, length});
}

}  // namespace

store::Result<std::string> file_digest(const std::string& path) {
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"),
                                                         &std::fclose);
    if (!file) return store::Status::io_error(path + ": cannot open: " + std::strerror(errno));
    MdContext ctx(EVP_MD_CTX_new());
    if (!ctx || EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) != 1) {
        return store::Status::io_error("SHA-256 is not available from OpenSSL");
    }
    std::vector<unsigned char> buf(size_t{1} << 20);
    while (true) {
        size_t got = std::fread(buf.data(), 1, buf.size(), file.get());
        if (got > 0) EVP_DigestUpdate(ctx.get(), buf.data(), got);
        if (got < buf.size()) {
            if (std::ferror(file.get())) {
                return store::Status::io_error(path + ": read error: " + std::strerror(errno));
            }
            break;
        }
    }
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned length = 0;
    EVP_DigestFinal_ex(ctx.get(), digest, &length);
    return to_hex(digest, length);
}

std::optional<FileStamp> file_stamp(const std::string& path) {
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0) return std::nullopt;
    constexpr int64_t kNanos = 1000000000;
    FileStamp stamp;
    stamp.device = static_cast<uint64_t>(info.st_dev);
    stamp.inode = static_cast<uint64_t>(info.st_ino);
    stamp.size = static_cast<uint64_t>(info.st_size);
    stamp.modified_ns = static_cast<int64_t>(info.st_mtim.tv_sec) * kNanos + info.st_mtim.tv_nsec;
    stamp.changed_ns = static_cast<int64_t>(info.st_ctim.tv_sec) * kNanos + info.st_ctim.tv_nsec;
    return stamp;
}

bool unchanged_since(const std::string& path, const std::optional<FileStamp>& stamp) {
    return stamp.has_value() && file_stamp(path) == stamp;
}

std::string text_digest(const std::string& text) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned length = 0;
    EVP_Digest(text.data(), text.size(), digest, &length, EVP_sha256(), nullptr);
    return to_hex(digest, length);
}

}  // namespace dayzero::importers
