// The `dayzero` executable: parses the command line with CLI11 and dispatches to a subcommand.
#include <CLI/CLI.hpp>

#include <exception>
#include <iostream>

#include "shell/commands.h"
#include "shell/malloc_tuning.h"

int main(int argc, char** argv) {
    using namespace dayzero::shell;
    limit_malloc_arenas();
    CLI::App app{"dayzero: an event-sourced store of CAR-T patient timelines with a query language",
                 "dayzero"};
    app.set_version_flag("--version", std::string("dayzero ") + DAYZERO_VERSION);
    app.require_subcommand(1);
    app.fallthrough(false);

    CommandContext ctx;
    register_shell_command(app, ctx);
    register_import_command(app, ctx);
    register_query_command(app, ctx);
    register_replay_command(app, ctx);
    register_verify_command(app, ctx);
    register_audit_command(app, ctx);
    register_demo_command(app, ctx);
    register_generate_command(app, ctx);
    register_init_command(app, ctx);

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        // One line naming the problem, then how to get usage; status 2 like other Unix tools.
        // CLI11 reports a mistyped subcommand as "a subcommand is required": name it instead.
        if (argc > 1 && argv[1][0] != '-' && app.get_subcommands().empty()) {
            std::cerr << "dayzero: unknown command '" << argv[1] << "'\n";
        } else {
            std::cerr << "dayzero: " << e.what() << "\n";
        }
        std::cerr << "Usage: dayzero <command> [options]   (dayzero --help lists the commands)\n";
        return 2;
    } catch (const std::exception& e) {
        std::cerr << "dayzero: internal error: " << e.what() << "\n";
        return 70;
    }
    return ctx.exit_code;
}
