// `dayzero init PATH`: the one explicit way, besides import, generate and demo, to make a new
// store; every other command refuses a path that is not a store already (store_path.h).
#include <CLI/CLI.hpp>

#include <iostream>
#include <memory>

#include "db/database.h"
#include "shell/commands.h"
#include "shell/store_path.h"

namespace dayzero::shell {

namespace {

int run_init(const std::string& path) {
    if (is_store_folder(path)) {
        std::cerr << "dayzero init: '" << path << "' is already a dayzero store; nothing changed\n";
        return 0;
    }
    if (const std::string problem = new_store_problem(path); !problem.empty()) {
        std::cerr << "dayzero init: " << problem << "\n";
        return 1;
    }
    auto opened = db::Database::open(path);
    if (!opened) {
        std::cerr << "dayzero init: cannot create a store at '" << path
                  << "': " << opened.status().message() << "\n";
        return 1;
    }
    std::cout << "Created an empty dayzero store in " << path << "\n"
              << "Next: dayzero import --db " << path << " FILES, then dayzero shell --db " << path
              << "\n";
    return 0;
}

}  // namespace

void register_init_command(CLI::App& app, CommandContext& ctx) {
    auto* sub = app.add_subcommand("init", "Create a new, empty store in a folder");
    auto path = std::make_shared<std::string>();
    sub->add_option("PATH", *path, "The store folder to create (its parent must exist)")
        ->required();
    sub->callback([&ctx, path] { ctx.exit_code = run_init(*path); });
}

}  // namespace dayzero::shell
