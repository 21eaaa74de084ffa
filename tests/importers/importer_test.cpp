// The Importer: strict all-or-nothing, lenient with a rejects file, exactly once, chunking.
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <sstream>

#include "direct_import.h"
#include "importers/importer.h"
#include "importers/long_decoder.h"
#include "importers/rejects_writer.h"
#include "memory_store.h"
#include "test_files.h"

using namespace dayzero::importers;
using namespace dayzero::importers::testing;
using dayzero::importers::testing::long_job;
using dayzero::importers::testing::MemoryStore;
using dayzero::importers::testing::read_text;
using dayzero::importers::testing::ScratchDir;

TEST_CASE("importer: a good file becomes one transaction with sources and lines") {
    ScratchDir dir;
    MemoryStore store;
    ImportOptions options;
    options.reason = "initial load";
    DirectImporter importer(store, options);
    auto report = importer.import(long_job(dir.copy("long/cohort_small.csv")));
    INFO(report.message);
    REQUIRE(report.outcome == FileOutcome::kImported);
    CHECK(report.events_appended == 14);
    CHECK(report.rows_read == 14);
    CHECK(report.warning_count == 1);
    CHECK(store.appends() == 1);
    REQUIRE(report.transaction.has_value());
    CHECK(report.transaction->reason == "initial load");
    CHECK(report.source.rfind("sha256:", 0) == 0);
    CHECK(report.source.size() == 7 + 64);
    for (const auto& event : store.events()) {
        CHECK(event.source == report.source);
        CHECK(event.source_line >= 2);
    }
    CHECK(store.events()[5].value.value() == Approx(560.0));
}

TEST_CASE("importer: strict mode writes nothing when any row is bad") {
    ScratchDir dir;
    MemoryStore store;
    DirectImporter importer(store, {});
    const std::string path = dir.copy("long/bad_rows.csv");
    auto report = importer.import(long_job(path));
    CHECK(report.outcome == FileOutcome::kRejected);
    CHECK(report.error_count == 11);
    CHECK(report.rows_rejected == 11);
    CHECK(report.errors.size() == 11);
    CHECK(report.errors.front().to_string().rfind(path + ":3:2: day is not a whole number", 0) ==
          0);
    CHECK(store.events().empty());
    CHECK(store.appends() == 0);
    CHECK(store.last_seq() == 0);
    CHECK_FALSE(std::filesystem::exists(RejectsWriter::path_for(path)));
}

TEST_CASE("importer: the problem list is capped but every problem is counted") {
    ScratchDir dir;
    MemoryStore store;
    ImportOptions options;
    options.max_problems = 3;
    DirectImporter importer(store, options);
    auto report = importer.import(long_job(dir.copy("long/bad_rows.csv")));
    CHECK(report.errors.size() == 3);
    CHECK(report.error_count == 11);
}

TEST_CASE("importer: lenient mode writes good rows and rejects bad ones with reasons") {
    ScratchDir dir;
    MemoryStore store;
    ImportOptions options;
    options.lenient = true;
    DirectImporter importer(store, options);
    const std::string path = dir.copy("long/bad_rows.csv");
    auto report = importer.import(long_job(path));
    REQUIRE(report.outcome == FileOutcome::kImported);
    CHECK(report.events_appended == 1);
    CHECK(report.rows_rejected == 11);
    CHECK(report.rejects_path == path + ".rejects.csv");
    const std::string rejects = read_text(report.rejects_path);
    CHECK(rejects.rfind(
              "reject_line,reject_reason,patient_id,day,time,kind,code,value,unit,note\r\n", 0) ==
          0);
    CHECK(rejects.find("\r\n3,day is not a whole number (day),P001,x1,,temp,,38.5,C,\r\n") !=
          std::string::npos);
    CHECK(rejects.find("\r\n10,patient_id is missing (patient_id),,1,,temp,,38.5,C,\r\n") !=
          std::string::npos);
    size_t lines = 0;
    for (char c : rejects)
        lines += c == '\n' ? 1 : 0;
    CHECK(lines == 12);
    CHECK(store.events().at(0).source_line == 2);
}

TEST_CASE("importer: importing the same content twice is a no-op that says so") {
    ScratchDir dir;
    MemoryStore store;
    DirectImporter importer(store, {});
    const std::string path = dir.copy("long/cohort_small.csv");
    auto first = importer.import(long_job(path));
    REQUIRE(first.outcome == FileOutcome::kImported);
    // The same bytes under another name are the same file.
    const std::string renamed = dir.write("renamed.csv", read_text(path));
    auto second = importer.import(long_job(renamed));
    CHECK(second.outcome == FileOutcome::kAlreadyImported);
    REQUIRE(second.transaction.has_value());
    CHECK(second.transaction->tx == first.transaction->tx);
    CHECK(store.events().size() == 14);
    CHECK(store.appends() == 1);

    ImportOptions force;
    force.force = true;
    DirectImporter forced(store, force);
    auto third = forced.import(long_job(path));
    CHECK(third.outcome == FileOutcome::kImported);
    CHECK(store.events().size() == 28);
}

