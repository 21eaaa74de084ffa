// `dayzero demo`: the newcomer's first minute. Opens (or creates) a store, imports the shipped
// example cohort exactly once, and runs the scripted tour in examples/tour.dz, which users can
// read and edit.
#include <CLI/CLI.hpp>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "shell/commands.h"
#include "shell/session.h"
#include "shell/statement_text.h"
#include "shell/store_path.h"

namespace dayzero::shell {
namespace {

namespace fs = std::filesystem;

struct DemoOptions {
    std::string examples_dir = std::string(DAYZERO_SOURCE_DIR) + "/examples";
    std::string cohort = "cohort93";
    std::string tour;  // defaults to <examples>/tour.dz
};

bool read_file(const fs::path& path, std::string& text) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return false;
    std::ostringstream buffer;
    buffer << in.rdbuf();
    text = buffer.str();
    return true;
}

// A step as the user would type it: its comment lines, then the statement after a prompt.
std::string echo_step(const std::string& step) {
    std::string out, line;
    std::istringstream lines(step);
    bool in_statement = false;
    while (std::getline(lines, line)) {
        const size_t start = line.find_first_not_of(" \t\r");
        if (start == std::string::npos) {
            if (!out.empty() && !in_statement) out += "\n";  // blank lines between comments stay
            continue;
        }
        const bool comment = line.compare(start, 2, "--") == 0;
        if (!comment && !in_statement) {
            out += "dayzero> ";
            in_statement = true;
        } else if (in_statement) {
            out += "     ...> ";
        }
        out += line + "\n";
    }
    return out;
}

int run_demo(const CommandContext& ctx, const DemoOptions& demo) {
    const fs::path examples = demo.examples_dir;
    const fs::path events = examples / demo.cohort / "events.csv";
    const fs::path tour = demo.tour.empty() ? examples / "tour.dz" : fs::path(demo.tour);
    std::string script;
    if (!read_file(tour, script)) {
        std::cerr << "dayzero demo: cannot read the tour script " << tour.string() << "\n";
        return 1;
    }
    if (!fs::exists(events)) {
        std::cerr << "dayzero demo: example cohort not found: " << events.string() << "\n";
        return 1;
    }

    if (const std::string problem = new_store_problem(ctx.db_path); !problem.empty()) {
        std::cerr << "dayzero demo: " << problem << "\n";
        return 1;
    }
    SessionOptions options;
    options.db_path = ctx.db_path;
    options.terminal_width = 100;
    options.bail = true;
    Session session(options);
    if (!session.open(std::cerr)) return 1;

    std::cout << "== dayzero demo: store " << ctx.db_path << ", cohort " << demo.cohort
              << " ==\n\n";
    // Importing twice is a no-op that says so: the demo can be re-run on the same store.
    if (!session.run(".import " + events.string() + "\n", std::cout, std::cerr)) return 1;
    std::cout << "\n";
    // The tour refers to the examples folder as {EXAMPLES} so it runs from any directory.
    for (size_t pos = 0; (pos = script.find("{EXAMPLES}", pos)) != std::string::npos;)
        script.replace(pos, 10, examples.string());
    // Each step shows its comment and statement before the result, so the tour teaches the
    // language it answers in.
    for (const std::string& step : split_statements(script)) {
        std::cout << echo_step(step);
        std::cout.flush();
        if (!session.run(step + "\n", std::cout, std::cerr)) return 1;
        std::cout << "\n";
    }

    // Name the binary that ran, since a fresh build is not on PATH.
    std::error_code ec;
    const fs::path self = fs::read_symlink("/proc/self/exe", ec);
    std::cout << "\nOpen the shell on this store with:\n  " << (ec ? "dayzero" : self.string())
              << " shell --db " << ctx.db_path << "\n";
    return 0;
}

}  // namespace

void register_demo_command(CLI::App& app, CommandContext& ctx) {
    auto* sub = app.add_subcommand("demo", "Guided tour on the example cohort");
    add_store_options(*sub, ctx, /*allow_read_only=*/false);
    auto demo = std::make_shared<DemoOptions>();
    sub->add_option("--examples", demo->examples_dir, "Folder holding the example cohorts")
        ->capture_default_str();
    sub->add_option("--cohort", demo->cohort, "Example cohort to load (cohort45 or cohort93)")
        ->capture_default_str();
    sub->add_option("--tour", demo->tour, "Tour script to run (default <examples>/tour.dz)");
    sub->callback([&ctx, demo] { ctx.exit_code = run_demo(ctx, *demo); });
}

}  // namespace dayzero::shell
