// TimelinePages over a raw timeline family: a transaction's entries merge onto each patient's
// page, reads give timeline order and hide what is not visible, new patients' pages can go into
// a table file, and staged entries can be dropped again.
#include <catch2/catch.hpp>

#include <algorithm>
#include <random>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "rocks_fixture.h"
#include "store/codec.h"
#include "store/directory.h"
#include "store/log_reader.h"
#include "store/log_writer.h"
#include "store/timeline_pages.h"

using namespace dayzero::store;
using namespace dayzero::store::testing;

namespace {

// The components a page read needs, over one fixture.
struct Pages : ReadParts {
    // Records transaction `tx` (its author is "a<tx>", recorded at tx seconds).
    void put_tx(uint64_t tx, uint64_t first, uint64_t last) {
        codec::TxRecord r;
        r.tx = tx;
        r.first_seq = first;
        r.last_seq = last;
        r.recorded_at_us = static_cast<int64_t>(tx) * 1'000'000;
        r.author = "a" + std::to_string(tx);
        r.source = "shell";
        put(RocksHandles::kTx, codec::tx_key(tx), codec::encode_tx(r));
    }
    void put(RocksHandles::Family f, const std::string& k, const std::string& v) {
        db.put(f, k, v);
    }

    // Encodes `events` (patient numbers from their ids "P<n>") as transaction `tx` would.
    EncodedRecords encode(const std::vector<Event>& events) {
        EncodedRecords out;
        for (size_t i = 0; i < events.size(); ++i) {
            std::string r;
            const uint32_t patient = patient_of(events[i]);
            codec::encode_record(events[i], patient, "a" + std::to_string(events[i].tx), "shell",
                                 r);
            out.spans.emplace_back(out.records.size(), r.size());
            out.records += r;
            out.by_patient.emplace_back(patient, i);
        }
        std::sort(out.by_patient.begin(), out.by_patient.end());
        return out;
    }
    static uint32_t patient_of(const Event& e) {
        return static_cast<uint32_t>(std::stoul(e.patient_id.substr(1)));
    }

    std::vector<Event> read(uint32_t patient, uint64_t visible, AsOf as_of = {},
                            Provenance provenance = Provenance::kIncluded) {
        std::vector<Event> out{make_event("stale", 99, std::nullopt)};  // replaced, not kept
        out.front().source = "stale source";
        out.front().recorded_by = "stale author";
        auto s = pages.read(patient, "P" + std::to_string(patient), kMinDay, kMaxDay, as_of,
                            provenance, rocksdb::ReadOptions(), visible, out);
        INFO(s.message());
        REQUIRE(s.is_ok());
        return out;
    }
};

Event numbered(const std::string& patient, int32_t day, std::optional<uint16_t> minute,
               uint64_t seq, uint64_t tx) {
    Event e = make_event(patient, day, minute);
    e.seq = seq;
    e.tx = tx;
    return e;
}

std::vector<uint64_t> seqs(const std::vector<Event>& events) {
    std::vector<uint64_t> out;
    for (const auto& e : events)
        out.push_back(e.seq);
    return out;
}

}  // namespace

TEST_CASE("timeline pages: entries merge onto pages and read back in timeline order") {
    Pages t;
    t.put_tx(1, 1, 3);
    t.put_tx(2, 4, 5);
    const std::vector<Event> first{numbered("P1", 5, 600, 1, 1),
                                   numbered("P2", 0, std::nullopt, 2, 1),
                                   numbered("P1", 2, std::nullopt, 3, 1)};
    const std::vector<Event> second{numbered("P1", 5, std::nullopt, 4, 2),
                                    numbered("P1", 2, 30, 5, 2)};
    for (const auto* events : {&first, &second}) {
        rocksdb::WriteBatch batch;
        t.pages.add_entries(*events, t.encode(*events), batch);
        t.db.write(batch);
    }
    // Day, untimed before timed, minute, sequence.
    const auto p1 = t.read(1, 5);
    CHECK(seqs(p1) == std::vector<uint64_t>{3, 5, 4, 1});
    CHECK(p1[0].patient_id == "P1");
    CHECK(p1[0].recorded_by == "a1");
    CHECK(p1[1].recorded_by == "a2");
    CHECK(p1[1].recorded_at_us == 2'000'000);
    CHECK(seqs(t.read(2, 5)) == std::vector<uint64_t>{2});
    // Beyond the visible end (staged) and before an as-of point: hidden.
    CHECK(seqs(t.read(1, 3)) == std::vector<uint64_t>{3, 1});
    AsOf as_of;
    as_of.recorded_at_us = 1'000'000;
    CHECK(seqs(t.read(1, 5, as_of)) == std::vector<uint64_t>{3, 1});
    // A patient without a page reads as no events (the buffer is emptied).
    CHECK(t.read(7, 5).empty());
}

