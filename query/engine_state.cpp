#include "query/engine_state.h"

#include <algorithm>
#include <cctype>

#include "query/patient_context.h"
#include "query/query_error.h"
#include "query/summary_codec.h"
#include "query/summary_projection.h"

namespace dayzero::query {

namespace {

constexpr uint64_t kProgressEvery = 256;

// Non-system patients the store knows (a cheap upper bound for progress; 0 if unreadable).
uint64_t count_patients(const store::EventStore& store) {
    auto ids = store.patients();
    if (!ids) return 0;
    return static_cast<uint64_t>(
        std::count_if(ids.value().begin(), ids.value().end(),
                      [](const auto& id) { return !is_system_patient(id); }));
}

bool is_projection_definition(const derive::CrsDefinition& def) {
    return def.describe() == projection_definition().describe();
}

}  // namespace

const Vocabulary& EngineState::vocabulary(const store::EventStore& store, const store::AsOf& as_of,
                                          const derive::CrsDefinition& def) {
    const uint64_t seq = store.last_seq();
    if (vocabulary_ && vocabulary_seq_ == seq && vocabulary_as_of_.seq == as_of.seq &&
        vocabulary_as_of_.recorded_at_us == as_of.recorded_at_us) {
        return *vocabulary_;
    }
    vocabulary_.reset();
    if (as_of.is_now()) {
        if (auto stored = load_vocabulary(store)) {
            vocabulary_ = std::move(stored->vocabulary);
            vocabulary_seq_ = seq;
            vocabulary_as_of_ = as_of;
            return *vocabulary_;
        }
    }
    summaries.begin(SummaryCache::key_for(seq, as_of, def), SummaryCache::kMaxDerivedBytes);
    const uint64_t total = progress ? count_patients(store) : 0;
    uint64_t done = 0;
    vocabulary_ = Vocabulary::scan(
        store, as_of, [&](const std::string& id, std::vector<store::Event>& events) {
            if (!is_system_patient(id)) {
                if (summaries.collecting()) {
                    summaries.add(id, encode_summary(derive::derive_patient(id, events, def),
                                                     dose_totals(events)));
                }
                if (++done % kProgressEvery == 0) report_progress(done, total);
            }
            return true;
        });
    report_progress(done, total == 0 ? 0 : done);
    summaries.finish();
    vocabulary_seq_ = seq;
    vocabulary_as_of_ = as_of;
    return *vocabulary_;
}

EngineState::SummaryPass EngineState::visit_summaries(const store::EventStore& store,
                                                      const store::AsOf& as_of,
                                                      const derive::CrsDefinition& def,
                                                      const SummaryFn& fn) {
    const std::string key = SummaryCache::key_for(store.last_seq(), as_of, def);
    SummaryPass pass;
    if (summaries.holds(key)) {
        SummaryView view;
        const size_t total = summaries.size();
        for (size_t i = 0; i < total; ++i) {
            if (!view.open(summaries.id(i), summaries.bytes(i))) {
                // Every summary was read (or encoded) once before it was cached.
                throw QueryError(ErrorKind::kData, "the cached summary of patient " +
                                                       std::string(summaries.id(i)) +
                                                       " cannot be read");
            }
            fn(view, total);
        }
        pass.complete = true;
        pass.visited = total;
        return pass;
    }
    if (!as_of.is_now() || !is_projection_definition(def)) return pass;
    summaries.begin(key, stored_cache_bytes);
    StoredPass stored = scan_summaries(store, def, [&](SummaryView& view, uint64_t total) {
        summaries.add(view.id(), view.bytes(), total);
        fn(view, total);
    });
    if (stored.complete) summaries.finish();
    pass.complete = stored.complete;
    pass.visited = stored.visited;
    pass.last_id = std::move(stored.last_id);
    return pass;
}

const CohortDef* EngineState::find_cohort(const std::string& name) const {
    const auto it = cohorts.find(to_lower(name));
    return it == cohorts.end() ? nullptr : &it->second;
}

}  // namespace dayzero::query
