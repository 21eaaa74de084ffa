#include "store/rocks_event_store.h"
#include "store/folder_guard.h"
#include "store/page_merge.h"

#include <sys/stat.h>
#include <unistd.h>
#include <filesystem>
#include <fstream>
#include <random>

#include <fmt/format.h>
#include <rocksdb/convenience.h>
#include <rocksdb/table.h>
#include <rocksdb/write_batch.h>

namespace dayzero::store {
namespace fs = std::filesystem;

namespace {

// Caches grow only with what callers read; past this size they are simply dropped.
constexpr size_t kMaxCacheEntries = 200000;

std::string marker_text() {
    return fmt::format("dayzero event store\nformat {}\n", codec::kFormatVersion);
}

// Reads the format number from the marker file; 0 when unreadable.
uint32_t read_marker_format(const fs::path& marker) {
    std::ifstream in(marker);
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind("format ", 0) == 0) {
            try {
                return static_cast<uint32_t>(std::stoul(line.substr(7)));
            } catch (...) {
                return 0;
            }
        }
    }
    return 0;
}

// Why a store in format `found` (the marker's or meta/format_version) cannot be opened.
Status format_refused(const std::string& path, uint32_t found) {
    if (found > codec::kFormatVersion) {
        return Status::version_mismatch(
            fmt::format("store '{}' was written by a newer dayzero (format {}; this build reads "
                        "format {})",
                        path, found, codec::kFormatVersion));
    }
    return Status::version_mismatch(
        fmt::format("store '{}' was written in format {}, which this build no longer reads (it "
                    "reads format {}); import the source files into a new store",
                    path, found, codec::kFormatVersion));
}

Status write_marker(const fs::path& dir) {
    const fs::path tmp = dir / (std::string(codec::kMarkerFile) + ".tmp");
    {
        std::ofstream out(tmp, std::ios::trunc);
        out << marker_text();
        out.flush();
        if (!out) return Status::io_error(fmt::format("cannot write {}", tmp.string()));
    }
    std::error_code ec;
    fs::rename(tmp, dir / codec::kMarkerFile, ec);
    if (ec)
        return Status::io_error(fmt::format("cannot create {}: {}", tmp.string(), ec.message()));
    return Status::ok();
}

Status from_rocks(const rocksdb::Status& s, std::string_view context) {
    if (s.ok()) return Status::ok();
    if (s.IsCorruption()) return Status::corruption(fmt::format("{}: {}", context, s.ToString()));
    return Status::io_error(fmt::format("{}: {}", context, s.ToString()));
}

std::string make_secondary_dir() {
    std::random_device rd;
    const fs::path dir =
        fs::temp_directory_path() / fmt::format("dayzero-reader-{}-{:08x}", ::getpid(), rd());
    std::error_code ec;
    fs::create_directories(dir, ec);
    return dir.string();
}

}  // namespace

RocksHandles::~RocksHandles() {
    close();
}

void RocksHandles::close() {
    if (db == nullptr) return;
    for (auto* h : cf) {
        if (h != nullptr) db->DestroyColumnFamilyHandle(h).PermitUncheckedError();
    }
    cf.clear();
    db->Close().PermitUncheckedError();
    delete db;
    db = nullptr;
}

std::vector<std::string> RocksHandles::family_names() {
    return {rocksdb::kDefaultColumnFamilyName,
            codec::kCfLog,
            codec::kCfTimeline,
            codec::kCfPatients,
            codec::kCfImports,
            codec::kCfTx,
            codec::kCfCorrections,
            codec::kCfMeta,
            codec::kCfProjections};
}

RocksEventStore::RocksEventStore(std::string path, OpenOptions options)
    : path_(std::move(path)), options_(options) {}

RocksEventStore::~RocksEventStore() {
    // A writer flushes its memtables on close: otherwise every later reader (a secondary
    // instance) replays the whole WAL into memory at open, which after a large import makes
    // every reader slow to open and large in memory.
    if (!options_.read_only && !write_failed_ && rocks_.db != nullptr && !rocks_.cf.empty()) {
        rocks_.db->Flush(rocksdb::FlushOptions(), rocks_.cf).PermitUncheckedError();
    }
    rocks_.close();  // before removing the secondary folder the reader works in
    if (!secondary_path_.empty()) {
        std::error_code ec;
        fs::remove_all(secondary_path_, ec);
    }
}

