// The SDTM domains describe the same events as the long CSV: both imports give identical
// events (the importers' decoders, no store needed), and the only warnings are the NOT DONE rows.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <tuple>

#include "examples/generator/cohort_generator.h"
#include "importers/long_decoder.h"
#include "importers/sdtm_mapping.h"
#include "importers/sdtm_study.h"

namespace fs = std::filesystem;
namespace gen = dayzero::generator;
using namespace dayzero::importers;
using dayzero::store::Event;

namespace {

// The generator writes four sponsor-defined DM columns; map them if the default does not.
std::string mapping_with_dm_extras(const fs::path& dir) {
    std::ifstream in(SdtmMapping::default_path());
    nlohmann::json mapping = nlohmann::json::parse(in);
    const std::pair<const char*, const char*> extras[] = {{"BLASTPCT", "blasts_pct"},
                                                          {"PRIORLN", "prior_lines"},
                                                          {"ALLOSCT", "allo_sct"},
                                                          {"HIGHRISK", "high_risk"}};
    for (const auto& [column, attribute] : extras) {
        if (!mapping["DM"].contains(column)) {
            mapping["DM"][column] = {{"kind", "baseline"}, {"code", attribute}};
        }
    }
    const fs::path path = dir / "mapping.json";
    std::ofstream(path) << mapping.dump(2);
    return path.string();
}

using Key = std::tuple<std::string, int32_t, int, int, std::string, std::string, std::string>;

Key key_of(const Event& e) {
    return {e.patient_id, e.day, e.minute ? *e.minute : -1, static_cast<int>(e.kind), e.code,
            e.text, e.unit};
}

std::vector<const Event*> sorted(const std::vector<Event>& events) {
    std::vector<const Event*> out;
    for (const auto& e : events) out.push_back(&e);
    std::sort(out.begin(), out.end(), [](const Event* a, const Event* b) {
        return std::make_pair(key_of(*a), a->value.value_or(-1)) <
               std::make_pair(key_of(*b), b->value.value_or(-1));
    });
    return out;
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
    sdtm_options.mapping_path = mapping_with_dm_extras(dir);
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
        auto file = decode_all(path, [&](const DecodeOptions& o) {
            return (*study)->make_decoder(path, o);
        });
        for (const auto& error : file.errors) FAIL_CHECK(error.to_string());
        for (const auto& warning : file.warnings) {
            INFO(warning.to_string());
            CHECK(warning.message.find("NOT DONE") != std::string::npos);
            ++not_done;
        }
        sdtm_events.insert(sdtm_events.end(), file.events.begin(), file.events.end());
    }
    CHECK(not_done > 0);

    REQUIRE(sdtm_events.size() == long_file.events.size());
    const auto a = sorted(sdtm_events);
    const auto b = sorted(long_file.events);
    for (size_t i = 0; i < a.size(); ++i) {
        INFO("event " << i << ": " << b[i]->patient_id << " day " << b[i]->day << " "
                      << dayzero::store::kind_name(b[i]->kind) << " " << b[i]->code);
        REQUIRE(key_of(*a[i]) == key_of(*b[i]));
        REQUIRE(a[i]->value.has_value() == b[i]->value.has_value());
        // °F temperatures at one centre convert back within rounding of the last bit.
        if (a[i]->value) CHECK(*a[i]->value == Approx(*b[i]->value).epsilon(1e-12));
    }
    fs::remove_all(dir);
}
