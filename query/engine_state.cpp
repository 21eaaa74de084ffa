#include "query/engine_state.h"

#include <algorithm>
#include <cctype>

namespace dayzero::query {

std::string to_lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

const Vocabulary& EngineState::vocabulary(const store::EventStore& store,
                                          const store::AsOf& as_of) {
    const uint64_t seq = store.last_seq();
    if (!vocabulary_ || vocabulary_seq_ != seq || vocabulary_as_of_.seq != as_of.seq ||
        vocabulary_as_of_.recorded_at_us != as_of.recorded_at_us) {
        vocabulary_ = Vocabulary::scan(store, as_of);
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
