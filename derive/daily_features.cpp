#include "derive/daily_features.h"

#include <algorithm>
#include <array>
#include <string_view>

namespace dayzero::derive::detail {
namespace {

using store::Event;
using store::EventKind;

struct DeviceLevel {
    std::string_view device;
    int level;
};

// Fixed levels by device; low_flow_nc depends on the flow and is handled separately.
constexpr std::array<DeviceLevel, 9> kDeviceLevels{{
    {"room_air", 0},
    {"blow_by", 2},
    {"high_flow_nc", 3},
    {"facemask", 3},
    {"non_rebreather", 3},
    {"venturi", 3},
    {"cpap", 4},
    {"bipap", 4},
    {"mechanical_ventilation", 4},
}};

// A vasopressor currently running and the start event that began it.
struct RunningDrug {
    std::string_view drug;
    int32_t start_index;
};

// A moment of the sweep: a clock minute, or "untimed" (known only by its place in the order).
struct Moment {
    bool timed;
    int minute;
};

// A state holds for a non-zero stretch unless both ends are clock times and equal.
bool positive_stretch(Moment from, Moment to) {
    return !from.timed || !to.timed || to.minute > from.minute;
}

// The sweep over oxygen and vasopressor events: the state in force and the day's maxima.
class StateSweep {
  public:
    StateSweep(const TimelineView& view, const CrsDefinition& def) : view_(view), def_(def) {
        running_.reserve(8);
    }

    // Applies one oxygen/vasopressor event to the state; `row` is its window day or null.
    void apply(int32_t index, DailyGrade* row) {
        const Event& event = view_[index];
        if (event.kind == EventKind::kOxygen) {
            oxygen_index_ = index;
            oxygen_level_ = oxygen_level(event, def_);
        } else if (event.kind == EventKind::kVasopressorStart) {
            if (find(event.code) == running_.end()) running_.push_back({event.code, index});
            // A vasopressor given on a day counts for that day even if stopped the same minute.
            if (row && row->hypotension_level < 3) {
                row->hypotension_level = 3;
                row->why.hypotension.assign(1, make_evidence(event));
            }
        } else if (event.kind == EventKind::kVasopressorStop) {
            auto it = find(event.code);
            if (it != running_.end()) running_.erase(it);
        }
    }

    // Records the state in force over a non-zero stretch of `row`'s day.
    void observe(DailyGrade& row) const {
        if (oxygen_level_ > row.hypoxia_level) {
            row.hypoxia_level = oxygen_level_;
            row.why.hypoxia = make_evidence(view_[oxygen_index_]);
        }
        if (running_.empty()) return;
        const RunningDrug* first_pressor = nullptr;  // other than vasopressin
        for (const auto& drug : running_) {
            if (iequals(drug.drug, "vasopressin")) continue;
            if (!first_pressor) {
                first_pressor = &drug;
            } else if (!iequals(drug.drug, first_pressor->drug)) {
                if (row.hypotension_level < 4) {
                    row.hypotension_level = 4;
                    row.why.hypotension = {make_evidence(view_[first_pressor->start_index]),
                                           make_evidence(view_[drug.start_index])};
                }
                return;
            }
        }
        if (row.hypotension_level < 3) {
            row.hypotension_level = 3;
            row.why.hypotension.assign(1, make_evidence(view_[running_.front().start_index]));
        }
    }

  private:
    std::vector<RunningDrug>::iterator find(std::string_view drug) {
        return std::find_if(running_.begin(), running_.end(),
                            [drug](const RunningDrug& r) { return iequals(r.drug, drug); });
    }

