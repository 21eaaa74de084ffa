// verify beside a writer that holds the store (another process): a file the writer is in the
// middle of creating or removing is no failure, but damage that stays is still reported.
#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <unistd.h>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <thread>

#include "store/writer_lock.h"
#include "store_test_util.h"

using namespace dayzero::store;
using namespace dayzero::store::testing;
namespace fs = std::filesystem;

namespace {

// A writer process holding the store in `path` open (idle) while it lives.
class IdleWriter {
  public:
    explicit IdleWriter(const std::string& path)
        : pid_(spawn_self("store child: holds the store open for writing", path)) {
        REQUIRE(pid_ > 0);
        bool seen = false;
        for (int i = 0; i < 3000 && !seen; ++i) {
            seen = writer_holds_lock(path);
            if (!seen) ::usleep(10'000);
        }
        REQUIRE(seen);
    }
    ~IdleWriter() {
        ::kill(pid_, SIGKILL);
        int status = 0;
        ::waitpid(pid_, &status, 0);
    }
    IdleWriter(const IdleWriter&) = delete;
    IdleWriter& operator=(const IdleWriter&) = delete;

  private:
    pid_t pid_;
};

void write_file(const fs::path& file, const std::string& text) {
    std::ofstream out(file, std::ios::binary);
    out << text;
}

}  // namespace

TEST_CASE("verify beside an idle writer still reports an extra file") {
    TempDir dir;
    const std::string path = dir.sub("db");
    {
        auto store = open_store(path);
        must_append(*store, request_of({make_event("P1", 0, 60)}));
    }
    IdleWriter writer(path);
    write_file(fs::path(path) / "stray.bin", "not RocksDB's");
    OpenOptions ro;
    ro.read_only = true;
    auto reader = open_store(path, ro);
    const VerifyReport report = reader->verify();
    CHECK_FALSE(report.ok);
    CHECK(report.problem.find("'stray.bin' in the store folder is not one of the files") !=
          std::string::npos);
}

TEST_CASE("verify beside a writer forgives a MANIFEST the writer removes a moment later") {
    TempDir dir;
    const std::string path = dir.sub("db");
    {
        auto store = open_store(path);
        must_append(*store, request_of({make_event("P1", 0, 60)}));
    }
    IdleWriter writer(path);
    // As a writer's open leaves it: a new MANIFEST written before CURRENT names it (or an old one
    // not yet removed), gone again by the time the writer's open ends.
    const fs::path manifest = fs::path(path) / "MANIFEST-999999";
    write_file(manifest, "");
    OpenOptions ro;
    ro.read_only = true;
    auto reader = open_store(path, ro);
    std::thread writer_open([&] {
        ::usleep(50'000);
        fs::remove(manifest);
    });
    const VerifyReport report = reader->verify();
    writer_open.join();
    INFO(report.problem);
    CHECK(report.ok);
}
