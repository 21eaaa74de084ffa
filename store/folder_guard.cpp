// Folder guard (see folder_guard.h).
#include "store/folder_guard.h"

#include "store/codec.h"

#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>
#include <cstdlib>
#include <filesystem>
#include <string_view>

namespace dayzero::store {

namespace fs = std::filesystem;

bool foreign_owner_allowed_by_environment() {
    const char* value = std::getenv("DAYZERO_ALLOW_FOREIGN_OWNER");
    return value != nullptr && std::string_view(value) == "1";
}

bool shared_folder_allowed_by_environment() {
    const char* value = std::getenv("DAYZERO_ALLOW_SHARED_FOLDER");
    return value != nullptr && std::string_view(value) == "1";
}

Status check_store_folder(const std::string& path, bool allow_foreign_owner,
                          bool allow_shared_folder) {
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0 || !S_ISDIR(info.st_mode)) {
        return Status::ok();  // absent or not a folder: open() itself explains
    }
    const uid_t me = ::geteuid();
    if (info.st_uid != me && !allow_foreign_owner) {
        return Status::invalid_argument(fmt::format(
            "store '{}' is owned by another user (uid {}, you are uid {}); nothing was opened. "
            "pass --allow-foreign-owner (or set DAYZERO_ALLOW_FOREIGN_OWNER=1) to open it anyway",
            path, info.st_uid, me));
    }
    // A store holds patient data: a folder other accounts may read or enter exposes it.
    // (Only a store: a folder that is not one is refused as such when opened.)
    const unsigned mode = info.st_mode & 0777u;
    std::error_code marker_ec;
    const bool is_store = fs::exists(fs::path(path) / codec::kMarkerFile, marker_ec);
    if (is_store && (mode & 077u) != 0 && !allow_shared_folder) {
        return Status::invalid_argument(fmt::format(
            "store '{}' is open to other accounts (folder mode {:04o}; a store folder is 0700); "
            "nothing was opened. Run `chmod 700 {}`, or pass --allow-shared-folder (or set "
            "DAYZERO_ALLOW_SHARED_FOLDER=1) to open it anyway",
            path, mode, path));
    }
    // RocksDB keeps a flat folder; a link in it could make reads or writes land elsewhere.
    std::error_code ec;
    for (auto it = fs::directory_iterator(path, ec); !ec && it != fs::directory_iterator();
         it.increment(ec)) {
        if (it->is_symlink(ec)) {
            return Status::invalid_argument(fmt::format(
                "store '{}' contains a symbolic link '{}'; dayzero never follows links out of a "
                "store folder. Remove the link (nothing was opened)",
                path, it->path().filename().string()));
        }
    }
    return Status::ok();
}

}  // namespace dayzero::store
