// Readers see whole transactions: while a child process commits import after import (closing
// and reopening its store between them, so memtables are flushed), read-only processes count
// patients and events again and again; every answer is the state after some committed
// transaction, never part of one. (Small appends through batches only; the chunked imports whose
// torn views issue #20 item 7 found are tested by tests/robust/readers_during_import_test.cpp.)
#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <chrono>
#include <csignal>
#include <string>

#include "store_test_util.h"

using namespace dayzero::store;
using namespace dayzero::store::testing;

namespace {

constexpr uint64_t kPatientsPerTx = 40;
constexpr uint64_t kEventsPerPatient = 25;

}  // namespace

TEST_CASE("store child: imports forever", "[.child]") {
    const std::string path = child_db();
    REQUIRE_FALSE(path.empty());
    for (uint64_t k = 1;; ++k) {
        auto store = open_store(path);
        for (int again = 0; again < 3; ++again, ++k) {
            std::vector<Event> events;
            for (uint64_t p = 0; p < kPatientsPerTx; ++p) {
                for (uint64_t e = 0; e < kEventsPerPatient; ++e)
                    events.push_back(make_event("T" + std::to_string(k) + "-" + std::to_string(p),
                                                static_cast<int32_t>(e), static_cast<uint16_t>(e)));
            }
            must_append(*store, request_of(std::move(events)));
        }
        --k;
    }
}

TEST_CASE("read-only processes beside an importing writer see only whole transactions") {
    TempDir dir;
    const std::string path = dir.sub("db");
    { open_store(path); }
    const pid_t child = spawn_self("store child: imports forever", path);
    REQUIRE(child > 0);
    OpenOptions ro;
    ro.read_only = true;
    uint64_t answers = 0;
    uint64_t partial = 0;
    uint64_t last_seen = 0;
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(8);
    while (std::chrono::steady_clock::now() < until) {
        auto opened = EventStore::open(path, ro);
        if (!opened.is_ok()) continue;  // (the writer may be between close and open)
        EventStore& reader = *opened.value();
        const uint64_t tx = reader.last_tx();
        uint64_t patients = 0;
        uint64_t events = 0;
        REQUIRE(reader.for_each_patient([&](const std::string&, std::vector<Event>& timeline) {
            ++patients;
            events += timeline.size();
            return true;
        }));
        ++answers;
        last_seen = tx;
        if (patients != tx * kPatientsPerTx || events != tx * kPatientsPerTx * kEventsPerPatient ||
            reader.last_seq() != events)
            ++partial;
    }
    REQUIRE(::kill(child, SIGKILL) == 0);
    int status = 0;
    REQUIRE(::waitpid(child, &status, 0) == child);
    INFO(answers << " answers, last at transaction " << last_seen);
    CHECK(answers > 10);
    CHECK(last_seen > 3);
    CHECK(partial == 0);
}

namespace {

// Chunked transactions: each adds kChunkedPatients new patients of kChunkedEvents events, in
// chunks of kChunkPatients patients (each chunk a group of its own: staged as table files and
// ingested, §5).
constexpr uint64_t kChunkedPatients = 240;
constexpr uint64_t kChunkPatients = 60;
constexpr uint64_t kChunkedEvents = 50;
constexpr uint64_t kChunkedTransactions = 60;

std::string chunked_patient(uint64_t tx, uint64_t p) {
    return "C" + std::to_string(100'000 + tx) + "-" + std::to_string(1'000 + p);
}

}  // namespace

TEST_CASE("store child: chunked imports", "[.child]") {
    const std::string path = child_db();
    REQUIRE_FALSE(path.empty());
    OpenOptions options;
    options.staged_table_events = kChunkPatients * kChunkedEvents;  // a group per chunk
    auto store = open_store(path, options);
    for (uint64_t tx = 1; tx <= kChunkedTransactions; ++tx) {
        uint64_t next_patient = 0;
        TransactionRequest header = request_of({});
        auto source = [&](std::vector<Event>& chunk) {
            for (uint64_t p = 0; p < kChunkPatients && next_patient < kChunkedPatients; ++p) {
                for (uint64_t e = 0; e < kChunkedEvents; ++e)
                    chunk.push_back(make_event(chunked_patient(tx, next_patient),
                                               static_cast<int32_t>(e), static_cast<uint16_t>(e)));
                ++next_patient;
            }
            return Status::ok();
        };
        auto done = store->append_chunked(std::move(header), source);
        INFO(done.status().message());
        REQUIRE(done.is_ok());
    }
}

TEST_CASE("read-only opens beside chunked imports see whole transactions and verify OK") {
    TempDir dir;
    const std::string path = dir.sub("db");
    { open_store(path); }
    const pid_t child = spawn_self("store child: chunked imports", path);
    REQUIRE(child > 0);
    OpenOptions ro;
    ro.read_only = true;
    uint64_t opens = 0;
    uint64_t torn = 0;
    uint64_t failed_verifies = 0;
    uint64_t verifies = 0;
    std::string details;  // what each torn view or failed verify looked like
    int status = 0;
    bool exited = false;
    while (!exited) {
        exited = ::waitpid(child, &status, WNOHANG) == child;
        auto opened = EventStore::open(path, ro);
        INFO(opened.status().message());
        REQUIRE(opened.is_ok());
        EventStore& reader = *opened.value();
        ++opens;
        const uint64_t tx = reader.last_tx();
        auto names = reader.patients();
        REQUIRE(names.is_ok());
        bool whole = names.value().size() == tx * kChunkedPatients &&
                     reader.last_seq() == tx * kChunkedPatients * kChunkedEvents;
        // Every patient of the last transaction has all its events, in its page and in the log.
        for (uint64_t p = 0; whole && tx > 0 && p < kChunkedPatients; ++p) {
            auto timeline = reader.timeline(chunked_patient(tx, p));
            whole = timeline.is_ok() && timeline.value().size() == kChunkedEvents;
        }
        uint64_t logged = 0;
        const uint64_t first = (tx == 0 ? 0 : tx - 1) * kChunkedPatients * kChunkedEvents + 1;
        REQUIRE(reader.scan_log(first, reader.last_seq(), [&](const Event&) {
            ++logged;
            return true;
        }));
        if (tx > 0 && logged != kChunkedPatients * kChunkedEvents) whole = false;
        if (!whole) {
            ++torn;
            details += "torn view at transaction " + std::to_string(tx) + ": " +
                       std::to_string(names.value().size()) + " patients, " +
                       std::to_string(logged) + " events of the last transaction\n";
        }
        if (opens % 8 == 0) {
            ++verifies;
            const VerifyReport report = reader.verify();
            if (!report.ok) {
                ++failed_verifies;
                details +=
                    "verify at transaction " + std::to_string(tx) + ": " + report.problem + "\n";
            }
        }
    }
    INFO(opens << " read-only opens, " << verifies << " verifies\n" << details);
    REQUIRE((WIFEXITED(status) && WEXITSTATUS(status) == 0));
    CHECK(opens > 0);
    CHECK(torn == 0);
    CHECK(failed_verifies == 0);
}
