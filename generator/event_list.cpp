#include "generator/event_list.h"

#include <algorithm>

namespace dayzero::generator {

void EventList::add(int day, std::optional<int> minute, store::EventKind kind,
                    std::string_view code, std::optional<double> value, std::string_view unit) {
    store::Event event;
    event.patient_id = patient_id_;
    if (minute) {
        const int total = day * 1440 + *minute;
        // Floor division so negative days move correctly too.
        day = total >= 0 ? total / 1440 : -((-total + 1439) / 1440);
        event.minute = static_cast<uint16_t>(total - day * 1440);
    }
    event.day = day;
    event.kind = kind;
    event.code = code;
    event.value = value;
    event.unit = unit;
    events_.push_back(std::move(event));
}

void EventList::add_text(int day, store::EventKind kind, std::string_view code,
                         std::string_view text) {
    add(day, std::nullopt, kind, code);
    events_.back().text = text;
}

std::vector<store::Event> EventList::take_sorted() {
    std::stable_sort(events_.begin(), events_.end(),
                     [](const store::Event& a, const store::Event& b) {
                         if (a.day != b.day) return a.day < b.day;
                         const int ma = a.minute ? *a.minute : -1;
                         const int mb = b.minute ? *b.minute : -1;
                         return ma < mb;
                     });
    return std::move(events_);
}

}  // namespace dayzero::generator
