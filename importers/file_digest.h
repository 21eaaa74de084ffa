#pragma once
// The identity of an imported file: the SHA-256 of its bytes, and what the file was on disk when
// that was taken, to tell whether the bytes read afterwards are still the ones it describes.

#include <cstdint>
#include <optional>
#include <string>

#include "store/status.h"

namespace dayzero::importers {

// "sha256:<64 hex digits>" of the file's content; fails with a message naming the path.
store::Result<std::string> file_digest(const std::string& path);

// A file's place, size and times: a write to it changes its modification and status-change times
// (the second no user can set back), a rename over it its inode. Taken before a digest and again
// once the file has been read for the last time, it tells whether the file changed in between,
// up to the file system's clock: a write of the same size within the clock tick of the first
// stamp can go unseen.
struct FileStamp {
    uint64_t device = 0;
    uint64_t inode = 0;
    uint64_t size = 0;
    int64_t modified_ns = 0;
    int64_t changed_ns = 0;
    bool operator==(const FileStamp&) const = default;
};

// The file's stamp now; nullopt when it cannot be read.
std::optional<FileStamp> file_stamp(const std::string& path);

// True when the file at `path` is still the one `stamp` was taken of (false without a stamp):
// every byte read from it since is then one its digest describes.
bool unchanged_since(const std::string& path, const std::optional<FileStamp>& stamp);

// Why an import refuses a file that is no longer the one its stamp was taken of (printed after
// the file's path, as every message of a file's report).
inline constexpr const char* kChangedWhileImported =
    "the file changed while it was being imported; nothing was written";

// "sha256:<hex>" of an in-memory text.
std::string text_digest(const std::string& text);

}  // namespace dayzero::importers
