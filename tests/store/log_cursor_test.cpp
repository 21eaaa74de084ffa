// LogCursor and LogReader over a raw log family: entries of one record and segments read as one
// run of events in sequence order; damage (overlaps, malformed segments or keys) stops the walk
// with the event it concerns.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "rocks_fixture.h"
#include "store/codec.h"
#include "store/log_reader.h"
#include "store/log_segment.h"

using namespace dayzero::store;
using namespace dayzero::store::testing;

namespace {

// A stand-in record for event `seq` (a record version byte, then text): LogCursor never decodes
// records, it only finds them.
std::string rec(uint64_t seq) {
    return std::string(1, '\x01') + "event-" + std::to_string(seq);
}

// A segment holding the records of events first .. first + count - 1.
std::string segment(uint64_t first, size_t count) {
    codec::LogSegmentWriter writer;
    writer.start(count);
    for (size_t i = 0; i < count; ++i)
        writer.add(rec(first + i));
    return std::string(writer.bytes());
}

// Every (seq, record) a walk from seek_to_first gives, and the status it ends with.
struct Walk {
    std::vector<uint64_t> seqs;
    std::vector<std::string> records;
    Status status = Status::ok();
    uint64_t error_seq = 0;
};

Walk walk(LogCursor cursor) {
    Walk w;
    for (cursor.seek_to_first(); cursor.valid(); cursor.next()) {
        w.seqs.push_back(cursor.seq());
        w.records.emplace_back(cursor.record());
    }
    w.status = cursor.status();
    w.error_seq = cursor.error_seq();
    return w;
}

// Entries 1, 2 of their own, a segment 3..6, an entry 7.
void fill_mixed(RocksFixture& db) {
    db.put(RocksHandles::kLog, codec::log_key(1), rec(1));
    db.put(RocksHandles::kLog, codec::log_key(2), rec(2));
    db.put(RocksHandles::kLog, codec::log_key(3), segment(3, 4));
    db.put(RocksHandles::kLog, codec::log_key(7), rec(7));
}

}  // namespace

TEST_CASE("log cursor: entries and segments read as one run of events") {
    RocksFixture db;
    fill_mixed(db);
    LogReader log(db.rocks);
    const Walk w = walk(log.cursor(rocksdb::ReadOptions()));
    REQUIRE(w.status.is_ok());
    CHECK(w.seqs == std::vector<uint64_t>{1, 2, 3, 4, 5, 6, 7});
    for (size_t i = 0; i < w.seqs.size(); ++i)
        CHECK(w.records[i] == rec(w.seqs[i]));

    LogCursor cursor = log.cursor(rocksdb::ReadOptions());
    cursor.seek(5);  // inside the segment: looks back to its key
    REQUIRE(cursor.valid());
    CHECK(cursor.seq() == 5);
    CHECK(cursor.record() == rec(5));
    CHECK(cursor.entry_last_seq() == 6);
    cursor.next();
    cursor.next();
    REQUIRE(cursor.valid());
    CHECK(cursor.seq() == 7);
    CHECK(cursor.entry_last_seq() == 7);
    cursor.next();
    CHECK_FALSE(cursor.valid());
    CHECK(cursor.status().is_ok());
    cursor.next();  // a no-op at the end
    CHECK_FALSE(cursor.valid());

    cursor.seek(8);  // beyond the end
    CHECK_FALSE(cursor.valid());
    CHECK(cursor.status().is_ok());
}

TEST_CASE("log cursor: seek_entries_from does not look back into a segment") {
    RocksFixture db;
    fill_mixed(db);
    LogCursor cursor = LogReader(db.rocks).cursor(rocksdb::ReadOptions());
    cursor.seek_entries_from(4);
    REQUIRE(cursor.valid());
    CHECK(cursor.seq() == 7);
    cursor.seek_entries_from(3);
    REQUIRE(cursor.valid());
    CHECK(cursor.seq() == 3);
}

TEST_CASE("log cursor: find and read_record name the event or say it is missing") {
    RocksFixture db;
    fill_mixed(db);
    db.put(RocksHandles::kLog, codec::log_key(10), rec(10));  // 8 and 9 are missing
    LogReader log(db.rocks);
    std::string out;
    REQUIRE(log.read_record(4, rocksdb::ReadOptions(), out).is_ok());
    CHECK(out == rec(4));
    REQUIRE(log.read_record(10, rocksdb::ReadOptions(), out).is_ok());
    CHECK(out == rec(10));
    const Status missing = log.read_record(8, rocksdb::ReadOptions(), out);
    CHECK(missing.code() == StatusCode::kNotFound);
    CHECK(missing.message() == "no event with sequence 8");
    CHECK(log.read_record(11, rocksdb::ReadOptions(), out).code() == StatusCode::kNotFound);
}

TEST_CASE("log cursor: an upper bound in the read options ends the walk") {
    RocksFixture db;
    fill_mixed(db);
    const std::string upper = codec::log_key(7);
    rocksdb::Slice upper_slice(upper);
    rocksdb::ReadOptions ro;
    ro.iterate_upper_bound = &upper_slice;
    const Walk w = walk(LogReader(db.rocks).cursor(ro));
    REQUIRE(w.status.is_ok());
    CHECK(w.seqs == std::vector<uint64_t>{1, 2, 3, 4, 5, 6});
}

TEST_CASE("log cursor: an entry inside a segment's numbers is reported as a duplicate event") {
    RocksFixture db;
    fill_mixed(db);
    db.put(RocksHandles::kLog, codec::log_key(5), rec(5));
    const Walk w = walk(LogReader(db.rocks).cursor(rocksdb::ReadOptions()));
    CHECK(w.seqs == std::vector<uint64_t>{1, 2, 3, 4, 5, 6});
    CHECK(w.status.code() == StatusCode::kCorruption);
    CHECK(w.status.message() == "the log holds event 5 twice");
    CHECK(w.error_seq == 5);
}

TEST_CASE("log cursor: a malformed segment stops the walk before any of its records") {
    RocksFixture db;
    db.put(RocksHandles::kLog, codec::log_key(1), rec(1));
    std::string bad = segment(2, 3);
    bad.resize(bad.size() - 2);  // the last record is cut short
    db.put(RocksHandles::kLog, codec::log_key(2), bad);
    const Walk w = walk(LogReader(db.rocks).cursor(rocksdb::ReadOptions()));
    CHECK(w.seqs == std::vector<uint64_t>{1});
    CHECK(w.status.code() == StatusCode::kCorruption);
    CHECK(w.status.message() == "the log segment starting at event 2 is malformed");
    CHECK(w.error_seq == 2);

    LogCursor cursor = LogReader(db.rocks).cursor(rocksdb::ReadOptions());
    const Status found = cursor.find(3);
    CHECK(found.code() == StatusCode::kCorruption);
}

TEST_CASE("log cursor: a key that is not eight bytes is reported") {
    RocksFixture db;
    db.put(RocksHandles::kLog, codec::log_key(1), rec(1));
    db.put(RocksHandles::kLog, codec::log_key(2) + "x", rec(2));
    const Walk w = walk(LogReader(db.rocks).cursor(rocksdb::ReadOptions()));
    CHECK(w.seqs == std::vector<uint64_t>{1});
    CHECK(w.status.code() == StatusCode::kCorruption);
    CHECK(w.status.message() == "malformed log key at or after event 2");
}
