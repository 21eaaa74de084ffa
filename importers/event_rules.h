#pragma once
// EventRules: the per-kind rules every import format shares: which codes a kind accepts, how a
// value and unit are normalised to the canonical unit, and plausibility ranges (docs/IMPORT.md,
// "Units and normalisation" and "Plausibility").

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "importers/unit_table.h"
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
    std::string warning;  // ok but worth a counted warning (e.g. a censored result)
    ObservationPart warning_part = ObservationPart::kValue;  // what the warning is about
    std::string per_attribute;  // non-empty: the value is per unit of this baseline
                                // attribute ("weight_kg" for mg/kg, "bsa_m2" for mg/m2) and
                                // must be multiplied by it (see apply_body_size)
};

// What to do with a lab analyte the vocabulary (units.json) does not know.
enum class UnknownAnalytes {
    kReject,  // an error on the row (strict imports)
    kKeep,    // imported as written, code upper-cased and unit unchanged, with a counted warning
              // (lenient imports: the row is kept, the problem still counted and reported)
};

// Fills event.code/value/text/unit/original from `raw` following the kind's rules. The event's
// kind is set to raw.kind. Never throws.
RuleOutcome normalise_observation(const RawObservation& raw, store::Event& event,
                                  UnknownAnalytes unknown = UnknownAnalytes::kReject);

// What a kind needs of its value, and the plausible range of the canonical value.
enum class ValueNeed { kNone, kOptional, kRequired, kNumberOrText };
struct KindRule {
    ValueNeed value = ValueNeed::kNone;
    double min = 0;
    double max = 0;
    bool integer = false;
};

// What an observation's kind, code and unit resolve to, whatever its value: the part of
// normalise_observation that depends on the spelling only.
struct ObservationShape {
    store::EventKind kind = store::EventKind::kTemp;
    std::string code;  // normalised code
    KindRule rule;
    std::string_view default_unit;             // used when the file leaves the unit empty
    std::optional<UnitConversion> conversion;  // of the given unit (nullopt: none or unknown)
    bool passthrough = false;                  // the given unit is kept as written
    std::string event_unit;       // the unit a number gets: default, canonical or as written
    bool unit_rewritten = false;  // a unit was given and event_unit differs from it
    std::string warning;          // a counted warning for every row of this spelling
};

// normalise_observation with a memory: each distinct (kind, code, unit) spelling is resolved
// once (code checks, unit tables), so a file of millions of rows with a few dozen spellings only
// parses values. Results, errors and messages are exactly those of normalise_observation.
class ObservationNormaliser {
  public:
    explicit ObservationNormaliser(UnknownAnalytes unknown = UnknownAnalytes::kReject)
        : unknown_(unknown) {}
    // Same contract as normalise_observation().
    RuleOutcome normalise(const RawObservation& raw, store::Event& event);

  private:
    struct Spelling {
        std::string code;
        std::string unit;
        ObservationShape shape;
    };
    // The remembered shape of a spelling, or nullptr.
    const ObservationShape* find(const RawObservation& raw);
    // The spelling's key in many_.
    const std::string& key_of(const RawObservation& raw);

    static constexpr size_t kFewPerKind = 16;   // compared one by one: cheaper than hashing
    static constexpr size_t kMaxShapes = 4096;  // hostile files: stop remembering, stay correct
    std::array<std::vector<Spelling>, store::kLastEventKind + 1> few_;  // by kind number
    std::array<uint8_t, store::kLastEventKind + 1> next_{};   // where find() starts in few_[kind]
    std::unordered_map<std::string, ObservationShape> many_;  // the spellings beyond those
    size_t remembered_ = 0;
    std::string key_;  // reused lookup key
    UnknownAnalytes unknown_;
};

// store::parse_kind, quicker for the usual lower-case spelling (tried first, exactly).
std::optional<store::EventKind> parse_kind_name(std::string_view name);

// Multiplies a per-body-size value (mg/kg, mg/m2) by the patient's attribute value and re-checks
// plausibility; false with `message` set if the result is not plausible.
bool apply_body_size(store::Event& event, double attribute_value, std::string& message);

// Checks the day against the plausibility window −30..3650 (or the store's limits when
// `allow_any_day`); false with a message when outside.
bool check_day(int64_t day, bool allow_any_day, std::string& message);

// The plausibility window of check_day without --allow-any-day (inside the store's limits).
inline constexpr int64_t kUsualFirstDay = -30;
inline constexpr int64_t kUsualLastDay = 3650;

// True when check_day passes whatever `allow_any_day` is (inline: once per row, no message).
inline bool day_is_usual(int64_t day) {
    return day >= kUsualFirstDay && day <= kUsualLastDay;
}

// Canonical spelling of a unit for comparisons: lower-case, no spaces, µ/mc → u, GI/L → 10^9/l.
std::string unit_key(std::string_view unit);

}  // namespace dayzero::importers