    const TimelineView& view_;
    const CrsDefinition& def_;
    int32_t oxygen_index_ = -1;
    int oxygen_level_ = 0;  // before the first oxygen event the patient is on room air
    std::vector<RunningDrug> running_;
};

bool is_state_event(EventKind kind) {
    return kind == EventKind::kOxygen || kind == EventKind::kVasopressorStart ||
           kind == EventKind::kVasopressorStop;
}

// Tmax, fluids, treatment days and CRS death: facts of a single day.
void day_facts(const TimelineView& view, const CrsDefinition& def, const GradingWindow& window,
               std::vector<DailyGrade>& rows, std::vector<int32_t>& first_treatment) {
    for (size_t i = 0; i < view.size(); ++i) {
        const Event& event = view[i];
        if (event.day < window.first || event.day > window.last) continue;
        DailyGrade& row = rows[static_cast<size_t>(event.day - window.first)];
        const auto index = static_cast<int32_t>(i);
        switch (event.kind) {
            case EventKind::kTemp:
                if (event.value && (!row.tmax_c || *event.value > *row.tmax_c)) {
                    row.tmax_c = event.value;
                    row.why.fever = make_evidence(event);
                }
                break;
            case EventKind::kHypotensionFluids:
                if (row.hypotension_level < 2) {
                    row.hypotension_level = 2;
                    row.why.hypotension.assign(1, make_evidence(event));
                }
                break;
            case EventKind::kDose:
                if (def.masks(event.code)) {
                    row.treatment = true;
                    int32_t& first = first_treatment[static_cast<size_t>(event.day - window.first)];
                    if (first < 0) first = index;
                }
                break;
            default:
                break;
        }
    }
    for (auto& row : rows) {
        row.fever = row.tmax_c && *row.tmax_c >= def.fever_threshold_c;
        if (!row.fever) row.why.fever.reset();  // an afebrile Tmax explains nothing
    }
    if (window.death_index >= 0 && window.crs_death) {
        const Event& death = view[static_cast<size_t>(window.death_index)];
        if (death.day >= window.first && death.day <= window.last) {
            DailyGrade& row = rows[static_cast<size_t>(death.day - window.first)];
            row.crs_death = true;
            row.why.death = make_evidence(death);
        }
    }
}

}  // namespace

int oxygen_level(const Event& oxygen, const CrsDefinition& def) {
    if (iequals(oxygen.code, "low_flow_nc")) {
        return oxygen.value && *oxygen.value > def.low_flow_limit_l_min ? 3 : 2;
    }
    for (const auto& entry : kDeviceLevels) {
        if (iequals(entry.device, oxygen.code)) return entry.level;
    }
    // An unrecognised device still means supplemental oxygen: the lowest oxygen level.
    return 2;
}

GradingWindow grading_window(const TimelineView& view, const CrsDefinition& def) {
    GradingWindow window{def.window_first_day, def.window_last_day, -1, false};
    for (size_t i = 0; i < view.size(); ++i) {
        if (view[i].kind != EventKind::kDeath) continue;
        // The first death in timeline order is the one that counts.
        if (def.window_ends_at_death && view[i].day < window.last) window.last = view[i].day;
        window.death_index = static_cast<int32_t>(i);
        window.crs_death = iequals(view[i].code, "crs");
        break;
    }
    return window;
}

std::vector<DailyGrade> daily_features(const TimelineView& view, const CrsDefinition& def,
                                       const GradingWindow& window,
                                       std::vector<int32_t>& first_treatment) {
    const int size = window.size();
    std::vector<DailyGrade> rows(static_cast<size_t>(size));
    first_treatment.assign(static_cast<size_t>(size), -1);
    for (int i = 0; i < size; ++i)
        rows[static_cast<size_t>(i)].day = window.first + i;
    if (size == 0) return rows;
    day_facts(view, def, window, rows, first_treatment);

    // Oxygen and vasopressors are states: sweep them in timeline order, observing the state over
    // every non-zero stretch of each window day (including what carries over from before).
    StateSweep sweep(view, def);
    size_t i = 0;
    for (; i < view.size() && view[i].day < window.first; ++i) {
        if (is_state_event(view[i].kind)) sweep.apply(static_cast<int32_t>(i), nullptr);
    }
    for (auto& row : rows) {
        Moment previous{true, 0};
        while (i < view.size() && view[i].day == row.day) {
            if (!is_state_event(view[i].kind)) {
                ++i;
                continue;
            }
            const Moment now{view[i].minute.has_value(), view[i].minute.value_or(0)};
            if (positive_stretch(previous, now)) sweep.observe(row);
            // Timed events at the same minute take effect together; untimed ones one by one.
            do {
                if (is_state_event(view[i].kind)) sweep.apply(static_cast<int32_t>(i), &row);
                ++i;
            } while (now.timed && i < view.size() && view[i].day == row.day &&
                     view[i].minute == now.minute);
            previous = now;
        }
        if (positive_stretch(previous, Moment{true, 1440})) sweep.observe(row);
    }
    return rows;
}

}  // namespace dayzero::derive::detail
