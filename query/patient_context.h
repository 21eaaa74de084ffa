#pragma once
// PatientContext: one patient's timeline during evaluation, with its derivation computed on first
// use (so statements that only look at events never grade CRS).

#include <optional>
#include <string>
#include <vector>

#include "query/derive/patient_derivation.h"
#include "query/summary_cache.h"
#include "store/event.h"

namespace dayzero::query {

class PatientContext {
  public:
    // `events` and `def` must outlive the context.
    PatientContext(const std::string& id, const std::vector<store::Event>& events,
                   const derive::CrsDefinition& def)
        : id_(id), events_(events), def_(def) {}
    // A context served from a cached summary: no events, the derivation already computed.
    explicit PatientContext(const PatientSummary& summary);

    const std::string& id() const { return id_; }
    const std::vector<store::Event>& events() const { return events_; }
    // The ASTCT derivation under the statement's definition (computed once).
    const derive::PatientDerivation& derived();
    // Doses and total mg of `drug` (case-insensitive).
    DoseTotal doses_of(const std::string& drug) const;
    // The episode `episodes where ...` is currently filtering (null outside episodes).
    const derive::Episode* episode = nullptr;

  private:
    const std::string& id_;
    const std::vector<store::Event>& events_;
    const derive::CrsDefinition& def_;
    std::optional<derive::PatientDerivation> derived_;
    const PatientSummary* summary_ = nullptr;
};

// Patients whose ids start with '~' hold system records (signatures), not observations.
inline bool is_system_patient(const std::string& id) {
    return !id.empty() && id[0] == '~';
}

}  // namespace dayzero::query
