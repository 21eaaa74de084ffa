#include <CLI/CLI.hpp>

#include <iostream>

#include "shell/commands.h"

namespace dayzero::shell {

void register_generate_command(CLI::App& app, CommandContext& ctx) {
    auto* sub = app.add_subcommand("generate", "Generate a synthetic CAR-T cohort");
    add_store_options(*sub, ctx);
    sub->callback([&ctx] {
        std::cerr << "dayzero generate: not implemented yet\n";
        ctx.exit_code = 1;
    });
}

}  // namespace dayzero::shell
