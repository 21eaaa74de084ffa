// Found by fuzz_event_decoder: the store's record decoder accepted a value that is NaN or
// infinite, although the store never writes one (append refuses non-finite values) and every
// reader assumes values are finite. Such bytes can only come from damage or tampering, so they
// must decode as corruption (fixed in store/record_codec.cpp).
#include <catch2/catch.hpp>

#include <limits>
#include <string>

#include "robust_fixture.h"
#include "store/codec.h"

using namespace dayzero;

namespace {

// The stored bytes of a temperature event whose value is `value`.
std::string record_with_value(double value) {
    store::Event event;
    event.patient_id = "P001";
    event.kind = store::EventKind::kTemp;
    event.day = 2;
    event.value = value;
    event.unit = "C";
    std::string bytes;
    store::codec::encode_record(event, 1, "", "", bytes);
    return bytes;
}

}  // namespace

TEST_CASE("store decode: a stored record with a NaN value is corruption") {
    store::codec::Record record;
    const auto status = store::codec::decode_record(
        record_with_value(std::numeric_limits<double>::quiet_NaN()), record);
    INFO(status.message());
    CHECK(status.code() == store::StatusCode::kCorruption);
}

TEST_CASE("store decode: a stored record with an infinite value is corruption") {
    store::codec::Record record;
    const auto status = store::codec::decode_record(
        record_with_value(std::numeric_limits<double>::infinity()), record);
    INFO(status.message());
    CHECK(status.code() == store::StatusCode::kCorruption);
}

TEST_CASE("store decode: the fuzzer's NaN record is corruption") {
    const std::string bytes = robust::read_text(std::string(DAYZERO_SOURCE_DIR) +
                                                "/tests/fuzz/corpus/fuzz_event_decoder/"
                                                "crash_nan_value_record");
    REQUIRE_FALSE(bytes.empty());
    store::codec::Record record;
    const auto status = store::codec::decode_record(bytes, record);
    INFO(status.message());
    CHECK(status.code() == store::StatusCode::kCorruption);
}
