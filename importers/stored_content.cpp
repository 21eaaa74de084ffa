#include "importers/stored_content.h"

#include <fmt/format.h>

#include <algorithm>
#include <bitset>
#include <cstring>
#include <functional>
#include <string_view>
#include <unordered_map>

namespace dayzero::importers {

using store::Result;

namespace {

// What identifies an observation: day, time, kind and code (the patient is implicit).
void put_observation(const store::Event& e, std::string& key) {
    key.clear();
    key.append(reinterpret_cast<const char*>(&e.day), sizeof e.day);
    const int32_t minute = e.minute ? *e.minute : -1;
    key.append(reinterpret_cast<const char*>(&minute), sizeof minute);
    key.push_back(static_cast<char>(e.kind));
    key.append(e.code);
    key.push_back('\0');
}

uint64_t hash_of(const std::string& key) {
    return std::hash<std::string_view>{}(key);
}

uint64_t observation_hash(const store::Event& e, std::string& key) {
    put_observation(e, key);
    return hash_of(key);
}

// The observation plus what it says: value, unit and text.
uint64_t content_hash(const store::Event& e, std::string& key) {
    put_observation(e, key);
    if (e.value) {
        key.push_back('v');
        const double v = *e.value == 0 ? 0.0 : *e.value;  // -0 and 0 are the same reading
        key.append(reinterpret_cast<const char*>(&v), sizeof v);
    } else {
        key.push_back('-');
    }
    key.append(e.unit);
    key.push_back('\0');
    key.append(e.text);
    return hash_of(key);
}

}  // namespace

std::string describe_value(const store::Event& event) {
    std::string out;
    if (!event.text.empty()) {
        out = event.text;
    } else if (event.value) {
        out = fmt::format("{}", *event.value);
    }
    if (event.value && !event.unit.empty()) out += " " + event.unit;
    return out.empty() ? "(no value)" : out;
}

// One stored observation: its current identity, every content it ever had (the original and its
// amendments) and whether a row of this file has matched it.
struct Record {
    uint64_t observation = 0;
    uint64_t seq = 0;  // the original event's sequence number
    bool consumed = false;
    bool retracted = false;
};

struct Held {
    store::Event event;
    uint64_t observation = 0;
    std::vector<std::string> fields;
    uint32_t value_column = 0;
};

// A patient's stored observations, indexed one kind at a time: only kinds the file gives the
// patient and its stored events have (StoredCodes) are indexed, so a file that adds new kinds
// (a fresh study's next domain) reads nothing back and keeps nothing.
struct StoredContent::Patient {
    bool failed = false;                                    // a read failed: every event is new
    std::bitset<256> indexed;                               // kinds whose records are below
    std::vector<Record> records;                            // sorted by (observation, seq)
    std::vector<std::pair<uint64_t, uint64_t>> contents;    // content hash, original seq
    std::vector<std::pair<uint64_t, uint32_t>> by_content;  // content hash -> record, sorted
    std::vector<Held> held;

    // The first record of `observation` nobody matched yet (retracted ones never change).
    Record* open_record(uint64_t observation) {
        auto it = std::lower_bound(records.begin(), records.end(), observation,
                                   [](const Record& r, uint64_t o) { return r.observation < o; });
        for (; it != records.end() && it->observation == observation; ++it) {
            if (!it->consumed && !it->retracted) return &*it;
        }
        return nullptr;
    }

