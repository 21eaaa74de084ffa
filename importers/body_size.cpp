#include "importers/body_size.h"

namespace dayzero::importers {

void BodySizeFacts::remember(const store::Event& event) {
    if (event.code != "weight_kg" && event.code != "bsa_m2") return;
    facts_[{event.patient_id, event.code}].emplace_back(event.day, *event.value);
}

std::optional<double> BodySizeFacts::find(const std::string& patient, const std::string& attribute,
                                          int32_t day) const {
    auto it = facts_.find({patient, attribute});
    if (it == facts_.end() || it->second.empty()) return std::nullopt;
    std::optional<std::pair<int32_t, double>> before;
    std::pair<int32_t, double> earliest = it->second.front();
    for (const auto& fact : it->second) {
        if (fact.first <= day && (!before || fact.first >= before->first)) before = fact;
        if (fact.first < earliest.first) earliest = fact;
    }
    return before ? before->second : earliest.second;
}

}  // namespace dayzero::importers
