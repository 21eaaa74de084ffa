// The verdict on a file (new content, or imported before) is heard while its first chunks are
// already staged: between chunks without waiting, and waited for before the store's first write
// and before the file's outcome is settled in any other way. Driven here by an admission whose
// digest is "still being computed" for as long as the test likes, against the real store.
#include <catch2/catch.hpp>

#include <atomic>
#include <condition_variable>
#include <filesystem>
#include <map>
#include <mutex>
#include <sstream>
#include <string>

#include "direct_import.h"
#include "importers/file_verdict.h"
#include "importers/long_decoder.h"
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

namespace {

// The long decoder, counting the rows it decodes and holding at row `pause_at` until the test
// lets it go on: what the decoding thread does after that shows whether it was called off.
class PausingDecoder final : public RowDecoder {
  public:
    PausingDecoder(std::unique_ptr<RowDecoder> inner, size_t pause_at, std::mutex& mu,
                   std::condition_variable& go, const bool& may_go, std::atomic<size_t>& rows)
        : inner_(std::move(inner)),
          pause_at_(pause_at),
          mu_(mu),
          go_(go),
          may_go_(may_go),
          rows_(rows) {}
    bool next(DecodedRow& row) override {
        if (++rows_ == pause_at_) {
            std::unique_lock lock(mu_);
            go_.wait(lock, [&] { return may_go_; });
        }
        return inner_->next(row);
    }
    const std::vector<std::string>& header() const override { return inner_->header(); }
    std::vector<ImportProblem> finish() override { return inner_->finish(); }
    bool file_failed() const override { return inner_->file_failed(); }
    const BodySizeFacts& body_size_facts() const override { return inner_->body_size_facts(); }
    bool has_deferred() const override { return inner_->has_deferred(); }
    uint64_t bytes_consumed() const override { return inner_->bytes_consumed(); }
    uint64_t total_bytes() const override { return inner_->total_bytes(); }

  private:
    std::unique_ptr<RowDecoder> inner_;
    size_t pause_at_;
    std::mutex& mu_;
    std::condition_variable& go_;
    const bool& may_go_;
    std::atomic<size_t>& rows_;
};

}  // namespace

TEST_CASE("verdict: a file refused while its rows, all in the store already, are read stops") {
    // Rows the store already holds add nothing to a chunk, so a re-import of such a file fills
    // its first chunk only at the file's end: the verdict must be heard while the appending
    // thread waits for that chunk, and the decoding thread called off at once, not left to read
    // (and compare with the store) the rest of the file.
    EagerStore t;
    const std::string file = t.dir.write("rows.csv", rows_text(3000));
    {
        FileReport first = t.import(file, 0, [](FileReport& verdict) {
            verdict.source = "sha256:" + std::string(64, 'd');
            return true;
        });
        REQUIRE(first.outcome == FileOutcome::kImported);
    }
    constexpr size_t kPauseAt = 100;
    std::mutex mu;
    std::condition_variable go;
    bool may_go = false;
    std::atomic<size_t> rows{0};
    ImportJob job = long_job(file);
    job.make =
        [&](const DecodeOptions& options) -> dayzero::store::Result<std::unique_ptr<RowDecoder>> {
        auto inner = make_long_decoder(file, options);
        if (!inner) return inner.status();
        return std::unique_ptr<RowDecoder>(std::make_unique<PausingDecoder>(
            std::move(inner).value(), kPauseAt, mu, go, may_go, rows));
    };
    FileReport report;
    report.path = file;
    int questions = 0;
    Admission admission;
    admission.ready = [&] { return ++questions > 3; };  // the digest "takes" three waits
    admission.decide = [&](FileReport& verdict) {
        {
            std::lock_guard lock(mu);
            may_go = true;  // the decoder goes on only once the verdict is given
        }
        go.notify_all();
        return imported_before(verdict);
    };
    StreamingImport streaming(*t.store, t.commit, t.options, DecodeOptions(), job, file_stamp(file),
                              report);
    REQUIRE(streaming.run(admission) == StreamingImport::Outcome::kDone);
    CHECK(report.outcome == FileOutcome::kAlreadyImported);
    CHECK(questions > 3);
    // Called off within a row of being let go, not after the file's 3,000 rows.
    CHECK(rows.load() <= kPauseAt + 1);
    CHECK(t.store->last_seq() == 3000);
}
