// Corrections (amend, retract), validation of bad events, optimistic concurrency.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include "store_test_util.h"

using namespace dayzero::store;
using namespace dayzero::store::testing;

namespace {

Event correction(Correction kind, uint64_t target, std::string reason, int32_t day = 1,
                 std::optional<double> value = 37.0) {
    Event e = make_event("P", day, std::nullopt, EventKind::kTemp, value);
    e.correction = kind;
    e.target_seq = target;
    e.reason = std::move(reason);
    return e;
}

std::vector<uint64_t> seqs_of(const std::vector<Event>& events) {
    std::vector<uint64_t> out;
    for (const auto& e : events)
        out.push_back(e.seq);
    return out;
}

}  // namespace

TEST_CASE("amend and retract: applied in the current view, both kept in the history") {
    TempDir dir;
    auto store = open_store(dir.sub("db"));
    must_append(*store, request_of({make_event("P", 1, std::nullopt), make_event("P", 2, 600),
                                    make_event("P", 3, std::nullopt)}));
    // Amend seq 1 twice (the latest wins, and it moves the event to day 4); retract seq 2.
    must_append(*store, request_of({correction(Correction::kAmend, 1, "typo", 1, 38.1)}));
    must_append(*store, request_of({correction(Correction::kAmend, 1, "wrong day", 4, 38.2),
                                    correction(Correction::kRetract, 2, "wrong patient")}));

    auto current = store->timeline("P").value();
    REQUIRE(current.size() == 2);
    CHECK(current[0].seq == 3);
    CHECK(current[1].seq == 1);  // keeps its identity
    CHECK(current[1].day == 4);
    CHECK(current[1].value == std::optional<double>(38.2));

    TimelineQuery history;
    history.apply_corrections = false;
    auto raw = store->timeline("P", history).value();
    CHECK(seqs_of(raw) == std::vector<uint64_t>{1, 4, 2, 6, 3, 5});
    CHECK(raw[1].correction == Correction::kAmend);
    CHECK(raw[1].reason == "typo");
    CHECK(raw[3].correction == Correction::kRetract);
    CHECK(raw[3].day == 2);  // a retraction sits beside what it withdraws
    CHECK(raw[3].minute == std::optional<uint16_t>(600));

    auto fixes = store->corrections_of(1).value();
    CHECK(seqs_of(fixes) == std::vector<uint64_t>{4, 5});
    CHECK(store->corrections_of(3).value().empty());
    CHECK(store->corrections_of(99).status().code() == StatusCode::kNotFound);

    TimelineQuery day_range;  // the amendment moved seq 1 into day 4
    day_range.day_from = 4;
    CHECK(seqs_of(store->timeline("P", day_range).value()) == std::vector<uint64_t>{1});
    CHECK(store->verify().ok);
}

TEST_CASE("a correction may take its reason from the transaction and its patient from the target") {
    TempDir dir;
    auto store = open_store(dir.sub("db"));
    must_append(*store, request_of({make_event("P", 1, std::nullopt)}));
    Event retract = correction(Correction::kRetract, 1, "");
    retract.patient_id.clear();
    TransactionRequest req = request_of({retract});
    req.reason = "duplicate entry";
    must_append(*store, req);
    auto e = store->event(2).value();
    CHECK(e.patient_id == "P");
    CHECK(e.reason == "duplicate entry");
    CHECK(store->timeline("P").value().empty());
}

