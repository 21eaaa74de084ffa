#pragma once
// Folder guard: the checks made before a store folder is opened, so patient data is never read
// from (or written into) a place the user did not mean: another user's store, or a file that is
// a symbolic link leading out of the store folder — nor kept where other accounts can read it.

#include <string>

#include "store/status.h"

namespace dayzero::store {

// Ok when `path` does not exist yet, or is a folder owned by the effective user (or
// `allow_foreign_owner` is set), closed to group and others (mode 0700, or `allow_shared_folder`
// is set) and holding no symbolic links; otherwise an error naming the folder or the offending
// entry and how to proceed.
Status check_store_folder(const std::string& path, bool allow_foreign_owner,
                          bool allow_shared_folder);

// True when the user asked (DAYZERO_ALLOW_FOREIGN_OWNER=1) to open stores owned by others.
bool foreign_owner_allowed_by_environment();

// True when the user asked (DAYZERO_ALLOW_SHARED_FOLDER=1) to open store folders that group or
// others may read or enter.
bool shared_folder_allowed_by_environment();

}  // namespace dayzero::store
