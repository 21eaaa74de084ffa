#pragma once
// Test helpers for derive: build a patient's current-view timeline event by event, apply
// corrections the way the store's current view does, and render daily grades compactly.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "derive/patient_derivation.h"
#include "store/event.h"

namespace dayzero::derive::testing {

// Collects events in the order they are added; seqs count up from 1 unless set with seq().
class TimelineBuilder {
  public:
    explicit TimelineBuilder(std::string patient_id = "P1") : patient_id_(std::move(patient_id)) {}

    // Sets the sequence number of the next event (to model events recorded out of order).
    TimelineBuilder& seq(uint64_t next);
    // `time` is "HH:MM" or "" for an untimed event.
    TimelineBuilder& temp(int day, std::string_view time, double celsius);
    TimelineBuilder& oxygen(int day, std::string_view time, std::string device,
                            std::optional<double> flow = std::nullopt);
    TimelineBuilder& pressor_start(int day, std::string_view time, std::string drug);
    TimelineBuilder& pressor_stop(int day, std::string_view time, std::string drug);
    TimelineBuilder& fluids(int day);
    // One 06:00 temperature of `celsius` on each day first..last.
    TimelineBuilder& temps(int first, int last, double celsius);
    TimelineBuilder& dose(int day, std::string_view time, std::string drug,
                          std::optional<double> amount, std::string unit = "mg");
    TimelineBuilder& lab(int day, std::string_view time, std::string code, double value);
    TimelineBuilder& death(int day, std::string cause);
    TimelineBuilder& baseline(std::string attribute, std::optional<double> value,
                              std::string text = "");
    // Any other event; patient id and seq are filled in.
    TimelineBuilder& add(store::Event event);

    // The sequence number given to the most recently added event.
    uint64_t last_seq() const { return events_.empty() ? 0 : events_.back().seq; }
    // The events in timeline order (day, untimed before timed, minute; ties keep the order they
    // were added in), as the store's timeline() returns them.
    std::vector<store::Event> events() const;
    // The events exactly in the order they were added.
    const std::vector<store::Event>& raw() const { return events_; }

  private:
    TimelineBuilder& add_simple(store::EventKind kind, int day, std::string_view time,
                                std::string code, std::optional<double> value);

    std::string patient_id_;
    std::vector<store::Event> events_;
    uint64_t next_seq_ = 1;
};

// Parses "HH:MM" into a minute of day; nullopt for "".
std::optional<uint16_t> parse_time(std::string_view time);

// The current view of a raw log: amendments replace their target's fields (keeping the target's
// seq), retractions remove their target, then stable-sorted into timeline order.
std::vector<store::Event> apply_corrections(const std::vector<store::Event>& raw);

// Stable sort into timeline order: day, untimed before timed, minute.
void sort_timeline(std::vector<store::Event>& events);
// One character per day: the grade digit ("0".."5"), e.g. "0001223..." for days 0..28.
std::string grade_string(const PatientDerivation& derivation);

// Same for hypoxia / hypotension levels and masked ('M' masked, '.' not).
std::string hypoxia_string(const PatientDerivation& derivation);
std::string hypotension_string(const PatientDerivation& derivation);
std::string masked_string(const PatientDerivation& derivation);

}  // namespace dayzero::derive::testing
