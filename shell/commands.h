#pragma once
// The `dayzero` subcommands. Each lives in its own cmd_<name>.cpp and registers itself on the
// CLI11 app; `run` callbacks set the process exit code through CommandContext.

#include <string>

namespace CLI {
class App;
}

namespace dayzero::shell {

// Options shared by every subcommand, and the exit code the chosen subcommand sets.
struct CommandContext {
    std::string db_path = "./dayzero.db";
    bool read_only = false;
    int exit_code = 0;
};

// Each adds one subcommand (with its options) to `app`; the callback runs the command.
void register_shell_command(CLI::App& app, CommandContext& ctx);
void register_import_command(CLI::App& app, CommandContext& ctx);
void register_query_command(CLI::App& app, CommandContext& ctx);
void register_replay_command(CLI::App& app, CommandContext& ctx);
void register_verify_command(CLI::App& app, CommandContext& ctx);
void register_audit_command(CLI::App& app, CommandContext& ctx);
void register_demo_command(CLI::App& app, CommandContext& ctx);
void register_generate_command(CLI::App& app, CommandContext& ctx);
void register_init_command(CLI::App& app, CommandContext& ctx);
void register_keygen_command(CLI::App& app, CommandContext& ctx);

// Adds `--db PATH` (default ./dayzero.db), `--read-only` and `--allow-foreign-owner` to a
// subcommand.
void add_store_options(CLI::App& sub, CommandContext& ctx, bool allow_read_only = true);

}  // namespace dayzero::shell
