// Appender: the flow of a transaction (one batch, or staged chunks) and its commit.
#include "store/appender.h"

#include <pwd.h>
#include <unistd.h>
#include <algorithm>
#include <chrono>
#include <deque>
#include <future>
#include <utility>

#include <fmt/format.h>

#include "store/commit_point.h"
#include "store/pending_append.h"
#include "store/serial_worker.h"

namespace dayzero::store {
namespace {

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

// Asks for the transaction's source when it was not known at the start, once.
Status settle_source(PendingAppend& p) {
    if (!p.settle_source) return Status::ok();
    auto settle = std::exchange(p.settle_source, nullptr);
    return settle(p.source);
}

}  // namespace

Status Appender::open(const Counters& counters) {
    committed_ = counters;
    return directory_.scan_patient_names(rocksdb::ReadOptions(),
                                         [&](std::string_view name, std::string_view value) {
                                             auto id = codec::decode_u32_value(value, "patient id");
                                             if (!id) return id.status();
                                             patient_ids_.emplace(std::string(name), *id);
                                             return Status::ok();
                                         });
}

Status Appender::check_expected(const TransactionRequest& request) const {
    if (request.expected_last_seq && *request.expected_last_seq != committed_.last_seq) {
        return Status::conflict(fmt::format(
            "conflict: expected the log to end at sequence {} but it ends at {} (another "
            "transaction was committed first)",
            *request.expected_last_seq, committed_.last_seq));
    }
    return Status::ok();
}

void Appender::begin(const TransactionRequest& request, PendingAppend& p) {
    p.tx = committed_.last_tx + 1;
    p.first_seq = committed_.last_seq + 1;
    p.next_seq = p.first_seq;
    if (request.recorded_at_us) {
        p.recorded_at_us = *request.recorded_at_us;
    } else {
        p.recorded_at_us = fixed_clock_us_.value_or(now_us());
        p.fixed_clock = fixed_clock_us_.has_value();
    }
    p.os_account = request.os_account ? *request.os_account : fixed_os_account_.value_or(os_user());
    p.author = request.author.empty() ? os_user() : request.author;
    p.reason = request.reason;
    p.source = request.source;
    p.settle_source = request.settle_source;
    p.next_patient = committed_.next_patient;
    p.hash.start(committed_.head);
}

Result<TransactionInfo> Appender::append_locked(TransactionRequest& request,
                                                const WrittenChunkSink& written) {
    if (auto s = check_expected(request); !s) return s;
    if (request.events.empty()) {
        return Status::invalid_argument("field 'events': a transaction needs at least one event");
    }
    PendingAppend p;
    begin(request, p);
    // One batch: its only write is the commit, after validation and encoding.
    if (auto s = settle_source(p); !s) return s;
    p.chunk = &request.events;
    p.chunk_first_seq = p.next_seq;
    if (auto s = validate_and_assign(p); !s) return s;
    rocksdb::WriteBatch batch;
    stage_chunk(p, batch);
    const codec::TxRecord txr = add_commit(p, batch);
    if (!p.hash.ok()) return Status::io_error("SHA-256 (OpenSSL) failed");
    if (auto s = write_commit(batch, p.tx); !s) return s;
    publish(p, txr);
    if (written) written(request.events);
    return to_info(txr);
}

Result<TransactionInfo> Appender::append(TransactionRequest request) try {
    std::lock_guard lock(mu_);
    return append_locked(request);
} catch (const std::exception& e) {
    return Status::io_error(fmt::format("append to '{}' failed: {}", path_, e.what()));
}

Result<TransactionInfo> Appender::append_chunked(TransactionRequest header,
                                                 const EventChunkSource& next,
                                                 const WrittenChunkSink& written) try {
    std::lock_guard lock(mu_);
    if (!header.events.empty()) {
        return Status::invalid_argument(
            "field 'events': a chunked append takes its events from the chunk source only");
    }
    if (auto s = check_expected(header); !s) return s;
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
    PendingAppend p;
    begin(header, p);
    return append_staged(p, chunk, following, next, written);
} catch (const std::exception& e) {
    return Status::io_error(fmt::format("append to '{}' failed: {}", path_, e.what()));
}

Result<TransactionInfo> Appender::append_staged(PendingAppend& p, std::vector<Event>& chunk,
                                                std::vector<Event>& following,
                                                const EventChunkSource& next,
                                                const WrittenChunkSink& written) {
    // Each chunk is staged as soon as it is validated, beyond last_seq where no reader looks,
    // into the open group of table files (staging.h), which is ingested once full; the
    // transaction record and counters in the final batch publish them all. Staging is a
    // pipeline, so the table files' compression does not stall the import: while this thread
    // validates and encodes chunk n, chunk n - 1's task adds it to the group. The tasks run one
    // at a time on one thread, in order (the order crash recovery relies on, staging.h).
    // Declared after p: each task's state is waited for before p goes away.
    StagedGroup group;
    GroupFill fill;  // what the tasks started since the group was last written add to it
    std::array<std::shared_future<Status>, kStagedChunks> staged_writes;
    std::shared_future<Status> newest;  // the last task started
    // Declared after what its tasks use: leaving this function runs them out first.
    SerialWorker stager;
    std::deque<size_t> in_flight;  // slots whose task is not yet waited for, oldest first
    // Waits for the oldest chunk in flight.
    auto retire_oldest = [&]() -> Status {
        const size_t k = in_flight.front();
        in_flight.pop_front();
        return staged_writes[k].get();
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
        group.discard();
        if (!p.staged) return failure;
        if (auto s = staging_.discard(p.first_seq, committed_.next_patient); !s) {
            return Status(failure.code(),
                          failure.message() + fmt::format(" (cleaning up the staged events "
                                                          "failed too: {}; they stay invisible "
                                                          "and are removed when the store is "
                                                          "next opened for writing)",
                                                          s.message()));
        }
        return failure;
    };
    // Nothing reaches the database before the source is settled and the staging marker is
    // durable: until then the chunks go only into the group's table files, which a failure (or
    // the next open, after a crash) removes.
    auto before_first_write = [&]() -> Status {
        if (p.staged) return Status::ok();
        if (auto s = settle_source(p); !s) return s;
        if (auto s = staging_.mark(p.tx, p.first_seq); !s) return s;
        p.staged = true;
        return Status::ok();
    };
    auto stage = [this, tx = p.tx, &group](StagedChunk& chunk, std::shared_future<Status> previous,
                                           bool write_group) {
        try {
            // The previous chunk's failure comes first, and the group is its alone until then.
            if (previous.valid()) {
                if (Status before = previous.get(); !before) return before;
            }
            if (auto s = staging_.add(tx, chunk, group); !s) return s;
            return write_group ? staging_.write(tx, group) : Status::ok();
        } catch (const std::exception& e) {
            return Status::io_error(fmt::format("staging events: {}", e.what()));
        }
    };
    // A correction may name an event staged earlier in this transaction: it must be readable in
    // the log before the chunk is validated, so the open group is written first.
    auto names_unwritten_event = [&p](const std::vector<Event>& events) {
        return std::any_of(events.begin(), events.end(), [&](const Event& e) {
            return e.correction != Correction::kNone && e.target_seq >= p.first_seq;
        });
    };
    try {
        for (size_t n = 0; !chunk.empty(); ++n) {
            const size_t k = n % kStagedChunks;
            StagedChunk& staged = p.staged_chunks[k];
            if (names_unwritten_event(chunk)) {
                if (auto s = retire_all(); !s) return abandon(s);
                if (!group.empty()) {
                    if (auto s = before_first_write(); !s) return abandon(s);
                    if (auto s = staging_.write(p.tx, group); !s) return abandon(s);
                }
                fill = GroupFill();
            }
            p.chunk = &chunk;
            p.chunk_first_seq = p.next_seq;
            p.chunk_first_new_patient = p.next_patient;
            if (auto s = validate_and_assign(p); !s) return abandon(s);
            if (in_flight.size() == kStagedChunks) {  // slot k's chunk: its buffers are needed
                if (auto s = retire_oldest(); !s) return abandon(s);
            }
            if (fill.events == 0) p.group_first_new_patient = p.chunk_first_new_patient;
            encode_staged_chunk(p, staged);
            p.chunk = nullptr;
            // Decided here, not by the task, so that this thread knows the transaction's first
            // write before it starts.
            const bool write_group = staging_.fills(fill, staged);
            if (write_group) {
                if (auto s = before_first_write(); !s) return abandon(s);
            }
            staged_writes[k] = stager.run([stage, &staged, previous = newest, write_group] {
                return stage(staged, previous, write_group);
            });
            newest = staged_writes[k];
            in_flight.push_back(k);
            // The slot keeps only the encoded records (read_target decodes from them), so the
            // events go to `written` at once: chunks in flight do not hold them, and a whole
            // chunk of events is several times the size of its records. The buffer `written`
            // leaves (or this one, emptied) goes to the source to fill again.
            if (written) written(chunk);
            chunk.clear();
            if (!following.empty()) {
                chunk.swap(following);  // the chunk read ahead at the start
                std::vector<Event>().swap(following);
            } else if (auto s = next(chunk); !s) {
                return abandon(s);
            }
        }
        if (auto s = retire_all(); !s) return abandon(s);
        if (auto s = before_first_write(); !s) return abandon(s);
        if (auto s = staging_.write(p.tx, group); !s) return abandon(s);
        rocksdb::WriteBatch batch;
        const codec::TxRecord txr = add_commit(p, batch);
        if (!p.hash.ok()) return abandon(Status::io_error("SHA-256 (OpenSSL) failed"));
        if (auto s = write_commit(batch, p.tx); !s) return abandon(s);
        publish(p, txr);
        return to_info(txr);
    } catch (const std::exception& e) {
        return abandon(Status::io_error(fmt::format("append to '{}' failed: {}", path_, e.what())));
    }
}

codec::TxRecord Appender::add_commit(PendingAppend& p, rocksdb::WriteBatch& batch) {
    codec::TxRecord txr;
    txr.tx = p.tx;
    txr.first_seq = p.first_seq;
    txr.last_seq = p.next_seq - 1;
    txr.recorded_at_us = p.recorded_at_us;
    txr.author = p.author;
    txr.reason = p.reason;
    txr.source = p.source;
    txr.os_account = p.os_account;
    txr.prev_hash = committed_.head;
    txr.hash = p.hash.finish(txr);

    // In key order, each direction a run of its own: the memtable inserts a key next to the one
    // before it without searching, where hash order made every insert search the skip list.
    auto* patients_cf = rocks_.family(RocksHandles::kPatients);
    std::vector<std::pair<uint32_t, const std::string*>> by_id;
    by_id.reserve(p.new_ids.size());
    for (const auto& [name, id] : p.new_ids)
        by_id.emplace_back(id, &name);
    std::sort(by_id.begin(), by_id.end());
    for (const auto& [id, name] : by_id)
        batch.Put(patients_cf, codec::patient_id_key(id), codec::encode_bytes_value(*name));
    std::sort(by_id.begin(), by_id.end(),
              [](const auto& a, const auto& b) { return *a.second < *b.second; });
    for (const auto& [id, name] : by_id)
        batch.Put(patients_cf, codec::patient_name_key(*name), codec::encode_u32_value(id));
    batch.Put(rocks_.family(RocksHandles::kTx), codec::tx_key(p.tx), codec::encode_tx(txr));
    if (p.source.starts_with("sha256:")) {
        std::string existing;
        auto* imports_cf = rocks_.family(RocksHandles::kImports);
        if (rocks_.db->Get(p.ro, imports_cf, p.source, &existing).IsNotFound())
            batch.Put(imports_cf, p.source, codec::encode_u64_value(p.tx));
    }
    Counters after = committed_;
    after.last_seq = txr.last_seq;
    after.last_tx = p.tx;
    after.next_patient = p.next_patient;
    after.head = txr.hash;
    put_counters(batch, rocks_, after);
    if (p.staged) batch.Delete(rocks_.family(RocksHandles::kMeta), codec::kMetaStaging);
    return txr;
}

Status Appender::write_commit(rocksdb::WriteBatch& batch, uint64_t tx) {
    if (auto ws = rocks_.write(batch, sync_writes_); !ws.ok()) {
        return Status::io_error(
            fmt::format("writing transaction {} to '{}' failed: {}", tx, path_, ws.ToString()));
    }
    return Status::ok();
}

void Appender::publish(PendingAppend& p, const codec::TxRecord& txr) {
    committed_.last_seq = txr.last_seq;
    committed_.last_tx = p.tx;
    committed_.head = txr.hash;
    committed_.next_patient = p.next_patient;
    // The fixed test clock moves on only with a committed transaction.
    if (p.fixed_clock) *fixed_clock_us_ += 1'000'000;
    directory_.remember_names(p.new_ids);
    patient_ids_.merge(p.new_ids);
    published_.last_tx = p.tx;
    published_.last_seq = txr.last_seq;
    // A synced commit is acknowledged: the commit point moves to it. Should recording it fail,
    // the transaction stays committed and the point catches up at the next commit or close.
    if (sync_writes_) {
        (void)write_commit_point(path_, {p.tx, txr.last_seq, txr.hash}, true);
    }
}

}  // namespace dayzero::store