Result<std::unique_ptr<EventStore>> RocksEventStore::open_store(const std::string& path,
                                                                const OpenOptions& options) {
    const fs::path dir(path);
    std::error_code ec;
    bool creating = false;
    if (!fs::exists(dir, ec)) {
        if (options.read_only || !options.create_if_missing) {
            return Status::not_found(fmt::format("no dayzero store at '{}'", path));
        }
        if (!fs::create_directories(dir, ec) || ec) {
            return Status::io_error(
                fmt::format("cannot create store folder '{}': {}", path, ec.message()));
        }
        ::chmod(dir.c_str(), 0700);  // patient data: owner only
        creating = true;
    } else {
        if (!fs::is_directory(dir, ec)) {
            return Status::not_a_store(fmt::format("'{}' is not a folder", path));
        }
        const fs::path marker = dir / codec::kMarkerFile;
        if (!fs::exists(marker, ec)) {
            if (!fs::is_empty(dir, ec) || options.read_only || !options.create_if_missing) {
                return Status::not_a_store(fmt::format(
                    "'{}' exists but is not a dayzero store (no {} file); nothing was changed",
                    path, codec::kMarkerFile));
            }
            ::chmod(dir.c_str(), 0700);
            creating = true;
        } else {
            const uint32_t format = read_marker_format(marker);
            if (format == 0) {
                return Status::not_a_store(
                    fmt::format("'{}': unreadable {} file", path, codec::kMarkerFile));
            }
            if (format != codec::kFormatVersion) return format_refused(path, format);
            // A marker without RocksDB files: creation was interrupted before the first write.
            creating = !fs::exists(dir / "CURRENT", ec);
            if (creating && options.read_only) {
                return Status::not_found(fmt::format("store '{}' is empty", path));
            }
        }
    }
    if (creating) {
        if (auto s = write_marker(dir); !s) return s;
    }
    std::unique_ptr<RocksEventStore> store(new RocksEventStore(path, options));
    if (auto s = store->open_db(creating); !s) return s;
    return std::unique_ptr<EventStore>(std::move(store));
}

namespace {

// RocksDB's own info log is not written. Its file logger aborts the process (an assertion in
// WritableFileWriter) when the disk fills up and a background thread logs the recovery, so a
// full disk would crash dayzero after the failed write had been reported cleanly. Every problem
// that matters reaches the user as a Status instead.
class DiscardLogger final : public rocksdb::Logger {
  public:
    DiscardLogger() : rocksdb::Logger(rocksdb::InfoLogLevel::HEADER_LEVEL) {}
    using rocksdb::Logger::Logv;
    void Logv(const char* /*format*/, va_list /*ap*/) override {}
};

}  // namespace

