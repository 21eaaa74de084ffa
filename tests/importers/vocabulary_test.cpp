// The vocabulary is data (importers/mappings/units.json): lab analytes with their aliases and
// units, grade scales, values a kind does not take; and a lenient import loses rows, never files.
#include <catch2/catch.hpp>

#include "direct_import.h"
#include "importers/importer.h"
#include "importers/long_decoder.h"
#include "memory_store.h"
#include "test_files.h"

using namespace dayzero::importers;
using namespace dayzero::importers::testing;
using dayzero::importers::testing::long_job;
using dayzero::importers::testing::MemoryStore;
using dayzero::importers::testing::ScratchDir;
using dayzero::store::EventKind;

namespace {

const std::string kHeader = "patient_id,day,time,kind,code,value,unit,note\n";

DecodedFile decode(const ScratchDir& dir, const std::string& rows) {
    return decode_long_csv(dir.write("rows.csv", kHeader + rows));
}

}  // namespace

TEST_CASE("vocabulary: lab analytes are known by their aliases; unknown ones are errors") {
    ScratchDir dir;
    auto file = decode(dir,
                       "P1,1,,lab,IL-6,12,pg/mL,\n"
                       "P1,2,,lab,il 6,0.5,ng/mL,\n"
                       "P1,3,,lab,Interleukin 6,30,ng/L,\n"
                       "P1,4,,lab,ZZTOP,3,furlongs,\n"
                       "P1,5,,lab,CRP,3,furlongs,\n");
    REQUIRE(file.events.size() == 3);
    for (const auto& e : file.events) {
        CHECK(e.code == "IL6");
        CHECK(e.unit == "pg/mL");
    }
    CHECK(*file.events[1].value == 500.0);
    REQUIRE(file.errors.size() == 2);
    CHECK(file.errors[0].line == 5);
    CHECK(file.errors[0].field == "code");
    CHECK(file.errors[0].message.rfind("unknown lab analyte", 0) == 0);
    CHECK(file.errors[1].line == 6);
    CHECK(file.errors[1].field == "unit");
    CHECK(file.errors[1].message == "unknown unit for 'lab CRP'");
}

TEST_CASE("vocabulary: censored results land in the analyte's canonical unit") {
    ScratchDir dir;
    auto file = decode(dir,
                       "P1,1,,lab,CREAT,80,umol/L,\n"
                       "P1,2,,lab,CREAT,<0.2,mg/dL,\n");
    REQUIRE(file.ok());
    REQUIRE(file.events.size() == 2);
    CHECK(file.events[1].unit == "umol/L");
    CHECK(*file.events[1].value == Approx(0.2 * 88.42));
    CHECK(file.events[1].text == "<0.2");
    CHECK(file.events[1].original == "<0.2 mg/dL");
}

TEST_CASE("vocabulary: grade kinds accept the grading scale as unit, or none") {
    ScratchDir dir;
    auto file = decode(dir,
                       "P1,3,,infection,pneumonia,3,CTCAE,\n"
                       "P1,4,,infection,sepsis,4,ctcae grade,\n"
                       "P1,5,,icans,,2,ASTCT grade,\n"
                       "P1,6,,icans,,1,,\n"
                       "P1,7,,icans,,1,grade,\n");
    INFO((file.errors.empty() ? "" : file.errors.front().to_string()));
    REQUIRE(file.ok());
    REQUIRE(file.events.size() == 5);
    for (const auto& e : file.events)
        CHECK(e.unit.empty());
    CHECK(*file.events[0].value == 3);
}

TEST_CASE("vocabulary: a value a kind does not take is kept as written and counted") {
    ScratchDir dir;
    auto file = decode(dir,
                       "P1,2,,hypotension_fluids,,20,mL/kg,bolus\n"
                       "P1,3,,vasopressor_stop,norepinephrine,0.05,mcg/kg/min,\n");
    REQUIRE(file.ok());
    REQUIRE(file.events.size() == 2);
    CHECK(file.events[0].kind == EventKind::kHypotensionFluids);
    CHECK_FALSE(file.events[0].value.has_value());
    CHECK(file.events[0].original == "20 mL/kg");
    CHECK(file.events[1].original == "0.05 mcg/kg/min");
    REQUIRE(file.warnings.size() == 2);
    CHECK(file.warnings[0].message ==
          "kind 'hypotension_fluids' takes no value: '20 mL/kg' kept in the event's original text");
}

TEST_CASE(
    "vocabulary: lenient mode rejects a value that overflows after conversion, not the file") {
    ScratchDir dir;
    MemoryStore store;
    ImportOptions options;
    options.lenient = true;
    DirectImporter importer(store, options);
    const std::string path = dir.write("overflow.csv", kHeader +
                                                           "P1,1,,lab,IL6,12,pg/mL,\n"
                                                           "P1,2,,lab,IL6,1e308,ng/mL,\n"
                                                           "P1,3,,lab,IL6,40,pg/mL,\n");
    auto report = importer.import(long_job(path));
    INFO(report.message);
    REQUIRE(report.outcome == FileOutcome::kImported);
    CHECK(report.events_appended == 2);
    CHECK(report.rows_rejected == 1);
    REQUIRE(report.errors.size() == 1);
    CHECK(report.errors[0].line == 3);
    CHECK(report.errors[0].message.rfind("too large", 0) == 0);
    CHECK(store.events().size() == 2);
}

TEST_CASE("vocabulary: lenient mode keeps an unknown analyte as written with a counted warning") {
    ScratchDir dir;
    const std::string rows =
        "P1,1,,lab,IL-6,12,pg/mL,\n"
        "P1,4,,lab,ZZTOP,3,furlongs,\n"
        "P1,5,,lab,zztop,4,furlongs,\n"
        "P1,6,,lab,CRP,3,furlongs,\n";
    const std::string path = dir.write("unknown.csv", kHeader + rows);
    SECTION("strict: the unknown analyte is an error and nothing is written") {
        MemoryStore store;
        DirectImporter importer(store, ImportOptions{});
        auto report = importer.import(long_job(path));
        CHECK(report.outcome != FileOutcome::kImported);
        CHECK(store.events().empty());
    }
    SECTION("lenient: kept as written and warned; a known analyte's unknown unit still rejected") {
        MemoryStore store;
        ImportOptions options;
        options.lenient = true;
        DirectImporter importer(store, options);
        auto report = importer.import(long_job(path));
        INFO(report.message);
        REQUIRE(report.outcome == FileOutcome::kImported);
        CHECK(report.events_appended == 3);
        CHECK(report.rows_rejected == 1);
        REQUIRE(report.errors.size() == 1);
        CHECK(report.errors[0].line == 5);
        CHECK(report.errors[0].message == "unknown unit for 'lab CRP'");
        REQUIRE(report.warnings.size() == 2);
        for (const auto& w : report.warnings) {
            CHECK(w.field == "code");
            CHECK(w.message.rfind("unknown lab analyte", 0) == 0);
            CHECK(w.message.find("imported as written ('ZZTOP', unit 'furlongs')") !=
                  std::string::npos);
        }
        REQUIRE(store.events().size() == 3);
        CHECK(store.events()[1].code == "ZZTOP");
        CHECK(store.events()[1].unit == "furlongs");
        CHECK(*store.events()[1].value == 3.0);
        CHECK(store.events()[2].code == "ZZTOP");
    }
}
