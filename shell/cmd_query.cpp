#include <CLI/CLI.hpp>

#include <algorithm>
#include <iostream>
#include <memory>
#include <optional>

#include "shell/cli_session.h"
#include "shell/commands.h"
#include "shell/result_renderer.h"
#include "shell/session.h"
#include "shell/session_impl.h"
#include "shell/statement_text.h"

namespace dayzero::shell {

namespace {

struct QueryArgs {
    std::vector<std::string> statements;
    std::string file;
    std::string format = "table";
    std::optional<int> width;
};

// Statements known not to write the store. A statement not listed (amend, retract, sign, or one
// added later) and any meta-command make `query` open the store as a writer, as before.
constexpr std::string_view kReaders[] = {
    "events",    "grades",  "episodes", "measures",   "patients", "count",
    "summarize", "compare", "table1",   "foldchange", "roc",      "survival",
    "show",      "history", "diff",     "cox",        "logistic", "incidence",
    "correlate", "set",     "reset",    "plot",       "coverage"};

bool only_reads(std::string_view text) {
    for (size_t start = 0; start < text.size();) {
        const size_t nl = std::min(text.find('\n', start), text.size());
        const std::string_view line = text.substr(start, nl - start);
        const size_t first = line.find_first_not_of(" \t\r");
        if (first != std::string_view::npos && line[first] == '.') return false;
        start = nl + 1;
    }
    const auto statements = split_statements(text);
    return !statements.empty() &&
           std::all_of(statements.begin(), statements.end(), [](const std::string& statement) {
               const std::string word = first_word(statement);
               return std::find(std::begin(kReaders), std::end(kReaders), word) !=
                      std::end(kReaders);
           });
}

}  // namespace

void register_query_command(CLI::App& app, CommandContext& ctx) {
    auto* sub = app.add_subcommand("query",
                                   "Run statements and print their results "
                                   "(no statements: read them from standard input)");
    add_store_options(*sub, ctx);
    auto args = std::make_shared<QueryArgs>();
    auto* statements =
        sub->add_option("statements", args->statements, "Statements, each ending in ';'");
    sub->add_option("-f,--file", args->file, "Read the statements from this file ('-' = stdin)")
        ->excludes(statements);
    sub->add_option("--format", args->format, "Output format: " + output_mode_list())
        ->check([](const std::string& value) {
            return parse_output_mode(value) ? std::string() : "unknown format '" + value + "'";
        });
    sub->add_option("--width", args->width, "Fit tables to this many columns")
        ->check(CLI::Range(20, 1000));
    sub->callback([&ctx, args] {
        std::string text, source;
        if (!args->file.empty() || args->statements.empty()) {
            const std::string path = args->file.empty() ? "-" : args->file;
            if (!read_script(path, text, std::cerr)) {
                ctx.exit_code = 1;
                return;
            }
            source = script_source_name(path);
        }
        // Each argument is a line of the text: errors point at `argument:N:COLUMN`, N the
        // argument's number (the line within it, when it has several).
        for (const auto& statement : args->statements)
            text += statement + "\n";
        if (!args->statements.empty()) source = "argument";
        SessionOptions options = cli_session_options(ctx, args->width);
        // A reader works beside a writer (an open shell); only statements that write need one.
        if (only_reads(text)) options.read_only = true;
        Session session(options);
        session.impl().render_options().mode = *parse_output_mode(args->format);
        if (!session.open(std::cerr)) {
            ctx.exit_code = 1;
            return;
        }
        ctx.exit_code = session.run(text, std::cout, std::cerr, source) ? 0 : 1;
    });
}

}  // namespace dayzero::shell
