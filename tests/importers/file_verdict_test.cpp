// The verdict on a file (new content, or imported before) is heard while its first chunks are
// already staged: between chunks without waiting, and waited for before the store's first write
// and before the file's outcome is settled in any other way. Driven here by an admission whose
// digest is "still being computed" for as long as the test likes, against the real store.
#include <catch2/catch.hpp>

#include <filesystem>
#include <map>
#include <sstream>
#include <string>

#include "direct_import.h"
#include "importers/file_verdict.h"
#include "importers/streaming_import.h"
#include "store/event_store.h"
#include "test_files.h"

using namespace dayzero::importers;
using namespace dayzero::importers::testing;

namespace {

const std::string kHeader = "patient_id,day,time,kind,code,value,unit,note\n";

// `rows` temperatures over seven patients.
std::string rows_text(int rows) {
    std::string text = kHeader;
    for (int row = 0; row < rows; ++row) {
        text += "P" + std::to_string(row % 7) + "," + std::to_string(row % 28) + ",0" +
                std::to_string(row % 10) + ":00,temp,,37.5,C,\n";
    }
    return text;
}

std::map<std::string, uintmax_t> folder_files(const std::filesystem::path& path) {
    std::map<std::string, uintmax_t> sizes;
    for (const auto& entry : std::filesystem::directory_iterator(path)) {
        if (entry.is_regular_file()) sizes[entry.path().filename().string()] = entry.file_size();
    }
    return sizes;
}

// A store whose groups fill every two chunks of four events: it wants to write early.
struct EagerStore {
    ScratchDir dir;
    std::filesystem::path path = dir.path() / "db";
    std::unique_ptr<dayzero::store::EventStore> store;
    StoreCommitter commit{*open()};
    ImportOptions options;

    EagerStore() { options.chunk_events = 4; }
    dayzero::store::EventStore* open() {
        dayzero::store::OpenOptions open_options;
        open_options.staged_table_events = 8;
        auto opened = dayzero::store::EventStore::open(path.string(), open_options);
        REQUIRE(opened.is_ok());
        store = std::move(opened).value();
        return store.get();
    }
    // Imports `file` with an admission that is not ready for the first `not_ready` questions
    // (never, when negative) and then answers with `decide`.
    FileReport import(const std::string& file, int not_ready,
                      std::function<bool(FileReport&)> decide, int* asked = nullptr) {
        const ImportJob job = long_job(file);
        FileReport report;
        report.path = file;
        int questions = 0;
        Admission admission;
        admission.decide = std::move(decide);
        admission.ready = [&] { return ++questions > not_ready && not_ready >= 0; };
        StreamingImport streaming(*store, commit, options, DecodeOptions(), job, file_stamp(file),
                                  report);
        REQUIRE(streaming.run(admission) == StreamingImport::Outcome::kDone);
        if (asked != nullptr) *asked = questions;
        return report;
    }
};

// The verdict on a file imported before.
bool imported_before(FileReport& verdict) {
    verdict.outcome = FileOutcome::kAlreadyImported;
    verdict.message = "imported before (test)";
    return false;
}

}  // namespace

TEST_CASE("verdict: a file refused after chunks were staged leaves the store's files unchanged") {
    EagerStore t;
    const std::string file = t.dir.write("rows.csv", rows_text(400));
    const auto before = folder_files(t.path);
    // Refused at the tenth chunk, or only when the store is about to write its first group.
    const int not_ready = GENERATE(10, -1);
    INFO("not ready for " << not_ready << " questions");
    int asked = 0;
    const FileReport report = t.import(file, not_ready, imported_before, &asked);
    CHECK(asked >= 2);  // chunks were handed over while the verdict was pending
    CHECK(report.outcome == FileOutcome::kAlreadyImported);
    CHECK(report.message == "imported before (test)");
    CHECK(report.rows_read == 0);  // the verdict's report, not the decoder's counters
    CHECK(folder_files(t.path) == before);
    CHECK(t.store->last_seq() == 0);
    CHECK(t.store->verify().ok);
}

TEST_CASE("verdict: a file admitted late is imported with the source the verdict gave") {
    EagerStore t;
    const std::string file = t.dir.write("rows.csv", rows_text(400));
    const std::string source = "sha256:" + std::string(64, 'c');
    const int not_ready = GENERATE(10, -1);
    const FileReport report = t.import(file, not_ready, [&](FileReport& verdict) {
        verdict.source = source;
        return true;
    });
    INFO(report.message);
    CHECK(report.outcome == FileOutcome::kImported);
    CHECK(report.source == source);
    REQUIRE(report.transaction.has_value());
    CHECK(report.transaction->source == source);
    CHECK(t.store->last_seq() == 400);
    CHECK(t.store->find_import(source).has_value());
    CHECK(t.store->verify().ok);
}

TEST_CASE("verdict: a refused file is reported as refused though a row of it is bad") {
    EagerStore t;
    const std::string file =
        t.dir.write("late_error.csv", rows_text(200) + "P1,41,08:00,temp,,99,C,\n");
    const FileReport report = t.import(file, -1, imported_before);
    CHECK(report.outcome == FileOutcome::kAlreadyImported);
    CHECK(report.errors.empty());
    CHECK(report.error_count == 0);
    CHECK(t.store->last_seq() == 0);
    CHECK_FALSE(std::filesystem::exists(RejectsWriter::path_for(file)));
}
