#include "store/event.h"

#include <array>
#include <cctype>
#include <cstdio>

#include "text/ascii.h"

namespace dayzero::store {
namespace {

struct KindName {
    EventKind kind;
    std::string_view name;
};

constexpr std::array<KindName, kLastEventKind> kKindNames{{
    {EventKind::kTemp, "temp"},
    {EventKind::kSbp, "sbp"},
    {EventKind::kOxygen, "oxygen"},
    {EventKind::kVasopressorStart, "vasopressor_start"},
    {EventKind::kVasopressorStop, "vasopressor_stop"},
    {EventKind::kHypotensionFluids, "hypotension_fluids"},
    {EventKind::kLab, "lab"},
    {EventKind::kDose, "dose"},
    {EventKind::kInfusion, "infusion"},
    {EventKind::kIcans, "icans"},
    {EventKind::kInfection, "infection"},
    {EventKind::kResponse, "response"},
    {EventKind::kRelapse, "relapse"},
    {EventKind::kDeath, "death"},
    {EventKind::kLastFollowup, "last_followup"},
    {EventKind::kBaseline, "baseline"},
    {EventKind::kSignature, "signature"},
}};

}  // namespace

std::string_view kind_name(EventKind kind) {
    for (const auto& entry : kKindNames) {
        if (entry.kind == kind) return entry.name;
    }
    return "unknown";
}

std::optional<EventKind> parse_kind(std::string_view name) {
    for (const auto& entry : kKindNames) {
        if (text::iequals(entry.name, name)) return entry.kind;
    }
    return std::nullopt;
}

bool is_valid_kind(uint8_t raw) {
    return raw >= kFirstEventKind && raw <= kLastEventKind;
}

std::string_view correction_name(Correction correction) {
    switch (correction) {
        case Correction::kNone:
            return "";
        case Correction::kAmend:
            return "amend";
        case Correction::kRetract:
            return "retract";
    }
    return "";
}

std::string format_minute(uint16_t minute) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "%02u:%02u", static_cast<unsigned>(minute / 60),
                  static_cast<unsigned>(minute % 60));
    return buf;
}

}  // namespace dayzero::store
