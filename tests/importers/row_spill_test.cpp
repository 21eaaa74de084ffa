// RowSpill: the rows a validation pass kept come back from the temporary file as they went in,
// every field of every event, across the spill's buffer boundaries; a row with an error gives the
// spill up, so that the file is decoded again instead. A strict study written from its spills
// is the study decoded twice, also when a spill cannot be read back.
#include <fcntl.h>
#include <unistd.h>
#include <catch2/catch.hpp>

#include <filesystem>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

#include "importers/import_runner.h"
#include "importers/row_spill.h"
#include "memory_store.h"
#include "test_files.h"

using dayzero::importers::BodySizeFacts;
using dayzero::importers::DecodedRow;
using dayzero::importers::FileCommitter;
using dayzero::importers::RowDecoder;
using dayzero::importers::RowSpill;
using dayzero::importers::RunOptions;
using dayzero::importers::RunSummary;
using dayzero::importers::testing::data_dir;
using dayzero::importers::testing::MemoryStore;
using dayzero::importers::testing::ScratchDir;
using dayzero::store::Correction;
using dayzero::store::Event;
using dayzero::store::EventKind;

namespace {

std::string folder() {
    return std::filesystem::temp_directory_path().string();
}

// Row `n` of a test file: rows of two patients taking turns, every third row skipped (no
// events), the others with two events whose every field differs from its default and from row to
// row.
DecodedRow make_row(uint32_t n) {
    DecodedRow row;
    row.line = 2 + n;
    if (n % 3 == 2) {
        row.skipped = true;
        row.skipped_by_mapping = n % 2 == 0;
        return row;
    }
    for (int k = 0; k < 2; ++k) {
        Event e;
        e.patient_id =
            (n / 4) % 2 == 0 ? "P-0001" : "a patient id longer than the short-string size";
        e.day = static_cast<int32_t>(n % 50) - 10;
        if (k == 0) e.minute = static_cast<uint16_t>(n % 1440);
        e.kind = k == 0 ? EventKind::kLab : EventKind::kDose;
        e.code = k == 0 ? "IL6" : "tocilizumab";
        if (n % 5 != 0) e.value = 0.1 * n - 3.25;
        e.text = n % 7 == 0 ? "text " + std::to_string(n) : "";
        e.unit = k == 0 ? "pg/mL" : "mg";
        e.original = std::to_string(n) + " ng/L";
        e.note = std::string(n % 90, 'x');
        e.correction = n % 11 == 0 ? Correction::kAmend : Correction::kNone;
        e.target_seq = n % 11 == 0 ? n : 0;
        e.reason = n % 11 == 0 ? "site query" : "";
        e.seq = n * 3;
        e.tx = n / 10;
        e.recorded_at_us = -1'000'000 + n;
        e.recorded_by = n % 13 == 0 ? "dm" : "";
        e.source = n % 17 == 0 ? "sha256:ab" : "";
        e.source_line = row.line;
        row.events.push_back(e);
        row.value_columns.push_back(k == 0 ? 7 : 0);
    }
    return row;
}

void check_same(const Event& got, const Event& want) {
    CHECK(got.patient_id == want.patient_id);
    CHECK(got.day == want.day);
    CHECK(got.minute == want.minute);
    CHECK(got.kind == want.kind);
    CHECK(got.code == want.code);
    CHECK(got.value == want.value);
    CHECK(got.text == want.text);
    CHECK(got.unit == want.unit);
    CHECK(got.original == want.original);
    CHECK(got.note == want.note);
    CHECK(got.correction == want.correction);
    CHECK(got.target_seq == want.target_seq);
    CHECK(got.reason == want.reason);
    CHECK(got.seq == want.seq);
    CHECK(got.tx == want.tx);
    CHECK(got.recorded_at_us == want.recorded_at_us);
    CHECK(got.recorded_by == want.recorded_by);
    CHECK(got.source == want.source);
    CHECK(got.source_line == want.source_line);
}

}  // namespace

TEST_CASE("row spill: rows come back in order with every field, past its buffer's size") {
    auto spill = RowSpill::create(folder(), 0);
    REQUIRE(spill);
    // About 5 MB: several of the spill's 1 MiB writes and reads, rows across their edges.
    constexpr uint32_t kRows = 30'000;
    for (uint32_t n = 0; n < kRows; ++n)
        spill->add(make_row(n));
    REQUIRE(spill->usable());
    CHECK(spill->rows() == kRows);
    BodySizeFacts facts;
    Event weight;
    weight.patient_id = "P-0001";
    weight.kind = EventKind::kBaseline;
    weight.code = "weight_kg";
    weight.value = 70.5;
    facts.observe(weight);
    auto replay = RowSpill::replay(std::move(spill), {"USUBJID", "LBORRES"}, facts, 123456);
    REQUIRE(replay);
    CHECK(replay->header() == std::vector<std::string>{"USUBJID", "LBORRES"});
    CHECK(replay->total_bytes() == 123456);
    CHECK(replay->body_size_facts().find("P-0001", "weight_kg", 0) == 70.5);

    DecodedRow row;
    std::vector<Event> chunk;  // next_into appends; next() leaves them in the row
    for (uint32_t n = 0; n < kRows; ++n) {
        const DecodedRow want = make_row(n);
        const size_t before = chunk.size();
        const bool more = n % 2 == 0 ? replay->next_into(row, chunk) : replay->next(row);
        REQUIRE(more);
        const std::vector<Event> got =
            n % 2 == 0 ? std::vector<Event>(chunk.begin() + static_cast<long>(before), chunk.end())
                       : row.events;
        CHECK(row.line == want.line);
        CHECK(row.skipped == want.skipped);
        CHECK(row.skipped_by_mapping == want.skipped_by_mapping);
        CHECK(row.value_columns == want.value_columns);
        CHECK(row.errors.empty());
        REQUIRE(got.size() == want.events.size());
        for (size_t k = 0; k < got.size(); ++k)
            check_same(got[k], want.events[k]);
        if (chunk.size() > 1000) chunk.clear();
    }
    CHECK_FALSE(replay->next(row));
    CHECK_FALSE(replay->file_failed());
    CHECK(replay->bytes_consumed() == 123456);
}

