#include "query/store_inventory.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "query/patient_context.h"
#include "query/query_error.h"

namespace dayzero::query {

namespace {

constexpr uint64_t kProgressEvery = 256;  // patients between progress reports

// Calls `visit` for every patient's current-view timeline at `as_of`. System records
// (signatures) are no patient's and are left out, as in every other statement.
void scan_timelines(
    const store::EventStore& store, const store::AsOf& as_of, const EngineState& state,
    const std::function<void(const std::string&, std::vector<store::Event>&)>& visit) {
    const uint64_t total = state.known_patients();
    uint64_t done = 0;
    bool interrupted = false;
    const store::Status status = store.for_each_patient(
        [&](const std::string& id, std::vector<store::Event>& events) {
            if (state.interrupt != nullptr && state.interrupt->load(std::memory_order_relaxed)) {
                interrupted = true;
                return false;
            }
            if (is_system_patient(id)) return true;
            visit(id, events);
            if (++done % kProgressEvery == 0)
                state.report_progress(done, total == 0 ? 0 : std::max(total, done));
            return true;
        },
        as_of, store::Provenance::kOmitted);
    if (interrupted || status.code() == store::StatusCode::kInterrupted)
        throw QueryError(ErrorKind::kInterrupted, "the statement was cancelled");
    if (!status)
        throw QueryError(ErrorKind::kData, "reading the store failed: " + status.message());
    state.report_progress(done, total == 0 ? 0 : done);
}

}  // namespace

QueryResult kinds_table(const store::EventStore& store, const store::AsOf& as_of,
                        const EngineState& state) {
    using Key = std::tuple<uint8_t, std::string, std::string>;
    struct Tally {
        int64_t events = 0;
        int64_t patients = 0;
    };
    std::map<Key, Tally> tallies;
    scan_timelines(store, as_of, state, [&](const std::string&, std::vector<store::Event>& events) {
        std::set<Key> seen;
        for (const auto& event : events) {
            if (event.correction == store::Correction::kRetract) continue;
            Key key{static_cast<uint8_t>(event.kind), event.code, event.unit};
            ++tallies[key].events;
            if (seen.insert(key).second) ++tallies[key].patients;
        }
    });
    QueryResult r;
    r.title = "Kinds, codes and units in the store";
    r.columns = {{"kind", ColumnType::kText},
                 {"code", ColumnType::kText},
                 {"unit", ColumnType::kText},
                 {"events", ColumnType::kInteger},
                 {"patients", ColumnType::kInteger}};
    for (const auto& [key, tally] : tallies) {
        const auto& [kind, code, unit] = key;
        r.rows.push_back({std::string(store::kind_name(static_cast<store::EventKind>(kind))), code,
                          unit, tally.events, tally.patients});
    }
    return r;
}

QueryResult patients_table(const store::EventStore& store, const store::AsOf& as_of,
                           const EngineState& state) {
    QueryResult r;
    r.title = "Patients";
    r.columns = {{"patient", ColumnType::kText},
                 {"events", ColumnType::kInteger},
                 {"first_day", ColumnType::kDay},
                 {"last_day", ColumnType::kDay},
                 {"product", ColumnType::kText}};
    scan_timelines(store, as_of, state,
                   [&](const std::string& patient, std::vector<store::Event>& events) {
                       int64_t count = 0;
                       Value first, last;
                       std::string product;
                       for (const auto& event : events) {
                           if (event.correction == store::Correction::kRetract) continue;
                           if (count == 0) first = int64_t{event.day};
                           last = int64_t{event.day};
                           if (event.kind == store::EventKind::kInfusion && product.empty())
                               product = event.code;
                           ++count;
                       }
                       r.rows.push_back({patient, count, first, last, product});
                   });
    return r;
}

}  // namespace dayzero::query
