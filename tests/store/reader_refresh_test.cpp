// A reader's view after the writer flushed what the reader had replayed: RocksDB's secondary
// catch-up keeps records replayed from a write-ahead log in its memtable after the writer has
// flushed that log into table files, where they would shadow the newer values (a staging marker
// the commit deleted, the counters). refresh() opens a fresh view instead (docs/STORAGE.md §6).
#include <catch2/catch.hpp>

#include "raw_db.h"
#include "store_test_util.h"

using namespace dayzero::store;
using namespace dayzero::store::testing;

TEST_CASE("a reader refreshed after the writer flushed sees the commit, not the replayed marker") {
    TempDir dir;
    const std::string path = dir.sub("db");
    auto writer = open_store(path);
    must_append(*writer, request_of({make_event("P1", 0, std::nullopt)}));
    writer.reset();
    OpenOptions one_chunk_groups;  // each chunk ingested before the next is staged
    one_chunk_groups.staged_table_events = 1;
    writer = open_store(path, one_chunk_groups);  // as every import does: a writer of its own
    OpenOptions ro;
    ro.read_only = true;
    auto reader = open_store(path, ro);  // replays the writer's log: transaction 1
    REQUIRE(reader->last_tx() == 1);

    // A chunked transaction of three chunks; the reader catches up once its staging marker is
    // written (the source is asked for the third chunk after the first is staged).
    int calls = 0;
    auto source = [&](std::vector<Event>& chunk) {
        ++calls;
        if (calls == 3) {
            REQUIRE(reader->refresh().is_ok());
            CHECK(reader->last_tx() == 1);
            const VerifyReport during = reader->verify();
            INFO(during.problem);
            CHECK(during.ok);
        }
        if (calls <= 3) {
            for (int e = 0; e < 20; ++e)
                chunk.push_back(make_event("C" + std::to_string(calls), e, 60));
        }
        return Status::ok();
    };
    TransactionRequest header = request_of({});
    header.source = "sha256:" + std::string(64, 'c');
    auto committed = writer->append_chunked(std::move(header), source);
    INFO(committed.status().message());
    REQUIRE(committed.is_ok());
    REQUIRE(calls == 4);
    writer.reset();  // a clean close flushes every family: the log the reader replayed is gone
    { RawDb(path).compact_all(); }  // and a compaction drops the marker's deletion with the marker

    const Status refreshed = reader->refresh();
    INFO(refreshed.message());
    REQUIRE(refreshed.is_ok());
    CHECK(reader->last_tx() == 2);
    CHECK(reader->last_seq() == 61);
    CHECK(reader->timeline("C3")->size() == 20);
    const VerifyReport after = reader->verify();
    INFO(after.problem);
    CHECK(after.ok);

    // The next writer's marker, again replayed by the reader before that writer flushes.
    writer = open_store(path);
    must_append(*writer, request_of({make_event("P2", 0, std::nullopt)}));
    REQUIRE(reader->refresh().is_ok());
    CHECK(reader->last_tx() == 3);
    writer.reset();
    REQUIRE(reader->refresh().is_ok());
    CHECK(reader->last_tx() == 3);
    CHECK(reader->verify().ok);
}
