#include <CLI/CLI.hpp>

#include <iostream>
#include <memory>
#include <optional>

#include "shell/cli_session.h"
#include "shell/commands.h"
#include "shell/result_renderer.h"
#include "shell/session.h"
#include "shell/session_impl.h"

namespace dayzero::shell {

namespace {

struct QueryArgs {
    std::vector<std::string> statements;
    std::string format = "table";
    std::optional<int> width;
};

}  // namespace

void register_query_command(CLI::App& app, CommandContext& ctx) {
    auto* sub = app.add_subcommand("query",
                                   "Run statements and print their results "
                                   "(no statements: read them from standard input)");
    add_store_options(*sub, ctx);
    auto args = std::make_shared<QueryArgs>();
    sub->add_option("statements", args->statements, "Statements, each ending in ';'");
    sub->add_option("--format", args->format, "Output format: " + output_mode_list())
        ->check([](const std::string& value) {
            return parse_output_mode(value) ? std::string() : "unknown format '" + value + "'";
        });
    sub->add_option("--width", args->width, "Fit tables to this many columns")
        ->check(CLI::Range(20, 1000));
    sub->callback([&ctx, args] {
        Session session(cli_session_options(ctx, args->width));
        session.impl().render_options().mode = *parse_output_mode(args->format);
        if (!session.open(std::cerr)) {
            ctx.exit_code = 1;
            return;
        }
        std::string text;
        if (args->statements.empty()) {
            if (!read_script("-", text, std::cerr)) {
                ctx.exit_code = 1;
                return;
            }
        }
        for (const auto& statement : args->statements)
            text += statement + "\n";
        ctx.exit_code = session.run(text, std::cout, std::cerr) ? 0 : 1;
    });
}

}  // namespace dayzero::shell
