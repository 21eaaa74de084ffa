// RocksEventStore::append: validation, sequence assignment, the hash chain and the WriteBatch.
#include <pwd.h>
#include <unistd.h>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <unordered_set>

#include <fmt/format.h>
#include <rocksdb/write_batch.h>

#include "store/rocks_event_store.h"
#include "store/sha256.h"

namespace dayzero::store {
namespace {

constexpr size_t kMaxPatientIdBytes = 256;

int64_t now_us() {
    using namespace std::chrono;
    return duration_cast<microseconds>(system_clock::now().time_since_epoch()).count();
}

// The operating-system user name (the default recorded-by).
std::string os_user() {
    std::vector<char> buf(16384);
    passwd pw{};
    passwd* found = nullptr;
    if (::getpwuid_r(::geteuid(), &pw, buf.data(), buf.size(), &found) == 0 && found != nullptr &&
        found->pw_name != nullptr) {
        return found->pw_name;
    }
    return fmt::format("uid:{}", ::geteuid());
}

std::string where(size_t index, const Event& e) {
    if (e.source_line != 0) return fmt::format("event {} (line {})", index + 1, e.source_line);
    return fmt::format("event {}", index + 1);
}

}  // namespace

struct RocksEventStore::PendingAppend {
    const std::vector<Event>* events = nullptr;
    uint64_t first_seq = 0;
    uint64_t tx = 0;
    int64_t recorded_at_us = 0;
    std::string author;
    std::string source;
    uint32_t next_patient = 0;
    std::vector<uint32_t> patient_of;                   // compact id per event
    std::unordered_map<std::string, uint32_t> new_ids;  // patients first seen in this batch
    std::unordered_map<uint64_t, uint64_t> retracted;   // target → retracting seq, this batch
    rocksdb::ReadOptions ro;
};

Status RocksEventStore::check_correction(Event& e, size_t index, PendingAppend& p) {
    const std::string at = where(index, e);
    const std::string_view what = correction_name(e.correction);
    if (e.reason.empty()) {
        return Status::invalid_argument(
            fmt::format("{}: field 'reason': an {} must give a reason", at, what));
    }
    const uint64_t own_seq = p.first_seq + index;
    if (e.target_seq == 0 || e.target_seq >= own_seq) {
        return Status::invalid_argument(
            fmt::format("{}: field 'target_seq': {} names sequence {}, which does not exist", at,
                        what, e.target_seq));
    }
    Event target;
    if (e.target_seq >= p.first_seq) {
        target = (*p.events)[e.target_seq - p.first_seq];
    } else {
        auto found = read_event(e.target_seq, p.ro);
        if (!found) {
            return Status::invalid_argument(
                fmt::format("{}: field 'target_seq': cannot read event {}: {}", at, e.target_seq,
                            found.status().message()));
        }
        target = std::move(found.value());
    }
    if (target.correction != Correction::kNone) {
        return Status::invalid_argument(fmt::format(
            "{}: field 'target_seq': event {} is itself a correction ({} of event {}); correct "
            "event {} instead",
            at, e.target_seq, correction_name(target.correction), target.target_seq,
            target.target_seq));
    }
    uint64_t retracted_by = 0;
    if (auto found = p.retracted.find(e.target_seq); found != p.retracted.end()) {
        retracted_by = found->second;
    } else {
        const std::string lower = codec::correction_key(e.target_seq, 0);
        const std::string upper = codec::correction_key(e.target_seq + 1, 0);
        rocksdb::Slice upper_slice(upper);
        rocksdb::ReadOptions ro = p.ro;
        ro.iterate_upper_bound = &upper_slice;
        std::unique_ptr<rocksdb::Iterator> it(
            rocks_.db->NewIterator(ro, rocks_.cf[RocksHandles::kCorrections]));
        for (it->Seek(lower); it->Valid(); it->Next()) {
            const auto v = it->value().ToStringView();
            if (v.size() == 2 &&
                static_cast<uint8_t>(v[1]) == static_cast<uint8_t>(Correction::kRetract)) {
                retracted_by = codec::get_u64_be(it->key().data() + 8);
                break;
            }
        }
        if (!it->status().ok()) {
            return Status::io_error(
                fmt::format("reading corrections: {}", it->status().ToString()));
        }
    }
    if (retracted_by != 0) {
        return Status::invalid_argument(
            fmt::format("{}: field 'target_seq': event {} was already retracted (by event {})", at,
                        e.target_seq, retracted_by));
    }
    if (e.patient_id.empty()) {
        e.patient_id = target.patient_id;
    } else if (e.patient_id != target.patient_id) {
        return Status::invalid_argument(
            fmt::format("{}: field 'patient_id': '{}' but event {} belongs to patient '{}'", at,
                        e.patient_id, e.target_seq, target.patient_id));
    }
    if (e.correction == Correction::kRetract) {
        // A retraction sits next to what it withdraws in the patient's timeline.
        e.day = target.day;
        e.minute = target.minute;
        e.kind = target.kind;
        e.code = target.code;
        p.retracted.emplace(e.target_seq, own_seq);
    }
    return Status::ok();
}

Status RocksEventStore::validate_and_assign(TransactionRequest& request, PendingAppend& p) {
    auto& events = request.events;
    p.patient_of.reserve(events.size());
    for (size_t i = 0; i < events.size(); ++i) {
        Event& e = events[i];
        const auto raw_kind = static_cast<uint8_t>(e.kind);
        if (!is_valid_kind(raw_kind)) {
            return Status::invalid_argument(
                fmt::format("{}: field 'kind': unknown kind number {}", where(i, e), raw_kind));
        }
        const auto raw_corr = static_cast<uint8_t>(e.correction);
        if (raw_corr > static_cast<uint8_t>(Correction::kRetract)) {
            return Status::invalid_argument(fmt::format(
                "{}: field 'correction': unknown correction type {}", where(i, e), raw_corr));
        }
        if (e.correction != Correction::kNone) {
            if (e.reason.empty()) e.reason = request.reason;
            if (auto s = check_correction(e, i, p); !s) return s;
        } else if (e.target_seq != 0) {
            return Status::invalid_argument(
                fmt::format("{}: field 'target_seq': {} is set but the event is not a correction",
                            where(i, e), e.target_seq));
        }
        if (e.patient_id.empty()) {
            return Status::invalid_argument(
                fmt::format("{}: field 'patient_id': must not be empty", where(i, e)));
        }
        if (e.patient_id.size() > kMaxPatientIdBytes) {
            return Status::invalid_argument(fmt::format(
                "{}: field 'patient_id': longer than {} bytes", where(i, e), kMaxPatientIdBytes));
        }
        if (e.day < kMinDay || e.day > kMaxDay) {
            return Status::invalid_argument(fmt::format("{}: field 'day': {} is outside {}..{}",
                                                        where(i, e), e.day, kMinDay, kMaxDay));
        }
        if (e.minute && *e.minute >= 1440) {
            return Status::invalid_argument(
                fmt::format("{}: field 'minute': {} is not a minute of the day (0..1439)",
                            where(i, e), *e.minute));
        }
        if (e.value && !std::isfinite(*e.value)) {
            return Status::invalid_argument(
                fmt::format("{}: field 'value': {} is not a finite number", where(i, e), *e.value));
        }
        e.seq = p.first_seq + i;
        e.tx = p.tx;
        e.recorded_at_us = p.recorded_at_us;
        e.recorded_by = p.author;
        if (e.source.empty()) e.source = p.source;

        uint32_t compact = 0;
        if (auto it = patient_ids_.find(e.patient_id); it != patient_ids_.end()) {
            compact = it->second;
        } else if (auto jt = p.new_ids.find(e.patient_id); jt != p.new_ids.end()) {
            compact = jt->second;
        } else {
            if (p.next_patient == UINT32_MAX) return Status::invalid_argument("too many patients");
            compact = p.next_patient++;
            p.new_ids.emplace(e.patient_id, compact);
        }
        p.patient_of.push_back(compact);
    }
    return Status::ok();
}

Result<TransactionInfo> RocksEventStore::append(TransactionRequest request) try {
    std::lock_guard lock(append_mu_);
    if (options_.read_only) {
        return Status::read_only(
            fmt::format("store '{}' is open read-only: nothing can be appended", path_));
    }
    if (request.events.empty()) {
        return Status::invalid_argument("field 'events': a transaction needs at least one event");
    }
    if (request.expected_last_seq && *request.expected_last_seq != last_seq_) {
        return Status::conflict(fmt::format(
            "conflict: expected the log to end at sequence {} but it ends at {} (another "
            "transaction was committed first)",
            *request.expected_last_seq, last_seq_.load()));
    }
    PendingAppend p;
    p.events = &request.events;
    p.first_seq = last_seq_ + 1;
    p.tx = last_tx_ + 1;
    p.recorded_at_us = request.recorded_at_us.value_or(now_us());
    p.author = request.author.empty() ? os_user() : request.author;
    p.source = request.source;
    p.next_patient = next_patient_;
    if (auto s = validate_and_assign(request, p); !s) return s;

    codec::TxRecord txr;
    txr.tx = p.tx;
    txr.first_seq = p.first_seq;
    txr.last_seq = p.first_seq + request.events.size() - 1;
    txr.recorded_at_us = p.recorded_at_us;
    txr.author = p.author;
    txr.reason = request.reason;
    txr.source = request.source;
    txr.prev_hash = head_;

    Sha256 hash;
    hash.update(head_);
    hash.update(codec::tx_hash_header(txr));
    rocksdb::WriteBatch batch;
    auto* log_cf = rocks_.cf[RocksHandles::kLog];
    auto* timeline_cf = rocks_.cf[RocksHandles::kTimeline];
    auto* corr_cf = rocks_.cf[RocksHandles::kCorrections];
    auto* meta_cf = rocks_.cf[RocksHandles::kMeta];
    auto* patients_cf = rocks_.cf[RocksHandles::kPatients];
    // Records go into one buffer; timeline entries are added in key order afterwards because
    // the memtable inserts sorted runs far faster than scattered keys.
    std::string records;
    std::vector<std::pair<size_t, size_t>> spans;
    spans.reserve(request.events.size());
    std::vector<std::pair<std::string, size_t>> timeline_entries;
    timeline_entries.reserve(request.events.size());
    std::string hash_input;
    for (size_t i = 0; i < request.events.size(); ++i) {
        const Event& e = request.events[i];
        const size_t begin = records.size();
        codec::encode_record(e, p.patient_of[i], p.author, request.source, records);
        spans.emplace_back(begin, records.size() - begin);
        const std::string_view record(records.data() + begin, records.size() - begin);
        batch.Put(log_cf, codec::log_key(e.seq), record);
        timeline_entries.emplace_back(
            codec::timeline_key({p.patient_of[i], e.day, e.minute, e.seq}), i);
        if (e.correction != Correction::kNone) {
            std::string v(1, static_cast<char>(codec::kValueVersion));
            v.push_back(static_cast<char>(e.correction));
            batch.Put(corr_cf, codec::correction_key(e.target_seq, e.seq), v);
        }
        hash_input.clear();
        codec::append_event_hash_input(e.seq, e.patient_id, record, hash_input);
        hash.update(hash_input);
    }
    std::sort(timeline_entries.begin(), timeline_entries.end());
    for (const auto& [key, i] : timeline_entries) {
        batch.Put(timeline_cf, key,
                  std::string_view(records.data() + spans[i].first, spans[i].second));
    }
    txr.hash = hash.finish();
    if (!hash.ok()) return Status::io_error("SHA-256 (OpenSSL) failed");
    for (const auto& [name, id] : p.new_ids) {
        batch.Put(patients_cf, codec::patient_name_key(name), codec::encode_u32_value(id));
        batch.Put(patients_cf, codec::patient_id_key(id), codec::encode_bytes_value(name));
    }
    batch.Put(rocks_.cf[RocksHandles::kTx], codec::tx_key(p.tx), codec::encode_tx(txr));
    if (!request.source.empty() && request.source.rfind("sha256:", 0) == 0) {
        std::string existing;
        auto* imports_cf = rocks_.cf[RocksHandles::kImports];
        auto gs = rocks_.db->Get(p.ro, imports_cf, request.source, &existing);
        if (gs.IsNotFound()) batch.Put(imports_cf, request.source, codec::encode_u64_value(p.tx));
    }
    batch.Put(meta_cf, codec::kMetaLastSeq, codec::encode_u64_value(txr.last_seq));
    batch.Put(meta_cf, codec::kMetaLastTx, codec::encode_u64_value(p.tx));
    batch.Put(meta_cf, codec::kMetaNextPatient, codec::encode_u32_value(p.next_patient));
    batch.Put(meta_cf, codec::kMetaHead,
              codec::encode_bytes_value(std::string_view(
                  reinterpret_cast<const char*>(txr.hash.data()), txr.hash.size())));

    rocksdb::WriteOptions wo;
    wo.sync = options_.sync_writes;
    auto ws = rocks_.db->Write(wo, &batch);
    if (!ws.ok()) {
        write_failed_ = true;
        return Status::io_error(
            fmt::format("writing transaction {} to '{}' failed: {}", p.tx, path_, ws.ToString()));
    }
    last_seq_ = txr.last_seq;
    last_tx_ = p.tx;
    head_ = txr.hash;
    next_patient_ = p.next_patient;
    {
        std::lock_guard cache_lock(cache_mu_);
        for (const auto& [name, id] : p.new_ids)
            names_.emplace(id, name);
    }
    patient_ids_.merge(p.new_ids);

    return to_info(txr);
} catch (const std::exception& e) {
    return Status::io_error(fmt::format("append to '{}' failed: {}", path_, e.what()));
}

}  // namespace dayzero::store