TEST_CASE("timeline pages: a page written by many transactions reads in timeline order") {
    // One patient's events from twelve transactions, each written in timeline order as imports
    // write them, their days interleaved as the domain files of an SDTM study interleave.
    Pages t;
    std::mt19937 random(2026);
    std::uniform_int_distribution<int32_t> day(-30, 60);
    std::uniform_int_distribution<int> minute(-1, 1439);
    std::vector<Event> all;
    uint64_t seq = 0;
    for (uint64_t tx = 1; tx <= 12; ++tx) {
        std::vector<Event> events;
        const size_t count = tx == 5 ? 1 : 3 + tx * 7;
        for (size_t i = 0; i < count; ++i) {
            const int m = minute(random);
            events.push_back(numbered("P1", day(random),
                                      m < 0 ? std::nullopt : std::optional<uint16_t>(m), 0, tx));
        }
        std::sort(events.begin(), events.end(), [](const Event& a, const Event& b) {
            return std::pair(a.day, a.minute ? *a.minute + 1 : 0) <
                   std::pair(b.day, b.minute ? *b.minute + 1 : 0);
        });
        const uint64_t first = seq + 1;
        for (auto& e : events)
            e.seq = ++seq;
        t.put_tx(tx, first, seq);
        rocksdb::WriteBatch batch;
        t.pages.add_entries(events, t.encode(events), batch);
        t.db.write(batch);
        all.insert(all.end(), events.begin(), events.end());
    }
    std::sort(all.begin(), all.end(), [](const Event& a, const Event& b) {
        return std::tuple(a.day, a.minute ? *a.minute + 1 : 0, a.seq) <
               std::tuple(b.day, b.minute ? *b.minute + 1 : 0, b.seq);
    });
    const auto read = t.read(1, seq);
    CHECK(seqs(read) == seqs(all));
    REQUIRE(read.size() == all.size());
    for (size_t i = 0; i < read.size(); ++i) {
        CHECK(read[i].recorded_by == "a" + std::to_string(read[i].tx));
        CHECK(read[i].source == "shell");
    }
}

TEST_CASE("timeline pages: an operand a page holds twice gives each event once") {
    // A read-only instance may hold one merge operand twice (replayed from the write-ahead log
    // and flushed to a table file): here around another transaction's run.
    Pages t;
    t.put_tx(1, 1, 3);
    t.put_tx(2, 4, 5);
    const std::vector<Event> first{numbered("P1", 0, 60, 1, 1), numbered("P1", 2, 60, 2, 1),
                                   numbered("P1", 4, std::nullopt, 3, 1)};
    const std::vector<Event> second{numbered("P1", 1, std::nullopt, 4, 2),
                                    numbered("P1", 3, 30, 5, 2)};
    for (const auto* events : {&first, &second, &first}) {
        rocksdb::WriteBatch batch;
        t.pages.add_entries(*events, t.encode(*events), batch);
        t.db.write(batch);
    }
    CHECK(seqs(t.read(1, 5)) == std::vector<uint64_t>{1, 4, 2, 5, 3});
}

