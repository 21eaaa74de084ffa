#include <CLI/CLI.hpp>

#include <iostream>

#include "shell/commands.h"

namespace dayzero::shell {

void register_audit_command(CLI::App& app, CommandContext& ctx) {
    auto* sub = app.add_subcommand("audit", "Audit-trail export");
    add_store_options(*sub, ctx);
    sub->callback([&ctx] {
        std::cerr << "dayzero audit: not implemented yet\n";
        ctx.exit_code = 1;
    });
}

}  // namespace dayzero::shell
