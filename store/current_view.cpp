#include "store/current_view.h"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

namespace dayzero::store {

bool visible_at(const Event& event, const AsOf& as_of) {
    if (as_of.seq && event.seq > *as_of.seq) return false;
    if (as_of.recorded_at_us && event.recorded_at_us > *as_of.recorded_at_us) return false;
    return true;
}

std::vector<Event> apply_corrections(std::vector<Event> raw) {
    std::unordered_map<uint64_t, const Event*> latest_amend;
    std::unordered_set<uint64_t> retracted;
    for (const Event& e : raw) {
        if (e.correction == Correction::kAmend) {
            auto& slot = latest_amend[e.target_seq];
            if (slot == nullptr || slot->seq < e.seq) slot = &e;
        } else if (e.correction == Correction::kRetract) {
            retracted.insert(e.target_seq);
        }
    }
    // Most timelines carry no corrections: the raw events already are the current view.
    if (latest_amend.empty() && retracted.empty()) return raw;
    std::vector<Event> view;
    view.reserve(raw.size());
    bool moved = false;
    for (Event& e : raw) {
        if (e.correction != Correction::kNone || retracted.count(e.seq) != 0) continue;
        auto it = latest_amend.find(e.seq);
        if (it != latest_amend.end()) {
            const Event& a = *it->second;
            moved = moved || a.day != e.day || a.minute != e.minute;
            e.day = a.day;
            e.minute = a.minute;
            e.kind = a.kind;
            e.code = a.code;
            e.value = a.value;
            e.text = a.text;
            e.unit = a.unit;
            e.original = a.original;
            e.note = a.note;
        }
        view.push_back(std::move(e));
    }
    // Only an amendment that changes day or time can disturb the key order.
    if (moved) std::stable_sort(view.begin(), view.end(), timeline_less);
    return view;
}

}  // namespace dayzero::store
