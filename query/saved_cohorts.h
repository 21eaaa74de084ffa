#pragma once
// Saved cohorts: a cohort's definition recorded in the store, so every session (and `dayzero
// query`) finds it and `as of` reads it like any other record.
//
// Encoding of a saved cohort, the one db::Database records and every reader decodes:
//   patient_id = kCohortsPatient ("~cohorts": '~' cannot start an imported patient id)
//   kind = baseline, day 0, no time, code = the cohort's name as written, text = its condition
//   (the text after `patients where`), value = its size when saved (informational).
// Saving it again with another condition amends that event; dropping it retracts it. Author,
// moment and reason are the transaction's, as for every other record.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/event_store.h"

namespace dayzero::query {

inline constexpr std::string_view kCohortsPatient = "~cohorts";

// A saved cohort as of some point.
struct SavedCohort {
    uint64_t seq = 0;  // the event first saving it (amendments keep it)
    std::string name;
    std::string text;  // the condition
    int64_t size = 0;  // patients when saved
};

// The event that records cohort `name` with condition `text` and `size` patients.
store::Event make_saved_cohort_event(const std::string& name, const std::string& text,
                                     int64_t size);

// The cohorts saved at `as_of`, in the order they were first saved; throws QueryError(kData)
// when the store cannot be read.
std::vector<SavedCohort> read_saved_cohorts(const store::EventStore& store,
                                            const store::AsOf& as_of);

// The cohort saved under `name` (case-insensitive) at `as_of`, or nullopt; throws as
// read_saved_cohorts does.
std::optional<SavedCohort> find_saved_cohort(const store::EventStore& store,
                                             const std::string& name, const store::AsOf& as_of);

}  // namespace dayzero::query
