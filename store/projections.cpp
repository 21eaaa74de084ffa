#include "store/projections.h"

#include <atomic>
#include <cstdio>
#include <span>
#include <thread>

#include <fmt/format.h>
#include <rocksdb/write_batch.h>

#include "store/codec.h"
#include "store/table_file.h"

namespace dayzero::store {
namespace {

using Entries = std::vector<std::pair<std::string, std::string>>;

// A replacing write of at least this many bytes of entries goes into the store as a table file
// (table_file.h): a whole projection after an import (megabytes for a trial's cohort) then costs
// no WAL record, no memtable inserts and no flush when the store closes. Smaller writes are cheaper
// as a batch than as a file with its fsync and manifest update.
constexpr size_t kTableBytes = size_t{1} << 20;
// A stamp that is never a last_seq (the sequence number after it would not fit).
constexpr uint64_t kNeverCurrent = UINT64_MAX;

std::atomic<uint64_t> g_table_files{0};  // numbers this process's table files

// Projection names end at the 0x00 separator of their keys and the scan bound is name · 0x01,
// so control bytes are not allowed in a name.
Status check_name(std::string_view name) {
    for (const char c : name) {
        if (static_cast<unsigned char>(c) < 0x20) {
            return Status::invalid_argument("a projection name may not contain control bytes");
        }
    }
    if (name.empty()) return Status::invalid_argument("a projection needs a name");
    return Status::ok();
}

// True when `entries` can replace a projection as a table: keys strictly increasing, no
// deletions, and enough bytes to be worth a file.
bool fits_table(const Entries& entries) {
    size_t bytes = 0;
    for (size_t i = 0; i < entries.size(); ++i) {
        if (entries[i].second.empty() || (i > 0 && !(entries[i - 1].first < entries[i].first)))
            return false;
        bytes += entries[i].first.size() + entries[i].second.size();
    }
    return bytes >= kTableBytes;
}

// Writes `entries` (keys stored as `prefix` + key) as table files in `folder` that replace every
// key in [prefix, upper) once ingested together: two halves built side by side (the closing
// steps of an import leave the second core idle), each dropping the old keys of its own part of
// the range. Adds the files to `files`, whatever happened.
Status build_tables(const rocksdb::Options& options, const std::string& folder,
                    const std::string& prefix, const std::string& upper, const Entries& entries,
                    std::vector<std::string>& files) {
    size_t bytes = 0;
    for (const auto& [key, value] : entries)
        bytes += key.size() + value.size();
    size_t split = 0;  // the second half's first entry
    for (size_t half = 0; split + 1 < entries.size() && half < bytes / 2; ++split)
        half += entries[split].first.size() + entries[split].second.size();
    const std::span<const std::pair<std::string, std::string>> all(entries);
    files.push_back(
        fmt::format("{}/{}projection-{}.sst", folder, kStagedFilePrefix, g_table_files++));
    if (split == 0) return write_replacing_table(options, files[0], prefix, all, {prefix, upper});
    const std::string middle = prefix + entries[split].first;
    files.push_back(
        fmt::format("{}/{}projection-{}.sst", folder, kStagedFilePrefix, g_table_files++));
    Status second = Status::ok();
    {
        std::jthread builder([&] {
            second = write_replacing_table(options, files[1], prefix, all.subspan(split),
                                           {middle, upper});
        });
        const Status first =
            write_replacing_table(options, files[0], prefix, all.first(split), {prefix, middle});
        if (!first) return first;
    }
    return second;
}

}  // namespace

Status Projections::unstamp(std::string_view name) {
    const auto stamp = this->stamp(name);
    if (!stamp || *stamp < published_.last_seq || *stamp == kNeverCurrent) return Status::ok();
    rocksdb::WriteBatch unstamp;
    unstamp.Delete(rocks_.family(RocksHandles::kMeta), codec::projection_stamp_key(name));
    if (auto ws = rocks_.write(unstamp, true); !ws.ok()) {
        return Status::io_error(
            fmt::format("writing projection '{}' to '{}' failed: {}", name, path_, ws.ToString()));
    }
    return Status::ok();
}

Status Projections::ingest_and_stamp(std::string_view name, const std::vector<std::string>& files,
                                     uint64_t valid_at_seq) {
    rocksdb::IngestExternalFileOptions io;
    io.move_files = true;
    if (auto is =
            rocks_.db->IngestExternalFile(rocks_.family(RocksHandles::kProjections), files, io);
        !is.ok()) {
        rocks_.note_failed_write();
        return Status::io_error(
            fmt::format("writing projection '{}' to '{}' failed: {}", name, path_, is.ToString()));
    }
    return write(name, {}, valid_at_seq, false);
}

Status Projections::write(std::string_view name, const Entries& entries, uint64_t valid_at_seq,
                          bool replace_all) try {
    if (auto s = check_name(name); !s) return s;
    auto* cf = rocks_.family(RocksHandles::kProjections);
    const std::string lower = codec::projection_key(name, "");
    const std::string upper = codec::projection_key(std::string(name) + '\x01', "");
    if (replace_all && fits_table(entries)) {
        // The entries change before the stamp does (below), so a stamp that is, or could still
        // become, current goes first, durably: no reader takes the new entries for its state.
        if (auto s = unstamp(name); !s) return s;
        // The tables' range deletions drop the old entries as they land, atomically. Their
        // names are ones Staging::recover removes if the process dies before they are ingested.
        std::vector<std::string> files;
        auto s = build_tables(table_options_, path_, lower, upper, entries, files);
        if (s) s = ingest_and_stamp(name, files, valid_at_seq);
        for (const auto& file : files)
            std::remove(file.c_str());  // an ingested file is linked into the store by then
        return s;
    }
    rocksdb::WriteBatch batch;
    if (replace_all) batch.DeleteRange(cf, lower, upper);
    for (const auto& [key, bytes] : entries) {
        if (bytes.empty())
            batch.Delete(cf, codec::projection_key(name, key));
        else
            batch.Put(cf, codec::projection_key(name, key), bytes);
    }
    batch.Put(rocks_.family(RocksHandles::kMeta), codec::projection_stamp_key(name),
              codec::encode_u64_value(valid_at_seq));
    // Not synced: a projection lost in a crash is only stale, and is rebuilt from the log.
    if (auto ws = rocks_.write(batch, false); !ws.ok()) {
        return Status::io_error(
            fmt::format("writing projection '{}' to '{}' failed: {}", name, path_, ws.ToString()));
    }
    return Status::ok();
} catch (const std::exception& e) {
    return Status::io_error(fmt::format("writing projection '{}' failed: {}", name, e.what()));
}

Status Projections::replace(std::string_view name, const ProjectionSource& next,
                            uint64_t valid_at_seq) try {
    if (auto s = check_name(name); !s) return s;
    const std::string lower = codec::projection_key(name, "");
    const std::string upper = codec::projection_key(std::string(name) + '\x01', "");
    if (auto s = unstamp(name); !s) return s;
    const std::vector<std::string> files = {
        fmt::format("{}/{}projection-{}.sst", path_, kStagedFilePrefix, g_table_files++)};
    const std::pair<std::string, std::string> range{lower, upper};
    std::string key = lower;
    std::string bytes;
    Status failed = Status::ok();
    Status s = write_streamed_table(
        table_options_, files[0], "projection entries",
        [&](rocksdb::Slice& k, rocksdb::Slice& v) {
            key.resize(lower.size());
            std::string suffix;
            if (!next(suffix, bytes, failed)) return false;
            key.append(suffix);
            k = key;
            v = bytes;
            return true;
        },
        &range);
    if (s && !failed) s = failed;
    if (s) s = ingest_and_stamp(name, files, valid_at_seq);
    std::remove(files[0].c_str());  // an ingested file is linked into the store by then
    return s;
} catch (const std::exception& e) {
    return Status::io_error(fmt::format("writing projection '{}' failed: {}", name, e.what()));
}

std::optional<uint64_t> Projections::stamp(std::string_view name) const {
    if (!check_name(name)) return std::nullopt;
    std::string v;
    auto s = rocks_.db->Get(rocksdb::ReadOptions(), rocks_.family(RocksHandles::kMeta),
                            codec::projection_stamp_key(name), &v);
    if (!s.ok()) return std::nullopt;
    auto seq = codec::decode_u64_value(v, "projection stamp");
    if (!seq) return std::nullopt;
    return *seq;
}

Status Projections::scan(std::string_view name, const ProjectionVisitor& visit) const {
    if (auto s = check_name(name); !s) return s;
    const std::string lower = codec::projection_key(name, "");
    const std::string upper = codec::projection_key(std::string(name) + '\x01', "");
    rocksdb::Slice upper_slice(upper);
    rocksdb::ReadOptions ro;
    ro.iterate_upper_bound = &upper_slice;
    // Callers read a projection once per pass (and keep what they need): its blocks would only
    // fill the cache, so memory would grow with the cohort up to the cache's size.
    ro.fill_cache = false;
    std::unique_ptr<rocksdb::Iterator> it(
        rocks_.db->NewIterator(ro, rocks_.family(RocksHandles::kProjections)));
    for (it->Seek(lower); it->Valid(); it->Next()) {
        if (!visit(it->key().ToStringView().substr(lower.size()), it->value().ToStringView()))
            return Status::ok();
    }
    if (!it->status().ok()) {
        return Status::io_error(
            fmt::format("reading projection '{}': {}", name, it->status().ToString()));
    }
    return Status::ok();
}

}  // namespace dayzero::store
