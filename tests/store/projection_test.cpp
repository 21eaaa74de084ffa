// Projections: derived entries beside the log, stamped with the sequence number they reflect.
#include <catch2/catch.hpp>

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
