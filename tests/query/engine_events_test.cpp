// QueryEngine end to end on a small store: the events statement and name checking.
#include <catch2/catch.hpp>

#include "query_test_util.h"

using namespace dayzero;
using namespace dayzero::query;
using namespace dayzero::query::testing;
using store::EventKind;

namespace {

void fill(TempStore& db) {
    db.append({
        ev("P007", 0, EventKind::kInfusion, "tisacel", 1.0),
        temp("P007", -2, 36.8),
        temp("P007", 1, 38.6, 600),
        dose("P007", 2, "tocilizumab", 560, 480),
        ev("P007", 3, EventKind::kLab, "IL6", 1200.0),
        temp("P007", 20, 37.0),
        temp("P008", 1, 37.2),
    });
}

}  // namespace

TEST_CASE("events P007 days -1 to 14 lists that window in timeline order") {
    TempStore db;
    fill(db);
    QueryEngine engine(db.store());
    const QueryResult r = run(engine, "events P007 days -1 to 14;");
    REQUIRE(r.rows.size() == 4);
    CHECK(cell(r, 0, "kind") == "infusion");
    CHECK(cell(r, 1, "day") == "1");
    CHECK(cell(r, 1, "time") == "10:00");
    CHECK(cell(r, 1, "value") == "38.6");
    CHECK(cell(r, 2, "code") == "tocilizumab");
    CHECK(cell(r, 3, "code") == "IL6");
}

TEST_CASE("events filtered by kind and code; all patients when none is named") {
    TempStore db;
    fill(db);
    QueryEngine engine(db.store());
    QueryResult r = run(engine, "events P007 kinds temp;");
    CHECK(r.rows.size() == 3);
    r = run(engine, "events kinds temp days 1 to 1;");
    REQUIRE(r.rows.size() == 2);
    CHECK(cell(r, 0, "patient") == "P007");
    CHECK(cell(r, 1, "patient") == "P008");
    r = run(engine, "events codes il6;");
    CHECK(r.rows.size() == 1);
}

TEST_CASE("unknown patient, kind and code suggest the nearest valid name") {
    TempStore db;
    fill(db);
    QueryEngine engine(db.store());
    QueryResult r = run(engine, "events P070;", false);
    CHECK_FALSE(r.ok);
    CHECK(r.error.find("Unknown name at 1:8: no patient 'P070' in the store, did you mean") !=
          std::string::npos);
    r = run(engine, "events P007 kinds tmp;", false);
    CHECK(r.error.find("no event kind 'tmp', did you mean 'temp'?") != std::string::npos);
    r = run(engine, "events P007 codes tocilizumb;", false);
    CHECK(r.error.find("did you mean 'tocilizumab'?") != std::string::npos);
}

TEST_CASE("execution stops at the first failing statement") {
    TempStore db;
    fill(db);
    QueryEngine engine(db.store());
    const auto results = engine.execute("events P007; events nobody; events P008;");
    REQUIRE(results.size() == 2);
    CHECK(results[0].ok);
    CHECK_FALSE(results[1].ok);
    CHECK(QueryEngine::is_complete("events P007;  -- done"));
    CHECK_FALSE(QueryEngine::is_complete("events P007"));
}

TEST_CASE("as of a sequence number hides later events") {
    TempStore db;
    fill(db);
    db.append({temp("P007", 4, 39.5)});
    QueryEngine engine(db.store());
    CHECK(run(engine, "events P007 kinds temp;").rows.size() == 4);
    const QueryResult r = run(engine, "events P007 kinds temp as of seq 7;");
    CHECK(r.rows.size() == 3);
    CHECK(r.notes.back() == "as of seq 7");
}
