#include "importers/baseline_values.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <functional>
#include <string_view>

#include "importers/stored_content.h"

namespace dayzero::importers {
namespace {

// True for a baseline attribute that has one value per patient.
bool checked(const store::Event& event) {
    return event.kind == store::EventKind::kBaseline && event.code != "weight_kg" &&
           event.code != "bsa_m2";
}

uint64_t mix(uint64_t h) {  // spreads the bits of a std::hash result (splitmix64's finaliser)
    h ^= h >> 30;
    h *= 0xbf58476d1ce4e5b9ULL;
    h ^= h >> 27;
    h *= 0x94d049bb133111ebULL;
    return h ^ (h >> 31);
}

uint64_t key_of(const store::Event& event) {
    const uint64_t patient = std::hash<std::string_view>{}(event.patient_id);
    const uint64_t key = mix(patient ^ mix(std::hash<std::string_view>{}(event.code)));
    return key == 0 ? 1 : key;  // 0 marks an empty slot
}

uint32_t value_of(const store::Event& event) {
    uint64_t bits = 0;
    if (event.value) std::memcpy(&bits, &*event.value, sizeof bits);
    const uint64_t h = mix(std::hash<std::string_view>{}(event.text) ^ mix(bits) ^
                           (event.value ? 0x9e3779b97f4a7c15ULL : 0) ^
                           mix(std::hash<std::string_view>{}(event.unit)));
    return static_cast<uint32_t>(h ^ (h >> 32));
}

}  // namespace

const BaselineValues::Slot* BaselineValues::find(uint64_t key) const {
    if (slots_.empty()) return nullptr;
    const size_t mask = slots_.size() - 1;
    for (size_t i = key & mask;; i = (i + 1) & mask) {
        if (slots_[i].key == key) return &slots_[i];
        if (slots_[i].key == 0) return nullptr;
    }
}

uint64_t BaselineValues::conflict(const store::Event& event) const {
    if (!checked(event)) return 0;
    const Slot* slot = find(key_of(event));
    if (slot == nullptr || slot->value == value_of(event)) return 0;
    return slot->line;
}

void BaselineValues::record(const store::Event& event, uint64_t line) {
    if (!checked(event)) return;
    const uint64_t key = key_of(event);
    if (find(key) != nullptr) return;                 // the first value stays the one compared with
    if ((used_ + 1) * 8 > slots_.size() * 7) grow();  // linear probing stays short up to 7/8
    const size_t mask = slots_.size() - 1;
    size_t i = key & mask;
    while (slots_[i].key != 0)
        i = (i + 1) & mask;
    slots_[i] = {key, value_of(event), static_cast<uint32_t>(std::min<uint64_t>(line, UINT32_MAX))};
    ++used_;
}

void BaselineValues::grow() {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(old.empty() ? 1024 : old.size() * 2, Slot{});
    const size_t mask = slots_.size() - 1;
    for (const Slot& slot : old) {
        if (slot.key == 0) continue;
        size_t i = slot.key & mask;
        while (slots_[i].key != 0)
            i = (i + 1) & mask;
        slots_[i] = slot;
    }
}

std::string BaselineValues::message(const store::Event& event, uint64_t earlier) {
    return fmt::format(
        "line {} gave patient {} another {} than {}: a patient has one baseline {} (only "
        "weight_kg and bsa_m2 may change from day to day)",
        earlier, event.patient_id, event.code, describe_value(event), event.code);
}

}  // namespace dayzero::importers
