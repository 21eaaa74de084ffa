#include "query/saved_cohorts.h"

#include <algorithm>

#include "query/query_error.h"
#include "text/ascii.h"

namespace dayzero::query {

std::string_view saved_patient(SavedKind kind) {
    return kind == SavedKind::kCohort ? kCohortsPatient : kDefinitionsPatient;
}

std::string_view saved_noun(SavedKind kind) {
    return kind == SavedKind::kCohort ? "cohort" : "definition";
}

store::Event make_saved_cohort_event(const std::string& name, const std::string& text, int64_t size,
                                     SavedKind kind) {
    store::Event event;
    event.patient_id = std::string(saved_patient(kind));
    event.day = 0;
    event.kind = store::EventKind::kBaseline;
    event.code = name;
    event.text = text;
    if (kind == SavedKind::kCohort) event.value = static_cast<double>(size);
    return event;
}

std::vector<SavedCohort> read_saved_cohorts(const store::EventStore& store,
                                            const store::AsOf& as_of, SavedKind kind) {
    store::TimelineQuery q;
    q.as_of = as_of;
    auto timeline = store.timeline(std::string(saved_patient(kind)), q);
    // A store where nothing of this kind was ever saved has no such patient.
    if (!timeline && timeline.status().code() == store::StatusCode::kNotFound) return {};
    if (!timeline) {
        throw QueryError(ErrorKind::kData, "cannot read the saved " +
                                               std::string(saved_noun(kind)) +
                                               "s: " + timeline.status().message());
    }
    std::vector<SavedCohort> cohorts;
    for (const auto& e : timeline.value()) {
        if (e.kind != store::EventKind::kBaseline || e.code.empty()) continue;
        cohorts.push_back({e.seq, e.code, e.text, e.value ? static_cast<int64_t>(*e.value) : 0});
    }
    std::sort(cohorts.begin(), cohorts.end(),
              [](const SavedCohort& a, const SavedCohort& b) { return a.seq < b.seq; });
    return cohorts;
}

std::optional<SavedCohort> find_saved_cohort(const store::EventStore& store,
                                             const std::string& name, const store::AsOf& as_of,
                                             SavedKind kind) {
    for (auto& saved : read_saved_cohorts(store, as_of, kind)) {
        if (text::to_lower(saved.name) == text::to_lower(name)) return std::move(saved);
    }
    return std::nullopt;
}

}  // namespace dayzero::query
