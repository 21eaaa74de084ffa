// The Importer against the real RocksDB store: one transaction per file, exactly once, and a
// strict failure leaves the store byte-for-byte where it was (same last sequence and tx).
#include <catch2/catch.hpp>

#include "direct_import.h"
#include "importers/decoder_support.h"
#include "importers/import_runner.h"
#include "store/event_store.h"
#include "test_files.h"

#include <filesystem>
#include <map>
#include <sstream>

using namespace dayzero::importers;
using namespace dayzero::importers::testing;
using dayzero::importers::testing::ScratchDir;

TEST_CASE("store: strict failure changes nothing, good file is one transaction, re-import no-op") {
    ScratchDir dir;
    auto opened = dayzero::store::EventStore::open((dir.path() / "db").string());
    REQUIRE(opened.is_ok());
    auto& store = *opened.value();

    RunOptions options;
    std::ostringstream out, err;
    auto bad = run_direct_import(store, {dir.copy("long/bad_rows.csv")}, options, out, err);
    CHECK_FALSE(bad.ok);
    CHECK(store.last_seq() == 0);
    CHECK(store.last_tx() == 0);
    CHECK(err.str().find("bad_rows.csv:3:2: day is not a whole number") != std::string::npos);

    const std::string good = dir.copy("long/cohort_small.csv");
    auto first = run_direct_import(store, {good}, options, out, err);
    INFO(err.str());
    REQUIRE(first.ok);
    CHECK(first.events_appended == 14);
    CHECK(store.last_tx() == 1);
    CHECK(store.last_seq() == 14);
    auto timeline = store.timeline("P001");
    REQUIRE(timeline.is_ok());
    bool toci = false;
    for (const auto& event : timeline.value()) {
        CHECK(event.source == first.reports[0].source);
        if (event.code == "tocilizumab") {
            toci = true;
            CHECK(event.value.value() == Approx(560.0));
            CHECK(event.original == "8 mg/kg");
            CHECK(event.source_line == 7);
        }
    }
    CHECK(toci);

    std::ostringstream again;
    auto second = run_direct_import(store, {good}, options, again, err);
    CHECK(second.ok);
    CHECK(second.events_appended == 0);
    CHECK(again.str().find("already imported in transaction 1") != std::string::npos);
    CHECK(store.last_seq() == 14);
}

TEST_CASE("store: an SDTM folder imports one transaction per domain file") {
    ScratchDir dir;
    auto opened = dayzero::store::EventStore::open((dir.path() / "db").string());
    REQUIRE(opened.is_ok());
    auto& store = *opened.value();
    RunOptions options;
    options.mapping =
        (dayzero::importers::testing::data_dir() / "sdtm/cohort_mapping.json").string();
    std::ostringstream out, err;
    auto summary = run_direct_import(store, {dir.copy("sdtm/cohort")}, options, out, err);
    INFO(err.str() << out.str());
    REQUIRE(summary.ok);
    CHECK(summary.events_appended == 33);
    CHECK(store.last_seq() == 33);
    CHECK(store.last_tx() == 9);
    auto patients = store.patients();
    REQUIRE(patients.is_ok());
    CHECK(patients.value() == std::vector<std::string>{"STUDY1-001", "STUDY1-002"});
}

TEST_CASE("store: a strict error after several staged chunks leaves the store as it was") {
    ScratchDir dir;
    auto opened = dayzero::store::EventStore::open((dir.path() / "db").string());
    REQUIRE(opened.is_ok());
    auto& store = *opened.value();
    std::string text = "patient_id,day,time,kind,code,value,unit,note\n";
    for (int day = 0; day < 40; ++day)
        text += "P1," + std::to_string(day) + ",08:00,temp,,37.5,C,\n";
    const std::string bad = dir.write("late_error.csv", text + "P1,41,08:00,temp,,99,C,\n");
    RunOptions options;
    options.import.chunk_events = 4;  // ten chunks are staged before the bad row is read
    std::ostringstream out, err;
    auto failed = run_direct_import(store, {bad}, options, out, err);
    CHECK_FALSE(failed.ok);
    CHECK(err.str().find("late_error.csv:42:6: ") != std::string::npos);
    CHECK(store.last_seq() == 0);
    CHECK(store.last_tx() == 0);
    // P1 was first seen in the failed import: the store does not know the patient at all (its
    // name is written by the final batch), so nothing of the staged chunks can be read.
    CHECK(store.timeline("P1").status().code() == dayzero::store::StatusCode::kNotFound);
    CHECK(store.patients().value().empty());
    CHECK(store.verify().ok);

    const std::string good = dir.write("good.csv", text);
    auto imported = run_direct_import(store, {good}, options, out, err);
    INFO(err.str());
    REQUIRE(imported.ok);
    CHECK(imported.events_appended == 40);
    CHECK(store.last_tx() == 1);
    CHECK(store.last_seq() == 40);
    auto timeline = store.timeline("P1");
    REQUIRE(timeline.is_ok());
    CHECK(timeline->size() == 40);
    CHECK(store.verify().ok);
}

