#pragma once
// Folder guard: the checks made before a store folder is opened, so patient data is never read
// from (or written into) a place the user did not mean: another user's store, or a file that is
// a symbolic link leading out of the store folder.

#include <string>

#include "store/status.h"

namespace dayzero::store {

// Ok when `path` does not exist yet, or is a folder owned by the effective user (or
// `allow_foreign_owner` is set) that holds no symbolic links; otherwise an error naming the
// folder or the offending entry and how to proceed.
Status check_store_folder(const std::string& path, bool allow_foreign_owner);

// True when the user asked (DAYZERO_ALLOW_FOREIGN_OWNER=1) to open stores owned by others.
bool foreign_owner_allowed_by_environment();

}  // namespace dayzero::store
