// Key encodings must sort like the values they encode; records must round-trip every field.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <random>
#include <vector>

#include "store/codec.h"

using namespace dayzero::store;

namespace {

int compare_tuples(const codec::TimelineKey& a, const codec::TimelineKey& b) {
    auto slot = [](const codec::TimelineKey& k) { return k.minute ? *k.minute + 1 : 0; };
    if (a.patient != b.patient) return a.patient < b.patient ? -1 : 1;
    if (a.day != b.day) return a.day < b.day ? -1 : 1;
    if (slot(a) != slot(b)) return slot(a) < slot(b) ? -1 : 1;
    if (a.seq != b.seq) return a.seq < b.seq ? -1 : 1;
    return 0;
}

int sign(int v) {
    return (v > 0) - (v < 0);
}

}  // namespace

TEST_CASE("day keys sort like signed days, negative before positive") {
    const std::vector<int32_t> days{std::numeric_limits<int32_t>::min(),
                                    -100000,
                                    -100001,
                                    -5,
                                    -1,
                                    0,
                                    1,
                                    5,
                                    28,
                                    900,
                                    99999,
                                    100000,
                                    std::numeric_limits<int32_t>::max()};
    for (int32_t a : days) {
        for (int32_t b : days) {
            std::string ea, eb;
            codec::put_day(ea, a);
            codec::put_day(eb, b);
            INFO(a << " vs " << b);
            CHECK((a < b) == (ea < eb));
            CHECK((a == b) == (ea == eb));
            CHECK(codec::get_day(ea.data()) == a);
        }
    }
}

TEST_CASE("timeline keys: a < b exactly when enc(a) < enc(b)") {
    std::vector<codec::TimelineKey> keys;
    const std::vector<uint32_t> patients{0, 1, 2, 255, 256, 65536, 0xffffffffu};
    const std::vector<int32_t> days{-100000, -5, -1, 0, 1, 14, 100000};
    const std::vector<std::optional<uint16_t>> minutes{std::nullopt, 0, 1, 59, 60, 1439};
    const std::vector<uint64_t> seqs{1,   2,          255,
                                     256, 1ull << 32, std::numeric_limits<uint64_t>::max()};
    std::mt19937 rng(42);
    for (int i = 0; i < 600; ++i) {
        keys.push_back({patients[rng() % patients.size()], days[rng() % days.size()],
                        minutes[rng() % minutes.size()], seqs[rng() % seqs.size()]});
    }
    for (const auto& a : keys) {
        for (size_t j = 0; j < keys.size(); j += 7) {
            const auto& b = keys[j];
            const std::string ea = codec::timeline_key(a);
            const std::string eb = codec::timeline_key(b);
            REQUIRE(sign(compare_tuples(a, b)) == sign(ea.compare(eb)));
        }
        codec::TimelineKey back;
        REQUIRE(codec::decode_timeline_key(codec::timeline_key(a), back));
        CHECK(back.patient == a.patient);
        CHECK(back.day == a.day);
        CHECK(back.minute == a.minute);
        CHECK(back.seq == a.seq);
    }
}

TEST_CASE("day range bounds enclose exactly the days in range") {
    const std::string lo = codec::timeline_day_start(7, -3);
    const std::string hi = codec::timeline_day_start(7, 2 + 1);
    auto inside = [&](int32_t day, std::optional<uint16_t> minute) {
        const std::string k = codec::timeline_key({7, day, minute, 12345});
        return lo <= k && k < hi;
    };
    CHECK_FALSE(inside(-4, 1439));
    CHECK(inside(-3, std::nullopt));
    CHECK(inside(2, 1439));
    CHECK_FALSE(inside(3, std::nullopt));
    CHECK(codec::timeline_key({6, 100000, 1439, ~0ull}) < codec::timeline_patient_start(7));
    CHECK(codec::timeline_key({7, -100000, std::nullopt, 0}) >= codec::timeline_patient_start(7));
}

TEST_CASE("log and correction keys sort by sequence") {
    CHECK(codec::log_key(255) < codec::log_key(256));
    CHECK(codec::log_key(1) < codec::log_key(1ull << 40));
    CHECK(codec::correction_key(5, 900) < codec::correction_key(6, 1));
}

TEST_CASE("an event record round-trips every field") {
    Event e;
    e.day = -100000;
    e.minute = 1439;
    e.kind = EventKind::kDose;
    e.code = "tocilizumab";
    e.value = -0.0000123456789;
    e.text = std::string("text with \0 inside", 18);
    e.unit = "mg";
    e.original = "8 mg/kg";
    e.note = std::string(300, 'n');
    e.correction = Correction::kAmend;
    e.target_seq = (1ull << 40) + 3;
    e.reason = "transcription error";
    e.tx = 77;
    e.recorded_at_us = 12345;  // a transaction attribute: not stored per event
    e.recorded_by = "someone else";
    e.source = "sha256:abc";
    e.source_line = 4000000000u;
    std::string bytes;
    codec::encode_record(e, 123456, "author", "shell", bytes);
    codec::Record rec;
    REQUIRE(codec::decode_record(bytes, rec));
    CHECK(rec.patient == 123456);
    CHECK(rec.own_author);
    CHECK(rec.own_source);
    const Event& d = rec.event;
    CHECK(d.day == e.day);
    CHECK(d.minute == e.minute);
    CHECK(d.kind == e.kind);
    CHECK(d.code == e.code);
    CHECK(d.value == e.value);
    CHECK(d.text == e.text);
    CHECK(d.unit == e.unit);
    CHECK(d.original == e.original);
    CHECK(d.note == e.note);
    CHECK(d.correction == e.correction);
    CHECK(d.target_seq == e.target_seq);
    CHECK(d.reason == e.reason);
    CHECK(d.tx == e.tx);
    CHECK(d.recorded_at_us == 0);
    CHECK(d.recorded_by == e.recorded_by);
    CHECK(d.source == e.source);
    CHECK(d.source_line == e.source_line);
}

TEST_CASE("a record shares author and source with its transaction instead of repeating them") {
    Event e;
    e.recorded_by = "author";
    e.source = "sha256:" + std::string(64, 'a');
    std::string shared, own;
    codec::encode_record(e, 1, "author", e.source, shared);
    codec::encode_record(e, 1, "other", "shell", own);
    CHECK(shared.size() + 64 < own.size());
    codec::Record rec;
    REQUIRE(codec::decode_record(shared, rec));
    CHECK_FALSE(rec.own_author);
    CHECK_FALSE(rec.own_source);
    CHECK_FALSE(rec.event.minute.has_value());
    CHECK_FALSE(rec.event.value.has_value());
}

TEST_CASE("malformed or future records are reported as corruption") {
    Event e;
    e.code = "IL6";
    std::string bytes;
    codec::encode_record(e, 1, "", "", bytes);
    codec::Record rec;
    CHECK_FALSE(codec::decode_record(bytes.substr(0, bytes.size() - 1), rec));
    CHECK_FALSE(codec::decode_record(bytes + "x", rec));
    std::string future = bytes;
    future[0] = 2;
    const Status s = codec::decode_record(future, rec);
    CHECK(s.code() == StatusCode::kCorruption);
    CHECK(s.message().find("version 2") != std::string::npos);
    std::string bad_kind = bytes;
    bad_kind[2] = 99;
    CHECK_FALSE(codec::decode_record(bad_kind, rec));
}
