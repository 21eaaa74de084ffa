// SDTM: a clean small cohort decodes to exactly the events of its long-format twin.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <tuple>

#include "importers/long_decoder.h"
#include "importers/sdtm_study.h"
#include "test_files.h"

using namespace dayzero::importers;
using dayzero::importers::testing::data_dir;
using dayzero::store::Event;

namespace {

std::vector<std::string> csv_files(const std::filesystem::path& folder) {
    std::vector<std::string> files;
    for (const auto& entry : std::filesystem::directory_iterator(folder)) {
        if (entry.path().extension() == ".csv") files.push_back(entry.path().string());
    }
    std::sort(files.begin(), files.end());
    return files;
}

struct StudyResult {
    std::vector<Event> events;
    std::vector<ImportProblem> errors;
    std::vector<ImportProblem> warnings;
    uint64_t skipped = 0;
};

// The cohort's own mapping: the defaults plus its one adverse event that dayzero does not use.
SdtmOptions cohort_options() {
    SdtmOptions options;
    options.mapping_path = (data_dir() / "sdtm/cohort_mapping.json").string();
    return options;
}

StudyResult decode_study(const std::filesystem::path& folder,
                         SdtmOptions options = cohort_options()) {
    std::vector<std::string> ignored;
    auto study = SdtmStudy::load(csv_files(folder), options, ignored);
    REQUIRE(study.is_ok());
    StudyResult result;
    for (const auto& path : (*study)->files()) {
        auto file = decode_all(
            path, [&](const DecodeOptions& o) { return (*study)->make_decoder(path, o); });
        result.events.insert(result.events.end(), file.events.begin(), file.events.end());
        result.errors.insert(result.errors.end(), file.errors.begin(), file.errors.end());
        result.warnings.insert(result.warnings.end(), file.warnings.begin(), file.warnings.end());
        result.skipped += file.rows_skipped;
    }
    return result;
}

using Key = std::tuple<std::string, int32_t, int, int, std::string, std::string, std::string>;

Key key_of(const Event& e) {
    return {e.patient_id, e.day, e.minute ? *e.minute : -1, static_cast<int>(e.kind), e.code,
            e.text,       e.unit};
}

std::vector<const Event*> sorted(const std::vector<Event>& events) {
    std::vector<const Event*> out;
    for (const auto& e : events)
        out.push_back(&e);
    std::sort(out.begin(), out.end(), [](const Event* a, const Event* b) {
        return std::make_pair(key_of(*a), a->value.value_or(-1)) <
               std::make_pair(key_of(*b), b->value.value_or(-1));
    });
    return out;
}

}  // namespace

TEST_CASE("sdtm: the long-format and SDTM imports of one cohort give the same events") {
    auto sdtm = decode_study(data_dir() / "sdtm/cohort");
    for (const auto& error : sdtm.errors)
        FAIL_CHECK(error.to_string());
    auto long_file = decode_long_csv((data_dir() / "sdtm/cohort_long.csv").string());
    for (const auto& error : long_file.errors)
        FAIL_CHECK(error.to_string());
    REQUIRE(sdtm.events.size() == long_file.events.size());
    auto a = sorted(sdtm.events);
    auto b = sorted(long_file.events);
    for (size_t i = 0; i < a.size(); ++i) {
        INFO("event " << i << ": " << a[i]->patient_id << " day " << a[i]->day << " "
                      << dayzero::store::kind_name(a[i]->kind) << " " << a[i]->code);
        CHECK(key_of(*a[i]) == key_of(*b[i]));
        REQUIRE(a[i]->value.has_value() == b[i]->value.has_value());
        if (a[i]->value) CHECK(*a[i]->value == Approx(*b[i]->value).epsilon(1e-12));
    }
}

TEST_CASE("sdtm: day 0 is the CAR-T infusion, not RFSTDTC and never --DY") {
    auto sdtm = decode_study(data_dir() / "sdtm/cohort");
    auto find = [&](const std::string& patient, dayzero::store::EventKind kind) -> const Event* {
        for (const auto& e : sdtm.events) {
            if (e.patient_id == patient && e.kind == kind) return &e;
        }
        return nullptr;
    };
    const Event* infusion = find("STUDY1-001", dayzero::store::EventKind::kInfusion);
    REQUIRE(infusion);
    CHECK(infusion->day == 0);
    CHECK(*infusion->minute == 10 * 60 + 30);
    const Event* temp = find("STUDY1-001", dayzero::store::EventKind::kTemp);
    REQUIRE(temp);
    CHECK(temp->day == 2);  // VSDY says 8 (from RFSTDTC, no day 0): ignored
    CHECK(temp->original == "099.9 F");
    CHECK(*temp->value == Approx((99.9 - 32) * 5 / 9));
}

TEST_CASE("sdtm: --day0 RFXSTDTC and a named EX treatment move day 0") {
    SdtmOptions rfx = cohort_options();
    rfx.day0 = "RFXSTDTC";
    auto by_rfx = decode_study(data_dir() / "sdtm/cohort", rfx);
    SdtmOptions named = cohort_options();
    named.day0 = "cyclophosphamide";
    auto by_name = decode_study(data_dir() / "sdtm/cohort", named);
    for (const auto* result : {&by_rfx, &by_name}) {
        const Event* infusion = nullptr;
        for (const auto& e : result->events) {
            if (e.patient_id == "STUDY1-001" && e.kind == dayzero::store::EventKind::kInfusion) {
                infusion = &e;
            }
        }
        REQUIRE(infusion);
        CHECK(infusion->day == 5);
    }
    // Subject 002 has no cyclophosphamide record: its rows are errors, never guessed.
    bool reported = false;
    for (const auto& error : by_name.errors) {
        reported = reported || error.message.rfind(
                                   "subject 'STUDY1-002' has no day-0 anchor (no EX "
                                   "record of 'cyclophosphamide'); its EX "
                                   "treatments: 'TISAGENLECLEUCEL'",
                                   0) == 0;
    }
    CHECK(reported);
}

TEST_CASE("sdtm: screen failures are skipped with one warning per row") {
    auto sdtm = decode_study(data_dir() / "sdtm/cohort");
    int screen_warnings = 0;
    for (const auto& w : sdtm.warnings) {
        if (w.message == "screen failure (no infusion): row skipped") ++screen_warnings;
    }
    CHECK(screen_warnings == 2);  // DM and VS rows of STUDY1-003 (its DS row maps to skip)
    for (const auto& e : sdtm.events)
        CHECK(e.patient_id != "STUDY1-003");
}
