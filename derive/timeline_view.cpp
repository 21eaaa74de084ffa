#include "derive/timeline_view.h"

#include <algorithm>

#include "derive/crs_definition.h"

namespace dayzero::derive::detail {

TimelineView::TimelineView(std::span<const store::Event> events) : events_(events) {
    order_.reserve(events.size());
    bool sorted = true;
    int64_t previous = INT64_MIN;
    for (uint32_t i = 0; i < events.size(); ++i) {
        if (events[i].correction == store::Correction::kRetract) continue;
        const int64_t key = time_key(events[i]);
        if (key < previous) sorted = false;
        previous = key;
        order_.push_back(i);
    }
    // The store hands over timeline order; sorting is only a guard against a caller that did not.
    if (!sorted) {
        std::stable_sort(order_.begin(), order_.end(), [events](uint32_t a, uint32_t b) {
            return time_key(events[a]) < time_key(events[b]);
        });
    }
}

Evidence make_evidence(const store::Event& event) {
    return Evidence{event.seq, event.day, event.minute, event.code, event.value};
}

std::optional<double> dose_mg(const store::Event& event, std::optional<double> weight_kg) {
    if (!event.value) return std::nullopt;
    if (iequals(event.unit, "mg/kg")) {
        if (!weight_kg) return std::nullopt;
        return *event.value * *weight_kg;
    }
    return event.value;
}

}  // namespace dayzero::derive::detail
