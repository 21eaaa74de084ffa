// ImportProjector: the stored projections refreshed from the entries an import derived as its
// events passed are byte for byte those a refresh derives by reading every timeline back, in
// every case the projector meets: a fresh store, a store whose projection was current, patients
// already stored or split across the stream, corrections, everything retracted, and a failed
// append whose sequence numbers the next one reuses.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "generator/cohort_generator.h"
#include "query/days_projection.h"
#include "query/import_projector.h"
#include "query/projection_batch.h"
#include "query/summary_projection.h"
#include "query_test_util.h"

using namespace dayzero;
using namespace dayzero::query;
using namespace dayzero::query::testing;

namespace {

constexpr uint64_t kSeed = 2031;
constexpr size_t kChunk = 700;  // events per chunk: generated patients span chunk boundaries

using Entries = std::vector<std::pair<std::string, std::string>>;

// Generated patients [from, to) of a cohort of `total`, each patient's events together.
std::vector<store::Event> generated(uint64_t from, uint64_t to, uint64_t total = 60) {
    std::vector<store::Event> events;
    for (uint64_t i = from; i < to; ++i) {
        for (auto& e : generator::generate_patient(kSeed, i, total).events)
            events.push_back(std::move(e));
    }
    return events;
}

// Appends `events` as one chunked transaction (kChunk per chunk); `sink` as the import's.
store::Result<store::TransactionInfo> append_chunked(store::EventStore& store,
                                                     std::vector<store::Event> events,
                                                     store::WrittenChunkSink sink = {},
                                                     size_t fail_at_chunk = 0,
                                                     size_t chunk_events = kChunk) {
    store::TransactionRequest header;
    header.author = "tester";
    header.source = "test";
    header.recorded_at_us = 1'780'000'000'000'000 + static_cast<int64_t>(store.last_seq());
    size_t next = 0;
    size_t chunks = 0;
    return store.append_chunked(
        std::move(header),
        [&](std::vector<store::Event>& chunk) {
            if (++chunks == fail_at_chunk) return store::Status::io_error("the file went away");
            for (; next < events.size() && chunk.size() < chunk_events; ++next)
                chunk.push_back(events[next]);
            return store::Status::ok();
        },
        sink);
}

// Every entry of both projections.
Entries projections(const store::EventStore& store) {
    Entries all;
    for (auto name : {kSummaryProjection, kDaysProjection}) {
        REQUIRE(store.projection_seq(name) == store.last_seq());
        auto s = store.scan_projection(name, [&](std::string_view key, std::string_view bytes) {
            all.emplace_back(std::string(name) + "/" + std::string(key), std::string(bytes));
            return true;
        });
        REQUIRE(s.is_ok());
    }
    return all;
}

// Two stores given the same transactions: `fast` through an ImportProjector for the last one,
// `plain` refreshed by reading the timelines back.
struct Pair {
    TempStore fast;
    TempStore plain;

    // Appends `events` to both (plain first); refreshes both; returns the fast refresh's report.
    RefreshReport import(const std::vector<store::Event>& events) {
        REQUIRE(append_chunked(plain.store(), events).is_ok());
        REQUIRE(refresh_projections(plain.store()).is_ok());
        ImportProjector projector(fast.store());
        REQUIRE(append_chunked(fast.store(), events, projector.sink()).is_ok());
        derived = projector.finish();
        auto report = refresh_projections(fast.store(), {}, nullptr, &derived);
        REQUIRE(report.is_ok());
        return report.value();
    }
    DerivedPatients derived;
};

// The ids of `entries` that are summaries.
size_t summary_count(const Entries& entries) {
    return static_cast<size_t>(std::count_if(entries.begin(), entries.end(), [](auto& e) {
        return e.first.rfind(std::string(kSummaryProjection) + "/s", 0) == 0;
    }));
}

}  // namespace

TEST_CASE("import projector: a fresh store gets the projections without reading back") {
    Pair stores;
    const RefreshReport report = stores.import(generated(0, 40));
    CHECK(report.patients_from_import == 40);
    CHECK(report.patients_derived == 0);
    CHECK(stores.derived.left.empty());
    const Entries fast = projections(stores.fast.store());
    CHECK(summary_count(fast) == 40);
    CHECK(fast == projections(stores.plain.store()));
}

