// The SDTM domains describe the same events as the long CSV: both imports give identical
// events (the importers' decoders, no store needed), and the only warnings are the NOT DONE rows.
#include <catch2/catch.hpp>

#include <fmt/format.h>
#include <algorithm>
#include <filesystem>
#include <fstream>

#include "generator/cohort_generator.h"
#include "generator/long_csv_writer.h"
#include "importers/long_decoder.h"
#include "importers/sdtm_study.h"

namespace fs = std::filesystem;
namespace gen = dayzero::generator;
using namespace dayzero::importers;
using dayzero::store::Event;

namespace {

// An event as one comparable line: the long-CSV row with the value to 12 significant digits
// (°F temperatures at one centre convert back to °C within rounding of the last bit).
std::vector<std::string> canonical_lines(const std::vector<Event>& events) {
    std::vector<std::string> lines;
    for (Event e : events) {
        const std::string value = e.value ? fmt::format("{:.12g}", *e.value) : "";
        e.value.reset();
        e.note.clear();
        lines.push_back(gen::LongCsvWriter::format_row(e) + "|" + value);
    }
    std::sort(lines.begin(), lines.end());
    return lines;
}

}  // namespace

TEST_CASE("long CSV and SDTM imports of a generated cohort give the same events") {
    const fs::path dir = fs::temp_directory_path() / "dayzero_generator_sdtm_test";
    fs::remove_all(dir);
    gen::GeneratorOptions options;
    options.patients = 60;
    options.seed = 93;
    options.out_dir = dir.string();
    gen::CohortSummary summary;
    REQUIRE(gen::write_cohort(options, &summary).is_ok());

    const auto long_file = decode_long_csv((dir / "events.csv").string());
    REQUIRE(long_file.errors.empty());

    SdtmOptions sdtm_options;
    std::vector<std::string> files, ignored;
    for (const auto& entry : fs::directory_iterator(dir / "sdtm")) {
        files.push_back(entry.path().string());
    }
    std::sort(files.begin(), files.end());
    auto study = SdtmStudy::load(files, sdtm_options, ignored);
    REQUIRE(study.is_ok());
    CHECK(ignored.empty());
    std::vector<Event> sdtm_events;
    size_t not_done = 0;
    for (const auto& path : (*study)->files()) {
        auto file = decode_all(
            path, [&](const DecodeOptions& o) { return (*study)->make_decoder(path, o); });
        for (const auto& error : file.errors)
            FAIL_CHECK(error.to_string());
        for (const auto& warning : file.warnings) {
            INFO(warning.to_string());
            CHECK(warning.message.find("NOT DONE") != std::string::npos);
            ++not_done;
        }
        sdtm_events.insert(sdtm_events.end(), file.events.begin(), file.events.end());
    }
    CHECK(not_done > 0);

    REQUIRE(sdtm_events.size() == long_file.events.size());
    const auto from_sdtm = canonical_lines(sdtm_events);
    const auto from_long = canonical_lines(long_file.events);
    for (size_t i = 0; i < from_long.size(); ++i)
        REQUIRE(from_sdtm[i] == from_long[i]);
    fs::remove_all(dir);
}
