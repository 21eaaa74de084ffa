// Corrections and signatures: a reason is mandatory, the old value stays in the history, as-of
// reads before and after a correction give both answers, read-only stores refuse every write.
// Corrections go through the one writer (db::Database), as the command line and statements do.
#include <catch2/catch.hpp>

#include <algorithm>

#include "audit_fixture.h"
#include "db/database.h"
#include "store/signature.h"
#include "tests/db/signer.h"

using namespace dayzero;
using namespace dayzero::audit_test;

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

// The writer over a populated store.
std::unique_ptr<db::Database> writer_over(std::unique_ptr<store::EventStore> store) {
    return std::make_unique<db::Database>(std::move(store));
}

// `request` with the target, reason and author set, through the writer.
store::Result<store::TransactionInfo> amend_with(db::Database& database, uint64_t seq,
                                                 query::Amendment request, std::string reason,
                                                 std::string author) {
    request.seq = seq;
    request.reason = std::move(reason);
    request.author = std::move(author);
    return database.amend(request);
}

query::Amendment amendment(uint64_t seq, double value, std::string reason, std::string author) {
    query::Amendment request;
    request.seq = seq;
    request.value = value;
    request.reason = std::move(reason);
    request.author = std::move(author);
    return request;
}

}  // namespace

TEST_CASE("amend and retract are refused without a reason, and nothing is written") {
    TempDir dir;
    auto store = open_store(dir.path("s"));
    populate(*store);
    const uint64_t before = store->last_seq();
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
    auto database = writer_over(std::move(store));
    for (const std::string reason : {"", "   "}) {
        auto amended = database->amend(amendment(2, 36.9, reason, "dm"));
        REQUIRE_FALSE(amended.is_ok());
        CHECK(amended.status().message().find("reason is mandatory") != std::string::npos);
        auto retracted = database->retract({2, reason, "dm"});
        REQUIRE_FALSE(retracted.is_ok());
        CHECK(retracted.status().message().find("reason is mandatory") != std::string::npos);
    }
    CHECK(database->store().last_seq() == before);
}

TEST_CASE("amend with a reason records a new event; the history keeps both values") {
    TempDir dir;
    auto opened = open_store(dir.path("s"));
    populate(*opened);
    auto database = writer_over(std::move(opened));
    const store::EventStore* reads = &database->store();
    query::Amendment fields;
    fields.value = 36.9;
    auto amended = amend_with(*database, 2, fields, "lab re-run", "dm.jones");
    INFO(amended.status().message());
    REQUIRE(amended.is_ok());
    const store::Event recorded = reads->event(amended->first_seq).value();
    CHECK(recorded.correction == store::Correction::kAmend);
    CHECK(recorded.target_seq == 2);
    CHECK(recorded.reason == "lab re-run");
    CHECK(recorded.recorded_by == "dm.jones");
    CHECK(recorded.code == "IL6");
    CHECK(recorded.value == 36.9);
    // The original is untouched and names its correction.
    CHECK(reads->event(2)->value == 0.1);
    auto corrections = reads->corrections_of(2);
    REQUIRE(corrections.is_ok());
    REQUIRE(corrections->size() == 1);
    CHECK(corrections->front().seq == amended->first_seq);
    // Raw history of P001 shows the fixture's amended fever with both values.
    store::TimelineQuery raw;
    raw.apply_corrections = false;
    const auto history = temps(*reads, raw);
    CHECK(std::count(history.begin(), history.end(), 38.5) == 1);
    CHECK(std::count(history.begin(), history.end(), 37.5) == 1);
}

TEST_CASE("an amendment that changes nothing, or of a signature, is refused") {
    TempDir dir;
    auto opened = open_store(dir.path("s"));
    populate(*opened);
    auto database = writer_over(std::move(opened));
    const store::EventStore* reads = &database->store();
    query::Amendment same;
    same.value = 0.1;
    auto unchanged = amend_with(*database, 2, same, "why not", "dm");
    REQUIRE_FALSE(unchanged.is_ok());
    CHECK(unchanged.status().message().find("changes nothing") != std::string::npos);
    query::Amendment fields;
    fields.value = 2;
    auto of_signature = amend_with(*database, 8, fields, "forge", "dm");
    REQUIRE_FALSE(of_signature.is_ok());
    CHECK(of_signature.status().message().find("signature") != std::string::npos);
    auto missing = database->retract({99, "gone", "dm"});
    REQUIRE_FALSE(missing.is_ok());
    CHECK(missing.status().message().find("99") != std::string::npos);
    CHECK(reads->last_seq() == 8);  // nothing was written
}

TEST_CASE("as-of before and after a correction gives both answers") {
    TempDir dir;
    auto opened = open_store(dir.path("s"));
    populate(*opened);
    auto database = writer_over(std::move(opened));
    const store::EventStore* reads = &database->store();
    // Fixture: seq 1 fever 38.5 (amended to 37.5 by seq 6), seq 5 temp 0.3 (retracted by seq 7).
    CHECK(temps(*reads, as_of_seq(5)) == std::vector<double>{38.5, 0.1 + 0.2});
    CHECK(temps(*reads, as_of_seq(6)) == std::vector<double>{37.5, 0.1 + 0.2});
    CHECK(temps(*reads, as_of_seq(7)) == std::vector<double>{37.5});
    CHECK(temps(*reads, {}) == std::vector<double>{37.5});
    CHECK(temps(*reads, as_of_instant(kEntryAt)) == std::vector<double>{38.5, 0.1 + 0.2});
    CHECK(temps(*reads, as_of_instant(kImportAt)) == std::vector<double>{38.5});
    CHECK(temps(*reads, as_of_instant(kImportAt - 1)).empty());
}

