// verify() recomputes every family beside the log and compares it entry by entry: each attack of
// issue #20 finding 4 (an index edited behind dayzero's back) is reported, naming what is wrong.
#include <catch2/catch.hpp>

#include <functional>

#include "raw_db.h"
#include "store/codec.h"
#include "store_test_util.h"

using namespace dayzero::store;
using namespace dayzero::store::testing;

namespace {

const std::string kSource = "sha256:" + std::string(64, 'a');

// Two patients imported from a file (transaction 1: seq 1..4), a retraction of seq 2
// (transaction 2: seq 5) and a second import of another file (transaction 3: seq 6).
void fill(const std::string& path) {
    auto store = open_store(path);
    std::vector<Event> events;
    for (int i = 0; i < 4; ++i)
        events.push_back(make_event(i < 2 ? "P1" : "P2", i, 60));
    auto first = request_of(events);
    first.source = kSource;
    must_append(*store, first);
    Event retraction = make_event("P1", 1, 60);
    retraction.correction = Correction::kRetract;
    retraction.target_seq = 2;
    retraction.reason = "wrong patient";
    must_append(*store, request_of({retraction}, 1'700'000'001'000'000));
    auto second = request_of({make_event("P2", 5, 60)}, 1'700'000'002'000'000);
    second.source = "sha256:" + std::string(64, 'b');
    must_append(*store, second);
    const VerifyReport clean = store->verify();
    INFO(clean.problem);
    REQUIRE(clean.ok);
}

// Builds the store, applies `edit` through the raw RocksDB API, reopens and verifies.
VerifyReport tampered(const std::function<void(RawDb&)>& edit) {
    TempDir dir;
    const std::string path = dir.sub("db");
    fill(path);
    {
        RawDb raw(path);
        edit(raw);
    }
    OpenOptions ro;
    ro.read_only = true;
    auto store = open_store(path, ro);
    return store->verify();
}

void expect_reported(const VerifyReport& report, const std::string& words) {
    INFO(report.problem);
    CHECK_FALSE(report.ok);
    CHECK(report.problem.find(words) != std::string::npos);
}

}  // namespace

TEST_CASE("verify: a deleted corrections entry (history hides a retraction) is reported") {
    expect_reported(tampered([](RawDb& raw) {
                        raw.remove(codec::kCfCorrections, codec::correction_key(2, 5));
                    }),
                    "corrections index lacks event 5");
}

TEST_CASE("verify: an invented corrections entry is reported") {
    expect_reported(tampered([](RawDb& raw) {
                        raw.put(codec::kCfCorrections, codec::correction_key(3, 5),
                                std::string("\x01\x02", 2));
                    }),
                    "says event 5 corrects event 3");
}

TEST_CASE("verify: a corrections entry of the wrong kind is reported") {
    expect_reported(tampered([](RawDb& raw) {
                        raw.put(codec::kCfCorrections, codec::correction_key(2, 5),
                                std::string("\x01\x01", 2));
                    }),
                    "differs from the log");
}

TEST_CASE("verify: two swapped patient-name entries are reported") {
    expect_reported(
        tampered([](RawDb& raw) {
            const std::string a = raw.get(codec::kCfPatients, codec::patient_name_key("P1"));
            const std::string b = raw.get(codec::kCfPatients, codec::patient_name_key("P2"));
            raw.put(codec::kCfPatients, codec::patient_name_key("P1"), b);
            raw.put(codec::kCfPatients, codec::patient_name_key("P2"), a);
        }),
        "the patient map sends 'P1'");
}

TEST_CASE("verify: an alias in the patient map is reported") {
    expect_reported(tampered([](RawDb& raw) {
                        raw.put(codec::kCfPatients, codec::patient_name_key("P9"),
                                raw.get(codec::kCfPatients, codec::patient_name_key("P1")));
                    }),
                    "the patient map sends 'P9'");
}

TEST_CASE("verify: a deleted import record (a duplicate import allowed) is reported") {
    expect_reported(tampered([](RawDb& raw) { raw.remove(codec::kCfImports, kSource); }),
                    "the import records lack " + kSource);
}

TEST_CASE("verify: an import record naming another transaction is reported") {
    expect_reported(tampered([](RawDb& raw) {
                        raw.put(codec::kCfImports, kSource, codec::encode_u64_value(3));
                    }),
                    "the import records hold");
}

TEST_CASE("verify: a lowered last-transaction counter refuses the open") {
    // The commit point (store/commit_point.h) names transaction 3: a counter that ends before it
    // is refused before verify could run, for readers and writers alike.
    TempDir dir;
    const std::string path = dir.sub("db");
    fill(path);
    {
        RawDb raw(path);
        raw.put(codec::kCfMeta, std::string(codec::kMetaLastTx), codec::encode_u64_value(2));
    }
    for (const bool read_only : {true, false}) {
        OpenOptions options;
        options.read_only = read_only;
        auto opened = EventStore::open(path, options);
        REQUIRE_FALSE(opened.is_ok());
        CHECK(opened.status().message().find("lost committed transactions") != std::string::npos);
    }
}

TEST_CASE("verify: a lowered next-patient counter is reported") {
    expect_reported(tampered([](RawDb& raw) {
                        raw.put(codec::kCfMeta, std::string(codec::kMetaNextPatient),
                                codec::encode_u32_value(2));
                    }),
                    "metadata 'next_patient'");
}

TEST_CASE(
    "verify: an unknown metadata key, a default-family entry and a stray projection entry "
    "are reported") {
    expect_reported(
        tampered([](RawDb& raw) { raw.put(codec::kCfMeta, "owner", codec::encode_u64_value(1)); }),
        "unknown key 'owner'");
    expect_reported(tampered([](RawDb& raw) { raw.put("default", "x", "y"); }),
                    "default family holds 'x'");
    const VerifyReport stray = tampered([](RawDb& raw) {
        raw.put(codec::kCfProjections, codec::projection_key("forged", "k"), "v");
    });
    CHECK(stray.ok);  // never read without a stamp
    REQUIRE(stray.notes.size() == 1);
    CHECK(stray.notes[0].find("projection 'forged' holds entries without a stamp") !=
          std::string::npos);
}
