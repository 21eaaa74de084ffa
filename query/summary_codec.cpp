// Summary projection values. Layout (varint = LEB128, svarint = zig-zag varint, f64 = IEEE-754
// little-endian, str = varint length · bytes, opt<T> = u8 present(0/1) [· T]):
//
//   summary    := u8 version(=4) · measures · varint n · episode{n} · varint n · dose_total{n}
//                 (baseline, labs and dose totals are in strictly increasing key order, as
//                 std::map lists them: readers rely on it — query/summary_view.cpp)
//   dose_total := str drug · svarint doses · f64 mg · u8 mg_known
//   episode    := svarint number · svarint onset_day · svarint end_day · svarint duration
//                 · svarint max_grade · svarint positive_days · u8 ended_by(EpisodeEnd)
//                 · opt<svarint> masked_from_day · svarint toci_doses · svarint steroid_doses
//                 · varint n · timing{n} (toci) · varint n · timing{n} (steroids)
//                 · opt<svarint> onset_minute · opt<svarint> days_onset_to_first_toci
//                 · opt<f64> hours_onset_to_first_toci · varint n · svarint{n} (days)
//   timing     := varint seq · svarint day · opt<varint> minute · str drug · opt<f64> mg
//   measures   := coverage · u8 any_crs · svarint max_grade · svarint episodes · svarint crs_days
//                 · svarint crs_positive_days · opt<svarint> onset_day
//                 · opt<svarint> first_duration · opt<svarint> days_onset_to_first_toci
//                 · opt<f64> hours_onset_to_first_toci · svarint toci_doses
//                 · opt<f64> toci_total_mg · svarint steroid_doses
//                 · opt<f64> steroid_mpe_mg · opt<svarint> first_toci_day
//                 · svarint gcsf_doses
//                 · varint n · (str name · opt<f64> number · str text){n} (baseline)
//                 · opt<f64> weight_kg · str infusion_product · opt<f64> infusion_dose
//                 · opt<svarint> infusion_day · svarint max_icans_grade
//                 · svarint max_infection_grade · str response · opt<svarint> response_day
//                 · opt<svarint> death_day · str death_cause · opt<svarint> relapse_day
//                 · opt<svarint> last_followup_day · survival (os) · survival (pfs)
//                 · varint n · (str code · lab){n}
//   coverage   := svarint window_days · svarint temperature_days · svarint sbp_days
//                 · svarint oxygen_days · svarint vasopressor_days · svarint dose_days
//                 · u8 crs_death
//   survival   := opt<svarint> days · u8 event
//   lab        := opt<f64> baseline · opt<svarint> baseline_day · opt<f64> peak
//                 · opt<svarint> peak_day · opt<f64> fold_change · opt<f64> pre_toci
//                 · opt<f64> post_toci · opt<f64> hours_to_next_sample · opt<u8> fell_after_toci
//                 · svarint samples
//   header     := u8 version · varint seq · str definition · varint n · str patient_id{n}
//                 · str names
//   names      := u8 version · varint n · (u8 kind · varint m · str code{m}){n}
//                 · varint n · (str attribute · u8 ValueType){n}
#include "query/summary_codec.h"

#include <limits>

#include "query/summary_bytes.h"

