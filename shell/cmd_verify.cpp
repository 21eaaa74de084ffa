#include <CLI/CLI.hpp>

#include <iostream>

#include "shell/commands.h"

namespace dayzero::shell {

void register_verify_command(CLI::App& app, CommandContext& ctx) {
    auto* sub = app.add_subcommand("verify", "Check the hash chain, checksums and indexes");
    add_store_options(*sub, ctx);
    sub->callback([&ctx] {
        std::cerr << "dayzero verify: not implemented yet\n";
        ctx.exit_code = 1;
    });
}

}  // namespace dayzero::shell
