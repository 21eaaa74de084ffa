// `grades;` and `grades within COND;`: the daily ASTCT rows of every patient (or of a cohort) are
// exactly the rows `grades P` gives for each patient, evidence column aside, whether they come
// from the stored daily-grade projection or from the timelines (stale projection, another
// definition, `as of`).
#include <catch2/catch.hpp>

#include <atomic>

#include "generator/cohort_generator.h"
#include "query/read_path.h"
#include "query/summary_projection.h"
#include "query_test_util.h"

using namespace dayzero;
using namespace dayzero::query;
using namespace dayzero::query::testing;

namespace {

constexpr uint64_t kPatients = 150;
constexpr uint64_t kSeed = 4711;

using Rows = std::vector<std::vector<Value>>;

// A generated cohort appended in two transactions; returns the last seq of the first one.
uint64_t fill_generated(TempStore& db) {
    uint64_t first_last_seq = 0;
    std::vector<store::Event> batch;
    for (uint64_t i = 0; i < kPatients; ++i) {
        auto patient = generator::generate_patient(kSeed, i, kPatients);
        for (auto& e : patient.events)
            batch.push_back(std::move(e));
        if (i + 1 == kPatients / 2) {
            first_last_seq = db.append(std::move(batch)).last_seq;
            batch.clear();
        }
    }
    db.append(std::move(batch));
    return first_last_seq;
}

// The source for_each_patient_grades takes for the store as it is now.
GradesSource grades_source(const store::EventStore& store, const derive::CrsDefinition& def) {
    auto pass = for_each_patient_grades(store, def, [](const PatientGrades&) { return true; });
    REQUIRE(pass.is_ok());
    return pass.value().source;
}

// What the cohort form must give: `grades P<suffix>` for each patient `<selection><suffix>`
// lists, in that order, with the evidence column dropped and the patient put first.
Rows per_patient(QueryEngine& engine, const std::string& selection, const std::string& suffix) {
    const QueryResult ids = run(engine, selection + suffix + ";");
    Rows out;
    for (const auto& id_row : ids.rows) {
        const std::string id = std::get<std::string>(id_row.at(0));
        const QueryResult one = run(engine, "grades " + id + suffix + ";");
        REQUIRE(one.columns.back().name == "evidence");
        for (const auto& row : one.rows) {
            std::vector<Value> cells = {Value{id}};
            cells.insert(cells.end(), row.begin(), row.end() - 1);
            out.push_back(std::move(cells));
        }
    }
    return out;
}

size_t count_fever_days(const QueryResult& r) {
    size_t n = 0;
    const size_t fever = col(r, "fever");
    for (const auto& row : r.rows)
        n += std::get<bool>(row[fever]) ? 1 : 0;
    return n;
}

}  // namespace

TEST_CASE("grades: the whole cohort from the stored daily rows equals grades P per patient") {
    TempStore db;
    fill_generated(db);
    REQUIRE(refresh_projections(db.store()).is_ok());
    db.reopen(true);  // a fresh read-only process: nothing refreshes behind the test's back
    REQUIRE(grades_source(db.store(), {}) == GradesSource::kProjection);

    QueryEngine engine(db.store());
    const QueryResult all = run(engine, "grades;");
    REQUIRE(all.columns.size() == 9);
    CHECK(all.columns.front().name == "patient");
    CHECK(all.columns.back().name == "episode");
    CHECK(all.title == "Daily CRS grade, all patients (ASTCT 2019)");
    const Rows want = per_patient(engine, "patients", "");
    CHECK(all.rows.size() > kPatients * 20);
    CHECK(all.rows == want);
    CHECK(all.message == std::to_string(kPatients) + " patients, " + std::to_string(want.size()) +
                             " patient-days");
    CHECK(count_fever_days(all) > 0);
}

