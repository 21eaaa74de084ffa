// verify beside a writer that holds the store (another process): a file the writer is in the
// middle of creating or removing is no failure, but damage that stays is still reported.
#include <catch2/catch.hpp>

#include <unistd.h>
#include <filesystem>
#include <fstream>
#include <thread>

#include "idle_writer.h"
#include "store_test_util.h"

using namespace dayzero::store;
using namespace dayzero::store::testing;
namespace fs = std::filesystem;

namespace {

void write_file(const fs::path& file, const std::string& text) {
    std::ofstream out(file, std::ios::binary);
    out << text;
}

// A store in `dir` holding one committed event; its folder.
std::string one_event_store(const TempDir& dir) {
    const std::string path = dir.sub("db");
    auto store = open_store(path);
    must_append(*store, request_of({make_event("P1", 0, 60)}));
    return path;
}

}  // namespace

TEST_CASE("verify beside an idle writer still reports an extra file") {
    TempDir dir;
    const std::string path = one_event_store(dir);
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
    const std::string path = one_event_store(dir);
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
