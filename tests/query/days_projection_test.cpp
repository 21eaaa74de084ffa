// The stored daily-grade projection (query.days): written with the summaries by
// refresh_projections, served by for_each_patient_grades while current, and equal patient by
// patient, field by field, to derive_patient from the events; anything stale, foreign or
// malformed takes the timelines and gives the same grades.
#include <catch2/catch.hpp>

#include <algorithm>

#include "days_grades_check.h"
#include "generator/cohort_generator.h"
#include "query/days_projection.h"
#include "query/read_path.h"
#include "query/summary_projection.h"
#include "query_test_util.h"

using namespace dayzero;
using namespace dayzero::query;
using namespace dayzero::query::testing;

namespace {

constexpr uint64_t kPatients = 240;
constexpr uint64_t kSeed = 2029;

// A generated cohort of kPatients, appended 60 patients per transaction, plus one patient whose
// highest temperature is no tenth of a degree (stored in full rather than as tenths).
void fill_generated(TempStore& db) {
    std::vector<store::Event> batch;
    for (uint64_t i = 0; i < kPatients; ++i) {
        auto patient = generator::generate_patient(kSeed, i, kPatients);
        for (auto& e : patient.events)
            batch.push_back(std::move(e));
        if ((i + 1) % 60 == 0) {
            db.append(std::move(batch));
            batch.clear();
        }
    }
    batch.push_back(ev("Q001", 0, store::EventKind::kInfusion, "tisacel", 2.0, 540));
    for (int day = 0; day <= 6; ++day)
        batch.push_back(temp("Q001", day, day == 2 ? 38.123456789 : 36.95, 600));
    db.append(std::move(batch));
}

// What a pass gave: the source, and every patient's first difference from the truth.
struct PassCheck {
    GradesPass pass;
    std::vector<std::string> visited;
    std::vector<std::string> differences;
};

PassCheck check_pass(const store::EventStore& store, const derive::CrsDefinition& def = {}) {
    const auto truth = testing::derive_all(store, def);
    REQUIRE(truth.size() >= kPatients);  // the cohort, give or take the test's own changes
    PassCheck out;
    auto pass = for_each_patient_grades(store, def, [&](const PatientGrades& got) {
        out.visited.push_back(got.patient_id);
        auto want = truth.find(got.patient_id);
        if (want == truth.end()) {
            out.differences.push_back(got.patient_id + ": not a patient");
        } else if (auto d = diff_grades(got, want->second); !d.empty()) {
            out.differences.push_back(got.patient_id + ": " + d);
        }
        return true;
    });
    REQUIRE(pass.is_ok());
    out.pass = pass.value();
    // Each patient exactly once, in id order.
    std::vector<std::string> ids;
    for (const auto& [id, derived] : truth)
        ids.push_back(id);
    CHECK(out.visited == ids);
    return out;
}

// Writes `entries` into the daily-grade projection, keeping its stamp current.
void overwrite(TempStore& db, std::vector<std::pair<std::string, std::string>> entries) {
    REQUIRE(db.store()
                .write_projection(kDaysProjection, entries, db.store().last_seq(), false)
                .is_ok());
}

// The first event of `patient` with `kind` and `code` ("" = any) from day 0 on.
store::Event first_event(TempStore& db, const std::string& patient, store::EventKind kind,
                         const std::string& code = {}) {
    auto timeline = db.store().timeline(patient);
    REQUIRE(timeline.is_ok());
    for (const auto& e : timeline.value()) {
        if (e.kind == kind && e.day >= 0 && (code.empty() || e.code == code)) return e;
    }
    FAIL("no such event for " + patient);
    return {};
}

// The first patient (in id order) of `truth` for whom `pick` holds.
template <typename Pick>
std::string first_patient(const std::map<std::string, derive::PatientDerivation>& truth,
                          Pick&& pick) {
    for (const auto& [id, derived] : truth) {
        if (pick(derived)) return id;
    }
    FAIL("no such patient");
    return {};
}

}  // namespace

TEST_CASE("days projection: stored rows and episodes equal the derivation from the events") {
    TempStore db;
    fill_generated(db);
    const PassCheck before = check_pass(db.store());
    CHECK(before.pass.source == GradesSource::kTimelines);  // never written yet
    CHECK(before.differences.empty());

    auto refreshed = refresh_projections(db.store());
    REQUIRE(refreshed.is_ok());
    CHECK(db.store().projection_seq(kDaysProjection) == db.store().last_seq());
    db.reopen(true);  // a fresh read-only process
    const PassCheck after = check_pass(db.store());
    CHECK(after.pass.source == GradesSource::kProjection);
    CHECK(after.pass.from_projection == kPatients + 1);
    CHECK(after.pass.from_timelines == 0);
    CHECK(after.pass.why_timelines.empty());
    CHECK(after.differences == std::vector<std::string>{});

    // The cohort is not trivial: episodes, masked days, vasopressors and positive pressure occur.
    const auto truth = testing::derive_all(db.store(), {});
    size_t episodes = 0, masked = 0, pressors = 0, ventilated = 0;
    for (const auto& [id, d] : truth) {
        episodes += d.episodes.size();
        for (const auto& row : d.days) {
            masked += row.masked && !row.fever ? 1 : 0;
            pressors += row.hypotension_level >= 3 ? 1 : 0;
            ventilated += row.hypoxia_level == 4 ? 1 : 0;
        }
    }
    CHECK(episodes > kPatients / 2);
    CHECK(masked > 0);
    CHECK(pressors > 0);
    CHECK(ventilated > 0);
}

