// The stored summary projection: written by refresh_projections in a writer, used by fresh
// engines only while current, maintained for touched patients only, and ignored (with the same
// answers) when stale, corrupt, as of a past point or under another definition.
#include <catch2/catch.hpp>

#include <map>

#include "crs_fixture.h"
#include "query/days_projection.h"
#include "query/projection_refresh.h"
#include "query/summary_codec.h"
#include "query/summary_projection.h"

using namespace dayzero;
using namespace dayzero::query;
using namespace dayzero::query::testing;

namespace {

// Statements that read summaries (cohort statistics) and timelines (events, grades).
const std::vector<std::string> kStatements = {
    "cohort toci = patients where doses(tocilizumab) > 0;",
    "compare first_duration by toci within severe, mild;",
    "count patients by max_grade;",
    "episodes where max_grade >= 3;",
    "patients where severe show onset_day, first_duration, toci_doses, hours_to_toci;",
    "patients where age < 50 and sex = 'F';",
    "summarize onset_day by severe;",
    "table1 by toci: age, sex = 'M' as male, max_grade;",
    "survival os by toci at 12, 24 months;",
    "foldchange IL6 within toci;",
    "roc foldchange(IL6) for severe within toci;",
    "grades P004;",
    "count patients where onset within 72 h after infusion;",
    "count patients by max_grade with fever 38.7 C;",
};

// Everything a result shows, as text.
std::string result_text(const QueryResult& r) {
    std::string out = r.ok ? r.title + "\n" : "error: " + r.error + "\n";
    for (const auto& c : r.columns)
        out += c.name + "|";
    out += "\n";
    for (const auto& row : r.rows) {
        for (size_t i = 0; i < row.size(); ++i)
            out += format_value(row[i], r.columns[i]) + "|";
        out += "\n";
    }
    for (const auto& note : r.notes)
        out += "note: " + note + "\n";
    return out + r.message + "\n";
}

// The answers of a fresh engine to every statement, one text.
std::string answers(store::EventStore& store, const std::vector<std::string>& statements) {
    QueryEngine engine(store);
    std::string out;
    for (const auto& s : statements) {
        const auto results = engine.execute(s);
        REQUIRE(results.size() == 1);
        INFO(s << "\n" << results.back().error);
        REQUIRE(results.back().ok);
        out += "> " + s + "\n" + result_text(results.back());
    }
    return out;
}

// Answers of a read-only process, and whether it used the projection.
struct ReaderAnswers {
    std::string text;
    bool used_projection = false;
};

ReaderAnswers read_only_answers(TempStore& db,
                                const std::vector<std::string>& statements = kStatements) {
    db.reopen(true);
    const uint64_t loads = summary_projection_loads();
    ReaderAnswers a{answers(db.store(), statements), false};
    a.used_projection = summary_projection_loads() > loads;
    db.reopen(false);
    return a;
}

// The patients a pass over the stored summaries visits under `def`, when it visits them all.
std::optional<std::vector<std::string>> stored_patients(
    const store::EventStore& store, const derive::CrsDefinition& def = projection_definition()) {
    std::vector<std::string> ids;
    const StoredPass pass = scan_summaries(
        store, def, [&](SummaryView& summary, uint64_t) { ids.push_back(summary.id()); });
    CHECK(pass.visited == ids.size());
    if (!pass.complete) return std::nullopt;
    return ids;
}

// The stored bytes of projection entry `key` (fails the test when absent).
std::string entry_bytes(TempStore& db, std::string_view key) {
    std::string bytes;
    REQUIRE(db.store()
                .scan_projection(kSummaryProjection,
                                 [&](std::string_view k, std::string_view value) {
                                     if (k == key) bytes = std::string(value);
                                     return true;
                                 })
                .is_ok());
    REQUIRE_FALSE(bytes.empty());
    return bytes;
}

// Every entry of both projections, keyed by projection and key, with their stamps.
std::map<std::string, std::string> projections_as_stored(const store::EventStore& store) {
    std::map<std::string, std::string> out;
    for (std::string_view name : {kSummaryProjection, kDaysProjection}) {
        const std::string prefix(name);
        out[prefix + " stamp"] = std::to_string(store.projection_seq(name).value_or(0));
        REQUIRE(store
                    .scan_projection(name,
                                     [&](std::string_view key, std::string_view bytes) {
                                         out[prefix + " " + std::string(key)] = std::string(bytes);
                                         return true;
                                     })
                    .is_ok());
    }
    return out;
}

uint64_t seq_of(const store::EventStore& reads, const std::string& patient, store::EventKind kind,
                int day) {
    auto timeline = reads.timeline(patient);
    REQUIRE(timeline.is_ok());
    for (const auto& e : timeline.value()) {
        if (e.kind == kind && e.day == day) return e.seq;
    }
    FAIL("no such event");
    return 0;
}

}  // namespace

