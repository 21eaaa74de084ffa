// The log's write side: one entry per record through a batch, or segments of
// codec::kLogSegmentEvents records in a table file, both read back the same by LogCursor.
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include "rocks_fixture.h"
#include "store/codec.h"
#include "store/log_reader.h"
#include "store/log_segment.h"
#include "store/log_writer.h"

using namespace dayzero::store;
using namespace dayzero::store::testing;

namespace {

// `count` records of different sizes, back to back.
EncodedRecords records(size_t count) {
    EncodedRecords out;
    for (size_t i = 0; i < count; ++i) {
        const std::string r = std::string(1, '\x01') + std::string(i % 17, 'x') + std::to_string(i);
        out.spans.emplace_back(out.records.size(), r.size());
        out.records += r;
    }
    return out;
}

std::vector<std::string> read_back(const RocksHandles& rocks, uint64_t& first, uint64_t& last) {
    std::vector<std::string> out;
    LogCursor cursor = LogReader(rocks).cursor(rocksdb::ReadOptions());
    first = 0;
    for (cursor.seek_to_first(); cursor.valid(); cursor.next()) {
        if (first == 0) first = cursor.seq();
        last = cursor.seq();
        out.emplace_back(cursor.record());
    }
    REQUIRE(cursor.status().is_ok());
    return out;
}

}  // namespace

TEST_CASE("log writer: a batch holds one entry per record") {
    RocksFixture db;
    const EncodedRecords enc = records(5);
    rocksdb::WriteBatch batch;
    put_log_entries(batch, db.rocks.family(RocksHandles::kLog), 11, enc);
    db.write(batch);
    uint64_t first = 0;
    uint64_t last = 0;
    const auto back = read_back(db.rocks, first, last);
    CHECK(first == 11);
    CHECK(last == 15);
    REQUIRE(back.size() == 5);
    for (size_t i = 0; i < 5; ++i)
        CHECK(back[i] == enc.record(i));
}

TEST_CASE("log writer: a table file holds segments of consecutive records") {
    RocksFixture db;
    const size_t n = 2 * codec::kLogSegmentEvents + 44;  // the last segment is short
    const EncodedRecords enc = records(n);
    const std::string file = db.path() + "/log-table.sst";
    GrowingTable table;
    REQUIRE(table.open(rocksdb::Options(), file, "events").is_ok());
    REQUIRE(add_log_segments(table, 100, enc).is_ok());
    REQUIRE(table.finish().is_ok());
    rocksdb::IngestExternalFileOptions io;
    io.move_files = true;
    REQUIRE(db.rocks.db->IngestExternalFile(db.rocks.family(RocksHandles::kLog), {file}, io).ok());

    // The entries' keys: one per segment.
    std::unique_ptr<rocksdb::Iterator> it(
        db.rocks.db->NewIterator(rocksdb::ReadOptions(), db.rocks.family(RocksHandles::kLog)));
    std::vector<uint64_t> keys;
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
        keys.push_back(codec::get_u64_be(it->key().data()));
        CHECK(codec::is_log_segment(it->value().ToStringView()));
    }
    CHECK(keys == std::vector<uint64_t>{100, 100 + codec::kLogSegmentEvents,
                                        100 + 2 * codec::kLogSegmentEvents});
    uint64_t first = 0;
    uint64_t last = 0;
    const auto back = read_back(db.rocks, first, last);
    CHECK(first == 100);
    CHECK(last == 100 + n - 1);
    REQUIRE(back.size() == n);
    for (size_t i = 0; i < n; ++i)
        CHECK(back[i] == enc.record(i));
}
