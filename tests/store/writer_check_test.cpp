// Writers check before they write: a store whose counters disagree with its records is refused for
// writing at open; one whose log does not end where the last transaction does, or whose last
// transaction no longer hashes to its recorded hash, refuses the writer's first transaction (the
// check reads the whole last transaction, so it waits until a write is asked for). Nothing is
// written; put right, the store takes the next transaction under the next number.
#include <catch2/catch.hpp>

#include <string>

#include "raw_db.h"
#include "store/codec.h"
#include "store_test_util.h"

using namespace dayzero::store;
using namespace dayzero::store::testing;

namespace {

// Two transactions of three events each (seq 1..6), patients P0..P2.
void fill(const std::string& path) {
    auto store = open_store(path);
    for (int t = 0; t < 2; ++t) {
        std::vector<Event> events;
        for (int i = 0; i < 3; ++i)
            events.push_back(make_event("P" + std::to_string(i), t, 60));
        must_append(*store, request_of(events));
    }
}

// Opening `path` for writing is refused, naming `what`.
void check_writer_refused(const std::string& path, const std::string& what) {
    auto opened = EventStore::open(path);
    REQUIRE_FALSE(opened.is_ok());
    const std::string& m = opened.status().message();
    INFO(m);
    CHECK(opened.status().code() == StatusCode::kCorruption);
    CHECK(m.find("takes no writes") != std::string::npos);
    CHECK(m.find(what) != std::string::npos);
    CHECK(m.find("backup") != std::string::npos);
}

// Opening `path` for writing succeeds, but every transaction is refused, naming `what`, and
// nothing is written.
void check_first_write_refused(const std::string& path, const std::string& what) {
    auto store = open_store(path);
    const uint64_t last_seq = store->last_seq();
    for (int attempt = 0; attempt < 2; ++attempt) {
        auto appended = store->append(request_of({make_event("P9", 0, std::nullopt)}));
        REQUIRE_FALSE(appended.is_ok());
        const std::string& m = appended.status().message();
        INFO(m);
        CHECK(appended.status().code() == StatusCode::kCorruption);
        CHECK(m.find("takes no writes") != std::string::npos);
        CHECK(m.find(what) != std::string::npos);
        CHECK(store->last_seq() == last_seq);
    }
}

}  // namespace

TEST_CASE("a wrong counter refuses the writer until it is put right") {
    TempDir dir;
    const std::string path = dir.sub("db");
    fill(path);
    std::string key;
    std::string forged;
    std::string what;
    SECTION("last_tx ahead of the records") {
        key = codec::kMetaLastTx;
        forged = codec::encode_u64_value(3);
        what = "'last_tx' says 3 but the last transaction recorded is 2";
    }
    SECTION("last_seq behind the log") {
        key = codec::kMetaLastSeq;
        forged = codec::encode_u64_value(5);
        what = "'last_seq' says 5 but transaction 2 ends at event 6";
    }
    SECTION("next_patient reusing a patient number") {
        key = codec::kMetaNextPatient;
        forged = codec::encode_u32_value(3);
        what = "'next_patient' says 3 but the highest patient number in use is 3";
    }
    SECTION("head not the last hash") {
        key = codec::kMetaHead;
        forged = codec::encode_bytes_value(std::string(32, '\0'));
        what = "'head' is not the hash of transaction 2";
    }
    std::string original;
    {
        RawDb raw(path);
        original = raw.get(codec::kCfMeta, key);
        raw.put(codec::kCfMeta, key, forged);
    }
    check_writer_refused(path, what);
    check_writer_refused(path, what);  // the refusal wrote nothing
    {
        RawDb raw(path);
        raw.put(codec::kCfMeta, key, original);
    }
    auto store = open_store(path);
    auto info = must_append(*store, request_of({make_event("P3", 0, std::nullopt)}));
    CHECK(info.tx == 3);
    CHECK(info.first_seq == 7);
    CHECK(store->verify().ok);
}

TEST_CASE("a changed last transaction refuses the writer") {
    TempDir dir;
    const std::string path = dir.sub("db");
    fill(path);
    {
        RawDb raw(path);
        SECTION("an event's value rewritten in the log") {
            codec::Record rec;
            REQUIRE(codec::decode_record(raw.get(codec::kCfLog, codec::log_key(5)), rec));
            rec.event.value = 35.0;
            std::string bytes;
            codec::encode_record(rec.event, rec.patient, rec.event.recorded_by, rec.event.source,
                                 bytes);
            raw.put(codec::kCfLog, codec::log_key(5), bytes);
        }
        SECTION("the transaction's reason rewritten") {
            codec::TxRecord tx;
            REQUIRE(codec::decode_tx(raw.get(codec::kCfTx, codec::tx_key(2)), 2, tx));
            tx.reason = "forged";
            raw.put(codec::kCfTx, codec::tx_key(2), codec::encode_tx(tx));
        }
    }
    check_first_write_refused(path, "transaction 2's hash does not recompute");
}

TEST_CASE("an event beyond the last transaction refuses the writer") {
    TempDir dir;
    const std::string path = dir.sub("db");
    fill(path);
    {
        RawDb raw(path);
        raw.put(codec::kCfLog, codec::log_key(7), raw.get(codec::kCfLog, codec::log_key(6)));
    }
    check_first_write_refused(path, "the log holds event 7 beyond the last transaction");
}
