#pragma once
// Reading the JSON mapping files (SDTM and wide-sheet mappings) with located errors.

#include <string>

#include <nlohmann/json.hpp>

#include "store/status.h"

namespace dayzero::importers {

// Reads `path` as one JSON object; errors name the file ("cannot open", "not a valid JSON
// object") and never throw.
store::Result<nlohmann::json> read_json_object(const std::string& path);

}  // namespace dayzero::importers
