// StoredCodes: which kinds and codes each stored patient has, read from the store once, and what
// an import's files write added only when their transaction commits.
#include <catch2/catch.hpp>

#include "importers/stored_codes.h"
#include "memory_store.h"

using namespace dayzero::importers;
using dayzero::importers::testing::MemoryStore;
using dayzero::store::Event;
using dayzero::store::EventKind;

namespace {

Event event(const std::string& patient, EventKind kind, const std::string& code) {
    Event e;
    e.patient_id = patient;
    e.kind = kind;
    e.code = code;
    e.day = 1;
    e.value = 1.0;
    return e;
}

void store_events(MemoryStore& store, std::vector<Event> events) {
    dayzero::store::TransactionRequest request;
    request.events = std::move(events);
    REQUIRE(store.append(std::move(request)).is_ok());
}

bool may_hold(StoredCodes& codes, const std::string& patient, EventKind kind,
              const std::string& code) {
    auto answer = codes.may_hold(patient, kind, code);
    REQUIRE(answer.is_ok());
    return answer.value();
}

}  // namespace

TEST_CASE("stored codes: a stored patient's kinds and codes are read from the store") {
    MemoryStore store;
    store_events(store, {event("P1", EventKind::kLab, "CRP"), event("P1", EventKind::kTemp, "")});
    StoredCodes codes(store);
    REQUIRE(codes.status().is_ok());
    CHECK_FALSE(codes.empty());
    CHECK(may_hold(codes, "P1", EventKind::kLab, "CRP"));
    CHECK(may_hold(codes, "P1", EventKind::kTemp, ""));
    CHECK_FALSE(may_hold(codes, "P1", EventKind::kLab, "IL6"));
    CHECK_FALSE(may_hold(codes, "P1", EventKind::kDose, "CRP"));
    CHECK_FALSE(may_hold(codes, "P2", EventKind::kLab, "CRP"));
}

TEST_CASE("stored codes: what a file stages counts only once its transaction commits") {
    MemoryStore store;
    StoredCodes codes(store);
    CHECK(codes.empty());
    std::vector<Event> chunk = {event("N1", EventKind::kSbp, ""),
                                event("N1", EventKind::kDose, "tocilizumab"),
                                event("N2", EventKind::kLab, "IL6")};
    codes.stage(chunk, 1);  // the first event was screened out
    CHECK_FALSE(may_hold(codes, "N1", EventKind::kDose, "tocilizumab"));
    codes.settle(true);
    // The store holds nothing here: the answers come from what was staged, without a read.
    CHECK_FALSE(codes.empty());
    CHECK(may_hold(codes, "N1", EventKind::kDose, "tocilizumab"));
    CHECK_FALSE(may_hold(codes, "N1", EventKind::kSbp, ""));
    CHECK(may_hold(codes, "N2", EventKind::kLab, "IL6"));
    CHECK_FALSE(may_hold(codes, "N2", EventKind::kLab, "CRP"));
}

TEST_CASE("stored codes: a file that did not commit leaves its patients to be read again") {
    MemoryStore store;
    store_events(store, {event("P1", EventKind::kLab, "CRP")});
    StoredCodes codes(store);
    CHECK(may_hold(codes, "P1", EventKind::kLab, "CRP"));
    codes.stage({event("P1", EventKind::kTemp, ""), event("N1", EventKind::kTemp, "")});
    codes.settle(false);
    // Read again: the store has neither temperature.
    CHECK_FALSE(may_hold(codes, "P1", EventKind::kTemp, ""));
    CHECK(may_hold(codes, "P1", EventKind::kLab, "CRP"));
    CHECK_FALSE(may_hold(codes, "N1", EventKind::kTemp, ""));
}

TEST_CASE("stored codes: a committed file adds to what a stored patient had") {
    MemoryStore store;
    store_events(store, {event("P1", EventKind::kLab, "CRP")});
    StoredCodes codes(store);
    codes.stage({event("P1", EventKind::kInfusion, "tisagenlecleucel")});
    codes.settle(true);
    CHECK(may_hold(codes, "P1", EventKind::kLab, "CRP"));  // read from the store
    CHECK(may_hold(codes, "P1", EventKind::kInfusion, "tisagenlecleucel"));
    CHECK_FALSE(may_hold(codes, "P1", EventKind::kInfusion, "axicabtagene_ciloleucel"));
}

TEST_CASE("stored codes: a kind no patient has is answered at once, but not while one is unread") {
    MemoryStore store;
    store_events(store, {event("P1", EventKind::kTemp, "")});
    StoredCodes codes(store);
    codes.stage({event("N1", EventKind::kLab, "IL6")});
    codes.settle(true);
    // P1 is not read yet: what it holds is unknown here, so its temperature is still found.
    CHECK(may_hold(codes, "P1", EventKind::kTemp, ""));
    CHECK(may_hold(codes, "N1", EventKind::kLab, "IL6"));
    CHECK_FALSE(may_hold(codes, "N1", EventKind::kTemp, ""));
    CHECK_FALSE(may_hold(codes, "P1", EventKind::kDose, "tocilizumab"));
    // A file that did not commit leaves its patient unread again, whatever the kind.
    store_events(store, {event("N2", EventKind::kDose, "tocilizumab")});
    codes.stage({event("N2", EventKind::kDose, "tocilizumab")});
    codes.settle(false);
    CHECK(may_hold(codes, "N2", EventKind::kDose, "tocilizumab"));
}
