// RocksEventStore appends, the write side: building a transaction's WriteBatches (log entries,
// timeline page merges, correction index, hash chain), committing them, and removing what an
// interrupted chunked append staged.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <set>

#include <fmt/format.h>

#include "store/log_segment.h"
#include "store/pending_append.h"
#include "store/table_file.h"

namespace dayzero::store {

void RocksEventStore::encode_chunk(PendingAppend& p, EncodedChunk& out,
                                   rocksdb::WriteBatch& batch) {
    const std::vector<Event>& events = *p.chunk;
    auto* corr_cf = rocks_.cf[RocksHandles::kCorrections];
    // Records are written in place into `records`, which only grows and is kept from chunk to
    // chunk: the spans say which of its bytes are the chunk's.
    std::string& records = out.records;
    if (records.size() < events.size() * 48) records.resize(events.size() * 48);
    size_t used = 0;
    out.spans.clear();
    out.spans.reserve(events.size());
    out.by_patient.clear();
    out.by_patient.reserve(events.size());
    for (size_t i = 0; i < events.size(); ++i) {
        const Event& e = events[i];
        const size_t bound = codec::max_record_size(e);
        if (records.size() - used < bound)
            records.resize(std::max(2 * records.size(), used + bound));
        char* begin = records.data() + used;
        const char* end = codec::encode_record_at(e, p.patient_of[i], p.author, p.source, begin);
        const std::string_view record(begin, static_cast<size_t>(end - begin));
        out.spans.emplace_back(used, record.size());
        used += record.size();
        out.by_patient.emplace_back(p.patient_of[i], i);
        if (e.correction != Correction::kNone) {
            std::string v(1, static_cast<char>(codec::kValueVersion));
            v.push_back(static_cast<char>(e.correction));
            batch.Put(corr_cf, codec::correction_key(e.target_seq, e.seq), v);
        }
        p.hash.add_event(e.seq, e.patient_id, record);
    }
    // By patient, then sequence. A file that lists each patient's rows together (the usual
    // export) arrives sorted already, and checking is far cheaper than sorting.
    if (!std::is_sorted(out.by_patient.begin(), out.by_patient.end()))
        std::sort(out.by_patient.begin(), out.by_patient.end());
}

void RocksEventStore::add_page_operands(const PendingAppend& p, const EncodedChunk& chunk,
                                        rocksdb::WriteBatch& batch, StagedChunk* table) {
    // Each patient's new entries are merged onto its page as one operand, in patient order (the
    // memtable inserts sorted runs far faster than scattered keys).
    const std::vector<Event>& events = *p.chunk;
    const auto& by_patient = chunk.by_patient;
    auto* timeline_cf = rocks_.cf[RocksHandles::kTimeline];
    std::string page;  // only grows; `end` marks the operand's bytes
    char key[4];
    for (size_t i = 0; i < by_patient.size();) {
        const uint32_t patient = by_patient[i].first;
        size_t bound = 0;
        size_t run_end = i;
        for (; run_end < by_patient.size() && by_patient[run_end].first == patient; ++run_end)
            bound += codec::max_page_entry_size(chunk.record(by_patient[run_end].second));
        if (table != nullptr && patient >= p.chunk_first_new_patient) {
            const size_t at = table->pages.size();
            table->pages.resize(at + bound);
            char* end = table->pages.data() + at;
            for (; i < run_end; ++i) {
                const size_t event = by_patient[i].second;
                end = codec::write_page_entry(events[event].seq, chunk.record(event), end);
            }
            const size_t size = static_cast<size_t>(end - (table->pages.data() + at));
            table->pages.resize(at + size);
            table->page_spans.push_back({patient, {at, size}});
            continue;
        }
        if (page.size() < bound) page.resize(std::max(bound, 2 * page.size()));
        char* end = page.data();
        for (; i < run_end; ++i) {
            const size_t event = by_patient[i].second;
            end = codec::write_page_entry(events[event].seq, chunk.record(event), end);
        }
        codec::store_u32_be(key, patient);
        batch.Merge(timeline_cf, rocksdb::Slice(key, sizeof key),
                    rocksdb::Slice(page.data(), static_cast<size_t>(end - page.data())));
    }
}

void RocksEventStore::stage_chunk(PendingAppend& p, rocksdb::WriteBatch& batch) {
    EncodedChunk chunk;
    encode_chunk(p, chunk, batch);
    auto* log_cf = rocks_.cf[RocksHandles::kLog];
    const std::vector<Event>& events = *p.chunk;
    for (size_t i = 0; i < events.size(); ++i)
        batch.Put(log_cf, codec::log_key(events[i].seq), chunk.record(i));
    add_page_operands(p, chunk, batch);
    p.next_seq += events.size();
}

namespace {

// Writes `count` entries into the table file `file`, in key order: `entry(i)` gives entry i's key
// and value. With `drop`, the file also holds the range deletion [drop->first, drop->second),
// which removes older entries once the file is ingested, never the file's own. `what` names the
// entries in messages.
template <class Entry>
Status write_sorted_table(const rocksdb::Options& options, const std::string& file,
                          std::string_view what, size_t count, const Entry& entry,
                          const std::pair<std::string, std::string>* drop = nullptr) {
    // The writer drops the file's pages from the OS cache as it goes (RocksDB's default): keeping
    // them made a chunked append dearer in CPU, not cheaper (store_bench --chunked).
    rocksdb::SstFileWriter writer(rocksdb::EnvOptions(), options, nullptr,
                                  /*invalidate_page_cache=*/true);
    if (auto s = writer.Open(file); !s.ok()) {
        return Status::io_error(fmt::format("creating '{}': {}", file, s.ToString()));
    }
    if (drop != nullptr) {
        if (auto s = writer.DeleteRange(drop->first, drop->second); !s.ok())
            return Status::io_error(fmt::format("writing staged {}: {}", what, s.ToString()));
    }
    for (size_t i = 0; i < count; ++i) {
        const auto [key, value] = entry(i);
        if (auto s = writer.Put(key, value); !s.ok())
            return Status::io_error(fmt::format("writing staged {}: {}", what, s.ToString()));
    }
    if (auto s = writer.Finish(); !s.ok()) {
        return Status::io_error(fmt::format("finishing '{}': {}", file, s.ToString()));
    }
    return Status::ok();
}

// write_sorted_table for keys of kKeyBytes bytes, which `entry(i, key)` writes into `key` (no
// string per entry) before returning the value.
template <size_t kKeyBytes, class Entry>
Status write_table(const rocksdb::Options& options, const std::string& file, std::string_view what,
                   size_t count, const Entry& entry) {
    char key[kKeyBytes];
    return write_sorted_table(options, file, what, count, [&](size_t i) {
        const rocksdb::Slice value = entry(i, key);
        return std::pair(rocksdb::Slice(key, sizeof key), value);
    });
}

// Writes the chunk's log entries (consecutive sequence numbers from `first_seq`; record i is
// `records` at `spans[i]`) into the table file `file` as segments of codec::kLogSegmentEvents
// records.
Status write_log_table(const rocksdb::Options& options, const std::string& file, uint64_t first_seq,
                       std::string_view records,
                       const std::vector<std::pair<size_t, size_t>>& spans) {
    auto record = [&](size_t i) { return records.substr(spans[i].first, spans[i].second); };
    constexpr size_t kPer = codec::kLogSegmentEvents;
    codec::LogSegmentWriter segment;
    const size_t segments = (spans.size() + kPer - 1) / kPer;
    return write_table<8>(options, file, "events", segments, [&](size_t n, char* key) {
        const size_t from = n * kPer;
        const size_t to = std::min(spans.size(), from + kPer);
        codec::store_u64_be(key, first_seq + from);
        segment.start(to - from);
        for (size_t i = from; i < to; ++i)
            segment.add(record(i));
        return rocksdb::Slice(segment.bytes().data(), segment.bytes().size());
    });
}

// Writes whole pages (patient order, none stored before) into the table file `file`.
Status write_page_table(const rocksdb::Options& options, const std::string& file,
                        std::string_view pages,
                        const std::vector<std::pair<uint32_t, std::pair<size_t, size_t>>>& spans) {
    return write_table<4>(options, file, "pages", spans.size(), [&](size_t i, char* key) {
        const auto& [patient, span] = spans[i];
        codec::store_u32_be(key, patient);  // codec::timeline_patient_key's bytes
        return rocksdb::Slice(pages.data() + span.first, span.second);
    });
}

}  // namespace

// Staging a chunk of a chunked append. The log entries of a chunk are consecutive sequence
// numbers beyond everything stored, so they are written as one sorted table file and ingested:
// RocksDB places it directly in the last level, with no WAL, memtable or compaction work for the
// bulk of an import. Order matters for crash recovery, which finds the patients to clean up
// through staged log entries: (1) the staging marker is durable before anything is staged, (2) a
// chunk's log entries are ingested before (3) its page operands and correction entries are
// written, so a staged page entry never exists without its log entry; and chunk n + 1 is written
// only after chunk n (append_chunked waits for one before handing over the next).
Status RocksEventStore::mark_staging(PendingAppend& p) {
    if (p.staged) return Status::ok();
    rocksdb::WriteBatch marker;
    marker.Put(rocks_.cf[RocksHandles::kMeta], codec::kMetaStaging,
               codec::encode_u64_value(p.first_seq));
    if (auto s = write_batch(marker, p.tx, true); !s) return s;
    p.staged = true;
    return Status::ok();
}

void RocksEventStore::encode_staged_chunk(PendingAppend& p, StagedChunk& out) {
    out.batch.Clear();
    out.first_seq = p.chunk_first_seq;
    out.pages.clear();
    out.page_spans.clear();
    encode_chunk(p, out.encoded, out.batch);
    add_page_operands(p, out.encoded, out.batch, &out);
    p.next_seq += out.encoded.spans.size();
}

Status RocksEventStore::build_log_table(uint64_t tx, StagedChunk& chunk) {
    chunk.table_file = fmt::format("{}/staged-{}-{}.sst", path_, tx, chunk.first_seq);
    auto s = write_log_table(log_table_options_, chunk.table_file, chunk.first_seq,
                             chunk.encoded.records, chunk.encoded.spans);
    chunk.page_table_file.clear();
    if (s && !chunk.page_spans.empty()) {
        chunk.page_table_file =
            fmt::format("{}/staged-{}-{}-pages.sst", path_, tx, chunk.first_seq);
        s = write_page_table(page_table_options_, chunk.page_table_file, chunk.pages,
                             chunk.page_spans);
    }
    if (!s) chunk.remove_files();
    return s;
}

Status RocksEventStore::write_staged_chunk(uint64_t tx, StagedChunk& chunk) {
    struct RemoveFiles {
        const StagedChunk& chunk;
        ~RemoveFiles() { chunk.remove_files(); }
    } remove_afterwards{chunk};
    // The log table and the new patients' page table go in together (atomically).
    std::vector<rocksdb::IngestExternalFileArg> tables(1);
    tables[0].column_family = rocks_.cf[RocksHandles::kLog];
    tables[0].external_files = {chunk.table_file};
    if (!chunk.page_table_file.empty()) {
        tables.emplace_back();
        tables[1].column_family = rocks_.cf[RocksHandles::kTimeline];
        tables[1].external_files = {chunk.page_table_file};
    }
    for (auto& table : tables)
        table.options.move_files = true;
    auto is = rocks_.db->IngestExternalFiles(tables);
    if (!is.ok()) {
        return Status::io_error(fmt::format("adding staged events of transaction {} to '{}': {}",
                                            tx, path_, is.ToString()));
    }
    return write_batch(chunk.batch, tx, true);
}

codec::TxRecord RocksEventStore::add_commit(PendingAppend& p, rocksdb::WriteBatch& batch) {
    codec::TxRecord txr;
    txr.tx = p.tx;
    txr.first_seq = p.first_seq;
    txr.last_seq = p.next_seq - 1;
    txr.recorded_at_us = p.recorded_at_us;
    txr.author = p.author;
    txr.reason = p.reason;
    txr.source = p.source;
    txr.prev_hash = head_;
    txr.hash = p.hash.finish(txr);

    auto* patients_cf = rocks_.cf[RocksHandles::kPatients];
    for (const auto& [name, id] : p.new_ids) {
        batch.Put(patients_cf, codec::patient_name_key(name), codec::encode_u32_value(id));
        batch.Put(patients_cf, codec::patient_id_key(id), codec::encode_bytes_value(name));
    }
    batch.Put(rocks_.cf[RocksHandles::kTx], codec::tx_key(p.tx), codec::encode_tx(txr));
    if (p.source.rfind("sha256:", 0) == 0) {
        std::string existing;
        auto* imports_cf = rocks_.cf[RocksHandles::kImports];
        if (rocks_.db->Get(p.ro, imports_cf, p.source, &existing).IsNotFound())
            batch.Put(imports_cf, p.source, codec::encode_u64_value(p.tx));
    }
    auto* meta_cf = rocks_.cf[RocksHandles::kMeta];
    batch.Put(meta_cf, codec::kMetaLastSeq, codec::encode_u64_value(txr.last_seq));
    batch.Put(meta_cf, codec::kMetaLastTx, codec::encode_u64_value(p.tx));
    batch.Put(meta_cf, codec::kMetaNextPatient, codec::encode_u32_value(p.next_patient));
    batch.Put(meta_cf, codec::kMetaHead,
              codec::encode_bytes_value(std::string_view(
                  reinterpret_cast<const char*>(txr.hash.data()), txr.hash.size())));
    if (p.staged) batch.Delete(meta_cf, codec::kMetaStaging);
    return txr;
}

Status RocksEventStore::write_batch(rocksdb::WriteBatch& batch, uint64_t tx, bool always_sync) {
    rocksdb::WriteOptions wo;
    wo.sync = always_sync || options_.sync_writes;
    auto ws = rocks_.db->Write(wo, &batch);
    if (ws.ok()) return Status::ok();
    write_failed_ = true;
    return Status::io_error(
        fmt::format("writing transaction {} to '{}' failed: {}", tx, path_, ws.ToString()));
}

void RocksEventStore::publish(PendingAppend& p, const codec::TxRecord& txr) {
    last_seq_ = txr.last_seq;
    last_tx_ = p.tx;
    head_ = txr.hash;
    // The fixed test clock moves on only with a committed transaction.
    if (p.fixed_clock) {
        *options_.fixed_clock_us += 1'000'000;
    }
    next_patient_ = p.next_patient;
    {
        std::lock_guard cache_lock(cache_mu_);
        for (const auto& [name, id] : p.new_ids)
            names_.emplace(id, name);
    }
    patient_ids_.merge(p.new_ids);
}

Status RocksEventStore::discard_staged(uint64_t from_seq) {
    rocksdb::ReadOptions ro;
    rocksdb::WriteBatch batch;
    // The staged log entries name the patients whose pages carry staged entries.
    std::set<uint32_t> patients;
    const std::string lower = codec::log_key(from_seq);
    // They begin at from_seq exactly: nothing before it is read.
    LogCursor log = log_cursor(ro);
    codec::Record rec;
    bool every_page = false;  // some staged entry cannot be read: look at every page instead
    for (log.seek_entries_from(from_seq); log.valid(); log.next()) {
        if (codec::decode_record(log.record(), rec))
            patients.insert(rec.patient);
        else
            every_page = true;
    }
    auto* timeline_cf = rocks_.cf[RocksHandles::kTimeline];
    if (every_page || !log.status().is_ok()) {
        // Damaged staged entries must not keep the store from opening: the pages say which
        // patients hold entries from from_seq on as well, at the cost of reading them all.
        std::unique_ptr<rocksdb::Iterator> pages(rocks_.db->NewIterator(ro, timeline_cf));
        uint32_t patient = 0;
        for (pages->SeekToFirst(); pages->Valid(); pages->Next()) {
            if (codec::decode_timeline_patient_key(pages->key().ToStringView(), patient))
                patients.insert(patient);
        }
        if (!pages->status().ok())
            return Status::io_error(fmt::format("reading pages: {}", pages->status().ToString()));
    }
    batch.DeleteRange(rocks_.cf[RocksHandles::kLog], lower, std::string(9, '\xff'));
    std::string page;
    std::string kept;
    for (const uint32_t patient : patients) {
        const std::string key = codec::timeline_patient_key(patient);
        auto gs = rocks_.db->Get(ro, timeline_cf, key, &page);
        if (gs.IsNotFound()) continue;
        if (!gs.ok()) return Status::io_error(fmt::format("reading a page: {}", gs.ToString()));
        kept.clear();
        codec::PageReader reader(page);
        uint64_t seq = 0;
        std::string_view record;
        bool staged = false;
        while (reader.next(seq, record)) {
            if (seq < from_seq)
                codec::append_page_entry(seq, record, kept);
            else
                staged = true;
        }
        if (!reader.ok())
            return Status::corruption(fmt::format("patient {}: malformed page", patient));
        if (!staged) continue;  // (every page is looked at when the staged entries were damaged)
        if (kept.empty())
            batch.Delete(timeline_cf, key);
        else
            batch.Put(timeline_cf, key, kept);  // replaces the page and every merged operand
    }
    auto* corr_cf = rocks_.cf[RocksHandles::kCorrections];
    std::unique_ptr<rocksdb::Iterator> corr_it(rocks_.db->NewIterator(ro, corr_cf));
    for (corr_it->SeekToFirst(); corr_it->Valid(); corr_it->Next()) {
        const auto key = corr_it->key();
        if (key.size() == 16 && codec::get_u64_be(key.data() + 8) >= from_seq)
            batch.Delete(corr_cf, key);
    }
    if (!corr_it->status().ok()) {
        return Status::io_error(
            fmt::format("reading corrections: {}", corr_it->status().ToString()));
    }
    batch.Delete(rocks_.cf[RocksHandles::kMeta], codec::kMetaStaging);
    rocksdb::WriteOptions wo;
    wo.sync = true;
    auto ws = rocks_.db->Write(wo, &batch);
    if (!ws.ok()) {
        write_failed_ = true;
        return Status::io_error(fmt::format("removing staged events: {}", ws.ToString()));
    }
    return Status::ok();
}

Status RocksEventStore::recover_staging() {
    // A table file of staged events written but not yet ingested when the writer died.
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(path_, ec)) {
        const std::string name = entry.path().filename().string();
        if (name.rfind("staged-", 0) == 0 && entry.path().extension() == ".sst")
            std::filesystem::remove(entry.path(), ec);
    }
    std::string v;
    auto gs = rocks_.db->Get(rocksdb::ReadOptions(), rocks_.cf[RocksHandles::kMeta],
                             codec::kMetaStaging, &v);
    if (gs.IsNotFound()) return Status::ok();
    if (!gs.ok())
        return Status::io_error(
            fmt::format("reading '{}': {}", codec::kMetaStaging, gs.ToString()));
    // Whatever the marker says, nothing beyond the committed log is part of the store.
    return discard_staged(last_seq_ + 1);
}

Status write_replacing_table(const rocksdb::Options& options, const std::string& file,
                             std::string_view prefix,
                             std::span<const std::pair<std::string, std::string>> entries,
                             const std::pair<std::string, std::string>& drop) {
    std::string key(prefix);
    return write_sorted_table(
        options, file, "projection entries", entries.size(),
        [&](size_t i) {
            key.resize(prefix.size());
            key.append(entries[i].first);
            return std::pair(rocksdb::Slice(key), rocksdb::Slice(entries[i].second));
        },
        &drop);
}

}  // namespace dayzero::store
