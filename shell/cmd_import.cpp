// `dayzero import`: loads trial CSVs (long format, SDTM domains or folders, wide sheets) into a
// store. The work is importers::run_import; this file only maps the command line onto it.
#include <CLI/CLI.hpp>

#include <unistd.h>

#include <iostream>
#include <memory>

#include "db/database.h"
#include "importers/import_runner.h"
#include "importers/progress_meter.h"
#include "shell/audit_receipt.h"
#include "shell/commands.h"
#include "shell/store_path.h"

namespace dayzero::shell {
namespace {

struct ImportArgs {
    std::vector<std::string> inputs;
    std::string format = "auto";
    std::string mapping;
    std::string day0;
    std::string author;
    bool lenient = false;
    bool force = false;
    bool corrections = false;
    bool allow_any_day = false;
    std::string reason;
    std::string problems;
    std::string write_mapping;
    size_t max_problems = 50;
};

int run(const CommandContext& ctx, const ImportArgs& args) {
    importers::RunOptions options;
    if (!importers::parse_import_format(args.format, options.format)) {
        std::cerr << "dayzero import: unknown --format '" << args.format
                  << "' (expected long, sdtm, wide or auto)\n";
        return 2;
    }
    if (args.corrections && args.reason.empty()) {
        std::cerr << "dayzero import: --corrections needs --reason '...' (recorded on each "
                     "amendment)\n";
        return 2;
    }
    options.mapping = args.mapping;
    options.problems_path = args.problems;
    options.day0 = args.day0;
    options.import.lenient = args.lenient;
    options.import.force = args.force;
    options.import.corrections = args.corrections;
    options.import.allow_any_day = args.allow_any_day;
    options.import.reason = args.reason;
    options.import.author = args.author;
    options.import.max_problems = args.max_problems;
    options.import.progress = importers::ProgressMeter::is_terminal(stderr);
    // The data manager's loop: write the study's mapping, fill it in, import with it.
    if (!args.write_mapping.empty()) {
        return importers::write_study_mapping(args.inputs, options, args.write_mapping, std::cout,
                                              std::cerr)
                   ? 0
                   : 1;
    }
    if (const std::string problem = new_store_problem(ctx.db_path); !problem.empty()) {
        std::cerr << "dayzero import: " << problem << "\n";
        return 1;
    }
    auto database = db::Database::open(ctx.db_path);
    if (!database) {
        std::cerr << "dayzero import: cannot open the store " << ctx.db_path << ": "
                  << database.status().message() << "\n";
        return 1;
    }
    const store::EventStore& store = database.value()->store();
    const uint64_t before = store.last_tx();
    auto summary = database.value()->import(args.inputs, options, std::cout, std::cerr);
    if (store.last_tx() > before) {
        // The receipt of the last transaction written, for the auditor's records (verify --expect).
        auto head = store.transaction(store.last_tx());
        if (head) {
            std::cout << "receipt: "
                      << audit::format_receipt({head->tx, head->hash_hex, head->recorded_at_us})
                      << "\n";
        }
    }
    if (const auto& note = database.value()->read_model_note(); !note.empty())
        std::cerr << "dayzero import: " << note << "\n";
    return summary.ok ? 0 : 1;
}

}  // namespace

void register_import_command(CLI::App& app, CommandContext& ctx) {
    auto* sub = app.add_subcommand("import", "Import CSV or SDTM files into a store");
    add_store_options(*sub, ctx, /*allow_read_only=*/false);
    sub->get_option("--db")->description(
        "Store folder, created if absent (its parent folder must exist)");
    auto args = std::make_shared<ImportArgs>();
    sub->add_option("FILES", args->inputs,
                    "CSV files to import; a folder is read as a set of SDTM domain CSVs")
        ->required();
    sub->add_option("--format", args->format, "long, sdtm, wide or auto (from the header)")
        ->capture_default_str();
    sub->add_option("--mapping", args->mapping,
                    "Mapping file: required for wide sheets; replaces the SDTM default mapping");
    sub->add_option("--day0", args->day0,
                    "SDTM day 0: RFXSTDTC or an EXTRT name (default: the CAR-T product's EX row)");
    sub->add_flag("--lenient", args->lenient,
                  "Import the good rows; write bad ones with reasons to <input>.rejects.csv");
    sub->add_flag("--force", args->force,
                  "Import even if this file, or rows with the same content, were imported before");
    sub->add_flag("--corrections", args->corrections,
                  "Record rows that change a stored value as amendments (needs --reason)");
    sub->add_flag("--allow-any-day", args->allow_any_day,
                  "Accept days outside the plausible window -30..3650");
    sub->add_option("--write-mapping", args->write_mapping,
                    "Write the SDTM mapping of the study (the defaults, or --mapping, plus each "
                    "term it does not map, marked FILL IN) to this file; imports nothing");
    sub->add_option("--problems", args->problems,
                    "Write every error and warning of every file to this CSV file");
    sub->add_option("--reason", args->reason, "Why this import is made (recorded)");
    sub->add_option("--author", args->author, "Recorded-by (default: the operating-system user)");
    sub->add_option("--max-problems", args->max_problems, "Problems shown per file")
        ->capture_default_str();
    sub->callback([&ctx, args] { ctx.exit_code = run(ctx, *args); });
}

}  // namespace dayzero::shell
