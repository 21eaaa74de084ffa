#include <CLI/CLI.hpp>

#include <iostream>

#include "shell/commands.h"

namespace dayzero::shell {

void register_shell_command(CLI::App& app, CommandContext& ctx) {
    auto* sub = app.add_subcommand("shell", "Interactive shell (REPL) on a store");
    add_store_options(*sub, ctx);
    sub->callback([&ctx] {
        std::cerr << "dayzero shell: not implemented yet\n";
        ctx.exit_code = 1;
    });
}

}  // namespace dayzero::shell