TEST_CASE("projection: a fresh reader answers from it, exactly as from the timelines") {
    TempStore db;
    fill_fixture(db);
    const ReaderAnswers before = read_only_answers(db);
    CHECK_FALSE(before.used_projection);  // never written: the reader re-derives

    auto refreshed = refresh_projections(db.store());
    REQUIRE(refreshed.is_ok());
    CHECK(refreshed->rebuilt);
    CHECK(refreshed->patients_derived == 12);
    CHECK(db.store().projection_seq(kSummaryProjection) == db.store().last_seq());

    const ReaderAnswers after = read_only_answers(db);
    CHECK(after.used_projection);
    CHECK(after.text == before.text);
}

TEST_CASE("projection: every statement reads the stored summaries; none are copied") {
    TempStore db;
    fill_fixture(db);
    const ReaderAnswers truth = read_only_answers(db);
    REQUIRE(refresh_projections(db.store()).is_ok());
    db.reopen(true);
    const std::vector<std::string> cohort_statements(kStatements.begin(), kStatements.begin() + 4);
    const uint64_t loads = summary_projection_loads();
    const std::string first = answers(db.store(), cohort_statements);
    CHECK(summary_projection_loads() == loads + cohort_statements.size());
    CHECK(truth.text.rfind(first, 0) == 0);  // the same answers as the first statements'
    CHECK(answers(db.store(), kStatements) == truth.text);
    db.reopen(false);
}

TEST_CASE("projection: current means nothing to do") {
    TempStore db;
    fill_fixture(db);
    REQUIRE(refresh_projections(db.store()).is_ok());
    auto again = refresh_projections(db.store());
    REQUIRE(again.is_ok());
    CHECK_FALSE(again->rebuilt);
    CHECK(again->patients_derived == 0);
    const auto summaries = stored_patients(db.store());
    REQUIRE(summaries.has_value());
    REQUIRE(summaries->size() == 12);
    CHECK(summaries->front() == "P001");
    CHECK(summaries->back() == "P012");
    derive::CrsDefinition other;
    other.gap_days = 1;
    CHECK(scan_summaries(db.store(), other, [](SummaryView&, uint64_t) {}).visited == 0);
    const auto vocabulary = load_vocabulary(db.store());
    REQUIRE(vocabulary.has_value());
    CHECK(vocabulary->vocabulary.patient_count() == 12);
    CHECK(vocabulary->vocabulary.find_code("il6") == "IL6");
    CHECK(vocabulary->definition == projection_definition().describe());
}

