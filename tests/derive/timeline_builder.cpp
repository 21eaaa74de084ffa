#include "timeline_builder.h"

#include <algorithm>

namespace dayzero::derive::testing {

using store::Event;
using store::EventKind;

std::optional<uint16_t> parse_time(std::string_view time) {
    if (time.empty()) return std::nullopt;
    const int hours = (time[0] - '0') * 10 + (time[1] - '0');
    const int minutes = (time[3] - '0') * 10 + (time[4] - '0');
    return static_cast<uint16_t>(hours * 60 + minutes);
}

TimelineBuilder& TimelineBuilder::seq(uint64_t next) {
    next_seq_ = next;
    return *this;
}

TimelineBuilder& TimelineBuilder::add(Event event) {
    event.patient_id = patient_id_;
    event.seq = next_seq_++;
    events_.push_back(std::move(event));
    return *this;
}

TimelineBuilder& TimelineBuilder::add_simple(EventKind kind, int day, std::string_view time,
                                             std::string code, std::optional<double> value) {
    Event event;
    event.kind = kind;
    event.day = day;
    event.minute = parse_time(time);
    event.code = std::move(code);
    event.value = value;
    return add(std::move(event));
}

TimelineBuilder& TimelineBuilder::temp(int day, std::string_view time, double celsius) {
    return add_simple(EventKind::kTemp, day, time, "", celsius);
}

TimelineBuilder& TimelineBuilder::oxygen(int day, std::string_view time, std::string device,
                                         std::optional<double> flow) {
    return add_simple(EventKind::kOxygen, day, time, std::move(device), flow);
}

TimelineBuilder& TimelineBuilder::pressor_start(int day, std::string_view time, std::string drug) {
    return add_simple(EventKind::kVasopressorStart, day, time, std::move(drug), std::nullopt);
}

TimelineBuilder& TimelineBuilder::pressor_stop(int day, std::string_view time, std::string drug) {
    return add_simple(EventKind::kVasopressorStop, day, time, std::move(drug), std::nullopt);
}

TimelineBuilder& TimelineBuilder::temps(int first, int last, double celsius) {
    for (int day = first; day <= last; ++day)
        temp(day, "06:00", celsius);
    return *this;
}

TimelineBuilder& TimelineBuilder::fluids(int day) {
    return add_simple(EventKind::kHypotensionFluids, day, "", "", std::nullopt);
}

TimelineBuilder& TimelineBuilder::dose(int day, std::string_view time, std::string drug,
                                       std::optional<double> amount, std::string unit) {
    add_simple(EventKind::kDose, day, time, std::move(drug), amount);
    events_.back().unit = std::move(unit);
    return *this;
}

TimelineBuilder& TimelineBuilder::lab(int day, std::string_view time, std::string code,
                                      double value) {
    return add_simple(EventKind::kLab, day, time, std::move(code), value);
}

TimelineBuilder& TimelineBuilder::death(int day, std::string cause) {
    return add_simple(EventKind::kDeath, day, "", std::move(cause), std::nullopt);
}

TimelineBuilder& TimelineBuilder::baseline(std::string attribute, std::optional<double> value,
                                           std::string text) {
    add_simple(EventKind::kBaseline, -7, "", std::move(attribute), value);
    events_.back().text = std::move(text);
    return *this;
}

std::vector<Event> apply_corrections(const std::vector<Event>& raw) {
    std::vector<Event> view;
    for (const auto& event : raw) {
        if (event.correction == store::Correction::kNone) {
            view.push_back(event);
            continue;
        }
        auto target = std::find_if(view.begin(), view.end(),
                                   [&event](const Event& e) { return e.seq == event.target_seq; });
        if (target == view.end()) continue;
        if (event.correction == store::Correction::kRetract) {
            view.erase(target);
        } else {
            const uint64_t seq = target->seq;
            *target = event;
            target->seq = seq;
            target->correction = store::Correction::kNone;
        }
    }
    sort_timeline(view);
    return view;
}

void sort_timeline(std::vector<Event>& events) {
    std::stable_sort(events.begin(), events.end(), [](const Event& a, const Event& b) {
        if (a.day != b.day) return a.day < b.day;
        if (a.minute.has_value() != b.minute.has_value()) return !a.minute.has_value();
        return a.minute.value_or(0) < b.minute.value_or(0);
    });
}

std::vector<Event> TimelineBuilder::events() const {
    std::vector<Event> timeline = events_;
    sort_timeline(timeline);
    return timeline;
}

namespace {

template <typename Field>
std::string render(const PatientDerivation& derivation, Field field) {
    std::string out;
    for (const auto& row : derivation.days)
        out += field(row);
    return out;
}

char digit(int level) {
    return static_cast<char>('0' + level);
}

}  // namespace

std::string grade_string(const PatientDerivation& derivation) {
    return render(derivation, [](const DailyGrade& row) { return digit(row.grade); });
}

std::string hypoxia_string(const PatientDerivation& derivation) {
    return render(derivation, [](const DailyGrade& row) { return digit(row.hypoxia_level); });
}

std::string hypotension_string(const PatientDerivation& derivation) {
    return render(derivation, [](const DailyGrade& row) { return digit(row.hypotension_level); });
}

std::string masked_string(const PatientDerivation& derivation) {
    return render(derivation, [](const DailyGrade& row) { return row.masked ? 'M' : '.'; });
}

}  // namespace dayzero::derive::testing
