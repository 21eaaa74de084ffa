#include "store/open_file_limit.h"

#include <sys/resource.h>

#include <filesystem>

#include <fmt/format.h>

namespace dayzero::store {

void raise_open_file_limit() {
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur >= limit.rlim_max) return;
    limit.rlim_cur = limit.rlim_max;
    (void)::setrlimit(RLIMIT_NOFILE, &limit);  // at worst the open reports too_many_open_files
}

uint64_t open_file_limit() {
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) return 0;
    return static_cast<uint64_t>(limit.rlim_cur);
}

std::string too_many_open_files_advice(const std::string& path) {
    std::error_code ec;
    size_t files = 0;
    for (const auto& entry : std::filesystem::directory_iterator(path, ec)) {
        if (entry.path().extension() == ".sst") ++files;
    }
    return fmt::format(
        "the store has {} table files, which a reader keeps open, but this process may open only "
        "{} files (its hard limit, `ulimit -Hn`); raise the limit (ulimit -n, or LimitNOFILE= "
        "for a service) and try again",
        files, open_file_limit());
}

}  // namespace dayzero::store
