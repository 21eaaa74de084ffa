#include "query/vocabulary.h"

#include <algorithm>
#include <array>

#include "derive/crs_definition.h"
#include "query/patient_context.h"
#include "query/query_error.h"

namespace dayzero::query {

Vocabulary Vocabulary::scan(const store::EventStore& store, const store::AsOf& as_of,
                            const store::PatientWork& work,
                            const store::WorkedPatientVisitor& also) {
    Vocabulary v;
    const store::Status status = store.for_each_patient_worked(
        work,
        [&v, &also](const std::string& id, std::vector<store::Event>& events, std::any& worked) {
            if (is_system_patient(id)) return true;
            v.add_timeline(id, events);
            return also ? also(id, events, worked) : true;
        },
        as_of, store::Provenance::kOmitted);
    if (!status) {
        throw QueryError(ErrorKind::kData, "reading the store failed: " + status.message());
    }
    return v;
}

bool Vocabulary::has_patient(const std::string& id) const {
    if (sorted_ends_.empty()) return patients_.count(id) > 0;
    size_t lo = 0, hi = sorted_ends_.size();
    while (lo < hi) {
        const size_t mid = lo + (hi - lo) / 2;
        if (sorted_id(mid) < id) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return lo < sorted_ends_.size() && sorted_id(lo) == id;
}

std::vector<std::string> Vocabulary::patient_list() const {
    if (sorted_ends_.empty()) return {patients_.begin(), patients_.end()};
    std::vector<std::string> ids;
    ids.reserve(sorted_ends_.size());
    for (size_t i = 0; i < sorted_ends_.size(); ++i)
        ids.emplace_back(sorted_id(i));
    return ids;
}

const std::set<std::string>& Vocabulary::patient_ids() const {
    to_set();
    return patients_;
}

void Vocabulary::add_patient(const std::string& id) {
    to_set();
    patients_.insert(patients_.end(), id);
}

void Vocabulary::set_sorted_patients(std::string joined, std::vector<uint32_t> ends) {
    patients_.clear();
    sorted_joined_ = std::move(joined);
    sorted_ends_ = std::move(ends);
}

std::string_view Vocabulary::sorted_id(size_t i) const {
    const uint32_t begin = i == 0 ? 0 : sorted_ends_[i - 1];
    return std::string_view(sorted_joined_).substr(begin, sorted_ends_[i] - begin);
}

void Vocabulary::to_set() const {
    for (size_t i = 0; i < sorted_ends_.size(); ++i)
        patients_.emplace_hint(patients_.end(), sorted_id(i));
    sorted_joined_.clear();
    sorted_joined_.shrink_to_fit();
    sorted_ends_.clear();
    sorted_ends_.shrink_to_fit();
}

TimelineNames timeline_names(std::span<const store::Event> events) {
    // Most events repeat their kind's last code or one seen earlier in the timeline: only a new
    // pair is kept, so what is sorted is a few dozen pairs, not the timeline (beyond kScanned
    // pairs, duplicates are kept and dropped after the sort).
    constexpr size_t kScanned = 64;
    using Code = std::pair<store::EventKind, std::string_view>;
    TimelineNames names;
    auto& codes = names.codes;
    auto& attributes = names.attributes;
    codes.reserve(kScanned);
    attributes.reserve(kScanned / 2);
    std::array<const std::string*, store::kLastEventKind + 1> last_code{};
    for (const auto& e : events) {
        if (e.code.empty()) continue;
        const auto kind = static_cast<size_t>(e.kind);
        if (e.kind == store::EventKind::kBaseline) {
            const ValueType type = e.value ? ValueType::kNumber : ValueType::kText;
            auto known = std::find_if(attributes.begin(), attributes.end(),
                                      [&](const auto& a) { return a.first == e.code; });
            if (known == attributes.end()) {
                attributes.emplace_back(e.code, type);
                codes.emplace_back(e.kind, e.code);
            } else if (type == ValueType::kNumber) {
                known->second = ValueType::kNumber;
            }
            continue;
        }
        if (kind < last_code.size()) {
            if (last_code[kind] != nullptr && *last_code[kind] == e.code) continue;
            last_code[kind] = &e.code;
        }
        const Code code(e.kind, e.code);
        if (codes.size() <= kScanned && std::find(codes.begin(), codes.end(), code) != codes.end())
            continue;
        codes.push_back(code);
    }
    std::sort(codes.begin(), codes.end());
    codes.erase(std::unique(codes.begin(), codes.end()), codes.end());
    std::sort(attributes.begin(), attributes.end());
    return names;
}

void Vocabulary::add_timeline(const std::string& id, std::span<const store::Event> events) {
    add_patient(id);
    const TimelineNames names = timeline_names(events);
    for (const auto& [kind, code] : names.codes)
        codes_[kind].emplace(code);
    for (const auto& [name, type] : names.attributes)
        add_attribute(std::string(name), type);
}

void Vocabulary::add_attribute(const std::string& name, ValueType type) {
    auto [it, inserted] = attributes_.emplace(name, type);
    if (type == ValueType::kNumber) it->second = ValueType::kNumber;
}

void Vocabulary::merge_names(const Vocabulary& other) {
    for (const auto& [kind, codes] : other.codes_)
        codes_[kind].insert(codes.begin(), codes.end());
    for (const auto& [name, type] : other.attributes_)
        add_attribute(name, type);
}

std::string Vocabulary::find_code(std::string_view code, const store::EventKind* kind) const {
    for (const auto& [k, codes] : codes_) {
        if (kind != nullptr && k != *kind) continue;
        for (const auto& c : codes) {
            if (derive::iequals(c, code)) return c;
        }
    }
    return {};
}

std::vector<std::string> Vocabulary::codes(const store::EventKind* kind) const {
    std::set<std::string> all;
    for (const auto& [k, codes] : codes_) {
        if (kind == nullptr || k == *kind) all.insert(codes.begin(), codes.end());
    }
    return {all.begin(), all.end()};
}

}  // namespace dayzero::query
