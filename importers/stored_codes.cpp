#include "importers/stored_codes.h"

#include <algorithm>

namespace dayzero::importers {

StoredCodes::StoredCodes(const store::EventStore& store) : store_(store) {
    if (store.last_seq() == 0) return;  // no patient: shortcut_kinds_ starts as "no kind held"
    auto patients = store.patients();
    if (!patients) {
        status_ = patients.status();
        return;
    }
    patients_.reserve(patients->size());
    for (auto& id : *patients)
        patients_.try_emplace(std::move(id));  // incomplete: read when first asked about
    incomplete_ = patients_.size();
    update_shortcut();
}

void StoredCodes::update_shortcut() {
    for (size_t w = 0; w < shortcut_kinds_.size(); ++w) {
        uint64_t bits = ~uint64_t{0};
        if (incomplete_ == 0) bits = w < kinds_.size() ? kinds_[w] : 0;
        shortcut_kinds_[w].store(bits, std::memory_order_release);
    }
}

void StoredCodes::set_bit(std::vector<uint64_t>& bits, uint32_t i) {
    if (bits.size() <= i / 64) bits.resize(i / 64 + 1, 0);
    bits[i / 64] |= uint64_t{1} << (i % 64);
}

void StoredCodes::add_bits(std::vector<uint64_t>& bits, const std::vector<uint64_t>& more) {
    if (bits.size() < more.size()) bits.resize(more.size(), 0);
    for (size_t w = 0; w < more.size(); ++w)
        bits[w] |= more[w];
}

uint32_t StoredCodes::code_index(store::EventKind kind, std::string_view code, bool add) {
    key_.clear();
    key_.push_back(static_cast<char>(kind));
    key_.append(code);
    auto found = vocabulary_.find(key_);
    if (found != vocabulary_.end()) return found->second;
    if (!add) return UINT32_MAX;
    const auto index = static_cast<uint32_t>(vocabulary_.size());
    vocabulary_.emplace(key_, index);
    return index;
}

StoredCodes::Patient* StoredCodes::find(const std::string& id) {
    // Rows of one patient mostly come together.
    if (last_valid_ && id == last_id_) return last_;
    auto found = patients_.find(id);
    last_id_ = id;
    last_ = found == patients_.end() ? nullptr : &found->second;
    last_valid_ = true;
    return last_;
}

store::Status StoredCodes::load(const std::string& id, Patient& p) {
    store::TimelineQuery raw;
    raw.apply_corrections = false;  // originals, amendments and retractions
    auto timeline = store_.timeline(id, raw);
    if (!timeline) {
        // A patient staged by a file that did not commit may not be stored at all.
        if (timeline.status().code() != store::StatusCode::kNotFound) return timeline.status();
    } else {
        for (const auto& e : *timeline) {
            set_bit(p.codes, code_index(e.kind, e.code, true));
            set_bit(kinds_, static_cast<uint8_t>(e.kind));
        }
    }
    p.complete = true;
    --incomplete_;
    update_shortcut();
    return store::Status::ok();
}

store::Result<bool> StoredCodes::may_hold(const std::string& id, store::EventKind kind,
                                          std::string_view code) {
    const auto k = static_cast<uint8_t>(kind);
    if ((shortcut_kinds_[k / 64].load(std::memory_order_acquire) >> (k % 64) & 1) == 0) {
        return false;
    }
    std::lock_guard lock(mu_);
    Patient* p = find(id);
    if (p == nullptr) return false;
    if (!p->complete) {
        if (auto s = load(id, *p); !s) return s;
    }
    const uint32_t i = code_index(kind, code, false);
    return i != UINT32_MAX && i / 64 < p->codes.size() && (p->codes[i / 64] >> (i % 64) & 1) != 0;
}

void StoredCodes::stage(const std::vector<store::Event>& events, size_t from) {
    std::lock_guard lock(mu_);
    // A chunk holds a few dozen kinds and codes over thousands of events: those met in it are
    // found in a short list before the vocabulary's hash table is asked.
    constexpr size_t kRemembered = 64;
    struct Met {
        store::EventKind kind;
        std::string_view code;
        uint32_t index;
    };
    std::vector<Met> met;
    for (size_t i = from; i < events.size(); ++i) {
        const store::Event& e = events[i];
        if (last_staged_ == nullptr || e.patient_id != last_staged_id_) {
            last_staged_ = &staged_[e.patient_id];
            last_staged_id_ = e.patient_id;
        }
        const auto found = std::find_if(met.begin(), met.end(), [&](const Met& m) {
            return m.kind == e.kind && m.code == e.code;
        });
        uint32_t index = 0;
        if (found != met.end()) {
            index = found->index;
        } else {
            index = code_index(e.kind, e.code, true);
            if (met.size() < kRemembered) met.push_back({e.kind, e.code, index});
            set_bit(staged_kinds_, static_cast<uint8_t>(e.kind));
        }
        set_bit(*last_staged_, index);
    }
}

void StoredCodes::settle(bool committed) {
    std::lock_guard lock(mu_);
    for (auto& [id, bits] : staged_) {
        auto [it, added] = patients_.try_emplace(id);
        Patient& p = it->second;
        if (!committed) {
            if (p.complete || added) ++incomplete_;
            p.complete = false;  // read again: what is stored is not known here
            continue;
        }
        // Every patient the store held is in patients_ (when they could be listed), so one
        // added now is new to the store and the file's events are all it has.
        if (added) {
            p.complete = status_.is_ok();
            if (!p.complete) ++incomplete_;
        }
        add_bits(p.codes, bits);
    }
    if (committed) add_bits(kinds_, staged_kinds_);
    staged_kinds_.clear();
    update_shortcut();
    staged_.clear();
    last_staged_ = nullptr;
    last_valid_ = false;
}

}  // namespace dayzero::importers
