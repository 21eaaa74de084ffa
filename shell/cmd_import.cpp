#include <CLI/CLI.hpp>

#include <iostream>

#include "shell/commands.h"

namespace dayzero::shell {

void register_import_command(CLI::App& app, CommandContext& ctx) {
    auto* sub = app.add_subcommand("import", "Import CSV or SDTM files into a store");
    add_store_options(*sub, ctx);
    sub->callback([&ctx] {
        std::cerr << "dayzero import: not implemented yet\n";
        ctx.exit_code = 1;
    });
}

}  // namespace dayzero::shell
