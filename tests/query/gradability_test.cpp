// Gradability (docs/DERIVATIONS.md §3.1): a patient without any temperature in the grading window
// cannot be graded; its coverage of the grading inputs is the same from the timelines and from
// the stored summaries and daily rows; statements leave it out of what reads the grading and
// name it, and `grades` never shows 0 for its unknown grade.
#include <catch2/catch.hpp>

#include <algorithm>

#include "derive/patient_derivation.h"
#include "query/import_projector.h"
#include "query/read_path.h"
#include "query/summary_projection.h"
#include "query/ungradable_report.h"
#include "query_test_util.h"
#include "summary_fixture.h"

using namespace dayzero;
using namespace dayzero::query;
using namespace dayzero::query::testing;
using store::EventKind;

namespace {

// Infusion, age and sex: the events every patient below has.
std::vector<store::Event> base(const std::string& id, double age) {
    return {ev(id, 0, EventKind::kInfusion, "tisacel", 2.0, 540), baseline(id, "age", age),
            baseline(id, "sex", std::nullopt, "F")};
}

// Fever 38.8 C on days 2-4 (grade 1 CRS), 37.0 on days 0, 1 and 5-28; followed to day 300.
std::vector<store::Event> febrile(const std::string& id, double age) {
    auto out = base(id, age);
    for (int day = 0; day <= 28; ++day)
        out.push_back(temp(id, day, day >= 2 && day <= 4 ? 38.8 : 37.0, 600));
    out.push_back(ev(id, 300, EventKind::kLastFollowup));
    return out;
}

// No temperature at all, but blood pressure on days 1-3, oxygen on day 2, a vasopressor started
// on day 3 and stopped on day 4, tocilizumab on day 3; alive at day 250.
std::vector<store::Event> no_temperature(const std::string& id, double age) {
    auto out = base(id, age);
    for (int day = 1; day <= 3; ++day)
        out.push_back(ev(id, day, EventKind::kSbp, "", 85, 480));
    out.push_back(ev(id, 2, EventKind::kOxygen, "low_flow_nc", 2, 600));
    out.push_back(ev(id, 3, EventKind::kVasopressorStart, "norepinephrine", {}, 600));
    out.push_back(ev(id, 4, EventKind::kVasopressorStop, "norepinephrine", {}, 600));
    out.push_back(dose(id, 3, "tocilizumab", 560, 700));
    out.push_back(ev(id, 250, EventKind::kLastFollowup));
    return out;
}

// Three gradable patients (G1-G3) and two that cannot be graded (U1, U2).
void fill(TempStore& db) {
    db.append(febrile("G1", 40));
    db.append(febrile("G2", 50));
    db.append(febrile("G3", 60));
    db.append(no_temperature("U1", 45));
    db.append(no_temperature("U2", 55));
}

// Appends `events` as one chunked transaction of chunks of `per_chunk`, handing each written
// chunk to `sink` (an import's projector).
void append_chunked(store::EventStore& store, const std::vector<store::Event>& events,
                    store::WrittenChunkSink sink, size_t per_chunk) {
    store::TransactionRequest header;
    header.author = "tester";
    header.source = "test";
    size_t next = 0;
    auto appended = store.append_chunked(
        std::move(header),
        [&](std::vector<store::Event>& chunk) {
            for (; next < events.size() && chunk.size() < per_chunk; ++next)
                chunk.push_back(events[next]);
            return store::Status::ok();
        },
        sink);
    REQUIRE(appended.is_ok());
}

bool has_note(const QueryResult& r, const std::string& note) {
    return std::find(r.notes.begin(), r.notes.end(), note) != r.notes.end();
}

}  // namespace

TEST_CASE("gradability: no temperature in the window means not gradable, with the inputs counted") {
    const auto d = derive::derive_patient("U1", no_temperature("U1", 45));
    const derive::GradingCoverage& c = d.measures.coverage;
    CHECK(c.window_days == 29);
    CHECK(c.temperature_days == 0);
    CHECK(c.sbp_days == 3);
    CHECK(c.oxygen_days == 1);
    CHECK(c.vasopressor_days == 2);
    CHECK(c.dose_days == 1);
    CHECK_FALSE(c.crs_death);
    CHECK_FALSE(c.gradable());
    CHECK(derive::rows_coverage(d.days).gradable() == c.gradable());

    const auto g = derive::derive_patient("G1", febrile("G1", 40));
    CHECK(g.measures.coverage.temperature_days == 29);
    CHECK(g.measures.coverage.gradable());
    CHECK(g.measures.max_grade == 1);
}

TEST_CASE("gradability: temperatures outside the window do not count; one inside does") {
    auto events = base("P", 30);
    events.push_back(temp("P", -1, 39.0));
    events.push_back(temp("P", 29, 39.0));
    CHECK_FALSE(derive::derive_patient("P", events).measures.coverage.gradable());
    events.push_back(temp("P", 28, 36.9));
    const auto d = derive::derive_patient("P", events);
    CHECK(d.measures.coverage.temperature_days == 1);
    CHECK(d.measures.coverage.gradable());
    // A shorter window (the definition's) decides too.
    derive::CrsDefinition def;
    def.window_last_day = 14;
    CHECK_FALSE(derive::derive_patient("P", events, def).measures.coverage.gradable());
}

