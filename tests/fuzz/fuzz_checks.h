#pragma once
// Invariants every fuzzed importer must keep, shared by the decoder targets: an accepted event
// is one the store would take, and a rejected row always says where and why.

#include <cmath>

#include "importers/row_decoder.h"
#include "store/event.h"

namespace dayzero::fuzz {

// Traps (a libFuzzer crash) when an accepted event breaks the store's basic rules.
inline void check_event(const store::Event& event) {
    if (event.patient_id.empty()) __builtin_trap();
    if (event.day < store::kMinDay || event.day > store::kMaxDay) __builtin_trap();
    if (event.minute && *event.minute > 1439) __builtin_trap();
    if (!store::is_valid_kind(static_cast<uint8_t>(event.kind))) __builtin_trap();
    if (event.value && !std::isfinite(*event.value)) __builtin_trap();
}

// Traps when a problem cannot be located or explained to the data manager.
inline void check_problem(const importers::ImportProblem& problem) {
    if (problem.file.empty() || problem.message.empty()) __builtin_trap();
}

// Applies both checks to everything a whole-file decode produced.
inline void check_decoded(const importers::DecodedFile& decoded) {
    for (const auto& event : decoded.events)
        check_event(event);
    for (const auto& problem : decoded.errors)
        check_problem(problem);
    for (const auto& problem : decoded.warnings)
        check_problem(problem);
    if (decoded.rows_rejected > decoded.rows_read) __builtin_trap();
}

}  // namespace dayzero::fuzz
