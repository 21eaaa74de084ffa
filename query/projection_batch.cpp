#include "query/projection_batch.h"

#include "derive/patient_derivation.h"
#include "query/days_projection.h"
#include "query/summary_codec.h"
#include "query/summary_projection.h"

namespace dayzero::query {

size_t PatientEntries::bytes() const {
    return summary.first.size() + summary.second.size() + names.first.size() + names.second.size() +
           days.first.size() + days.second.size();
}

PatientEntries derive_patient_entries(const std::string& id, std::span<const store::Event> events) {
    PatientSummary summary{id, derive::derive_patient(id, events, projection_definition()),
                           dose_totals(events)};
    PatientEntries out;
    out.days = days_entry(id, summary.derived);
    out.gradable = summary.derived.measures.coverage.gradable();
    out.summary = {kSummaryPrefix + id, encode_summary(summary)};
    out.names = {kNamesPrefix + id, encode_timeline_names(events)};
    return out;
}

bool add_patient_entries(const std::string& id, PatientEntries entries, ProjectionBatch& out,
                         Vocabulary& names, std::unordered_set<std::string>& decoded) {
    names.add_patient(id);
    // The header's names are rebuilt from the stored name entries when only a few patients are
    // derived again, so reading the entry back is also what every other refresh does. Patients
    // often share their codes: an entry seen before adds nothing.
    const bool readable = !decoded.insert(entries.names.second).second ||
                          decode_vocabulary_names(entries.names.second, names);
    out.days.push_back(std::move(entries.days));
    out.summaries.push_back(std::move(entries.summary));
    out.summaries.push_back(std::move(entries.names));
    return readable;
}

void add_patient_removal(const std::string& id, ProjectionBatch& out) {
    out.summaries.emplace_back(kSummaryPrefix + id, std::string());
    out.summaries.emplace_back(kNamesPrefix + id, std::string());
    out.days.push_back(days_removal(id));
}

void add_headers(uint64_t seq, Vocabulary vocabulary, ProjectionBatch& out) {
    out.days.push_back(
        days_header_entry(seq, projection_definition().describe(), vocabulary.patient_ids()));
    ProjectionHeader header;
    header.seq = seq;
    header.definition = projection_definition().describe();
    header.vocabulary = std::move(vocabulary);
    out.summaries.emplace_back(kHeaderKey, encode_header(header));
}

store::Status write_projection_batch(store::EventStore& store, const ProjectionBatch& batch,
                                     uint64_t stamp, bool replace_all) {
    if (auto s = store.write_projection(kDaysProjection, batch.days, stamp, replace_all); !s)
        return s;
    return store.write_projection(kSummaryProjection, batch.summaries, stamp, replace_all);
}

}  // namespace dayzero::query
