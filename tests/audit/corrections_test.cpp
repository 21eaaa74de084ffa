// Corrections and signatures: a reason is mandatory, the old value stays in the history, as-of
// reads before and after a correction give both answers, read-only stores refuse every write.
#include <catch2/catch.hpp>

#include "audit_fixture.h"
#include "shell/audit_corrections.h"
#include "shell/audit_signature.h"

using namespace dayzero;
using namespace dayzero::audit_test;
namespace audit = dayzero::shell::audit;

namespace {

// The values of patient P001's temperature events in the timeline read with `query`.
std::vector<double> temps(const store::EventStore& store, const store::TimelineQuery& query) {
    auto timeline = store.timeline("P001", query);
    INFO(timeline.status().message());
    REQUIRE(timeline.is_ok());
    std::vector<double> values;
    for (const auto& e : timeline.value()) {
        if (e.kind == store::EventKind::kTemp && e.value) values.push_back(*e.value);
    }
    return values;
}

store::TimelineQuery as_of_seq(uint64_t seq) {
    store::TimelineQuery q;
    q.as_of.seq = seq;
    return q;
}

store::TimelineQuery as_of_instant(int64_t us) {
    store::TimelineQuery q;
    q.as_of.recorded_at_us = us;
    return q;
}

}  // namespace

TEST_CASE("amend and retract are refused without a reason, and nothing is written") {
    TempDir dir;
    auto store = open_store(dir.path("s"));
    populate(*store);
    const uint64_t before = store->last_seq();
    audit::AmendFields fields;
    fields.value = 36.9;
    for (const std::string reason : {"", "   "}) {
        auto amended = audit::amend_event(*store, 2, fields, reason, "dm");
        REQUIRE_FALSE(amended.is_ok());
        CHECK(amended.status().message().find("reason is mandatory") != std::string::npos);
        auto retracted = audit::retract_event(*store, 2, reason, "dm");
        REQUIRE_FALSE(retracted.is_ok());
        CHECK(retracted.status().message().find("reason is mandatory") != std::string::npos);
    }
    // The store itself refuses a correction without a reason, whoever builds it.
    store::Event bare = store->event(2).value();
    bare.correction = store::Correction::kAmend;
    bare.target_seq = 2;
    bare.reason.clear();
    store::TransactionRequest request;
    request.events.push_back(bare);
    auto appended = store->append(request);
    REQUIRE_FALSE(appended.is_ok());
    CHECK(appended.status().message().find("reason") != std::string::npos);
    CHECK(store->last_seq() == before);
}

TEST_CASE("amend with a reason records a new event; the history keeps both values") {
    TempDir dir;
    auto store = open_store(dir.path("s"));
    populate(*store);
    audit::AmendFields fields;
    fields.value = 36.9;
    auto amended = audit::amend_event(*store, 2, fields, "lab re-run", "dm.jones");
    INFO(amended.status().message());
    REQUIRE(amended.is_ok());
    const store::Event recorded = store->event(amended->first_seq).value();
    CHECK(recorded.correction == store::Correction::kAmend);
    CHECK(recorded.target_seq == 2);
    CHECK(recorded.reason == "lab re-run");
    CHECK(recorded.recorded_by == "dm.jones");
    CHECK(recorded.code == "IL6");
    CHECK(recorded.value == 36.9);
    // The original is untouched and names its correction.
    CHECK(store->event(2)->value == 0.1);
    auto corrections = store->corrections_of(2);
    REQUIRE(corrections.is_ok());
    REQUIRE(corrections->size() == 1);
    CHECK(corrections->front().seq == amended->first_seq);
    // Raw history of P001 shows the fixture's amended fever with both values.
    store::TimelineQuery raw;
    raw.apply_corrections = false;
    const auto history = temps(*store, raw);
    CHECK(std::count(history.begin(), history.end(), 38.5) == 1);
    CHECK(std::count(history.begin(), history.end(), 37.5) == 1);
}

