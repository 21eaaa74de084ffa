#include "query/saved_definitions.h"

#include <cctype>
#include <charconv>

#include "query/definitions.h"
#include "query/parser.h"
#include "query/query_error.h"
#include "text/ascii.h"
#include "text/suggest.h"

namespace dayzero::query {

namespace {

// The shortest text that reads back as the same double.
std::string number_text(double value) {
    char buf[32];
    const auto end = std::to_chars(buf, buf + sizeof buf, value).ptr;
    return std::string(buf, end);
}

bool plain_name(const std::string& name) {
    if (name.empty() || !(std::isalpha(static_cast<unsigned char>(name[0])) || name[0] == '_')) {
        return false;
    }
    for (const char ch : name) {
        if (!std::isalnum(static_cast<unsigned char>(ch)) && ch != '_') return false;
    }
    return true;
}

// A drug name as a name of the language: bare when it reads back as itself, else in quotes.
std::string name_text(const std::string& name, bool quote_all) {
    if (!quote_all && plain_name(name)) return name;
    std::string out = "\"";
    for (const char ch : name) {
        out += ch;
        if (ch == '"') out += '"';
    }
    return out + "\"";
}

std::string settings_text(const derive::CrsDefinition& def, bool quote_all) {
    std::string drugs;
    for (const auto& drug : def.masking_drugs)
        drugs += (drugs.empty() ? "" : ", ") + name_text(drug, quote_all);
    return "fever " + number_text(def.fever_threshold_c) + " C, gap " +
           std::to_string(def.gap_days) + " days, low_flow " +
           number_text(def.low_flow_limit_l_min) + " L/min, masking (" +
           (drugs.empty() ? "none" : drugs) + "), window " + std::to_string(def.window_first_day) +
           " to " + std::to_string(def.window_last_day) + ", fall_window " +
           number_text(def.fall_window_hours) + " h";
}

// The definition `text` (settings) gives applied to the defaults; throws what parsing or a
// setting throws.
derive::CrsDefinition parse_settings(const std::string& text) {
    const std::string statement = "count patients with " + text + ";";
    const ast::Statement parsed = parse_statement(statement, {0, statement.size(), true});
    derive::CrsDefinition def;
    for (const auto& setting : parsed.with) {
        if (setting.form == ast::Setting::Form::kSaved) {
            throw QueryError(ErrorKind::kData, "a saved definition names another one");
        }
        apply_setting(def, setting);
    }
    return def;
}

}  // namespace

std::string definition_settings_text(const derive::CrsDefinition& def) {
    std::string text = settings_text(def, false);
    // A drug called like a keyword would not read back bare: then every name is quoted.
    try {
        if (settings_text(parse_settings(text), true) == settings_text(def, true)) return text;
    } catch (const QueryError&) {
    }
    return settings_text(def, true);
}

derive::CrsDefinition definition_from_record(const SavedCohort& record) {
    try {
        return parse_settings(record.text);
    } catch (const QueryError& e) {
        throw QueryError(ErrorKind::kData, "saved definition " + record.name + " (seq " +
                                               std::to_string(record.seq) +
                                               ") does not read: " + e.what());
    }
}

SavedCohort find_saved_definition(const store::EventStore& store, const ast::NameRef& name,
                                  const store::AsOf& as_of) {
    const auto saved = read_saved_cohorts(store, as_of, SavedKind::kDefinition);
    std::vector<std::string> names;
    for (const auto& record : saved) {
        if (text::to_lower(record.name) == text::to_lower(name.name)) return record;
        names.push_back(record.name);
    }
    std::string message = "no saved definition '" + name.name + "'";
    if (names.empty()) {
        message += " (none is saved at this point; save definition NAME; records the one in force)";
    } else {
        const std::string hint = text::did_you_mean(name.name, names);
        if (!hint.empty()) {
            message += hint;
        } else {
            std::string list;
            for (const auto& n : names)
                list += (list.empty() ? "" : ", ") + n;
            message += " (saved: " + list + ")";
        }
    }
    throw QueryError(ErrorKind::kUnknownName, message, name.pos,
                     static_cast<int>(name.name.size()));
}

std::vector<SavedCohort> apply_settings(derive::CrsDefinition& def,
                                        const std::vector<ast::Setting>& settings,
                                        const store::EventStore& store, const store::AsOf& as_of) {
    std::vector<SavedCohort> used;
    for (const auto& setting : settings) {
        if (setting.form != ast::Setting::Form::kSaved) {
            apply_setting(def, setting);
            continue;
        }
        SavedCohort record = find_saved_definition(store, setting.name, as_of);
        def = definition_from_record(record);
        used.push_back(std::move(record));
    }
    return used;
}

}  // namespace dayzero::query
