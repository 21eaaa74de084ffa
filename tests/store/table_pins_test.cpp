// Readers open table files on demand (store/table_pins.h): a file of the reader's view that the
// writer removes before the reader first reads it must stay readable, as it did when readers
// opened every file at open.
#include <catch2/catch.hpp>

#include <filesystem>
#include <set>
#include <string>

#include "raw_db.h"
#include "store_test_util.h"

using namespace dayzero::store;
using namespace dayzero::store::testing;

namespace {

std::set<std::string> table_files(const std::string& path) {
    std::set<std::string> files;
    for (const auto& entry : std::filesystem::directory_iterator(path)) {
        if (entry.path().extension() == ".sst") files.insert(entry.path().filename().string());
    }
    return files;
}

}  // namespace

TEST_CASE("a reader reads table files of its view that the writer removed after it opened") {
    TempDir dir;
    const std::string path = dir.sub("db");
    constexpr int kTransactions = 12;  // more table files than RocksDB opens at open (16)
    constexpr int kEventsPerPatient = 30;
    for (int t = 0; t < kTransactions; ++t) {
        auto store = open_store(path);  // closed after each transaction: its tables are flushed
        std::vector<Event> events;
        for (int e = 0; e < kEventsPerPatient; ++e)
            events.push_back(make_event("P" + std::to_string(t), e, static_cast<uint16_t>(e)));
        must_append(*store, request_of(std::move(events)));
    }
    const std::set<std::string> before = table_files(path);
    REQUIRE(before.size() >= static_cast<size_t>(kTransactions));

    OpenOptions ro;
    ro.read_only = true;
    auto reader = open_store(path, ro);
    {
        RawDb raw(path);
        raw.compact_all();
    }
    const std::set<std::string> after = table_files(path);
    size_t removed = 0;
    for (const auto& file : before)
        removed += after.count(file) == 0 ? 1 : 0;
    REQUIRE(removed >= static_cast<size_t>(kTransactions));  // the compaction replaced them

    for (int t = 0; t < kTransactions; ++t) {
        auto timeline = reader->timeline("P" + std::to_string(t));
        INFO((timeline.is_ok() ? std::string() : timeline.status().message()));
        REQUIRE(timeline.is_ok());
        CHECK(timeline.value().size() == static_cast<size_t>(kEventsPerPatient));
    }
    CHECK(reader->stats().is_ok());
}