TEST_CASE("grades: another definition, a stale projection and as of derive the same rows") {
    TempStore db;
    const uint64_t mid_seq = fill_generated(db);
    REQUIRE(refresh_projections(db.store()).is_ok());

    SECTION("another definition") {
        db.reopen(true);
        derive::CrsDefinition strict;
        strict.fever_threshold_c = 38.3;
        REQUIRE(grades_source(db.store(), strict) == GradesSource::kTimelines);
        QueryEngine engine(db.store());
        const QueryResult strict_rows = run(engine, "grades with fever 38.3 C;");
        CHECK(strict_rows.rows == per_patient(engine, "patients", " with fever 38.3 C"));
        // The definition changed the answer, so the comparison above is not vacuous.
        CHECK(count_fever_days(strict_rows) < count_fever_days(run(engine, "grades;")));
    }
    SECTION("a stale projection (a read-only process after an unrefreshed write)") {
        auto first = generator::generate_patient(kSeed, 0, kPatients);
        db.append({temp(first.events.front().patient_id, 3, 39.4, 700)});
        db.reopen(true);
        REQUIRE(grades_source(db.store(), {}) == GradesSource::kTimelines);
        QueryEngine engine(db.store());
        CHECK(run(engine, "grades;").rows == per_patient(engine, "patients", ""));
    }
    SECTION("as of a past sequence number") {
        QueryEngine engine(db.store());
        const std::string as_of = " as of seq " + std::to_string(mid_seq);
        const QueryResult past = run(engine, "grades" + as_of + ";");
        const Rows want = per_patient(engine, "patients", as_of);
        CHECK(past.rows == want);
        CHECK(past.message.rfind(std::to_string(kPatients / 2) + " patients,", 0) == 0);
        CHECK(past.notes.back() == "as of seq " + std::to_string(mid_seq));
    }
}

TEST_CASE("grades within: only the rows of the cohort's patients") {
    TempStore db;
    const uint64_t mid_seq = fill_generated(db);
    REQUIRE(refresh_projections(db.store()).is_ok());
    QueryEngine engine(db.store());
    run(engine, "cohort toci = patients where doses(tocilizumab) > 0;");

    const QueryResult toci = run(engine, "grades within toci;");
    const Rows want = per_patient(engine, "patients where toci", "");
    CHECK(toci.rows == want);
    CHECK(toci.title == "Daily CRS grade, within toci (ASTCT 2019)");
    // Grades by a changed definition do not carry the standard's name alone.
    CHECK(run(engine, "grades within toci with fever 39 C;").title ==
          "Daily CRS grade, within toci (ASTCT 2019, modified)");
    const std::string first = std::get<std::string>(want.front().front());
    CHECK(run(engine, "grades " + first + " with gap 1 day;").title ==
          "Daily CRS grade, " + first + " (ASTCT 2019, modified)");
    CHECK(!want.empty());
    CHECK(toci.rows.size() < run(engine, "grades;").rows.size());

    // Several conditions must all hold; a predicate works like a cohort.
    CHECK(run(engine, "grades within toci, severe;").rows ==
          per_patient(engine, "patients where toci and severe", ""));
    CHECK(run(engine, "grades within max_grade >= 3 with gap 1 day;").rows ==
          per_patient(engine, "patients where max_grade >= 3", " with gap 1 day"));

    const std::string as_of = " as of seq " + std::to_string(mid_seq);
    CHECK(run(engine, "grades within severe" + as_of + ";").rows ==
          per_patient(engine, "patients where severe", as_of));
}

TEST_CASE("grades: an unknown cohort and a scope on one patient are errors") {
    TempStore db;
    fill_generated(db);
    QueryEngine engine(db.store());
    const QueryResult unknown = run(engine, "grades within tocii;", false);
    CHECK(!unknown.ok);
    CHECK_THAT(unknown.error, Catch::Contains("Unknown name") && Catch::Contains("'tocii'"));

    const std::string id = std::get<std::string>(run(engine, "patients;").rows.at(0).at(0));
    const QueryResult scoped = run(engine, "grades " + id + " within severe;", false);
    CHECK(!scoped.ok);
    CHECK_THAT(scoped.error, Catch::Contains("shows one patient"));
}

TEST_CASE("grades: the whole-cohort pass reports progress and stops on an interrupt") {
    TempStore db;
    fill_generated(db);
    REQUIRE(refresh_projections(db.store()).is_ok());
    QueryEngine engine(db.store());
    std::vector<std::pair<uint64_t, uint64_t>> reports;
    engine.set_progress([&](uint64_t done, uint64_t total) { reports.emplace_back(done, total); });
    run(engine, "grades;");
    REQUIRE(!reports.empty());
    CHECK(reports.back() == std::make_pair(kPatients, kPatients));

    std::atomic<bool> stop{true};
    engine.set_interrupt_flag(&stop);
    for (const char* text : {"grades;", "grades within severe;", "grades as of seq 10;"}) {
        const QueryResult r = run(engine, text, false);
        CHECK(!r.ok);
        CHECK_THAT(r.error, Catch::Contains("cancelled"));
    }
}