TEST_CASE("importer: weights already in the store convert mg/kg doses") {
    ScratchDir dir;
    MemoryStore store;
    DirectImporter importer(store, {});
    const std::string doses = dir.copy("long/mgkg_no_weight.csv");
    CHECK(importer.import(long_job(doses)).outcome == FileOutcome::kRejected);
    const std::string weights =
        dir.write("weights.csv",
                  "patient_id,day,kind,code,value,unit\nP9,-3,baseline,weight_kg,"
                  "154,lb\n");
    REQUIRE(importer.import(long_job(weights)).outcome == FileOutcome::kImported);
    auto report = importer.import(long_job(doses));
    REQUIRE(report.outcome == FileOutcome::kImported);
    CHECK(store.events().at(1).value.value() == Approx(8 * 154 * 0.45359237));
}

TEST_CASE("importer: small chunks give the same single transaction") {
    ScratchDir dir;
    MemoryStore store;
    ImportOptions options;
    options.chunk_events = 2;
    DirectImporter importer(store, options);
    auto report = importer.import(long_job(dir.copy("long/cohort_small.csv")));
    REQUIRE(report.outcome == FileOutcome::kImported);
    CHECK(store.appends() == 1);
    CHECK(store.events().size() == 14);
}

TEST_CASE("importer: a header-only file has nothing to import and writes nothing") {
    ScratchDir dir;
    MemoryStore store;
    DirectImporter importer(store, {});
    auto report = importer.import(long_job(dir.write("empty.csv", "patient_id,day,kind\n")));
    CHECK(report.outcome == FileOutcome::kNothingToImport);
    CHECK(store.appends() == 0);
}

TEST_CASE("importer: a missing file fails with its path") {
    MemoryStore store;
    DirectImporter importer(store, {});
    auto report = importer.import(long_job("/nonexistent/events.csv"));
    CHECK(report.outcome == FileOutcome::kFailed);
    CHECK(report.message.find("/nonexistent/events.csv") != std::string::npos);
}

TEST_CASE("importer: an unterminated quote rejects the file even in lenient mode") {
    ScratchDir dir;
    MemoryStore store;
    ImportOptions options;
    options.lenient = true;
    DirectImporter importer(store, options);
    auto report = importer.import(long_job(dir.copy("long/unterminated.csv")));
    CHECK(report.outcome == FileOutcome::kRejected);
    CHECK(store.appends() == 0);
}

TEST_CASE("importer: a mg/kg dose does not depend on where the weights are in the file") {
    // The weight on or before the dose's day (70 kg on day -2), never the one read first (80 kg
    // on day 10): a weight read after a dose it changes starts the file over in two passes.
    const std::string header = "patient_id,day,time,kind,code,value,unit,note\n";
    const std::string later_weight = "P1,10,,baseline,weight_kg,80,kg,\n";
    const std::string dose = "P1,5,,dose,tocilizumab,8,mg/kg,\n";
    const std::string earlier_weight = "P1,-2,,baseline,weight_kg,70,kg,\n";
    for (const std::string& rows :
         {later_weight + dose + earlier_weight, earlier_weight + dose + later_weight,
          dose + later_weight + earlier_weight}) {
        INFO(rows);
        ScratchDir dir;
        const std::string path = dir.write("doses.csv", header + rows);
        auto decoded = decode_long_csv(path);
        REQUIRE(decoded.ok());
        MemoryStore store;
        ImportOptions options;
        options.chunk_events = 1;  // the dose's chunk is staged before the weight that changes it
        DirectImporter importer(store, options);
        auto report = importer.import(long_job(path));
        INFO(report.message);
        REQUIRE(report.outcome == FileOutcome::kImported);
        CHECK(store.events().size() == 3);
        using Events = std::vector<dayzero::store::Event>;
        for (const Events* events :
             {static_cast<const Events*>(&decoded.events), &store.events()}) {
            auto toci = std::find_if(events->begin(), events->end(),
                                     [](const auto& e) { return e.code == "tocilizumab"; });
            REQUIRE(toci != events->end());
            CHECK(*toci->value == Approx(560.0));
        }
    }
}

TEST_CASE("importer: an empty folder and a file that is not a regular one are refused") {
    ScratchDir dir;
    MemoryStore store;
    const std::string empty = (dir.path() / "empty").string();
    std::filesystem::create_directories(empty);
    dir.write("empty/notes.txt", "not a csv");
    std::ostringstream out, err;
    auto summary = run_direct_import(store, {empty}, {}, out, err);
    CHECK_FALSE(summary.ok);
    CHECK(err.str().find("dayzero import: no .csv files in " + empty) != std::string::npos);

    // A FIFO with no writer: opening it to read would wait for ever.
    const std::string fifo = (dir.path() / "rows.csv").string();
    REQUIRE(mkfifo(fifo.c_str(), 0600) == 0);
    std::ostringstream out2, err2;
    auto piped = run_direct_import(store, {fifo}, {}, out2, err2);
    CHECK_FALSE(piped.ok);
    CHECK(err2.str().find(fifo + ":0:0: not a regular file (a pipe, device or socket)") !=
          std::string::npos);
    CHECK(store.appends() == 0);
}
