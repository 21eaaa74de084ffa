#include <CLI/CLI.hpp>

#include "shell/commands.h"

namespace dayzero::shell {

void add_store_options(CLI::App& sub, CommandContext& ctx, bool allow_read_only) {
    sub.add_option("--db", ctx.db_path, "Store folder (created if absent)")
        ->default_val("./dayzero.db")
        ->default_str("./dayzero.db");
    if (allow_read_only) {
        sub.add_flag("--read-only", ctx.read_only, "Open the store without the ability to write");
    }
}

}  // namespace dayzero::shell
