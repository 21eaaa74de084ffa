// Log segments (format 3): a chunked append writes its log as segments of consecutive records,
// which read, scan and verify exactly like one entry per event, and whose damage verify() finds.
#include <catch2/catch.hpp>

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

// The segment under `key_seq` re-encoded by `write` from its records.
std::string reframed(RawDb& raw, uint64_t key_seq,
                     const std::function<std::string(const std::vector<std::string>&)>& write) {
    const std::string stored = raw.get(codec::kCfLog, codec::log_key(key_seq));
    codec::LogSegmentReader reader(stored);
    std::vector<std::string> records;
    std::string_view record;
    while (reader.next(record))
        records.emplace_back(record);
    REQUIRE(reader.finished_cleanly());
    return write(records);
}

TEST_CASE("damage inside a log segment is found by verify and blamed on its transaction") {
    TempDir dir;
    const std::string path = dir.sub("db");
    fill(path);
    // Transaction 3 (event kLastSeq + 1) follows the chunked one, whose last segment holds the
    // events 858 .. kLastSeq: damage found only on leaving that segment still belongs to 2.
    must_append(*open_store(path), request_of({make_event("P1", 3, std::nullopt)}));
    constexpr uint64_t kLastSegment = 858;

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
        CHECK(r.first_bad_tx == 2);
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
        CHECK(r.first_bad_tx == 2);
        CHECK(r.problem.find("segment starting at event 2 is malformed") != std::string::npos);
    }
    SECTION("bytes after the last segment of a transaction") {
        const VerifyReport r = verified_after(path, [&](RawDb& raw) {
            raw.put(codec::kCfLog, codec::log_key(kLastSegment),
                    raw.get(codec::kCfLog, codec::log_key(kLastSegment)) + "x");
        });
        INFO(r.problem);
        CHECK_FALSE(r.ok);
        CHECK(r.first_bad_tx == 2);
    }
    SECTION("an entry inside the numbers of a transaction's last segment") {
        const VerifyReport r = verified_after(path, [&](RawDb& raw) {
            raw.put(codec::kCfLog, codec::log_key(kLastSegment + 2),
                    raw.get(codec::kCfLog, codec::log_key(1)));
        });
        INFO(r.problem);
        CHECK_FALSE(r.ok);
        CHECK(r.first_bad_tx == 2);
        CHECK(r.problem.find("twice") != std::string::npos);
    }
    SECTION("a count one too high or too low") {
        const int delta = GENERATE(-1, 1);
        const VerifyReport r = verified_after(path, [&](RawDb& raw) {
            raw.put(codec::kCfLog, codec::log_key(130),
                    reframed(raw, 130, [&](const std::vector<std::string>& records) {
                        codec::LogSegmentWriter w;
                        w.start(records.size() + delta);
                        for (const auto& record : records)
                            w.add(record);
                        return std::string(w.bytes());
                    }));
        });
        INFO(r.problem);
        CHECK_FALSE(r.ok);
        CHECK(r.first_bad_tx == 2);
    }
    SECTION("a record size written in a longer form than needed") {
        const VerifyReport r = verified_after(path, [&](RawDb& raw) {
            raw.put(codec::kCfLog, codec::log_key(130),
                    reframed(raw, 130, [](const std::vector<std::string>& records) {
                        std::string bytes(1, static_cast<char>(codec::kLogSegmentTag));
                        codec::put_varint(bytes, records.size());
                        for (size_t i = 0; i < records.size(); ++i) {
                            REQUIRE(records[i].size() < 0x80);
                            if (i == 7) {  // the same size as two varint bytes: 0x80 | n, 0
                                bytes.push_back(static_cast<char>(0x80 | records[i].size()));
                                bytes.push_back('\0');
                            } else {
                                codec::put_varint(bytes, records[i].size());
                            }
                            bytes += records[i];
                        }
                        return bytes;
                    }));
        });
        INFO(r.problem);
        CHECK_FALSE(r.ok);
        CHECK(r.first_bad_tx == 2);
    }
    SECTION("a segment running on into the next transaction") {
        const VerifyReport r = verified_after(path, [&](RawDb& raw) {
            const std::string next = raw.get(codec::kCfLog, codec::log_key(kLastSeq + 1));
            raw.put(codec::kCfLog, codec::log_key(kLastSegment),
                    reframed(raw, kLastSegment, [&](const std::vector<std::string>& records) {
                        codec::LogSegmentWriter w;
                        w.start(records.size() + 1);
                        for (const auto& record : records)
                            w.add(record);
                        w.add(next);
                        return std::string(w.bytes());
                    }));
            raw.remove(codec::kCfLog, codec::log_key(kLastSeq + 1));
        });
        INFO(r.problem);
        CHECK_FALSE(r.ok);
        CHECK(r.first_bad_tx == 2);
        CHECK(r.problem.find("beyond the transaction") != std::string::npos);
    }
    SECTION("single events and scans report a damaged segment as corruption") {
        {
            RawDb raw(path);
            std::string segment = raw.get(codec::kCfLog, codec::log_key(258));
            segment.resize(segment.size() - 3);
            raw.put(codec::kCfLog, codec::log_key(258), segment);
        }
        auto store = open_store(path);
        CHECK(store->event(260).status().code() == StatusCode::kCorruption);
        CHECK(store->event(257).is_ok());  // the segment before is whole
        auto s = store->scan_log(250, 270, [](const Event&) { return true; });
        CHECK(s.code() == StatusCode::kCorruption);
    }
}

