#pragma once
// TimelineView (internal): one patient's events in timeline order without copying them, with the
// helpers every derivation step shares. Not part of the public derive API.

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "derive/explanation.h"
#include "store/event.h"

namespace dayzero::derive::detail {

// A timestamp that orders like the timeline: day, untimed before timed, minute.
inline int64_t time_key(const store::Event& event) {
    return static_cast<int64_t>(event.day) * 1441 + (event.minute ? *event.minute + 1 : 0);
}

class TimelineView {
  public:
    // Orders `events` (stable, so recording order breaks ties) unless already in timeline order;
    // drops retraction events, which carry no observation.
    explicit TimelineView(std::span<const store::Event> events);

    size_t size() const { return order_.size(); }
    const store::Event& operator[](size_t i) const { return events_[order_[i]]; }

  private:
    std::span<const store::Event> events_;
    std::vector<uint32_t> order_;
};

// The evidence record naming `event`.
Evidence make_evidence(const store::Event& event);

// A dose amount in mg: value as is, or value × weight when the unit is still mg/kg.
std::optional<double> dose_mg(const store::Event& event, std::optional<double> weight_kg);

}  // namespace dayzero::derive::detail
