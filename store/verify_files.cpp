// check_store_files: the store folder against RocksDB's own list of live files.
#include "store/commit_point.h"
#include "store/verify_checks.h"
#include "store/writer_lock.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <thread>

#include <fmt/format.h>

#include <rocksdb/transaction_log.h>

#include "store/codec.h"

namespace dayzero::store {
namespace fs = std::filesystem;
namespace {

enum class Kind { kTable, kWal, kManifest, kOptions, kCurrent };

std::string read_whole(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

bool starts_with(const std::string& s, std::string_view prefix) {
    return s.rfind(prefix, 0) == 0;
}

// A lower-case UUID (8-4-4-4-12 hex digits), optionally followed by a newline.
bool is_uuid_file(std::string text) {
    if (!text.empty() && text.back() == '\n') text.pop_back();
    if (text.size() != 36) return false;
    for (size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash ? c != '-' : !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    }
    return true;
}

// RocksDB's info log, not written: verify never writes into the store folder.
class SilentLogger final : public rocksdb::Logger {
  public:
    SilentLogger() : rocksdb::Logger(rocksdb::InfoLogLevel::HEADER_LEVEL) {}
    using rocksdb::Logger::Logv;
    void Logv(const char* /*format*/, va_list /*ap*/) override {}
};

// Fills `live` with every file RocksDB lists for `db` and `sizes` with its table files' sizes.
std::string list_live_files(rocksdb::DB& db, std::map<std::string, Kind>& live,
                            std::map<std::string, uint64_t>& sizes) {
    std::vector<std::string> files;
    uint64_t manifest_size = 0;
    if (auto s = db.GetLiveFiles(files, &manifest_size, false); !s.ok())
        return fmt::format("RocksDB cannot list its live files: {}", s.ToString());
    for (const std::string& f : files) {
        const std::string name = f.substr(f.find_last_of('/') + 1);
        if (starts_with(name, "MANIFEST-")) {
            live[name] = Kind::kManifest;
        } else if (starts_with(name, "OPTIONS-")) {
            live[name] = Kind::kOptions;
        } else if (name == "CURRENT") {
            live[name] = Kind::kCurrent;
        } else {
            live[name] = Kind::kTable;
        }
    }
    std::vector<rocksdb::LiveFileMetaData> tables;
    db.GetLiveFilesMetaData(&tables);
    for (const auto& t : tables)
        sizes[t.name.substr(t.name.find_last_of('/') + 1)] = t.size;
    rocksdb::VectorLogPtr wals;
    if (auto s = db.GetSortedWalFiles(wals); !s.ok())
        return fmt::format("RocksDB cannot list its write-ahead logs: {}", s.ToString());
    for (const auto& w : wals)
        live[w->PathName().substr(w->PathName().find_last_of('/') + 1)] = Kind::kWal;
    return {};
}

// Lists RocksDB's live files through a read-only primary handle opened for that alone: a
// verifier is a RocksDB secondary, which skips a table file the MANIFEST names but the folder
// lacks (the writer may just have removed it) and lists neither the MANIFEST nor the logs. The
// read-only handle refuses a missing file (RocksDB checks every listed file at open) and writes
// nothing.
std::string list_with_read_only_handle(const std::string& path, std::map<std::string, Kind>& live,
                                       std::map<std::string, uint64_t>& sizes) {
    std::vector<std::string> families;
    if (auto s = rocksdb::DB::ListColumnFamilies(rocksdb::DBOptions(), path, &families); !s.ok())
        return fmt::format("RocksDB cannot read the store's MANIFEST: {}", s.ToString());
    rocksdb::DBOptions options;
    options.info_log = std::make_shared<SilentLogger>();  // no LOG file in the store folder
    // Every table file is opened (its footer, index and properties read and checked): damage
    // there that no data block's checksum covers is caught here. It doubles the descriptors the
    // verifier holds; running out of them is reported as verification that could not run.
    options.max_open_files = -1;
    std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
    for (const auto& name : families)
        descriptors.emplace_back(name, rocksdb::ColumnFamilyOptions());
    std::vector<rocksdb::ColumnFamilyHandle*> handles;
    rocksdb::DB* lister = nullptr;
    if (auto s = rocksdb::DB::OpenForReadOnly(options, path, descriptors, &handles, &lister);
        !s.ok()) {
        return fmt::format("RocksDB refuses to open the store's files: {}", s.ToString());
    }
    std::string problem = list_live_files(*lister, live, sizes);
    for (auto* h : handles)
        lister->DestroyColumnFamilyHandle(h).PermitUncheckedError();
    lister->Close().PermitUncheckedError();
    delete lister;
    return problem;
}

// One pass of check_store_files.
std::string check_files_once(const std::string& path, rocksdb::DB* writer,
                             std::vector<std::string>& notes) {
    std::map<std::string, Kind> live;  // file name -> what RocksDB holds it for
    std::map<std::string, uint64_t> sizes;
    std::string problem = writer != nullptr ? list_live_files(*writer, live, sizes)
                                            : list_with_read_only_handle(path, live, sizes);
    if (!problem.empty()) return problem;
    std::string newest_options;
    for (const auto& [name, kind] : live) {
        if (kind == Kind::kOptions) newest_options = name;
    }

    std::error_code ec;
    std::map<std::string, bool> seen;
    bool has_identity = false;
    bool has_lock = false;
    for (const auto& entry : fs::directory_iterator(path, ec)) {
        const std::string name = entry.path().filename().string();
        const fs::path file = entry.path();
        if (!entry.is_regular_file(ec) || entry.is_symlink(ec))
            return fmt::format("'{}' in the store folder is not a plain file", name);
        auto found = live.find(name);
        if (found == live.end()) {
            if (name == codec::kMarkerFile) {
                const std::string expected =
                    fmt::format("dayzero event store\nformat {}\n", codec::kFormatVersion);
                if (read_whole(file) != expected)
                    return fmt::format("the marker file {} was altered", name);
            } else if (name == kCommitPointFile) {
                // The last acknowledged transaction (store/commit_point.h): every open already
                // refused a database that no longer holds it, so only its own bytes are left.
                auto point = read_commit_point(path);
                if (!point.is_ok())
                    return fmt::format("the commit point file {} is damaged: {}", name,
                                       point.status().message());
            } else if (name == "IDENTITY") {
                has_identity = true;
                // RocksDB's random id of the database, which nothing dayzero answers from reads
                // (and a secondary does not load): only its form can be checked.
                if (!is_uuid_file(read_whole(file)))
                    return "the IDENTITY file does not hold a database identity";
            } else if (name == "LOCK") {
                has_lock = true;
                if (entry.file_size(ec) != 0) return "the LOCK file is not empty";
            } else if (name == "LOG" || starts_with(name, "LOG.old.")) {
                // RocksDB info logs of earlier builds: text nothing reads (docs/STORAGE.md §1).
            } else if (entry.path().extension() == ".log" && !starts_with(name, "LOG")) {
                // A write-ahead log RocksDB no longer needs (or has yet to list): read whole all
                // the same, since a writer that opened the store would replay what it holds.
                if (std::string problem = check_log_file(file.string()); !problem.empty())
                    return fmt::format("{} is damaged: {}", name, problem);
            } else if (starts_with(name, "staged-") && entry.path().extension() == ".sst") {
                notes.push_back(fmt::format(
                    "{} was staged by a write in progress or an interrupted one (the next writer "
                    "to open the store removes what an interrupted write left)",
                    name));
            } else if (is_rocksdb_temp_file(name)) {
                // RocksDB writes its options and CURRENT files under a temporary name first and
                // renames them once whole: one left here is being written, or a writer was killed
                // before the rename. Nothing reads it, and the next writer removes it.
                notes.push_back(fmt::format(
                    "{} is a file RocksDB was still writing (its options or CURRENT, renamed once "
                    "whole) or one a killed writer left; nothing reads it and the next writer "
                    "removes it",
                    name));
            } else if (starts_with(name, "OPTIONS-") && name < newest_options) {
                // RocksDB keeps the options file of the previous open beside the live one.
                if (read_whole(file).find("[Version]") == std::string::npos)
                    return fmt::format("{} is not a RocksDB options file", name);
            } else if (entry.path().extension() == ".sst" &&
                       name.find_first_not_of("0123456789") == name.size() - 4) {
                // RocksDB names its table files by number: one the MANIFEST does not list is
                // being written by a running writer (a flush, a compaction, an ingestion) or was
                // left by one that a crash interrupted. Nothing reads it, and the next writer to
                // open the store deletes a left one.
                notes.push_back(
                    fmt::format("{} is a table file RocksDB does not use (one a running writer "
                                "is still adding, or one an interrupted flush or compaction "
                                "left; the next writer removes it)",
                                name));
            } else {
                return fmt::format(
                    "'{}' in the store folder is not one of the files RocksDB lists as live", name);
            }
            continue;
        }
        seen[name] = true;
        switch (found->second) {
            case Kind::kTable: {
                const auto size = sizes.find(name);
                if (size != sizes.end() && entry.file_size(ec) != size->second) {
                    return fmt::format("table file {} holds {} bytes where RocksDB recorded {}",
                                       name, entry.file_size(ec), size->second);
                }
                break;
            }
            case Kind::kWal:
            case Kind::kManifest:
                if (std::string problem = check_log_file(file.string()); !problem.empty())
                    return fmt::format("{} is damaged: {}", name, problem);
                break;
            case Kind::kCurrent: {
                std::string manifest;
                for (const auto& [n, k] : live) {
                    if (k == Kind::kManifest) manifest = n;
                }
                if (read_whole(file) != manifest + "\n")
                    return fmt::format("CURRENT does not name the live {}", manifest);
                break;
            }
            case Kind::kOptions:
                break;
        }
    }
    if (ec) return fmt::format("cannot list the store folder: {}", ec.message());
    for (const auto& [name, kind] : live) {
        if (!seen.count(name)) return fmt::format("RocksDB's live file {} is missing", name);
    }
    if (!has_identity) return "the IDENTITY file is missing";
    if (!has_lock) return "the LOCK file is missing";
    return {};
}

// The folder as a writer's work would change it: every file's name and size, and what CURRENT
// names. Equal before and after a pass when nothing created, grew, removed or switched a file.
std::string folder_state(const std::string& path) {
    std::vector<std::string> files;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(path, ec)) {
        std::error_code size_ec;
        const auto size = entry.file_size(size_ec);
        files.push_back(fmt::format("{} {}", entry.path().filename().string(),
                                    size_ec ? std::string("-") : std::to_string(size)));
    }
    std::sort(files.begin(), files.end());
    std::string state = read_whole(fs::path(path) / "CURRENT");
    for (const std::string& file : files)
        state += "\n" + file;
    return state;
}

// Passes beside a writer before a problem is reported, and how many of them in a row must find
// the same problem in a folder that did not change for a writer that holds the lock but is
// changing nothing (an idle shell): a stall in the middle of the writer's own work (a new
// MANIFEST written, CURRENT not yet switched to it) ends long before the pauses add up.
constexpr int kPassesBesideWriter = 40;
constexpr int kStablePassesBesideWriter = 10;

// The pause before pass `pass` + 1 beside a writer: short at first (most of its file work is
// done in a moment), then longer, so a burst of flushes and compactions can end.
void pause_for_writer(int pass) {
    const int shift = std::min(pass - 1, 7);
    std::this_thread::sleep_for(std::chrono::milliseconds(std::min(10 << shift, 1000)));
}

}  // namespace

bool is_rocksdb_temp_file(std::string_view name) {
    constexpr std::string_view suffix = ".dbtmp";
    if (!name.ends_with(suffix)) return false;
    name.remove_suffix(suffix.size());
    if (name.starts_with("OPTIONS-")) name.remove_prefix(8);
    return !name.empty() && name.find_first_not_of("0123456789") == std::string_view::npos;
}

std::string check_store_files(const std::string& path, rocksdb::DB* writer,
                              std::vector<std::string>& notes) {
    if (writer != nullptr) {
        // The writer's own compactions must not remove a file between listing and reading.
        writer->DisableFileDeletions().PermitUncheckedError();
        std::string problem = check_files_once(path, writer, notes);
        writer->EnableFileDeletions(false).PermitUncheckedError();
        return problem;
    }
    // A writer in another process changes the folder while it is checked: a new MANIFEST is
    // written before CURRENT names it and the old one is removed after; flushes, compactions and
    // ingestions add table files and remove others; write-ahead logs come, grow and go. Each of
    // these is over in a moment and damage stays put, so a problem counts at once only from a
    // pass that no writer's lock and no change of the folder overlapped. While a writer holds the
    // lock, passes are repeated with growing pauses until one finds the folder whole; the problem
    // is reported only when it outlasts them all, or when it is found again and again in a
    // folder the writer no longer changes.
    std::string problem;
    std::string stable_state;  // the folder as the last failing passes found it
    int stable_passes = 0;     // failing passes in a row that found that folder and problem
    for (int pass = 1;; ++pass) {
        const bool writer_before = writer_holds_lock(path);
        const std::string before = folder_state(path);
        std::vector<std::string> pass_notes;
        std::string found = check_files_once(path, nullptr, pass_notes);
        if (found.empty()) {
            notes.insert(notes.end(), pass_notes.begin(), pass_notes.end());
            return {};
        }
        const bool writer_seen = writer_before || writer_holds_lock(path);
        const std::string after = folder_state(path);
        if (!writer_seen && after == before) return found;  // nothing was changing the folder
        const bool same = after == before && after == stable_state && found == problem;
        stable_passes = same ? stable_passes + 1 : (after == before ? 1 : 0);
        stable_state = after;
        problem = std::move(found);
        if (stable_passes == kStablePassesBesideWriter) return problem;
        if (pass == kPassesBesideWriter) {
            return fmt::format("{} (found on each of {} passes while a writer held the store)",
                               problem, kPassesBesideWriter);
        }
        if (writer_seen) pause_for_writer(pass);
    }
}

}  // namespace dayzero::store
