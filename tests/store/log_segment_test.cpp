// Log segments (format 3): a chunked append writes its log as segments of consecutive records,
// which read, scan and verify exactly like one entry per event, and whose damage verify() finds.
// A format-2 store keeps one entry per event.
#include <catch2/catch.hpp>

#include <fstream>

#include "raw_db.h"
#include "store/log_segment.h"
#include "store_test_util.h"

using namespace dayzero::store;
using namespace dayzero::store::testing;

namespace {

constexpr size_t kChunks = 3;
constexpr size_t kPerChunk = 300;  // not a multiple of a segment: each chunk ends in a short one
constexpr uint64_t kLastSeq = 1 + kChunks * kPerChunk;

// A store holding one single-event transaction (seq 1), then one chunked append of kChunks
// chunks (seq 2 .. kLastSeq), every event with a value of its own.
void fill(const std::string& path) {
    auto store = open_store(path);
    must_append(*store, request_of({make_event("P0", 0, std::nullopt)}));
    size_t next = 0;
    TransactionRequest header = request_of({});
    header.source = "sha256:" + std::string(64, 'b');
    auto info = store->append_chunked(header, [&](std::vector<Event>& chunk) {
        if (next == kChunks) return Status::ok();
        for (size_t i = 0; i < kPerChunk; ++i) {
            const size_t n = next * kPerChunk + i;
            chunk.push_back(make_event("P" + std::to_string(n % 7), static_cast<int32_t>(n % 30),
                                       static_cast<uint16_t>(n % 1440), EventKind::kTemp,
                                       35.0 + static_cast<double>(n) / 1000));
        }
        ++next;
        return Status::ok();
    });
    INFO(info.status().message());
    REQUIRE(info.is_ok());
    REQUIRE(info->last_seq == kLastSeq);
}

std::vector<uint64_t> scanned(const EventStore& store, uint64_t from, uint64_t to) {
    std::vector<uint64_t> seqs;
    auto s = store.scan_log(from, to, [&](const Event& e) {
        seqs.push_back(e.seq);
        return true;
    });
    INFO(s.message());
    REQUIRE(s.is_ok());
    return seqs;
}

std::vector<uint64_t> range(uint64_t from, uint64_t to) {
    std::vector<uint64_t> seqs;
    for (uint64_t s = from; s <= to; ++s)
        seqs.push_back(s);
    return seqs;
}

// The segment stored under `key_seq` with record `index` replaced by `edit(record)`.
std::string edited_segment(RawDb& raw, uint64_t key_seq, size_t index,
                           const std::function<std::string(std::string_view)>& edit) {
    const std::string stored = raw.get(codec::kCfLog, codec::log_key(key_seq));
    REQUIRE(codec::is_log_segment(stored));
    codec::LogSegmentReader reader(stored);
    codec::LogSegmentWriter writer;
    writer.start(reader.left());
    std::string_view record;
    for (size_t i = 0; reader.next(record); ++i)
        writer.add(i == index ? std::string_view(edit(record)) : record);
    REQUIRE(reader.finished_cleanly());
    return std::string(writer.bytes());
}

VerifyReport verified_after(const std::string& path, const std::function<void(RawDb&)>& edit) {
    {
        RawDb raw(path);
        edit(raw);
    }
    return open_store(path)->verify();
}

}  // namespace

TEST_CASE("a chunked append's log is stored as segments that read like one entry per event") {
    TempDir dir;
    const std::string path = dir.sub("db");
    fill(path);
    {
        RawDb raw(path);
        CHECK_FALSE(codec::is_log_segment(raw.get(codec::kCfLog, codec::log_key(1))));
        // Chunk one: seq 2 .. 301 as segments at 2, 130 and 258; chunk two starts at 302.
        for (uint64_t key : {2u, 130u, 258u, 302u, 430u, 602u})
            CHECK(codec::is_log_segment(raw.get(codec::kCfLog, codec::log_key(key))));
        for (uint64_t inside : std::initializer_list<uint64_t>{3, 129, 131, 301, 303, kLastSeq})
            CHECK_FALSE(raw.find(codec::kCfLog, codec::log_key(inside)).has_value());
    }
    auto store = open_store(path);
    const std::vector<uint64_t> all = scanned(*store, 1, UINT64_MAX);
    CHECK(all == range(1, kLastSeq));
    // Bounds at, inside and across segments and chunks.
    CHECK(scanned(*store, 100, 400) == range(100, 400));
    CHECK(scanned(*store, 130, 130) == range(130, 130));
    CHECK(scanned(*store, 257, 259) == range(257, 259));
    CHECK(scanned(*store, 890, 5000) == range(890, kLastSeq));
    for (uint64_t seq :
         std::initializer_list<uint64_t>{1, 2, 3, 129, 130, 131, 257, 301, 302, 733, kLastSeq}) {
        auto e = store->event(seq);
        INFO(seq << ": " << e.status().message());
        REQUIRE(e.is_ok());
        CHECK(e->seq == seq);
        if (seq > 1) CHECK(*e->value == Approx(35.0 + static_cast<double>(seq - 2) / 1000));
    }
    CHECK(store->event(kLastSeq + 1).status().code() == StatusCode::kNotFound);
    const VerifyReport report = store->verify();
    INFO(report.problem);
    CHECK(report.ok);
    CHECK(report.events_checked == kLastSeq);
}

