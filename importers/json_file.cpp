#include "importers/json_file.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "text/suggest.h"

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

std::string unknown_key(const nlohmann::json& object, const std::vector<std::string>& known,
                        const std::string& where) {
    for (const auto& [key, value] : object.items()) {
        if (std::find(known.begin(), known.end(), key) != known.end()) continue;
        std::string list;
        for (const auto& name : known)
            list += (list.empty() ? "" : ", ") + name;
        return "unknown key '" + key + "' in " + where + " (known: " + list + ")" +
               text::did_you_mean(key, known);
    }
    return {};
}

}  // namespace dayzero::importers
