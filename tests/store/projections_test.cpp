// Projections over a raw database: entries and stamp written together, scans bounded to one
// projection, and a large replacement written as table files that leave nothing staged behind.
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include "rocks_fixture.h"
#include "store/projections.h"
#include "store/table_file.h"

using namespace dayzero::store;
using namespace dayzero::store::testing;

namespace {

std::vector<std::pair<std::string, std::string>> scan(const Projections& p, std::string_view name) {
    std::vector<std::pair<std::string, std::string>> out;
    REQUIRE(p.scan(name, [&](std::string_view k, std::string_view v) {
                 out.emplace_back(k, v);
                 return true;
             }).is_ok());
    return out;
}

}  // namespace

TEST_CASE("projections: entries, stamps, deletions and replacements, one name at a time") {
    RocksFixture db;
    Published published;
    Projections p(db.rocks, published, db.path(), rocksdb::Options());
    CHECK_FALSE(p.stamp("a").has_value());
    REQUIRE(p.write("a", {{"k1", "v1"}, {"k2", "v2"}}, 7, false).is_ok());
    REQUIRE(p.write("ab", {{"k1", "other"}}, 9, false).is_ok());
    CHECK(p.stamp("a") == 7u);
    CHECK(p.stamp("ab") == 9u);
    using Entries = std::vector<std::pair<std::string, std::string>>;
    CHECK(scan(p, "a") == Entries{{"k1", "v1"}, {"k2", "v2"}});
    REQUIRE(p.write("a", {{"k1", ""}, {"k3", "v3"}}, 8, false).is_ok());  // "" deletes
    CHECK(scan(p, "a") == Entries{{"k2", "v2"}, {"k3", "v3"}});
    REQUIRE(p.write("a", {{"k9", "v9"}}, 10, true).is_ok());
    CHECK(scan(p, "a") == Entries{{"k9", "v9"}});
    CHECK(scan(p, "ab") == Entries{{"k1", "other"}});
    CHECK(p.write("bad\x01name", {}, 1, false).code() == StatusCode::kInvalidArgument);
    CHECK(p.write("", {}, 1, false).code() == StatusCode::kInvalidArgument);
}

TEST_CASE("projections: a large replacement goes in as table files and leaves none behind") {
    RocksFixture db;
    Published published;
    Projections p(db.rocks, published, db.path(), rocksdb::Options());
    REQUIRE(p.write("big", {{"old", "gone"}}, 1, false).is_ok());
    std::vector<std::pair<std::string, std::string>> entries;
    for (int i = 0; i < 3000; ++i) {
        char key[16];
        std::snprintf(key, sizeof key, "k%06d", i);
        entries.emplace_back(key, std::string(600, 'x'));
    }
    REQUIRE(p.write("big", entries, 2, true).is_ok());
    CHECK(p.stamp("big") == 2u);
    const auto back = scan(p, "big");
    CHECK(back.size() == entries.size());
    CHECK(back.front().first == "k000000");
    for (const auto& entry : std::filesystem::directory_iterator(db.path()))
        CHECK_FALSE(entry.path().filename().string().starts_with(kStagedFilePrefix));
}
