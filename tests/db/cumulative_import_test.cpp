// Cumulative imports by content (docs/IMPORT.md, "Cumulative imports"): rows the store already
// holds are not written again whatever the file's bytes; a changed value is an error in strict
// mode, a rejected row in lenient mode, and an amendment with --corrections.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "db/database.h"

using namespace dayzero;

namespace {

class TempDir {
  public:
    TempDir() {
        std::random_device rd;
        path_ = std::filesystem::temp_directory_path() /
                ("dz_cumulative_" + std::to_string(rd()) + std::to_string(rd()));
        std::filesystem::create_directories(path_);
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    std::string store() const { return (path_ / "s.db").string(); }
    // Writes `text` byte for byte to `name` and returns its path.
    std::string write(const std::string& name, const std::string& text) const {
        const auto path = (path_ / name).string();
        std::ofstream(path, std::ios::binary) << text;
        return path;
    }

  private:
    std::filesystem::path path_;
};

const std::string kHeader = "patient_id,day,time,kind,code,value,unit,note\n";
// A site's export at the end of month 1: two patients' first days.
const std::string kMonth1Rows =
    "S01,-1,,baseline,weight_kg,70,kg,\n"
    "S01,0,10:30,infusion,tisagenlecleucel,3.1,10^6 cells/kg,\n"
    "S01,1,08:00,temp,,38.4,C,\n"
    "S01,1,20:00,temp,,101.3,F,\n"
    "S01,2,,dose,dexamethasone,10,mg,\n"
    "S01,2,,dose,dexamethasone,10,mg,\n"
    "S02,-1,,baseline,weight_kg,81,kg,\n"
    "S02,0,09:00,infusion,tisagenlecleucel,2.5,10^6 cells/kg,\n"
    "S02,1,,lab,IL6,<2,pg/mL,below LLOQ\n";
// Month 2 adds these rows to everything above.
const std::string kMonth2Rows =
    "S01,3,06:00,temp,,37.2,C,\n"
    "S02,2,07:00,temp,,39.1,C,\n"
    "S02,2,12:00,sbp,,85,mmHg,\n";
// Month 3 adds these, and changes S02's day-2 temperature (39.1 -> 39.6).
const std::string kMonth3Rows =
    "S01,28,,response,CR_MRD_NEG,,,\n"
    "S02,28,,response,PR,,,\n";

db::DatabaseOptions writer_options() {
    db::DatabaseOptions options;
    options.author = "dm.jones";
    options.fixed_clock_us = 1'780'000'000'000'000;
    return options;
}

struct Run {
    importers::RunSummary summary;
    std::string out;
    std::string err;
};

Run import(db::Database& database, const std::string& path, importers::ImportOptions import = {}) {
    importers::RunOptions options;
    options.import = std::move(import);
    std::ostringstream out, err;
    Run run;
    run.summary = database.import({path}, options, out, err);
    run.out = out.str();
    run.err = err.str();
    return run;
}

std::unique_ptr<db::Database> open(const std::string& path) {
    auto opened = db::Database::open(path, writer_options());
    REQUIRE(opened.is_ok());
    return std::move(opened).value();
}

// The values of `kind` in the patient's current timeline, in timeline order.
std::vector<double> values_of(const store::EventStore& store, const std::string& patient,
                              store::EventKind kind) {
    std::vector<double> values;
    auto timeline = store.timeline(patient);
    REQUIRE(timeline.is_ok());
    for (const auto& e : timeline.value())
        if (e.kind == kind && e.value) values.push_back(*e.value);
    return values;
}

std::string month3_text() {
    std::string month2 = kMonth1Rows + kMonth2Rows;
    const std::string old_row = "S02,2,07:00,temp,,39.1,C,\n";
    month2.replace(month2.find(old_row), old_row.size(), "S02,2,07:00,temp,,39.6,C,\n");
    return kHeader + month2 + kMonth3Rows;
}

}  // namespace

TEST_CASE("cumulative exports: each month adds only its new rows") {
    TempDir dir;
    auto database = open(dir.store());
    auto first = import(*database, dir.write("month1.csv", kHeader + kMonth1Rows));
    INFO(first.err);
    REQUIRE(first.summary.ok);
    CHECK(database->store().last_seq() == 9);

    auto second = import(*database, dir.write("month2.csv", kHeader + kMonth1Rows + kMonth2Rows));
    INFO(second.err);
    REQUIRE(second.summary.ok);
    CHECK(second.summary.events_appended == 3);
    CHECK(second.summary.rows_already_stored == 9);
    CHECK(second.out.find("imported 3 events from 12 rows") != std::string::npos);
    CHECK(second.out.find("(rows: 3 imported, 9 already in the store, 0 skipped by the mapping, 0 "
                          "skipped by data rules, 0 rejected; 1 warnings)") != std::string::npos);
    CHECK(database->store().last_seq() == 12);

    // Month 3 changes a stored value: strict mode stops with the old and new values.
    const std::string month3 = dir.write("month3.csv", month3_text());
    auto third = import(*database, month3);
    CHECK_FALSE(third.summary.ok);
    // The problem names the column the new value is in (6: `value`).
    CHECK(third.err.find("month3.csv:12:6: changes the stored temp of patient 'S02' on day 2 at "
                         "07:00 from 39.1 C to 39.6 C (event 11); to correct it import with "
                         "--corrections --reason '...' or run amend 11") != std::string::npos);
    CHECK(third.err.find("(field 'value', value '39.6 C')") != std::string::npos);
    CHECK(database->store().last_seq() == 12);
    CHECK(values_of(database->store(), "S02", store::EventKind::kTemp) ==
          std::vector<double>{39.1});

    // With --corrections the change is an amendment and the new rows are added.
    importers::ImportOptions corrections;
    corrections.corrections = true;
    corrections.reason = "site corrected the day-2 temperature";
    auto amended = import(*database, month3, corrections);
    INFO(amended.err);
    REQUIRE(amended.summary.ok);
    CHECK(amended.summary.events_appended == 3);  // two responses and the amendment
    CHECK(amended.summary.events_amended == 1);
    CHECK(amended.summary.rows_already_stored == 11);
    CHECK(database->store().last_seq() == 15);
    CHECK(values_of(database->store(), "S02", store::EventKind::kTemp) ==
          std::vector<double>{39.6});
    auto amendment = database->store().event(15);
    REQUIRE(amendment.is_ok());
    CHECK(amendment->correction == store::Correction::kAmend);
    CHECK(amendment->target_seq == 11);
    CHECK(amendment->reason == "site corrected the day-2 temperature");
    CHECK(amendment->source_line == 12);

    // The same month-3 export again: everything is there (the amended value included).
    auto again = import(*database, dir.write("month3_again.csv", month3_text() + "\n"));
    INFO(again.err);
    REQUIRE(again.summary.ok);
    CHECK(again.summary.events_appended == 0);
    CHECK(again.out.find("nothing new (14 rows, 14 already in the store)") != std::string::npos);
    CHECK(database->store().last_seq() == 15);
    // And month 2, which still says 39.1 (the value before the amendment): nothing new either.
    auto old = import(*database,
                      dir.write("month2_late.csv", kHeader + kMonth1Rows + kMonth2Rows + "\n\n"));
    INFO(old.err);
    REQUIRE(old.summary.ok);
    CHECK(database->store().last_seq() == 15);
}

TEST_CASE("cumulative exports: a re-save with CRLF, BOM, quotes, other column and row order") {
    TempDir dir;
    auto database = open(dir.store());
    REQUIRE(import(*database, dir.write("month1.csv", kHeader + kMonth1Rows)).summary.ok);
    REQUIRE(database->store().last_seq() == 9);
    const std::string resaved =
        "\xEF\xBB\xBF"
        "kind,patient_id,day,time,code,value,unit,note\r\n"
        "\"lab\",\"S02\",1,,\"IL6\",\"<2\",\"pg/mL\",\"below LLOQ\"\r\n"
        "infusion,S02,0,09:00,tisagenlecleucel,2.50,10^6 cells/kg,\r\n"
        "baseline,S02,-1,,weight_kg,81.0,kg,\r\n"
        "dose,S01,2,,dexamethasone,10,mg,\r\n"
        "dose,S01,2,,dexamethasone,10,mg,\r\n"
        "temp,S01,1,20:00,,101.3,F,\r\n"
        "temp,S01,1,08:00,,38.4,C,\r\n"
        "infusion,S01,0,10:30,tisagenlecleucel,3.1,10^6 cells/kg,\r\n"
        "baseline,S01,-1,,weight_kg,70,kg,\r\n";
    auto run = import(*database, dir.write("month1_resaved.csv", resaved));
    INFO(run.err);
    REQUIRE(run.summary.ok);
    CHECK(run.summary.events_appended == 0);
    CHECK(run.summary.rows_already_stored == 9);
    CHECK(run.out.find("nothing new (9 rows, 9 already in the store)") != std::string::npos);
    CHECK(database->store().last_seq() == 9);
}

TEST_CASE("cumulative exports: identical rows count one by one; --force repeats deliberately") {
    TempDir dir;
    auto database = open(dir.store());
    REQUIRE(import(*database, dir.write("month1.csv", kHeader + kMonth1Rows)).summary.ok);
    // The export now lists the untimed dexamethasone dose three times: one more dose.
    auto third_dose = import(*database, dir.write("more.csv", kHeader + kMonth1Rows +
                                                                  "S01,2,,dose,dexamethasone,10,"
                                                                  "mg,\n"));
    INFO(third_dose.err);
    REQUIRE(third_dose.summary.ok);
    CHECK(third_dose.summary.events_appended == 1);
    CHECK(values_of(database->store(), "S01", store::EventKind::kDose).size() == 3);
    // --force writes every row again.
    importers::ImportOptions force;
    force.force = true;
    auto forced = import(*database, dir.write("month1_copy.csv", kHeader + kMonth1Rows), force);
    INFO(forced.err);
    REQUIRE(forced.summary.ok);
    CHECK(forced.summary.events_appended == 9);
    CHECK(database->store().last_seq() == 19);
}

TEST_CASE("cumulative exports: a dose per kg changed by a new weight says the weight changed") {
    TempDir dir;
    auto database = open(dir.store());
    const std::string rows =
        "P1,0,,infusion,tisagenlecleucel,3.1,10^6 cells/kg,\n"
        "P1,-1,,baseline,weight_kg,70,kg,\n"
        "P1,3,06:15,dose,tocilizumab,8,mg/kg,\n";
    REQUIRE(import(*database, dir.write("m1.csv", kHeader + rows)).summary.ok);
    // The dose row is the same; a weight of 80 kg on day 2 converts it to 640 mg.
    auto second = import(*database,
                         dir.write("m2.csv", kHeader + rows + "P1,2,,baseline,weight_kg,80,kg,\n"));
    INFO(second.err);
    CHECK_FALSE(second.summary.ok);
    CHECK(second.err.find("from 560 mg to 640 mg (event 3): the row still says 8 mg/kg, converted "
                          "with another weight_kg or bsa_m2 of its day;") != std::string::npos);
}

TEST_CASE("cumulative exports: lenient mode rejects a changing row and imports the rest") {
    TempDir dir;
    auto database = open(dir.store());
    REQUIRE(
        import(*database, dir.write("month2.csv", kHeader + kMonth1Rows + kMonth2Rows)).summary.ok);
    REQUIRE(database->store().last_seq() == 12);
    importers::ImportOptions lenient;
    lenient.lenient = true;
    const std::string path = dir.write("month3.csv", month3_text());
    auto run = import(*database, path, lenient);
    INFO(run.err);
    REQUIRE(run.summary.ok);
    CHECK(run.summary.events_appended == 2);
    CHECK(run.summary.rows_rejected == 1);
    CHECK(database->store().last_seq() == 14);
    CHECK(values_of(database->store(), "S02", store::EventKind::kTemp) ==
          std::vector<double>{39.1});
    std::ifstream rejects(path + ".rejects.csv");
    std::stringstream text;
    text << rejects.rdbuf();
    CHECK(text.str().find("S02,2,07:00,temp,,39.6,C,") != std::string::npos);
}
