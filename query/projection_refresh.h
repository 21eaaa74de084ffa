#pragma once
// The writing half of refresh_projections (summary_projection.h): rebuilding both stored
// projections, or re-deriving only the patients touched since their stamp, optionally taking the
// entries an import derived as its events passed (import_projector.h). Private to the projection
// code.

#include <atomic>
#include <cstdint>
#include <optional>
#include <set>
#include <string>

#include "query/import_projector.h"
#include "query/summary_projection.h"
#include "store/event_store.h"

namespace dayzero::query {

// How many patients a refresh may read one timeline at a time out of `patients`: beyond it, a
// pass over every patient (which reads ahead on every core) is faster.
size_t single_read_limit(size_t patients);

// A rebuild whose entries come to at most this many bytes (a store of about 10,000 patients) is
// written in one go, which replaces each projection by one table: its entries never pass through
// the memtable, whose inserts compete with the derivation for the cores and whose flush the
// writer's close waits for. A larger one writes what it gathered so far, then every
// kRebuildPartPatients patients: a whole large store gathered in memory would raise the writer's
// peak (measured in bench/results/2026-12-07-1630-study-phases.md).
inline constexpr size_t kRebuildWholeBytes = size_t{16} << 20;
inline constexpr size_t kRebuildPartPatients = 2000;

// Derives every patient from the timelines and writes both projections, stamped `last`: in one
// write while the entries come to at most `whole_bytes`, else in parts.
store::Result<RefreshReport> rebuild_projections(store::EventStore& store, uint64_t last,
                                                 const PatientProgressFn& progress,
                                                 const std::atomic<bool>* interrupt,
                                                 size_t whole_bytes = kRebuildWholeBytes);

// Like rebuild_projections, but takes `derived`'s entries (moving them out) and reads only the
// other patients, one by one; nullopt (nothing written) when too many are left to read that way.
std::optional<store::Result<RefreshReport>> rebuild_from_derived(
    store::EventStore& store, uint64_t last, DerivedPatients& derived,
    const PatientProgressFn& progress, const std::atomic<bool>* interrupt);

// Patients with events in seq range [from, to] (for corrections also the corrected event's
// patient); nullopt when more than `limit` or the log cannot be read.
std::optional<std::set<std::string>> touched_patients(const store::EventStore& store, uint64_t from,
                                                      uint64_t to, size_t limit);

// Re-derives only `touched` (taking the entries `derived` holds, when given) and rewrites the
// headers; nullopt when the stored name entries are unreadable (the caller then rebuilds).
std::optional<store::Result<RefreshReport>> update_projections(store::EventStore& store,
                                                               uint64_t last,
                                                               const std::set<std::string>& touched,
                                                               DerivedPatients* derived);

}  // namespace dayzero::query
