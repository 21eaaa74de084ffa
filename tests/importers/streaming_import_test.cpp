// The single-pass import: chunks reach the store while the file is still being validated, a late
// strict error or an unreadable end calls the append off (nothing visible), and the report is the
// one the two-pass path gives. Files that need a later weight fall back to two passes.
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>

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

namespace {

// `good` temperature rows of patient P1 on days 0, 1, ...
std::string good_rows(int good, int first_day = 0) {
    std::string text;
    for (int i = 0; i < good; ++i)
        text += "P1," + std::to_string(first_day + i) + ",08:00,temp,,37.5,C,\n";
    return text;
}

const std::string kHeader = "patient_id,day,time,kind,code,value,unit,note\n";

std::vector<std::string> problem_lines(const FileReport& report) {
    std::vector<std::string> lines;
    for (const auto& problem : report.errors)
        lines.push_back(problem.to_string());
    return lines;
}

}  // namespace

TEST_CASE("streaming: a strict error after chunks were handed over writes nothing") {
    ScratchDir dir;
    const std::string path =
        dir.write("late_error.csv", kHeader + good_rows(20) + "P1,x,08:00,temp,,37.5,C,\n" +
                                        good_rows(5, 30) + "P1,40,08:00,temp,,99,C,\n");
    MemoryStore store;
    ImportOptions options;
    options.chunk_events = 2;
    DirectImporter streaming(store, options);
    const FileReport report = streaming.import(long_job(path));
    CHECK(report.outcome == FileOutcome::kRejected);
    CHECK(store.chunks_pulled() >= 2);  // the store saw chunks before the bad row was read
    CHECK(store.aborted_appends() == 1);
    CHECK(store.appends() == 0);
    CHECK(store.events().empty());
    CHECK_FALSE(std::filesystem::exists(RejectsWriter::path_for(path)));

    // The two-pass path (validate everything, then write) reports exactly the same.
    MemoryStore other;
    DirectImporter two_pass(other, options);
    const FileReport reference = two_pass.import_all({long_job(path)}, true).front();
    CHECK(reference.outcome == FileOutcome::kRejected);
    CHECK(other.chunks_pulled() == 0);
    CHECK(report.rows_read == 27);
    CHECK(report.rows_read == reference.rows_read);
    CHECK(report.rows_rejected == 2);
    CHECK(report.rows_rejected == reference.rows_rejected);
    CHECK(report.error_count == reference.error_count);
    CHECK(report.message == reference.message);
    CHECK(problem_lines(report) == problem_lines(reference));
    REQUIRE(report.errors.size() == 2);
    CHECK(report.errors[1].to_string().rfind(path + ":28:6: ", 0) == 0);
}

TEST_CASE("streaming: lenient with small chunks gives the events and rejects of one chunk") {
    ScratchDir dir;
    const std::string path = dir.copy("long/bad_rows.csv");
    std::vector<std::string> rejects;
    std::vector<std::vector<dayzero::store::Event>> events;
    for (size_t chunk : {size_t{1}, size_t{65536}}) {
        MemoryStore store;
        ImportOptions options;
        options.lenient = true;
        options.chunk_events = chunk;
        DirectImporter importer(store, options);
        const FileReport report = importer.import(long_job(path));
        REQUIRE(report.outcome == FileOutcome::kImported);
        CHECK(report.rows_rejected == 11);
        rejects.push_back(read_text(report.rejects_path));
        events.push_back(store.events());
    }
    CHECK(rejects[0] == rejects[1]);
    REQUIRE(events[0].size() == events[1].size());
    for (size_t i = 0; i < events[0].size(); ++i) {
        CHECK(events[0][i].patient_id == events[1][i].patient_id);
        CHECK(events[0][i].day == events[1][i].day);
        CHECK(events[0][i].source_line == events[1][i].source_line);
    }
}

