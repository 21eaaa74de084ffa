#pragma once
// EventList: the growing list of one patient's rendered events, with a compact way to add one.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/event.h"

namespace dayzero::generator {

class EventList {
  public:
    explicit EventList(std::string patient_id) : patient_id_(std::move(patient_id)) {}

    // Appends an event; `minute` may be out of 0..1439 and then moves to the right day.
    void add(int day, std::optional<int> minute, store::EventKind kind, std::string_view code = {},
             std::optional<double> value = std::nullopt, std::string_view unit = {});
    // Appends an event whose value is text (sex, centre, arm).
    void add_text(int day, store::EventKind kind, std::string_view code, std::string_view text);
    // Sorts by day, then minute (untimed first), keeping insertion order for ties; returns them.
    std::vector<store::Event> take_sorted();

  private:
    std::string patient_id_;
    std::vector<store::Event> events_;
};

}  // namespace dayzero::generator
