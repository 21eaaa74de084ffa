// verify() detects a store edited behind dayzero's back through the raw RocksDB API.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <functional>

#include "raw_db.h"
#include "store/codec.h"
#include "store_test_util.h"

using namespace dayzero::store;
using namespace dayzero::store::testing;

namespace {

constexpr const char* kLog = codec::kCfLog;
constexpr const char* kTimeline = codec::kCfTimeline;
constexpr const char* kPatients = codec::kCfPatients;
constexpr const char* kTx = codec::kCfTx;

// Three transactions of four events: seq 5..8 belong to transaction 2.
void fill(const std::string& path) {
    auto store = open_store(path);
    for (int t = 0; t < 3; ++t) {
        std::vector<Event> events;
        for (int i = 0; i < 4; ++i)
            events.push_back(make_event("P" + std::to_string(i), t, 60));
        must_append(*store, request_of(events));
    }
    REQUIRE(store->verify().ok);
}

// The log record of `seq` with its value changed, still well-formed.
std::string rewritten_record(RawDb& raw, uint64_t seq, uint32_t& patient, Event& event) {
    codec::Record rec;
    REQUIRE(codec::decode_record(raw.get(kLog, codec::log_key(seq)), rec));
    rec.event.value = 35.0;
    std::string bytes;
    codec::encode_record(rec.event, rec.patient, rec.event.recorded_by, rec.event.source, bytes);
    patient = rec.patient;
    event = rec.event;
    return bytes;
}

// Builds a small store, applies `edit` to its raw RocksDB, then runs verify().
VerifyReport tampered(const std::function<void(RawDb&)>& edit) {
    TempDir dir;
    const std::string path = dir.sub("db");
    fill(path);
    {
        RawDb raw(path);
        edit(raw);
    }
    OpenOptions reader;  // as `dayzero verify` opens it: a writer refuses a changed last tx
    reader.read_only = true;
    auto store = open_store(path, reader);
    return store->verify();
}

// Rewrites the value of event `seq` in its patient's timeline page and files it there under
// sequence number `key_seq` (and rewrites the log too when `also_log`).
void rewrite(RawDb& raw, uint64_t seq, uint64_t key_seq, bool also_log) {
    uint32_t patient = 0;
    Event e;
    const std::string bytes = rewritten_record(raw, seq, patient, e);
    if (also_log) raw.put(kLog, codec::log_key(seq), bytes);
    const std::string key = codec::timeline_patient_key(patient);
    std::string page;
    const std::string stored = raw.get(kTimeline, key);
    codec::PageReader reader(stored);
    uint64_t entry_seq = 0;
    std::string_view record;
    bool replaced = false;
    while (reader.next(entry_seq, record)) {
        if (entry_seq == seq && key_seq == seq) {
            codec::append_page_entry(seq, bytes, page);
            replaced = true;
        } else {
            codec::append_page_entry(entry_seq, record, page);
        }
    }
    REQUIRE(reader.ok());
    if (!replaced) codec::append_page_entry(key_seq, bytes, page);  // an extra entry
    raw.put(kTimeline, key, page);
}

}  // namespace

TEST_CASE("a rewritten event value is detected and its transaction named") {
    const VerifyReport report = tampered([](RawDb& raw) { rewrite(raw, 6, 6, true); });
    CHECK_FALSE(report.ok);
    CHECK(report.first_bad_tx == 2);
    CHECK(report.problem.find("transaction 2") != std::string::npos);
    CHECK(report.problem.find("hash mismatch") != std::string::npos);
}

TEST_CASE("a deleted log entry is detected") {
    const VerifyReport report = tampered([](RawDb& raw) { raw.remove(kLog, codec::log_key(7)); });
    CHECK_FALSE(report.ok);
    CHECK(report.first_bad_tx == 2);
    CHECK(report.problem.find("event 7 is missing") != std::string::npos);
}

