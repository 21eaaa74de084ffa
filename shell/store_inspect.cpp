#include "shell/store_inspect.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "shell/meta_commands.h"
#include "shell/patient_scan.h"
#include "shell/session_impl.h"

namespace dayzero::shell {

namespace {

using Key = std::tuple<uint8_t, std::string, std::string>;

struct Tally {
    uint64_t events = 0;
    uint64_t patients = 0;
};

}  // namespace

store::Result<std::vector<VocabularyEntry>> collect_vocabulary(
    const store::EventStore& store, const store::AsOf& as_of, const std::atomic<bool>* interrupt,
    const query::QueryEngine::ProgressFn& progress) {
    std::map<Key, Tally> tallies;
    const store::Status status =
        scan_patients(store, as_of, interrupt, progress,
                      [&](const std::string&, std::vector<store::Event>& events) {
                          std::set<Key> seen;
                          for (const auto& event : events) {
                              if (event.correction == store::Correction::kRetract) continue;
                              Key key{static_cast<uint8_t>(event.kind), event.code, event.unit};
                              ++tallies[key].events;
                              if (seen.insert(key).second) ++tallies[key].patients;
                          }
                      });
    if (!status.is_ok()) return status;
    std::vector<VocabularyEntry> entries;
    for (const auto& [key, tally] : tallies) {
        const auto& [kind, code, unit] = key;
        entries.push_back({std::string(store::kind_name(static_cast<store::EventKind>(kind))), code,
                           unit, tally.events, tally.patients});
    }
    return entries;
}

query::QueryResult vocabulary_table(const store::EventStore& store, const store::AsOf& as_of,
                                    const std::atomic<bool>* interrupt,
                                    const query::QueryEngine::ProgressFn& progress) {
    auto entries = collect_vocabulary(store, as_of, interrupt, progress);
    if (!entries.is_ok())
        return query::QueryResult::failure("Error: " + entries.status().message());
    query::QueryResult result;
    result.title = "Kinds, codes and units in the store";
    result.columns = {{"kind", query::ColumnType::kText, -1},
                      {"code", query::ColumnType::kText, -1},
                      {"unit", query::ColumnType::kText, -1},
                      {"events", query::ColumnType::kInteger, -1},
                      {"patients", query::ColumnType::kInteger, -1}};
    for (const auto& e : entries.value()) {
        result.rows.push_back({e.kind, e.code, e.unit, static_cast<int64_t>(e.events),
                               static_cast<int64_t>(e.patients)});
    }
    return result;
}

query::QueryResult patients_table(const store::EventStore& store, const store::AsOf& as_of,
                                  const std::atomic<bool>* interrupt,
                                  const query::QueryEngine::ProgressFn& progress) {
    query::QueryResult result;
    result.title = "Patients";
    result.columns = {{"patient", query::ColumnType::kText, -1},
                      {"events", query::ColumnType::kInteger, -1},
                      {"first_day", query::ColumnType::kDay, -1},
                      {"last_day", query::ColumnType::kDay, -1},
                      {"product", query::ColumnType::kText, -1}};
    const store::Status status =
        scan_patients(store, as_of, interrupt, progress,
                      [&](const std::string& patient, std::vector<store::Event>& events) {
                          int64_t count = 0;
                          query::Value first, last;
                          std::string product;
                          for (const auto& event : events) {
                              if (event.correction == store::Correction::kRetract) continue;
                              if (count == 0) first = int64_t{event.day};
                              last = int64_t{event.day};
                              if (event.kind == store::EventKind::kInfusion && product.empty())
                                  product = event.code;
                              ++count;
                          }
                          result.rows.push_back({patient, count, first, last, product});
                      });
    if (status.code() == store::StatusCode::kInterrupted)
        return query::QueryResult::failure(status.message());
    if (!status.is_ok()) return query::QueryResult::failure("Error: " + status.message());
    return result;
}

namespace {

using TableBuilder = query::QueryResult (*)(const store::EventStore&, const store::AsOf&,
                                            const std::atomic<bool>*,
                                            const query::QueryEngine::ProgressFn&);

bool emit_store_table(MetaCall& call, TableBuilder build) {
    const store::EventStore* store = call.session.store();
    if (store == nullptr) {
        call.err << "Error: no store is open (use .open PATH)\n";
        return false;
    }
    std::optional<query::QueryResult> table;
    {
        const EngineProgress progress(call.session, call.err);
        table.emplace(
            build(*store, call.session.as_of(), call.session.interrupt_flag(), progress.report()));
    }
    return call.session.emit(*table, call.out, call.err);
}

}  // namespace

bool meta_kinds(MetaCall& call) {
    return emit_store_table(call, vocabulary_table);
}

bool meta_patients(MetaCall& call) {
    return emit_store_table(call, patients_table);
}

}  // namespace dayzero::shell
