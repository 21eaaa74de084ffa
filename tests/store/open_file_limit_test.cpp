// A reader holds a descriptor per table file: the store raises a low soft limit on open files
// itself, and when the hard limit is too low for an open of every table file (verify's) it says
// how many files the store has and how to raise the limit.
#include <catch2/catch.hpp>

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>

#include "store_test_util.h"

using namespace dayzero::store;
using namespace dayzero::store::testing;
namespace fs = std::filesystem;

namespace {

// A store of many table files: one chunked import whose every small chunk is a group of its
// own, so becomes a table file.
void fill_with_tables(const std::string& path) {
    OpenOptions options;
    options.staged_table_events = 1;
    auto store = open_store(path, options);
    TransactionRequest request = request_of({});
    request.source = "sha256:" + std::string(64, 'b');
    request.reason = "bulk";
    size_t chunk_no = 0;
    auto info = store->append_chunked(request, [&](std::vector<Event>& chunk) {
        if (chunk_no == 16) return Status::ok();
        for (int i = 0; i < 20; ++i)
            chunk.push_back(make_event("P" + std::to_string(chunk_no), i, std::nullopt));
        ++chunk_no;
        return Status::ok();
    });
    INFO(info.status().message());
    REQUIRE(info.is_ok());
}

size_t count_files(const fs::path& folder, const std::string& extension) {
    size_t n = 0;
    for (const auto& entry : fs::directory_iterator(folder))
        n += entry.path().extension() == extension;
    return n;
}

OpenOptions reader() {
    OpenOptions options;
    options.read_only = true;
    options.create_if_missing = false;
    return options;
}

}  // namespace

TEST_CASE("open: a soft limit on open files below the store's table files is raised") {
    TempDir dir;
    const std::string path = dir.sub("db");
    fill_with_tables(path);
    const size_t tables = count_files(path, ".sst");
    const size_t in_use = count_files("/proc/self/fd", "");
    REQUIRE(tables >= 16);
    rlimit saved{};
    REQUIRE(::getrlimit(RLIMIT_NOFILE, &saved) == 0);
    REQUIRE(saved.rlim_max > in_use + tables + 64);
    rlimit low = saved;
    low.rlim_cur = in_use + tables / 2;  // too few for every table, had it stayed
    REQUIRE(::setrlimit(RLIMIT_NOFILE, &low) == 0);
    auto opened = EventStore::open(path, reader());
    rlimit after{};
    ::getrlimit(RLIMIT_NOFILE, &after);
    ::setrlimit(RLIMIT_NOFILE, &saved);
    INFO(opened.status().message());
    REQUIRE(opened.is_ok());
    CHECK(after.rlim_cur == saved.rlim_max);
    CHECK(opened.value()->last_seq() == 16 * 20);
}

TEST_CASE(
    "open: a hard limit below the store's table files refuses verify's open, with the way out") {
    TempDir dir;
    const std::string path = dir.sub("db");
    fill_with_tables(path);
    const size_t tables = count_files(path, ".sst");
    const size_t in_use = count_files("/proc/self/fd", "");
    // In a child: a lowered hard limit cannot be raised again by an unprivileged process.
    const pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        rlimit low{};
        low.rlim_cur = low.rlim_max = in_use + tables / 2;
        if (::setrlimit(RLIMIT_NOFILE, &low) != 0) ::_exit(2);
        OpenOptions options = reader();
        options.open_all_tables = true;
        auto opened = EventStore::open(path, options);
        if (opened.is_ok()) ::_exit(3);
        const std::string message = opened.status().message();
        const bool says_why =
            message.find("the store has " + std::to_string(tables) + " table files") !=
                std::string::npos &&
            message.find("may open only " + std::to_string(low.rlim_cur)) != std::string::npos &&
            message.find("ulimit -n") != std::string::npos;
        ::_exit(says_why ? 0 : 4);
    }
    int status = 0;
    REQUIRE(::waitpid(child, &status, 0) == child);
    REQUIRE(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
}
