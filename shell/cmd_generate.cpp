// `dayzero generate`: writes a deterministic synthetic CAR-T cohort (canonical long CSV and/or
// SDTM domains) for examples, tests and benchmarks; --stats prints the proportions it achieved.
#include <CLI/CLI.hpp>

#include <iostream>
#include <string>

#include "generator/cohort_generator.h"
#include "generator/cohort_stats.h"
#include "shell/commands.h"

namespace dayzero::shell {
namespace {

struct GenerateOptions {
    uint64_t patients = 45;
    uint64_t seed = 45;
    std::string out_dir;
    std::string format = "both";
    bool stats = false;
};

int run_generate(const GenerateOptions& options) {
    const auto format = generator::parse_output_format(options.format);
    if (!format) {
        std::cerr << "dayzero generate: --format must be long, sdtm or both (got '"
                  << options.format << "')\n";
        return 2;
    }
    if (options.patients == 0) {
        std::cerr << "dayzero generate: --patients must be at least 1\n";
        return 2;
    }
    generator::GeneratorOptions gen;
    gen.patients = options.patients;
    gen.seed = options.seed;
    gen.out_dir = options.out_dir;
    gen.format = *format;
    generator::CohortSummary summary;
    generator::CohortStats stats;
    generator::PatientObserver observer;
    if (options.stats) observer = [&stats](const generator::GeneratedPatient& p) { stats.add(p); };
    if (store::Status s = generator::write_cohort(gen, &summary, observer); !s) {
        std::cerr << "dayzero generate: " << s.message() << "\n";
        return 1;
    }
    std::cout << "generated " << summary.patients << " patients, " << summary.events
              << " events (seed " << options.seed << ")\n";
    for (const std::string& file : summary.files)
        std::cout << "  " << file << "\n";
    if (options.stats) std::cout << stats.report();
    return 0;
}

}  // namespace

void register_generate_command(CLI::App& app, CommandContext& ctx) {
    auto* sub = app.add_subcommand("generate", "Generate a synthetic CAR-T cohort");
    // --db is accepted like on every subcommand, but generating needs no store.
    add_store_options(*sub, ctx, /*allow_read_only=*/false);
    auto options = std::make_shared<GenerateOptions>();
    sub->add_option("--patients", options->patients, "Number of patients")->default_val(45);
    sub->add_option("--seed", options->seed, "Random seed (same seed, same cohort)")
        ->default_val(45);
    sub->add_option("--out", options->out_dir, "Output folder (created if absent)")->required();
    sub->add_option("--format", options->format, "long, sdtm or both")->default_val("both");
    sub->add_flag("--stats", options->stats, "Print the proportions the cohort achieves");
    sub->callback([&ctx, options] { ctx.exit_code = run_generate(*options); });
}

}  // namespace dayzero::shell
