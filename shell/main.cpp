// The `dayzero` executable: parses the command line with CLI11 and dispatches to a subcommand.
#include <CLI/CLI.hpp>

#include <exception>
#include <iostream>

#include "shell/commands.h"
#include "shell/malloc_tuning.h"
#include "text/edit_distance.h"

namespace {

// The subcommand closest to a mistyped one (`qeury` → `query`), or "" when none is close.
std::string nearest_subcommand(const CLI::App& app, const std::string& typed) {
    std::string best;
    size_t best_distance = 3;  // more than two edits is another word
    for (const CLI::App* sub : app.get_subcommands({})) {
        const size_t distance = dayzero::text::edit_distance(sub->get_name(), typed,
                                                             dayzero::text::LetterCase::kIgnored);
        if (distance < best_distance) {
            best = sub->get_name();
            best_distance = distance;
        }
    }
    return best;
}

// The long option of `app` closest to a mistyped one (`--frmat` → `--format`), or "".
std::string nearest_option(const CLI::App& app, const std::string& typed) {
    std::string best;
    size_t best_distance = 3;  // more than two edits is another word
    for (const CLI::Option* option : app.get_options()) {
        for (const std::string& name : option->get_lnames()) {
            const size_t distance = dayzero::text::edit_distance("--" + name, typed);
            if (distance < best_distance) {
                best = "--" + name;
                best_distance = distance;
            }
        }
    }
    return best;
}

// The first argument that looks like an option but is none of `app`'s, or "".
std::string unknown_option(const CLI::App& app, int argc, char** argv) {
    for (int i = 1; i < argc; ++i) {
        std::string arg = argv[i];
        if (arg.rfind("--", 0) != 0 || arg == "--") continue;
        arg = arg.substr(0, arg.find('='));
        bool known = false;
        for (const CLI::Option* option : app.get_options()) {
            for (const std::string& name : option->get_lnames())
                known = known || arg == "--" + name;
        }
        if (!known) return arg;
    }
    return "";
}

// The usage line of `app` (a subcommand: its own), and where its options are described.
void print_usage(const CLI::App* app, std::ostream& out) {
    const bool top = app->get_parent() == nullptr;
    const std::string name = top ? "dayzero" : "dayzero " + app->get_name();
    const CLI::Formatter formatter;
    std::string usage = formatter.make_usage(app, name);
    if (top) usage = "Usage: dayzero COMMAND [OPTIONS]\n";
    out << usage << "Run '" << name << " --help' for " << (top ? "the commands" : "its options")
        << ".\n";
}

constexpr const char* kHelpFooter =
    R"(Every command except init, import, generate, demo and keygen opens an existing store:
--db PATH, default ./dayzero.db.

Examples:
  dayzero demo --db demo.db                 import the example cohort and take the tour
  dayzero shell --db demo.db                the interactive shell (.help lists its commands)
  dayzero query --db demo.db 'count patients by max_grade;'   one statement, then exit

Documentation: docs/SHELL.md (the shell and these commands), docs/QUERY.md (the language),
docs/IMPORT.md (importing trial files); all in the source tree's docs/ folder.)";

// Runs before any library's or our own static initialiser allocates (glibc calls .preinit_array
// functions of the executable first).
void tune_heap_before_initialisers(int /*argc*/, char** /*argv*/, char** envp) {
    dayzero::shell::reserve_huge_page_heap(envp);
}

}  // namespace

[[gnu::used, gnu::section(".preinit_array")]] static void (*kPreinitHeap)(int, char**, char**) =
    tune_heap_before_initialisers;

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
    register_keygen_command(app, ctx);
    app.footer(kHelpFooter);  // after the subcommands, which would otherwise inherit it

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        // One line naming the problem, then the usage of the command that was being parsed;
        // status 2 like other Unix tools.
        const auto parsed = app.get_subcommands();
        if (argc > 1 && argv[1][0] != '-' && parsed.empty()) {
            // CLI11 reports a mistyped subcommand as "a subcommand is required": name it instead.
            std::cerr << "dayzero: unknown command '" << argv[1] << "'";
            if (const std::string near = nearest_subcommand(app, argv[1]); !near.empty())
                std::cerr << " (did you mean '" << near << "'?)";
            std::cerr << "\n";
        } else if (const std::string typed =
                       parsed.empty() ? "" : unknown_option(*parsed.back(), argc, argv);
                   !typed.empty()) {
            std::cerr << "dayzero: unknown option '" << typed << "'";
            if (const std::string near = nearest_option(*parsed.back(), typed); !near.empty())
                std::cerr << " (did you mean '" << near << "'?)";
            std::cerr << "\n";
        } else {
            std::cerr << "dayzero: " << e.what() << "\n";
        }
        print_usage(parsed.empty() ? static_cast<const CLI::App*>(&app) : parsed.back(), std::cerr);
        return 2;
    } catch (const std::exception& e) {
        std::cerr << "dayzero: internal error: " << e.what() << "\n";
        return 70;
    }
    return ctx.exit_code;
}
