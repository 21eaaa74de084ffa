#pragma once
// SdtmMapping: which SDTM test codes, treatments and terms become which dayzero events. Loaded
// from a JSON data file (importers/mappings/sdtm_default.json is the shipped default).

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "store/event.h"
#include "store/status.h"

namespace dayzero::importers {

// What one SDTM key maps to.
struct SdtmTarget {
    enum class Action { kEvent, kVasopressor, kSkip };
    Action action = Action::kEvent;
    store::EventKind kind = store::EventKind::kLab;  // for kEvent
    std::string code;
};

class SdtmMapping {
  public:
    // Loads a mapping file; the error names the file and what is wrong.
    static store::Result<SdtmMapping> load(const std::string& path);
    // The shipped default mapping file's path.
    static std::string default_path();

    // The target for `key` (case-insensitive) in a domain ("VS", "LB", ...), if mapped.
    const SdtmTarget* find(const std::string& domain, const std::string& key) const;
    // True if `treatment` (EXTRT) names a CAR-T product (day 0).
    bool is_day0_treatment(const std::string& treatment) const;
    // True if an ARMCD/ACTARMCD value marks a subject who was never treated.
    bool is_screen_failure_arm(const std::string& arm) const;
    // The dayzero cause of death for a DSTERM, "other" when not listed.
    std::string death_cause(const std::string& term) const;
    // The AESOC that marks infections.
    const std::string& infection_soc() const { return infection_soc_; }

  private:
    std::map<std::string, std::map<std::string, SdtmTarget>> domains_;  // upper-case keys
    std::vector<std::string> day0_;
    std::vector<std::string> screen_failure_arms_;
    std::map<std::string, std::string> death_causes_;
    std::string infection_soc_;
};

}  // namespace dayzero::importers