TEST_CASE("an amendment that changes nothing, or of a signature, is refused") {
    TempDir dir;
    auto store = open_store(dir.path("s"));
    populate(*store);
    audit::AmendFields same;
    same.value = 0.1;
    auto unchanged = audit::amend_event(*store, 2, same, "why not", "dm");
    REQUIRE_FALSE(unchanged.is_ok());
    CHECK(unchanged.status().message().find("changes nothing") != std::string::npos);
    audit::AmendFields fields;
    fields.value = 2;
    auto of_signature = audit::amend_event(*store, 8, fields, "forge", "dm");
    REQUIRE_FALSE(of_signature.is_ok());
    CHECK(of_signature.status().message().find("signature") != std::string::npos);
    auto missing = audit::retract_event(*store, 99, "gone", "dm");
    REQUIRE_FALSE(missing.is_ok());
    CHECK(missing.status().message().find("99") != std::string::npos);
}

TEST_CASE("as-of before and after a correction gives both answers") {
    TempDir dir;
    auto store = open_store(dir.path("s"));
    populate(*store);
    // Fixture: seq 1 fever 38.5 (amended to 37.5 by seq 6), seq 5 temp 0.3 (retracted by seq 7).
    CHECK(temps(*store, as_of_seq(5)) == std::vector<double>{38.5, 0.1 + 0.2});
    CHECK(temps(*store, as_of_seq(6)) == std::vector<double>{37.5, 0.1 + 0.2});
    CHECK(temps(*store, as_of_seq(7)) == std::vector<double>{37.5});
    CHECK(temps(*store, {}) == std::vector<double>{37.5});
    CHECK(temps(*store, as_of_instant(kEntryAt)) == std::vector<double>{38.5, 0.1 + 0.2});
    CHECK(temps(*store, as_of_instant(kImportAt)) == std::vector<double>{38.5});
    CHECK(temps(*store, as_of_instant(kImportAt - 1)).empty());
}

TEST_CASE("retracting twice is refused; the retracted event stays in the history") {
    TempDir dir;
    auto store = open_store(dir.path("s"));
    populate(*store);
    auto again = audit::retract_event(*store, kEntrySeq, "still wrong", "dm");
    REQUIRE_FALSE(again.is_ok());
    CHECK(again.status().message().find("already retracted") != std::string::npos);
    store::TimelineQuery raw;
    raw.apply_corrections = false;
    const auto history = temps(*store, raw);
    CHECK(std::count(history.begin(), history.end(), 0.1 + 0.2) == 2);  // original + retraction
}

TEST_CASE("a signature names the signed transaction, meaning and signer") {
    TempDir dir;
    auto store = open_store(dir.path("s"));
    populate(*store);
    auto signed_tx = audit::sign_transaction(*store, 1, "reviewed", "Dr Okafor", "monitor visit");
    INFO(signed_tx.status().message());
    REQUIRE(signed_tx.is_ok());
    auto signature = audit::read_signature(store->event(signed_tx->first_seq).value());
    REQUIRE(signature);
    CHECK(signature->signed_tx == 1);
    CHECK(signature->meaning == "reviewed");
    CHECK(signature->signer == "Dr Okafor");
    CHECK(signature->note == "monitor visit");
    CHECK(store->event(signed_tx->first_seq)->recorded_by == "Dr Okafor");
    CHECK_FALSE(audit::sign_transaction(*store, 42, "reviewed", "Dr Okafor", "").is_ok());
    CHECK_FALSE(audit::sign_transaction(*store, 1, "", "Dr Okafor", "").is_ok());
    CHECK_FALSE(audit::sign_transaction(*store, 1, "approved", " ", "").is_ok());
    // An ordinary event is not a signature.
    CHECK_FALSE(audit::read_signature(store->event(1).value()));
}

TEST_CASE("a read-only store refuses amend, retract and sign") {
    TempDir dir;
    {
        auto store = open_store(dir.path("s"));
        populate(*store);
    }
    auto store = open_store(dir.path("s"), /*read_only=*/true);
    audit::AmendFields fields;
    fields.value = 36.9;
    auto amended = audit::amend_event(*store, 2, fields, "re-run", "dm");
    auto retracted = audit::retract_event(*store, 2, "wrong", "dm");
    auto signed_tx = audit::sign_transaction(*store, 1, "reviewed", "Dr Okafor", "");
    for (const auto* result : {&amended, &retracted, &signed_tx}) {
        REQUIRE_FALSE(result->is_ok());
        CHECK(result->status().code() == store::StatusCode::kReadOnly);
    }
    CHECK(store->last_seq() == 8);
}
