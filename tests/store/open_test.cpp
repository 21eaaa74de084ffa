// Opening stores: creation, refusal of foreign folders and of other formats, read-only mode.
#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <sys/wait.h>
#include <filesystem>
#include <fstream>

#include <fmt/format.h>

#include "raw_db.h"
#include "store/codec.h"
#include "store_test_util.h"

using namespace dayzero::store;
using namespace dayzero::store::testing;
namespace fs = std::filesystem;

namespace {

size_t entries_in(const std::string& path) {
    size_t n = 0;
    for ([[maybe_unused]] const auto& e : fs::directory_iterator(path))
        ++n;
    return n;
}

}  // namespace

TEST_CASE("a new store folder is created with owner-only permissions") {
    TempDir dir;
    auto store = open_store(dir.sub("db"));
    struct stat st {};
    REQUIRE(::stat(dir.sub("db").c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0700);
    CHECK(fs::exists(dir.sub("db") + "/" + codec::kMarkerFile));
    CHECK(store->last_seq() == 0);
    CHECK(store->verify().ok);
}

TEST_CASE("a folder that is not a dayzero store is refused and left untouched") {
    TempDir dir;
    { std::ofstream(dir.path() + "/notes.txt") << "hello\n"; }
    auto opened = EventStore::open(dir.path());
    CHECK(opened.status().code() == StatusCode::kNotAStore);
    CHECK(opened.status().message().find("not a dayzero store") != std::string::npos);
    CHECK(entries_in(dir.path()) == 1);

    auto file = EventStore::open(dir.path() + "/notes.txt");
    CHECK(file.status().code() == StatusCode::kNotAStore);

    OpenOptions no_create;
    no_create.create_if_missing = false;
    CHECK(EventStore::open(dir.sub("absent"), no_create).status().code() == StatusCode::kNotFound);
    CHECK_FALSE(fs::exists(dir.sub("absent")));
}

TEST_CASE("a store written by a newer format version is refused") {
    TempDir dir;
    const std::string path = dir.sub("db");
    { open_store(path); }
    SECTION("newer marker file") {
        std::ofstream(path + "/" + codec::kMarkerFile) << "dayzero event store\nformat 9\n";
        auto opened = EventStore::open(path);
        CHECK(opened.status().code() == StatusCode::kVersionMismatch);
        CHECK(opened.status().message().find("newer") != std::string::npos);
    }
    SECTION("newer format recorded inside the database") {
        {
            RawDb raw(path);
            raw.put(codec::kCfMeta, std::string(codec::kMetaFormatVersion),
                    codec::encode_u32_value(9));
        }
        auto opened = EventStore::open(path);
        CHECK(opened.status().code() == StatusCode::kVersionMismatch);
        CHECK(opened.status().message().find("newer dayzero (format 9") != std::string::npos);
        OpenOptions ro;
        ro.read_only = true;
        CHECK(EventStore::open(path, ro).status().code() == StatusCode::kVersionMismatch);
    }
}

TEST_CASE("a store in format 2 or older is refused with its folder and both formats named") {
    TempDir dir;
    const std::string path = dir.sub("db");
    {
        auto store = open_store(path);
        must_append(*store, request_of({make_event("P", 1, std::nullopt)}));
    }
    {
        RawDb raw(path);
        raw.put(codec::kCfMeta, std::string(codec::kMetaFormatVersion), codec::encode_u32_value(2));
    }
    SECTION("a format-2 store: its marker says 2 as well") {
        std::ofstream(path + "/" + codec::kMarkerFile) << "dayzero event store\nformat 2\n";
    }
    SECTION("only the metadata says 2") {}
    OpenOptions ro;
    ro.read_only = true;
    for (const OpenOptions& options : {OpenOptions(), ro}) {
        auto opened = EventStore::open(path, options);
        REQUIRE_FALSE(opened.is_ok());
        const std::string& message = opened.status().message();
        INFO(message);
        CHECK(opened.status().code() == StatusCode::kVersionMismatch);
        CHECK(message.find("'" + path + "'") != std::string::npos);
        CHECK(message.find("format 2") != std::string::npos);
        CHECK(message.find(fmt::format("reads format {}", codec::kFormatVersion)) !=
              std::string::npos);
    }
    RawDb raw(path);  // refused, not converted
    CHECK(raw.get(codec::kCfMeta, std::string(codec::kMetaFormatVersion)) ==
          codec::encode_u32_value(2));
}

TEST_CASE("a read-only store refuses every write with a clear message") {
    TempDir dir;
    const std::string path = dir.sub("db");
    {
        auto store = open_store(path);
        must_append(*store, request_of({make_event("P", 1, std::nullopt)}));
    }
    OpenOptions options;
    options.read_only = true;
    auto store = open_store(path, options);
    CHECK(store->read_only());
    auto r = store->append(request_of({make_event("P", 2, std::nullopt)}));
    CHECK(r.status().code() == StatusCode::kReadOnly);
    CHECK(r.status().message().find("read-only") != std::string::npos);
    CHECK(store->timeline("P").value().size() == 1);
    CHECK(store->verify().ok);

    OpenOptions ro_missing;
    ro_missing.read_only = true;
    CHECK(EventStore::open(dir.sub("absent"), ro_missing).status().code() == StatusCode::kNotFound);
    CHECK_FALSE(fs::exists(dir.sub("absent")));
}

TEST_CASE("one writer and read-only readers work at the same time") {
    TempDir dir;
    const std::string path = dir.sub("db");
    auto writer = open_store(path);
    must_append(*writer, request_of({make_event("P", 1, std::nullopt)}));

    // A second writer is refused with a message that points at --read-only.
    auto second = EventStore::open(path);
    REQUIRE_FALSE(second.is_ok());
    CHECK(second.status().message().find("--read-only") != std::string::npos);

    OpenOptions options;
    options.read_only = true;
    auto reader = open_store(path, options);
    CHECK(reader->timeline("P").value().size() == 1);
    must_append(*writer, request_of({make_event("P", 2, std::nullopt)}));
    REQUIRE(reader->refresh());
    CHECK(reader->last_seq() == 2);
    CHECK(reader->timeline("P").value().size() == 2);

    // And from another process, while this one keeps writing.
    const pid_t child = spawn_self("store child: read-only reader", path);
    REQUIRE(child > 0);
    must_append(*writer, request_of({make_event("P", 3, std::nullopt)}));
    int status = 0;
    REQUIRE(::waitpid(child, &status, 0) == child);
    REQUIRE(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
}

TEST_CASE("store child: read-only reader", "[.child]") {
    const std::string path = child_db();
    REQUIRE_FALSE(path.empty());
    OpenOptions options;
    options.read_only = true;
    auto reader = open_store(path, options);
    auto events = reader->timeline("P");
    REQUIRE(events.is_ok());
    CHECK(events->size() >= 2);
    CHECK(reader->append(request_of({make_event("P", 9, std::nullopt)})).status().code() ==
          StatusCode::kReadOnly);
}
