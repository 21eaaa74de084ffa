// The generator's long CSV imports cleanly with the real long-format decoder, and what the
// decoder reads back is exactly the events the generator rendered.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "generator/cohort_generator.h"
#include "importers/long_decoder.h"

namespace fs = std::filesystem;
namespace gen = dayzero::generator;

TEST_CASE("the long CSV decodes without problems into the same events") {
    const fs::path dir = fs::temp_directory_path() / "dayzero_generator_import_test";
    fs::remove_all(dir);
    gen::GeneratorOptions options;
    options.patients = 40;
    options.seed = 11;
    options.out_dir = dir.string();
    options.format = gen::OutputFormat::kLong;
    gen::CohortSummary summary;
    REQUIRE(gen::write_cohort(options, &summary).is_ok());

    const auto decoded = dayzero::importers::decode_long_csv((dir / "events.csv").string());
    for (const auto& problem : decoded.errors)
        FAIL_CHECK(problem.message << " " << problem.value);
    CHECK(decoded.warnings.empty());
    REQUIRE(decoded.events.size() == summary.events);

    size_t at = 0;
    for (uint64_t i = 0; i < options.patients; ++i) {
        for (const auto& expected : gen::generate_patient(11, i, options.patients).events) {
            const auto& got = decoded.events[at++];
            INFO("event " << at << " of " << expected.patient_id << " day " << expected.day);
            CHECK(got.patient_id == expected.patient_id);
            CHECK(got.day == expected.day);
            CHECK(got.minute == expected.minute);
            CHECK(got.kind == expected.kind);
            CHECK(got.code == expected.code);
            CHECK(got.value == expected.value);
            CHECK(got.text == expected.text);
            CHECK(got.unit == expected.unit);
        }
    }
    fs::remove_all(dir);
}
