// A file edited while it is being imported is refused, whichever pass reads it after the edit:
// the events written must be those of the bytes the recorded digest names.
#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>

#include "direct_import.h"
#include "importers/file_digest.h"
#include "importers/import_runner.h"
#include "importers/rejects_writer.h"
#include "memory_store.h"
#include "test_files.h"

using namespace dayzero::importers;
using namespace dayzero::importers::testing;
using dayzero::store::EventKind;

namespace {

namespace fs = std::filesystem;

// Commits through the store; `edit` runs once, before (at_start) or after the first commit.
class EditingCommitter final : public FileCommitter {
  public:
    EditingCommitter(dayzero::store::EventStore& store, bool at_start, std::function<void()> edit)
        : store_(store), at_start_(at_start), edit_(std::move(edit)) {}
    dayzero::store::Result<dayzero::store::TransactionInfo> commit_file(
        dayzero::store::TransactionRequest header,
        const dayzero::store::EventChunkSource& next) override {
        if (at_start_) run_edit();
        auto committed = store_.append_chunked(std::move(header), next);
        run_edit();
        return committed;
    }

  private:
    void run_edit() {
        if (edit_) std::exchange(edit_, {})();
    }
    dayzero::store::EventStore& store_;
    bool at_start_;
    std::function<void()> edit_;
};

// The file's modification time set a year back, so that an edit a moment later shows even on a
// file system whose clock ticks coarsely.
void age(const std::string& path) {
    fs::last_write_time(path, fs::last_write_time(path) - std::chrono::hours(24 * 365));
}

// Replaces the first `from` in the file with `to` (the same length: the file keeps its size).
std::function<void()> same_size_edit(const std::string& path, const std::string& from,
                                     const std::string& to) {
    REQUIRE(from.size() == to.size());
    return [=] {
        std::string text = read_text(path);
        const size_t at = text.find(from);
        REQUIRE(at != std::string::npos);
        text.replace(at, from.size(), to);
        std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
    };
}

// Imports the long-format file at `path` into `store`, the file edited as the store begins the
// transaction: after its digest was taken, before the commit.
FileReport import_edited(MemoryStore& store, const std::string& path, const std::string& from,
                         const std::string& to) {
    EditingCommitter commit(store, true, same_size_edit(path, from, to));
    Importer importer(store, commit, ImportOptions{});
    return importer.import(long_job(path));
}

}  // namespace

TEST_CASE("changed file: a stamp tells an edited file from an untouched one") {
    ScratchDir dir;
    const std::string path = dir.write("a.csv", "x,y\n1,2\n");
    age(path);
    const auto before = file_stamp(path);
    REQUIRE(before.has_value());
    CHECK(file_stamp(path) == before);
    same_size_edit(path, "1,2", "3,4")();
    const auto after = file_stamp(path);
    REQUIRE(after.has_value());
    CHECK(after->size == before->size);
    CHECK(after != before);
    CHECK_FALSE(file_stamp(dir.path().string() + "/missing.csv").has_value());
}

TEST_CASE("changed file: a file edited while it streams is not written") {
    // One pass: the rows are decoded while the digest is taken, and the store appends as they
    // come; the edit lands after the digest, before the commit.
    ScratchDir dir;
    const std::string path = dir.write("temps.csv",
                                       "patient_id,day,time,kind,code,value,unit,note\n"
                                       "P001,1,08:00,temp,,38.4,C,\n"
                                       "P001,1,14:00,temp,,38.9,C,\n"
                                       "P001,2,08:00,temp,,37.1,C,\n");
    age(path);
    MemoryStore store;
    const FileReport report = import_edited(store, path, "38.9", "39.9");
    CHECK(report.outcome == FileOutcome::kFailed);
    CHECK(report.message == "the file changed while it was being imported; nothing was written");
    CHECK(store.appends() == 0);
    CHECK(store.aborted_appends() == 1);
    // Untouched, the same file imports.
    MemoryStore clean;
    EditingCommitter plain(clean, true, {});
    Importer again(clean, plain, ImportOptions{});
    CHECK(again.import(long_job(path)).outcome == FileOutcome::kImported);
    CHECK(clean.events().size() == 3);
}