TEST_CASE(
    "gradability: a CRS death is grade 5 without any temperature; a death before day 0 is not") {
    auto events = base("D", 30);
    events.push_back(ev("D", 6, EventKind::kDeath, "crs"));
    const auto d = derive::derive_patient("D", events);
    CHECK(d.measures.coverage.crs_death);
    CHECK(d.measures.coverage.gradable());
    CHECK(d.measures.max_grade == 5);
    CHECK(derive::rows_coverage(d.days).gradable());

    auto early = base("E", 30);
    early.push_back(ev("E", -2, EventKind::kDeath, "other"));
    const auto e = derive::derive_patient("E", early);
    CHECK(e.measures.coverage.window_days == 0);
    CHECK_FALSE(e.measures.coverage.gradable());
}

TEST_CASE("gradability: stored summaries and daily rows agree with the timelines, field by field") {
    TempStore db;
    fill(db);
    REQUIRE(refresh_projections(db.store()).is_ok());
    size_t visited = 0;
    const StoredPass pass =
        scan_summaries(db.store(), projection_definition(), [&](SummaryView& summary, uint64_t) {
            auto timeline = db.store().timeline(summary.id());
            REQUIRE(timeline.is_ok());
            const auto derived = derive::derive_patient(summary.id(), timeline.value());
            INFO(summary.id());
            same_coverage(summary.scalars().measures.coverage, derived.measures.coverage);
            const auto decoded = summary.decode();
            same_coverage(decoded.derived.measures.coverage, derived.measures.coverage);
            ++visited;
        });
    CHECK(pass.complete);
    CHECK(visited == 5);
    size_t graded_rows = 0;
    auto grades =
        for_each_patient_grades(db.store(), projection_definition(), [&](const PatientGrades& p) {
            auto timeline = db.store().timeline(p.patient_id);
            REQUIRE(timeline.is_ok());
            const auto derived = derive::derive_patient(p.patient_id, timeline.value());
            INFO(p.patient_id);
            CHECK(derive::rows_coverage(p.days).gradable() == derived.measures.coverage.gradable());
            ++graded_rows;
            return true;
        });
    REQUIRE(grades.is_ok());
    CHECK(grades->source == GradesSource::kProjection);
    CHECK(graded_rows == 5);
}

TEST_CASE("gradability: cohort statements leave out who cannot be graded, and say so") {
    TempStore db;
    fill(db);
    // Both paths: the timelines (no projection yet), then the stored summaries.
    for (const bool stored : {false, true}) {
        if (stored) REQUIRE(refresh_projections(db.store()).is_ok());
        INFO((stored ? "stored summaries" : "timelines"));
        QueryEngine engine(db.store());
        const std::string note =
            "2 patients not gradable (no temperature in the grading window) left out: U1, U2";

        auto count = run(engine, "count patients by max_grade;");
        CHECK(cell(count, 0, "n") == "0");  // grade 0: nobody, not the two unknowns
        CHECK(cell(count, 1, "n") == "3");
        CHECK(cell(count, 1, "percent") == "100.0");
        CHECK(has_note(count, note));

        auto by_sex = run(engine, "count patients by sex;");
        REQUIRE(by_sex.rows.size() == 1);
        CHECK(cell(by_sex, 0, "n") == "5");  // nothing graded: everyone counts
        CHECK(by_sex.notes.end() ==
              std::find_if(by_sex.notes.begin(), by_sex.notes.end(), [](const std::string& n) {
                  return n.find("not gradable") != std::string::npos;
              }));

        auto compare = run(engine, "compare crs_days by age > 47;");
        CHECK(cell(compare, 0, "n") == "2");  // G2, G3 (age > 47): U2 left out
        CHECK(cell(compare, 1, "n") == "1");  // G1: U1 left out
        CHECK(has_note(compare, note));

        auto table = run(engine, "table1 by sex: age, max_grade;");
        CHECK(table.columns[1].name == "F (n=5)");  // age: every patient
        CHECK(has_note(table, "max_grade: " + note));

        auto survival = run(engine, "survival os by crs;");
        CHECK(cell(survival, 0, "n") == "3");
        CHECK(has_note(survival, note));
        auto plain = run(engine, "survival os;");
        CHECK(cell(plain, 0, "n") == "5");

        auto cohort = run(engine, "cohort nocrs = patients where not crs;");
        CHECK(cohort.message == "cohort nocrs: 0 patients");
        CHECK(has_note(cohort, note));

        auto shown = run(engine, "patients show max_grade, toci_doses;");
        CHECK(cell(shown, 3, "patient") == "U1");
        CHECK(std::holds_alternative<std::monostate>(shown.rows[3][col(shown, "max_grade")]));
        CHECK(cell(shown, 3, "toci_doses") == "1");
    }
}

