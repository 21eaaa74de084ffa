#include "query/engine_state.h"

#include <algorithm>
#include <cctype>

#include "query/patient_context.h"

namespace dayzero::query {

std::string to_lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

const Vocabulary& EngineState::vocabulary(const store::EventStore& store, const store::AsOf& as_of,
                                          const derive::CrsDefinition& def) {
    const uint64_t seq = store.last_seq();
    if (!vocabulary_ || vocabulary_seq_ != seq || vocabulary_as_of_.seq != as_of.seq ||
        vocabulary_as_of_.recorded_at_us != as_of.recorded_at_us) {
        vocabulary_.reset();
        summaries.begin(SummaryCache::key_for(seq, as_of, def));
        vocabulary_ = Vocabulary::scan(
            store, as_of, [&](const std::string& id, std::vector<store::Event>& events) {
                if (!is_system_patient(id)) {
                    summaries.add(
                        {id, derive::derive_patient(id, events, def), dose_totals(events)});
                }
                return true;
            });
        summaries.finish();
        vocabulary_seq_ = seq;
        vocabulary_as_of_ = as_of;
    }
    return *vocabulary_;
}

const CohortDef* EngineState::find_cohort(const std::string& name) const {
    const auto it = cohorts.find(to_lower(name));
    return it == cohorts.end() ? nullptr : &it->second;
}

}  // namespace dayzero::query
