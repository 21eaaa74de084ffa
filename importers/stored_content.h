#pragma once
// StoredContent: a file's events set against what the store already holds for the same patients,
// so that a cumulative export adds only its new rows, whatever its bytes (docs/IMPORT.md,
// "Cumulative imports"). An event is
// - stored: an event with the same patient, day, time, kind, code, value, unit and text is in the
//   store (each stored event matches one row of the file: two identical rows need two stored
//   events). Events that were amended or retracted since still match their original content;
// - held: the store has the observation (same patient, day, time, kind, code) with other content;
//   whether the row adds to it or changes it is decided after the last row (finish), when every
//   other row of the file has had its chance to match the stored events;
// - new: otherwise.
// Patients the store does not know cost one comparison per row. For a patient the store knows,
// StoredCodes says whether its stored events have the event's kind and code at all; only then is
// its timeline read, once per kind of the file it has (only those kinds are indexed). Events are
// compared by 64-bit hashes of their content.

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "importers/row_decoder.h"
#include "importers/stored_codes.h"
#include "store/event_store.h"

namespace dayzero::importers {

// A row of the file that gives a stored observation another value.
struct StoredChange {
    store::Event event;               // the file's event (source_line = its row)
    store::Event stored;              // the stored event as it stands now (current view)
    std::vector<std::string> fields;  // the row as read (for the rejects file)
    uint32_t value_column = 0;        // 1-based column of the new value; 0 when unknown
};

class StoredContent {
  public:
    enum class Match { kNew, kStored, kHeld };

    // `active` false (or an empty store): every event is new. `codes` (kept by the caller across
    // the files of one import) says which kinds and codes each patient has; without it this object
    // keeps its own.
    StoredContent(const store::EventStore& store, bool active, StoredCodes* codes = nullptr);
    StoredContent(const StoredContent&) = delete;
    StoredContent& operator=(const StoredContent&) = delete;
    ~StoredContent();

    // False when nothing can match (inactive, or the store holds no patient).
    bool active() const { return active_; }

    // Classifies one event of `row`, whose value is in 1-based `value_column` (0: unknown). kHeld
    // moves the event into this object (finish decides it). A store read error makes every later
    // event of that patient new and is kept for finish().
    Match classify(store::Event& event, const DecodedRow& row, uint32_t value_column = 0);

    // After the last row: each held event either adds to its observation (the file has more
    // such rows than the store has events) and goes to `additions`, or changes the stored event
    // it is paired with (in time order) and goes to `changes`.
    store::Status finish(std::vector<store::Event>& additions, std::vector<StoredChange>& changes);

  private:
    struct Patient;
    // The index of patient `id` (a patient the store holds), created empty on first use.
    Patient& patient(const std::string& id);
    // True when the stored events of `kind` of `p` are indexed (read now if they were not yet);
    // false after a read error.
    bool indexed(Patient& p, const std::string& id, store::EventKind kind);
    // The patient's events, corrections included, in timeline order.
    store::Result<std::vector<store::Event>> raw_timeline(const std::string& id) const;

    const store::EventStore& store_;
    bool active_ = false;
    std::unique_ptr<StoredCodes> own_codes_;  // when the caller keeps none
    StoredCodes* codes_ = nullptr;
    std::unordered_map<std::string, std::unique_ptr<Patient>> loaded_;
    std::string last_id_;
    Patient* last_ = nullptr;
    store::Status read_error_;
};

// "38.2 C", "<0.2 pg/mL", "M": how a value reads in messages.
std::string describe_value(const store::Event& event);

}  // namespace dayzero::importers