    // Adds the records of `kind` from the patient's raw timeline (in any order): each original
    // event of that kind, with the amendments and retractions that name it.
    void index(const std::vector<store::Event>& timeline, store::EventKind kind) {
        std::unordered_map<uint64_t, uint32_t> added;  // original seq -> record
        std::vector<const store::Event*> corrections;
        std::string key;
        for (const auto& e : timeline) {
            if (e.correction != store::Correction::kNone) {
                corrections.push_back(&e);
                continue;
            }
            if (e.kind != kind) continue;
            added[e.seq] = static_cast<uint32_t>(records.size());
            records.push_back({observation_hash(e, key), e.seq});
            contents.emplace_back(content_hash(e, key), e.seq);
        }
        // In the order they were recorded: the last amendment says what the observation is now.
        std::sort(corrections.begin(), corrections.end(),
                  [](const store::Event* a, const store::Event* b) { return a->seq < b->seq; });
        for (const store::Event* correction : corrections) {
            const store::Event& e = *correction;
            auto target = added.find(e.target_seq);
            if (target == added.end()) continue;
            Record& record = records[target->second];
            if (e.correction == store::Correction::kRetract) {
                record.retracted = true;
            } else {  // an amendment: the observation as it stands, and one more content
                record.observation = observation_hash(e, key);
                contents.emplace_back(content_hash(e, key), e.target_seq);
            }
        }
        indexed.set(static_cast<uint8_t>(kind));
        std::sort(records.begin(), records.end(), [](const Record& a, const Record& b) {
            return a.observation != b.observation ? a.observation < b.observation : a.seq < b.seq;
        });
        std::unordered_map<uint64_t, uint32_t> position;  // original seq -> sorted record
        for (uint32_t i = 0; i < records.size(); ++i)
            position[records[i].seq] = i;
        by_content.clear();
        by_content.reserve(contents.size());
        for (const auto& [hash, seq] : contents)
            by_content.emplace_back(hash, position[seq]);
        std::sort(by_content.begin(), by_content.end());
    }
};

StoredContent::StoredContent(const store::EventStore& store, bool active, StoredCodes* codes)
    : store_(store), codes_(codes) {
    if (!active || store.last_seq() == 0) return;
    if (codes_ == nullptr) {
        own_codes_ = std::make_unique<StoredCodes>(store);
        codes_ = own_codes_.get();
    }
    if (!codes_->status()) {
        read_error_ = codes_->status();
        return;
    }
    active_ = !codes_->empty();
}

StoredContent::~StoredContent() = default;

Result<std::vector<store::Event>> StoredContent::raw_timeline(const std::string& id) const {
    store::TimelineQuery raw;
    raw.apply_corrections = false;  // originals, amendments and retractions
    return store_.timeline(id, raw);
}

StoredContent::Patient& StoredContent::patient(const std::string& id) {
    if (last_ != nullptr && id == last_id_) return *last_;
    last_id_ = id;
    auto& loaded = loaded_[id];
    if (!loaded) loaded = std::make_unique<Patient>();
    last_ = loaded.get();
    return *last_;
}

bool StoredContent::indexed(Patient& p, const std::string& id, store::EventKind kind) {
    const auto k = static_cast<uint8_t>(kind);
    if (p.indexed.test(k)) return true;
    auto timeline = raw_timeline(id);
    if (!timeline) {
        read_error_ = timeline.status();
        p.failed = true;
        return false;
    }
    p.index(*timeline, kind);
    return true;
}

StoredContent::Match StoredContent::classify(store::Event& event, const DecodedRow& row,
                                             uint32_t value_column) {
    if (!active_) return Match::kNew;
    // Nothing stored of this kind and code (or nothing at all: a patient the store does not
    // hold) can match, nor be changed by, the event. Most events of a study's later domains stop
    // here, at one lookup.
    auto may = codes_->may_hold(event.patient_id, event.kind, event.code);
    if (!may) {
        read_error_ = may.status();
        patient(event.patient_id).failed = true;
        return Match::kNew;
    }
    if (!*may) return Match::kNew;
    Patient* p = &patient(event.patient_id);
    if (p->failed) return Match::kNew;  // a read error makes the patient's later events new
    if (!indexed(*p, event.patient_id, event.kind)) return Match::kNew;
    std::string key;
    const uint64_t content = content_hash(event, key);
    auto it = std::lower_bound(p->by_content.begin(), p->by_content.end(),
                               std::make_pair(content, uint32_t{0}));
    for (; it != p->by_content.end() && it->first == content; ++it) {
        Record& record = p->records[it->second];
        if (!record.consumed) {
            record.consumed = true;
            return Match::kStored;
        }
    }
    const uint64_t observation = observation_hash(event, key);
    if (p->open_record(observation) == nullptr) return Match::kNew;
    Held held{std::move(event), observation, {}, value_column};
    held.event.source_line = static_cast<uint32_t>(row.line);
    held.fields.assign(row.fields.begin(), row.fields.end());
    p->held.push_back(std::move(held));
    return Match::kHeld;
}

store::Status StoredContent::finish(std::vector<store::Event>& additions,
                                    std::vector<StoredChange>& changes) {
    for (auto& [id, p] : loaded_) {
        if (p->held.empty()) continue;
        std::vector<std::pair<Held*, uint64_t>> paired;  // held event, stored seq
        for (auto& held : p->held) {
            Record* record = p->open_record(held.observation);
            if (record == nullptr) {
                additions.push_back(std::move(held.event));
                continue;
            }
            record->consumed = true;
            paired.emplace_back(&held, record->seq);
        }
        if (paired.empty()) continue;
        auto timeline = store_.timeline(id);  // the current view: what each event says now
        if (!timeline) return timeline.status();
        for (auto& [held, seq] : paired) {
            auto stored = std::find_if(timeline->begin(), timeline->end(),
                                       [seq = seq](const store::Event& e) { return e.seq == seq; });
            if (stored == timeline->end()) {
                return store::Status::conflict(fmt::format(
                    "stored event {} of patient '{}' vanished during the import", seq, id));
            }
            changes.push_back(
                {std::move(held->event), *stored, std::move(held->fields), held->value_column});
        }
    }
    // Patients come in hash order: file order makes the sequence numbers and messages stable.
    std::sort(additions.begin(), additions.end(), [](const store::Event& a, const store::Event& b) {
        return a.source_line < b.source_line;
    });
    std::sort(changes.begin(), changes.end(), [](const StoredChange& a, const StoredChange& b) {
        return a.event.source_line < b.event.source_line;
    });
    return read_error_;
}

}  // namespace dayzero::importers
