// Staging over a raw database: staged chunks gathered into a group, whose tables are ingested
// and batches written beyond the committed end; discard and recover remove every trace of them
// (log, pages, corrections, marker, table files left in the folder).
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>

#include "rocks_fixture.h"
#include "store/codec.h"
#include "store/directory.h"
#include "store/log_reader.h"
#include "store/staging.h"
#include "store/table_file.h"
#include "store/timeline_pages.h"

using namespace dayzero::store;
using namespace dayzero::store::testing;
namespace fs = std::filesystem;

namespace {

struct Staged : ReadParts {
    // A group is full at 100 events.
    Staging staging{db.rocks,
                    log,
                    pages,
                    db.path(),
                    rocksdb::Options(),
                    rocksdb::Options(),
                    100,
                    OpenOptions().staged_operand_table_bytes};

    // Events first .. first + count - 1 of transaction `tx`, all of patient `patient` (new, so
    // its page goes into the chunk's page table), and a correction entry naming event 1.
    void fill_chunk(StagedChunk& chunk, uint64_t tx, uint64_t first, size_t count,
                    uint32_t patient) {
        chunk.first_seq = first;
        std::vector<Event> events;
        for (size_t i = 0; i < count; ++i) {
            Event e =
                make_event("P" + std::to_string(patient), static_cast<int32_t>(i), std::nullopt);
            e.seq = first + i;
            e.tx = tx;
            std::string r;
            codec::encode_record(e, patient, "a", "shell", r);
            chunk.encoded.spans.emplace_back(chunk.encoded.records.size(), r.size());
            chunk.encoded.records += r;
            chunk.encoded.by_patient.emplace_back(patient, i);
            events.push_back(e);
        }
        pages.add_entries(events, chunk.encoded, chunk.batch, patient, &chunk.pages);
        chunk.batch.Put(db.rocks.family(RocksHandles::kCorrections),
                        codec::correction_key(1, first), std::string("\x01\x02", 2));
    }

    bool has(RocksHandles::Family f, const std::string& key) {
        std::string v;
        return db.rocks.db->Get(rocksdb::ReadOptions(), db.rocks.family(f), key, &v).ok();
    }
    size_t staged_files() {
        size_t n = 0;
        for (const auto& entry : fs::directory_iterator(db.path()))
            n += entry.path().filename().string().starts_with(kStagedFilePrefix) ? 1 : 0;
        return n;
    }
    uint64_t log_events() {
        LogCursor cursor = log.cursor(rocksdb::ReadOptions());
        uint64_t n = 0;
        for (cursor.seek_to_first(); cursor.valid(); cursor.next())
            ++n;
        REQUIRE(cursor.status().is_ok());
        return n;
    }
};

}  // namespace

TEST_CASE("staging: chunks are gathered into one group, ingested and written, then discarded") {
    Staged t;
    REQUIRE(t.staging.mark(1, 1).is_ok());
    CHECK(t.has(RocksHandles::kMeta, std::string(codec::kMetaStaging)));
    StagedChunk first;
    StagedChunk second;
    t.fill_chunk(first, 1, 1, 60, 1);
    t.fill_chunk(second, 1, 61, 50, 2);
    StagedGroup group;
    GroupFill fill;
    CHECK_FALSE(t.staging.fills(fill, first));
    CHECK(fill.events == 60);
    REQUIRE(t.staging.add(1, first, group).is_ok());
    CHECK(t.staging.fills(fill, second));
    CHECK(fill.events == 0);  // counted afresh for the next group
    REQUIRE(t.staging.add(1, second, group).is_ok());
    CHECK(t.staged_files() == 2);  // the group's log table and page table, growing
    CHECK(group.batches.size() == 2);
    CHECK(t.log_events() == 0);  // nothing in the store yet
    REQUIRE(t.staging.write(1, group).is_ok());
    CHECK(group.empty());
    CHECK(t.staged_files() == 0);  // moved into the store
    CHECK(t.log_events() == 110);
    CHECK(t.has(RocksHandles::kTimeline, codec::timeline_patient_key(1)));
    CHECK(t.has(RocksHandles::kTimeline, codec::timeline_patient_key(2)));
    CHECK(t.has(RocksHandles::kCorrections, codec::correction_key(1, 1)));
    CHECK(t.has(RocksHandles::kCorrections, codec::correction_key(1, 61)));

    REQUIRE(t.staging.discard(1, 1).is_ok());
    CHECK(t.log_events() == 0);
    CHECK_FALSE(t.has(RocksHandles::kTimeline, codec::timeline_patient_key(1)));
    CHECK_FALSE(t.has(RocksHandles::kTimeline, codec::timeline_patient_key(2)));
    CHECK_FALSE(t.has(RocksHandles::kCorrections, codec::correction_key(1, 1)));
    CHECK_FALSE(t.has(RocksHandles::kMeta, std::string(codec::kMetaStaging)));
}

TEST_CASE("staging: a group discarded before it is written leaves no file") {
    Staged t;
    StagedChunk chunk;
    t.fill_chunk(chunk, 1, 1, 20, 1);
    StagedGroup group;
    REQUIRE(t.staging.add(1, chunk, group).is_ok());
    CHECK(t.staged_files() == 2);
    group.discard();
    CHECK(t.staged_files() == 0);
    CHECK(group.empty());
    CHECK(t.log_events() == 0);
}

TEST_CASE("staging: recover removes left-over table files, and staged entries when marked") {
    Staged t;
    // Committed: events 1..10. Staged by a writer that died: 11..60, and a table never ingested.
    StagedChunk committed;
    t.fill_chunk(committed, 1, 1, 10, 1);
    StagedGroup group;
    REQUIRE(t.staging.add(1, committed, group).is_ok());
    REQUIRE(t.staging.write(1, group).is_ok());
    REQUIRE(t.staging.mark(2, 11).is_ok());
    StagedChunk staged;
    t.fill_chunk(staged, 2, 11, 50, 2);
    REQUIRE(t.staging.add(2, staged, group).is_ok());
    REQUIRE(t.staging.write(2, group).is_ok());
    std::ofstream(t.db.path() + "/" + std::string(kStagedFilePrefix) + "2-61.sst") << "partial";
    std::ofstream(t.db.path() + "/unrelated.txt") << "kept";
    CHECK(t.staged_files() == 1);
    CHECK(t.log_events() == 60);

    REQUIRE(t.staging.recover(10, 2).is_ok());
    CHECK(t.staged_files() == 0);
    CHECK(fs::exists(t.db.path() + "/unrelated.txt"));
    CHECK(t.log_events() == 10);
    CHECK(t.has(RocksHandles::kTimeline, codec::timeline_patient_key(1)));
    CHECK_FALSE(t.has(RocksHandles::kTimeline, codec::timeline_patient_key(2)));
    CHECK(t.has(RocksHandles::kCorrections, codec::correction_key(1, 1)));
    CHECK_FALSE(t.has(RocksHandles::kCorrections, codec::correction_key(1, 11)));

    // Without a marker, recover touches no entry.
    REQUIRE(t.staging.recover(5, 2).is_ok());
    CHECK(t.log_events() == 10);
}