TEST_CASE("import projector: a second import re-derives only the patients already stored") {
    Pair stores;
    stores.import(generated(0, 30));
    // New patients 30..44, plus more days for two stored patients, and an amendment and a
    // retraction of a stored patient's events (their targets are in the first transaction).
    auto events = generated(30, 45);
    const std::string stored_a = stores.plain.store().patients().value().at(3);
    const std::string stored_b = stores.plain.store().patients().value().at(7);
    events.push_back(temp(stored_a, 20, 39.4, 600));
    events.push_back(temp(stored_b, 21, 38.6, 480));
    auto timeline_b = stores.plain.store().timeline(stored_b).value();
    store::Event amend = temp(stored_b, timeline_b[2].day, 40.1);
    amend.correction = store::Correction::kAmend;
    amend.target_seq = timeline_b[2].seq;
    amend.reason = "transcription";
    events.push_back(amend);
    store::Event retract;
    retract.patient_id = stored_b;
    retract.correction = store::Correction::kRetract;
    retract.target_seq = timeline_b[5].seq;
    retract.reason = "wrong patient";
    events.push_back(retract);

    const RefreshReport report = stores.import(events);
    CHECK_FALSE(report.rebuilt);
    CHECK(report.patients_from_import == 15);
    CHECK(report.patients_derived == 2);
    CHECK(stores.derived.left.size() == 2);
    CHECK(projections(stores.fast.store()) == projections(stores.plain.store()));
}

TEST_CASE("import projector: a patient whose rows are split across the file is read back") {
    Pair stores;
    auto events = generated(0, 12);
    auto more = generated(0, 1);  // patient 0 again, after the others, on later days
    for (auto& e : more)
        e.day += 40;
    events.insert(events.end(), more.begin(), more.end());
    const RefreshReport report = stores.import(events);
    CHECK(report.patients_from_import == 11);
    CHECK(report.patients_derived == 1);
    CHECK(stores.derived.left.count(events.front().patient_id) == 1);
    CHECK(projections(stores.fast.store()) == projections(stores.plain.store()));
}

TEST_CASE("import projector: corrections within the import, and a patient wholly retracted") {
    Pair stores;
    stores.import(generated(0, 5));
    // A new patient whose temperature is amended and whose rows are then all retracted, and a
    // new patient with an amendment inside the same import.
    const uint64_t base = stores.plain.store().last_seq();
    std::vector<store::Event> events;
    events.push_back(ev("Z1", 0, store::EventKind::kInfusion, "tisacel", 2.0, 540));
    events.push_back(temp("Z1", 1, 38.5, 600));
    store::Event gone;
    gone.patient_id = "Z1";
    gone.correction = store::Correction::kRetract;
    gone.reason = "not enrolled";
    gone.target_seq = base + 1;
    events.push_back(gone);
    gone.target_seq = base + 2;
    events.push_back(gone);
    events.push_back(ev("Z2", 0, store::EventKind::kInfusion, "tisacel", 2.0, 540));
    events.push_back(temp("Z2", 2, 38.9, 600));
    store::Event amend = temp("Z2", 2, 39.8, 600);
    amend.correction = store::Correction::kAmend;
    amend.target_seq = base + 6;
    amend.reason = "misread";
    events.push_back(amend);

    const RefreshReport report = stores.import(events);
    CHECK(report.patients_from_import == 1);  // Z2; Z1 has nothing visible
    CHECK(stores.derived.left.count("Z1") == 1);
    const Entries fast = projections(stores.fast.store());
    CHECK(summary_count(fast) == 6);
    CHECK(fast == projections(stores.plain.store()));
}

