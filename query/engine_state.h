#pragma once
// EngineState: what a QueryEngine remembers between statements: named cohorts, the CRS definition
// in force, the session as-of point, the interrupt flag, and a cached vocabulary.

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>

#include "derive/crs_definition.h"
#include "query/bound_expr.h"
#include "query/summary_cache.h"
#include "query/summary_view.h"
#include "query/vocabulary.h"
#include "store/event_store.h"
#include "text/ascii.h"

namespace dayzero::query {

// A named cohort: its checked predicate, the text it was defined with and its size then.
struct CohortDef {
    std::string name;
    BoundPtr predicate;
    std::string text;
    int64_t size = 0;
};

class EngineState {
  public:
    derive::CrsDefinition definition;
    store::AsOf as_of;
    const std::atomic<bool>* interrupt = nullptr;
    std::function<void(uint64_t done, uint64_t total)> progress;  // may be empty
    std::map<std::string, CohortDef> cohorts;                     // keyed by lower-case name
    SummaryCache summaries;  // per-patient summaries of the last full pass
    size_t stored_cache_bytes = SummaryCache::kMaxStoredBytes;  // budget for stored summaries

    // The vocabulary visible at `as_of`, recomputed only when the store or the point changed:
    // from the stored summary projection's header when it is current, else by a scan that also
    // fills the summary cache for `def`, so the statement's own pass is not needed.
    const Vocabulary& vocabulary(const store::EventStore& store, const store::AsOf& as_of,
                                 const derive::CrsDefinition& def);

    // Calls `fn(summary, total)` for every patient's summary of this view, in patient-id order,
    // from the session cache or else streamed from the current stored projection (and cached
    // when small). An incomplete pass (no summaries, or a stored entry that turned out
    // malformed) leaves the patients after `last_id` to the caller, who reads their timelines.
    using SummaryFn = std::function<void(SummaryView& summary, uint64_t total)>;
    struct SummaryPass {
        bool complete = false;
        uint64_t visited = 0;
        std::string last_id;
    };
    SummaryPass visit_summaries(const store::EventStore& store, const store::AsOf& as_of,
                                const derive::CrsDefinition& def, const SummaryFn& fn);

    // Patients in the cached vocabulary (0 when none): the total that progress reports use.
    uint64_t known_patients() const { return vocabulary_ ? vocabulary_->patient_count() : 0; }

    // Calls `progress` when set.
    void report_progress(uint64_t done, uint64_t total) const {
        if (progress) progress(done, total);
    }

    // The cohort called `name` (case-insensitive), or null.
    const CohortDef* find_cohort(const std::string& name) const;

  private:
    std::optional<Vocabulary> vocabulary_;
    uint64_t vocabulary_seq_ = 0;
    store::AsOf vocabulary_as_of_;
};

// Cohort keys and case-insensitive names are lower-cased with text::to_lower; the checker and
// the evaluators call it by this name.
using text::to_lower;

}  // namespace dayzero::query
