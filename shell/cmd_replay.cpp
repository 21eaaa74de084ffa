#include <CLI/CLI.hpp>

#include <iostream>

#include "shell/commands.h"

namespace dayzero::shell {

void register_replay_command(CLI::App& app, CommandContext& ctx) {
    auto* sub = app.add_subcommand("replay", "Stream the event log in recorded order");
    add_store_options(*sub, ctx);
    sub->callback([&ctx] {
        std::cerr << "dayzero replay: not implemented yet\n";
        ctx.exit_code = 1;
    });
}

}  // namespace dayzero::shell
