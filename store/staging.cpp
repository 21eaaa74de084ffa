#include "store/staging.h"

#include <filesystem>
#include <set>
#include <utility>

#include <fmt/format.h>
#include <rocksdb/convenience.h>

#include "store/codec.h"
#include "store/table_file.h"

namespace dayzero::store {

Status Staging::mark(uint64_t tx, uint64_t first_seq) {
    rocksdb::WriteBatch marker;
    marker.Put(rocks_.family(RocksHandles::kMeta), codec::kMetaStaging,
               codec::encode_u64_value(first_seq));
    if (auto ws = rocks_.write(marker, true); !ws.ok()) {
        return Status::io_error(
            fmt::format("writing transaction {} to '{}' failed: {}", tx, path_, ws.ToString()));
    }
    return Status::ok();
}

namespace {

// A group is written before its waiting batches hold more than this, whatever its event count:
// a cumulative import into existing patients puts every event's page entry into the batches.
constexpr size_t kGroupBatchBytes = size_t{16} << 20;

// One of `spares` (emptied earlier, its memory kept), or a new one when there is none.
template <class T>
T take_spare(std::vector<T>& spares) {
    if (spares.empty()) return T();
    T spare = std::move(spares.back());
    spares.pop_back();
    return spare;
}

}  // namespace

Status Staging::add(uint64_t tx, StagedChunk& chunk, StagedGroup& group) const {
    // Named after the group's first sequence number, under the prefix recover() removes.
    const auto name = [&](std::string_view suffix) {
        return fmt::format("{}/{}{}-{}{}.sst", path_, kStagedFilePrefix, tx, chunk.first_seq,
                           suffix);
    };
    if (!group.log.is_open()) {
        if (auto s = group.log.open(log_table_options_, name(""), "events"); !s) return s;
    }
    if (auto s = add_log_segments(group.log, chunk.first_seq, chunk.encoded); !s) return s;
    if (!chunk.pages.spans.empty()) {
        if (!group.pages.is_open()) {
            if (auto s = group.pages.open(page_table_options_, name("-pages"), "pages"); !s)
                return s;
        }
        if (auto s = TimelinePages::add_to_table(group.pages, chunk.pages); !s) return s;
    }
    // The chunk's buffers go to the group, and spare ones, if any, take their place.
    auto hand_over = [](auto& from, auto& to, auto& spares) {
        to.push_back(std::move(from));
        from = take_spare(spares);
    };
    if (chunk.batch.Count() > 0) hand_over(chunk.batch, group.batches, group.spare_batches);
    if (!chunk.operands.spans.empty())
        hand_over(chunk.operands, group.operands, group.spare_operands);
    return Status::ok();
}

bool Staging::fills(GroupFill& fill, const StagedChunk& chunk) const {
    fill.events += chunk.encoded.spans.size();
    if (chunk.batch.Count() > 0) fill.batch_bytes += chunk.batch.GetDataSize();
    fill.batch_bytes += chunk.operands.bytes.size();
    if (fill.events < table_events_ && fill.batch_bytes < kGroupBatchBytes) return false;
    fill = GroupFill();
    return true;
}

Status Staging::place_operands(StagedGroup& group, std::string& table_file) const {
    if (group.operands.empty()) return Status::ok();
    size_t bytes = 0;
    for (const auto& operands : group.operands)
        bytes += operands.bytes.size();
    if (bytes >= operand_table_bytes_) {
        table_file = group.log.file();
        table_file.insert(table_file.size() - 4, "-operands");  // before ".sst"
        return TimelinePages::write_operand_table(page_table_options_, table_file, group.operands);
    }
    // Into a batch of its own, written with the others.
    rocksdb::WriteBatch batch = take_spare(group.spare_batches);
    for (const auto& operands : group.operands)
        pages_.add_operands(operands, batch);
    group.batches.push_back(std::move(batch));
    return Status::ok();
}

Status Staging::write(uint64_t tx, StagedGroup& group) {
    struct DiscardAfterwards {
        StagedGroup& group;
        ~DiscardAfterwards() { group.discard(); }
    } discard_afterwards{group};
    if (group.empty()) return Status::ok();
    // Named like the group's other files (add()), under the prefix recover() removes.
    struct RemoveIfLeft {
        std::string file;
        ~RemoveIfLeft() {
            std::error_code ignored;  // ingestion moved it away, or a failure left it
            if (!file.empty()) std::filesystem::remove(file, ignored);
        }
    } operand_table;
    if (auto s = place_operands(group, operand_table.file); !s) return s;
    // The log table, the new patients' page table and the page operands go in together
    // (atomically). The operands' patients were stored before the group, the new pages' were
    // not: the two timeline tables never overlap.
    std::vector<rocksdb::IngestExternalFileArg> tables;
    if (auto s = group.log.finish(); !s) return s;
    tables.emplace_back().column_family = rocks_.family(RocksHandles::kLog);
    tables.back().external_files = {group.log.file()};
    std::vector<std::string> timeline_files;
    if (group.pages.is_open()) {
        if (auto s = group.pages.finish(); !s) return s;
        timeline_files.push_back(group.pages.file());
    }
    if (!operand_table.file.empty()) timeline_files.push_back(operand_table.file);
    if (!timeline_files.empty()) {
        tables.emplace_back().column_family = rocks_.family(RocksHandles::kTimeline);
        tables.back().external_files = std::move(timeline_files);
    }
    for (auto& arg : tables)
        arg.options.move_files = true;
    auto is = rocks_.db->IngestExternalFiles(tables);
    if (!is.ok()) {
        rocks_.note_failed_write();
        return Status::io_error(fmt::format("adding staged events of transaction {} to '{}': {}",
                                            tx, path_, is.ToString()));
    }
    // Not synced: nothing staged counts before the commit batch, whose synced write makes every
    // earlier write durable too, and recovery removes whatever a crash leaves beyond it.
    for (auto& batch : group.batches) {
        if (auto ws = rocks_.write(batch, false); !ws.ok()) {
            return Status::io_error(
                fmt::format("writing transaction {} to '{}' failed: {}", tx, path_, ws.ToString()));
        }
        batch.Clear();
        group.spare_batches.push_back(std::move(batch));
    }
    for (auto& operands : group.operands) {
        operands.clear();
        group.spare_operands.push_back(std::move(operands));
    }
    return Status::ok();
}

Status Staging::discard(uint64_t from_seq, uint32_t first_new_patient) {
    rocksdb::ReadOptions ro;
    rocksdb::WriteBatch batch;
    // The staged log entries name the patients whose pages carry staged entries.
    std::set<uint32_t> patients;
    // They begin at from_seq exactly: nothing before it is read.
    LogCursor log = log_.cursor(ro);
    codec::Record rec;
    bool every_page = false;  // some staged entry cannot be read: look at every page instead
    for (log.seek_entries_from(from_seq); log.valid(); log.next()) {
        if (codec::decode_record(log.record(), rec))
            patients.insert(rec.patient);
        else
            every_page = true;
    }
    // Damaged staged entries must not keep the store from opening: the pages say which patients
    // hold entries from from_seq on as well, at the cost of reading them all.
    every_page = every_page || !log.status().is_ok();
    batch.DeleteRange(rocks_.family(RocksHandles::kLog), codec::log_key(from_seq),
                      std::string(9, '\xff'));
    if (auto s = pages_.drop_from(from_seq, patients, every_page, batch); !s) return s;
    auto* corr_cf = rocks_.family(RocksHandles::kCorrections);
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
    batch.Delete(rocks_.family(RocksHandles::kMeta), codec::kMetaStaging);
    if (auto ws = rocks_.write(batch, true); !ws.ok())
        return Status::io_error(fmt::format("removing staged events: {}", ws.ToString()));
    return release_files(from_seq, first_new_patient);
}

Status Staging::release_files(uint64_t from_seq, uint32_t first_new_patient) {
    // The range deletions above hide the staged entries at once but would give their space back
    // only at some later compaction, which a full disk may never allow, so every retry would
    // stage beside the dead copies of the last attempt. Nothing in these ranges is committed
    // (log keys from from_seq on, pages of patients numbered from first_new_patient on): the
    // table files wholly inside them are removed, and what is left there (files of level 0,
    // where a chunk lands when it overlaps an earlier attempt's deletions, and the deletions
    // themselves) is compacted away, which writes next to nothing.
    const std::string log_from = codec::log_key(from_seq);
    const std::string page_from = codec::timeline_patient_key(first_new_patient);
    const rocksdb::Slice log_begin(log_from);
    const rocksdb::Slice page_begin(page_from);
    rocksdb::CompactRangeOptions compact;
    compact.bottommost_level_compaction = rocksdb::BottommostLevelCompaction::kForce;
    compact.exclusive_manual_compaction = false;  // background compactions elsewhere go on
    for (const auto& [family, begin] : {std::pair{RocksHandles::kLog, &log_begin},
                                        std::pair{RocksHandles::kTimeline, &page_begin}}) {
        auto* cf = rocks_.family(family);
        auto s = rocksdb::DeleteFilesInRange(rocks_.db, cf, begin, nullptr);
        if (s.ok()) s = rocks_.db->CompactRange(compact, cf, begin, nullptr);
        if (!s.ok()) {
            return Status::io_error(
                fmt::format("giving back the space of staged events: {}", s.ToString()));
        }
    }
    return Status::ok();
}

Status Staging::recover(uint64_t committed_seq, uint32_t next_patient) {
    // A table file staged but not yet ingested when the writer died.
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(path_, ec)) {
        const std::string name = entry.path().filename().string();
        if (name.starts_with(kStagedFilePrefix) && entry.path().extension() == ".sst")
            std::filesystem::remove(entry.path(), ec);
    }
    std::string v;
    auto gs = rocks_.db->Get(rocksdb::ReadOptions(), rocks_.family(RocksHandles::kMeta),
                             codec::kMetaStaging, &v);
    if (gs.IsNotFound()) {
        // A failed append whose clean-up removed the entries but could not give their space
        // back (a full disk) left no marker: the space is given back here. Only space is at
        // stake, so a failure (the disk still full) does not keep the writer out.
        (void)release_files(committed_seq + 1, next_patient);
        return Status::ok();
    }
    if (!gs.ok())
        return Status::io_error(
            fmt::format("reading '{}': {}", codec::kMetaStaging, gs.ToString()));
    // Whatever the marker says, nothing beyond the committed log is part of the store.
    return discard(committed_seq + 1, next_patient);
}

}  // namespace dayzero::store
