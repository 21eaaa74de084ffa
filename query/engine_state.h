#pragma once
// EngineState: what a QueryEngine remembers between statements: named cohorts, the CRS definition
// in force, the session as-of point, the interrupt flag, and what the read path (read_path.h)
// caches: the vocabulary and the summaries it derived from the timelines.

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>

#include "derive/crs_definition.h"
#include "query/bound_expr.h"
#include "query/row_sink.h"
#include "query/summary_cache.h"
#include "query/summary_view.h"
#include "query/vocabulary.h"
#include "store/event_store.h"
#include "text/ascii.h"

namespace dayzero::query {

// A named cohort: its checked predicate, the text it was defined with and its size then. A cohort
// saved in the store (query/saved_cohorts.h) has its record's seq, and the reason its text does
// not check at this point instead of a predicate (null) when it does not.
struct CohortDef {
    std::string name;
    BoundPtr predicate;
    std::string text;
    int64_t size = 0;
    uint64_t saved_seq = 0;  // 0: defined in this session only
    std::string error;
};

class EngineState {
  public:
    derive::CrsDefinition definition;
    store::AsOf as_of;
    const std::atomic<bool>* interrupt = nullptr;
    std::function<void(uint64_t done, uint64_t total)> progress;  // may be empty
    // Where statements with large tables stream their rows (row_sink.h); null = into the result.
    RowSink* sink = nullptr;
    std::map<std::string, CohortDef> cohorts;  // keyed by lower-case name
    SummaryCache summaries;  // summaries derived by the last full pass over the timelines
    // The CRS-definition note last shown in full ("" before the session's first result).
    std::string definition_note_shown;

    // The vocabulary last computed (query/read_path.h decides where from), and the view it
    // belongs to: the store's last sequence number and the as-of point.
    struct Names {
        std::optional<Vocabulary> vocabulary;
        uint64_t seq = 0;
        store::AsOf as_of;
    };
    Names names;

    // Patients in the cached vocabulary (0 when none): the total that progress reports use.
    uint64_t known_patients() const {
        return names.vocabulary ? names.vocabulary->patient_count() : 0;
    }

    // Calls `progress` when set.
    void report_progress(uint64_t done, uint64_t total) const {
        if (progress) progress(done, total);
    }

    // The cohort called `name` (case-insensitive), or null.
    const CohortDef* find_cohort(const std::string& name) const;
};

// Cohort keys and case-insensitive names are lower-cased with text::to_lower; the checker and
// the evaluators call it by this name.
using text::to_lower;

}  // namespace dayzero::query