TEST_CASE("row spill: a row with an error gives the spill up") {
    auto spill = RowSpill::create(folder(), 0);
    REQUIRE(spill);
    spill->add(make_row(0));
    DecodedRow bad = make_row(1);
    bad.errors.push_back({"lb.csv", bad.line, 3, "LBORRES", "not a number", "abc"});
    spill->add(bad);
    CHECK_FALSE(spill->usable());
    spill->add(make_row(2));
    CHECK_FALSE(spill->usable());
    CHECK(RowSpill::replay(std::move(spill), {}, {}, 0) == nullptr);
}

TEST_CASE("row spill: none without room for twice the file, or without a folder") {
    CHECK(RowSpill::create(folder(), uint64_t{1} << 62) == nullptr);
    CHECK(RowSpill::create(":memory:", 0) == nullptr);
    CHECK(RowSpill::replay(nullptr, {}, {}, 0) == nullptr);
}

TEST_CASE("row spill: an empty spill replays no row") {
    auto replay = RowSpill::replay(RowSpill::create(folder(), 0), {"A"}, {}, 0);
    REQUIRE(replay);
    DecodedRow row;
    CHECK_FALSE(replay->next(row));
    CHECK_FALSE(replay->file_failed());
}

namespace {

// Commits through the store; `after_first` runs once the study's first file committed: every
// other file has been validated by then (its spill kept), and none written yet.
class HookCommitter final : public FileCommitter {
  public:
    HookCommitter(dayzero::store::EventStore& store, std::function<void()> after_first)
        : store_(store), after_first_(std::move(after_first)) {}
    dayzero::store::Result<dayzero::store::TransactionInfo> commit_file(
        dayzero::store::TransactionRequest header,
        const dayzero::store::EventChunkSource& next) override {
        auto committed = store_.append_chunked(std::move(header), next);
        if (after_first_) std::exchange(after_first_, {})();
        return committed;
    }

  private:
    dayzero::store::EventStore& store_;
    std::function<void()> after_first_;
};

// The descriptors of this process's unnamed files in `folder` (the spills kept there).
std::vector<int> spill_descriptors(const std::string& folder) {
    std::vector<int> found;
    for (const auto& entry : std::filesystem::directory_iterator("/proc/self/fd")) {
        std::error_code ec;
        const std::string target = std::filesystem::read_symlink(entry.path(), ec).string();
        if (!ec && target.rfind(folder + "/#", 0) == 0 && target.find("(deleted)") != target.npos)
            found.push_back(std::stoi(entry.path().filename().string()));
    }
    return found;
}

// The test study imported strictly into a fresh MemoryStore, whose folder is `store_folder`
// (":memory:": none, so nothing is spilled); `after_first` as HookCommitter's.
std::vector<Event> import_study(const std::string& study, const std::string& store_folder,
                                std::function<void()> after_first = {}) {
    MemoryStore store;
    store.set_folder(store_folder);
    HookCommitter commit(store, std::move(after_first));
    RunOptions options;
    options.mapping = (data_dir() / "sdtm/cohort_mapping.json").string();
    std::ostringstream out, err;
    const RunSummary summary =
        dayzero::importers::run_import(store, commit, {study}, options, out, err);
    INFO(err.str());
    REQUIRE(summary.ok);
    REQUIRE(store.appends() == 9);
    return store.events();
}

void check_same_events(const std::vector<Event>& got, const std::vector<Event>& want) {
    REQUIRE(got.size() == want.size());
    for (size_t i = 0; i < got.size(); ++i)
        check_same(got[i], want[i]);
}

}  // namespace

TEST_CASE("row spill: a study written from its spills is the study decoded twice") {
    ScratchDir dir;
    const std::string study = dir.copy("sdtm/cohort");
    const std::string folder = dir.path().string();
    const std::vector<Event> decoded = import_study(study, ":memory:");
    size_t spills = 0;
    const std::vector<Event> replayed =
        import_study(study, folder, [&] { spills = spill_descriptors(folder).size(); });
    // DM and LB (VS, the largest, streams first and is decoded once anyway).
    CHECK(spills == 2);
    check_same_events(replayed, decoded);
}

TEST_CASE("row spill: a spill that cannot be read back: the file is decoded again") {
    ScratchDir dir;
    const std::string study = dir.copy("sdtm/cohort");
    const std::string folder = dir.path().string();
    const std::vector<Event> decoded = import_study(study, ":memory:");
    size_t poisoned = 0;
    const std::vector<Event> written = import_study(study, folder, [&] {
        // Each spill's descriptor becomes one that cannot be read (it writes to /dev/null).
        for (const int fd : spill_descriptors(folder)) {
            const int sink = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
            REQUIRE(sink >= 0);
            REQUIRE(::dup2(sink, fd) == fd);
            ::close(sink);
            ++poisoned;
        }
    });
    CHECK(poisoned == 2);
    check_same_events(written, decoded);
}
