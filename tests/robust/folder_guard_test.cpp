// Permissions: a store owned by another user is refused unless asked for, and a symbolic link
// inside a store folder (which could lead reads or writes out of it) is refused.
#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string>

#include "child_process.h"
#include "robust_fixture.h"

using namespace dayzero;
using namespace dayzero::robust;
namespace fs = std::filesystem;

namespace {

constexpr uid_t kNobody = 65534;

// Seeds a store at `db`, gives its folder to user nobody and returns what it holds; nullopt
// (with a warning) when this process cannot give folders away (not root). Leaves the override
// switched off.
std::optional<StoreSnapshot> foreign_seeded_store(const std::string& db) {
    if (::geteuid() != 0) {
        WARN("not root: cannot give a folder to another user here");
        return std::nullopt;
    }
    StoreSnapshot before;
    {
        auto store = open_seeded_store(db);
        before = snapshot(*store);
    }
    REQUIRE(::chown(db.c_str(), kNobody, kNobody) == 0);
    ::unsetenv("DAYZERO_ALLOW_FOREIGN_OWNER");  // children inherit the environment too
    return before;
}

}  // namespace

TEST_CASE("permissions: a store owned by another user is refused unless asked") {
    ScratchDir dir;
    const std::string db = (dir.path() / "db").string();
    const auto before = foreign_seeded_store(db);
    if (!before) return;
    auto refused = store::EventStore::open(db);
    REQUIRE_FALSE(refused.is_ok());
    const std::string message = refused.status().message();
    INFO(message);
    CHECK(message.find(db) != std::string::npos);
    CHECK(message.find("owned by another user (uid 65534") != std::string::npos);
    CHECK(message.find("DAYZERO_ALLOW_FOREIGN_OWNER") != std::string::npos);
    CHECK(message.find("--allow-foreign-owner") != std::string::npos);

    ::setenv("DAYZERO_ALLOW_FOREIGN_OWNER", "1", 1);
    auto allowed = store::EventStore::open(db, {.read_only = true});
    ::unsetenv("DAYZERO_ALLOW_FOREIGN_OWNER");
    REQUIRE(allowed.is_ok());
    CHECK(snapshot(*allowed.value()) == *before);
    CHECK(allowed.value()->verify().ok);
}

TEST_CASE("permissions: a symbolic link inside a store folder is refused") {
    ScratchDir dir;
    const std::string db = (dir.path() / "db").string();
    { open_seeded_store(db); }
    const std::string outside = dir.write("outside.txt", "not the store's");
    fs::create_symlink(outside, fs::path(db) / "000777.log");
    for (bool read_only : {false, true}) {
        auto opened = store::EventStore::open(db, {.read_only = read_only});
        REQUIRE_FALSE(opened.is_ok());
        INFO(opened.status().message());
        CHECK(opened.status().message().find("symbolic link '000777.log'") != std::string::npos);
    }
    fs::remove(fs::path(db) / "000777.log");
    auto reopened = store::EventStore::open(db);
    REQUIRE(reopened.is_ok());
    CHECK(reopened.value()->verify().ok);
    CHECK(fs::file_size(outside) == 15);
}

TEST_CASE("permissions: --allow-foreign-owner opens another user's store from the command line") {
    ScratchDir dir;
    const std::string db = (dir.path() / "db").string();
    const auto before = foreign_seeded_store(db);
    if (!before) return;
    const std::string output = (dir.path() / "output.txt").string();
    const auto said = [&] { return read_text(output); };

    // Refused without the flag, by a reading and by a writing command.
    CHECK(run_dayzero({"verify", "--db", db}, output) != 0);
    INFO(said());
    CHECK(said().find("owned by another user (uid 65534") != std::string::npos);
    const std::string seed = std::string(DAYZERO_SOURCE_DIR) + "/tests/e2e/audit/mini_events.csv";
    CHECK(run_dayzero({"import", "--db", db, seed, "--reason", "foreign"}, output) != 0);
    CHECK(said().find("owned by another user") != std::string::npos);

    // Accepted with it: verify, a query and an import all run on the foreign store.
    CHECK(run_dayzero({"verify", "--db", db, "--allow-foreign-owner"}, output) == 0);
    CHECK(run_dayzero(
              {"query", "--db", db, "--allow-foreign-owner", "--read-only", "count patients;"},
              output) == 0);
    CHECK(said().find("1 row") != std::string::npos);
    {
        auto store = store::EventStore::open(db, {.read_only = true});
        REQUIRE_FALSE(store.is_ok());  // this process has not asked: still refused
    }
    CHECK(run_dayzero({"import", "--db", db, seed, "--reason", "foreign", "--allow-foreign-owner"},
                      output) == 0);
    ::setenv("DAYZERO_ALLOW_FOREIGN_OWNER", "1", 1);
    auto store = store::EventStore::open(db, {.read_only = true});
    ::unsetenv("DAYZERO_ALLOW_FOREIGN_OWNER");
    REQUIRE(store.is_ok());
    CHECK(store.value()->last_tx() == before->last_tx + 1);
    CHECK(store.value()->verify().ok);
}
