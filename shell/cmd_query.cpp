#include <CLI/CLI.hpp>

#include <iostream>

#include "shell/commands.h"

namespace dayzero::shell {

void register_query_command(CLI::App& app, CommandContext& ctx) {
    auto* sub = app.add_subcommand("query", "Run statements and print their results");
    add_store_options(*sub, ctx);
    sub->callback([&ctx] {
        std::cerr << "dayzero query: not implemented yet\n";
        ctx.exit_code = 1;
    });
}

}  // namespace dayzero::shell
