// Files are private by default: every file a store writes is 0600 and its folder 0700 whatever
// the umask, and a store folder opened to group or others is refused unless asked for.
#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "store_test_util.h"

using namespace dayzero::store;
using namespace dayzero::store::testing;
namespace fs = std::filesystem;

namespace {

// Restores the process umask when it goes.
struct Umask {
    explicit Umask(mode_t mask) : old(::umask(mask)) {}
    ~Umask() { ::umask(old); }
    mode_t old;
};

// A store with a single-batch transaction, a staged (chunked) one and a large projection.
void fill(const std::string& path) {
    auto store = open_store(path);
    must_append(*store, request_of({make_event("P1", 0, 60)}));
    int chunks = 0;
    auto info = store->append_chunked(request_of({}), [&](std::vector<Event>& chunk) {
        if (chunks++ == 3) return Status::ok();
        for (int i = 0; i < 500; ++i)
            chunk.push_back(make_event("Q" + std::to_string(i % 40), i % 9, 60));
        return Status::ok();
    });
    REQUIRE(info.is_ok());
    std::vector<std::pair<std::string, std::string>> entries;
    for (int i = 0; i < 3000; ++i)
        entries.emplace_back("k" + std::to_string(100000 + i), std::string(600, 'x'));
    REQUIRE(store->write_projection("big", entries, store->last_seq(), true));
}

}  // namespace

TEST_CASE("everything a store writes is private, whatever the umask") {
    Umask open_umask(022);
    TempDir dir;
    const std::string path = dir.sub("db");
    fill(path);
    CHECK((fs::status(path).permissions() & fs::perms::all) == fs::perms::owner_all);
    size_t files = 0;
    for (const auto& entry : fs::directory_iterator(path)) {
        INFO(entry.path().filename().string());
        CHECK((entry.status().permissions() & (fs::perms::group_all | fs::perms::others_all)) ==
              fs::perms::none);
        ++files;
    }
    CHECK(files > 5);
}

TEST_CASE("a store folder open to other accounts is refused unless asked for") {
    TempDir dir;
    const std::string path = dir.sub("db");
    { open_store(path); }
    fs::permissions(path, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec);
    for (const bool read_only : {false, true}) {
        OpenOptions options;
        options.read_only = read_only;
        auto opened = EventStore::open(path, options);
        REQUIRE_FALSE(opened.is_ok());
        INFO(opened.status().message());
        CHECK(opened.status().message().find("folder mode 0750") != std::string::npos);
        CHECK(opened.status().message().find("--allow-shared-folder") != std::string::npos);
        ::setenv("DAYZERO_ALLOW_SHARED_FOLDER", "1", 1);  // what --allow-shared-folder sets
        const bool allowed = EventStore::open(path, options).is_ok();
        ::unsetenv("DAYZERO_ALLOW_SHARED_FOLDER");
        CHECK(allowed);
    }
    fs::permissions(path, fs::perms::owner_all);
    CHECK(EventStore::open(path).is_ok());
}
