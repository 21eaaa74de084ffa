// Permissions: a store owned by another user is refused unless asked for, and a symbolic link
// inside a store folder (which could lead reads or writes out of it) is refused.
#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "robust_fixture.h"

using namespace dayzero;
using namespace dayzero::robust;
namespace fs = std::filesystem;

namespace {

constexpr uid_t kNobody = 65534;

}  // namespace

TEST_CASE("permissions: a store owned by another user is refused unless asked") {
    if (::geteuid() != 0) {
        WARN("not root: cannot give a folder to another user here");
        return;
    }
    ScratchDir dir;
    const std::string db = (dir.path() / "db").string();
    StoreSnapshot before;
    {
        auto store = open_seeded_store(db);
        before = snapshot(*store);
    }
    REQUIRE(::chown(db.c_str(), kNobody, kNobody) == 0);
    ::unsetenv("DAYZERO_ALLOW_FOREIGN_OWNER");
    auto refused = store::EventStore::open(db);
    REQUIRE_FALSE(refused.is_ok());
    const std::string message = refused.status().message();
    INFO(message);
    CHECK(message.find(db) != std::string::npos);
    CHECK(message.find("owned by another user (uid 65534") != std::string::npos);
    CHECK(message.find("DAYZERO_ALLOW_FOREIGN_OWNER") != std::string::npos);

    ::setenv("DAYZERO_ALLOW_FOREIGN_OWNER", "1", 1);
    auto allowed = store::EventStore::open(db, {.read_only = true});
    ::unsetenv("DAYZERO_ALLOW_FOREIGN_OWNER");
    REQUIRE(allowed.is_ok());
    CHECK(snapshot(*allowed.value()) == before);
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