TEST_CASE("projection: an append makes it stale; the refresh re-derives only touched patients") {
    TempStore db;
    fill_fixture(db);
    REQUIRE(refresh_projections(db.store()).is_ok());

    // P004 (severe, no toci) gets tocilizumab; a new patient P013 arrives with a new lab code.
    db.append({dose("P004", 3, "tocilizumab", 560, 900)});
    auto p13 = fixture_events({"P013", 2, 4, true, true, 58, "F", 300, false});
    p13.push_back(ev("P013", 1, store::EventKind::kLab, "FERRITIN", 900.0, 480));
    db.append(p13);
    CHECK(db.store().projection_seq(kSummaryProjection) != db.store().last_seq());
    CHECK_FALSE(stored_patients(db.store()).has_value());
    CHECK_FALSE(load_vocabulary(db.store()).has_value());

    const ReaderAnswers stale = read_only_answers(db);
    CHECK_FALSE(stale.used_projection);

    auto refreshed = refresh_projections(db.store());
    REQUIRE(refreshed.is_ok());
    CHECK_FALSE(refreshed->rebuilt);
    CHECK(refreshed->patients_derived == 2);
    const ReaderAnswers current = read_only_answers(db);
    CHECK(current.used_projection);
    CHECK(current.text == stale.text);
    // The new code is known to the checker read from the projection.
    const ReaderAnswers lab = read_only_answers(db, {"foldchange FERRITIN;"});
    CHECK(lab.used_projection);
}

TEST_CASE("projection: retracting a patient's every event removes the patient") {
    TempStore db;
    fill_fixture(db);
    REQUIRE(refresh_projections(db.store()).is_ok());
    auto timeline = db.store().timeline("P011");
    REQUIRE(timeline.is_ok());
    std::vector<store::Event> retractions;
    for (const auto& e : timeline.value()) {
        store::Event r = e;
        r.correction = store::Correction::kRetract;
        r.target_seq = e.seq;
        r.reason = "wrong study";
        retractions.push_back(r);
    }
    db.append(retractions);
    const ReaderAnswers stale = read_only_answers(db);
    auto refreshed = refresh_projections(db.store());
    REQUIRE(refreshed.is_ok());
    CHECK_FALSE(refreshed->rebuilt);
    const auto loaded = load_vocabulary(db.store());
    REQUIRE(loaded.has_value());
    CHECK(loaded->vocabulary.patient_count() == 11);
    CHECK_FALSE(loaded->vocabulary.has_patient("P011"));
    const auto summaries = stored_patients(db.store());
    REQUIRE(summaries.has_value());
    CHECK(summaries->size() == 11);
    const ReaderAnswers current = read_only_answers(db);
    CHECK(current.used_projection);
    CHECK(current.text == stale.text);
}

TEST_CASE("projection: the writer keeps it current as it takes the store and after each write") {
    TempStore db;
    fill_fixture(db);
    CHECK(db.store().projection_seq(kSummaryProjection) != db.store().last_seq());
    auto database = db.take_as_database();  // as a writer's open does
    const store::EventStore& reads = database->store();
    CHECK(reads.projection_seq(kSummaryProjection) == reads.last_seq());
    QueryEngine engine(reads, database.get());
    const uint64_t seq = seq_of(reads, "P008", store::EventKind::kTemp, 4);
    run(engine, "amend " + std::to_string(seq) + " value 37.1 C reason 'chart error';");
    CHECK(reads.projection_seq(kSummaryProjection) == reads.last_seq());
    const uint64_t loads = summary_projection_loads();
    CHECK(cell(run(engine, "count patients where crs;"), 0, "n") == "9");
    CHECK(summary_projection_loads() > loads);
}

TEST_CASE("projection: the writer replaces a current-stamped projection it cannot read") {
    TempStore db;
    fill_fixture(db);
    // As an older codec version would leave it: stamped current, header unreadable.
    REQUIRE(db.store().write_projection(kSummaryProjection, {{"h", "\x01old"}},
                                        db.store().last_seq(), true));
    CHECK_FALSE(load_vocabulary(db.store()).has_value());
    auto database = db.take_as_database();
    CHECK(load_vocabulary(database->store()).has_value());
    QueryEngine engine(database->store(), database.get());
    const uint64_t loads = summary_projection_loads();
    CHECK(cell(run(engine, "count patients where crs;"), 0, "n") == "10");
    CHECK(summary_projection_loads() > loads);
}

