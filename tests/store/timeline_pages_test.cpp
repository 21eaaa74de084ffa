// TimelinePages over a raw timeline family: a transaction's entries merge onto each patient's
// page, reads give timeline order and hide what is not visible, new patients' pages can go into
// a table file, and staged entries can be dropped again.
#include <catch2/catch.hpp>

#include <set>
#include <string>
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

    std::vector<Event> read(uint32_t patient, uint64_t visible, AsOf as_of = {}) {
        std::vector<Event> out{make_event("stale", 99, std::nullopt)};  // replaced, not kept
        auto s = pages.read(patient, "P" + std::to_string(patient), kMinDay, kMaxDay, as_of,
                            rocksdb::ReadOptions(), visible, out);
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
    const Status s =
        t.pages.read(1, "P1", kMinDay, kMaxDay, AsOf{}, rocksdb::ReadOptions(), 10, out);
    CHECK(s.code() == StatusCode::kCorruption);
    CHECK(s.message() == "patient 'P1': malformed timeline page");
}