TEST_CASE("invalid events are rejected naming the field, and nothing is written") {
    TempDir dir;
    auto store = open_store(dir.sub("db"));
    must_append(*store, request_of({make_event("P", 1, std::nullopt)}));
    must_append(*store, request_of({correction(Correction::kRetract, 1, "gone")}));
    must_append(*store, request_of({make_event("P", 2, std::nullopt)}));

    struct Case {
        const char* name;
        Event bad;
        const char* field;
    };
    Event empty_patient = make_event("", 1, std::nullopt);
    Event bad_kind = make_event("P", 1, std::nullopt);
    bad_kind.kind = static_cast<EventKind>(200);
    Event nan_value = make_event("P", 1, std::nullopt, EventKind::kTemp,
                                 std::numeric_limits<double>::quiet_NaN());
    Event inf_value =
        make_event("P", 1, std::nullopt, EventKind::kTemp, std::numeric_limits<double>::infinity());
    Event early = make_event("P", kMinDay - 1, std::nullopt);
    Event late = make_event("P", kMaxDay + 1, std::nullopt);
    Event bad_minute = make_event("P", 1, 1440);
    Event no_target = correction(Correction::kAmend, 999, "why");
    Event retracted_target = correction(Correction::kAmend, 1, "why");
    Event no_reason = correction(Correction::kAmend, 1, "");
    Event stray_target = make_event("P", 1, std::nullopt);
    stray_target.target_seq = 1;
    Event wrong_patient = correction(Correction::kRetract, 3, "x");
    wrong_patient.patient_id = "Q";
    Event correcting_correction = correction(Correction::kAmend, 2, "x");
    const std::vector<Case> cases{
        {"empty patient", empty_patient, "'patient_id'"},
        {"unknown kind", bad_kind, "'kind'"},
        {"NaN value", nan_value, "'value'"},
        {"infinite value", inf_value, "'value'"},
        {"day below range", early, "'day'"},
        {"day above range", late, "'day'"},
        {"minute 1440", bad_minute, "'minute'"},
        {"missing target", no_target, "'target_seq'"},
        {"already retracted target", retracted_target, "already retracted"},
        {"correction without reason", no_reason, "'reason'"},
        {"target on a plain event", stray_target, "'target_seq'"},
        {"correction for another patient", wrong_patient, "'patient_id'"},
        {"correcting a correction", correcting_correction, "itself a correction"},
    };
    for (const auto& c : cases) {
        SECTION(c.name) {
            // A valid event first: the whole transaction must still be refused.
            auto result = store->append(request_of({make_event("NEW", 0, std::nullopt), c.bad}));
            REQUIRE_FALSE(result.is_ok());
            CHECK(result.status().code() == StatusCode::kInvalidArgument);
            INFO(result.status().message());
            CHECK(result.status().message().find(c.field) != std::string::npos);
            CHECK(result.status().message().find("event 2") != std::string::npos);
            CHECK(store->last_seq() == 3);
            CHECK(store->last_tx() == 3);
            CHECK(store->timeline("NEW").status().code() == StatusCode::kNotFound);
            CHECK(store->patients().value() == std::vector<std::string>{"P"});
        }
    }
    CHECK(store->append(request_of({})).status().code() == StatusCode::kInvalidArgument);
    CHECK(store->verify().ok);
}

TEST_CASE("a retraction within one transaction blocks a second correction in the same batch") {
    TempDir dir;
    auto store = open_store(dir.sub("db"));
    must_append(*store, request_of({make_event("P", 1, std::nullopt)}));
    auto r = store->append(request_of(
        {correction(Correction::kRetract, 1, "a"), correction(Correction::kRetract, 1, "b")}));
    CHECK(r.status().code() == StatusCode::kInvalidArgument);
    CHECK(r.status().message().find("already retracted (by event 2)") != std::string::npos);
    // Correcting an event of the same batch is allowed.
    auto ok = store->append(request_of(
        {make_event("P", 5, std::nullopt), correction(Correction::kAmend, 2, "fix", 5, 36.6)}));
    REQUIRE(ok.is_ok());
    CHECK(store->timeline("P").value().back().value == std::optional<double>(36.6));
}

TEST_CASE("optimistic concurrency: expected_last_seq must match the end of the log") {
    TempDir dir;
    auto store = open_store(dir.sub("db"));
    TransactionRequest first = request_of({make_event("P", 1, std::nullopt)});
    first.expected_last_seq = 0;
    must_append(*store, first);
    TransactionRequest stale = request_of({make_event("P", 2, std::nullopt)});
    stale.expected_last_seq = 0;
    auto r = store->append(stale);
    CHECK(r.status().code() == StatusCode::kConflict);
    CHECK(r.status().message().find("expected the log to end at sequence 0 but it ends at 1") !=
          std::string::npos);
    CHECK(store->last_seq() == 1);
    stale.expected_last_seq = 1;
    CHECK(store->append(stale).is_ok());
}
