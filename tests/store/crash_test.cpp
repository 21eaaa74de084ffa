// A writer killed with SIGKILL mid-stream leaves whole transactions, a gapless log and a valid
// chain; appending continues afterwards. What a killed RocksDB write leaves in the folder is
// noted by verify and removed by the next writer.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "store_test_util.h"

using namespace dayzero::store;
using namespace dayzero::store::testing;

namespace {

// Transaction k (1-based) of the child holds this many events: sizes vary so kills land inside
// large batches too.
size_t tx_size(uint64_t k) {
    return (k * 37) % 400 + 1;
}

}  // namespace

TEST_CASE("store child: endless appender", "[.child]") {
    const std::string path = child_db();
    REQUIRE_FALSE(path.empty());
    OpenOptions options;
    options.sync_writes = (::getpid() % 2) == 0;  // exercise both commit modes across runs
    auto store = open_store(path, options);
    for (uint64_t k = store->last_tx() + 1;; ++k) {
        std::vector<Event> events;
        for (size_t i = 0; i < tx_size(k); ++i) {
            events.push_back(make_event("P" + std::to_string((k + i) % 13),
                                        static_cast<int32_t>(i % 30) - 5,
                                        static_cast<uint16_t>(i % 1440)));
        }
        TransactionRequest req = request_of(std::move(events));
        req.reason = "tx " + std::to_string(k);
        must_append(*store, std::move(req));
    }
}

TEST_CASE("SIGKILL during appends: every transaction whole or absent, gapless, verifiable") {
    TempDir dir;
    const std::string path = dir.sub("db");
    // Kill the child once it has committed a good number of transactions.
    const uint64_t seen = kill_child_after(
        "store child: endless appender", path, [](const EventStore& s) { return s.last_tx(); }, 60);
    REQUIRE(seen >= 1);

    auto store = open_store(path);
    const uint64_t last_tx = store->last_tx();
    CHECK(last_tx >= seen);
    uint64_t expected_seq = 1;
    for (uint64_t k = 1; k <= last_tx; ++k) {
        auto tx = store->transaction(k);
        REQUIRE(tx.is_ok());
        CHECK(tx->first_seq == expected_seq);
        CHECK(tx->last_seq - tx->first_seq + 1 == tx_size(k));
        CHECK(tx->reason == "tx " + std::to_string(k));
        expected_seq = tx->last_seq + 1;
    }
    CHECK(store->last_seq() == expected_seq - 1);
    uint64_t next = 1;
    bool gapless = true;
    REQUIRE(store->scan_log(1, UINT64_MAX, [&](const Event& e) {
        gapless = gapless && e.seq == next;
        ++next;
        return true;
    }));
    CHECK(gapless);
    CHECK(next == expected_seq);
    CHECK(store->transaction(last_tx + 1).status().code() == StatusCode::kNotFound);

    auto report = store->verify();
    INFO(report.problem);
    CHECK(report.ok);
    CHECK(report.events_checked == expected_seq - 1);

    auto more = must_append(*store, request_of({make_event("after", 0, std::nullopt)}));
    CHECK(more.first_seq == expected_seq);
    CHECK(more.tx == last_tx + 1);
    CHECK(store->verify().ok);
}

TEST_CASE("a killed options write leaves a file verify notes and the next writer removes") {
    TempDir dir;
    const std::string db = dir.sub("db");
    must_append(*open_store(db), request_of({make_event("P1", 0, 60)}));
    // What a SIGKILL between RocksDB's write of a new options file and its rename leaves: a
    // partial file under the temporary name (RocksDB itself never deletes one).
    const std::string left = db + "/OPTIONS-000999.dbtmp";
    std::ofstream(left) << "# This is a RocksDB option file.\n[Vers";
    const std::string current_to_be = db + "/000998.dbtmp";
    std::ofstream(current_to_be) << "MANIFEST-0";

    OpenOptions reader;
    reader.read_only = true;
    const VerifyReport noted = open_store(db, reader)->verify();
    INFO(noted.problem);
    REQUIRE(noted.ok);
    for (const std::string name : {"OPTIONS-000999.dbtmp", "000998.dbtmp"}) {
        CHECK(std::count_if(noted.notes.begin(), noted.notes.end(), [&](const std::string& n) {
                  return n.find(name + " is a file RocksDB was still writing") == 0;
              }) == 1);
    }

    {
        auto writer = open_store(db);
        CHECK_FALSE(std::filesystem::exists(left));
        CHECK_FALSE(std::filesystem::exists(current_to_be));
        const VerifyReport clean = writer->verify();
        INFO(clean.problem);
        CHECK(clean.ok);
        CHECK(clean.notes.empty());
    }
    // Any other stray name is still a problem.
    std::ofstream(db + "/OPTIONS-x.dbtmp") << "x";
    CHECK_FALSE(open_store(db, reader)->verify().ok);
}
