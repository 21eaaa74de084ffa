#include <CLI/CLI.hpp>

#include <iostream>

#include "shell/commands.h"

namespace dayzero::shell {

void register_demo_command(CLI::App& app, CommandContext& ctx) {
    auto* sub = app.add_subcommand("demo", "Guided tour on the example cohort");
    add_store_options(*sub, ctx);
    sub->callback([&ctx] {
        std::cerr << "dayzero demo: not implemented yet\n";
        ctx.exit_code = 1;
    });
}

}  // namespace dayzero::shell
