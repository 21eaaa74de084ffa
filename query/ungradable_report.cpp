#include "query/ungradable_report.h"

#include <algorithm>
#include <vector>

#include "derive/patient_derivation.h"
#include "query/summary_projection.h"

namespace dayzero::query {

namespace {

// True when patient `id` has an event recorded after `after_seq` in its current view.
store::Result<bool> touched_after(const store::EventStore& store, const std::string& id,
                                  uint64_t after_seq) {
    auto timeline = store.timeline(id);
    if (!timeline) return timeline.status();
    return std::any_of(timeline.value().begin(), timeline.value().end(),
                       [&](const store::Event& e) { return e.seq > after_seq; });
}

}  // namespace

store::Result<UngradedList> ungradable_since(const store::EventStore& store, uint64_t after_seq) {
    const derive::CrsDefinition& def = projection_definition();
    // Patients that cannot be graded are few: find them first, then ask which the import touched.
    std::vector<std::string> candidates;
    const StoredPass pass = scan_summaries(store, def, [&](SummaryView& summary, uint64_t) {
        if (!summary.scalars().measures.coverage.gradable()) candidates.push_back(summary.id());
    });
    UngradedList out;
    for (const auto& id : candidates) {
        auto touched = touched_after(store, id, after_seq);
        if (!touched) return touched.status();
        if (touched.value()) out.add(id);
    }
    if (pass.complete) return out;
    // No current projection (its refresh failed), or a malformed entry: the patients after the
    // last one visited are derived from their timelines, in the same order.
    const store::Status status = store.for_each_patient(
        [&](const std::string& id, std::vector<store::Event>& events) {
            if (is_system_patient(id) || (pass.visited > 0 && id <= pass.last_id)) return true;
            const bool touched =
                std::any_of(events.begin(), events.end(),
                            [&](const store::Event& e) { return e.seq > after_seq; });
            if (touched && !derive::derive_patient(id, events, def).measures.coverage.gradable())
                out.add(id);
            return true;
        },
        {}, store::Provenance::kOmitted);
    if (!status) return status;
    return out;
}

std::optional<UngradedList> ungradable_from_import(const DerivedPatients& derived,
                                                   uint64_t after_seq, uint64_t last_seq) {
    // Every event after `after_seq` passed the projector, and each of their patients was new and
    // derived whole: those are the patients touched, each with the stored summary's gradability.
    if (derived.last_seq == 0 || derived.first_seq != after_seq + 1 ||
        derived.last_seq != last_seq || !derived.left.empty()) {
        return std::nullopt;
    }
    std::vector<std::string> ids = derived.ungradable;
    std::sort(ids.begin(), ids.end());  // the stored summaries' order, as ungradable_since's
    UngradedList out;
    for (const auto& id : ids)
        out.add(id);
    return out;
}

std::string ungradable_import_line(const UngradedList& list) {
    if (list.count() == 0) return {};
    return std::to_string(list.count()) + (list.count() == 1 ? " patient has" : " patients have") +
           " no temperature in the grading window and cannot be graded: " + list.names();
}

}  // namespace dayzero::query