TEST_CASE("projection: as-of statements and changed definitions do not use it") {
    TempStore db;
    fill_fixture(db);
    const uint64_t before = db.store().last_seq();
    db.append({temp("P010", 3, 39.0, 600), temp("P011", 5, 38.4, 600)});
    const std::vector<std::string> statements = {
        "count patients where crs as of seq " + std::to_string(before) + ";",
        "compare first_duration by max_grade >= 3 as of seq " + std::to_string(before) + ";",
        "count patients by max_grade with fever 38.5 C;",
        "set fever 38.5 C;",
        "count patients by max_grade;",
        "reset;",
        "count patients by max_grade;",
    };
    const ReaderAnswers without = read_only_answers(db, statements);
    REQUIRE(refresh_projections(db.store()).is_ok());
    const ReaderAnswers with = read_only_answers(db, statements);
    CHECK(with.text == without.text);
    // The as-of answer is the old one, not the projection's.
    QueryEngine engine(db.store());
    CHECK(cell(run(engine, statements[0]), 0, "n") == "10");
    CHECK(cell(run(engine, "count patients where crs;"), 0, "n") == "12");
}

TEST_CASE("projection: corrupt or foreign entries make it stale, never wrong") {
    TempStore db;
    fill_fixture(db);
    const ReaderAnswers truth = read_only_answers(db);
    const uint64_t last = db.store().last_seq();
    REQUIRE(refresh_projections(db.store()).is_ok());
    auto overwrite = [&](const std::string& key, std::string bytes) {
        REQUIRE(db.store().write_projection(kSummaryProjection, {{key, std::move(bytes)}}, last,
                                            false));
    };

    // Patients P001 and P002 come before the damage: a pass visits them from the summaries and
    // leaves the rest to the timelines.
    uint64_t visited_before_damage = 2;
    SECTION("a malformed summary") {
        overwrite("sP003", "\x01\x02garbage");
    }
    SECTION("a summary of an unknown codec version") {
        std::string bytes = entry_bytes(db, "sP003");
        bytes[0] = static_cast<char>(kSummaryCodecVersion + 1);
        overwrite("sP003", bytes);
    }
    SECTION("a summary entry missing from the header's patients") {
        overwrite("sP003", "");  // the entry is deleted
    }
    SECTION("the last summary is missing") {
        overwrite("sP012", "");
        visited_before_damage = 11;
    }
    SECTION("a truncated header") {
        std::string bytes = entry_bytes(db, "h");
        bytes.resize(bytes.size() / 2);
        overwrite("h", bytes);
        visited_before_damage = 0;
    }
    CHECK_FALSE(stored_patients(db.store()).has_value());
    const StoredPass pass =
        scan_summaries(db.store(), projection_definition(), [](SummaryView&, uint64_t) {});
    CHECK(pass.visited == visited_before_damage);
    if (visited_before_damage > 0) {
        CHECK(pass.last_id == (visited_before_damage == 2 ? "P002" : "P011"));
    }
    const ReaderAnswers corrupt = read_only_answers(db);
    CHECK_FALSE(corrupt.used_projection);
    CHECK(corrupt.text == truth.text);
}

TEST_CASE("projection: a header of another definition gives the vocabulary, not the summaries") {
    TempStore db;
    fill_fixture(db);
    const ReaderAnswers truth = read_only_answers(db);
    REQUIRE(refresh_projections(db.store()).is_ok());
    auto loaded = load_vocabulary(db.store());
    REQUIRE(loaded.has_value());
    ProjectionHeader header;
    header.seq = db.store().last_seq();
    header.definition = "ASTCT 2019 (modified): fever >= 39.0 C";
    header.vocabulary = loaded->vocabulary;
    REQUIRE(db.store().write_projection(kSummaryProjection, {{"h", encode_header(header)}},
                                        header.seq, false));
    CHECK(load_vocabulary(db.store()).has_value());
    CHECK_FALSE(stored_patients(db.store()).has_value());
    const ReaderAnswers other = read_only_answers(db);
    CHECK_FALSE(other.used_projection);
    CHECK(other.text == truth.text);
}

