#include <CLI/CLI.hpp>

#include <cstdlib>

#include "shell/commands.h"

namespace dayzero::shell {

void add_store_options(CLI::App& sub, CommandContext& ctx, bool allow_read_only) {
    sub.add_option("--db", ctx.db_path, "Store folder (a store made by init, import or demo)")
        ->default_val("./dayzero.db")
        ->default_str("./dayzero.db");
    if (allow_read_only) {
        sub.add_flag("--read-only", ctx.read_only, "Open the store without the ability to write");
    }
    // The store's folder guard reads this switch from the environment (store/folder_guard.h),
    // so every way a command opens a store (session, import, verify, audit, .open) honours it.
    sub.add_flag_callback(
        "--allow-foreign-owner", [] { ::setenv("DAYZERO_ALLOW_FOREIGN_OWNER", "1", 1); },
        "Open a store folder owned by another user (same as DAYZERO_ALLOW_FOREIGN_OWNER=1)");
    sub.add_flag_callback(
        "--allow-shared-folder", [] { ::setenv("DAYZERO_ALLOW_SHARED_FOLDER", "1", 1); },
        "Open a store folder that group or others may read (same as "
        "DAYZERO_ALLOW_SHARED_FOLDER=1)");
}

}  // namespace dayzero::shell
