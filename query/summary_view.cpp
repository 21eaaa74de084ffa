// SummaryView: reads the summary layout described at the top of query/summary_codec.cpp in
// place. open() checks every byte (so a view that opened never fails later) and decodes the
// scalar measures; the four variable sections are stepped over and read again only on demand.
// Map sections (baseline, labs, doses) must list their keys in strictly increasing byte order,
// as the encoder writes them from std::map: a lookup can then scan the bytes and find the one
// entry a decoded map would hold.
#include "query/summary_view.h"

#include <limits>

#include "query/summary_codec.h"

namespace dayzero::query {
namespace {

using summary_bytes::Reader;

derive::SurvivalTime get_survival(Reader& r) {
    derive::SurvivalTime s;
    s.days = r.opt_int();
    s.event = r.flag();
    return s;
}

// The measures before the baseline attributes.
void read_head(Reader& r, derive::PatientMeasures& m) {
    derive::GradingCoverage& c = m.coverage;
    for (int* v : {&c.window_days, &c.temperature_days, &c.sbp_days, &c.oxygen_days,
                   &c.vasopressor_days, &c.dose_days})
        *v = r.i32();
    c.crs_death = r.flag();
    m.any_crs = r.flag();
    for (int* v : {&m.max_grade, &m.episodes, &m.crs_days, &m.crs_positive_days})
        *v = r.i32();
    m.onset_day = r.opt_int();
    m.first_duration = r.opt_int();
    m.days_onset_to_first_toci = r.opt_int();
    m.hours_onset_to_first_toci = r.opt_f64();
    m.toci_doses = r.i32();
    m.toci_total_mg = r.opt_f64();
    m.steroid_doses = r.i32();
    m.steroid_mpe_mg = r.opt_f64();
    m.first_toci_day = r.opt_int();
    m.gcsf_doses = r.i32();
}

// The measures between the baseline attributes and the labs (strings reuse their buffers).
void read_tail(Reader& r, derive::PatientMeasures& m) {
    m.weight_kg = r.opt_f64();
    r.str_into(m.infusion_product);
    m.infusion_dose = r.opt_f64();
    m.infusion_day = r.opt_int();
    m.max_icans_grade = r.i32();
    m.max_infection_grade = r.i32();
    r.str_into(m.response);
    m.response_day = r.opt_int();
    m.death_day = r.opt_int();
    r.str_into(m.death_cause);
    m.relapse_day = r.opt_int();
    m.last_followup_day = r.opt_int();
    m.os = get_survival(r);
    m.pfs = get_survival(r);
}

// Steps over a map section, count · (str key · value){count}, whose keys must increase
// strictly; `skip_value` steps over one value.
template <typename SkipValue>
void skip_map(Reader& r, SkipValue skip_value) {
    std::string_view previous;
    bool first = true;
    for (size_t n = r.count(); n > 0 && r.ok(); --n) {
        const std::string_view key = r.view();
        if (!first && key <= previous) r.fail();
        first = false;
        previous = key;
        skip_value(r);
    }
}

void skip_baseline_value(Reader& r) {
    r.opt_f64();
    r.view();
}

void skip_lab(Reader& r) {
    decode_lab(r);  // a lab holds no strings: decoding it allocates nothing
}

void skip_dose_total(Reader& r) {
    r.i64();
    r.f64();
    r.flag();
}

// Accepts exactly what decode_episode accepts.
void skip_timing(Reader& r) {
    r.varint();
    r.i32();
    if (r.flag() && r.varint() > std::numeric_limits<uint16_t>::max()) r.fail();
    r.view();
    r.opt_f64();
}

void skip_episode(Reader& r) {
    for (int i = 0; i < 6; ++i)
        r.i32();
    if (r.u8() > static_cast<uint8_t>(derive::EpisodeEnd::kDeath)) r.fail();
    r.opt_int();
    r.i32();
    r.i32();
    for (int list = 0; list < 2; ++list) {
        for (size_t n = r.count(); n > 0 && r.ok(); --n)
            skip_timing(r);
    }
    r.opt_int();
    r.opt_int();
    r.opt_f64();
    for (size_t n = r.count(); n > 0 && r.ok(); --n)
        r.i32();
}

std::vector<derive::Episode> read_episodes(std::string_view section) {
    Reader r(section);
    std::vector<derive::Episode> out(r.count());
    for (auto& e : out)
        e = decode_episode(r);
    return out;
}

}  // namespace

bool SummaryView::open(std::string_view id, std::string_view bytes) {
    scalars_.patient_id.assign(id);
    bytes_ = bytes;
    episodes_decoded_ = false;
    Reader r(bytes);
    if (r.u8() != kSummaryCodecVersion || !r.ok()) return false;
    read_head(r, scalars_.measures);
    baseline_ = r.remaining();
    skip_map(r, skip_baseline_value);
    read_tail(r, scalars_.measures);
    labs_ = r.remaining();
    skip_map(r, skip_lab);
    episodes_ = r.remaining();
    for (size_t n = r.count(); n > 0 && r.ok(); --n)
        skip_episode(r);
    doses_ = r.remaining();
    skip_map(r, skip_dose_total);
    return r.done();
}

const derive::BaselineValue* SummaryView::baseline(std::string_view name) {
    Reader r(baseline_);
    for (size_t n = r.count(); n > 0; --n) {
        if (r.view() == name) {
            found_.number = r.opt_f64();
            r.str_into(found_.text);
            return &found_;
        }
        skip_baseline_value(r);
    }
    return nullptr;
}

void SummaryView::for_each_lab(const LabFn& fn) const {
    Reader r(labs_);
    for (size_t n = r.count(); n > 0; --n) {
        const std::string_view code = r.view();
        fn(code, decode_lab(r));
    }
}

const std::vector<derive::Episode>& SummaryView::episodes() {
    if (!episodes_decoded_) {
        episode_list_ = read_episodes(episodes_);
        episodes_decoded_ = true;
    }
    return episode_list_;
}

DoseTotal SummaryView::doses_of(std::string_view lower_drug) const {
    Reader r(doses_);
    for (size_t n = r.count(); n > 0; --n) {
        const bool match = r.view() == lower_drug;
        DoseTotal total;
        total.doses = r.i64();
        total.mg = r.f64();
        total.mg_known = r.flag();
        if (match) return total;
    }
    return {};
}

PatientSummary SummaryView::decode() const {
    PatientSummary s;
    s.id = id();
    s.derived.patient_id = s.id;
    s.derived.measures = scalars_.measures;
    auto& m = s.derived.measures;
    Reader b(baseline_);
    for (size_t n = b.count(); n > 0; --n) {
        std::string name = b.str();
        derive::BaselineValue value;
        value.number = b.opt_f64();
        value.text = b.str();
        m.baseline.emplace_hint(m.baseline.end(), std::move(name), std::move(value));
    }
    Reader l(labs_);
    for (size_t n = l.count(); n > 0; --n) {
        std::string code = l.str();
        m.labs.emplace_hint(m.labs.end(), std::move(code), decode_lab(l));
    }
    s.derived.episodes = read_episodes(episodes_);
    Reader d(doses_);
    for (size_t n = d.count(); n > 0; --n) {
        std::string drug = d.str();
        DoseTotal total;
        total.doses = d.i64();
        total.mg = d.f64();
        total.mg_known = d.flag();
        s.doses.emplace_hint(s.doses.end(), std::move(drug), total);
    }
    return s;
}

std::optional<PatientSummary> decode_summary(std::string_view id, std::string_view bytes) {
    SummaryView view;
    if (!view.open(id, bytes)) return std::nullopt;
    return view.decode();
}

}  // namespace dayzero::query