TEST_CASE("days projection: after an amend and a retract the refresh stores the new grades") {
    TempStore db;
    fill_generated(db);
    REQUIRE(refresh_projections(db.store()).is_ok());
    const auto old_truth = testing::derive_all(db.store(), {});

    // A patient without CRS gets a fever on day 0; a treated patient's first tocilizumab dose
    // is withdrawn (so masking changes).
    const std::string calm = first_patient(old_truth, [](const auto& d) {
        return d.episodes.empty() && !d.days.empty() && d.days[0].tmax_c;
    });
    const std::string treated = first_patient(old_truth, [](const auto& d) {
        return !d.episodes.empty() && d.episodes[0].toci_doses > 0;
    });
    store::Event amend = first_event(db, calm, store::EventKind::kTemp);
    amend.correction = store::Correction::kAmend;
    amend.target_seq = amend.seq;
    amend.day = 0;
    amend.value = 39.4;
    amend.reason = "transcription error";
    store::Event retract = first_event(db, treated, store::EventKind::kDose, "tocilizumab");
    retract.correction = store::Correction::kRetract;
    retract.target_seq = retract.seq;
    retract.reason = "wrong patient";
    db.append({amend, retract});

    const PassCheck stale = check_pass(db.store());
    CHECK(stale.pass.source == GradesSource::kTimelines);
    CHECK(stale.differences.empty());

    auto refreshed = refresh_projections(db.store());
    REQUIRE(refreshed.is_ok());
    CHECK_FALSE(refreshed->rebuilt);
    CHECK(refreshed->patients_derived == 2);
    const PassCheck current = check_pass(db.store());
    CHECK(current.pass.source == GradesSource::kProjection);
    CHECK(current.differences == std::vector<std::string>{});
    // The corrections changed both patients' grades, and the stored rows followed them.
    const auto new_truth = testing::derive_all(db.store(), {});
    CHECK(new_truth.at(calm).episodes.size() == 1);
    CHECK(diff_grades({calm, new_truth.at(calm).days, new_truth.at(calm).episodes},
                      old_truth.at(calm)) != "");
    CHECK(new_truth.at(treated).episodes.at(0).toci_doses <
          old_truth.at(treated).episodes.at(0).toci_doses);
}

TEST_CASE("days projection: a new patient and a withdrawn patient are kept in step") {
    TempStore db;
    fill_generated(db);
    REQUIRE(refresh_projections(db.store()).is_ok());
    // P0007a arrives (its entry sorts between existing ones); every event of P0007 is retracted,
    // so P0007 leaves the scans and must leave the projection.
    std::vector<store::Event> batch;
    for (auto& e : generator::generate_patient(kSeed + 1, 3, kPatients).events) {
        e.patient_id = "P0007a";
        batch.push_back(std::move(e));
    }
    auto timeline = db.store().timeline("P0007");
    REQUIRE(timeline.is_ok());
    for (const auto& e : timeline.value()) {
        store::Event r = e;
        r.correction = store::Correction::kRetract;
        r.target_seq = e.seq;
        r.reason = "consent withdrawn";
        batch.push_back(std::move(r));
    }
    db.append(std::move(batch));
    auto refreshed = refresh_projections(db.store());
    REQUIRE(refreshed.is_ok());
    CHECK_FALSE(refreshed->rebuilt);
    const PassCheck check = check_pass(db.store());
    CHECK(check.pass.source == GradesSource::kProjection);
    CHECK(check.pass.from_projection == kPatients + 1);  // one in, one out
    CHECK(std::count(check.visited.begin(), check.visited.end(), "P0007a") == 1);
    CHECK(std::count(check.visited.begin(), check.visited.end(), "P0007") == 0);
    CHECK(check.differences == std::vector<std::string>{});
}

