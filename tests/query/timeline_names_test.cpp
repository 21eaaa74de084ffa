// encode_timeline_names: each patient's stored name entry ("v" <id>), which the import's
// projector writes straight from the timeline, is byte for byte what encoding a Vocabulary gives
// that holds every event's code and baseline attribute, one by one; and Vocabulary::add_timeline,
// which gathers the names the same way, fills the Vocabulary with exactly those.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "generator/cohort_generator.h"
#include "query/summary_codec.h"
#include "query/vocabulary.h"

using namespace dayzero;
using namespace dayzero::query;

namespace {

// The names' rule at its plainest: every event's code under its kind, every baseline attribute
// with its type, a number once any value is one.
std::string through_vocabulary(const std::vector<store::Event>& events) {
    Vocabulary vocabulary;
    for (const auto& e : events) {
        if (e.code.empty()) continue;
        vocabulary.add_code(e.kind, e.code);
        if (e.kind == store::EventKind::kBaseline)
            vocabulary.add_attribute(e.code, e.value ? ValueType::kNumber : ValueType::kText);
    }
    return encode_vocabulary_names(vocabulary);
}

std::string through_add_timeline(const std::vector<store::Event>& events) {
    Vocabulary vocabulary;
    vocabulary.add_timeline("P1", events);
    return encode_vocabulary_names(vocabulary);
}

store::Event event(store::EventKind kind, std::string code, std::optional<double> value = {}) {
    store::Event e;
    e.patient_id = "P1";
    e.kind = kind;
    e.code = std::move(code);
    e.value = value;
    return e;
}

}  // namespace

TEST_CASE("timeline names: generated patients give the Vocabulary's bytes") {
    for (uint64_t i = 0; i < 200; ++i) {
        const auto patient = generator::generate_patient(2032, i, 200);
        INFO("patient " << i);
        REQUIRE(encode_timeline_names(patient.events) == through_vocabulary(patient.events));
        REQUIRE(through_add_timeline(patient.events) == through_vocabulary(patient.events));
    }
}

TEST_CASE("timeline names: order, repeats, baseline types and many codes") {
    using K = store::EventKind;
    std::vector<store::Event> events;
    SECTION("nothing named") {
        events.push_back(event(K::kTemp, ""));
        events.push_back(event(K::kRelapse, ""));
    }
    SECTION("kinds and codes out of order, repeated and interleaved") {
        for (const char* code : {"IL6", "CRP", "IL6", "ferritin", "CRP", "IL6", "Ferritin"})
            events.push_back(event(K::kLab, code, 1.0));
        events.push_back(event(K::kDose, "tocilizumab", 8.0));
        events.push_back(event(K::kOxygen, "room_air"));
        events.push_back(event(K::kLab, "CRP", 2.0));
        events.push_back(event(K::kDose, "dexamethasone", 10.0));
        events.push_back(event(K::kDose, "tocilizumab", 8.0));
        events.push_back(event(K::kOxygen, "low_flow_nc"));
        events.push_back(event(K::kOxygen, "room_air"));
    }
    SECTION("a baseline attribute is a number once any of its values is") {
        events.push_back(event(K::kBaseline, "sex"));
        events.push_back(event(K::kBaseline, "ecog"));
        events.push_back(event(K::kBaseline, "ecog", 1.0));
        events.push_back(event(K::kBaseline, "ecog"));
        events.push_back(event(K::kBaseline, "age", 61.0));
        events.push_back(event(K::kBaseline, "sex"));
        events.push_back(event(K::kLab, "age", 3.0));  // the same code under another kind
    }
    SECTION("more distinct codes than are scanned for repeats, each seen twice") {
        for (int round = 0; round < 2; ++round) {
            for (int i = 0; i < 150; ++i) {
                events.push_back(event(K::kLab, "A" + std::to_string((i * 37) % 150), 1.0));
                events.push_back(event(K::kDose, "D" + std::to_string(i % 70), 1.0));
            }
        }
    }
    SECTION("bytes above 0x7F sort as unsigned, as std::string does") {
        events.push_back(event(K::kLab, "\xC3\xA9lan", 1.0));
        events.push_back(event(K::kLab, "zeta", 1.0));
        events.push_back(event(K::kBaseline, "\xC3\xA9tat"));
        events.push_back(event(K::kBaseline, "zone"));
    }
    CHECK(encode_timeline_names(events) == through_vocabulary(events));
    CHECK(through_add_timeline(events) == through_vocabulary(events));
}
