// Projections: derived entries beside the log, stamped with the sequence number they reflect.
#include <catch2/catch.hpp>

#include <filesystem>
#include <map>
#include <string>

#include "tests/store/store_test_util.h"

using namespace dayzero::store;
using namespace dayzero::store::testing;

namespace {

std::map<std::string, std::string> read_all(const EventStore& store, std::string_view name) {
    std::map<std::string, std::string> out;
    const Status s = store.scan_projection(name, [&](std::string_view key, std::string_view v) {
        out.emplace(std::string(key), std::string(v));
        return true;
    });
    REQUIRE(s.is_ok());
    return out;
}

using Entries = std::vector<std::pair<std::string, std::string>>;

// `count` entries "k000000", "k000001", ... in key order, each value `tag` padded to 600 bytes:
// 1.5 MB for 2,500, enough for the store to write a replacement as table files.
Entries big_entries(size_t count, const std::string& tag) {
    Entries out;
    std::string value(600, '.');
    value.replace(0, tag.size(), tag);
    for (size_t i = 0; i < count; ++i) {
        std::string key = "k000000";
        const std::string digits = std::to_string(i);
        key.replace(key.size() - digits.size(), digits.size(), digits);
        out.emplace_back(std::move(key), value);
    }
    return out;
}

// The files in `folder` whose names start with `prefix` and end with ".sst".
size_t table_files(const std::string& folder, const std::string& prefix = "") {
    size_t n = 0;
    for (const auto& entry : std::filesystem::directory_iterator(folder)) {
        const std::string name = entry.path().filename().string();
        n += name.rfind(prefix, 0) == 0 && entry.path().extension() == ".sst";
    }
    return n;
}

}  // namespace

TEST_CASE("a projection is written atomically with its stamp and read back in key order") {
    TempDir dir;
    auto store = open_store(dir.sub("db"));
    CHECK_FALSE(store->projection_seq("summaries").has_value());
    CHECK(read_all(*store, "summaries").empty());

    REQUIRE(store->write_projection("summaries", {{"P2", "two"}, {"P1", "one"}}, 7, false).is_ok());
    REQUIRE(store->write_projection("other", {{"P1", "x"}}, 3, false).is_ok());
    CHECK(store->projection_seq("summaries") == 7u);
    CHECK(store->projection_seq("other") == 3u);
    CHECK(read_all(*store, "summaries") ==
          std::map<std::string, std::string>{{"P1", "one"}, {"P2", "two"}});

    SECTION("an update changes and deletes entries and moves the stamp") {
        REQUIRE(
            store->write_projection("summaries", {{"P1", ""}, {"P3", "three"}}, 9, false).is_ok());
        CHECK(store->projection_seq("summaries") == 9u);
        CHECK(read_all(*store, "summaries") ==
              std::map<std::string, std::string>{{"P2", "two"}, {"P3", "three"}});
    }
    SECTION("replace_all drops every other entry of that projection only") {
        REQUIRE(store->write_projection("summaries", {{"P9", "nine"}}, 11, true).is_ok());
        CHECK(read_all(*store, "summaries") == std::map<std::string, std::string>{{"P9", "nine"}});
        CHECK(read_all(*store, "other") == std::map<std::string, std::string>{{"P1", "x"}});
    }
    SECTION("the scan stops when the visitor says so") {
        int seen = 0;
        REQUIRE(store
                    ->scan_projection("summaries",
                                      [&](std::string_view, std::string_view) {
                                          ++seen;
                                          return false;
                                      })
                    .is_ok());
        CHECK(seen == 1);
    }
}

TEST_CASE("projections survive reopening, are readable read-only and writable only by the writer") {
    TempDir dir;
    const std::string path = dir.sub("db");
    {
        auto store = open_store(path);
        must_append(*store, request_of({make_event("P1", 0, std::nullopt)}));
        REQUIRE(store->write_projection("summaries", {{"P1", "bytes"}}, 1, false).is_ok());
    }
    OpenOptions ro;
    ro.read_only = true;
    auto reader = open_store(path, ro);
    CHECK(reader->projection_seq("summaries") == 1u);
    CHECK(read_all(*reader, "summaries") == std::map<std::string, std::string>{{"P1", "bytes"}});
    const Status denied = reader->write_projection("summaries", {{"P1", "other"}}, 2, false);
    CHECK(denied.code() == StatusCode::kReadOnly);
    CHECK(reader->verify().ok);
}

TEST_CASE("a projection name with control bytes is refused") {
    TempDir dir;
    auto store = open_store(dir.sub("db"));
    const Status s = store->write_projection(std::string_view("a\0b", 3), {{"k", "v"}}, 1, false);
    CHECK(s.code() == StatusCode::kInvalidArgument);
    CHECK_FALSE(store->projection_seq("").has_value());
}

