#include "query/patient_context.h"

#include "query/engine_state.h"

namespace dayzero::query {

namespace {
const std::vector<store::Event> kNoEvents;
const derive::CrsDefinition kUnusedDefinition;
}  // namespace

PatientContext::PatientContext(const PatientSummary& summary)
    : id_(summary.id), events_(kNoEvents), def_(kUnusedDefinition), summary_(&summary) {}

const derive::PatientDerivation& PatientContext::derived() {
    if (summary_ != nullptr) return summary_->derived;
    if (!derived_) derived_ = derive::derive_patient(id_, events_, def_);
    return *derived_;
}

DoseTotal PatientContext::doses_of(const std::string& drug) const {
    if (summary_ != nullptr) {
        const auto it = summary_->doses.find(to_lower(drug));
        return it == summary_->doses.end() ? DoseTotal{} : it->second;
    }
    const auto totals = dose_totals(events_);
    const auto it = totals.find(to_lower(drug));
    return it == totals.end() ? DoseTotal{} : it->second;
}

}  // namespace dayzero::query
