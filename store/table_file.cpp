#include "store/table_file.h"

namespace dayzero::store {

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
