// TransactionRequest::settle_source: a chunked append whose source is known only later (an
// import's SHA-256, computed beside its first chunks) asks for it once, before its first write to
// the database; when that fails, the store's files are exactly as they were.
#include <catch2/catch.hpp>

#include <filesystem>
#include <map>
#include <string>

#include "store/table_file.h"
#include "store_test_util.h"

using namespace dayzero::store;
using namespace dayzero::store::testing;

namespace {

const std::string kSource = "sha256:" + std::string(64, 'b');

// `per_chunk` temperatures of chunk k, over three patients.
std::vector<Event> chunk_of(size_t k, size_t per_chunk) {
    std::vector<Event> events;
    for (size_t i = 0; i < per_chunk; ++i) {
        const size_t n = k * per_chunk + i;
        events.push_back(make_event("P" + std::to_string(n % 3), static_cast<int32_t>(n % 20),
                                    static_cast<uint16_t>(n % 1440)));
    }
    return events;
}

// Every file in the store's folder with its size: a write of any kind (the write-ahead log, a
// table file, the MANIFEST) changes it. `database_only`: without the table files being staged
// beside the database, not yet part of it.
std::map<std::string, uintmax_t> folder_files(const std::string& path, bool database_only = false) {
    std::map<std::string, uintmax_t> files;
    for (const auto& entry : std::filesystem::directory_iterator(path)) {
        const std::string name = entry.path().filename().string();
        if (database_only && name.starts_with(kStagedFilePrefix)) continue;
        if (entry.is_regular_file()) files[name] = entry.file_size();
    }
    return files;
}

}  // namespace

TEST_CASE("settle_source is asked once, before the append's first write, and names the import") {
    TempDir dir;
    const std::string path = dir.sub("db");
    OpenOptions options;
    options.staged_table_events = GENERATE(as<uint64_t>{}, 1, OpenOptions().staged_table_events);
    INFO("staged_table_events " << options.staged_table_events);
    auto store = open_store(path, options);
    must_append(*store, request_of({make_event("P0", 0, std::nullopt)}));
    const auto before = folder_files(path);

    constexpr size_t kChunks = 5;
    size_t pulled = 0;
    size_t asked = 0;
    size_t pulled_when_asked = 0;
    TransactionRequest header = request_of({});
    header.settle_source = [&](std::string& source) {
        ++asked;
        pulled_when_asked = pulled;
        // Nothing of this transaction has reached the database yet.
        CHECK(folder_files(path, true) == before);
        source = kSource;
        return Status::ok();
    };
    auto info = store->append_chunked(std::move(header), [&](std::vector<Event>& chunk) {
        if (pulled < kChunks) chunk = chunk_of(pulled, 40);
        ++pulled;
        return Status::ok();
    });
    INFO(info.status().message());
    REQUIRE(info.is_ok());
    CHECK(asked == 1);
    if (options.staged_table_events == 1) {
        // Every chunk fills its group: asked once the first chunk is encoded, before its task
        // starts (the first two chunks are pulled before the first is staged).
        CHECK(pulled_when_asked == 2);
    } else {
        // One group for the whole transaction: asked only after the last chunk.
        CHECK(pulled_when_asked == kChunks + 1);
    }
    CHECK(info->source == kSource);
    CHECK(info->last_seq == 1 + kChunks * 40);
    REQUIRE(store->find_import(kSource).has_value());
    CHECK(store->find_import(kSource)->tx == info->tx);
    CHECK(store->verify().ok);
}

TEST_CASE("settle_source is asked before a single-batch append writes") {
    TempDir dir;
    auto store = open_store(dir.sub("db"));
    size_t asked = 0;
    TransactionRequest header = request_of({});
    header.settle_source = [&](std::string& source) {
        ++asked;
        source = kSource;
        return Status::ok();
    };
    bool handed = false;
    auto info = store->append_chunked(std::move(header), [&](std::vector<Event>& chunk) {
        if (!handed) chunk = chunk_of(0, 10);
        handed = true;
        return Status::ok();
    });
    REQUIRE(info.is_ok());
    CHECK(asked == 1);
    CHECK(info->source == kSource);
    CHECK(store->find_import(kSource).has_value());
}

TEST_CASE("a settle_source that fails leaves every file of the store as it was") {
    TempDir dir;
    const std::string path = dir.sub("db");
    OpenOptions options;
    options.staged_table_events = GENERATE(as<uint64_t>{}, 1, 3, OpenOptions().staged_table_events);
    const size_t chunks = GENERATE(as<size_t>{}, 1, 6);
    INFO("staged_table_events " << options.staged_table_events << ", chunks " << chunks);
    auto store = open_store(path, options);
    must_append(*store, request_of({make_event("P1", 3, 60)}));
    const auto before = folder_files(path);

    TransactionRequest header = request_of({});
    header.settle_source = [](std::string&) { return Status::invalid_argument("imported before"); };
    size_t pulled = 0;
    auto result = store->append_chunked(std::move(header), [&](std::vector<Event>& chunk) {
        if (pulled < chunks) chunk = chunk_of(pulled, 40);
        ++pulled;
        return Status::ok();
    });
    CHECK(result.status().message() == "imported before");
    // No staging marker, no staged table file, not a byte more in the write-ahead log.
    CHECK(folder_files(path) == before);
    CHECK(store->last_seq() == 1);
    CHECK(store->verify().ok);
    // The numbers are free for the next transaction, which sees nothing of the failed one.
    must_append(*store, request_of({make_event("P1", 4, 60)}));
    CHECK(store->timeline("P1")->size() == 2);
    CHECK(store->patients()->size() == 1);
    CHECK(store->verify().ok);
}
