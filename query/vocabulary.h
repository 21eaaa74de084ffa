#pragma once
// Vocabulary: the names a store's data makes valid (patients, codes per kind, baseline
// attributes), used by the checker to reject and correct unknown names.

#include <cstdint>
#include <map>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "query/bound_expr.h"
#include "store/event_store.h"

namespace dayzero::query {

// The names one timeline uses: each kind's codes and the baseline attributes with their type (a
// number once any value is one), each once and in byte order, kinds in number order: how a
// Vocabulary's sets and maps list them. Views into the events.
struct TimelineNames {
    std::vector<std::pair<store::EventKind, std::string_view>> codes;
    std::vector<std::pair<std::string_view, ValueType>> attributes;
};
TimelineNames timeline_names(std::span<const store::Event> events);

class Vocabulary {
  public:
    // Scans every patient visible at `as_of` once, also handing each timeline to `also` when
    // given (so one pass can fill other caches) with what `work` made of it on the store's
    // reading threads (for_each_patient_worked), its events without provenance (recorded_by and
    // source empty). Throws QueryError(kData) if the store fails.
    static Vocabulary scan(const store::EventStore& store, const store::AsOf& as_of,
                           const store::PatientWork& work = {},
                           const store::WorkedPatientVisitor& also = {});

    bool has_patient(const std::string& id) const;
    // The recorded spelling of `code` (case-insensitive) among codes of `kind` (or any kind).
    std::string find_code(std::string_view code, const store::EventKind* kind = nullptr) const;
    // Codes recorded for `kind` (or for every kind when null).
    std::vector<std::string> codes(const store::EventKind* kind = nullptr) const;
    // Baseline attribute types: kNumber when any value is numeric, else kText.
    const std::map<std::string, ValueType>& attributes() const { return attributes_; }
    std::vector<std::string> patient_list() const;
    // Number of patients.
    size_t patient_count() const { return sorted_ends_.size() + patients_.size(); }
    // Patient ids in order.
    const std::set<std::string>& patient_ids() const;
    // Codes recorded per kind.
    const std::map<store::EventKind, std::set<std::string>>& codes_by_kind() const {
        return codes_;
    }

    // Adds what one (non-system) timeline makes valid: the patient, its codes and attributes.
    void add_timeline(const std::string& id, std::span<const store::Event> events);
    // Adds a patient id (fastest in id order).
    void add_patient(const std::string& id);
    // Sets the patients to the ids packed end to end in `joined`, id i ending at `ends[i]`;
    // they must be ascending and distinct (as a stored header holds them) and are looked up in
    // place until patient_ids() or a change needs the set.
    void set_sorted_patients(std::string joined, std::vector<uint32_t> ends);
    // Adds a code recorded for `kind`.
    void add_code(store::EventKind kind, const std::string& code) { codes_[kind].insert(code); }
    // Adds a baseline attribute; kNumber wins over kText (any numeric value makes it numeric).
    void add_attribute(const std::string& name, ValueType type);
    // Adds the codes and attributes of `other` (not its patients).
    void merge_names(const Vocabulary& other);

  private:
    // The i-th of the packed sorted ids.
    std::string_view sorted_id(size_t i) const;
    // Moves the packed sorted ids into patients_.
    void to_set() const;

    // The patients are in one of the two: a one-patient statement checks its name against the
    // stored ids without building a string, let alone a set, for each of them.
    mutable std::string sorted_joined_;
    mutable std::vector<uint32_t> sorted_ends_;
    mutable std::set<std::string> patients_;
    std::map<store::EventKind, std::set<std::string>> codes_;
    std::map<std::string, ValueType> attributes_;
};

}  // namespace dayzero::query
