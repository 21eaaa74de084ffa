// RocksEventStore reads: timelines, patient streaming, the raw log, transactions.
#include <algorithm>
#include <mutex>
#include <thread>
#include <tuple>

#include <fmt/format.h>

#include "store/prefetch_queue.h"
#include "store/rocks_event_store.h"

namespace dayzero::store {
namespace {

// Read options pinned to one snapshot for the writer, so a multi-step read sees one state.
// (A secondary reader's state changes only in refresh(), so it reads without a snapshot.)
// `visible_seq` is the last committed sequence number, read BEFORE the snapshot is taken: entries
// beyond it belong to a chunked append still being staged (or abandoned) and are never shown.
class ReadView {
  public:
    ReadView(rocksdb::DB* db, bool use_snapshot, uint64_t last_seq)
        : visible_seq(last_seq), db_(db) {
        if (use_snapshot) {
            snapshot_ = db_->GetSnapshot();
            ro.snapshot = snapshot_;
        }
    }
    ~ReadView() {
        if (snapshot_ != nullptr) db_->ReleaseSnapshot(snapshot_);
    }
    ReadView(const ReadView&) = delete;
    ReadView& operator=(const ReadView&) = delete;

    rocksdb::ReadOptions ro;
    const uint64_t visible_seq;

  private:
    rocksdb::DB* db_;
    const rocksdb::Snapshot* snapshot_ = nullptr;
};

// for_each_patient reads with this many threads, hands patients over in batches of this size,
// keeps this many batches per reader ready ahead of its visitor, and recycles at most this many
// event vectors.
constexpr size_t kReaderThreads = 2;
constexpr size_t kPatientsPerBatch = 8;
constexpr size_t kPrefetchBatches = 4;
constexpr size_t kSpareVectors = 64;

Status iterator_status(const rocksdb::Iterator& it, std::string_view what) {
    if (it.status().ok()) return Status::ok();
    return Status::io_error(fmt::format("{}: {}", what, it.status().ToString()));
}

}  // namespace

Result<std::vector<Event>> RocksEventStore::timeline(const std::string& patient_id,
                                                     const TimelineQuery& query) const {
    ReadView view(rocks_.db, !options_.read_only, last_seq());
    auto compact = directory_.find_patient(patient_id, view.ro);
    if (!compact) return compact.status();
    if (!*compact) return Status::not_found(fmt::format("unknown patient '{}'", patient_id));
    std::vector<Event> events;
    if (auto s = pages_.view(**compact, patient_id, query, view.ro, view.visible_seq, events); !s)
        return s;
    return events;
}

Status RocksEventStore::for_each_patient(const PatientVisitor& visit, const AsOf& as_of,
                                         Provenance provenance) const {
    return for_each_patient_worked(
        {},
        [&](const std::string& id, std::vector<Event>& events, std::any&) {
            return visit(id, events);
        },
        as_of, provenance);
}

Status RocksEventStore::for_each_patient_worked(const PatientWork& work,
                                                const WorkedPatientVisitor& visit,
                                                const AsOf& as_of, Provenance provenance) const {
    ReadView view(rocks_.db, !options_.read_only, last_seq());
    // A pass over every patient reads each page once: caching its blocks would only push out
    // what single-patient reads keep warm, and make the pass's memory grow with the cohort
    // until the cache is full (a page is about one block, so nothing is read twice).
    view.ro.fill_cache = false;
    std::vector<std::pair<std::string, uint32_t>> patients;  // id order
    if (auto s = directory_.scan_patient_names(view.ro,
                                               [&](std::string_view name, std::string_view value) {
                                                   auto compact = codec::decode_u32_value(
                                                       value, "patient number");
                                                   if (!compact) return compact.status();
                                                   patients.emplace_back(name, *compact);
                                                   return Status::ok();
                                               });
        !s)
        return s;
    // Reader threads decode timelines a few patients ahead of the visitor, and do `work` on each
    // (a derivation), so reading the store and deriving share every core: left to the visitor's
    // one thread, a derivation would bound the pass. Patients travel in
    // batches of consecutive patients (one wake-up per batch); reader k takes batches k, k + n,
    // k + 2n ... and the visitor takes them round-robin, so patients still arrive in id order.
    // The event vectors the visitor is done with go back to the readers, which decode the next
    // patients over them: their strings' buffers are reused instead of allocated per event.
    struct Item {
        const std::string* id;
        std::vector<Event> events;
        std::any worked;  // what `work` gave for it
    };
    using Batch = std::vector<Item>;
    const size_t batches = (patients.size() + kPatientsPerBatch - 1) / kPatientsPerBatch;
    const size_t readers = std::min(kReaderThreads, std::max<size_t>(batches, 1));
    std::vector<std::unique_ptr<PrefetchQueue<Batch>>> queues;
    for (size_t k = 0; k < readers; ++k)
        queues.push_back(std::make_unique<PrefetchQueue<Batch>>(kPrefetchBatches));
    std::mutex spare_mu;
    std::vector<std::vector<Event>> spare;
    auto take_spare = [&] {
        std::lock_guard lock(spare_mu);
        if (spare.empty()) return std::vector<Event>();
        std::vector<Event> v = std::move(spare.back());
        spare.pop_back();
        return v;
    };
    auto read_batches = [&](size_t k) {
        PrefetchQueue<Batch>& queue = *queues[k];
        try {
            TimelineQuery query;
            query.as_of = as_of;
            query.provenance = provenance;
            std::vector<Event> events;
            std::vector<rocksdb::PinnableSlice> pages;
            for (size_t b = k; b < batches; b += readers) {
                Batch batch;  // may end up empty: it still keeps the round-robin in step
                const size_t begin = b * kPatientsPerBatch;
                const size_t end = std::min(patients.size(), begin + kPatientsPerBatch);
                const std::span<const std::pair<std::string, uint32_t>> batch_patients(
                    patients.data() + begin, end - begin);
                if (auto s = pages_.fetch(batch_patients, view.ro, pages); !s)
                    return queue.close(s);
                for (size_t i = begin; i < end; ++i) {
                    if (queue.stopped()) return;
                    if (events.capacity() == 0) events = take_spare();
                    const std::string& name = patients[i].first;
                    auto s = pages_.view(pages[i - begin].ToStringView(), name, query, view.ro,
                                         view.visible_seq, events);
                    if (!s) return queue.close(s);
                    // A patient with nothing visible (not yet recorded, all retracted): skipped.
                    if (events.empty()) continue;
                    std::any worked;
                    if (work) worked = work(name, events);
                    batch.push_back({&name, std::move(events), std::move(worked)});
                    events = std::vector<Event>();
                }
                if (!queue.push(std::move(batch))) return;
            }
            queue.close();
        } catch (const std::exception& e) {
            queue.close(Status::io_error(fmt::format("reading patients: {}", e.what())));
        }
    };
    std::vector<std::thread> threads;
    // Joined on every exit, including a visitor that throws.
    struct JoinReaders {
        std::vector<std::unique_ptr<PrefetchQueue<Batch>>>& queues;
        std::vector<std::thread>& threads;
        ~JoinReaders() {
            for (auto& q : queues)
                q->stop();
            for (auto& t : threads)
                t.join();
        }
    } join{queues, threads};
    for (size_t k = 0; k < readers; ++k)
        threads.emplace_back(read_batches, k);
    for (size_t b = 0;; ++b) {
        PrefetchQueue<Batch>& queue = *queues[b % readers];
        auto batch = queue.pop();
        // This reader is done: every batch before b was visited, and batch b does not exist
        // unless the reader failed.
        if (!batch) return queue.failure();
        for (Item& item : *batch) {
            if (!visit(*item.id, item.events, item.worked)) return Status::ok();
            std::lock_guard lock(spare_mu);
            if (spare.size() < kSpareVectors) spare.push_back(std::move(item.events));
        }
    }
}

Status RocksEventStore::scan_log(uint64_t from_seq, uint64_t to_seq,
                                 const EventVisitor& visit) const {
    if (from_seq == 0) from_seq = 1;
    ReadView view(rocks_.db, !options_.read_only, last_seq());
    to_seq = std::min(to_seq, view.visible_seq);
    if (from_seq > to_seq) return Status::ok();
    rocksdb::ReadOptions ro = view.ro;
    const std::string upper = codec::log_key(to_seq == UINT64_MAX ? to_seq : to_seq + 1);
    rocksdb::Slice upper_slice(upper);
    if (to_seq != UINT64_MAX) ro.iterate_upper_bound = &upper_slice;
    LogCursor log = log_.cursor(ro);
    codec::Record rec;
    // (A segment begun before the bound may run past `to_seq`.)
    for (log.seek(from_seq); log.valid() && log.seq() <= to_seq; log.next()) {
        if (auto s = codec::decode_record(log.record(), rec); !s) {
            return Status::corruption(fmt::format("event {}: {}", log.seq(), s.message()));
        }
        if (auto s = directory_.complete(rec, log.seq(), view.ro); !s) return s;
        if (!visit(rec.event)) return Status::ok();
    }
    return log.status();
}

Result<Event> RocksEventStore::event(uint64_t seq) const {
    if (seq > last_seq()) return Status::not_found(fmt::format("no event with sequence {}", seq));
    return directory_.read_event(seq, rocksdb::ReadOptions());
}

Result<std::vector<Event>> RocksEventStore::corrections_of(uint64_t seq) const {
    ReadView view(rocks_.db, !options_.read_only, last_seq());
    if (seq > view.visible_seq)
        return Status::not_found(fmt::format("no event with sequence {}", seq));
    if (auto target = directory_.read_event(seq, view.ro); !target) return target.status();
    const std::string lower = codec::correction_key(seq, 0);
    const std::string upper = codec::correction_key(seq + 1, 0);
    rocksdb::Slice upper_slice(upper);
    rocksdb::ReadOptions ro = view.ro;
    ro.iterate_upper_bound = &upper_slice;
    std::unique_ptr<rocksdb::Iterator> it(
        rocks_.db->NewIterator(ro, rocks_.family(RocksHandles::kCorrections)));
    std::vector<Event> out;
    for (it->Seek(lower); it->Valid(); it->Next()) {
        if (it->key().size() != 16) return Status::corruption("malformed correction key");
        const uint64_t correcting = codec::get_u64_be(it->key().data() + 8);
        if (correcting > view.visible_seq) continue;  // staged, not committed
        auto e = directory_.read_event(correcting, view.ro);
        if (!e) return e.status();
        out.push_back(std::move(e.value()));
    }
    if (auto s = iterator_status(*it, "reading corrections"); !s) return s;
    return out;
}

Result<TransactionInfo> RocksEventStore::transaction(uint64_t tx) const {
    auto rec = directory_.read_tx(tx, rocksdb::ReadOptions());
    if (!rec) return rec.status();
    return to_info(**rec);
}

std::optional<TransactionInfo> RocksEventStore::find_import(const std::string& source) const {
    rocksdb::ReadOptions ro;
    std::string v;
    if (!rocks_.db->Get(ro, rocks_.family(RocksHandles::kImports), source, &v).ok()) return {};
    auto tx = codec::decode_u64_value(v, "import");
    if (!tx) return {};
    auto info = transaction(*tx);
    if (!info) return {};
    return std::move(info.value());
}

Result<std::vector<std::string>> RocksEventStore::patients() const {
    std::vector<std::string> out;
    if (auto s = directory_.scan_patient_names(rocksdb::ReadOptions(),
                                               [&](std::string_view name, std::string_view) {
                                                   out.emplace_back(name);
                                                   return Status::ok();
                                               });
        !s)
        return s;
    return out;
}

}  // namespace dayzero::store
