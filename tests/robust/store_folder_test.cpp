// Store folders that are not what they seem: foreign files, a file instead of a folder, junk
// dropped into a real store, and the owner-only permissions of a new store.
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "robust_fixture.h"

using namespace dayzero;
using namespace dayzero::robust;
namespace fs = std::filesystem;

TEST_CASE("store folder: a folder of foreign files is refused and left untouched") {
    ScratchDir dir;
    const fs::path folder = dir.path() / "photos";
    fs::create_directories(folder / "2024");
    { std::ofstream(folder / "holiday.jpg") << "\xff\xd8\xff\xe0 not really a jpeg"; }
    auto opened = store::EventStore::open(folder.string());
    REQUIRE_FALSE(opened.is_ok());
    const std::string message = opened.status().message();
    INFO(message);
    CHECK(message.find(folder.string()) != std::string::npos);
    CHECK(message.find("not a dayzero store") != std::string::npos);
    size_t entries = 0;
    for ([[maybe_unused]] const auto& entry : fs::directory_iterator(folder))
        ++entries;
    CHECK(entries == 2);  // nothing was created next to the foreign files
}

TEST_CASE("store folder: a regular file given as the store is refused") {
    ScratchDir dir;
    const std::string file = dir.write("notes.txt", "P001,0\n");
    auto opened = store::EventStore::open(file);
    REQUIRE_FALSE(opened.is_ok());
    INFO(opened.status().message());
    CHECK(opened.status().message().find(file) != std::string::npos);
    CHECK(fs::file_size(file) == 7);
}

TEST_CASE("store folder: junk dropped into a store changes no answer, and verify reports it") {
    ScratchDir dir;
    const std::string db = (dir.path() / "db").string();
    StoreSnapshot before;
    {
        auto store = open_seeded_store(db);
        before = snapshot(*store);
    }
    dir.write("db/README.txt", "someone's notes");
    dir.write("db/000999.sst", "this is not an sst file");
    auto opened = store::EventStore::open(db, {.read_only = true});
    REQUIRE(opened.is_ok());
    CHECK(snapshot(*opened.value()) == before);
    // A file RocksDB does not list is a failure of verify (issue #20): it names the file.
    const auto report = opened.value()->verify();
    CHECK_FALSE(report.ok);
    CHECK(report.problem.find("'README.txt' in the store folder") != std::string::npos);
}

TEST_CASE("store folder: a new store is created owner-only (0700)") {
    ScratchDir dir;
    const std::string db = (dir.path() / "new-store").string();
    { open_seeded_store(db); }
    struct stat info {};
    REQUIRE(::stat(db.c_str(), &info) == 0);
    CHECK((info.st_mode & 0777) == 0700);
}