TEST_CASE("a large replacing write lands as table files and reads back exactly as written") {
    TempDir dir;
    const std::string path = dir.sub("db");
    auto store = open_store(path);
    must_append(*store, request_of({make_event("P1", 0, std::nullopt)}));
    REQUIRE(store
                ->write_projection("summaries", {{"a", "old"}, {"k000500", "old"}, {"z", "old"}}, 1,
                                   false)
                .is_ok());
    REQUIRE(store->write_projection("other", {{"k000001", "x"}}, 1, false).is_ok());
    const size_t tables_before = table_files(path);

    const Entries big = big_entries(2500, "first");
    REQUIRE(store->write_projection("summaries", big, 1, true).is_ok());
    // Ingested at once (a batch would sit in the memtable until a flush), nothing left behind.
    CHECK(table_files(path) > tables_before);
    CHECK(table_files(path, "staged-") == 0);
    CHECK(read_all(*store, "summaries") ==
          std::map<std::string, std::string>(big.begin(), big.end()));
    CHECK(read_all(*store, "other") == std::map<std::string, std::string>{{"k000001", "x"}});
    CHECK(store->projection_seq("summaries") == 1u);

    SECTION("replaced again, then changed by a batch, and read back after reopening") {
        const Entries again = big_entries(3000, "second");
        REQUIRE(store->write_projection("summaries", again, 2, true).is_ok());
        REQUIRE(store->write_projection("summaries", {{"k000007", ""}, {"zz", "new"}}, 3, false)
                    .is_ok());
        std::map<std::string, std::string> expected(again.begin(), again.end());
        expected.erase("k000007");
        expected.emplace("zz", "new");
        CHECK(read_all(*store, "summaries") == expected);
        CHECK(store->projection_seq("summaries") == 3u);

        store.reset();
        store = open_store(path);
        CHECK(read_all(*store, "summaries") == expected);
        CHECK(read_all(*store, "other") == std::map<std::string, std::string>{{"k000001", "x"}});
        OpenOptions ro;
        ro.read_only = true;
        auto reader = open_store(path, ro);
        CHECK(reader->projection_seq("summaries") == 3u);
        CHECK(read_all(*reader, "summaries") == expected);
        CHECK(reader->verify().ok);
    }
    SECTION("entries out of key order or deleting keys go through a batch, with the same result") {
        Entries reversed(big.rbegin(), big.rend());
        reversed.emplace_back("a", "");
        REQUIRE(store->write_projection("summaries", reversed, 4, true).is_ok());
        std::map<std::string, std::string> expected(big.begin(), big.end());
        CHECK(read_all(*store, "summaries") == expected);
        CHECK(store->projection_seq("summaries") == 4u);
    }
}

TEST_CASE("a replacing table write that fails leaves a current projection stale, never mixed") {
    TempDir dir;
    const std::string path = dir.sub("db");
    auto store = open_store(path);
    must_append(*store, request_of({make_event("P1", 0, std::nullopt)}));
    const Entries old = big_entries(2500, "old");
    REQUIRE(store->write_projection("summaries", old, store->last_seq(), true).is_ok());
    REQUIRE(store->projection_seq("summaries") == store->last_seq());
    // The names the store gives its table files (numbered per process, and this process writes
    // far fewer than 1,000) are taken by folders: the write fails after the store has dropped the
    // current stamp (the entries were about to change under it).
    for (int i = 0; i < 1000; ++i)
        std::filesystem::create_directory(path + "/staged-projection-" + std::to_string(i) +
                                          ".sst");
    const Status failed =
        store->write_projection("summaries", big_entries(2500, "new"), store->last_seq(), true);
    CHECK(failed.code() == StatusCode::kIoError);
    CHECK(store->projection_seq("summaries") != store->last_seq());
    CHECK(read_all(*store, "summaries") ==
          std::map<std::string, std::string>(old.begin(), old.end()));
    store.reset();
    // Reopening clears what a replacement left behind.
    store = open_store(path);
    CHECK(table_files(path, "staged-") == 0);
    REQUIRE(store->write_projection("summaries", big_entries(2500, "new"), 1, true).is_ok());
    CHECK(store->projection_seq("summaries") == 1u);
}

TEST_CASE("store child: endless projection replacer", "[.child]") {
    const std::string path = child_db();
    REQUIRE_FALSE(path.empty());
    auto store = open_store(path);
    for (int k = 0;; ++k) {
        must_append(*store, request_of({make_event("P1", 0, static_cast<uint16_t>(k % 1440))}));
        const uint64_t last = store->last_seq();
        // Current, then replaced while current by entries of another stamp.
        REQUIRE(store->write_projection("p", big_entries(2000, std::to_string(last)), last, true)
                    .is_ok());
        REQUIRE(
            store
                ->write_projection("p", big_entries(2000, std::to_string(last - 1)), last - 1, true)
                .is_ok());
    }
}

TEST_CASE("SIGKILL while projections are replaced by tables: a current stamp fits its entries") {
    TempDir dir;
    const std::string path = dir.sub("db");
    const uint64_t seen = kill_child_after(
        "store child: endless projection replacer", path,
        [](const EventStore& s) { return s.last_seq(); }, 20);
    REQUIRE(seen >= 1);

    auto store = open_store(path);
    CHECK(table_files(path, "staged-") == 0);
    const auto entries = read_all(*store, "p");
    if (store->projection_seq("p") == store->last_seq()) {
        // Whole: every entry of the one replacement stamped with it.
        const std::string tag = std::to_string(store->last_seq());
        CHECK(entries.size() == 2000);
        for (const auto& [key, value] : entries)
            CHECK(value.rfind(tag + ".", 0) == 0);
    }
    const VerifyReport report = store->verify();
    INFO(report.problem);
    CHECK(report.ok);
}
