#pragma once
// PatientContext: one patient during evaluation, either a timeline (its derivation computed on
// first use, so statements that only look at events never grade CRS) or a summary read in place
// (query/summary_view.h: only the fields a statement asks for are decoded).

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "derive/patient_derivation.h"
#include "query/measures.h"
#include "query/summary_cache.h"
#include "query/summary_view.h"
#include "store/event.h"
#include "store/signature.h"

namespace dayzero::query {

class PatientContext {
  public:
    // `events` and `def` must outlive the context.
    PatientContext(const std::string& id, const std::vector<store::Event>& events,
                   const derive::CrsDefinition& def)
        : id_(id), events_(events), def_(def) {}
    // A context served from a summary: no events, the derivation already computed. `summary`
    // must outlive the context.
    explicit PatientContext(SummaryView& summary);

    const std::string& id() const { return id_; }
    const std::vector<store::Event>& events() const { return events_; }
    // The whole ASTCT derivation under the statement's definition (computed or decoded once).
    // The narrower accessors below are cheaper on a summary.
    const derive::PatientDerivation& derived();
    // Measure `m` (query/measures.h); null for a graded measure of a patient that cannot be
    // graded.
    Value measure(const Measure& m);
    // The CRS grade is known: a temperature in the grading window, or a CRS death
    // (docs/DERIVATIONS.md §3.1).
    bool gradable() { return scalar_measures().coverage.gradable(); }
    // The measures without baseline attributes and labs (use baseline() and for_each_lab()).
    const derive::PatientMeasures& scalar_measures();
    // Baseline attribute `name` (exact), or null; valid until the next call.
    const derive::BaselineValue* baseline(std::string_view name);
    // Calls `fn(code, lab)` for every lab measure, in code order.
    void for_each_lab(const SummaryView::LabFn& fn);
    // The CRS episodes in onset order.
    const std::vector<derive::Episode>& episodes();
    // Doses and total mg of `drug` (case-insensitive).
    DoseTotal doses_of(const std::string& drug) const;
    // The episode `episodes where ...` is currently filtering (null outside episodes).
    const derive::Episode* episode = nullptr;

  private:
    const std::string& id_;
    const std::vector<store::Event>& events_;
    const derive::CrsDefinition& def_;
    std::optional<derive::PatientDerivation> derived_;
    SummaryView* summary_ = nullptr;
};

using store::is_system_patient;

}  // namespace dayzero::query
