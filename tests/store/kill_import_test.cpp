// Failures clean up: an import killed (SIGKILL) at a moment when one of its staged table files is
// on disk leaves none behind once the store is opened again, nothing of it is visible, and
// importing the same file again succeeds.
#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <string>
#include <thread>

#include "store/table_file.h"
#include "store_test_util.h"

using namespace dayzero::store;
using namespace dayzero::store::testing;
namespace fs = std::filesystem;

namespace {

const std::string kSource = "sha256:" + std::string(64, 'c');

// Files the store staged beside the database and has not removed.
size_t staged_files(const std::string& path) {
    size_t n = 0;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(path, ec))
        n += entry.path().filename().string().starts_with(kStagedFilePrefix) ? 1 : 0;
    return n;
}

// Appends `chunks` chunks of 2,000 events as one import of kSource.
Result<TransactionInfo> import(EventStore& store, size_t chunks) {
    TransactionRequest header = request_of({});
    header.source = kSource;
    size_t n = 0;
    return store.append_chunked(header, [&](std::vector<Event>& chunk) {
        if (n == chunks) return Status::ok();
        for (size_t i = 0; i < 2000; ++i)
            chunk.push_back(make_event("P" + std::to_string((n * 2000 + i) % 997),
                                       static_cast<int32_t>(i % 30),
                                       static_cast<uint16_t>(i % 1440)));
        ++n;
        return Status::ok();
    });
}

}  // namespace

TEST_CASE("store child: a long import", "[.child]") {
    const std::string path = child_db();
    REQUIRE_FALSE(path.empty());
    auto store = open_store(path);
    (void)import(*store, 100000);  // killed long before the end
}

TEST_CASE("an import killed while its table files are staged leaves none, and a retry succeeds") {
    TempDir dir;
    const std::string path = dir.sub("db");
    {
        auto store = open_store(path);
        must_append(*store, request_of({make_event("before", 0, std::nullopt)}));
    }
    const pid_t child = spawn_self("store child: a long import", path);
    REQUIRE(child > 0);
    bool seen = false;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (!seen && std::chrono::steady_clock::now() < deadline) {
        seen = staged_files(path) > 0;
        if (!seen) std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
    REQUIRE(::kill(child, SIGKILL) == 0);
    int status = 0;
    REQUIRE(::waitpid(child, &status, 0) == child);
    REQUIRE(seen);  // the kill came while a table file was staged (or just after)

    {
        auto store = open_store(path);  // recovery runs here
        CHECK(staged_files(path) == 0);
        CHECK(store->last_tx() == 1);
        CHECK(store->last_seq() == 1);
        CHECK_FALSE(store->find_import(kSource).has_value());
        auto retried = import(*store, 3);
        INFO(retried.status().message());
        REQUIRE(retried.is_ok());
        CHECK(retried->tx == 2);
        CHECK(retried->first_seq == 2);
        CHECK(retried->last_seq == 6001);
        CHECK(store->find_import(kSource).has_value());
        const VerifyReport report = store->verify();
        INFO(report.problem);
        CHECK(report.ok);
    }
    CHECK(staged_files(path) == 0);
}
