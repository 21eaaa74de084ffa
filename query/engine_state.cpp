#include "query/engine_state.h"

namespace dayzero::query {

const CohortDef* EngineState::find_cohort(const std::string& name) const {
    const auto it = cohorts.find(to_lower(name));
    return it == cohorts.end() ? nullptr : &it->second;
}

}  // namespace dayzero::query
