#include "query/catalog.h"

#include "query/query_error.h"
#include "text/suggest.h"

namespace dayzero::query {

namespace {

[[noreturn]] void unknown(const std::string& message, const ast::SourcePos& pos, size_t width) {
    throw QueryError(ErrorKind::kUnknownName, message, pos, static_cast<int>(width));
}

}  // namespace

std::vector<std::string> episode_field_names() {
    return {"number",        "onset_day",     "end_day",    "duration",
            "max_grade",     "positive_days", "toci_doses", "steroid_doses",
            "hours_to_toci", "days_to_toci",  "masked"};
}

std::string_view episode_field_unit(std::string_view field) {
    if (field == "hours_to_toci") return "hours";
    if (field == "max_grade") return "grade";
    if (field == "onset_day" || field == "end_day" || field == "duration" ||
        field == "positive_days" || field == "days_to_toci")
        return "days";
    return "";
}

std::vector<std::string> Catalog::names_in_scope(bool episode_scope) const {
    std::vector<std::string> names;
    if (episode_scope) names = episode_field_names();
    for (const auto& m : all_measures())
        names.emplace_back(m.name);
    for (const auto& [key, cohort] : state_.cohorts)
        names.push_back(cohort.name);
    if (saved_ != nullptr) {
        for (const auto& [key, cohort] : *saved_)
            names.push_back(cohort.name);
    }
    for (const auto& [attr, type] : vocabulary_.attributes())
        names.push_back(attr);
    return names;
}

const CohortDef* Catalog::cohort(const std::string& name) const {
    if (const CohortDef* own = state_.find_cohort(name)) return own;
    if (saved_ == nullptr) return nullptr;
    const auto it = saved_->find(to_lower(name));
    return it == saved_->end() ? nullptr : &it->second;
}

store::EventKind Catalog::kind(const ast::NameRef& ref) {
    if (auto kind = store::parse_kind(ref.name)) return *kind;
    std::vector<std::string> kinds;
    for (uint8_t k = store::kFirstEventKind; k <= store::kLastEventKind; ++k) {
        kinds.emplace_back(store::kind_name(static_cast<store::EventKind>(k)));
    }
    unknown("no event kind '" + ref.name + "'" + text::did_you_mean(ref.name, kinds), ref.pos,
            ref.name.size());
}

std::string Catalog::code(const ast::NameRef& ref, const store::EventKind* kind) const {
    std::string code = vocabulary_.find_code(ref.name, kind);
    if (!code.empty()) return code;
    std::string what = kind != nullptr ? std::string(store::kind_name(*kind)) + " code" : "code";
    unknown("no " + what + " '" + ref.name + "' in the store" +
                text::did_you_mean(ref.name, vocabulary_.codes(kind)),
            ref.pos, ref.name.size());
}

std::string Catalog::patient(const ast::NameRef& ref) const {
    if (vocabulary_.has_patient(ref.name)) return ref.name;
    unknown("no patient '" + ref.name + "' in the store" +
                text::did_you_mean(ref.name, vocabulary_.patient_list()),
            ref.pos, ref.name.size());
}

}  // namespace dayzero::query