Status RocksEventStore::open_db(bool creating) {
    rocksdb::Options opts;
    opts.create_if_missing = creating;
    // A writer adds families introduced after the store was created (e.g. projections).
    opts.create_missing_column_families = !options_.read_only;
    opts.IncreaseParallelism(2);
    opts.max_open_files = -1;  // required by secondary instances; cheap for our file counts
    opts.info_log_level = rocksdb::InfoLogLevel::WARN_LEVEL;
    opts.keep_log_file_num = 2;
    // The small families (meta, tx) change at every commit but rarely fill a memtable; without a
    // cap they would pin every WAL file (up to 4x the sum of write buffers) until they flush.
    opts.max_total_wal_size = 128u << 20;

    rocksdb::ColumnFamilyOptions cfo;
    cfo.write_buffer_size = 64u << 20;
    for (auto c : rocksdb::GetSupportedCompressions()) {
        if (c == rocksdb::kLZ4Compression) cfo.compression = rocksdb::kLZ4Compression;
        // The settled bulk of the data is worth the denser codec.
        if (c == rocksdb::kZSTD) cfo.bottommost_compression = rocksdb::kZSTD;
    }
    rocksdb::BlockBasedTableOptions table;
    table.block_cache = rocksdb::NewLRUCache(128u << 20);
    table.block_size = 16u << 10;
    cfo.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));

    log_table_options_ = rocksdb::Options(rocksdb::DBOptions(), cfo);
    // Staged log tables are written on the import's critical path and land in the last level,
    // where SstFileWriter would use ZSTD: LZ4 instead saves a good part of the store's import
    // CPU (store_bench --chunked --grouped) for a store a little larger.
    log_table_options_.bottommost_compression = rocksdb::kDisableCompressionOption;
    // Staged page tables likewise, but with the family's 16 KiB blocks: a timeline read takes
    // one patient's page (about one block), and a 64 KiB block would decompress several
    // patients for it (deriving every timeline again was markedly slower with them).
    page_table_options_ = log_table_options_;
    // Larger blocks for them: a quarter of the per-block work (an LZ4 stream set up per block,
    // index entries, checksums) and a slightly smaller store, while the log is read by
    // sequential scans and the odd single event.
    rocksdb::BlockBasedTableOptions log_table = table;
    log_table.block_size = 64u << 10;
    log_table_options_.table_factory.reset(rocksdb::NewBlockBasedTableFactory(log_table));
    std::vector<rocksdb::ColumnFamilyDescriptor> families;
    for (const auto& name : RocksHandles::family_names())
        families.emplace_back(name, cfo);
    families[RocksHandles::kTimeline].options.merge_operator = page_merge_operator();
    rocksdb::DBOptions dbo(opts);
    dbo.info_log = std::make_shared<DiscardLogger>();

    rocksdb::Status s;
    if (options_.read_only) {
        secondary_path_ = make_secondary_dir();
        s = rocksdb::DB::OpenAsSecondary(dbo, path_, secondary_path_, families, &rocks_.cf,
                                         &rocks_.db);
    } else {
        s = rocksdb::DB::Open(dbo, path_, families, &rocks_.cf, &rocks_.db);
    }
    if (!s.ok()) {
        if (s.IsIOError() && s.ToString().find("lock") != std::string::npos) {
            return Status::io_error(fmt::format(
                "store '{}' is already open for writing by another process; open it with "
                "--read-only to read alongside that writer",
                path_));
        }
        return from_rocks(s, fmt::format("cannot open store '{}'", path_));
    }
    if (creating) {
        rocksdb::WriteBatch batch;
        auto* meta = rocks_.cf[RocksHandles::kMeta];
        batch.Put(meta, codec::kMetaFormatVersion, codec::encode_u32_value(codec::kFormatVersion));
        batch.Put(meta, codec::kMetaLastSeq, codec::encode_u64_value(0));
        batch.Put(meta, codec::kMetaLastTx, codec::encode_u64_value(0));
        batch.Put(meta, codec::kMetaNextPatient, codec::encode_u32_value(1));
        const codec::Hash zero{};
        batch.Put(meta, codec::kMetaHead,
                  codec::encode_bytes_value(
                      std::string_view(reinterpret_cast<const char*>(zero.data()), zero.size())));
        rocksdb::WriteOptions wo;
        wo.sync = true;
        if (auto ws = from_rocks(rocks_.db->Write(wo, &batch), "cannot initialise store"); !ws)
            return ws;
    }
    if (auto ls = load_meta(); !ls) return ls;
    if (options_.read_only) return Status::ok();
    if (auto rs = recover_staging(); !rs) return rs;
    return load_patients();
}

Status RocksEventStore::load_meta() {
    rocksdb::ReadOptions ro;
    auto* meta = rocks_.cf[RocksHandles::kMeta];
    std::string v;
    auto get = [&](std::string_view key) -> Status {
        auto s = rocks_.db->Get(ro, meta, key, &v);
        if (s.IsNotFound()) {
            return Status::corruption(
                fmt::format("store '{}': metadata '{}' is missing", path_, key));
        }
        return from_rocks(s, fmt::format("store '{}': reading '{}'", path_, key));
    };
    if (auto s = get(codec::kMetaFormatVersion); !s) return s;
    auto version = codec::decode_u32_value(v, "format_version");
    if (!version) return version.status();
    if (*version != codec::kFormatVersion) return format_refused(path_, *version);
    if (auto s = get(codec::kMetaLastSeq); !s) return s;
    auto seq = codec::decode_u64_value(v, "last_seq");
    if (!seq) return seq.status();
    if (auto s = get(codec::kMetaLastTx); !s) return s;
    auto tx = codec::decode_u64_value(v, "last_tx");
    if (!tx) return tx.status();
    if (auto s = get(codec::kMetaNextPatient); !s) return s;
    auto next = codec::decode_u32_value(v, "next_patient");
    if (!next) return next.status();
    if (auto s = get(codec::kMetaHead); !s) return s;
    auto head = codec::decode_bytes_value(v, "head");
    if (!head) return head.status();
    if (head->size() != head_.size()) return Status::corruption("metadata 'head': wrong size");
    std::copy(head->begin(), head->end(), head_.begin());
    last_seq_ = *seq;
    last_tx_ = *tx;
    next_patient_ = *next;
    return Status::ok();
}