TEST_CASE("a correction may name an event of a chunk already in the log's segments") {
    // Five chunks: when the last one is validated, the first one's events are no longer held in
    // memory (three chunks are in flight at most) and are read back from its staged segment.
    TempDir dir;
    auto store = open_store(dir.sub("db"));
    size_t next = 0;
    TransactionRequest header = request_of({});
    header.source = "sha256:" + std::string(64, 'c');
    auto info = store->append_chunked(header, [&](std::vector<Event>& chunk) {
        if (next == 5) return Status::ok();
        for (size_t i = 0; i < kPerChunk; ++i)
            chunk.push_back(make_event("P" + std::to_string(i % 3), static_cast<int32_t>(i % 20),
                                       static_cast<uint16_t>(i), EventKind::kTemp, 37.0));
        if (next == 4) {
            Event amend = make_event("", 0, std::nullopt, EventKind::kTemp, 39.9);
            amend.correction = Correction::kAmend;
            amend.target_seq = 200;  // in the first chunk's second segment
            amend.reason = "transcription";
            chunk.push_back(amend);
        }
        ++next;
        return Status::ok();
    });
    INFO(info.status().message());
    REQUIRE(info.is_ok());
    auto target = store->event(200);
    REQUIRE(target.is_ok());
    auto amended = store->corrections_of(200);
    REQUIRE(amended.is_ok());
    REQUIRE(amended->size() == 1);
    CHECK(amended->front().patient_id == target->patient_id);
    CHECK(*amended->front().value == Approx(39.9));
    CHECK(store->verify().ok);
}

TEST_CASE("an interrupted import whose staged segment is damaged is still cleaned up at open") {
    TempDir dir;
    const std::string path = dir.sub("db");
    { must_append(*open_store(path), request_of({make_event("P0", 0, std::nullopt)})); }
    const std::string page_key = codec::timeline_patient_key(1);  // P0, the first patient
    {
        // What a chunked append leaves when its process dies, with its segment damaged: the
        // marker, a staged entry beyond last_seq, and the page entry it stands for.
        RawDb raw(path);
        raw.put(codec::kCfMeta, std::string(codec::kMetaStaging), codec::encode_u64_value(2));
        raw.put(codec::kCfLog, codec::log_key(2),
                std::string(1, static_cast<char>(codec::kLogSegmentTag)) + "\x03garbage");
        std::string page = raw.get(codec::kCfTimeline, page_key);
        codec::PageReader reader(page);
        uint64_t seq = 0;
        std::string_view record;
        REQUIRE(reader.next(seq, record));
        const std::string copy(record);
        codec::append_page_entry(2, copy, page);
        raw.put(codec::kCfTimeline, page_key, page);
    }
    {
        auto store = open_store(path);  // recovery runs here
        CHECK(store->last_seq() == 1);
        auto timeline = store->timeline("P0");
        REQUIRE(timeline.is_ok());
        CHECK(timeline->size() == 1);
        const VerifyReport report = store->verify();
        INFO(report.problem);
        CHECK(report.ok);
    }
    RawDb raw(path);
    CHECK_FALSE(raw.find(codec::kCfLog, codec::log_key(2)).has_value());
    CHECK_FALSE(raw.find(codec::kCfMeta, std::string(codec::kMetaStaging)).has_value());
}