TEST_CASE("store: a file imported before is refused with every file of the store unchanged") {
    // The digest is computed beside the first chunks, which the store already stages: whichever
    // chunk the verdict arrives at, the refused file leaves no byte behind. Groups of two chunks
    // make the store want to write early, so the verdict is waited for before that write.
    ScratchDir dir;
    const std::string path = (dir.path() / "db").string();
    dayzero::store::OpenOptions open_options;
    open_options.staged_table_events = 8;
    auto opened = dayzero::store::EventStore::open(path, open_options);
    REQUIRE(opened.is_ok());
    auto& store = *opened.value();
    std::string text = "patient_id,day,time,kind,code,value,unit,note\n";
    for (int row = 0; row < 4000; ++row) {
        text += "P" + std::to_string(row % 7) + "," + std::to_string(row % 28) + ",0" +
                std::to_string(row % 10) + ":00,temp,,37.5,C,\n";
    }
    const std::string file = dir.write("big.csv", text);
    RunOptions options;
    options.import.chunk_events = 4;
    std::ostringstream out, err;
    auto first = run_direct_import(store, {file}, options, out, err);
    INFO(err.str());
    REQUIRE(first.ok);
    REQUIRE(store.last_seq() == 4000);
    auto files = [&] {
        std::map<std::string, uintmax_t> sizes;
        for (const auto& entry : std::filesystem::directory_iterator(path)) {
            if (entry.is_regular_file())
                sizes[entry.path().filename().string()] = entry.file_size();
        }
        return sizes;
    };
    const auto before = files();
    for (int attempt = 0; attempt < 5; ++attempt) {
        std::ostringstream again;
        auto second = run_direct_import(store, {file}, options, again, err);
        CHECK(second.ok);
        CHECK(second.events_appended == 0);
        CHECK(again.str().find("already imported in transaction 1") != std::string::npos);
        CHECK(files() == before);
    }
    CHECK(store.last_tx() == 1);
    CHECK(store.verify().ok);
}

namespace {

// A study of one subject: DM, EX with the CAR-T infusion and a tocilizumab dose of 560 mg on day 3
// at 06:15 (line 3), and a CM of `cm_rows`; returns its folder.
std::filesystem::path write_dose_study(ScratchDir& dir, const std::string& cm_rows) {
    const auto folder = dir.path() / "study";
    std::filesystem::create_directories(folder);
    dir.write("study/dm.csv",
              "STUDYID,DOMAIN,USUBJID,AGE,AGEU,SEX\n"
              "S,DM,S-1,54,YEARS,M\n");
    dir.write("study/ex.csv",
              "STUDYID,DOMAIN,USUBJID,EXTRT,EXDOSE,EXDOSU,EXSTDTC\n"
              "S,EX,S-1,TISAGENLECLEUCEL,3.1,10^6 cells/kg,2021-03-10T10:30\n"
              "S,EX,S-1,TOCILIZUMAB,560,mg,2021-03-13T06:15\n");
    dir.write("study/cm.csv",
              "STUDYID,DOMAIN,USUBJID,CMTRT,CMDOSE,CMDOSU,CMSTDTC,CMENDTC\n" + cm_rows);
    return folder;
}

}  // namespace

TEST_CASE(
    "store: a domain repeating an event an earlier domain of the same import wrote adds none") {
    // EX writes the tocilizumab dose first; CM, later in the same import, lists it again (and one
    // more dose). The repeat is already in the store, strict (validate all, then write each) or
    // lenient (one pass per file).
    for (const bool lenient : {false, true}) {
        ScratchDir dir;
        auto opened = dayzero::store::EventStore::open((dir.path() / "db").string());
        REQUIRE(opened.is_ok());
        auto& store = *opened.value();
        const auto folder = write_dose_study(dir,
                                             "S,CM,S-1,TOCILIZUMAB,560,mg,2021-03-13T06:15,\n"
                                             "S,CM,S-1,TOCILIZUMAB,560,mg,2021-03-14T06:15,\n");
        RunOptions options;
        options.import.lenient = lenient;
        std::ostringstream out, err;
        auto summary = run_direct_import(store, {folder.string()}, options, out, err);
        INFO(err.str() << out.str());
        REQUIRE(summary.ok);
        // Strict: validation, before EX was written, found nothing stored; the write pass did.
        CHECK(summary.rows_already_stored == 1);
        // Every row counted once: DM's one row, EX's two, CM's two (one new, one stored).
        CHECK(summary.rows_imported == 4);
        CHECK(summary.events_appended == 2 + 2 + 1);  // age and sex, EX's two rows, CM's new dose
        auto timeline = store.timeline("S-1");
        REQUIRE(timeline.is_ok());
        int doses = 0;
        for (const auto& event : timeline.value())
            doses += event.code == "tocilizumab" ? 1 : 0;
        CHECK(doses == 2);
    }
}