TEST_CASE("projection: a read-only store is never written") {
    TempStore db;
    fill_fixture(db);
    db.reopen(true);
    auto refreshed = refresh_projections(db.store());
    REQUIRE(refreshed.is_ok());
    CHECK(refreshed->patients_derived == 0);
    CHECK_FALSE(db.store().projection_seq(kSummaryProjection).has_value());
}

TEST_CASE("progress: cohort statements report done/total every 256 patients and at the end") {
    TempStore db;
    std::vector<store::Event> events;
    for (int i = 0; i < 600; ++i) {
        const std::string id = "Q" + std::to_string(1000 + i);
        events.push_back(ev(id, 0, store::EventKind::kInfusion, "tisacel", 2.0));
        events.push_back(temp(id, 1 + i % 3, i % 2 == 0 ? 38.5 : 37.0));
    }
    db.append(events);
    db.reopen(true);  // a reader: scans the timelines (vocabulary and summaries), then its cache
    QueryEngine engine(db.store());
    std::vector<std::pair<uint64_t, uint64_t>> calls;
    engine.set_progress([&](uint64_t done, uint64_t total) { calls.emplace_back(done, total); });
    run(engine, "count patients where crs;");
    REQUIRE(calls.size() >= 3);
    CHECK(calls.back() == std::pair<uint64_t, uint64_t>{600, 600});
    CHECK(calls.front().first == 256);
    for (const auto& [done, total] : calls) {
        CHECK(total == 600);  // the store's patient count, known before the pass
        CHECK((done % 256 == 0 || done == 600));
    }
    calls.clear();
    run(engine, "count patients where crs with fever 38.2 C;");  // a second pass, total known
    CHECK(calls == std::vector<std::pair<uint64_t, uint64_t>>{{256, 600}, {512, 600}, {600, 600}});
}

TEST_CASE("projection: an interrupted rebuild leaves it stale; the next refresh completes it") {
    TempStore db;
    fill_fixture(db);
    const std::atomic<bool> stop{true};
    auto refreshed = refresh_projections(db.store(), {}, &stop);
    REQUIRE_FALSE(refreshed.is_ok());
    CHECK(refreshed.status().code() == store::StatusCode::kInterrupted);
    CHECK_FALSE(load_vocabulary(db.store()).has_value());
    auto again = refresh_projections(db.store());
    REQUIRE(again.is_ok());
    CHECK(again->rebuilt);
    CHECK(load_vocabulary(db.store()).has_value());
}

TEST_CASE("projection: a rebuild written in parts stores what one written whole does") {
    // A store's rebuild is written whole, as one table per projection, while its entries fit
    // kRebuildWholeBytes; a larger store's in parts (the first replacing, the others added). Both
    // ways must leave the same entries and stamps, and a reader must use them.
    TempStore db;
    fill_fixture(db);
    const uint64_t last = db.store().last_seq();
    auto whole = rebuild_projections(db.store(), last, {}, nullptr);
    REQUIRE(whole.is_ok());
    const auto written_whole = projections_as_stored(db.store());
    CHECK(written_whole.at(std::string(kSummaryProjection) + " stamp") == std::to_string(last));
    const ReaderAnswers from_whole = read_only_answers(db);
    CHECK(from_whole.used_projection);

    // Over the bound at the first patient: that one is written, the rest with the headers.
    auto parts = rebuild_projections(db.store(), last, {}, nullptr, /*whole_bytes=*/1);
    REQUIRE(parts.is_ok());
    CHECK(parts->patients_derived == whole->patients_derived);
    CHECK(projections_as_stored(db.store()) == written_whole);
    const ReaderAnswers from_parts = read_only_answers(db);
    CHECK(from_parts.used_projection);
    CHECK(from_parts.text == from_whole.text);
}
