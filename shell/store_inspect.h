#pragma once
// What a store holds, summarised for `.schema`/`.kinds`, `.patients` and tab completion.

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

#include "query/query_engine.h"
#include "query/query_result.h"
#include "store/event_store.h"

namespace dayzero::shell {

struct VocabularyEntry {
    std::string kind;
    std::string code;
    std::string unit;
    uint64_t events = 0;
    uint64_t patients = 0;
};

// Every (kind, code, unit) in the current view as of `as_of`, in kind order then code and unit,
// with event and patient counts. Stops with an "Interrupted" error when `interrupt` becomes true;
// `progress` (may be empty) hears done/total patients.
store::Result<std::vector<VocabularyEntry>> collect_vocabulary(
    const store::EventStore& store, const store::AsOf& as_of, const std::atomic<bool>* interrupt,
    const query::QueryEngine::ProgressFn& progress = {});

// The `.schema` table built from collect_vocabulary.
query::QueryResult vocabulary_table(const store::EventStore& store, const store::AsOf& as_of,
                                    const std::atomic<bool>* interrupt,
                                    const query::QueryEngine::ProgressFn& progress = {});

// The `.patients` table: patient, events, first and last day, infusion product.
query::QueryResult patients_table(const store::EventStore& store, const store::AsOf& as_of,
                                  const std::atomic<bool>* interrupt,
                                  const query::QueryEngine::ProgressFn& progress = {});

}  // namespace dayzero::shell