TEST_CASE("gradability: grades show an unknown grade as null, never 0; coverage lists the inputs") {
    TempStore db;
    fill(db);
    QueryEngine engine(db.store());
    auto grades = run(engine, "grades U1;");
    REQUIRE(grades.rows.size() == 29);
    for (const auto& row : grades.rows) {
        CHECK(std::holds_alternative<std::monostate>(row[col(grades, "grade")]));
        CHECK(std::holds_alternative<std::monostate>(row[col(grades, "fever")]));
    }
    CHECK(cell(grades, 3, "hypotension") == "3");  // the observations stay
    CHECK(has_note(grades,
                   "U1 cannot be graded (no temperature in the grading window): fever "
                   "and grade are unknown, not 0 (coverage U1;)"));

    auto coverage = run(engine, "coverage;");
    CHECK(coverage.message == "5 patients, 2 not gradable");
    REQUIRE(coverage.rows.size() == 5);
    CHECK(cell(coverage, 3, "patient") == "U1");
    CHECK(cell(coverage, 3, "window_days") == "29");
    CHECK(cell(coverage, 3, "temp_days") == "0");
    CHECK(cell(coverage, 3, "sbp_days") == "3");
    CHECK(cell(coverage, 3, "oxygen_days") == "1");
    CHECK(cell(coverage, 3, "vasopressor_days") == "2");
    CHECK(cell(coverage, 3, "dose_days") == "1");
    CHECK(cell(coverage, 3, "gradable") == "no");
    CHECK(cell(coverage, 0, "temp_days") == "29");
    CHECK(cell(coverage, 0, "gradable") == "yes");

    auto one = run(engine, "coverage G2;");
    REQUIRE(one.rows.size() == 1);
    CHECK(cell(one, 0, "patient") == "G2");
    CHECK(cell(one, 0, "gradable") == "yes");
}

TEST_CASE("gradability: the import report names the touched patients that cannot be graded") {
    TempStore db;
    fill(db);
    const uint64_t after_first = db.store().last_seq();
    auto all = ungradable_since(db.store(), 0);
    REQUIRE(all.is_ok());
    CHECK(ungradable_import_line(all.value()) ==
          "2 patients have no temperature in the grading window and cannot be graded: U1, U2");
    // A later transaction touching only U2 (and a gradable patient) names U2 alone, from the
    // stored summaries as from the timelines.
    db.append({ev("U2", 30, EventKind::kLastFollowup), ev("G1", 301, EventKind::kLastFollowup)});
    for (const bool stored : {false, true}) {
        if (stored) REQUIRE(refresh_projections(db.store()).is_ok());
        auto later = ungradable_since(db.store(), after_first);
        REQUIRE(later.is_ok());
        CHECK(ungradable_import_line(later.value()) ==
              "1 patient has no temperature in the grading window and cannot be graded: U2");
    }
    UngradedList many;
    for (int i = 1; i <= 13; ++i)
        many.add("P" + std::to_string(100 + i));
    CHECK(many.names() == "P101, P102, P103, P104, P105, P106, P107, P108, P109, P110 and 3 more");
}

TEST_CASE(
    "gradability: an import's projector names the ungradable patients the stored summaries "
    "name") {
    // The import report takes the list from what the projector derived when it derived every
    // patient the import touched, and reads the stored summaries back otherwise: both lists must
    // be the same, in the same order (patients arrive here out of their id order).
    TempStore db;
    db.append(febrile("G0", 30));
    const uint64_t before = db.store().last_seq();
    std::vector<store::Event> events;
    for (auto patient : {no_temperature("U9", 55), febrile("G1", 40), no_temperature("U1", 45),
                         febrile("G2", 50), no_temperature("U5", 65)}) {
        events.insert(events.end(), patient.begin(), patient.end());
    }
    const bool touches_stored = GENERATE(false, true);
    INFO((touches_stored ? "a stored patient touched too" : "new patients only"));
    if (touches_stored) events.push_back(ev("G0", 301, EventKind::kLastFollowup));
    const size_t per_chunk = GENERATE(size_t{7}, size_t{1000});
    ImportProjector projector(db.store());
    append_chunked(db.store(), events, projector.sink(), per_chunk);
    DerivedPatients derived = projector.finish();
    auto from_import = ungradable_from_import(derived, before, db.store().last_seq());
    REQUIRE(refresh_projections(db.store(), {}, nullptr, &derived).is_ok());
    auto stored = ungradable_since(db.store(), before);
    REQUIRE(stored.is_ok());
    CHECK(ungradable_import_line(stored.value()) ==
          "3 patients have no temperature in the grading window and cannot be graded: U1, U5, "
          "U9");
    if (touches_stored) {
        CHECK_FALSE(from_import.has_value());  // G0 was left to the refresh
    } else {
        REQUIRE(from_import.has_value());
        CHECK(ungradable_import_line(*from_import) == ungradable_import_line(stored.value()));
    }
    // Not the import's range: never from the projector.
    CHECK_FALSE(ungradable_from_import(derived, 0, db.store().last_seq()).has_value());
    CHECK_FALSE(ungradable_from_import(derived, before, db.store().last_seq() + 1).has_value());
}
