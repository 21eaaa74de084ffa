// db::Database, the one writer: every write leaves the read models current, a writer's open
// repairs stale ones, and corrections follow one set of rules whoever asks for them.
#include <catch2/catch.hpp>

#include <filesystem>
#include <random>
#include <sstream>

#include "db/database.h"
#include "query/days_projection.h"
#include "query/summary_projection.h"
#include "tests/db/signer.h"

using namespace dayzero;

namespace {

// A unique folder for one test's store, removed afterwards.
class TempDir {
  public:
    TempDir() {
        std::random_device rd;
        path_ = std::filesystem::temp_directory_path() /
                ("dz_db_test_" + std::to_string(rd()) + std::to_string(rd()));
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    std::string store() const { return (path_ / "s.db").string(); }

  private:
    std::filesystem::path path_;
};

const std::string kCohort = std::string(DAYZERO_SOURCE_DIR) + "/examples/cohort45/events.csv";
constexpr int64_t kClock = 1'780'000'000'000'000;

std::unique_ptr<db::Database> open_writer(const std::string& path) {
    db::DatabaseOptions options;
    options.author = "tester";
    options.fixed_clock_us = kClock;
    auto opened = db::Database::open(path, options);
    REQUIRE(opened.is_ok());
    return std::move(opened).value();
}

void import_cohort(db::Database& database) {
    std::ostringstream out, err;
    const auto summary = database.import({kCohort}, {}, out, err);
    INFO(err.str());
    REQUIRE(summary.ok);
    REQUIRE(database.read_model_note().empty());
}

// Both read models reflect the end of the log.
bool read_models_current(const store::EventStore& store) {
    return store.projection_seq(query::kSummaryProjection) == store.last_seq() &&
           store.projection_seq(query::kDaysProjection) == store.last_seq() &&
           query::load_vocabulary(store).has_value();
}

// The first event of `kind` in P0001's timeline.
store::Event first_of(const store::EventStore& store, store::EventKind kind) {
    auto timeline = store.timeline("P0001");
    REQUIRE(timeline.is_ok());
    for (const auto& e : timeline.value()) {
        if (e.kind == kind) return e;
    }
    FAIL("P0001 has no such event");
    return {};
}

query::Amendment amend_value(uint64_t seq, double value, std::string unit) {
    query::Amendment request;
    request.seq = seq;
    request.value = value;
    request.unit = std::move(unit);
    request.reason = "transcription error";
    return request;
}

}  // namespace

TEST_CASE("an import leaves both read models current") {
    TempDir dir;
    auto database = open_writer(dir.store());
    import_cohort(*database);
    CHECK(database->store().last_seq() == 20046);
    CHECK(read_models_current(database->store()));
}

TEST_CASE("amend, retract and sign leave the read models current") {
    TempDir dir;
    auto database = open_writer(dir.store());
    import_cohort(*database);
    const store::Event temp = first_of(database->store(), store::EventKind::kTemp);
    REQUIRE(database->amend(amend_value(temp.seq, 39.5, "C")).is_ok());
    CHECK(read_models_current(database->store()));
    REQUIRE(database->retract({temp.seq + 1, "duplicate", ""}).is_ok());
    CHECK(read_models_current(database->store()));
    const auto lee = db::testing::registered_signer(*database, "Dr Lee");
    CHECK(read_models_current(database->store()));
    REQUIRE(database->sign(lee.signing(1, "reviewed")).is_ok());
    CHECK(read_models_current(database->store()));
}

TEST_CASE("a writer's open brings stale read models up to date; a reader's does not write") {
    TempDir dir;
    import_cohort(*open_writer(dir.store()));
    {
        // A write behind the writer's back (as a crash between a commit and its refresh leaves).
        auto raw = store::EventStore::open(dir.store());
        REQUIRE(raw.is_ok());
        store::TransactionRequest request;
        request.events.push_back(first_of(*raw.value(), store::EventKind::kTemp));
        request.events.back().day = 3;
        request.source = "test";
        REQUIRE(raw.value()->append(std::move(request)).is_ok());
        CHECK_FALSE(read_models_current(*raw.value()));
    }
    {
        db::DatabaseOptions read_only;
        read_only.read_only = true;
        auto reader = db::Database::open(dir.store(), read_only);
        REQUIRE(reader.is_ok());
        CHECK_FALSE(read_models_current(reader.value()->store()));
    }
    auto database = open_writer(dir.store());
    CHECK(read_models_current(database->store()));
}

TEST_CASE("an amended temperature in F is converted as an import converts it") {
    TempDir dir;
    auto database = open_writer(dir.store());
    import_cohort(*database);
    const store::Event temp = first_of(database->store(), store::EventKind::kTemp);
    auto info = database->amend(amend_value(temp.seq, 101.3, "F"));
    INFO(info.status().message());
    REQUIRE(info.is_ok());
    const store::Event amended = database->store().event(info->first_seq).value();
    CHECK(amended.value == (101.3 - 32.0) * 5.0 / 9.0);
    CHECK(amended.unit == "C");
    CHECK(amended.original == "101.3 F");
    CHECK(amended.recorded_by == "tester");
    CHECK(amended.source == "shell");  // entered now, not copied from the file
    CHECK(amended.source_line == 0);
}

TEST_CASE("an amendment the import rules refuse writes nothing") {
    TempDir dir;
    auto database = open_writer(dir.store());
    import_cohort(*database);
    const uint64_t before = database->store().last_seq();
    const store::Event sbp = first_of(database->store(), store::EventKind::kSbp);
    auto wrong_unit = database->amend(amend_value(sbp.seq, 39.4, "C"));
    REQUIRE_FALSE(wrong_unit.is_ok());
    CHECK(wrong_unit.status().message().find("unknown unit") != std::string::npos);
    const store::Event temp = first_of(database->store(), store::EventKind::kTemp);
    auto implausible = database->amend(amend_value(temp.seq, 95, "C"));
    REQUIRE_FALSE(implausible.is_ok());
    CHECK(implausible.status().message().find("amend refused") == 0);
    // A day no import would take (day 5000, without --allow-any-day) is refused too.
    query::Amendment far;
    far.seq = temp.seq;
    far.day = 5000;
    far.reason = "typo";
    auto far_day = database->amend(far);
    REQUIRE_FALSE(far_day.is_ok());
    CHECK(far_day.status().message() == "amend refused: day 5000 for seq " +
                                            std::to_string(temp.seq) +
                                            " is outside -30..3650, the days an import takes");
    CHECK(database->store().last_seq() == before);
}

TEST_CASE("the fixed clock records each commit 1 s after the one before") {
    TempDir dir;
    auto database = open_writer(dir.store());
    import_cohort(*database);
    const store::Event temp = first_of(database->store(), store::EventKind::kTemp);
    // A refused write does not move the clock.
    REQUIRE_FALSE(database->amend(amend_value(temp.seq, 95, "C")).is_ok());
    auto info = database->amend(amend_value(temp.seq, 39.5, "C"));
    REQUIRE(info.is_ok());
    CHECK(database->store().transaction(1)->recorded_at_us == kClock);
    CHECK(info->recorded_at_us == kClock + 1'000'000);
}
