// Round trips of the stored-summary codec: every field of a summary and of a vocabulary survives
// encode → decode with a distinctive value, new struct fields are noticed, and malformed or
// foreign bytes are refused rather than misread.
#include <catch2/catch.hpp>

#include <utility>

#include "query/summary_codec.h"

using namespace dayzero;
using query::PatientSummary;

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

derive::DoseTiming timing(uint64_t seq, const char* drug, std::optional<double> mg) {
    return {seq, seq % 2 == 0 ? -1 : 3, static_cast<uint16_t>(seq * 7), drug, mg};
}

derive::LabMeasure lab(double base) {
    derive::LabMeasure l;
    l.baseline = base;
    l.baseline_day = -1;
    l.peak = base * 9.5;
    l.peak_day = 4;
    l.fold_change = 9.5;
    l.pre_toci = base * 8;
    l.post_toci = base * 2;
    l.hours_to_next_sample = 13.25;
    l.fell_after_toci = base > 10;  // false for one lab, true for the other: both kept
    l.samples = 17;
    return l;
}

// A summary in which every field differs from its default.
PatientSummary full_summary() {
    PatientSummary s;
    s.id = "P-007/ä";
    s.derived.patient_id = s.id;
    derive::Episode e;
    e.number = 2;
    e.onset_day = 3;
    e.end_day = 9;
    e.duration = 7;
    e.max_grade = 4;
    e.positive_days = 6;
    e.ended_by = derive::EpisodeEnd::kDeath;
    e.masked_from_day = 4;
    e.toci_doses = 2;
    e.steroid_doses = 1;
    e.toci = {timing(101, "tocilizumab", 640.5), timing(108, "Tocilizumab", std::nullopt)};
    e.steroids = {timing(120, "dexamethasone", 10)};
    e.onset_minute = 615;
    e.days_onset_to_first_toci = 1;
    e.hours_onset_to_first_toci = 26.5;
    e.days = {3, 4, 5, 6, 7, 8, 9};
    derive::Episode first;
    first.number = 1;
    first.onset_day = -2;
    first.ended_by = derive::EpisodeEnd::kWindowEnd;
    s.derived.episodes = {first, e};

    derive::PatientMeasures& m = s.derived.measures;
    m.any_crs = true;
    m.max_grade = 4;
    m.episodes = 2;
    m.crs_days = 11;
    m.crs_positive_days = 10;
    m.onset_day = -2;
    m.first_duration = 5;
    m.days_onset_to_first_toci = 1;
    m.hours_onset_to_first_toci = 26.5;
    m.toci_doses = 3;
    m.toci_total_mg = 1280.25;
    m.steroid_doses = 4;
    m.steroid_mpe_mg = 53.333333333333336;
    m.first_toci_day = 4;
    m.gcsf_doses = 5;
    m.baseline["age"] = {34.0, ""};
    m.baseline["sex"] = {std::nullopt, "F"};
    m.baseline["blasts_pct"] = {62.5, "62.5 %"};
    m.weight_kg = 71.3;
    m.infusion_product = "tisagenlecleucel";
    m.infusion_dose = 3.1;
    m.infusion_day = 1;
    m.max_icans_grade = 2;
    m.max_infection_grade = 3;
    m.response = "CR_MRD_NEG";
    m.response_day = 27;
    m.death_day = 400;
    m.death_cause = "relapse";
    m.relapse_day = 210;
    m.last_followup_day = 401;
    m.os = {400, true};
    m.pfs = {210, false};
    m.labs["IL6"] = lab(12.5);
    m.labs["CRP"] = lab(3);
    s.doses["tocilizumab"] = {3, 1280.25, true};
    s.doses["dexamethasone"] = {1, 10, false};
    return s;
}

void same_timing(const derive::DoseTiming& a, const derive::DoseTiming& b) {
    CHECK(a.seq == b.seq);
    CHECK(a.day == b.day);
    CHECK(a.minute == b.minute);
    CHECK(a.drug == b.drug);
    CHECK(a.mg == b.mg);
}

void same_timings(const std::vector<derive::DoseTiming>& a,
                  const std::vector<derive::DoseTiming>& b) {
    REQUIRE(a.size() == b.size());
    for (size_t i = 0; i < a.size(); ++i)
        same_timing(a[i], b[i]);
}