TEST_CASE("changed file: a lenient import refused for an edit keeps no rejects file") {
    ScratchDir dir;
    const std::string path = dir.write("temps.csv",
                                       "patient_id,day,time,kind,code,value,unit,note\n"
                                       "P001,1,08:00,temp,,38.4,C,\n"
                                       "P001,1,09:00,temp,,hot,C,\n"
                                       "P001,1,14:00,temp,,38.9,C,\n");
    age(path);
    ImportOptions lenient;
    lenient.lenient = true;
    MemoryStore store;
    EditingCommitter commit(store, true, same_size_edit(path, "38.9", "39.9"));
    Importer importer(store, commit, lenient);
    const FileReport report = importer.import(long_job(path));
    CHECK(report.outcome == FileOutcome::kFailed);
    CHECK(report.rejects_path.empty());
    CHECK_FALSE(fs::exists(RejectsWriter::path_for(path)));
    CHECK(store.appends() == 0);
    // Untouched, it imports and names its rejects.
    MemoryStore clean;
    EditingCommitter plain(clean, true, {});
    Importer again(clean, plain, lenient);
    const FileReport imported = again.import(long_job(path));
    CHECK(imported.outcome == FileOutcome::kImported);
    CHECK(fs::exists(imported.rejects_path));
}

TEST_CASE("changed file: a file edited between its two passes is not written") {
    // A mg/kg dose before the weight: the one-pass attempt stops, then the file is validated
    // whole and read again to be written. The edit lands as validation opens it.
    ScratchDir dir;
    const std::string path = dir.copy("long/cohort_small.csv");
    age(path);
    ImportJob job = long_job(path);
    int opened = 0;
    job.make = [&, make = job.make,
                edit = same_size_edit(path, "101.3,F", "102.3,F")](const DecodeOptions& options) {
        if (++opened == 2) edit();
        return make(options);
    };
    MemoryStore store;
    DirectImporter importer(store, ImportOptions{});
    const FileReport report = importer.import(job);
    CHECK(opened == 3);
    CHECK(report.outcome == FileOutcome::kFailed);
    CHECK(report.message == "the file changed while it was being imported; nothing was written");
    CHECK(store.appends() == 0);
}

TEST_CASE("changed file: a study's file edited after the study read its header") {
    // The study reads every file's header when it loads; vs.csv, its largest file, then streams
    // and commits once the others validated, lb.csv among them. lb.csv is edited, a value
    // changed and the row count kept, as vs.csv's transaction begins (before or after lb.csv's
    // validation read it, on another thread) or once it committed (before lb.csv is read again to
    // be written).
    // With a store folder, lb.csv's validated rows are kept there and written from it: the edit
    // must be seen all the same.
    const bool at_start = GENERATE(true, false);
    const bool spilled = GENERATE(false, true);
    INFO((at_start ? "as the first file begins" : "once the first file committed"));
    INFO((spilled ? "written from its validated rows" : "decoded again"));
    ScratchDir dir;
    const std::string folder = dir.copy("sdtm/cohort");
    const std::string lb = folder + "/lb.csv";
    age(lb);
    MemoryStore store;
    if (spilled) store.set_folder(dir.path().string());
    EditingCommitter commit(store, at_start,
                            same_size_edit(lb, "1500,ng/L,1500,1500", "1600,ng/L,1600,1600"));
    RunOptions options;
    options.mapping = (data_dir() / "sdtm/cohort_mapping.json").string();
    std::ostringstream out, err;
    const RunSummary summary = run_import(store, commit, {folder}, options, out, err);
    CHECK_FALSE(summary.ok);
    CHECK(err.str().find(lb + ": the file changed while it was being imported; nothing was "
                              "written\n") != std::string::npos);
    bool seen = false;
    for (const auto& report : summary.reports) {
        if (report.path != lb) continue;
        seen = true;
        CHECK(report.outcome == FileOutcome::kFailed);
    }
    CHECK(seen);
    REQUIRE_FALSE(store.events().empty());  // vs.csv at least was written
    for (const auto& event : store.events())
        CHECK(event.kind != EventKind::kLab);
}
