#include "query/summary_cache.h"

#include "query/engine_state.h"

namespace dayzero::query {

std::map<std::string, DoseTotal> dose_totals(const std::vector<store::Event>& events) {
    std::map<std::string, DoseTotal> totals;
    for (const auto& e : events) {
        if (e.kind != store::EventKind::kDose) continue;
        DoseTotal& t = totals[to_lower(e.code)];
        ++t.doses;
        if (e.value)
            t.mg += *e.value;
        else
            t.mg_known = false;
    }
    return totals;
}

std::string SummaryCache::key_for(uint64_t last_seq, const store::AsOf& as_of,
                                  const derive::CrsDefinition& def) {
    return std::to_string(last_seq) + "|" + (as_of.seq ? std::to_string(*as_of.seq) : "-") + "|" +
           (as_of.recorded_at_us ? std::to_string(*as_of.recorded_at_us) : "-") + "|" +
           def.describe();
}

void SummaryCache::begin(const std::string& key) {
    key_ = key;
    patients_.clear();
    encoded_.clear();
    encoded_.shrink_to_fit();
    complete_ = false;
    encoded_complete_ = false;
    overflow_ = false;
}

void SummaryCache::adopt_encoded(const std::string& key, std::vector<EncodedSummary> patients) {
    begin(key);
    if (patients.size() > kMaxPatients) return;
    encoded_ = std::move(patients);
    encoded_complete_ = !key_.empty();
}

void SummaryCache::add(PatientSummary summary) {
    if (overflow_) return;
    if (patients_.size() >= kMaxPatients) {
        overflow_ = true;
        patients_.clear();
        patients_.shrink_to_fit();
        return;
    }
    summary.derived.days.clear();
    summary.derived.days.shrink_to_fit();
    patients_.push_back(std::move(summary));
}

}  // namespace dayzero::query