namespace dayzero::query {
namespace {

using summary_bytes::Reader;
using summary_bytes::Writer;

void put_timing(Writer& w, const derive::DoseTiming& t) {
    w.varint(t.seq);
    w.svarint(t.day);
    w.u8(t.minute ? 1 : 0);
    if (t.minute) w.varint(*t.minute);
    w.str(t.drug);
    w.opt_f64(t.mg);
}

derive::DoseTiming get_timing(Reader& r) {
    derive::DoseTiming t;
    t.seq = r.varint();
    t.day = r.i32();
    if (r.flag()) {
        const uint64_t minute = r.varint();
        if (minute > std::numeric_limits<uint16_t>::max()) r.fail();
        t.minute = static_cast<uint16_t>(minute);
    }
    t.drug = r.str();
    t.mg = r.opt_f64();
    return t;
}

void put_timings(Writer& w, const std::vector<derive::DoseTiming>& timings) {
    w.varint(timings.size());
    for (const auto& t : timings)
        put_timing(w, t);
}

std::vector<derive::DoseTiming> get_timings(Reader& r) {
    std::vector<derive::DoseTiming> out(r.count());
    for (auto& t : out)
        t = get_timing(r);
    return out;
}

}  // namespace

void encode_episode(Writer& w, const derive::Episode& e) {
    for (const int v :
         {e.number, e.onset_day, e.end_day, e.duration, e.max_grade, e.positive_days}) {
        w.svarint(v);
    }
    w.u8(static_cast<uint8_t>(e.ended_by));
    w.opt_int(e.masked_from_day);
    w.svarint(e.toci_doses);
    w.svarint(e.steroid_doses);
    put_timings(w, e.toci);
    put_timings(w, e.steroids);
    w.opt_int(e.onset_minute);
    w.opt_int(e.days_onset_to_first_toci);
    w.opt_f64(e.hours_onset_to_first_toci);
    w.varint(e.days.size());
    for (const int d : e.days)
        w.svarint(d);
}

derive::Episode decode_episode(Reader& r) {
    derive::Episode e;
    for (int* v :
         {&e.number, &e.onset_day, &e.end_day, &e.duration, &e.max_grade, &e.positive_days}) {
        *v = r.i32();
    }
    const uint8_t end = r.u8();
    if (end > static_cast<uint8_t>(derive::EpisodeEnd::kDeath)) r.fail();
    e.ended_by = static_cast<derive::EpisodeEnd>(end);
    e.masked_from_day = r.opt_int();
    e.toci_doses = r.i32();
    e.steroid_doses = r.i32();
    e.toci = get_timings(r);
    e.steroids = get_timings(r);
    e.onset_minute = r.opt_int();
    e.days_onset_to_first_toci = r.opt_int();
    e.hours_onset_to_first_toci = r.opt_f64();
    e.days.resize(r.count());
    for (int& d : e.days)
        d = r.i32();
    return e;
}

namespace {

void put_survival(Writer& w, const derive::SurvivalTime& s) {
    w.opt_int(s.days);
    w.u8(s.event ? 1 : 0);
}

void put_lab(Writer& w, const derive::LabMeasure& l) {
    w.opt_f64(l.baseline);
    w.opt_int(l.baseline_day);
    w.opt_f64(l.peak);
    w.opt_int(l.peak_day);
    for (const auto* v : {&l.fold_change, &l.pre_toci, &l.post_toci, &l.hours_to_next_sample})
        w.opt_f64(*v);
    w.u8(l.fell_after_toci ? 1 : 0);
    if (l.fell_after_toci) w.u8(*l.fell_after_toci ? 1 : 0);
    w.svarint(l.samples);
}

void put_measures(Writer& w, const derive::PatientMeasures& m) {
    const derive::GradingCoverage& c = m.coverage;
    for (const int v : {c.window_days, c.temperature_days, c.sbp_days, c.oxygen_days,
                        c.vasopressor_days, c.dose_days})
        w.svarint(v);
    w.u8(c.crs_death ? 1 : 0);
    w.u8(m.any_crs ? 1 : 0);
    for (const int v : {m.max_grade, m.episodes, m.crs_days, m.crs_positive_days})
        w.svarint(v);
    w.opt_int(m.onset_day);
    w.opt_int(m.first_duration);
    w.opt_int(m.days_onset_to_first_toci);
    w.opt_f64(m.hours_onset_to_first_toci);
    w.svarint(m.toci_doses);
    w.opt_f64(m.toci_total_mg);
    w.svarint(m.steroid_doses);
    w.opt_f64(m.steroid_mpe_mg);
    w.opt_int(m.first_toci_day);
    w.svarint(m.gcsf_doses);
    w.varint(m.baseline.size());
    for (const auto& [name, value] : m.baseline) {
        w.str(name);
        w.opt_f64(value.number);
        w.str(value.text);
    }
    w.opt_f64(m.weight_kg);
    w.str(m.infusion_product);
    w.opt_f64(m.infusion_dose);
    w.opt_int(m.infusion_day);
    w.svarint(m.max_icans_grade);
    w.svarint(m.max_infection_grade);
    w.str(m.response);
    w.opt_int(m.response_day);
    w.opt_int(m.death_day);
    w.str(m.death_cause);
    w.opt_int(m.relapse_day);
    w.opt_int(m.last_followup_day);
    put_survival(w, m.os);
    put_survival(w, m.pfs);
    w.varint(m.labs.size());
    for (const auto& [code, lab] : m.labs) {
        w.str(code);
        put_lab(w, lab);
    }
}

}  // namespace

derive::LabMeasure decode_lab(Reader& r) {
    derive::LabMeasure l;
    l.baseline = r.opt_f64();
    l.baseline_day = r.opt_int();
    l.peak = r.opt_f64();
    l.peak_day = r.opt_int();
    for (auto* v : {&l.fold_change, &l.pre_toci, &l.post_toci, &l.hours_to_next_sample})
        *v = r.opt_f64();
    if (r.flag()) l.fell_after_toci = r.flag();
    l.samples = r.i32();
    return l;
}

std::string encode_summary(const PatientSummary& summary) {
    return encode_summary(summary.derived, summary.doses);
}

std::string encode_summary(const derive::PatientDerivation& derived, const DoseTotals& doses) {
    Writer w;
    w.u8(kSummaryCodecVersion);
    put_measures(w, derived.measures);
    w.varint(derived.episodes.size());
    for (const auto& e : derived.episodes)
        encode_episode(w, e);
    w.varint(doses.size());
    for (const auto& [drug, total] : doses) {
        w.str(drug);
        w.svarint(total.doses);
        w.f64(total.mg);
        w.u8(total.mg_known ? 1 : 0);
    }
    return w.take();
}

std::string encode_header(const ProjectionHeader& header) {
    Writer w;
    w.u8(kSummaryCodecVersion);
    w.varint(header.seq);
    w.str(header.definition);
    w.varint(header.vocabulary.patient_count());
    for (const auto& id : header.vocabulary.patient_ids())
        w.str(id);
    w.str(encode_vocabulary_names(header.vocabulary));
    return w.take();
}

std::optional<ProjectionHeader> decode_header(std::string_view bytes, bool with_vocabulary) {
    Reader r(bytes);
    if (r.u8() != kSummaryCodecVersion || !r.ok()) return std::nullopt;
    ProjectionHeader header;
    header.seq = r.varint();
    header.definition = r.str();
    if (!with_vocabulary) return r.ok() ? std::optional(std::move(header)) : std::nullopt;
    // Stored in id order; the names are looked up in place (Vocabulary::set_sorted_patients),
    // packed end to end rather than one string each.
    if (bytes.size() > std::numeric_limits<uint32_t>::max()) return std::nullopt;
    std::vector<uint32_t> ends(r.count());
    std::string joined;
    joined.reserve(bytes.size());  // more than the ids' length: they are a part of the bytes
    std::string_view previous;
    for (size_t i = 0; i < ends.size() && r.ok(); ++i) {
        const std::string_view id = r.view();
        if (i > 0 && !(previous < id)) return std::nullopt;
        joined.append(id);
        ends[i] = static_cast<uint32_t>(joined.size());
        previous = id;
    }
    header.vocabulary.set_sorted_patients(std::move(joined), std::move(ends));
    const std::string names = r.str();
    if (!r.done() || !decode_vocabulary_names(names, header.vocabulary)) return std::nullopt;
    return header;
}

std::optional<HeaderView> view_header(std::string_view bytes) {
    Reader r(bytes);
    if (r.u8() != kSummaryCodecVersion || !r.ok()) return std::nullopt;
    HeaderView header;
    header.seq = r.varint();
    header.definition = r.view();
    const size_t n = r.count();
    header.patient_ids.reserve(n);
    for (size_t i = 0; i < n && r.ok(); ++i) {
        header.patient_ids.push_back(r.view());
        if (i > 0 && !(header.patient_ids[i - 1] < header.patient_ids[i])) return std::nullopt;
    }
    const std::string_view names = r.view();
    Vocabulary scratch;  // codes and attributes only: small
    if (!r.done() || !decode_vocabulary_names(names, scratch)) return std::nullopt;
    return header;
}

std::string encode_vocabulary_names(const Vocabulary& vocabulary) {
    Writer w;
    w.u8(kSummaryCodecVersion);
    w.varint(vocabulary.codes_by_kind().size());
    for (const auto& [kind, codes] : vocabulary.codes_by_kind()) {
        w.u8(static_cast<uint8_t>(kind));
        w.varint(codes.size());
        for (const auto& code : codes)
            w.str(code);
    }
    w.varint(vocabulary.attributes().size());
    for (const auto& [name, type] : vocabulary.attributes()) {
        w.str(name);
        w.u8(static_cast<uint8_t>(type));
    }
    return w.take();
}

std::string encode_timeline_names(std::span<const store::Event> events) {
    // encode_vocabulary_names' layout, from the timeline's names in the order it lists them.
    const auto [codes, attributes] = timeline_names(events);
    Writer w;
    w.u8(kSummaryCodecVersion);
    size_t kinds = 0;
    for (size_t i = 0; i < codes.size(); ++i)
        kinds += i == 0 || codes[i].first != codes[i - 1].first;
    w.varint(kinds);
    for (size_t i = 0; i < codes.size();) {
        size_t end = i;
        while (end < codes.size() && codes[end].first == codes[i].first)
            ++end;
        w.u8(static_cast<uint8_t>(codes[i].first));
        w.varint(end - i);
        for (; i < end; ++i)
            w.str(codes[i].second);
    }
    w.varint(attributes.size());
    for (const auto& [name, type] : attributes) {
        w.str(name);
        w.u8(static_cast<uint8_t>(type));
    }
    return w.take();
}

bool decode_vocabulary_names(std::string_view bytes, Vocabulary& into) {
    Reader r(bytes);
    if (r.u8() != kSummaryCodecVersion || !r.ok()) return false;
    for (size_t n = r.count(); n > 0 && r.ok(); --n) {
        const uint8_t kind = r.u8();
        if (!store::is_valid_kind(kind)) return false;
        for (size_t m = r.count(); m > 0 && r.ok(); --m)
            into.add_code(static_cast<store::EventKind>(kind), r.str());
    }
    for (size_t n = r.count(); n > 0 && r.ok(); --n) {
        std::string name = r.str();
        const uint8_t type = r.u8();
        if (type > static_cast<uint8_t>(ValueType::kText)) return false;
        into.add_attribute(name, static_cast<ValueType>(type));
    }
    return r.done();
}

}  // namespace dayzero::query
