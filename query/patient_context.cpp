#include "query/patient_context.h"

#include "query/engine_state.h"

namespace dayzero::query {

namespace {
const std::vector<store::Event> kNoEvents;
const derive::CrsDefinition kUnusedDefinition;
}  // namespace

PatientContext::PatientContext(SummaryView& summary)
    : id_(summary.id()), events_(kNoEvents), def_(kUnusedDefinition), summary_(&summary) {}

const derive::PatientDerivation& PatientContext::derived() {
    if (!derived_) {
        if (summary_ != nullptr)
            derived_ = std::move(summary_->decode().derived);
        else
            derived_ = derive::derive_patient(id_, events_, def_);
    }
    return *derived_;
}

Value PatientContext::measure(const Measure& m) {
    if (m.graded && !gradable()) return {};
    if (m.from_episodes != nullptr) return m.from_episodes(episodes());
    if (summary_ != nullptr && !derived_) return m.get(summary_->scalars());
    return m.get(derived());
}

const derive::PatientMeasures& PatientContext::scalar_measures() {
    if (summary_ != nullptr && !derived_) return summary_->scalars().measures;
    return derived().measures;
}

const derive::BaselineValue* PatientContext::baseline(std::string_view name) {
    if (summary_ != nullptr && !derived_) return summary_->baseline(name);
    const auto& all = derived().measures.baseline;
    const auto it = all.find(name);
    return it == all.end() ? nullptr : &it->second;
}

void PatientContext::for_each_lab(const SummaryView::LabFn& fn) {
    if (summary_ != nullptr && !derived_) {
        summary_->for_each_lab(fn);
        return;
    }
    for (const auto& [code, lab] : derived().measures.labs)
        fn(code, lab);
}

const std::vector<derive::Episode>& PatientContext::episodes() {
    if (summary_ != nullptr && !derived_) return summary_->episodes();
    return derived().episodes;
}

DoseTotal PatientContext::doses_of(const std::string& drug) const {
    if (summary_ != nullptr) return summary_->doses_of(to_lower(drug));
    const auto totals = dose_totals(events_);
    const auto it = totals.find(to_lower(drug));
    return it == totals.end() ? DoseTotal{} : it->second;
}

}  // namespace dayzero::query