TEST_CASE("streaming: a dose before the weight in the file falls back to two passes") {
    ScratchDir dir;
    const std::string path =
        dir.write("dose_first.csv", kHeader + "P7,1,10:00,dose,tocilizumab,8,mg/kg,\n" +
                                        good_rows(3) + "P7,-7,,baseline,weight_kg,50,kg,\n");
    MemoryStore store;
    ImportOptions options;
    options.chunk_events = 2;
    DirectImporter importer(store, options);
    const FileReport report = importer.import(long_job(path));
    INFO(report.message);
    REQUIRE(report.outcome == FileOutcome::kImported);
    CHECK(report.rows_read == 5);  // counted once, not once per attempt
    CHECK(report.events_appended == 5);
    CHECK(store.appends() == 1);
    REQUIRE(store.events().size() == 5);
    CHECK(store.events().front().value.value() == Approx(400.0));
}

TEST_CASE("streaming: an unreadable end of file calls the append off, even lenient") {
    ScratchDir dir;
    const std::string path = dir.write(
        "open_quote.csv", kHeader + good_rows(10) + "P1,20,08:00,temp,,37.5,C,\"never closed\n");
    MemoryStore store;
    ImportOptions options;
    options.lenient = true;
    options.chunk_events = 3;
    DirectImporter importer(store, options);
    const FileReport report = importer.import(long_job(path));
    CHECK(report.outcome == FileOutcome::kRejected);
    CHECK(report.message.find("cannot be read as a whole") != std::string::npos);
    CHECK(store.chunks_pulled() >= 2);
    CHECK(store.aborted_appends() == 1);
    CHECK(store.events().empty());
    CHECK_FALSE(std::filesystem::exists(RejectsWriter::path_for(path)));
}

TEST_CASE("streaming: a file imported before reports only that, though decoding had begun") {
    ScratchDir dir;
    // Rows with errors, so that a strict re-import's decoding stops at a bad row while the digest
    // is still being computed; the verdict must win over what the decoder found.
    const std::string path = dir.copy("long/bad_rows.csv");
    MemoryStore store;
    ImportOptions lenient;
    lenient.lenient = true;
    lenient.chunk_events = 2;
    const FileReport first = DirectImporter(store, lenient).import(long_job(path));
    REQUIRE(first.outcome == FileOutcome::kImported);
    const std::string rejects = read_text(first.rejects_path);
    REQUIRE_FALSE(rejects.empty());
    const size_t events = store.events().size();

    for (bool lenient_again : {false, true}) {
        INFO("lenient re-import: " << lenient_again);
        ImportOptions options;
        options.lenient = lenient_again;
        options.chunk_events = 2;
        const FileReport again = DirectImporter(store, options).import(long_job(path));
        CHECK(again.outcome == FileOutcome::kAlreadyImported);
        REQUIRE(again.transaction.has_value());
        CHECK(again.transaction->tx == first.transaction->tx);
        CHECK(again.source == first.source);
        CHECK(again.path == path);
        CHECK(again.rows_read == 0);
        CHECK(again.rows_rejected == 0);
        CHECK(again.error_count == 0);
        CHECK(again.errors.empty());
        CHECK(again.warnings.empty());
        CHECK(again.rejects_path.empty());
        CHECK(again.message.empty());
        // The earlier import's rejects file describes that import: left exactly as it was.
        CHECK(read_text(RejectsWriter::path_for(path)) == rejects);
    }
    // The store may have been handed chunks before the verdict came; it wrote none of them.
    CHECK(store.events().size() == events);
    CHECK(store.appends() == 1);
}

TEST_CASE("streaming: a file that cannot be opened is reported once, by the digest") {
    ScratchDir dir;
    MemoryStore store;
    const std::string path = (dir.path() / "absent.csv").string();
    const FileReport report = DirectImporter(store, {}).import(long_job(path));
    CHECK(report.outcome == FileOutcome::kFailed);
    CHECK(report.message.find(path + ": cannot open") == 0);
    CHECK(report.rows_read == 0);
    CHECK(report.errors.empty());
    CHECK(store.chunks_pulled() == 0);
}
