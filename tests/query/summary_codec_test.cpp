// Round trips of the stored-summary codec: every field of a summary and of a vocabulary survives
// encode → decode with a distinctive value, new struct fields are noticed, and malformed or
// foreign bytes are refused rather than misread.
#include <catch2/catch.hpp>

#include <utility>

#include "query/summary_codec.h"
#include "summary_fixture.h"

using namespace dayzero;
using query::PatientSummary;
using namespace dayzero::query::testing;

namespace {

// Counts an aggregate's fields (brace-initialisable with how many arguments), so adding a field
// to a summary struct fails this test until the codec and the test cover it.
struct AnyField {
    template <typename T>
    operator T&() const&& noexcept;
};
template <typename T, size_t... I>
constexpr bool braces_with(std::index_sequence<I...>) {
    return requires {
        T{(void(I), AnyField{})...};
    };
}
template <typename T, size_t N = 0>
constexpr size_t field_count() {
    if constexpr (braces_with<T>(std::make_index_sequence<N + 1>{}))
        return field_count<T, N + 1>();
    else
        return N;
}

}  // namespace

TEST_CASE("summary codec: the structs have the fields the codec was written for") {
    // A failure here means a field was added: encode it in query/summary_codec.cpp, bump
    // kSummaryCodecVersion, and give it a distinctive value in full_summary().
    STATIC_REQUIRE(field_count<derive::PatientMeasures>() == 32);
    STATIC_REQUIRE(field_count<derive::GradingCoverage>() == 7);
    STATIC_REQUIRE(field_count<derive::Episode>() == 16);
    STATIC_REQUIRE(field_count<derive::DoseTiming>() == 5);
    STATIC_REQUIRE(field_count<derive::LabMeasure>() == 10);
    STATIC_REQUIRE(field_count<derive::SurvivalTime>() == 2);
    STATIC_REQUIRE(field_count<derive::BaselineValue>() == 2);
    STATIC_REQUIRE(field_count<derive::PatientDerivation>() == 4);
    STATIC_REQUIRE(field_count<query::DoseTotal>() == 3);
    STATIC_REQUIRE(field_count<PatientSummary>() == 3);
}

TEST_CASE("summary codec: every field of a summary survives a round trip") {
    const PatientSummary in = full_summary();
    const auto out = query::decode_summary(in.id, query::encode_summary(in));
    REQUIRE(out.has_value());
    CHECK(out->id == in.id);
    CHECK(out->derived.patient_id == in.id);
    CHECK(out->derived.days.empty());
    REQUIRE(out->derived.episodes.size() == in.derived.episodes.size());
    for (size_t i = 0; i < in.derived.episodes.size(); ++i)
        same_episode(in.derived.episodes[i], out->derived.episodes[i]);
    same_measures(in.derived.measures, out->derived.measures);
    REQUIRE(out->doses.size() == in.doses.size());
    for (const auto& [drug, total] : in.doses) {
        INFO("doses of " << drug);
        REQUIRE(out->doses.count(drug) == 1);
        CHECK(out->doses.at(drug).doses == total.doses);
        CHECK(out->doses.at(drug).mg == total.mg);
        CHECK(out->doses.at(drug).mg_known == total.mg_known);
    }
}

TEST_CASE("summary codec: an empty summary round-trips to empty") {
    PatientSummary in;
    in.id = "P1";
    const auto out = query::decode_summary("P1", query::encode_summary(in));
    REQUIRE(out.has_value());
    CHECK(out->derived.episodes.empty());
    CHECK_FALSE(out->derived.measures.onset_day.has_value());
    CHECK_FALSE(out->derived.measures.os.days.has_value());
    CHECK(out->derived.measures.labs.empty());
    CHECK(out->doses.empty());
}

TEST_CASE("summary codec: vocabulary names and header round-trip") {
    query::Vocabulary v;
    v.add_patient("P1");
    v.add_patient("P0");
    v.add_code(store::EventKind::kDose, "tocilizumab");
    v.add_code(store::EventKind::kDose, "Dexamethasone");
    v.add_code(store::EventKind::kLab, "IL6");
    v.add_attribute("age", query::ValueType::kNumber);
    v.add_attribute("sex", query::ValueType::kText);

    query::ProjectionHeader header;
    header.seq = 4'400'123;
    header.definition = "ASTCT 2019: fever >= 38.0 C";
    header.vocabulary = v;
    const auto out = query::decode_header(query::encode_header(header));
    REQUIRE(out.has_value());
    CHECK(out->seq == header.seq);
    // A names-only encoding carries no patients.
    query::Vocabulary names_only;
    REQUIRE(query::decode_vocabulary_names(query::encode_vocabulary_names(v), names_only));
    CHECK(names_only.patient_count() == 0);
    CHECK(out->definition == header.definition);
    CHECK(out->vocabulary.patient_ids() == v.patient_ids());
    CHECK(out->vocabulary.codes_by_kind() == v.codes_by_kind());
    CHECK(out->vocabulary.attributes() == v.attributes());
}

