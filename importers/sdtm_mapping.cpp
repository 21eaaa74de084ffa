#include "importers/sdtm_mapping.h"

#include <nlohmann/json.hpp>

#include <algorithm>

#include "importers/json_file.h"
#include "importers/term_match.h"
#include "importers/text_util.h"

namespace dayzero::importers {
namespace {

using nlohmann::json;

constexpr const char* kDomains[] = {"DM", "VS", "LB", "EX", "CM", "PR", "AE", "RS", "DS"};

bool is_placeholder(const json& value) {
    return value.is_string() && value.get<std::string>().rfind(kPlaceholder, 0) == 0;
}

store::Status parse_target(const std::string& where, const json& value, SdtmTarget& target) {
    if (!value.is_object() || !value.contains("kind") || !value["kind"].is_string()) {
        return store::Status::invalid_argument(where + ": expected {\"kind\": ..., \"code\": ...}");
    }
    // "first": where --write-mapping first met the term (a note for whoever fills it in).
    if (auto error = unknown_key(value, {"kind", "code", "first"}, "the entry"); !error.empty())
        return store::Status::invalid_argument(where + ": " + error);
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
        out.push_back(fold_term(item.get<std::string>()));
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
    if (auto error =
            unknown_key(doc,
                        {"about", "extends", "day0_treatments", "screen_failure_arms", "DM", "VS",
                         "LB", "EX", "CM", "PR", "AE", "RS", "DS", "AE_infection_soc",
                         "AE_infection_categories", "AE_infection_terms", "death_causes"},
                        "the mapping");
        !error.empty())
        return store::Status::invalid_argument(path + ": " + error);
    SdtmMapping mapping;
    // A study mapping may list only what it adds to (or changes in) the shipped defaults.
    if (doc.contains("extends")) {
        if (doc["extends"] != "default") {
            return store::Status::invalid_argument(path + ": \"extends\" can only be \"default\"");
        }
        auto base = read_json_object(default_path());
        if (!base) return base.status();
        for (const auto& [key, value] : doc.items()) {
            if (value.is_object() && base.value().contains(key) && base.value()[key].is_object()) {
                base.value()[key].update(value);
            } else if (key != "extends") {
                base.value()[key] = value;
            }
        }
        doc = std::move(base.value());
    }
    std::vector<std::string> unfilled;  // placeholders --write-mapping left to fill in
    for (const char* domain : kDomains) {
        if (!doc.contains(domain)) continue;
        if (!doc[domain].is_object()) {
            return store::Status::invalid_argument(path + ": \"" + domain + "\" must be an object");
        }
        for (const auto& [key, value] : doc[domain].items()) {
            SdtmTarget target;
            if (is_placeholder(value.is_object() ? value.value("kind", json()) : json())) {
                unfilled.push_back(std::string(domain) + "." + key);
                continue;
            }
            store::Status status = parse_target(path + ": " + domain + "." + key, value, target);
            if (!status.is_ok()) return status;
            mapping.domains_[domain][fold_term(key)] = target;
        }
    }
    for (auto [name, list] : {std::pair{"day0_treatments", &mapping.day0_},
                              std::pair{"screen_failure_arms", &mapping.screen_failure_arms_}}) {
        store::Status status = read_strings(doc, name, *list);
        if (!status.is_ok()) return store::Status::invalid_argument(path + ": " + status.message());
    }
    if (doc.contains("death_causes") && !doc["death_causes"].is_object())
        return store::Status::invalid_argument(path + ": \"death_causes\" must be an object");
    if (doc.contains("AE_infection_soc") && !doc["AE_infection_soc"].is_string())
        return store::Status::invalid_argument(path + ": \"AE_infection_soc\" must be a string");
    if (doc.contains("death_causes")) {
        for (const auto& [term, cause] : doc["death_causes"].items()) {
            if (!cause.is_string()) {
                return store::Status::invalid_argument(path + ": death_causes." + term +
                                                       " must be a string");
            }
            if (is_placeholder(cause)) {
                unfilled.push_back("death_causes." + term);
                continue;
            }
            mapping.death_causes_.emplace_back(term_words(term), cause.get<std::string>());
        }
        // "CYTOKINE RELEASE SYNDROME" must win over a shorter term inside the same words.
        std::stable_sort(
            mapping.death_causes_.begin(), mapping.death_causes_.end(),
            [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
    }
    if (doc.contains("AE_infection_soc")) {
        mapping.infection_soc_ = fold_term(doc["AE_infection_soc"].get<std::string>());
    }
    std::vector<std::string> terms;
    for (auto [name, list] : {std::pair{"AE_infection_categories", &mapping.infection_categories_},
                              std::pair{"AE_infection_terms", &terms}}) {
        store::Status status = read_strings(doc, name, *list);
        if (!status.is_ok()) return store::Status::invalid_argument(path + ": " + status.message());
    }
    // read_strings folds; the terms are matched as words inside the AE term.
    const json infection_terms = doc.value("AE_infection_terms", json::array());
    for (const auto& item : infection_terms) {
        if (item.is_string())
            mapping.infection_terms_.push_back(term_words(item.get<std::string>()));
    }
    if (!unfilled.empty()) {
        std::string list;
        for (const auto& key : unfilled)
            list += (list.empty() ? "" : ", ") + key;
        return store::Status::invalid_argument(
            path + ": " + std::to_string(unfilled.size()) + " entr" +
            (unfilled.size() == 1 ? "y" : "ies") + " still marked " + kPlaceholder +
            " (give each a target kind, or \"skip\"; causes of death: crs, infection, relapse "
            "or other): " +
            list);
    }
    return mapping;
}

const SdtmTarget* SdtmMapping::find(const std::string& domain, const std::string& key) const {
    auto table = domains_.find(domain);
    if (table == domains_.end()) return nullptr;
    auto it = table->second.find(fold_term(key));
    return it == table->second.end() ? nullptr : &it->second;
}

bool SdtmMapping::is_day0_treatment(const std::string& treatment) const {
    const std::string key = fold_term(treatment);
    for (const auto& name : day0_) {
        if (name == key) return true;
    }
    return false;
}

bool SdtmMapping::is_screen_failure_arm(const std::string& arm) const {
    const std::string key = fold_term(arm);
    for (const auto& name : screen_failure_arms_) {
        if (name == key) return true;
    }
    return false;
}

bool SdtmMapping::is_infection(std::string_view soc, std::string_view category,
                               std::string_view term) const {
    if (!infection_soc_.empty() && fold_term(soc) == infection_soc_) return true;
    if (!category.empty()) {
        const std::string folded = fold_term(category);
        for (const auto& name : infection_categories_) {
            if (name == folded) return true;
        }
    }
    const std::string words = term_words(term);
    for (const auto& name : infection_terms_) {
        if (contains_words(words, name)) return true;
    }
    return false;
}

std::optional<SdtmMapping::DeathCause> SdtmMapping::death_cause(std::string_view text) const {
    const std::string words = term_words(text);
    auto found = std::find_if(death_causes_.begin(), death_causes_.end(), [&](const auto& entry) {
        return contains_words(words, entry.first);
    });
    if (found == death_causes_.end()) return std::nullopt;
    DeathCause out{found->second, {}};
    // The words outside the term (term_words pads with spaces, so " X " finds whole words).
    const size_t at = words.find(found->first);
    const std::string outside =
        words.substr(0, at + 1) + words.substr(at + found->first.size() - 1);
    auto shown = [](const std::string& term_words) {
        return term_words.substr(1, term_words.size() - 2);
    };
    for (const char* negation : {" NOT ", " NO ", " NON ", " WITHOUT ", " UNRELATED ", " EXCLUDED ",
                                 " RULED OUT ", " UNLIKELY "}) {
        if (outside.find(negation) != std::string::npos) {
            out.doubt = "'" + shown(negation) + "' may negate '" + shown(found->first) + "'";
            return out;
        }
    }
    for (const auto& [term, cause] : death_causes_) {
        if (cause != out.cause && contains_words(outside, term)) {
            out.doubt = "it names '" + shown(found->first) + "' (" + out.cause + ") and '" +
                        shown(term) + "' (" + cause + ")";
            return out;
        }
    }
    return out;
}

}  // namespace dayzero::importers
