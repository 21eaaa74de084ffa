// Key encodings must sort like the values they encode; records must round-trip every field.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <random>
#include <set>
#include <vector>

#include "store/codec.h"

using namespace dayzero::store;

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

TEST_CASE("timeline patient keys sort like compact patient ids and decode back") {
    const std::vector<uint32_t> patients{0, 1, 2, 255, 256, 65536, 0xffffffffu};
    for (size_t i = 0; i < patients.size(); ++i) {
        uint32_t back = 0;
        REQUIRE(codec::decode_timeline_patient_key(codec::timeline_patient_key(patients[i]), back));
        CHECK(back == patients[i]);
        if (i > 0) {
            CHECK(codec::timeline_patient_key(patients[i - 1]) <
                  codec::timeline_patient_key(patients[i]));
        }
    }
    uint32_t ignored = 0;
    CHECK_FALSE(codec::decode_timeline_patient_key("abc", ignored));
}

TEST_CASE("a page is the concatenation of its entries and reads back in write order") {
    std::string page;
    const std::vector<std::pair<uint64_t, std::string>> entries{
        {1, "first"}, {300, std::string(200, 'x')}, {1ull << 40, ""}, {7, std::string("a\0b", 3)}};
    std::set<size_t> boundaries{0};  // where an entry ends
    for (const auto& [seq, record] : entries) {
        codec::append_page_entry(seq, record, page);
        boundaries.insert(page.size());
    }
    codec::PageReader reader(page);
    uint64_t seq = 0;
    std::string_view record;
    for (const auto& [want_seq, want_record] : entries) {
        REQUIRE(reader.next(seq, record));
        CHECK(seq == want_seq);
        CHECK(record == want_record);
    }
    CHECK_FALSE(reader.next(seq, record));
    CHECK(reader.ok());

    SECTION("a page cut inside an entry is reported as malformed, never read past its end") {
        for (size_t length = 0; length < page.size(); ++length) {
            codec::PageReader truncated(std::string_view(page).substr(0, length));
            size_t read = 0;
            while (truncated.next(seq, record))
                ++read;
            INFO("length " << length);
            CHECK(truncated.ok() == (boundaries.count(length) == 1));
            CHECK(read <= entries.size());
        }
    }
}

TEST_CASE("the position of a record decodes without the rest of it") {
    Event e;
    e.patient_id = "P";
    e.day = -3;
    e.minute = 75;
    e.kind = EventKind::kTemp;
    e.value = 38.2;
    std::string bytes;
    codec::encode_record(e, 42, "", "", bytes);
    int32_t day = 0;
    std::optional<uint16_t> minute;
    REQUIRE(codec::decode_record_position(bytes, day, minute));
    CHECK(day == -3);
    CHECK(minute == std::optional<uint16_t>(75));
    e.minute.reset();
    bytes.clear();
    codec::encode_record(e, 42, "", "", bytes);
    REQUIRE(codec::decode_record_position(bytes, day, minute));
    CHECK_FALSE(minute.has_value());
    CHECK_FALSE(codec::decode_record_position("", day, minute));
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

TEST_CASE("record, page entry and hash input bytes are exactly the stored grammar") {
    // Pinned byte for byte: stores written by earlier builds must decode and verify unchanged.
    Event e;
    e.day = -3;
    e.minute = 600;
    e.kind = EventKind::kTemp;
    e.value = 38.5;
    e.code = "TEMP";
    e.unit = "degC";
    e.original = "38.5";
    e.reason = "why";
    e.tx = 7;
    e.source_line = 300;
    e.recorded_by = "bob";
    std::string bytes = "x";  // encode_record appends
    codec::encode_record(e, 130, "ann", "", bytes);
    const std::string record(
        "\x01\x17\x01\x00"                              // ver, flags (minute value author reason)
        "\x82\x01\x05\xd8\x04"                          // patient 130, day -3, minute 600
        "\x00\x00\x00\x00\x00\x40\x43\x40"              // 38.5, little-endian
        "\x04TEMP\x00\x04\x64\x65gC\x04\x33\x38.5\x00"  // code text unit orig. note
        "\x07\xac\x02\x03\x62ob\x03why",                // tx, line 300, author, reason
        45);
    CHECK(bytes == "x" + record);
    std::string page = "y";
    codec::append_page_entry(300, record, page);
    CHECK(page == "y\xac\x02\x2d" + record);
    std::string hash_input(codec::max_event_hash_input_size("P1", record), '\0');
    const char* end = codec::write_event_hash_input(258, "P1", record, hash_input.data());
    hash_input.resize(static_cast<size_t>(end - hash_input.data()));
    CHECK(hash_input == std::string("\0\0\0\0\0\0\x01\x02\x02P1\x2d", 12) + record);
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
    // decode_record_into leaves a shared author/source to its caller; decode_record empties it.
    REQUIRE(codec::decode_record(own, rec));
    CHECK(rec.event.source == e.source);
    uint32_t patient = 0;
    bool own_author = true, own_source = true;
    REQUIRE(codec::decode_record_into(shared, rec.event, patient, own_author, own_source));
    CHECK_FALSE(own_source);
    CHECK(rec.event.source == e.source);  // untouched: the caller gives the transaction's
    REQUIRE(codec::decode_record(shared, rec));
    CHECK(rec.event.recorded_by.empty());
    CHECK(rec.event.source.empty());
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