TEST_CASE("import projector: events of a failed append are never used") {
    TempStore fast;
    TempStore plain;
    const auto events = generated(0, 20);
    ImportProjector projector(fast.store());
    // The first attempt fails at its third chunk, after two were written (and seen); the second
    // commits other events under the same sequence numbers.
    CHECK_FALSE(append_chunked(fast.store(), events, projector.sink(), 3).is_ok());
    const auto others = generated(20, 35);
    REQUIRE(append_chunked(fast.store(), others, projector.sink()).is_ok());
    DerivedPatients derived = projector.finish();
    CHECK(derived.last_seq == 0);
    CHECK(derived.entries.empty());
    auto report = refresh_projections(fast.store(), {}, nullptr, &derived);
    REQUIRE(report.is_ok());
    CHECK(report->patients_from_import == 0);
    CHECK(report->patients_derived == 15);

    REQUIRE(append_chunked(plain.store(), others).is_ok());
    REQUIRE(refresh_projections(plain.store()).is_ok());
    CHECK(projections(fast.store()) == projections(plain.store()));
}

TEST_CASE("import projector: entries that do not end at the log's end are not used") {
    TempStore db;
    ImportProjector projector(db.store());
    REQUIRE(append_chunked(db.store(), generated(0, 10), projector.sink()).is_ok());
    DerivedPatients derived = projector.finish();
    REQUIRE(derived.entries.size() == 10);
    db.append({temp("late", 1, 37.0)});  // written after, without the projector
    auto report = refresh_projections(db.store(), {}, nullptr, &derived);
    REQUIRE(report.is_ok());
    CHECK(report->patients_from_import == 0);
    CHECK(report->patients_derived == 11);
}

TEST_CASE("import projector: a large import's refresh lands as table files holding every entry") {
    TempStore db;
    TempStore plain;  // refreshed by reading every timeline back
    // 900 patients: their summaries pass the 1 MiB from which the store writes a replacing write
    // as table files, which only entries in key order allow (header, "s" entries, "v" entries).
    const auto events = generated(0, 900, 900);
    ImportProjector projector(db.store());
    REQUIRE(append_chunked(db.store(), events, projector.sink(), 0, 65536).is_ok());
    REQUIRE(append_chunked(plain.store(), events, {}, 0, 65536).is_ok());
    DerivedPatients derived = projector.finish();
    auto tables = [](const store::EventStore& store) {
        size_t n = 0;
        for (const auto& f : std::filesystem::directory_iterator(store.path()))
            n += f.path().extension() == ".sst";
        return n;
    };
    const size_t tables_before = tables(db.store());
    const size_t plain_tables_before = tables(plain.store());
    auto report = refresh_projections(db.store(), {}, nullptr, &derived);
    REQUIRE(report.is_ok());
    CHECK(report->patients_from_import == 900);
    REQUIRE(refresh_projections(plain.store()).is_ok());
    // A batch would wait in the memtable for a flush.
    CHECK(tables(db.store()) > tables_before);
    CHECK(tables(plain.store()) > plain_tables_before);
    CHECK(projections(db.store()) == projections(plain.store()));

    // Every patient's entries are those derived from its timeline, and nothing else is stored
    // but the two headers; still so after reopening.
    Entries expected;
    const std::vector<std::string> ids = db.store().patients().value();
    const std::string summaries = std::string(kSummaryProjection) + "/";
    const std::string days = std::string(kDaysProjection) + "/";
    for (const std::string& id : ids) {
        const std::vector<store::Event> timeline = db.store().timeline(id).value();
        PatientEntries e = derive_patient_entries(id, timeline);
        expected.emplace_back(summaries + e.summary.first, std::move(e.summary.second));
        expected.emplace_back(summaries + e.names.first, std::move(e.names.second));
        expected.emplace_back(days + e.days.first, std::move(e.days.second));
    }
    std::sort(expected.begin(), expected.end());
    for (int round = 0; round < 2; ++round) {
        Entries stored = projections(db.store());
        const auto header = std::partition(stored.begin(), stored.end(), [](const auto& e) {
            return e.first.size() < 2 || e.first.substr(e.first.size() - 2) != "/h";
        });
        CHECK(stored.end() - header == 2);
        stored.erase(header, stored.end());
        std::sort(stored.begin(), stored.end());
        CHECK(stored == expected);
        REQUIRE(load_vocabulary(db.store()).has_value());
        CHECK(load_vocabulary(db.store())->vocabulary.patient_count() == 900);
        db.reopen(true);
    }
}