TEST_CASE("damage inside a log segment is found by verify") {
    TempDir dir;
    const std::string path = dir.sub("db");
    fill(path);

    SECTION("a record's value rewritten") {
        const VerifyReport r = verified_after(path, [](RawDb& raw) {
            raw.put(codec::kCfLog, codec::log_key(130),
                    edited_segment(raw, 130, 5, [](std::string_view record) {
                        codec::Record rec;
                        REQUIRE(codec::decode_record(record, rec));
                        rec.event.value = 41.0;
                        std::string bytes;
                        codec::encode_record(rec.event, rec.patient, "", "", bytes);
                        return bytes;
                    }));
        });
        INFO(r.problem);
        CHECK_FALSE(r.ok);
        CHECK(r.first_bad_tx == 2);
    }
    SECTION("an entry of its own for an event a segment holds") {
        const VerifyReport r = verified_after(path, [](RawDb& raw) {
            const std::string segment = raw.get(codec::kCfLog, codec::log_key(130));
            codec::LogSegmentReader reader(segment);
            std::string_view first;
            REQUIRE(reader.next(first));
            raw.put(codec::kCfLog, codec::log_key(131), std::string(first));
        });
        INFO(r.problem);
        CHECK_FALSE(r.ok);
        CHECK(r.problem.find("131") != std::string::npos);
        auto store = open_store(path);
        auto s = store->scan_log(1, UINT64_MAX, [](const Event&) { return true; });
        CHECK(s.code() == StatusCode::kCorruption);
        CHECK(s.message().find("event 131 twice") != std::string::npos);
    }
    SECTION("a segment cut short") {
        const VerifyReport r = verified_after(path, [](RawDb& raw) {
            std::string segment = raw.get(codec::kCfLog, codec::log_key(258));
            segment.resize(segment.size() - 3);
            raw.put(codec::kCfLog, codec::log_key(258), segment);
        });
        INFO(r.problem);
        CHECK_FALSE(r.ok);
        CHECK(r.first_bad_tx == 2);
    }
    SECTION("bytes after a segment's records") {
        const VerifyReport r = verified_after(path, [](RawDb& raw) {
            raw.put(codec::kCfLog, codec::log_key(2),
                    raw.get(codec::kCfLog, codec::log_key(2)) + "xyz");
        });
        INFO(r.problem);
        CHECK_FALSE(r.ok);
        CHECK(r.problem.find("beyond its records") != std::string::npos);
    }
}

TEST_CASE("a format-2 store keeps one log entry per event") {
    TempDir dir;
    const std::string path = dir.sub("db");
    { open_store(path); }
    {
        RawDb raw(path);
        raw.put(codec::kCfMeta, std::string(codec::kMetaFormatVersion), codec::encode_u32_value(2));
    }
    std::ofstream(path + "/" + codec::kMarkerFile) << "dayzero event store\nformat 2\n";
    fill(path);
    {
        RawDb raw(path);
        for (uint64_t seq : std::initializer_list<uint64_t>{2, 3, 131, kLastSeq})
            CHECK_FALSE(codec::is_log_segment(raw.get(codec::kCfLog, codec::log_key(seq))));
    }
    auto store = open_store(path);
    CHECK(scanned(*store, 1, UINT64_MAX) == range(1, kLastSeq));
    CHECK(store->verify().ok);
}
