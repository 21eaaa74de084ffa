#pragma once
// The stored summary projection: every patient's summary (derivation without daily rows, dose
// totals) under the default CRS definition, plus the vocabulary, kept beside the log as an
// EventStore projection. A fresh process reads these compact entries instead of re-deriving
// millions of events. The projection is never authoritative: it is used only when its stamp
// equals the log's last sequence number, and anything unexpected makes it stale.

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "query/summary_cache.h"
#include "query/summary_view.h"
#include "query/vocabulary.h"
#include "store/event_store.h"

namespace dayzero::query {

struct DerivedPatients;  // import_projector.h

// The projection's name in the store.
inline constexpr std::string_view kSummaryProjection = "query.summaries";

// Progress of a long pass: `done` of `total` patients (total 0 = unknown).
using PatientProgressFn = std::function<void(uint64_t done, uint64_t total)>;

// The vocabulary a current projection holds, and the definition its summaries were derived with.
struct StoredVocabulary {
    Vocabulary vocabulary;   // patients, codes and attributes
    std::string definition;  // CrsDefinition::describe()
};

// What refresh_projections did.
struct RefreshReport {
    bool rebuilt = false;               // every patient was derived again
    uint64_t patients_derived = 0;      // patients derived in this refresh (read from the store)
    uint64_t patients_from_import = 0;  // patients whose entries the import derived (derived)
    uint64_t seq = 0;                   // the stamp written (the log's last sequence number)
};

// The definition the projection is derived with: the default (docs/DERIVATIONS.md §2).
const derive::CrsDefinition& projection_definition();

// The vocabulary from the projection's header (one entry) when the projection is current (stamp
// and header equal store.last_seq(), known codec version); nullopt when missing, stale or
// malformed.
std::optional<StoredVocabulary> load_vocabulary(const store::EventStore& store);

// How far a pass over the stored summaries got.
struct StoredPass {
    bool complete = false;  // every patient of the projection was visited
    uint64_t visited = 0;   // patients visited, in patient-id order
    std::string last_id;    // the last patient visited (a partial pass resumes after it)
};

// Called with each stored summary, read in place (valid during the call), and the number of
// patients in the projection.
using StoredSummaryFn = std::function<void(SummaryView& summary, uint64_t total)>;

// Streams every patient's stored summary, in patient-id order, holding one entry at a time:
// nothing when the projection is not current or was not derived with `def`; otherwise it stops
// at the first entry that is malformed or not the header's next patient, and the caller reads
// the patients after `last_id` from the timelines. An exception from `visit` ends the pass and
// propagates.
StoredPass scan_summaries(const store::EventStore& store, const derive::CrsDefinition& def,
                          const StoredSummaryFn& visit);

// In a writer, brings the projection up to date with the log: nothing when it is current;
// re-derives only the patients touched since its stamp when few changed; otherwise rebuilds it
// (reporting `progress`; stopping with kInterrupted when `interrupt` becomes true, which leaves
// it stale). After an import, `derived` (ImportProjector::finish) supplies the entries of the
// patients it derived as their events passed, so only the others are read from the store; its
// entries are moved out. A read-only store is left alone (ok). Fails only when the store cannot
// be read or written, or when interrupted.
store::Result<RefreshReport> refresh_projections(store::EventStore& store,
                                                 const PatientProgressFn& progress = {},
                                                 const std::atomic<bool>* interrupt = nullptr,
                                                 DerivedPatients* derived = nullptr);

// Number of scan_summaries() passes in this process that visited every patient (lets tests
// observe that a statement was answered from the stored summaries, not from the timelines).
uint64_t summary_projection_loads();

}  // namespace dayzero::query
