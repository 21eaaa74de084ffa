#include "store/consistent_catch_up.h"

#include <sys/stat.h>
#include <algorithm>
#include <chrono>
#include <fstream>
#include <thread>

namespace dayzero::store {

ManifestMark manifest_mark(const std::string& path) {
    ManifestMark mark;
    std::ifstream in(path + "/CURRENT");
    std::string name;
    if (!std::getline(in, name) || name.empty()) return mark;
    struct stat st {};
    if (::stat((path + "/" + name).c_str(), &st) != 0) return mark;
    mark.current = name;
    mark.size = static_cast<uint64_t>(st.st_size);
    return mark;
}

rocksdb::Status catch_up_consistently(const std::string& path, ManifestMark before,
                                      const std::function<rocksdb::Status()>& first,
                                      const std::function<rocksdb::Status()>& again) {
    rocksdb::Status s = first();
    for (int run = 1; s.ok(); ++run) {
        const ManifestMark after = manifest_mark(path);
        if (after.same_as(before)) return s;
        if (run == kCatchUpRuns) {
            return rocksdb::Status::Busy(
                "the writer kept changing the store's files while this reader caught up");
        }
        // A short pause lets a burst of the writer's file work (a flush and the compaction it
        // triggers) end; the catch-up after it reads only what changed.
        std::this_thread::sleep_for(std::chrono::milliseconds(std::min(run, 20)));
        before = manifest_mark(path);
        s = again();
    }
    return s;
}

}  // namespace dayzero::store
