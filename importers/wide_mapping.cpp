#include "importers/wide_mapping.h"

#include <nlohmann/json.hpp>

#include "importers/json_file.h"
#include "importers/text_util.h"

namespace dayzero::importers {
namespace {

using nlohmann::json;

// Reads an optional string member; false (with `error`) if present but not a string.
bool read_string(const json& object, const char* name, std::string& into, std::string& error) {
    if (!object.contains(name)) return true;
    if (!object[name].is_string()) {
        error = std::string("\"") + name + "\" must be a string";
        return false;
    }
    into = object[name].get<std::string>();
    return true;
}

bool parse_column(const json& entry, WideColumn& column, std::string& error) {
    if (!entry.is_object()) {
        error = "each entry of \"columns\" must be an object";
        return false;
    }
    error = unknown_key(
        entry,
        {"column", "kind", "code", "code_from_cell", "codes", "value_column", "unit", "unit_column",
         "separator", "day_column"},
        "an entry of \"columns\"" + (entry.contains("column") && entry["column"].is_string()
                                         ? " ('" + entry["column"].get<std::string>() + "')"
                                         : std::string()));
    if (!error.empty()) return false;
    std::string kind;
    if (!read_string(entry, "column", column.column, error) ||
        !read_string(entry, "kind", kind, error) ||
        !read_string(entry, "code", column.code, error) ||
        !read_string(entry, "value_column", column.value_column, error) ||
        !read_string(entry, "unit", column.unit, error) ||
        !read_string(entry, "unit_column", column.unit_column, error) ||
        !read_string(entry, "separator", column.separator, error) ||
        !read_string(entry, "day_column", column.day_column, error)) {
        return false;
    }
    if (column.column.empty()) {
        error = "an entry has no \"column\"";
        return false;
    }
    if (kind == "vasopressors_daily") {
        column.daily_vasopressors = true;
        column.kind = store::EventKind::kVasopressorStart;
    } else if (auto parsed = store::parse_kind(kind);
               parsed && *parsed != store::EventKind::kSignature) {
        column.kind = *parsed;
        // Events that are only there or not: a yes/no cell (outcomes on a per-patient sheet).
        column.flag =
            *parsed == store::EventKind::kHypotensionFluids ||
            ((*parsed == store::EventKind::kDeath || *parsed == store::EventKind::kRelapse ||
              *parsed == store::EventKind::kLastFollowup) &&
             !entry.value("code_from_cell", false));
    } else {
        error = "column '" + column.column + "': unknown kind '" + kind + "'";
        return false;
    }
    if (entry.contains("code_from_cell"))
        column.code_from_cell = entry.value("code_from_cell", false);
    if (entry.contains("codes")) {
        if (!entry["codes"].is_object()) {
            error = "column '" + column.column + "': \"codes\" must be an object";
            return false;
        }
        for (const auto& [text, code] : entry["codes"].items()) {
            if (!code.is_string()) {
                error = "column '" + column.column + "': codes." + text + " must be a string";
                return false;
            }
            column.codes[to_upper(trim(text))] = code.get<std::string>();
        }
    }
    if (column.separator.empty()) column.separator = ";";
    return true;
}

}  // namespace

store::Result<WideMapping> WideMapping::load(const std::string& path) {
    if (path.empty()) {
        return store::Status::invalid_argument(
            "a wide sheet needs --mapping FILE (see "
            "examples/wide/site_sheet.mapping.json)");
    }
    auto read = read_json_object(path);
    if (!read) return read.status();
    json& doc = read.value();
    WideMapping mapping;
    std::string error = unknown_key(
        doc, {"about", "layout", "patient_column", "day_column", "time_column", "columns"},
        "the mapping");
    if (!error.empty()) return store::Status::invalid_argument(path + ": " + error);
    if (!read_string(doc, "patient_column", mapping.patient_column, error) ||
        !read_string(doc, "day_column", mapping.day_column, error) ||
        !read_string(doc, "time_column", mapping.time_column, error)) {
        return store::Status::invalid_argument(path + ": " + error);
    }
    std::string layout;
    if (!read_string(doc, "layout", layout, error))
        return store::Status::invalid_argument(path + ": " + error);
    if (!layout.empty() && layout != "patient" && layout != "patient_day") {
        return store::Status::invalid_argument(path +
                                               ": \"layout\" is \"patient_day\" (the default) or "
                                               "\"patient\" (one row per patient)");
    }
    mapping.per_patient = layout == "patient";
    if (mapping.per_patient) mapping.day_column.clear();  // each column names its day
    if (!doc.contains("columns") || !doc["columns"].is_array() || doc["columns"].empty()) {
        return store::Status::invalid_argument(path + ": \"columns\" must be a non-empty list");
    }
    for (const auto& entry : doc["columns"]) {
        WideColumn column;
        if (!parse_column(entry, column, error)) {
            return store::Status::invalid_argument(path + ": " + error);
        }
        if (mapping.per_patient && column.daily_vasopressors) {
            return store::Status::invalid_argument(
                path + ": column '" + column.column +
                "': vasopressors_daily needs one row per patient-day");
        }
        mapping.columns.push_back(std::move(column));
    }
    return mapping;
}

}  // namespace dayzero::importers