TEST_CASE("summary codec: a decoded header's patients are looked up as stored, then changed") {
    query::Vocabulary v;
    for (const char* id : {"P10", "P02", "P07"})
        v.add_patient(id);
    query::ProjectionHeader header;
    header.vocabulary = v;
    auto out = query::decode_header(query::encode_header(header));
    REQUIRE(out.has_value());
    query::Vocabulary& read = out->vocabulary;
    CHECK(read.patient_count() == 3);
    CHECK(read.has_patient("P07"));
    CHECK_FALSE(read.has_patient("P7"));
    CHECK(read.patient_list() == std::vector<std::string>{"P02", "P07", "P10"});
    // A patient added later joins the others, in order, once.
    read.add_patient("P05");
    read.add_patient("P07");
    CHECK(read.patient_count() == 4);
    CHECK(read.has_patient("P05"));
    CHECK(read.patient_list() == std::vector<std::string>{"P02", "P05", "P07", "P10"});
}

TEST_CASE("summary codec: a header whose patients are out of order is refused") {
    query::Vocabulary v;
    v.add_patient("P01");
    v.add_patient("P02");
    query::ProjectionHeader header;
    header.vocabulary = v;
    std::string bytes = query::encode_header(header);
    const size_t first = bytes.find("P01");
    REQUIRE(first != std::string::npos);
    bytes[first + 2] = '3';  // "P03" before "P02"
    CHECK_FALSE(query::decode_header(bytes).has_value());
}

TEST_CASE("summary codec: merging names keeps numeric attributes numeric") {
    query::Vocabulary a, b;
    a.add_attribute("center", query::ValueType::kText);
    a.add_attribute("age", query::ValueType::kNumber);
    b.add_attribute("age", query::ValueType::kText);
    b.add_attribute("center", query::ValueType::kNumber);
    query::Vocabulary merged;
    REQUIRE(query::decode_vocabulary_names(query::encode_vocabulary_names(a), merged));
    REQUIRE(query::decode_vocabulary_names(query::encode_vocabulary_names(b), merged));
    CHECK(merged.attributes().at("age") == query::ValueType::kNumber);
    CHECK(merged.attributes().at("center") == query::ValueType::kNumber);
}

TEST_CASE("summary codec: malformed or foreign bytes are refused, never misread") {
    const std::string good = query::encode_summary(full_summary());
    SECTION("another version") {
        std::string bytes = good;
        bytes[0] = static_cast<char>(query::kSummaryCodecVersion + 1);
        CHECK_FALSE(query::decode_summary("P", bytes).has_value());
    }
    SECTION("every truncation") {
        for (size_t n = 0; n < good.size(); ++n) {
            INFO("first " << n << " bytes");
            CHECK_FALSE(query::decode_summary("P", good.substr(0, n)).has_value());
        }
    }
    SECTION("trailing bytes") {
        CHECK_FALSE(query::decode_summary("P", good + "x").has_value());
    }
    SECTION("a huge element count") {
        std::string bytes(1, static_cast<char>(query::kSummaryCodecVersion));
        bytes += std::string(9, '\xff') + '\x01';
        CHECK_FALSE(query::decode_summary("P", bytes).has_value());
    }
    SECTION("every single-byte corruption decodes or is refused without throwing") {
        for (size_t i = 0; i < good.size(); ++i) {
            std::string bytes = good;
            bytes[i] = static_cast<char>(bytes[i] ^ 0x5a);
            INFO("byte " << i);
            CHECK_NOTHROW(query::decode_summary("P", bytes));
        }
    }
    SECTION("a header with an unknown event kind") {
        std::string names(1, static_cast<char>(query::kSummaryCodecVersion));
        names += '\x01';  // one kind
        names += '\x63';  // kind 99
        names += '\x00';  // no codes
        names += '\x00';  // no attributes
        query::Vocabulary into;
        CHECK_FALSE(query::decode_vocabulary_names(names, into));
    }
}
