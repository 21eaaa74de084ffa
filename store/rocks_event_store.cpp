#include "store/rocks_event_store.h"
#include "store/commit_point.h"
#include "store/consistent_catch_up.h"
#include "store/folder_guard.h"
#include "store/open_file_limit.h"
#include "store/page_merge.h"
#include "store/verify_checks.h"
#include "store/writer_check.h"

#include <sys/stat.h>
#include <unistd.h>
#include <filesystem>
#include <fstream>
#include <random>

#include <fmt/format.h>
#include <rocksdb/convenience.h>
#include <rocksdb/listener.h>
#include <rocksdb/table.h>
#include <rocksdb/write_batch.h>

namespace dayzero::store {
namespace fs = std::filesystem;

namespace {

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

// Removes the options files a writer killed while saving them left behind (OPTIONS-<n>.dbtmp,
// renamed to OPTIONS-<n> once whole). RocksDB never deletes one itself, so without this a single
// interrupted open would leave it in the folder for good. Called while holding the writer's lock,
// after RocksDB's own open has saved its options: no other process can be writing one.
void remove_interrupted_options_files(const std::string& path) {
    std::error_code ec;
    for (fs::directory_iterator it(path, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        std::error_code removal;
        if (name.starts_with("OPTIONS-") && is_rocksdb_temp_file(name))
            fs::remove(it->path(), removal);
    }
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
    fs::permissions(tmp, fs::perms::owner_read | fs::perms::owner_write, ec);
    fs::rename(tmp, dir / codec::kMarkerFile, ec);
    if (ec)
        return Status::io_error(fmt::format("cannot create {}: {}", tmp.string(), ec.message()));
    return Status::ok();
}

std::string make_secondary_dir() {
    std::random_device rd;
    const fs::path dir =
        fs::temp_directory_path() / fmt::format("dayzero-reader-{}-{:08x}", ::getpid(), rd());
    std::error_code ec;
    fs::create_directories(dir, ec);
    fs::permissions(dir, fs::perms::owner_all, ec);
    return dir.string();
}

}  // namespace

RocksEventStore::RocksEventStore(std::string path, OpenOptions options)
    : path_(std::move(path)), options_(options) {}

RocksEventStore::~RocksEventStore() {
    // Before removing the secondary folder the reader works in. A writer's clean close flushes
    // every commit into table files: they are acknowledged then, synced or not.
    if (rocks_.close(appender_.has_value()) && appender_) {
        const Counters c = appender_->committed();
        (void)write_commit_point(path_, {c.last_tx, c.last_seq, c.head}, true);
    }
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

// Turns RocksDB's automatic recovery from a background error off. After a full disk its file
// manager would resume the database from a thread of its own once space looked free, and that
// resume aborts the process (an assertion in Debian's RocksDB 7.8 build); the failed command
// reports the error instead, and the next open recovers.
class NoAutomaticRecovery final : public rocksdb::EventListener {
  public:
    void OnErrorRecoveryBegin(rocksdb::BackgroundErrorReason /*reason*/, rocksdb::Status /*error*/,
                              bool* auto_recovery) override {
        *auto_recovery = false;
    }
};

// A reader's environment: RocksDB asks at every open for a flush and a compaction thread, which
// a secondary never uses; a pool gets its thread only when work is first scheduled on it.
class ReaderEnv final : public rocksdb::EnvWrapper {
  public:
    explicit ReaderEnv(std::unique_ptr<rocksdb::Env> env) : rocksdb::EnvWrapper(std::move(env)) {}
    const char* Name() const override { return "DayzeroReaderEnv"; }
    void IncBackgroundThreadsIfNeeded(int /*number*/, Priority /*pri*/) override {}
    void Schedule(void (*function)(void* arg), void* arg, Priority pri, void* tag,
                  void (*unschedule)(void* arg)) override {
        target()->IncBackgroundThreadsIfNeeded(1, pri);
        target()->Schedule(function, arg, pri, tag, unschedule);
    }
};

}  // namespace

Status RocksEventStore::open_db(bool creating) {
    raise_open_file_limit();  // every table file stays open (max_open_files below)
    rocksdb::Options opts;
    opts.create_if_missing = creating;
    // A writer adds families introduced after the store was created (e.g. projections).
    opts.create_missing_column_families = !options_.read_only;
    // A writer's flushes and compactions run on two background threads. A reader (a secondary)
    // runs neither, and the call would start those threads at its open (see ReaderEnv too).
    if (!options_.read_only) opts.IncreaseParallelism(2);
    opts.max_open_files = -1;  // required by secondary instances; cheap for our file counts
    // Opening the table files is a handful of reads per family; RocksDB's default starts 16
    // threads per family for it, which a one-patient command would spend its start-up on.
    opts.max_file_opening_threads = 1;
    opts.info_log_level = rocksdb::InfoLogLevel::WARN_LEVEL;
    opts.keep_log_file_num = 2;
    // The small families (meta, tx) change at every commit but rarely fill a memtable; without a
    // cap they would pin every WAL file (up to 4x the sum of write buffers) until they flush.
    opts.max_total_wal_size = 128u << 20;
    // Recovery never silently drops committed history (docs/STORAGE.md §1, "Damage"): a record
    // that fails its checksum anywhere in the write-ahead log refuses the open; only an
    // incomplete last record (a write cut short by a crash, never acknowledged) is tolerated.
    // What a damaged log could still hide — a log cut at a record boundary, or removed — is
    // caught by the commit point (commit_point.h).
    opts.wal_recovery_mode = rocksdb::WALRecoveryMode::kTolerateCorruptedTailRecords;
    opts.paranoid_checks = true;
    // Recovery replays the log into memtables without writing table files, so a store refused
    // at open keeps its damaged log as it was found.
    opts.avoid_flush_during_recovery = true;
    // A background write that fails (a full disk) stops the writer for good instead of being
    // retried every second for ever: RocksDB's automatic resume would keep the closing flush,
    // and with it the store lock, waiting until space came back. Every wait stays bounded; the
    // next open recovers (docs/STORAGE.md §5, "Failures").
    opts.max_bgerror_resume_count = 0;

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

    rocksdb::Options log_table_options(rocksdb::DBOptions(), cfo);
    // Staged log tables are written on the import's critical path and land in the last level,
    // where SstFileWriter would use ZSTD: LZ4 instead saves a good part of the store's import
    // CPU (store_bench --chunked --grouped) for a store a little larger.
    log_table_options.bottommost_compression = rocksdb::kDisableCompressionOption;
    // Staged page tables likewise, but with the family's 16 KiB blocks: a timeline read takes
    // one patient's page (about one block), and a 64 KiB block would decompress several
    // patients for it (deriving every timeline again was markedly slower with them).
    const rocksdb::Options page_table_options = log_table_options;
    // Larger blocks for them: a quarter of the per-block work (an LZ4 stream set up per block,
    // index entries, checksums) and a slightly smaller store, while the log is read by
    // sequential scans and the odd single event.
    rocksdb::BlockBasedTableOptions log_table = table;
    log_table.block_size = 64u << 10;
    log_table_options.table_factory.reset(rocksdb::NewBlockBasedTableFactory(log_table));
    std::vector<rocksdb::ColumnFamilyDescriptor> families;
    for (const auto& name : RocksHandles::family_names())
        families.emplace_back(name, cfo);
    families[RocksHandles::kTimeline].options.merge_operator = page_merge_operator();
    rocksdb::DBOptions dbo(opts);
    dbo.info_log = std::make_shared<DiscardLogger>();
    dbo.listeners.push_back(std::make_shared<NoAutomaticRecovery>());
    if (options_.read_only && !options_.open_all_tables) open_tables_on_demand(dbo);

    // Read before the database: what the point promises was already in the log when it was
    // written, so a reader that catches up afterwards must see it.
    auto point = read_commit_point(path_);
    if (!point) return point.status();
    rocksdb::Status s;
    if (options_.read_only) {
        secondary_path_ = make_secondary_dir();
        // A view of one moment (consistent_catch_up.h), opened anew at every refresh.
        // Its table files are pinned before the writer's mark is compared again (table_pins.h).
        open_secondary_ = [this, dbo, families](rocksdb::DB** db,
                                                std::vector<rocksdb::ColumnFamilyHandle*>* cf) {
            auto opened =
                rocksdb::DB::OpenAsSecondary(dbo, path_, secondary_path_, families, cf, db);
            if (opened.ok() && table_pins_) table_pins_->pin_live_files(**db);
            return opened;
        };
        s = catch_up_consistently(path_, open_secondary_, rocks_, view_mark_);
    } else {
        writer_in_process_.emplace(path_);  // before RocksDB takes the lock
        s = creating ? rocks_.create(dbo, path_, families)
                     : rocksdb::DB::Open(dbo, path_, families, &rocks_.cf, &rocks_.db);
    }
    if (!s.ok()) {
        if (s.IsBusy()) {
            return Status::io_error(
                fmt::format("store '{}' could not be read as of one moment: {}; try again", path_,
                            s.ToString()));
        }
        if (s.IsIOError() && s.ToString().find("lock") != std::string::npos) {
            return Status::io_error(fmt::format(
                "store '{}' is already open for writing by another process; open it with "
                "--read-only to read alongside that writer",
                path_));
        }
        if (s.IsCorruption()) {
            return Status::corruption(
                fmt::format("store '{}' cannot be opened: its files are "
                            "damaged ({}). {}",
                            path_, s.ToString(), damaged_store_advice()));
        }
        if (s.ToString().find("Too many open files") != std::string::npos) {
            return Status::io_error(fmt::format("cannot open store '{}': {}", path_,
                                                too_many_open_files_advice(path_)));
        }
        return from_rocks(s, fmt::format("cannot open store '{}'", path_));
    }
    if (creating) {
        rocksdb::WriteBatch batch;
        batch.Put(rocks_.family(RocksHandles::kMeta), codec::kMetaFormatVersion,
                  codec::encode_u32_value(codec::kFormatVersion));
        put_counters(batch, rocks_, Counters{});
        if (auto ws = from_rocks(rocks_.write(batch, true), "cannot initialise store"); !ws)
            return ws;
    }
    auto counters = load_meta();
    if (!counters) return counters.status();
    if (*point) {
        if (auto cs = check_commit_point(path_, **point, *counters, directory_); !cs) return cs;
    }
    projections_.emplace(rocks_, published_, path_, page_table_options);
    if (options_.read_only) return Status::ok();
    // Writers check before they write; staging recovery trusts last_seq, so it is checked first.
    if (auto cs = check_counters(path_, rocks_, directory_, *counters); !cs) return cs;
    staging_.emplace(rocks_, log_, pages_, path_, log_table_options, page_table_options,
                     options_.staged_table_events, options_.staged_operand_table_bytes);
    if (auto rs = staging_->recover(counters->last_seq, counters->next_patient); !rs) return rs;
    remove_interrupted_options_files(path_);
    log_end_to_check_ = *counters;
    appender_.emplace(rocks_, directory_, log_, pages_, *staging_, published_, path_, options_);
    if (auto as = appender_->open(*counters); !as) return as;
    // Everything the database holds now is acknowledged from here on (a killed writer's
    // unsynced commits included, once synced).
    if (!*point || (*point)->tx < counters->last_tx) {
        if (auto ws = from_rocks(rocks_.db->SyncWAL(), "syncing the write-ahead log"); !ws)
            return ws;
        return write_commit_point(path_, {counters->last_tx, counters->last_seq, counters->head},
                                  true);
    }
    return Status::ok();
}

void RocksEventStore::open_tables_on_demand(rocksdb::DBOptions& dbo) {
    // A finite table cache: RocksDB then opens a table file when it first reads it (and no more
    // than a few at open). The unique-id check at open would open every file, and the size
    // check is made once already while the MANIFEST is read; verify opens all (open_all_tables).
    dbo.max_open_files = 1 << 16;
    dbo.verify_sst_unique_id_in_manifest = false;
    dbo.skip_checking_sst_file_sizes_on_db_open = true;
    dbo.skip_stats_update_on_db_open = true;  // statistics for compactions, which readers never run
    table_pins_ = std::make_shared<TablePins>();
    table_pins_env_ = std::make_unique<ReaderEnv>(rocksdb::NewCompositeEnv(table_pins_));
    dbo.env = table_pins_env_.get();
}

Result<Counters> RocksEventStore::load_meta() {
    auto counters = read_counters(rocks_, rocksdb::ReadOptions(), path_);
    if (!counters && counters.status().code() == StatusCode::kCorruption) {
        return Status::corruption(fmt::format(
            "{}: the store is damaged (its write-ahead log, the *.log files, or its table files "
            "were truncated, damaged or removed). {}",
            counters.status().message(), damaged_store_advice()));
    }
    if (!counters) return counters.status();
    if (counters->format != codec::kFormatVersion) return format_refused(path_, counters->format);
    published_.last_seq = counters->last_seq;
    published_.last_tx = counters->last_tx;
    return counters;
}

Status RocksEventStore::refresh() {
    if (!options_.read_only) return Status::ok();
    // Nothing written since the view was opened: it is current, and a new one would cost a
    // whole open (every table file) for nothing.
    if (manifest_mark(path_).unchanged_since(view_mark_)) return Status::ok();
    auto point = read_commit_point(path_);  // (before catching up, as at open)
    if (!point) return point.status();
    if (auto s = from_rocks(catch_up_consistently(path_, open_secondary_, rocks_, view_mark_),
                            "catching up with the writer");
        !s)
        return s;
    auto counters = load_meta();
    if (!counters) return counters.status();
    return *point ? check_commit_point(path_, **point, *counters, directory_) : Status::ok();
}

Status RocksEventStore::check_before_first_write() {
    if (!appender_) {
        return Status::read_only(
            fmt::format("store '{}' is open read-only: nothing can be appended", path_));
    }
    if (log_end_to_check_) {
        log_end_refusal_ = check_log_end(path_, log_, directory_, *log_end_to_check_);
        log_end_to_check_.reset();
    }
    return log_end_refusal_;
}

Result<TransactionInfo> RocksEventStore::append(TransactionRequest request) {
    if (auto s = check_before_first_write(); !s) return s;
    return appender_->append(std::move(request));
}

Result<TransactionInfo> RocksEventStore::append_chunked(TransactionRequest header,
                                                        const EventChunkSource& next,
                                                        const WrittenChunkSink& written) {
    if (auto s = check_before_first_write(); !s) return s;
    return appender_->append_chunked(std::move(header), next, written);
}

Status RocksEventStore::write_projection(
    std::string_view name, const std::vector<std::pair<std::string, std::string>>& entries,
    uint64_t valid_at_seq, bool replace_all) {
    if (options_.read_only) {
        return Status::read_only(
            fmt::format("store '{}' is open read-only: projections cannot be written", path_));
    }
    return projections_->write(name, entries, valid_at_seq, replace_all);
}

Status RocksEventStore::replace_projection(std::string_view name, const ProjectionSource& next,
                                           uint64_t valid_at_seq) {
    if (options_.read_only) {
        return Status::read_only(
            fmt::format("store '{}' is open read-only: projections cannot be written", path_));
    }
    return projections_->replace(name, next, valid_at_seq);
}

std::optional<uint64_t> RocksEventStore::projection_seq(std::string_view name) const {
    return projections_->stamp(name);
}

Status RocksEventStore::scan_projection(std::string_view name,
                                        const ProjectionVisitor& visit) const {
    return projections_->scan(name, visit);
}

Result<std::unique_ptr<EventStore>> EventStore::open(const std::string& path,
                                                     const OpenOptions& options) {
    // Every file written from here on — by RocksDB (tables, logs, manifests, the table files an
    // import stages, its background threads included) and by dayzero — is private to the
    // account: a store holds patient data. RocksDB's own switch for this (Env::
    // SetAllowNonOwnerAccess) is not honoured by its default environment, so the process umask
    // gains 077 for good.
    ::umask(::umask(077) | 077);
    try {
        if (auto s = check_store_folder(path, foreign_owner_allowed_by_environment(),
                                        shared_folder_allowed_by_environment());
            !s) {
            return s;
        }
        return RocksEventStore::open_store(path, options);
    } catch (const std::exception& e) {
        return Status::io_error(fmt::format("cannot open store '{}': {}", path, e.what()));
    }
}

}  // namespace dayzero::store
