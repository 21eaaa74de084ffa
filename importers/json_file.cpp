#include "importers/json_file.h"

#include <fstream>
#include <sstream>

namespace dayzero::importers {

store::Result<nlohmann::json> read_json_object(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return store::Status::io_error(path + ": cannot open the mapping file");
    std::ostringstream text;
    text << in.rdbuf();
    nlohmann::json doc = nlohmann::json::parse(text.str(), nullptr, /*allow_exceptions=*/false);
    if (doc.is_discarded() || !doc.is_object()) {
        return store::Status::invalid_argument(path + ": not a valid JSON object");
    }
    return doc;
}

}  // namespace dayzero::importers
