#include "importers/unit_table.h"

#include <nlohmann/json.hpp>

#include <deque>
#include <map>
#include <unordered_map>
#include <vector>

#include "importers/event_rules.h"
#include "importers/json_file.h"
#include "importers/term_match.h"

namespace dayzero::importers {
namespace {

using nlohmann::json;
using store::EventKind;

struct UnitRow {
    std::string key;  // unit_key() spelling
    UnitConversion conversion;
};

struct UnitList {
    std::vector<UnitRow> rows;
    std::string_view default_unit;  // the first entry's canonical unit
};

// units.json, read once: every string a UnitConversion views lives in `strings`.
struct UnitData {
    std::deque<std::string> strings;
    std::map<EventKind, UnitList> kinds;
    std::map<std::string, UnitList, std::less<>> baseline;  // attribute ("*_pct" for any such)
    std::map<std::string, UnitList, std::less<>> analytes;  // canonical code
    std::unordered_map<std::string, std::string> aliases;   // fold_term(spelling) -> code
    std::string error;                                      // the file could not be used

    std::string_view keep(std::string text) { return strings.emplace_back(std::move(text)); }
};

std::string path_of_units() {
    return std::string(DAYZERO_IMPORTERS_DATA_DIR) + "/units.json";
}

// One list of {"spellings": [...], "canonical": ..., "factor"?, "fahrenheit"?, "per"?}.
bool read_list(UnitData& data, const json& entries, const std::string& where, UnitList& list) {
    if (!entries.is_array()) {
        data.error = where + " must be a list";
        return false;
    }
    for (const auto& entry : entries) {
        if (!entry.is_object() || !entry.contains("spellings") || !entry["spellings"].is_array() ||
            !entry.contains("canonical") || !entry["canonical"].is_string()) {
            data.error = where + ": each entry needs \"spellings\" and \"canonical\"";
            return false;
        }
        UnitConversion conversion;
        conversion.canonical = data.keep(entry["canonical"].get<std::string>());
        conversion.factor = entry.value("factor", 1.0);
        conversion.fahrenheit = entry.value("fahrenheit", false);
        if (entry.contains("per")) conversion.per = data.keep(entry["per"].get<std::string>());
        if (list.rows.empty()) list.default_unit = conversion.canonical;
        for (const auto& spelling : entry["spellings"]) {
            if (!spelling.is_string()) {
                data.error = where + ": spellings must be strings";
                return false;
            }
            list.rows.push_back({unit_key(spelling.get<std::string>()), conversion});
        }
    }
    return true;
}

UnitData load_units() {
    UnitData data;
    const std::string path = path_of_units();
    auto read = read_json_object(path);
    if (!read) {
        data.error = read.status().message();
        return data;
    }
    try {
        const json& doc = read.value();
        // Held here: a range-for over value(...).items() would iterate a destroyed temporary.
        const json kinds = doc.value("kinds", json::object());
        const json baseline = doc.value("baseline", json::object());
        const json analytes = doc.value("analytes", json::object());
        for (const auto& [name, entries] : kinds.items()) {
            auto kind = store::parse_kind(name);
            if (!kind) {
                data.error = path + ": kinds." + name + " is not an event kind";
                return data;
            }
            if (!read_list(data, entries, path + ": kinds." + name, data.kinds[*kind])) return data;
        }
        for (const auto& [name, entries] : baseline.items()) {
            if (!read_list(data, entries, path + ": baseline." + name, data.baseline[name])) {
                return data;
            }
        }
        for (const auto& [code, analyte] : analytes.items()) {
            const std::string where = path + ": analytes." + code;
            const json unit_list = analyte.is_object() ? analyte.value("units", json()) : json();
            if (!analyte.is_object() ||
                !read_list(data, unit_list, where + ".units", data.analytes[code])) {
                if (data.error.empty()) data.error = where + " must be an object";
                return data;
            }
            data.aliases[fold_term(code)] = code;
            const json aliases = analyte.value("aliases", json::array());
            for (const auto& alias : aliases) {
                if (alias.is_string()) data.aliases[fold_term(alias.get<std::string>())] = code;
            }
        }
    } catch (const json::exception& e) {
        data.error = path + ": " + e.what();
    }
    return data;
}

const UnitData& units() {
    static const UnitData data = load_units();
    return data;
}

const UnitList* list_for(EventKind kind, std::string_view code) {
    const UnitData& data = units();
    if (kind == EventKind::kLab) {
        auto it = data.analytes.find(code);
        return it == data.analytes.end() ? nullptr : &it->second;
    }
    if (kind == EventKind::kBaseline) {
        auto it = data.baseline.find(code);
        if (it == data.baseline.end() && code.size() > 4 && code.substr(code.size() - 4) == "_pct")
            it = data.baseline.find("*_pct");
        return it == data.baseline.end() ? nullptr : &it->second;
    }
    auto it = data.kinds.find(kind);
    return it == data.kinds.end() ? nullptr : &it->second;
}

}  // namespace

const std::string& units_file_error() {
    return units().error;
}

std::optional<std::string> lab_analyte(std::string_view written) {
    const auto& aliases = units().aliases;
    auto it = aliases.find(fold_term(written));
    if (it == aliases.end()) return std::nullopt;
    return it->second;
}

std::optional<UnitConversion> find_conversion(EventKind kind, std::string_view code,
                                              std::string_view key, bool& passthrough) {
    passthrough = false;
    const UnitList* list = list_for(kind, code);
    // Baseline attributes without a unit list (center, arm, ...) keep their unit as written.
    if (list == nullptr) {
        passthrough = kind == EventKind::kBaseline;
        return std::nullopt;
    }
    for (const auto& row : list->rows) {
        if (row.key == key) return row.conversion;
    }
    return std::nullopt;
}

std::string_view default_unit(EventKind kind, std::string_view code) {
    // A rate without a unit does not say which dosing scheme it is: never assume one.
    if (kind == EventKind::kVasopressorStart) return {};
    const UnitList* list = list_for(kind, code);
    return list == nullptr ? std::string_view() : list->default_unit;
}

}  // namespace dayzero::importers
