// The data behind `plot survival`: survival times from the derivation library, grouped the way
// the query engine groups a `by` expression.
#include <algorithm>
#include <map>
#include <variant>

#include "derive/patient_derivation.h"
#include "shell/patient_scan.h"
#include "shell/plot_data.h"
#include "stats/log_rank.h"

namespace dayzero::shell {

namespace {

// Which group each patient belongs to; patients without a value of `by` are in no group.
struct Grouping {
    std::vector<std::string> labels;
    std::map<std::string, size_t> group_of;  // patient -> index into labels
    size_t without_value = 0;
};

// A category key that sorts numbers numerically before text, as the `survival` statement does.
struct CategoryKey {
    bool text = false;
    double number = 0;
    std::string label;
    bool operator<(const CategoryKey& o) const {
        if (text != o.text) return !text;
        return text ? label < o.label : number < o.number;
    }
};

store::Result<Grouping> group_patients(query::QueryEngine& engine, const std::string& by) {
    // The engine owns the meaning of cohorts, measures and conditions: ask it for each patient's
    // value of `by` rather than evaluating anything here.
    const auto results = engine.execute("patients show " + by + ";");
    if (results.empty()) return store::Status::invalid_argument("cannot evaluate '" + by + "'");
    const query::QueryResult& table = results.back();
    if (!table.ok) return store::Status::invalid_argument(table.error);
    if (table.columns.size() != 2) {
        return store::Status::invalid_argument("`by` takes one expression, not '" + by + "'");
    }
    const query::Column& column = table.columns[1];
    Grouping grouping;
    const bool condition = column.type == query::ColumnType::kBool;
    if (condition) grouping.labels = {by, "not " + by};
    std::map<CategoryKey, std::vector<std::string>> categories;
    for (const auto& row : table.rows) {
        const auto* patient = std::get_if<std::string>(&row[0]);
        if (patient == nullptr) continue;
        const query::Value& value = row[1];
        if (std::holds_alternative<std::monostate>(value)) {
            ++grouping.without_value;
        } else if (condition) {
            grouping.group_of[*patient] = std::get<bool>(value) ? 0 : 1;
        } else {
            CategoryKey key;
            key.label = query::format_value(value, column);
            if (const auto* i = std::get_if<int64_t>(&value))
                key.number = static_cast<double>(*i);
            else if (const auto* d = std::get_if<double>(&value))
                key.number = *d;
            else
                key.text = true;
            categories[key].push_back(*patient);
        }
    }
    if (categories.size() > kMaxSurvivalGroups) {
        return store::Status::invalid_argument(
            "'" + by + "' has " + std::to_string(categories.size()) + " values; at most " +
            std::to_string(kMaxSurvivalGroups) + " groups can be drawn (group it, e.g. by a " +
            "condition such as " + by + " >= N)");
    }
    for (const auto& [key, patients] : categories) {
        for (const std::string& patient : patients)
            grouping.group_of[patient] = grouping.labels.size();
        grouping.labels.push_back(by + " = " + key.label);
    }
    return grouping;
}

void append_note(std::string& note, const std::string& text) {
    if (!note.empty()) note += "; ";
    note += text;
}

}  // namespace

store::Result<SurvivalData> load_survival(const store::EventStore& store,
                                          query::QueryEngine& engine, const std::string& endpoint,
                                          const std::string& by, const store::AsOf& as_of,
                                          const std::atomic<bool>* interrupt,
                                          const query::QueryEngine::ProgressFn& progress) {
    if (endpoint != "os" && endpoint != "pfs")
        return store::Status::invalid_argument("unknown endpoint '" + endpoint +
                                               "' (expected os or pfs)");
    SurvivalData data;
    data.endpoint = endpoint;
    data.by = by;
    Grouping grouping;
    if (by.empty()) {
        grouping.labels = {"all patients"};
    } else {
        auto grouped = group_patients(engine, by);
        if (!grouped.is_ok()) return grouped.status();
        grouping = std::move(grouped).value();
    }
    for (const std::string& label : grouping.labels)
        data.groups.push_back({label, {}, {}});

    int unknown = 0;
    const store::Status status =
        scan_patients(store, as_of, interrupt, progress,
                      [&](const std::string& patient, std::vector<store::Event>& events) {
                          size_t group = 0;
                          if (!by.empty()) {
                              const auto it = grouping.group_of.find(patient);
                              if (it == grouping.group_of.end()) return;  // no value of `by`
                              group = it->second;
                          }
                          const auto derived = derive::derive_patient(patient, events);
                          const derive::SurvivalTime& st =
                              endpoint == "os" ? derived.measures.os : derived.measures.pfs;
                          const auto months = st.months();
                          if (!months || *months < 0) {
                              ++unknown;
                              return;
                          }
                          data.groups[group].observations.push_back({*months, st.event});
                      });
    if (!status.is_ok()) return status;

    std::vector<std::vector<stats::SurvivalObservation>> samples;
    for (auto& group : data.groups) {
        group.fit = stats::kaplan_meier(group.observations);
        samples.push_back(group.observations);
    }
    if (data.groups.size() > 1) {
        const auto test = stats::log_rank_test(samples);
        if (test.p)
            data.log_rank_p = test.p;
        else
            data.note = "log-rank test not computable: " + test.not_computable;
    }
    if (grouping.without_value > 0) {
        append_note(data.note, std::to_string(grouping.without_value) +
                                   " patient(s) without a value of " + by + " left out");
    }
    if (unknown > 0)
        append_note(data.note, std::to_string(unknown) + " patient(s) without follow-up left out");
    return data;
}

}  // namespace dayzero::shell
