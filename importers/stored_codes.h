#pragma once
// StoredCodes: which (kind, code) pairs each patient's stored events have. A file's event can be
// already stored, or change a stored observation, only when its patient has a stored event of the
// same kind and code (docs/IMPORT.md, "Cumulative imports"), so StoredContent asks here before it
// reads a patient's timeline back. One import keeps one StoredCodes across its files and adds what
// each file writes when its transaction commits: the domains of a study that give each patient new
// kinds and codes then never read a timeline back. A patient the store held before the import is
// read once (originals, amendments and retractions alike), when first asked about.
//
// Answers may err only one way: "may hold" for a pair the patient does not have costs a read,
// never a wrong verdict. Thread-safe: a study validates files that decode alone on one thread
// while its first file stages what it writes on another (importer.cpp), so every call takes a
// lock but may_hold's shortcut; callers stage a chunk at a time, not a row. Files are validated
// beside another only while no patient is stored (importer.cpp), when validation never asks
// may_hold: so no answer is read through the shortcut while settle() changes it.

#include <array>
#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "store/event.h"
#include "store/event_store.h"
#include "store/status.h"

namespace dayzero::importers {

class StoredCodes {
  public:
    // Lists the store's patients (status() says whether that worked).
    explicit StoredCodes(const store::EventStore& store);
    StoredCodes(const StoredCodes&) = delete;
    StoredCodes& operator=(const StoredCodes&) = delete;

    // The outcome of listing the store's patients; nothing is known when it failed.
    const store::Status& status() const { return status_; }
    // True when the store holds no patient (as far as this object knows).
    bool empty() const {
        std::lock_guard lock(mu_);
        return patients_.empty();
    }
    // False when no stored event of patient `id` has `kind` and `code` (or the store does not
    // hold the patient); true when one may. Reads
    // the patient's events from the store unless every one of them is known here already.
    store::Result<bool> may_hold(const std::string& id, store::EventKind kind,
                                 std::string_view code);

    // Adds `events[from..]`, about to be written, to what the current file stages.
    void stage(const std::vector<store::Event>& events, size_t from = 0);
    // The file's transaction committed (true): what it staged is stored. Otherwise the staged
    // patients are read again when next asked about, whatever the failure left in the store.
    void settle(bool committed);

  private:
    struct Patient {
        bool complete = false;        // `codes` covers every stored event of the patient
        std::vector<uint64_t> codes;  // bit i: vocabulary_ entry i
    };
    // The vocabulary index of (kind, code), added when `add` and absent; UINT32_MAX otherwise.
    uint32_t code_index(store::EventKind kind, std::string_view code, bool add);
    // The patient's entry, or nullptr when the store does not hold it.
    Patient* find(const std::string& id);
    // Reads every stored event of `id` into `p` and marks it complete.
    store::Status load(const std::string& id, Patient& p);
    static void set_bit(std::vector<uint64_t>& bits, uint32_t i);
    // bits |= more.
    static void add_bits(std::vector<uint64_t>& bits, const std::vector<uint64_t>& more);
    // Sets shortcut_kinds_ from incomplete_ and kinds_ (lock held).
    void update_shortcut();

    const store::EventStore& store_;
    mutable std::mutex mu_;  // guards everything below but status_, set once by the constructor
    store::Status status_;
    std::unordered_map<std::string, Patient> patients_;  // every patient the store holds
    // How many of patients_ are not complete. While none is, a kind outside kinds_ is held by no
    // patient: a study's later domain (labs after vitals) is answered without a lookup, and
    // without the lock (shortcut_kinds_, which is what kinds_ holds while incomplete_ is 0, else
    // every kind; written under the lock, never while another thread asks: see above).
    size_t incomplete_ = 0;
    std::vector<uint64_t> kinds_;         // bit k: some complete patient's codes have kind k
    std::vector<uint64_t> staged_kinds_;  // bit k: staged_ has kind k
    // A bit for each of the 256 values a kind's byte can take; all clear (no kind held) until
    // the constructor finds patients in the store.
    std::array<std::atomic<uint64_t>, 4> shortcut_kinds_{};
    std::unordered_map<std::string, uint32_t> vocabulary_;           // kind byte + code -> bit
    std::unordered_map<std::string, std::vector<uint64_t>> staged_;  // patient -> bits
    std::string key_;                                                // reused vocabulary key
    std::string last_id_;
    Patient* last_ = nullptr;
    bool last_valid_ = false;
    std::string last_staged_id_;
    std::vector<uint64_t>* last_staged_ = nullptr;
};

}  // namespace dayzero::importers
