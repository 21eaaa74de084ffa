#include "importers/sdtm_mapping.h"

#include <nlohmann/json.hpp>

#include "importers/json_file.h"
#include "importers/text_util.h"

namespace dayzero::importers {
namespace {

using nlohmann::json;

constexpr const char* kDomains[] = {"DM", "VS", "LB", "EX", "CM", "PR", "AE", "RS", "DS"};

store::Status parse_target(const std::string& where, const json& value, SdtmTarget& target) {
    if (!value.is_object() || !value.contains("kind") || !value["kind"].is_string()) {
        return store::Status::invalid_argument(where + ": expected {\"kind\": ..., \"code\": ...}");
    }
    const std::string kind = value["kind"].get<std::string>();
    if (value.contains("code")) {
        if (!value["code"].is_string()) {
            return store::Status::invalid_argument(where + ": \"code\" must be a string");
        }
        target.code = value["code"].get<std::string>();
    }
    if (kind == "skip") {
        target.action = SdtmTarget::Action::kSkip;
    } else if (kind == "vasopressor") {
        target.action = SdtmTarget::Action::kVasopressor;
        target.kind = store::EventKind::kVasopressorStart;
    } else if (auto parsed = store::parse_kind(kind);
               parsed && *parsed != store::EventKind::kSignature) {
        target.kind = *parsed;
    } else {
        return store::Status::invalid_argument(where + ": unknown kind '" + kind + "'");
    }
    return store::Status::ok();
}

store::Status read_strings(const json& doc, const char* name, std::vector<std::string>& out) {
    if (!doc.contains(name)) return store::Status::ok();
    if (!doc[name].is_array()) {
        return store::Status::invalid_argument(std::string("\"") + name + "\" must be a list");
    }
    for (const auto& item : doc[name]) {
        if (!item.is_string()) {
            return store::Status::invalid_argument(std::string("\"") + name +
                                                   "\" must list strings");
        }
        out.push_back(to_upper(trim(item.get<std::string>())));
    }
    return store::Status::ok();
}

}  // namespace

std::string SdtmMapping::default_path() {
    return std::string(DAYZERO_IMPORTERS_DATA_DIR) + "/sdtm_default.json";
}

store::Result<SdtmMapping> SdtmMapping::load(const std::string& path) {
    auto read = read_json_object(path);
    if (!read) return read.status();
    json& doc = read.value();
    SdtmMapping mapping;
    for (const char* domain : kDomains) {
        if (!doc.contains(domain)) continue;
        if (!doc[domain].is_object()) {
            return store::Status::invalid_argument(path + ": \"" + domain + "\" must be an object");
        }
        for (const auto& [key, value] : doc[domain].items()) {
            SdtmTarget target;
            store::Status status = parse_target(path + ": " + domain + "." + key, value, target);
            if (!status.is_ok()) return status;
            mapping.domains_[domain][to_upper(trim(key))] = target;
        }
    }
    for (auto [name, list] : {std::pair{"day0_treatments", &mapping.day0_},
                              std::pair{"screen_failure_arms", &mapping.screen_failure_arms_}}) {
        store::Status status = read_strings(doc, name, *list);
        if (!status.is_ok()) return store::Status::invalid_argument(path + ": " + status.message());
    }
    if (doc.contains("death_causes") && doc["death_causes"].is_object()) {
        for (const auto& [term, cause] : doc["death_causes"].items()) {
            if (!cause.is_string()) {
                return store::Status::invalid_argument(path + ": death_causes." + term +
                                                       " must be a string");
            }
            mapping.death_causes_[to_upper(trim(term))] = cause.get<std::string>();
        }
    }
    if (doc.contains("AE_infection_soc") && doc["AE_infection_soc"].is_string()) {
        mapping.infection_soc_ = to_upper(doc["AE_infection_soc"].get<std::string>());
    }
    return mapping;
}

const SdtmTarget* SdtmMapping::find(const std::string& domain, const std::string& key) const {
    auto table = domains_.find(domain);
    if (table == domains_.end()) return nullptr;
    auto it = table->second.find(to_upper(trim(key)));
    return it == table->second.end() ? nullptr : &it->second;
}

bool SdtmMapping::is_day0_treatment(const std::string& treatment) const {
    const std::string key = to_upper(trim(treatment));
    for (const auto& name : day0_) {
        if (name == key) return true;
    }
    return false;
}

bool SdtmMapping::is_screen_failure_arm(const std::string& arm) const {
    const std::string key = to_upper(trim(arm));
    for (const auto& name : screen_failure_arms_) {
        if (name == key) return true;
    }
    return false;
}

std::string SdtmMapping::death_cause(const std::string& term) const {
    auto it = death_causes_.find(to_upper(trim(term)));
    return it == death_causes_.end() ? "other" : it->second;
}

}  // namespace dayzero::importers
