#pragma once
// The stored summary projection: every patient's summary (derivation without daily rows, dose
// totals) under the default CRS definition, plus the vocabulary, kept beside the log as an
// EventStore projection. A fresh process reads these compact entries instead of re-deriving
// millions of events. The projection is never authoritative: it is used only when its stamp
// equals the log's last sequence number, and anything unexpected makes it stale.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "query/summary_cache.h"
#include "query/vocabulary.h"
#include "store/event_store.h"

namespace dayzero::query {

// The projection's name in the store.
inline constexpr std::string_view kSummaryProjection = "query.summaries";

// Progress of a long pass: `done` of `total` patients (total 0 = unknown).
using PatientProgressFn = std::function<void(uint64_t done, uint64_t total)>;

// What a current projection holds.
struct StoredSummaries {
    Vocabulary vocabulary;                 // patients, codes and attributes
    std::string definition;                // CrsDefinition::describe() of the summaries
    std::vector<PatientSummary> patients;  // in patient-id order; empty unless `complete`
    bool complete = false;                 // every patient's summary is in `patients`
};

// What refresh_projections did.
struct RefreshReport {
    bool rebuilt = false;           // every patient was derived again
    uint64_t patients_derived = 0;  // patients derived in this refresh
    uint64_t seq = 0;               // the stamp written (the log's last sequence number)
};

// The definition the projection is derived with (the DOMAIN.md default).
const derive::CrsDefinition& projection_definition();

// Reads the projection when it is current (stamp and header equal store.last_seq(), known codec
// version, every entry well formed); nullopt when missing, stale or corrupt. Summaries are
// decoded only when `with_summaries` and there are at most `max_patients`.
std::optional<StoredSummaries> load_summaries(const store::EventStore& store, bool with_summaries,
                                              size_t max_patients);

// In a writer, brings the projection up to date with the log: nothing when it is current;
// re-derives only the patients touched since its stamp when few changed; otherwise rebuilds it.
// A read-only store is left alone (ok). Fails only when the store cannot be read or written.
store::Result<RefreshReport> refresh_projections(store::EventStore& store,
                                                 const PatientProgressFn& progress = {});

// refresh_projections() after a committed write by a command; "" when it worked, else a one-line
// note for the user (the write itself stands; queries re-derive until the projection is current).
std::string refresh_after_write(store::EventStore& store);

// Number of successful load_summaries() calls in this process (lets tests observe that a
// statement was answered from the projection rather than from the timelines).
uint64_t summary_projection_loads();

}  // namespace dayzero::query
