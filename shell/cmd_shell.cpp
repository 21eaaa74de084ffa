#include <CLI/CLI.hpp>

#include <iostream>
#include <memory>
#include <optional>

#include "shell/cli_session.h"
#include "shell/commands.h"
#include "shell/init_file.h"
#include "shell/repl.h"
#include "shell/session.h"
#include "shell/terminal.h"

namespace dayzero::shell {

namespace {

struct ShellArgs {
    std::string file;
    std::optional<std::string> command;
    bool keep_going = false;
    std::optional<int> width;
    InitChoice init;
};

}  // namespace

void register_shell_command(CLI::App& app, CommandContext& ctx) {
    auto* sub = app.add_subcommand("shell",
                                   "Interactive shell (REPL) on a store; runs a script "
                                   "from -f FILE or piped standard input");
    add_store_options(*sub, ctx);
    auto args = std::make_shared<ShellArgs>();
    auto* file = sub->add_option("-f,--file", args->file,
                                 "Run this script ('-' = standard input) instead of the terminal");
    sub->add_option("-c,--command", args->command,
                    "Run these statements and meta-commands (lines), then exit")
        ->excludes(file);
    sub->add_flag("--keep-going", args->keep_going,
                  "Do not stop a script at the first error (the exit status is still 1)");
    sub->add_option("--width", args->width, "Fit tables to this many columns")
        ->check(CLI::Range(20, 1000));
    auto* init = sub->add_option("--init", args->init.file,
                                 "Run this file first (default: $DAYZERO_INIT, else ~/.dayzerorc)");
    sub->add_flag("--no-init", args->init.none, "Do not run an init file")->excludes(init);
    sub->callback([&ctx, args] {
        SessionOptions options = cli_session_options(ctx, args->width);
        options.bail = !args->keep_going;
        Session session(options);
        if (!session.open(std::cerr)) {
            ctx.exit_code = 1;
            return;
        }
        const bool interactive = !args->command && args->file.empty() && stdin_is_tty();
        // A script must not run without the settings its init file was meant to give it.
        if (!run_init_file(session, args->init, std::cerr) && !interactive) {
            ctx.exit_code = 1;
            return;
        }
        if (args->command) {
            // Errors point into the argument as into a file: `-c:LINE:COLUMN`.
            ctx.exit_code = session.run(*args->command, std::cout, std::cerr, "-c") ? 0 : 1;
            return;
        }
        if (interactive) {
            ctx.exit_code = run_repl(session);
            return;
        }
        const std::string path = args->file.empty() ? "-" : args->file;
        std::string script;
        if (!read_script(path, script, std::cerr)) {
            ctx.exit_code = 1;
            return;
        }
        ctx.exit_code = session.run(script, std::cout, std::cerr, script_source_name(path)) ? 0 : 1;
    });
}

}  // namespace dayzero::shell