TEST_CASE("a timeline index that disagrees with the log is detected") {
    const VerifyReport report = tampered([](RawDb& raw) { rewrite(raw, 10, 10, false); });
    CHECK_FALSE(report.ok);
    CHECK(report.first_bad_tx == 3);
    CHECK(report.problem.find("timeline") != std::string::npos);
}

TEST_CASE("an extra timeline entry is detected") {
    const VerifyReport report = tampered([](RawDb& raw) { rewrite(raw, 3, 99, false); });
    CHECK_FALSE(report.ok);
    CHECK(report.first_bad_tx == 1);
    CHECK(report.problem.find("event 99") != std::string::npos);
}

TEST_CASE("renaming a patient breaks the chain of the first transaction that names them") {
    const VerifyReport report = tampered([](RawDb& raw) {
        raw.put(kPatients, codec::patient_id_key(1), codec::encode_bytes_value("SOMEONE"));
    });
    CHECK_FALSE(report.ok);
    CHECK(report.first_bad_tx == 1);
}

TEST_CASE("rewriting a transaction's author breaks the chain at that transaction") {
    const VerifyReport report = tampered([](RawDb& raw) {
        codec::TxRecord tx;
        REQUIRE(codec::decode_tx(raw.get(kTx, codec::tx_key(3)), 3, tx));
        tx.author = "mallory";
        raw.put(kTx, codec::tx_key(3), codec::encode_tx(tx));
    });
    CHECK_FALSE(report.ok);
    CHECK(report.first_bad_tx == 3);
    CHECK(report.problem.find("transaction 3") != std::string::npos);
}

TEST_CASE("rewriting or removing a transaction's operating-system account breaks the chain") {
    for (const std::string& account : {std::string("mallory"), std::string()}) {
        const VerifyReport report = tampered([&account](RawDb& raw) {
            codec::TxRecord tx;
            REQUIRE(codec::decode_tx(raw.get(kTx, codec::tx_key(2)), 2, tx));
            REQUIRE_FALSE(tx.os_account.empty());  // every append records one
            tx.os_account = account;  // empty: the record and header of an older transaction
            raw.put(kTx, codec::tx_key(2), codec::encode_tx(tx));
        });
        INFO(account);
        CHECK_FALSE(report.ok);
        CHECK(report.first_bad_tx == 2);
        CHECK(report.problem.find("hash mismatch") != std::string::npos);
    }
}

TEST_CASE("a damaged table file is reported as a checksum failure") {
    TempDir dir;
    const std::string path = dir.sub("db");
    fill(path);
    {
        RawDb raw(path);
        raw.flush();  // move everything into table files
    }
    // Flip one byte in the middle of the largest table file: the log or timeline data.
    std::string victim;
    uintmax_t largest = 0;
    for (const auto& entry : std::filesystem::directory_iterator(path)) {
        if (entry.path().extension() == ".sst" && entry.file_size() > largest) {
            largest = entry.file_size();
            victim = entry.path().string();
        }
    }
    REQUIRE_FALSE(victim.empty());
    {
        std::fstream f(victim, std::ios::in | std::ios::out | std::ios::binary);
        f.seekg(static_cast<std::streamoff>(largest / 8));
        char c = 0;
        f.read(&c, 1);
        c = static_cast<char>(c ^ 0x5a);
        f.seekp(static_cast<std::streamoff>(largest / 8));
        f.write(&c, 1);
    }
    // RocksDB may already refuse at open (it reads index blocks then); otherwise verify fails.
    auto opened = EventStore::open(path);
    if (!opened.is_ok()) {
        CHECK(opened.status().code() == StatusCode::kCorruption);
        CHECK(opened.status().message().find("checksum") != std::string::npos);
        return;
    }
    const VerifyReport report = opened.value()->verify();
    CHECK_FALSE(report.ok);
    INFO(report.problem);
    CHECK(report.problem.find("checksum") != std::string::npos);
}
