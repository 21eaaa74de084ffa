#pragma once
// SummaryCache: compact per-patient summaries (derived measures and episodes, dose totals) kept
// between statements, so repeated cohort statistics do not re-read and re-derive every timeline.
// Valid for one key (last sequence number, as-of point, CRS definition); capped in bytes. The
// summaries are kept in their stored encoding (query/summary_codec.h), back to back in one
// buffer, and read in place through a SummaryView when visited.

#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "derive/patient_derivation.h"
#include "store/event_store.h"

namespace dayzero::query {

// Number and total mg of one drug's dose events.
struct DoseTotal {
    int64_t doses = 0;
    double mg = 0;
    bool mg_known = true;
};

// Dose totals by lower-case drug code.
using DoseTotals = std::map<std::string, DoseTotal>;

struct PatientSummary {
    std::string id;
    derive::PatientDerivation derived;  // without the daily rows
    DoseTotals doses;                   // by lower-case drug code
};

// Dose totals per lower-case drug of a timeline.
DoseTotals dose_totals(std::span<const store::Event> events);

class SummaryCache {
  public:
    // Budget for summaries derived from the timelines: a pass that refills it reads and derives
    // every timeline, the dearest pass there is, so it is generous (a few hundred thousand
    // patients' summaries fit). Stored summaries are never copied here: reading them again is
    // about as cheap as reading a copy.
    static constexpr size_t kMaxDerivedBytes = size_t{192} << 20;
    // The key of a statement's view of the store.
    static std::string key_for(uint64_t last_seq, const store::AsOf& as_of,
                               const derive::CrsDefinition& def);

    // True when every summary of `key` is cached.
    bool holds(const std::string& key) const { return complete_ && key == key_; }
    // Patients cached (in patient-id order).
    size_t size() const { return slots_.size(); }
    // The id of patient `i` (valid until the cache changes).
    std::string_view id(size_t i) const {
        const Slot& s = slots_[i];
        return std::string_view(blocks_[s.block]).substr(s.at, s.id_size);
    }
    // The encoded summary of patient `i` (valid until the cache changes).
    std::string_view bytes(size_t i) const {
        const Slot& s = slots_[i];
        return std::string_view(blocks_[s.block]).substr(s.at + s.id_size, s.size);
    }
    // Starts collecting summaries for `key` within `max_bytes`, discarding what was cached.
    void begin(const std::string& key, size_t max_bytes);
    // True while a collection is in progress and within its budget (add() keeps what it gets).
    bool collecting() const { return !key_.empty() && !complete_ && !overflow_; }
    // Adds one patient's encoded summary to the collection in progress. The whole collection is
    // dropped once past the budget.
    void add(std::string_view id, std::string_view bytes);
    // Marks the collection complete (call only after every patient was added).
    void finish() { complete_ = !overflow_ && !key_.empty(); }
    // Bytes held (ids, summaries and their index).
    size_t memory() const;

  private:
    // Summaries are appended to blocks of this size (one larger block for a larger summary), so
    // the cache grows without copying and wastes at most part of one block.
    static constexpr size_t kBlockBytes = size_t{1} << 20;
    struct Slot {
        uint32_t block;
        uint32_t at;  // offset of the id in its block; the summary follows it
        uint32_t id_size;
        uint32_t size;
    };
    void drop();

    std::string key_;
    std::vector<std::string> blocks_;
    std::vector<Slot> slots_;
    size_t used_ = 0;  // bytes of ids and summaries
    size_t max_bytes_ = 0;
    bool complete_ = false;
    bool overflow_ = false;
};

}  // namespace dayzero::query