TEST_CASE("store: a strict study's file changing a value an earlier file of it wrote names both") {
    // Validation, before anything of the study was written, finds nothing stored; writing CM
    // after EX finds EX's dose with another value: CM is rejected, naming EX's file and line.
    ScratchDir dir;
    auto opened = dayzero::store::EventStore::open((dir.path() / "db").string());
    REQUIRE(opened.is_ok());
    auto& store = *opened.value();
    const auto folder = write_dose_study(dir, "S,CM,S-1,TOCILIZUMAB,800,mg,2021-03-13T06:15,\n");
    std::ostringstream out, err;
    auto summary = run_direct_import(store, {folder.string()}, RunOptions{}, out, err);
    INFO(err.str() << out.str());
    CHECK_FALSE(summary.ok);
    const std::string cm = (folder / "cm.csv").string();
    const std::string ex = (folder / "ex.csv").string();
    CHECK(err.str().find(cm +
                         ": line 2 gives the dose tocilizumab of patient 'S-1' on day 3 at "
                         "06:15 the value 800 mg, where " +
                         ex + " (line 3), written earlier in this import, gave 560 mg") !=
          std::string::npos);
    CHECK(err.str().find("changed while it was being imported") == std::string::npos);
    REQUIRE(summary.reports.size() == 3);
    CHECK(summary.reports.back().outcome == FileOutcome::kRejected);
    CHECK(store.last_tx() == 2);  // DM and EX were written before CM's pass found it
}

TEST_CASE("store: a strict study's file whose every row an earlier file wrote is nothing new") {
    // CM only repeats EX's dose: validation, before EX was written, expected an event; writing
    // finds it stored, so CM is "nothing new" with no transaction (the store takes no empty one).
    ScratchDir dir;
    auto opened = dayzero::store::EventStore::open((dir.path() / "db").string());
    REQUIRE(opened.is_ok());
    auto& store = *opened.value();
    const auto folder = write_dose_study(dir, "S,CM,S-1,TOCILIZUMAB,560,mg,2021-03-13T06:15,\n");
    std::ostringstream out, err;
    auto summary = run_direct_import(store, {folder.string()}, RunOptions{}, out, err);
    INFO(err.str() << out.str());
    CHECK(summary.ok);
    REQUIRE(summary.reports.size() == 3);
    const FileReport& cm = summary.reports.back();
    CHECK(cm.outcome == FileOutcome::kNothingToImport);
    CHECK(cm.rows_already_stored == 1);
    CHECK(rows_imported(cm) == 0);
    CHECK(out.str().find("cm.csv: nothing new (1 rows, 1 already in the store)") !=
          std::string::npos);
    CHECK(store.last_tx() == 2);  // DM and EX
}

TEST_CASE("store: the importers' longest patient id is the store's, and a longer one is a row") {
    // kMaxPatientIdBytes repeats the store's limit: an id of that length must be appended, and a
    // longer one rejected by its row (counted, in the rejects file) before the store sees it.
    ScratchDir dir;
    auto opened = dayzero::store::EventStore::open((dir.path() / "db").string());
    REQUIRE(opened.is_ok());
    auto& store = *opened.value();
    const std::string longest(kMaxPatientIdBytes, 'P');
    const std::string path = dir.write("ids.csv", "patient_id,day,kind,value\n" + longest +
                                                      ",1,temp,37\n" + longest + "X,1,temp,37\n");
    RunOptions options;
    options.import.lenient = true;
    std::ostringstream out, err;
    auto summary = run_direct_import(store, {path}, options, out, err);
    INFO(err.str());
    CHECK(summary.ok);
    CHECK(summary.events_appended == 1);
    CHECK(summary.rows_rejected == 1);
    CHECK(err.str().find("ids.csv:3:1: patient_id is longer than 256 bytes (257)") !=
          std::string::npos);
    auto timeline = store.timeline(longest);
    REQUIRE(timeline.is_ok());
    CHECK(timeline.value().size() == 1);
}
