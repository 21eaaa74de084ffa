#pragma once
// EventRules: the per-kind rules every import format shares: which codes a kind accepts, how a
// value and unit are normalised to the canonical unit (DOMAIN.md §3), and plausibility ranges.

#include <optional>
#include <string>
#include <string_view>

#include "store/event.h"

namespace dayzero::importers {

// Which part of an observation a rule rejected (decoders map it to a column).
enum class ObservationPart { kCode, kValue, kUnit };

// A raw observation as read from a file, before normalisation.
struct RawObservation {
    store::EventKind kind = store::EventKind::kTemp;
    std::string_view code;
    std::string_view value;
    std::string_view unit;
};

// The outcome of normalising one observation.
struct RuleOutcome {
    bool ok = true;
    ObservationPart part = ObservationPart::kValue;  // when !ok: what is wrong
    std::string message;                             // when !ok
    std::string warning;        // ok but worth a counted warning (e.g. a censored result)
    std::string per_attribute;  // non-empty: the value is per unit of this baseline
                                // attribute ("weight_kg" for mg/kg, "bsa_m2" for mg/m2) and
                                // must be multiplied by it (see apply_body_size)
};

// Fills event.code/value/text/unit/original from `raw` following the kind's rules. The event's
// kind is set to raw.kind. Never throws.
RuleOutcome normalise_observation(const RawObservation& raw, store::Event& event);

// Multiplies a per-body-size value (mg/kg, mg/m2) by the patient's attribute value and re-checks
// plausibility; false with `message` set if the result is not plausible.
bool apply_body_size(store::Event& event, double attribute_value, std::string& message);

// Checks the day against the plausibility window −30..3650 (or the store's limits when
// `allow_any_day`); false with a message when outside.
bool check_day(int64_t day, bool allow_any_day, std::string& message);

// Canonical spelling of a unit for comparisons: lower-case, no spaces, µ/mc → u, GI/L → 10^9/l.
std::string unit_key(std::string_view unit);

}  // namespace dayzero::importers
