// writer_holds_lock: a writer's lock on the store is seen from other processes and from its own,
// and asking never disturbs it.
#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include "idle_writer.h"
#include "store/writer_lock.h"
#include "store_test_util.h"

using namespace dayzero::store;
using namespace dayzero::store::testing;

TEST_CASE("store child: holds the store open for writing", "[.child]") {
    auto store = open_store(child_db());
    for (;;)
        ::pause();  // until killed
}

TEST_CASE("store child: is refused the store for writing", "[.child]") {
    auto opened = EventStore::open(child_db());
    REQUIRE_FALSE(opened.is_ok());
}

namespace {

// Runs hidden test `name` on `path` in a child process to its end; true when it passed.
bool child_passes(const std::string& name, const std::string& path) {
    const pid_t child = spawn_self(name, path);
    REQUIRE(child > 0);
    int status = 0;
    REQUIRE(::waitpid(child, &status, 0) == child);
    return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

}  // namespace

TEST_CASE("a writer's lock is seen from another process and from its own, and stays held") {
    TempDir dir;
    const std::string path = dir.sub("db");
    { open_store(path); }
    CHECK_FALSE(writer_holds_lock(path));
    {
        auto writer = open_store(path);
        CHECK(writer_holds_lock(path));
        CHECK(writer_holds_lock(path));
        // Asking did not release this process's lock: another writer is still refused.
        CHECK(child_passes("store child: is refused the store for writing", path));
    }
    CHECK_FALSE(writer_holds_lock(path));
    CHECK(child_passes("store child: is refused the store for writing", path) == false);

    {
        IdleWriter other(path);  // returns once its lock is seen
        CHECK(writer_holds_lock(path));
    }
    CHECK_FALSE(writer_holds_lock(path));
}
