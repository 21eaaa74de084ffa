#pragma once
// SdtmMapping: which SDTM test codes, treatments and terms become which dayzero events. Loaded
// from a JSON data file (importers/mappings/sdtm_default.json is the shipped default).

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "store/event.h"
#include "store/status.h"

namespace dayzero::importers {

// What --write-mapping writes where a target is still to be chosen; a mapping that still holds
// one does not load (the error lists every such entry).
inline constexpr const char* kPlaceholder = "FILL IN";

// What one SDTM key maps to.
struct SdtmTarget {
    enum class Action { kEvent, kVasopressor, kSkip };
    Action action = Action::kEvent;
    store::EventKind kind = store::EventKind::kLab;  // for kEvent
    std::string code;
};

class SdtmMapping {
  public:
    // Loads a mapping file; the error names the file and what is wrong. A file with
    // "extends": "default" is the shipped default with the file's entries added or replaced.
    static store::Result<SdtmMapping> load(const std::string& path);
    // The shipped default mapping file's path.
    static std::string default_path();

    // The target for `key` in a domain ("VS", "LB", ...), if mapped; case, spaces and punctuation
    // do not count (fold_term).
    const SdtmTarget* find(const std::string& domain, const std::string& key) const;
    // True if `treatment` (EXTRT) names a CAR-T product (day 0).
    bool is_day0_treatment(const std::string& treatment) const;
    // True if an ARMCD/ACTARMCD value marks a subject who was never treated.
    bool is_screen_failure_arm(const std::string& arm) const;
    // The dayzero cause of death named inside `text` (a DSTERM or DSDECOD): the longest term of
    // death_causes whose words occur in it; nullopt when none does. `doubt` says why that term
    // may not give the cause: a negation outside it ("NON-INFECTIOUS", "NOT RELATED TO CRS", "NO
    // EVIDENCE OF LYMPHOMA"), or another term of another cause beside it ("CRS RESOLVED; DIED OF
    // CARDIAC ARREST"); the whole text as a term of its own settles it.
    struct DeathCause {
        std::string cause;
        std::string doubt;  // empty when the term gives the cause plainly
    };
    std::optional<DeathCause> death_cause(std::string_view text) const;
    // True if an adverse event is an infection: its AESOC is AE_infection_soc, its AECAT one of
    // AE_infection_categories, or one of AE_infection_terms occurs (as words) in its term.
    bool is_infection(std::string_view soc, std::string_view category, std::string_view term) const;

  private:
    std::map<std::string, std::map<std::string, SdtmTarget>> domains_;  // upper-case keys
    std::vector<std::string> day0_;
    std::vector<std::string> screen_failure_arms_;
    std::vector<std::pair<std::string, std::string>> death_causes_;  // term words, longest first
    std::string infection_soc_;                                      // folded
    std::vector<std::string> infection_categories_;                  // folded
    std::vector<std::string> infection_terms_;                       // term_words form
};

}  // namespace dayzero::importers