TEST_CASE("days projection: a stale stamp or another definition takes the timelines") {
    TempStore db;
    fill_generated(db);
    REQUIRE(refresh_projections(db.store()).is_ok());

    derive::CrsDefinition higher;
    higher.fever_threshold_c = 38.3;
    const PassCheck other = check_pass(db.store(), higher);
    CHECK(other.pass.source == GradesSource::kTimelines);
    CHECK(other.pass.why_timelines.find("another definition") != std::string::npos);
    CHECK(other.differences.empty());

    derive::CrsDefinition gap1;
    gap1.gap_days = 1;
    const PassCheck gap = check_pass(db.store(), gap1);
    CHECK(gap.pass.source == GradesSource::kTimelines);
    CHECK(gap.differences.empty());

    db.append({temp("P0005", 3, 40.1, 1300)});
    const PassCheck stale = check_pass(db.store());
    CHECK(stale.pass.source == GradesSource::kTimelines);
    CHECK(stale.pass.why_timelines.find("older than the log") != std::string::npos);
    CHECK(stale.differences.empty());
}

TEST_CASE("days projection: a malformed, missing or foreign entry never gives other grades") {
    TempStore db;
    fill_generated(db);
    REQUIRE(refresh_projections(db.store()).is_ok());
    const std::string victim = "P0100";  // the 100th patient: 99 come from the projection first
    size_t stored = 99;

    SECTION("truncated entry") {
        std::string bytes;
        REQUIRE(db.store()
                    .scan_projection(kDaysProjection,
                                     [&](std::string_view key, std::string_view value) {
                                         if (key == "p" + victim) bytes = std::string(value);
                                         return bytes.empty();
                                     })
                    .is_ok());
        REQUIRE(bytes.size() > 4);
        bytes.resize(bytes.size() - 3);
        overwrite(db, {{"p" + victim, bytes}});
    }
    SECTION("another codec version") {
        overwrite(db, {{"p" + victim, "\x7f\x01"}});
    }
    SECTION("grade out of range") {
        // version · one row: day 0, no flags, levels 0, grade 9 · no episodes
        overwrite(db, {{"p" + victim, std::string("\x01\x01\x00\x00\x00\x00\x09\x00\x00", 9)}});
    }
    SECTION("missing entry") {
        overwrite(db, {{"p" + victim, ""}});
    }
    SECTION("entry of a patient not in the header") {
        overwrite(db, {{"p" + victim + "x", "\x01"}});
        stored = 100;  // it sorts right after the victim's own entry
    }

    db.reopen(true);
    const PassCheck check = check_pass(db.store());
    CHECK(check.pass.source == GradesSource::kMixed);
    CHECK(check.pass.from_projection == stored);
    CHECK(check.pass.from_timelines == kPatients + 1 - stored);
    CHECK_FALSE(check.pass.why_timelines.empty());
    CHECK(check.differences == std::vector<std::string>{});
}

TEST_CASE("days projection: a bad header takes the timelines for every patient") {
    TempStore db;
    fill_generated(db);
    REQUIRE(refresh_projections(db.store()).is_ok());
    SECTION("malformed") {
        overwrite(db, {{"h", "\x01\x05"}});
    }
    SECTION("stamped for another point") {
        overwrite(db, {{"h", encode_days_header(3, derive::CrsDefinition{}.describe(), {})}});
    }
    const PassCheck check = check_pass(db.store());
    CHECK(check.pass.source == GradesSource::kTimelines);
    CHECK(check.pass.from_projection == 0);
    CHECK(check.differences.empty());

    // A writer's refresh repairs it (the daily rows no longer match the summaries' stamp).
    auto refreshed = refresh_projections(db.store());
    REQUIRE(refreshed.is_ok());
    CHECK(refreshed->rebuilt);
    CHECK(check_pass(db.store()).pass.source == GradesSource::kProjection);
}

TEST_CASE("days projection: a store whose summaries predate it gets it at the next refresh") {
    TempStore db;
    fill_generated(db);
    REQUIRE(refresh_projections(db.store()).is_ok());
    // As a store written before the projection existed: current summaries, no daily rows.
    REQUIRE(db.store().write_projection(kDaysProjection, {}, 0, true).is_ok());
    CHECK(check_pass(db.store()).pass.source == GradesSource::kTimelines);
    auto refreshed = refresh_projections(db.store());
    REQUIRE(refreshed.is_ok());
    CHECK(refreshed->rebuilt);
    const PassCheck check = check_pass(db.store());
    CHECK(check.pass.source == GradesSource::kProjection);
    CHECK(check.differences.empty());
}

TEST_CASE("days projection: the visitor can stop the stream") {
    TempStore db;
    fill_generated(db);
    REQUIRE(refresh_projections(db.store()).is_ok());
    size_t seen = 0;
    auto pass =
        for_each_patient_grades(db.store(), {}, [&](const PatientGrades&) { return ++seen < 5; });
    REQUIRE(pass.is_ok());
    CHECK(seen == 5);
    CHECK(pass->source == GradesSource::kProjection);
    CHECK(pass->from_projection == 5);
}
