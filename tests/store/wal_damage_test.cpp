// No acknowledged transaction disappears: a writer acknowledges an import and an amendment
// (synced commits) and dies without closing, so both live only in the write-ahead log; then
// that log is truncated, removed or has a byte flipped. Every later open, for writing or for
// reading, is refused with a message naming the damage and the way back.
#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <unistd.h>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "store_test_util.h"

using namespace dayzero::store;
using namespace dayzero::store::testing;
namespace fs = std::filesystem;

namespace {

// The write-ahead log files of the store at `path` that hold anything, oldest first.
std::vector<fs::path> wal_files(const std::string& path) {
    std::vector<fs::path> out;
    for (const auto& entry : fs::directory_iterator(path)) {
        if (entry.path().extension() == ".log" && fs::file_size(entry.path()) > 0)
            out.push_back(entry.path());
    }
    std::sort(out.begin(), out.end());
    return out;
}

// Runs the hidden writer below on a new store at `path` and waits for it to die.
void crash_after_commits(const std::string& path) {
    const pid_t child = spawn_self("store child: commits then dies", path);
    REQUIRE(child > 0);
    int status = 0;
    REQUIRE(::waitpid(child, &status, 0) == child);
    REQUIRE(WIFEXITED(status));
    REQUIRE(WEXITSTATUS(status) == 42);
}

// A refusal names the damage and the way back.
void check_refused(const Result<std::unique_ptr<EventStore>>& opened) {
    REQUIRE_FALSE(opened.is_ok());
    const std::string& m = opened.status().message();
    INFO(m);
    CHECK(opened.status().code() == StatusCode::kCorruption);
    const bool names_damage =
        m.find("write-ahead log") != std::string::npos || m.find("damaged") != std::string::npos;
    CHECK(names_damage);
    CHECK(m.find("backup") != std::string::npos);
    CHECK(m.find("replay") != std::string::npos);
}

}  // namespace

TEST_CASE("store child: commits then dies", "[.child]") {
    const std::string path = child_db();
    REQUIRE_FALSE(path.empty());
    auto store = open_store(path);  // sync_writes: every commit is acknowledged
    std::vector<Event> events;
    for (int i = 0; i < 200; ++i)
        events.push_back(make_event("P" + std::to_string(i % 5), i % 20, 60));
    must_append(*store, request_of(events));
    Event amend = make_event("P1", 1, 60, EventKind::kTemp, 37.0);
    amend.correction = Correction::kAmend;
    amend.target_seq = 2;
    TransactionRequest req = request_of({amend});
    req.reason = "typo";
    must_append(*store, std::move(req));
    ::_exit(42);  // no close: nothing is flushed out of the write-ahead log
}

TEST_CASE("an acknowledged amendment survives a crash when its log is intact") {
    TempDir dir;
    const std::string path = dir.sub("db");
    crash_after_commits(path);
    REQUIRE_FALSE(wal_files(path).empty());
    auto store = open_store(path);
    CHECK(store->last_tx() == 2);
    CHECK(store->transaction(2)->reason == "typo");
    CHECK(store->verify().ok);
}

TEST_CASE("a damaged write-ahead log refuses every open and never gives a number twice") {
    TempDir dir;
    const std::string path = dir.sub("db");
    crash_after_commits(path);
    const auto logs = wal_files(path);
    REQUIRE_FALSE(logs.empty());
    const fs::path newest = logs.back();
    const auto size = fs::file_size(newest);
    SECTION("truncated inside the amendment's record") {
        fs::resize_file(newest, size - 30);
    }
    SECTION("removed") {
        for (const auto& log : logs)
            fs::remove(log);
    }
    SECTION("one byte flipped in the amendment's record") {
        std::fstream f(newest, std::ios::in | std::ios::out | std::ios::binary);
        f.seekg(static_cast<std::streamoff>(size - 40));
        char c = 0;
        f.read(&c, 1);
        c = static_cast<char>(c ^ 0x20);
        f.seekp(static_cast<std::streamoff>(size - 40));
        f.write(&c, 1);
    }
    for (int attempt = 0; attempt < 2; ++attempt) {  // refusing changed nothing
        check_refused(EventStore::open(path));
        OpenOptions ro;
        ro.read_only = true;
        check_refused(EventStore::open(path, ro));
    }
}

TEST_CASE("the commit point follows synced commits and clean closes") {
    TempDir dir;
    const std::string path = dir.sub("db");
    auto read_point = [&] {
        std::ifstream in(path + "/DAYZERO-COMMITTED");
        std::string line;
        std::getline(in, line);
        return line;
    };
    {
        OpenOptions bulk;
        bulk.sync_writes = false;
        auto store = open_store(path, bulk);
        CHECK(read_point().find("tx 00000000000000000000 ") != std::string::npos);
        must_append(*store, request_of({make_event("P1", 0, std::nullopt)}));
        // Not synced: not acknowledged until the store is closed.
        CHECK(read_point().find("tx 00000000000000000000 ") != std::string::npos);
    }
    CHECK(read_point().find("tx 00000000000000000001 seq 00000000000000000001 ") !=
          std::string::npos);
    {
        auto store = open_store(path);
        must_append(*store, request_of({make_event("P1", 1, std::nullopt)}));
        CHECK(read_point().find("tx 00000000000000000002 seq 00000000000000000002 head " +
                                store->transaction(2)->hash_hex) != std::string::npos);
    }
    CHECK((fs::status(path + "/DAYZERO-COMMITTED").permissions() & fs::perms::all) ==
          (fs::perms::owner_read | fs::perms::owner_write));
}
