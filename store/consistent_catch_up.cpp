#include "store/consistent_catch_up.h"

#include <sys/stat.h>
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>
#include <utility>

namespace dayzero::store {

ManifestMark manifest_mark(const std::string& path) {
    ManifestMark mark;
    std::ifstream in(path + "/CURRENT");
    std::string name;
    if (!std::getline(in, name) || name.empty()) return mark;
    struct stat st {};
    if (::stat((path + "/" + name).c_str(), &st) != 0) return mark;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(path, ec)) {
        std::string file = entry.path().filename().string();
        if (entry.path().extension() == ".log" && !file.starts_with("LOG")) {
            mark.wal_bytes += entry.file_size(ec);
            mark.wals.push_back(std::move(file));
        }
    }
    if (ec) return mark;
    std::sort(mark.wals.begin(), mark.wals.end());
    mark.current = name;
    mark.size = static_cast<uint64_t>(st.st_size);
    return mark;
}

rocksdb::Status catch_up_consistently(const std::string& path, const SecondaryOpener& open,
                                      RocksHandles& view, ManifestMark& opened_at) {
    rocksdb::Status s;
    for (int run = 1; run <= kCatchUpRuns; ++run) {
        const ManifestMark before = manifest_mark(path);
        RocksHandles fresh;  // closed again unless it becomes the view
        s = open(&fresh.db, &fresh.cf);
        if (manifest_mark(path).same_as(before)) {
            if (!s.ok()) return s;
            view.close(false);
            view.db = std::exchange(fresh.db, nullptr);
            view.cf = std::move(fresh.cf);
            fresh.cf.clear();
            opened_at = before;
            return s;
        }
        // (a failed open that the writer's work overlapped, e.g. a table file removed by a
        // compaction before it was opened, is tried again too)
        // A short pause lets a burst of the writer's file work (a flush and the compaction it
        // triggers) end before the next open.
        std::this_thread::sleep_for(std::chrono::milliseconds(std::min(run, 20)));
    }
    return rocksdb::Status::Busy(
        "the writer kept changing the store's files while this reader opened it" +
        (s.ok() ? std::string() : " (" + s.ToString() + ")"));
}

}  // namespace dayzero::store
