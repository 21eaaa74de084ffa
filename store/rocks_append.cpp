// RocksEventStore::append and append_chunked: validation, sequence assignment and the flow of
// chunks; the batches themselves are built in rocks_stage.cpp.
#include <pwd.h>
#include <unistd.h>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <deque>
#include <future>
#include <unordered_set>

#include <fmt/format.h>
#include <rocksdb/write_batch.h>

#include "store/pending_append.h"

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

Result<Event> RocksEventStore::read_target(uint64_t seq, const PendingAppend& p) const {
    if (seq >= p.chunk_first_seq) return (*p.chunk)[seq - p.chunk_first_seq];
    if (seq < p.first_seq) return read_event(seq, p.ro);
    // An event of a chunk still being written (not yet in the log), or of one already written
    // whose events are still at hand.
    for (const StagedChunk& chunk : p.staged_chunks) {
        if (seq >= chunk.first_seq && seq - chunk.first_seq < chunk.events.size())
            return chunk.events[seq - chunk.first_seq];
    }
    // An event of an earlier chunk of this transaction: staged in the log, not yet committed.
    std::string v;
    if (auto s = read_log_record(seq, p.ro, v); !s)
        return Status(s.code(), fmt::format("reading staged event {}: {}", seq, s.message()));
    codec::Record rec;
    if (auto st = codec::decode_record(v, rec); !st) return st;
    for (const auto& [name, id] : p.new_ids) {
        if (id == rec.patient) rec.event.patient_id = name;
    }
    if (rec.event.patient_id.empty()) {
        auto name = patient_name(rec.patient, p.ro);
        if (!name) return name.status();
        rec.event.patient_id = std::move(name.value());
    }
    rec.event.seq = seq;
    return std::move(rec.event);
}

