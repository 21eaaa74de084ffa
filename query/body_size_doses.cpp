#include "query/body_size_doses.h"

#include <fmt/format.h>

#include <string_view>
#include <vector>

namespace dayzero::query {
namespace {

// True if a dose's value as written (`original`, "8 mg/kg") was per the body size `attribute`.
bool per_body_size(const store::Event& dose, std::string_view attribute) {
    const std::string_view written = dose.original;
    const std::string_view per = attribute == "weight_kg" ? "/kg" : "/m2";
    return written.size() >= per.size() && written.substr(written.size() - per.size()) == per;
}

}  // namespace

std::string doses_left_by_body_size_amend(const store::EventStore& store, uint64_t amended) {
    const auto target = store.event(amended);
    if (!target || target->kind != store::EventKind::kBaseline ||
        (target->code != "weight_kg" && target->code != "bsa_m2"))
        return {};
    const auto timeline = store.timeline(target->patient_id);
    if (!timeline) return {};
    std::vector<std::string> doses;
    for (const store::Event& e : timeline.value()) {
        if (e.kind != store::EventKind::kDose || !e.value || !per_body_size(e, target->code))
            continue;
        doses.push_back(fmt::format("seq {} ({}, {} on day {}: {:g} {})", e.seq, e.code, e.original,
                                    e.day, *e.value, e.unit));
    }
    if (doses.empty()) return {};
    std::string list;
    for (const auto& dose : doses)
        list += (list.empty() ? "" : ", ") + dose;
    const char* per = target->code == "weight_kg" ? "per kg" : "per m2";
    return fmt::format(
        "{} dose(s) of {} written {} were converted to mg with the patient's {} of their day "
        "when imported, and are stored as they were: {}; amend them too if they should follow",
        doses.size(), target->patient_id, per, target->code, list);
}

}  // namespace dayzero::query