void same_episode(const derive::Episode& a, const derive::Episode& b) {
    CHECK(a.number == b.number);
    CHECK(a.onset_day == b.onset_day);
    CHECK(a.end_day == b.end_day);
    CHECK(a.duration == b.duration);
    CHECK(a.max_grade == b.max_grade);
    CHECK(a.positive_days == b.positive_days);
    CHECK(a.ended_by == b.ended_by);
    CHECK(a.masked_from_day == b.masked_from_day);
    CHECK(a.toci_doses == b.toci_doses);
    CHECK(a.steroid_doses == b.steroid_doses);
    same_timings(a.toci, b.toci);
    same_timings(a.steroids, b.steroids);
    CHECK(a.onset_minute == b.onset_minute);
    CHECK(a.days_onset_to_first_toci == b.days_onset_to_first_toci);
    CHECK(a.hours_onset_to_first_toci == b.hours_onset_to_first_toci);
    CHECK(a.days == b.days);
}

void same_lab(const derive::LabMeasure& a, const derive::LabMeasure& b) {
    CHECK(a.baseline == b.baseline);
    CHECK(a.baseline_day == b.baseline_day);
    CHECK(a.peak == b.peak);
    CHECK(a.peak_day == b.peak_day);
    CHECK(a.fold_change == b.fold_change);
    CHECK(a.pre_toci == b.pre_toci);
    CHECK(a.post_toci == b.post_toci);
    CHECK(a.hours_to_next_sample == b.hours_to_next_sample);
    CHECK(a.fell_after_toci == b.fell_after_toci);
    CHECK(a.samples == b.samples);
}

void same_measures(const derive::PatientMeasures& a, const derive::PatientMeasures& b) {
    CHECK(a.any_crs == b.any_crs);
    CHECK(a.max_grade == b.max_grade);
    CHECK(a.episodes == b.episodes);
    CHECK(a.crs_days == b.crs_days);
    CHECK(a.crs_positive_days == b.crs_positive_days);
    CHECK(a.onset_day == b.onset_day);
    CHECK(a.first_duration == b.first_duration);
    CHECK(a.days_onset_to_first_toci == b.days_onset_to_first_toci);
    CHECK(a.hours_onset_to_first_toci == b.hours_onset_to_first_toci);
    CHECK(a.toci_doses == b.toci_doses);
    CHECK(a.toci_total_mg == b.toci_total_mg);
    CHECK(a.steroid_doses == b.steroid_doses);
    CHECK(a.steroid_mpe_mg == b.steroid_mpe_mg);
    CHECK(a.first_toci_day == b.first_toci_day);
    CHECK(a.gcsf_doses == b.gcsf_doses);
    REQUIRE(a.baseline.size() == b.baseline.size());
    for (const auto& [name, value] : a.baseline) {
        INFO("baseline " << name);
        REQUIRE(b.baseline.count(name) == 1);
        CHECK(b.baseline.at(name).number == value.number);
        CHECK(b.baseline.at(name).text == value.text);
    }
    CHECK(a.weight_kg == b.weight_kg);
    CHECK(a.infusion_product == b.infusion_product);
    CHECK(a.infusion_dose == b.infusion_dose);
    CHECK(a.infusion_day == b.infusion_day);
    CHECK(a.max_icans_grade == b.max_icans_grade);
    CHECK(a.max_infection_grade == b.max_infection_grade);
    CHECK(a.response == b.response);
    CHECK(a.response_day == b.response_day);
    CHECK(a.death_day == b.death_day);
    CHECK(a.death_cause == b.death_cause);
    CHECK(a.relapse_day == b.relapse_day);
    CHECK(a.last_followup_day == b.last_followup_day);
    CHECK(a.os.days == b.os.days);
    CHECK(a.os.event == b.os.event);
    CHECK(a.pfs.days == b.pfs.days);
    CHECK(a.pfs.event == b.pfs.event);
    REQUIRE(a.labs.size() == b.labs.size());
    for (const auto& [code, measure] : a.labs) {
        INFO("lab " << code);
        REQUIRE(b.labs.count(code) == 1);
        same_lab(measure, b.labs.at(code));
    }
}

}  // namespace

TEST_CASE("summary codec: the structs have the fields the codec was written for") {
    // A failure here means a field was added: encode it in query/summary_codec.cpp, bump
    // kSummaryCodecVersion, and give it a distinctive value in full_summary().
    STATIC_REQUIRE(field_count<derive::PatientMeasures>() == 31);
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