TEST_CASE("timeline pages: a read without provenance leaves recorded-by and source empty") {
    Pages t;
    t.put_tx(1, 1, 2);
    Event own = numbered("P1", 1, 60, 2, 1);
    own.source = "replay.csv";  // differs from the transaction's: kept in the record itself
    own.recorded_by = "someone else";
    const std::vector<Event> events{numbered("P1", 0, std::nullopt, 1, 1), own};
    rocksdb::WriteBatch batch;
    t.pages.add_entries(events, t.encode(events), batch);
    t.db.write(batch);

    const auto with = t.read(1, 2);
    REQUIRE(with.size() == 2);
    CHECK(with[0].source == "shell");
    CHECK(with[0].recorded_by == "a1");
    CHECK(with[1].source == "replay.csv");
    CHECK(with[1].recorded_by == "someone else");

    const auto without = t.read(1, 2, {}, Provenance::kOmitted);
    CHECK(seqs(without) == seqs(with));
    for (const auto& e : without) {
        CHECK(e.source.empty());
        CHECK(e.recorded_by.empty());
        CHECK(e.recorded_at_us == 1'000'000);
        CHECK(e.patient_id == "P1");
    }
    CHECK(without[1].value == with[1].value);
    CHECK(without[1].minute == with[1].minute);
}

TEST_CASE("timeline pages: new patients' pages go whole into a table file") {
    Pages t;
    t.put_tx(1, 1, 4);
    const std::vector<Event> events{
        numbered("P1", 0, std::nullopt, 1, 1), numbered("P3", 1, std::nullopt, 2, 1),
        numbered("P3", 0, std::nullopt, 3, 1), numbered("P4", 0, std::nullopt, 4, 1)};
    rocksdb::WriteBatch batch;
    NewPages fresh;
    t.pages.add_entries(events, t.encode(events), batch, 3, &fresh);
    CHECK(batch.Count() == 1);  // only patient 1 is merged
    REQUIRE(fresh.spans.size() == 2);
    CHECK(fresh.spans[0].first == 3);
    CHECK(fresh.spans[1].first == 4);
    t.db.write(batch);
    const std::string file = t.db.path() + "/pages.sst";
    GrowingTable table;
    REQUIRE(table.open(rocksdb::Options(), file, "pages").is_ok());
    REQUIRE(TimelinePages::add_to_table(table, fresh).is_ok());
    REQUIRE(table.finish().is_ok());
    REQUIRE(t.db.rocks.db
                ->IngestExternalFile(t.db.rocks.family(RocksHandles::kTimeline), {file},
                                     rocksdb::IngestExternalFileOptions())
                .ok());
    CHECK(seqs(t.read(1, 4)) == std::vector<uint64_t>{1});
    CHECK(seqs(t.read(3, 4)) == std::vector<uint64_t>{3, 2});
    CHECK(seqs(t.read(4, 4)) == std::vector<uint64_t>{4});
}

TEST_CASE("timeline pages: drop_from removes staged entries and keeps the rest") {
    Pages t;
    t.put_tx(1, 1, 4);
    const std::vector<Event> events{
        numbered("P1", 0, std::nullopt, 1, 1), numbered("P2", 0, std::nullopt, 2, 1),
        numbered("P1", 1, std::nullopt, 3, 1), numbered("P2", 1, std::nullopt, 4, 1)};
    rocksdb::WriteBatch batch;
    t.pages.add_entries(events, t.encode(events), batch);
    t.db.write(batch);
    SECTION("named patients") {
        rocksdb::WriteBatch drop;
        REQUIRE(t.pages.drop_from(3, {1, 2}, false, drop).is_ok());
        t.db.write(drop);
    }
    SECTION("every page") {
        rocksdb::WriteBatch drop;
        REQUIRE(t.pages.drop_from(3, {}, true, drop).is_ok());
        t.db.write(drop);
    }
    CHECK(seqs(t.read(1, 10)) == std::vector<uint64_t>{1});
    CHECK(seqs(t.read(2, 10)) == std::vector<uint64_t>{2});
}

TEST_CASE("timeline pages: a malformed page is reported, not read") {
    Pages t;
    t.put(RocksHandles::kTimeline, codec::timeline_patient_key(1), std::string("\x05\x40zz", 4));
    std::vector<Event> out;
    const Status s = t.pages.read(1, "P1", kMinDay, kMaxDay, AsOf{}, Provenance::kIncluded,
                                  rocksdb::ReadOptions(), 10, out);
    CHECK(s.code() == StatusCode::kCorruption);
    CHECK(s.message() == "patient 'P1': malformed timeline page");
}
