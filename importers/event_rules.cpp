#include "importers/event_rules.h"

#include <array>
#include <charconv>
#include <cmath>

#include "importers/text_util.h"
#include "importers/unit_table.h"

namespace dayzero::importers {
namespace {

// The stored spelling of a sex as sites write it (case-insensitive), nullopt when it is none.
std::optional<std::string_view> canonical_sex(std::string_view written) {
    const std::string upper = to_upper(written);
    if (upper == "M" || upper == "MALE") return "M";
    if (upper == "F" || upper == "FEMALE") return "F";
    if (upper == "U" || upper == "UNKNOWN" || upper == "UNDIFFERENTIATED") return "U";
    return std::nullopt;
}

using store::EventKind;

constexpr std::array<std::string_view, 10> kDevices{
    "room_air",       "blow_by", "low_flow_nc", "high_flow_nc", "facemask",
    "non_rebreather", "venturi", "cpap",        "bipap",        "mechanical_ventilation"};
constexpr std::array<std::string_view, 5> kVasopressors{"norepinephrine", "epinephrine",
                                                        "phenylephrine", "dopamine", "vasopressin"};
constexpr std::array<std::string_view, 4> kResponses{"CR_MRD_NEG", "CR_MRD_POS", "PR", "NR"};
constexpr std::array<std::string_view, 4> kDeathCauses{"crs", "infection", "relapse", "other"};

template <size_t N>
bool contains(const std::array<std::string_view, N>& set, std::string_view item) {
    for (auto entry : set) {
        if (entry == item) return true;
    }
    return false;
}

template <size_t N>
std::string join(const std::array<std::string_view, N>& set) {
    std::string out;
    for (auto entry : set) {
        if (!out.empty()) out += ", ";
        out += entry;
    }
    return out;
}

// A refusal of `part`, into the caller's outcome.
void fail(RuleOutcome& outcome, ObservationPart part, std::string message) {
    outcome.ok = false;
    outcome.part = part;
    outcome.message = std::move(message);
}

RuleOutcome fail(ObservationPart part, std::string message) {
    RuleOutcome outcome;
    fail(outcome, part, std::move(message));
    return outcome;
}

KindRule rule_for(EventKind kind, std::string_view code) {
    constexpr double kInf = HUGE_VAL;
    switch (kind) {
        case EventKind::kTemp:
            return {ValueNeed::kRequired, 30.0, 45.0, false};
        case EventKind::kSbp:
            return {ValueNeed::kRequired, 20.0, 300.0, false};
        case EventKind::kOxygen:
            return {ValueNeed::kOptional, 0.0, 80.0, false};
        case EventKind::kVasopressorStart:
            return {ValueNeed::kOptional, 0.0, kInf, false};
        case EventKind::kLab:
            return {ValueNeed::kRequired, 0.0, kInf, false};
        case EventKind::kDose:
            return {ValueNeed::kRequired, 0.0, kInf, false};
        case EventKind::kInfusion:
            return {ValueNeed::kOptional, 0.0, kInf, false};
        case EventKind::kIcans:
            return {ValueNeed::kRequired, 1.0, 4.0, true};
        case EventKind::kInfection:
            return {ValueNeed::kRequired, 1.0, 5.0, true};
        case EventKind::kBaseline:
            if (code == "weight_kg") return {ValueNeed::kRequired, 1.0, 400.0, false};
            if (code == "age") return {ValueNeed::kRequired, 0.0, 120.0, false};
            if (code == "bsa_m2") return {ValueNeed::kRequired, 0.1, 4.0, false};
            if (code.size() > 4 && code.substr(code.size() - 4) == "_pct") {
                return {ValueNeed::kRequired, 0.0, 100.0, false};
            }
            return {ValueNeed::kNumberOrText, -kInf, kInf, false};
        default:
            return {ValueNeed::kNone, 0.0, 0.0, false};
    }
}

// Normalises and validates the code; returns an error message or "".
std::string check_code(EventKind kind, std::string_view raw, std::string& code) {
    raw = trim(raw);
    switch (kind) {
        case EventKind::kOxygen:
            code = to_lower(raw);
            if (!contains(kDevices, code))
                return "unknown oxygen device (expected one of " + join(kDevices) + ")";
            return "";
        case EventKind::kVasopressorStart:
        case EventKind::kVasopressorStop:
            code = to_lower(raw);
            if (!contains(kVasopressors, code))
                return "unknown vasopressor (expected one of " + join(kVasopressors) + ")";
            return "";
        case EventKind::kResponse:
            code = to_upper(raw);
            if (!contains(kResponses, code))
                return "unknown response (expected one of " + join(kResponses) + ")";
            return "";
        case EventKind::kDeath:
            code = to_lower(raw);
            if (!code.empty() && !contains(kDeathCauses, code)) {
                return "unknown cause of death (expected one of " + join(kDeathCauses) +
                       " or empty)";
            }
            return "";
        case EventKind::kLab: {
            if (raw.empty()) return "a lab result needs an analyte code (IL6, CRP, ...)";
            // Analytes are vocabulary: IL-6, IL 6 and Interleukin 6 are IL6 (units.json).
            auto analyte = lab_analyte(raw);
            if (!analyte) {
                code = to_upper(raw);
                return "unknown lab analyte (add it with its units, or this spelling as an "
                       "alias, to importers/mappings/units.json)";
            }
            code = std::move(*analyte);
            return "";
        }
        case EventKind::kDose:
        case EventKind::kInfusion:
        case EventKind::kInfection:
        case EventKind::kBaseline:
            code = to_lower(raw);
            return code.empty() ? std::string("kind '") + std::string(store::kind_name(kind)) +
                                      "' needs a code"
                                : "";
        case EventKind::kSignature:
            return "signatures cannot be imported";
        default:
            code.clear();
            if (!raw.empty()) {
                return std::string("kind '") + std::string(store::kind_name(kind)) +
                       "' takes no code";
            }
            return "";
    }
}

std::string range_text(const KindRule& rule) {
    if (rule.max == HUGE_VAL) return "must not be negative";
    return "outside the plausible range " + format_number(rule.min) + ".." +
           format_number(rule.max);
}

}  // namespace

std::string unit_key(std::string_view unit) {
    std::string key;
    unit = trim(unit);
    for (size_t i = 0; i < unit.size(); ++i) {
        unsigned char c = static_cast<unsigned char>(unit[i]);
        if (c == ' ') continue;
        // µ (U+00B5) and μ (U+03BC) both mean micro.
        if ((c == 0xC2 && i + 1 < unit.size() && static_cast<unsigned char>(unit[i + 1]) == 0xB5) ||
            (c == 0xCE && i + 1 < unit.size() && static_cast<unsigned char>(unit[i + 1]) == 0xBC)) {
            key += 'u';
            ++i;
            continue;
        }
        key += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : static_cast<char>(c);
    }
    if (key.rfind("mc", 0) == 0 && key.size() > 2 && key[2] == 'g') key.replace(0, 2, "u");
    if (key.rfind("x10", 0) == 0 || key.rfind("*10", 0) == 0) key.erase(0, 1);
    for (auto [from, to] : {std::pair<std::string_view, std::string_view>{"10e9", "10^9"},
                            {"10e6", "10^6"},
                            {"10e12", "10^12"},
                            {"10*9", "10^9"},
                            {"10*6", "10^6"},
                            {"10**9", "10^9"},
                            {"e6cells", "10^6cells"}}) {
        if (key.rfind(from, 0) == 0) key.replace(0, from.size(), to);
    }
    if (key == "gi/l") key = "10^9/l";
    if (key == "ti/l") key = "10^12/l";
    return key;
}

namespace {

// The shape of a lab result whose analyte the vocabulary does not know, kept as written.
void describe_unknown_analyte(std::string_view unit_text, ObservationShape& shape,
                              const std::string& problem) {
    shape.rule = rule_for(EventKind::kLab, shape.code);
    shape.default_unit = {};
    shape.conversion.reset();
    shape.passthrough = !unit_text.empty();
    shape.event_unit = std::string(unit_text);
    shape.unit_rewritten = false;
    shape.warning =
        problem + ": imported as written ('" + shape.code + "'" +
        (unit_text.empty() ? std::string(", no unit") : ", unit '" + shape.event_unit + "'") +
        "), its units unchecked";
}

bool describe_observation(EventKind kind, std::string_view code, std::string_view unit,
                          UnknownAnalytes unknown, ObservationShape& shape, std::string& problem) {
    shape.kind = kind;
    shape.warning.clear();
    if (!units_file_error().empty()) {
        problem = "the unit vocabulary cannot be used: " + units_file_error();
        return false;
    }
    problem = check_code(kind, code, shape.code);
    if (!problem.empty() && kind == EventKind::kLab && unknown == UnknownAnalytes::kKeep &&
        !shape.code.empty() && problem.rfind("unknown lab analyte", 0) == 0) {
        // Kept as written only when it can be written: bytes that are not UTF-8 in the code or
        // the unit would be stored raw, and the replay stream could not carry them back.
        if (!is_valid_utf8(shape.code) || !is_valid_utf8(unit)) {
            problem += "; its code or unit is not valid UTF-8, so it cannot be kept as written";
            return false;
        }
        describe_unknown_analyte(trim(unit), shape, problem);
        problem.clear();
        return true;
    }
    if (!problem.empty()) return false;
    shape.rule = rule_for(kind, shape.code);
    const std::string_view unit_text = trim(unit);
    shape.default_unit = default_unit(kind, shape.code);
    shape.passthrough = false;
    shape.conversion.reset();
    if (!unit_text.empty()) {
        shape.conversion =
            find_conversion(kind, shape.code, unit_key(unit_text), shape.passthrough);
    }
    shape.event_unit.clear();
    if (unit_text.empty()) {
        shape.event_unit = shape.default_unit;
    } else if (shape.conversion) {
        shape.event_unit = shape.conversion->canonical;
    } else if (shape.passthrough) {
        shape.event_unit = unit_text;
    }
    shape.unit_rewritten = !unit_text.empty() && unit_text != shape.event_unit;
    return true;
}

// Starts the event afresh with the kind and the normalised code.
void reset_observation(const ObservationShape& shape, const RawObservation& raw,
                       store::Event& event) {
    event.kind = raw.kind;
    event.value.reset();
    event.text.clear();
    event.unit.clear();
    event.original.clear();
    event.code = shape.code;
}

// The kind's rules for the value and unit, into `event`; what they find goes into `outcome`, a
// fresh one (an out-parameter: a returned RuleOutcome, three strings, was moved on every row).
void apply_rules(const ObservationShape& shape, const RawObservation& raw, store::Event& event,
                 RuleOutcome& outcome) {
    reset_observation(shape, raw, event);
    const KindRule& rule = shape.rule;
    std::string_view value_text = trim(raw.value);
    std::string_view unit_text = trim(raw.unit);
    if (rule.value == ValueNeed::kNone) {
        // A bolus volume on hypotension_fluids, a rate on a stop: not part of the event, but kept
        // as written (the event's original) and counted, never a reason to lose the row.
        if (!value_text.empty() || !unit_text.empty()) {
            event.original.assign(value_text);
            if (!unit_text.empty()) {
                if (!event.original.empty()) event.original += ' ';
                event.original.append(unit_text);
            }
            outcome.warning = std::string("kind '") + std::string(store::kind_name(raw.kind)) +
                              "' takes no value: '" + event.original +
                              "' kept in the event's original text";
            return;
        }
        return;
    }
    if (value_text.empty()) {
        if (rule.value == ValueNeed::kOptional) return;
        return fail(outcome, ObservationPart::kValue, "value is missing");
    }
    if (raw.kind == EventKind::kBaseline && event.code == "sex") {
        // One spelling per sex, or `count by sex` shows M, m, Male and MALE as four groups.
        const std::optional<std::string_view> sex = canonical_sex(value_text);
        if (!sex)
            return fail(outcome, ObservationPart::kValue,
                        "sex is M, F or U (or male, female, unknown)");
        if (!unit_text.empty())
            return fail(outcome, ObservationPart::kUnit, "a text value takes no unit");
        event.text.assign(*sex);
        if (value_text != *sex) event.original.assign(value_text);
        return;
    }
    bool censored = false;
    std::string_view number_text = value_text;
    if (raw.kind == EventKind::kLab && (number_text[0] == '<' || number_text[0] == '>')) {
        censored = true;
        number_text = trim(number_text.substr(number_text[1] == '=' ? 2 : 1));
    }
    bool as_written = false;  // whether the value is written as its shortest form (uncensored)
    std::optional<double> number =
        censored ? parse_number(number_text) : parse_number_as_written(value_text, as_written);
    if (!number) {
        if (rule.value == ValueNeed::kNumberOrText && !censored) {
            event.text = std::string(value_text);
            if (!unit_text.empty())
                return fail(outcome, ObservationPart::kUnit, "a text value takes no unit");
            return;
        }
        return fail(outcome, ObservationPart::kValue,
                    number_out_of_range(number_text) ? "a number too small or too large to hold"
                                                     : "not a number");
    }
    double value = *number;
    if (unit_text.empty()) {
        event.unit = shape.event_unit;  // the default unit
    } else {
        const std::optional<UnitConversion>& conversion = shape.conversion;
        if (!conversion && !shape.passthrough) {
            return fail(outcome, ObservationPart::kUnit,
                        std::string("unknown unit for '") +
                            std::string(store::kind_name(raw.kind)) +
                            (event.code.empty() ? "" : " " + event.code) + "'");
        }
        event.unit = shape.event_unit;  // the unit as written, or the canonical one
        if (conversion) {
            value =
                conversion->fahrenheit ? (value - 32.0) * 5.0 / 9.0 : value * conversion->factor;
            if (!conversion->per.empty()) outcome.per_attribute = conversion->per;
        }
    }
    // 1e308 ng/mL is finite, its conversion to pg/mL is not: the store refuses such a value, so
    // it is this row's error (a lenient import rejects the row, never the file).
    if (!std::isfinite(value)) {
        return fail(outcome, ObservationPart::kValue,
                    "too large: not a finite number after conversion to " + event.unit);
    }
    if (rule.integer && value != std::floor(value)) {
        return fail(outcome, ObservationPart::kValue, "grade must be a whole number");
    }
    if (value < rule.min || value > rule.max) {
        return fail(outcome, ObservationPart::kValue,
                    range_text(rule) + " for '" + std::string(store::kind_name(raw.kind)) + "'" +
                        (event.unit.empty() ? "" : " (after conversion to " + event.unit + ")"));
    }
    event.value = value;
    if (censored) {
        event.text = std::string(value_text);
        outcome.warning = "censored result '" + std::string(value_text) +
                          "' imported at its limit " + format_number(value);
    }
    if (censored || shape.unit_rewritten || !as_written) {
        event.original.assign(value_text);
        if (!unit_text.empty()) event.original.append(" ").append(unit_text);
    }
}

// apply_rules, with the spelling's own warning (an unknown analyte kept) added to the outcome.
RuleOutcome apply_observation(const ObservationShape& shape, const RawObservation& raw,
                              store::Event& event) {
    RuleOutcome outcome;  // one named result, built in place (it holds three strings)
    apply_rules(shape, raw, event, outcome);
    if (outcome.ok && !shape.warning.empty()) {
        outcome.warning_part = ObservationPart::kCode;
        outcome.warning =
            outcome.warning.empty() ? shape.warning : shape.warning + "; " + outcome.warning;
    }
    return outcome;
}

}  // namespace

RuleOutcome normalise_observation(const RawObservation& raw, store::Event& event,
                                  UnknownAnalytes unknown) {
    ObservationShape shape;
    std::string problem;
    if (!describe_observation(raw.kind, raw.code, raw.unit, unknown, shape, problem)) {
        reset_observation(shape, raw, event);
        return fail(ObservationPart::kCode, std::move(problem));
    }
    return apply_observation(shape, raw, event);
}

const std::string& ObservationNormaliser::key_of(const RawObservation& raw) {
    key_.clear();
    const auto code_size = static_cast<uint32_t>(raw.code.size());  // makes the key unambiguous
    key_ += static_cast<char>(raw.kind);
    key_.append(reinterpret_cast<const char*>(&code_size), sizeof code_size);
    key_ += raw.code;
    key_ += raw.unit;
    return key_;
}

const ObservationShape* ObservationNormaliser::find(const RawObservation& raw) {
    const auto kind = static_cast<size_t>(raw.kind);
    if (kind >= few_.size()) return nullptr;
    static_assert(kFewPerKind <= 255, "next_ holds an index into few_[kind]");
    // Files repeat their spellings in the same order (a day's labs, say), so the search starts
    // after the last one found; the spellings of a kind are distinct, any order finds the same.
    const std::vector<Spelling>& spellings = few_[kind];
    const size_t count = spellings.size();
    size_t at = next_[kind] < count ? next_[kind] : 0;
    for (size_t tried = 0; tried < count; ++tried) {
        const Spelling& spelling = spellings[at];
        if (spelling.code == raw.code && spelling.unit == raw.unit) {
            next_[kind] = static_cast<uint8_t>(at + 1);
            return &spelling.shape;
        }
        if (++at == count) at = 0;
    }
    if (few_[kind].size() < kFewPerKind || many_.empty()) return nullptr;
    auto found = many_.find(key_of(raw));
    return found == many_.end() ? nullptr : &found->second;
}

RuleOutcome ObservationNormaliser::normalise(const RawObservation& raw, store::Event& event) {
    if (const ObservationShape* shape = find(raw)) return apply_observation(*shape, raw, event);
    ObservationShape shape;
    std::string problem;
    if (!describe_observation(raw.kind, raw.code, raw.unit, unknown_, shape, problem)) {
        return normalise_observation(raw, event, unknown_);  // the exact message, uncached (rare)
    }
    const auto kind = static_cast<size_t>(raw.kind);
    if (remembered_ >= kMaxShapes || kind >= few_.size()) {
        return apply_observation(shape, raw, event);
    }
    ++remembered_;
    if (few_[kind].size() < kFewPerKind) {
        few_[kind].push_back({std::string(raw.code), std::string(raw.unit), std::move(shape)});
        return apply_observation(few_[kind].back().shape, raw, event);
    }
    auto stored = many_.emplace(key_of(raw), std::move(shape)).first;
    return apply_observation(stored->second, raw, event);
}

std::optional<store::EventKind> parse_kind_name(std::string_view name) {
    // Kinds by the length of their name: a row's kind is compared with one to three names.
    struct Named {
        std::string_view name;
        EventKind kind;
    };
    constexpr size_t kLongest = 32;
    static const auto kByLength = [] {
        std::array<std::vector<Named>, kLongest> by_length{};
        for (uint8_t raw = store::kFirstEventKind; raw <= store::kLastEventKind; ++raw) {
            const auto kind = static_cast<EventKind>(raw);
            const std::string_view kind_text = store::kind_name(kind);
            if (kind_text.size() < kLongest)
                by_length[kind_text.size()].push_back({kind_text, kind});
        }
        return by_length;
    }();
    if (name.size() < kLongest) {
        for (const Named& entry : kByLength[name.size()]) {
            size_t same = 0;  // compared here: a call to memcmp costs more for a few letters
            while (same < name.size() && entry.name[same] == name[same])
                ++same;
            if (same == name.size()) return entry.kind;
        }
    }
    return store::parse_kind(name);  // other letter cases (and any name not in the table)
}

bool apply_body_size(store::Event& event, double attribute_value, std::string& message) {
    if (!event.value) return true;
    const double value = *event.value * attribute_value;
    if (!(value >= 0.0) || !std::isfinite(value)) {
        message = "dose must not be negative";
        return false;
    }
    event.value = value;
    return true;
}

bool check_day(int64_t day, bool allow_any_day, std::string& message) {
    const int64_t low = allow_any_day ? store::kMinDay : kUsualFirstDay;
    const int64_t high = allow_any_day ? store::kMaxDay : kUsualLastDay;
    if (day < low || day > high) {
        message = "day outside " + std::to_string(low) + ".." + std::to_string(high) +
                  (allow_any_day ? "" : " (use --allow-any-day for other days)");
        return false;
    }
    return true;
}

}  // namespace dayzero::importers
