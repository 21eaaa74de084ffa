#pragma once
// Reading the JSON mapping files (SDTM and wide-sheet mappings) with located errors.

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "store/status.h"

namespace dayzero::importers {

// Reads `path` as one JSON object; errors name the file ("cannot open", "not a valid JSON
// object") and never throw.
store::Result<nlohmann::json> read_json_object(const std::string& path);

// The first key of `object` that is not in `known`, as "unknown key 'units' in WHERE (known:
// ...), did you mean 'unit'?"; empty when every key is known. A misspelt key must not be read as
// a setting left out (a unit of mg/dL silently taken as the canonical mg/L).
std::string unknown_key(const nlohmann::json& object, const std::vector<std::string>& known,
                        const std::string& where);

}  // namespace dayzero::importers