TEST_CASE("retracting twice is refused; the retracted event stays in the history") {
    TempDir dir;
    auto opened = open_store(dir.path("s"));
    populate(*opened);
    auto database = writer_over(std::move(opened));
    const store::EventStore* reads = &database->store();
    auto again = database->retract({kEntrySeq, "still wrong", "dm"});
    REQUIRE_FALSE(again.is_ok());
    CHECK(again.status().message().find("already retracted") != std::string::npos);
    store::TimelineQuery raw;
    raw.apply_corrections = false;
    const auto history = temps(*reads, raw);
    CHECK(std::count(history.begin(), history.end(), 0.1 + 0.2) == 2);  // original + retraction
}

TEST_CASE("a signature names the signed transaction, meaning and signer, made with their key") {
    TempDir dir;
    auto opened = open_store(dir.path("s"));
    populate(*opened);
    auto database = writer_over(std::move(opened));
    const store::EventStore* reads = &database->store();
    const auto okafor = db::testing::registered_signer(*database, "Dr Okafor");
    auto signed_tx = database->sign(okafor.signing(1, "reviewed", "monitor visit"));
    INFO(signed_tx.status().message());
    REQUIRE(signed_tx.is_ok());
    auto signature = store::read_signature(reads->event(signed_tx->first_seq).value());
    REQUIRE(signature);
    CHECK(signature->signed_tx == 1);
    CHECK(signature->meaning == "reviewed");
    CHECK(signature->signer == "Dr Okafor");
    CHECK(signature->note == "monitor visit");
    CHECK(signature->key_id == okafor.key->key_id());
    CHECK(reads->event(signed_tx->first_seq)->recorded_by == "Dr Okafor");
    {
        const store::VerifyReport report = database->store().verify();
        INFO(report.problem);
        CHECK(report.ok);
        CHECK(std::any_of(report.notes.begin(), report.notes.end(), [](const std::string& n) {
            return n.find("signatures: 1 verified") != std::string::npos;
        }));
    }
    auto refused = [&](const query::Signing& request, const std::string& why) {
        const uint64_t before = reads->last_seq();
        auto result = database->sign(request);
        INFO(result.status().message());
        CHECK_FALSE(result.is_ok());
        CHECK(result.status().message().find(why) != std::string::npos);
        CHECK(reads->last_seq() == before);
    };
    refused(okafor.signing(42, "reviewed"), "no transaction 42");
    refused(okafor.signing(1, ""), "a meaning is mandatory");
    // A typed name alone (the old free-text signature) is no longer a signature.
    refused({1, "approved", "Dr Okafor", "", nullptr, ""}, "made with the signer's own key");
    refused(db::testing::unregistered_signer("Dr Who").signing(1, "reviewed"),
            "is not registered in this store");
    query::Signing other_name = okafor.signing(1, "approved");
    other_name.signer = "Dr Chief";
    refused(other_name, "registered to 'Dr Okafor', not 'Dr Chief'");
    // An ordinary event is not a signature.
    CHECK_FALSE(store::read_signature(reads->event(1).value()));
}

TEST_CASE("a revoked key signs no more; a registration is never amended") {
    TempDir dir;
    auto opened = open_store(dir.path("s"));
    populate(*opened);
    auto database = writer_over(std::move(opened));
    const auto lee = db::testing::registered_signer(*database, "Dr Lee");
    const uint64_t registration = database->store().last_seq();
    REQUIRE(database->sign(lee.signing(1, "reviewed")).is_ok());
    query::Amendment rename;
    rename.seq = registration;
    rename.text = "Dr Mallory";
    rename.reason = "typo";
    auto amended = database->amend(rename);
    REQUIRE_FALSE(amended.is_ok());
    CHECK(amended.status().message().find("registers a signing key") != std::string::npos);
    CHECK_FALSE(database->revoke_key(lee.key->key_id(), "", "admin").is_ok());  // reason needed
    auto revoked = database->revoke_key(lee.key->key_id(), "key file lost", "admin");
    INFO(revoked.status().message());
    REQUIRE(revoked.is_ok());
    auto after = database->sign(lee.signing(1, "approved"));
    REQUIRE_FALSE(after.is_ok());
    CHECK(after.status().message().find("revoked") != std::string::npos);
    CHECK_FALSE(database->revoke_key(lee.key->key_id(), "again", "admin").is_ok());
    // A key is registered once: not again after its revocation, nor for someone else.
    auto pem = lee.key->public_key_pem();
    REQUIRE(pem.is_ok());
    auto again = database->register_key(*pem, "Dr Mallory", "reuse", "admin");
    REQUIRE_FALSE(again.is_ok());
    CHECK(again.status().message().find("never reassigned") != std::string::npos);
    // The signature made before the revocation still verifies.
    const store::VerifyReport report = database->store().verify();
    INFO(report.problem);
    CHECK(report.ok);
    CHECK(std::any_of(report.notes.begin(), report.notes.end(), [](const std::string& n) {
        return n.find("signatures: 1 verified") != std::string::npos;
    }));
}

TEST_CASE("a read-only store refuses amend, retract and sign") {
    TempDir dir;
    {
        auto store = open_store(dir.path("s"));
        populate(*store);
    }
    auto database = writer_over(open_store(dir.path("s"), /*read_only=*/true));
    auto amended = database->amend(amendment(2, 36.9, "re-run", "dm"));
    auto retracted = database->retract({2, "wrong", "dm"});
    auto signed_tx = database->sign({1, "reviewed", "Dr Okafor", "", nullptr, ""});
    for (const auto* result : {&amended, &retracted, &signed_tx}) {
        REQUIRE_FALSE(result->is_ok());
        CHECK(result->status().code() == store::StatusCode::kReadOnly);
    }
    CHECK(database->store().last_seq() == 8);
}
