#pragma once
// Event: one immutable observation in a patient's timeline, plus what the store assigns on append.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace dayzero::store {

// The canonical event kinds (docs/IMPORT.md, "The canonical long format", lists them with their
// codes and units). The numbers are stored on disk: never renumber, only append new kinds at the
// end.
enum class EventKind : uint8_t {
    kTemp = 1,               // body temperature, value in °C
    kSbp = 2,                // systolic blood pressure, mmHg
    kOxygen = 3,             // code = device, value = flow L/min (optional); a state
    kVasopressorStart = 4,   // code = drug, value = dose rate (optional)
    kVasopressorStop = 5,    // code = drug
    kHypotensionFluids = 6,  // hypotension treated with fluids only that day
    kLab = 7,                // code = analyte (IL6, CRP, ...), value = level
    kDose = 8,               // code = drug, value = amount in mg
    kInfusion = 9,           // code = product, value = CAR-T dose ×10^6 cells/kg; defines day 0
    kIcans = 10,             // value = ICANS grade 1–4
    kInfection = 11,         // code = site, value = CTCAE grade
    kResponse = 12,          // code = CR_MRD_NEG, CR_MRD_POS, PR, NR
    kRelapse = 13,           //
    kDeath = 14,             // code = cause: crs, infection, relapse, other
    kLastFollowup = 15,      //
    kBaseline = 16,          // code = attribute (age, sex, weight_kg, ...), value or text
    kSignature = 17,         // an electronic signature over a transaction (21 CFR 11.50)
};

// The lowest and highest kind numbers currently defined.
inline constexpr uint8_t kFirstEventKind = 1;
inline constexpr uint8_t kLastEventKind = 17;

// How an event relates to an earlier one (stored on disk: never renumber).
enum class Correction : uint8_t {
    kNone = 0,     // an original observation
    kAmend = 1,    // replaces the event `target_seq` with this event's fields
    kRetract = 2,  // withdraws the event `target_seq`; this event's own fields are informational
};

// Day post-infusion limits the store accepts (importers apply tighter plausibility checks).
inline constexpr int32_t kMinDay = -100000;
inline constexpr int32_t kMaxDay = 100000;

// One event. The first block is what a caller supplies; the second is assigned by the store on
// append and ignored (overwritten) if the caller sets it.
struct Event {
    // User-provided, so that a value-initialised Event (`emplace_back()`, `Event{}`) is not first
    // zero-filled in full and then initialised member by member: decoders construct millions.
    Event() noexcept {}

    std::string patient_id;          // external patient id, non-empty
    int32_t day = 0;                 // day post-infusion, day 0 = CAR-T infusion
    std::optional<uint16_t> minute;  // clock time as minute of day 0..1439, if known
    EventKind kind = EventKind::kTemp;
    std::string code;             // device, drug, analyte, attribute, cause ... (may be empty)
    std::optional<double> value;  // numeric value in the canonical unit (finite)
    std::string text;             // text value (e.g. sex = "M", response code details)
    std::string unit;             // canonical unit of `value` ("C", "mmHg", "L/min", "mg", ...)
    std::string original;         // value and unit as they appeared in the source, if normalised
    std::string note;             // free text

    // Corrections: set by the caller for amend/retract; `reason` is mandatory for them.
    Correction correction = Correction::kNone;
    uint64_t target_seq = 0;
    std::string reason;

    // Assigned by the store on append.
    uint64_t seq = 0;            // global sequence number, gapless from 1
    uint64_t tx = 0;             // transaction number, gapless from 1
    int64_t recorded_at_us = 0;  // UTC microseconds since the Unix epoch
    std::string recorded_by;     // who recorded it (OS user unless given)
    std::string source;          // "sha256:<hex>" of the source file, or "shell", "replay", ...
    uint32_t source_line = 0;    // 1-based line in the source file; 0 when not from a file
};

// The lower-case name of a kind as used in files and the query language ("vasopressor_start").
std::string_view kind_name(EventKind kind);

// Parses a kind name (case-insensitive); nullopt if it is not a known kind.
std::optional<EventKind> parse_kind(std::string_view name);

// True if `raw` is the number of a defined kind (used when decoding stored bytes).
bool is_valid_kind(uint8_t raw);

// Name of a correction type: "", "amend" or "retract".
std::string_view correction_name(Correction correction);

// Formats a minute of day as "HH:MM".
std::string format_minute(uint16_t minute);

}  // namespace dayzero::store
