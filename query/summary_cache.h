#pragma once
// SummaryCache: compact per-patient summaries (derived measures and episodes, dose totals) kept
// between statements, so repeated cohort statistics do not re-read and re-derive every timeline.
// Valid for one key (last sequence number, as-of point, CRS definition); capped in size.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "query/derive/patient_derivation.h"
#include "store/event_store.h"

namespace dayzero::query {

// Number and total mg of one drug's dose events.
struct DoseTotal {
    int64_t doses = 0;
    double mg = 0;
    bool mg_known = true;
};

struct PatientSummary {
    std::string id;
    derive::PatientDerivation derived;       // without the daily rows
    std::map<std::string, DoseTotal> doses;  // by lower-case drug code
};

// One patient's summary in its stored encoding (query/summary_codec.h), decoded when visited:
// a few hundred bytes instead of a few KB of maps once decoded.
struct EncodedSummary {
    std::string id;
    std::string bytes;
};

// Dose totals per lower-case drug of a timeline.
std::map<std::string, DoseTotal> dose_totals(const std::vector<store::Event>& events);

class SummaryCache {
  public:
    // Most patients kept (about 1 KB each); a larger store is streamed every time.
    static constexpr size_t kMaxPatients = 200'000;

    // The key of a statement's view of the store.
    static std::string key_for(uint64_t last_seq, const store::AsOf& as_of,
                               const derive::CrsDefinition& def);

    // The summaries for `key`, or null when they are not (completely) cached.
    const std::vector<PatientSummary>* find(const std::string& key) const {
        return complete_ && key == key_ ? &patients_ : nullptr;
    }
    // Starts collecting summaries for `key`, discarding what was cached.
    void begin(const std::string& key);
    // Adds one patient to the collection in progress (ignored past the cap).
    void add(PatientSummary summary);
    // The encoded summaries for `key`, or null when they are not cached.
    const std::vector<EncodedSummary>* find_encoded(const std::string& key) const {
        return encoded_complete_ && key == key_ ? &encoded_ : nullptr;
    }
    // Replaces the cache with encoded `patients`, complete for `key` (ignored past the cap).
    void adopt_encoded(const std::string& key, std::vector<EncodedSummary> patients);
    // Marks the collection complete (call only after every patient was added).
    void finish() { complete_ = !overflow_ && !key_.empty(); }

  private:
    std::string key_;
    std::vector<PatientSummary> patients_;
    std::vector<EncodedSummary> encoded_;
    bool complete_ = false;
    bool encoded_complete_ = false;
    bool overflow_ = false;
};

}  // namespace dayzero::query
