// Streamed results (query/row_sink.h): the events, daily grades and episodes of many patients go to
// the sink while the statement runs — the same rows, in the same order, as the result would hold —
// and the first rows arrive before the last patient is read, so an interrupt raised at the first
// row stops the statement with most of the trial unread.
#include <catch2/catch.hpp>

#include <atomic>

#include "generator/cohort_generator.h"
#include "query/row_sink.h"
#include "query/summary_projection.h"
#include "query_test_util.h"

using namespace dayzero;
using namespace dayzero::query;
using namespace dayzero::query::testing;

namespace {

constexpr uint64_t kPatients = 60;

void fill_generated(TempStore& db) {
    std::vector<store::Event> batch;
    for (uint64_t i = 0; i < kPatients; ++i) {
        auto patient = generator::generate_patient(99, i, kPatients);
        for (auto& e : patient.events)
            batch.push_back(std::move(e));
    }
    db.append(std::move(batch));
}

// Keeps what it receives; optionally raises `stop` at the first row, as Ctrl-C would.
struct RecordingSink : RowSink {
    std::vector<QueryResult> heads;
    std::vector<std::vector<Value>> rows;
    std::atomic<bool>* stop = nullptr;
    void begin(const QueryResult& head) override { heads.push_back(head); }
    void row(const std::vector<Value>& cells) override {
        rows.push_back(cells);
        if (stop != nullptr) stop->store(true);
    }
};

}  // namespace

TEST_CASE("streamed rows: a sink receives exactly the rows the result would hold") {
    TempStore db;
    fill_generated(db);
    for (const bool projected : {false, true}) {
        if (projected) REQUIRE(refresh_projections(db.store()).is_ok());
        for (const char* text : {"grades;", "grades within max_grade >= 2;", "episodes;", "events;",
                                 "events kinds temp days 0 to 3;", "grades as of seq 40;",
                                 "episodes where max_grade >= 3;"}) {
            CAPTURE(text, projected);
            QueryEngine engine(db.store());
            const QueryResult held = run(engine, text);
            REQUIRE_FALSE(held.streamed);
            REQUIRE(held.rows.size() > 0);

            RecordingSink sink;
            engine.set_row_sink(&sink);
            const QueryResult streamed = run(engine, text);
            CHECK(streamed.streamed);
            CHECK(streamed.rows.empty());
            CHECK(streamed.row_count() == held.rows.size());
            CHECK(streamed.message == held.message);
            CHECK(streamed.notes == held.notes);
            REQUIRE(sink.heads.size() == 1);
            CHECK(sink.heads[0].title == held.title);
            CHECK(sink.heads[0].columns.size() == held.columns.size());
            CHECK(sink.rows == held.rows);
        }
    }
}

TEST_CASE("streamed rows: the first rows arrive before the last patient is read") {
    TempStore db;
    fill_generated(db);
    REQUIRE(refresh_projections(db.store()).is_ok());
    for (const char* text : {"grades;", "episodes;", "events;"}) {
        CAPTURE(text);
        QueryEngine engine(db.store());
        const size_t all_rows = run(engine, text).rows.size();
        std::atomic<bool> stop{false};
        RecordingSink sink;
        sink.stop = &stop;
        engine.set_interrupt_flag(&stop);
        engine.set_row_sink(&sink);
        const QueryResult r = run(engine, text, false);
        CHECK_FALSE(r.ok);
        CHECK_THAT(r.error, Catch::Contains("cancelled"));
        CHECK(!sink.rows.empty());
        CHECK(sink.rows.size() < all_rows / 4);
    }
}

TEST_CASE("streamed rows: one patient's tables and small results are never streamed") {
    TempStore db;
    fill_generated(db);
    QueryEngine engine(db.store());
    RecordingSink sink;
    engine.set_row_sink(&sink);
    const std::string id = std::get<std::string>(run(engine, "patients;").rows.at(0).at(0));
    // The case-report figure reads the course that `grades P` carries with its rows.
    const QueryResult one = run(engine, "grades " + id + ";");
    CHECK_FALSE(one.streamed);
    CHECK_FALSE(one.rows.empty());
    CHECK(one.course != nullptr);
    CHECK_FALSE(run(engine, "events " + id + ";").streamed);
    CHECK_FALSE(run(engine, "episodes " + id + ";").streamed);
    CHECK_FALSE(run(engine, "count patients by max_grade;").streamed);
    CHECK(sink.heads.empty());
}
