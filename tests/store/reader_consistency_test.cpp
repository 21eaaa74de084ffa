// Readers see whole transactions: while a child process commits import after import (closing
// and reopening its store between them, so memtables are flushed), read-only processes count
// patients and events again and again; every answer is the state after some committed
// transaction, never part of one. (It has not yet reproduced the partial answers of issue #20
// item 7, whose imports were far larger: a guard, not the proof of a fix.)
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
