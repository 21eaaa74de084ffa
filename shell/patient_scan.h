#pragma once
// scan_patients: the shell's own whole-store passes (.schema, .patients, plot survival) over
// EventStore::for_each_patient, stoppable with Ctrl-C and reporting progress like statements do.

#include <atomic>
#include <functional>
#include <string>
#include <vector>

#include "query/query_engine.h"
#include "store/event_store.h"

namespace dayzero::shell {

using PatientFn =
    std::function<void(const std::string& patient, std::vector<store::Event>& events)>;

// Calls `visit` for every patient as of `as_of`. Returns Status::interrupted("Interrupted") as
// soon as `interrupt` (may be null) becomes true; `progress` (may be empty) hears done/total
// patients every few hundred patients (total 0 when unknown: a past as-of view).
store::Status scan_patients(const store::EventStore& store, const store::AsOf& as_of,
                            const std::atomic<bool>* interrupt,
                            const query::QueryEngine::ProgressFn& progress, const PatientFn& visit);

}  // namespace dayzero::shell