Status RocksEventStore::load_patients() {
    rocksdb::ReadOptions ro;
    const std::string lower(1, codec::kPatientNamePrefix);
    const std::string upper(1, static_cast<char>(codec::kPatientNamePrefix + 1));
    rocksdb::Slice upper_slice(upper);
    ro.iterate_upper_bound = &upper_slice;
    std::unique_ptr<rocksdb::Iterator> it(
        rocks_.db->NewIterator(ro, rocks_.cf[RocksHandles::kPatients]));
    for (it->Seek(lower); it->Valid(); it->Next()) {
        auto id = codec::decode_u32_value(it->value().ToStringView(), "patient id");
        if (!id) return id.status();
        patient_ids_.emplace(std::string(it->key().ToStringView().substr(1)), *id);
    }
    return from_rocks(it->status(), "reading patients");
}

Status RocksEventStore::refresh() {
    if (!options_.read_only) return Status::ok();
    if (auto s = from_rocks(rocks_.db->TryCatchUpWithPrimary(), "catching up with the writer"); !s)
        return s;
    return load_meta();
}

Result<std::string> RocksEventStore::patient_name(uint32_t compact_id,
                                                  const rocksdb::ReadOptions& ro) const {
    {
        std::lock_guard lock(cache_mu_);
        auto it = names_.find(compact_id);
        if (it != names_.end()) return it->second;
    }
    std::string v;
    auto s = rocks_.db->Get(ro, rocks_.cf[RocksHandles::kPatients],
                            codec::patient_id_key(compact_id), &v);
    if (s.IsNotFound()) {
        return Status::corruption(fmt::format("patient number {} has no id", compact_id));
    }
    if (auto st = from_rocks(s, "reading patient"); !st) return st;
    auto name = codec::decode_bytes_value(v, "patient id");
    if (!name) return name.status();
    std::lock_guard lock(cache_mu_);
    if (names_.size() > kMaxCacheEntries) names_.clear();
    names_.emplace(compact_id, *name);
    return name;
}

Result<std::optional<uint32_t>> RocksEventStore::find_patient(
    const std::string& id, const rocksdb::ReadOptions& ro) const {
    std::string v;
    auto s =
        rocks_.db->Get(ro, rocks_.cf[RocksHandles::kPatients], codec::patient_name_key(id), &v);
    if (s.IsNotFound()) return std::optional<uint32_t>();
    if (auto st = from_rocks(s, "reading patient"); !st) return st;
    auto compact = codec::decode_u32_value(v, "patient number");
    if (!compact) return compact.status();
    return std::optional<uint32_t>(*compact);
}

Result<std::shared_ptr<const codec::TxRecord>> RocksEventStore::read_tx(
    uint64_t tx, const rocksdb::ReadOptions& ro) const {
    {
        std::lock_guard lock(cache_mu_);
        auto it = txs_.find(tx);
        if (it != txs_.end()) return it->second;
    }
    std::string v;
    auto s = rocks_.db->Get(ro, rocks_.cf[RocksHandles::kTx], codec::tx_key(tx), &v);
    if (s.IsNotFound()) return Status::not_found(fmt::format("no transaction {}", tx));
    if (auto st = from_rocks(s, "reading transaction"); !st) return st;
    auto rec = std::make_shared<codec::TxRecord>();
    if (auto st = codec::decode_tx(v, tx, *rec); !st) return st;
    std::lock_guard lock(cache_mu_);
    if (txs_.size() > kMaxCacheEntries) txs_.clear();
    txs_.emplace(tx, rec);
    return std::shared_ptr<const codec::TxRecord>(rec);
}

Status RocksEventStore::complete(codec::Record& rec, uint64_t seq,
                                 const rocksdb::ReadOptions& ro) const {
    Event& e = rec.event;
    e.seq = seq;
    auto name = patient_name(rec.patient, ro);
    if (!name) return name.status();
    e.patient_id = std::move(name.value());
    auto tx = read_tx(e.tx, ro);
    if (!tx) {
        return Status::corruption(
            fmt::format("event {}: its transaction {}: {}", seq, e.tx, tx.status().message()));
    }
    e.recorded_at_us = (*tx)->recorded_at_us;
    if (!rec.own_author) e.recorded_by = (*tx)->author;
    if (!rec.own_source) e.source = (*tx)->source;
    return Status::ok();
}

Result<std::unique_ptr<EventStore>> EventStore::open(const std::string& path,
                                                     const OpenOptions& options) {
    try {
        if (auto s = check_store_folder(path, foreign_owner_allowed_by_environment()); !s) {
            return s;
        }
        return RocksEventStore::open_store(path, options);
    } catch (const std::exception& e) {
        return Status::io_error(fmt::format("cannot open store '{}': {}", path, e.what()));
    }
}

}  // namespace dayzero::store