Status RocksEventStore::check_correction(Event& e, size_t index, PendingAppend& p) {
    const std::string at = where(p.chunk_first_seq - p.first_seq + index, e);
    const std::string_view what = correction_name(e.correction);
    if (e.reason.empty()) {
        return Status::invalid_argument(
            fmt::format("{}: field 'reason': an {} must give a reason", at, what));
    }
    const uint64_t own_seq = p.chunk_first_seq + index;
    if (e.target_seq == 0 || e.target_seq >= own_seq) {
        return Status::invalid_argument(
            fmt::format("{}: field 'target_seq': {} names sequence {}, which does not exist", at,
                        what, e.target_seq));
    }
    auto found = read_target(e.target_seq, p);
    if (!found) {
        return Status::invalid_argument(
            fmt::format("{}: field 'target_seq': cannot read event {}: {}", at, e.target_seq,
                        found.status().message()));
    }
    const Event target = std::move(found.value());
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

Status RocksEventStore::validate_and_assign(PendingAppend& p) {
    auto& events = *p.chunk;
    p.patient_of.clear();
    p.patient_of.reserve(events.size());
    for (size_t i = 0; i < events.size(); ++i) {
        Event& e = events[i];
        // Messages count events across the whole transaction, not within the chunk.
        const size_t n = p.chunk_first_seq - p.first_seq + i;
        const auto raw_kind = static_cast<uint8_t>(e.kind);
        if (!is_valid_kind(raw_kind)) {
            return Status::invalid_argument(
                fmt::format("{}: field 'kind': unknown kind number {}", where(n, e), raw_kind));
        }
        const auto raw_corr = static_cast<uint8_t>(e.correction);
        if (raw_corr > static_cast<uint8_t>(Correction::kRetract)) {
            return Status::invalid_argument(fmt::format(
                "{}: field 'correction': unknown correction type {}", where(n, e), raw_corr));
        }
        if (e.correction != Correction::kNone) {
            if (e.reason.empty()) e.reason = p.reason;
            if (auto s = check_correction(e, i, p); !s) return s;
        } else if (e.target_seq != 0) {
            return Status::invalid_argument(
                fmt::format("{}: field 'target_seq': {} is set but the event is not a correction",
                            where(n, e), e.target_seq));
        }
        if (e.patient_id.empty()) {
            return Status::invalid_argument(
                fmt::format("{}: field 'patient_id': must not be empty", where(n, e)));
        }
        if (e.patient_id.size() > kMaxPatientIdBytes) {
            return Status::invalid_argument(fmt::format(
                "{}: field 'patient_id': longer than {} bytes", where(n, e), kMaxPatientIdBytes));
        }
        if (e.day < kMinDay || e.day > kMaxDay) {
            return Status::invalid_argument(fmt::format("{}: field 'day': {} is outside {}..{}",
                                                        where(n, e), e.day, kMinDay, kMaxDay));
        }
        if (e.minute && *e.minute >= 1440) {
            return Status::invalid_argument(
                fmt::format("{}: field 'minute': {} is not a minute of the day (0..1439)",
                            where(n, e), *e.minute));
        }
        if (e.value && !std::isfinite(*e.value)) {
            return Status::invalid_argument(
                fmt::format("{}: field 'value': {} is not a finite number", where(n, e), *e.value));
        }
        e.seq = p.chunk_first_seq + i;
        e.tx = p.tx;
        e.recorded_at_us = p.recorded_at_us;
        // recorded_by is always the transaction's author, and an empty source the
        // transaction's: both are stored once, with the transaction (encode_record).
        e.recorded_by.clear();

        uint32_t compact = 0;
        // Consecutive events are mostly the same patient's: no lookup for those.
        if (i > 0 && e.patient_id == events[i - 1].patient_id) {
            compact = p.patient_of.back();
        } else if (auto it = patient_ids_.find(e.patient_id); it != patient_ids_.end()) {
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

Status RocksEventStore::check_append_allowed(const TransactionRequest& request) const {
    if (options_.read_only) {
        return Status::read_only(
            fmt::format("store '{}' is open read-only: nothing can be appended", path_));
    }
    if (request.expected_last_seq && *request.expected_last_seq != last_seq_) {
        return Status::conflict(fmt::format(
            "conflict: expected the log to end at sequence {} but it ends at {} (another "
            "transaction was committed first)",
            *request.expected_last_seq, last_seq_.load()));
    }
    return Status::ok();
}

void RocksEventStore::begin_append(const TransactionRequest& request, PendingAppend& p) {
    p.tx = last_tx_ + 1;
    p.first_seq = last_seq_ + 1;
    p.next_seq = p.first_seq;
    if (request.recorded_at_us) {
        p.recorded_at_us = *request.recorded_at_us;
    } else {
        p.recorded_at_us = options_.fixed_clock_us.value_or(now_us());
        p.fixed_clock = options_.fixed_clock_us.has_value();
    }
    p.author = request.author.empty() ? os_user() : request.author;
    p.reason = request.reason;
    p.source = request.source;
    p.next_patient = next_patient_;
    p.hash.start(head_);
}

Result<TransactionInfo> RocksEventStore::append_locked(TransactionRequest& request,
                                                       const WrittenChunkSink& written) {
    if (auto s = check_append_allowed(request); !s) return s;
    if (request.events.empty()) {
        return Status::invalid_argument("field 'events': a transaction needs at least one event");
    }
    PendingAppend p;
    begin_append(request, p);
    p.chunk = &request.events;
    p.chunk_first_seq = p.next_seq;
    if (auto s = validate_and_assign(p); !s) return s;
    rocksdb::WriteBatch batch;
    stage_chunk(p, batch);
    const codec::TxRecord txr = add_commit(p, batch);
    if (!p.hash.ok()) return Status::io_error("SHA-256 (OpenSSL) failed");
    if (auto s = write_batch(batch, p.tx); !s) return s;
    publish(p, txr);
    if (written) written(request.events);
    return to_info(txr);
}

Result<TransactionInfo> RocksEventStore::append(TransactionRequest request) try {
    std::lock_guard lock(append_mu_);
    return append_locked(request);
} catch (const std::exception& e) {
    return Status::io_error(fmt::format("append to '{}' failed: {}", path_, e.what()));
}

Result<TransactionInfo> RocksEventStore::append_chunked(TransactionRequest header,
                                                        const EventChunkSource& next,
                                                        const WrittenChunkSink& written) try {
    std::lock_guard lock(append_mu_);
    if (!header.events.empty()) {
        return Status::invalid_argument(
            "field 'events': a chunked append takes its events from the chunk source only");
    }
    if (auto s = check_append_allowed(header); !s) return s;
    std::vector<Event> chunk;
    std::vector<Event> following;
    if (auto s = next(chunk); !s) return s;
    if (!chunk.empty()) {
        if (auto s = next(following); !s) return s;
    }
    if (following.empty()) {  // one chunk: an ordinary single-batch transaction
        header.events = std::move(chunk);
        return append_locked(header, written);
    }
    // Several chunks: each is written (synced) as soon as it is validated, beyond last_seq where
    // no reader looks; the transaction record and counters in the final batch publish them all.
    // Staging is a pipeline, so the table files' compression and the synced writes do not stall
    // the import: while this thread validates and encodes chunk n, chunk n - 1's task builds its
    // table file and chunk n - 2's task ingests its table and writes its batch. Each task writes
    // only once the one before has (the order crash recovery relies on, rocks_stage.cpp).
    PendingAppend p;
    begin_append(header, p);
    // Declared after p: each task's state is waited for before p goes away.
    std::array<std::shared_future<Status>, kStagedChunks> staged_writes;
    std::shared_future<Status> newest;  // the last task started
    std::deque<size_t> in_flight;       // slots whose task is not yet waited for, oldest first
    // Waits for the oldest chunk in flight, then hands its events back to `written`.
    auto retire_oldest = [&]() -> Status {
        const size_t k = in_flight.front();
        in_flight.pop_front();
        Status s = staged_writes[k].get();
        if (s && written) written(p.staged_chunks[k].events);
        return s;
    };
    auto retire_all = [&]() -> Status {
        Status first = Status::ok();
        while (!in_flight.empty()) {
            if (auto s = retire_oldest(); !s && first) first = s;
        }
        return first;
    };
    auto abandon = [&](Status failure) -> Status {
        (void)retire_all();  // a task's failure, if any, is part of what is cleaned up
        if (!p.staged) return failure;
        if (auto s = discard_staged(p.first_seq); !s) {
            return Status(failure.code(),
                          failure.message() + fmt::format(" (cleaning up the staged events "
                                                          "failed too: {}; they stay invisible "
                                                          "and are removed when the store is "
                                                          "next opened for writing)",
                                                          s.message()));
        }
        return failure;
    };
    auto stage = [this, tx = p.tx](StagedChunk& chunk, std::shared_future<Status> previous) {
        try {
            // Built beside the previous chunk's write; a failed build leaves no file.
            Status built = build_log_table(tx, chunk);
            Status before = previous.valid() ? previous.get() : Status::ok();
            if (!before) chunk.remove_files();  // the previous chunk's failure comes first
            if (!before || !built) return before ? built : before;
            return write_staged_chunk(tx, chunk);
        } catch (const std::exception& e) {
            chunk.remove_files();
            return Status::io_error(fmt::format("staging events: {}", e.what()));
        }
    };
    for (size_t n = 0; !chunk.empty(); ++n) {
        const size_t k = n % kStagedChunks;
        StagedChunk& staged = p.staged_chunks[k];
        p.chunk = &chunk;
        p.chunk_first_seq = p.next_seq;
        p.chunk_first_new_patient = p.next_patient;
        if (auto s = validate_and_assign(p); !s) return abandon(s);
        if (auto s = mark_staging(p); !s) return abandon(s);
        if (in_flight.size() == kStagedChunks) {  // slot k's chunk: its buffers are needed
            if (auto s = retire_oldest(); !s) return abandon(s);
        }
        encode_staged_chunk(p, staged);
        // The events move into the slot; its old buffer (or the one `written` left in
        // exchange) goes to the source to fill again.
        staged.events.swap(chunk);
        chunk.clear();
        p.chunk = nullptr;
        staged_writes[k] = std::async(std::launch::async, stage, std::ref(staged), newest).share();
        newest = staged_writes[k];
        in_flight.push_back(k);
        chunk.swap(following);
        if (!chunk.empty()) {
            if (auto s = next(following); !s) return abandon(s);
        }
    }
    if (auto s = retire_all(); !s) return abandon(s);
    rocksdb::WriteBatch batch;
    const codec::TxRecord txr = add_commit(p, batch);
    if (!p.hash.ok()) return abandon(Status::io_error("SHA-256 (OpenSSL) failed"));
    if (auto s = write_batch(batch, p.tx); !s) return abandon(s);
    publish(p, txr);
    return to_info(txr);
} catch (const std::exception& e) {
    return Status::io_error(fmt::format("append to '{}' failed: {}", path_, e.what()));
}

}  // namespace dayzero::store
