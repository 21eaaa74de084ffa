// libFuzzer target: the query language front end (statement splitter, ANTLR parser, AST builder,
// checker) and evaluation against a small real store (the long-format fixture cohort). Every input
// must come back as results, never an exception or a crash.
#include <unistd.h>
#include <cstddef>
#include <cstdint>

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "importers/long_decoder.h"
#include "query/query_engine.h"
#include "store/event_store.h"

using namespace dayzero;

namespace {

// The store's folder (one per process, so runs side by side never share it), removed at exit.
struct StoreFolder {
    std::filesystem::path path = std::filesystem::temp_directory_path() /
                                 ("dayzero-fuzz-query-" + std::to_string(::getpid()));
    ~StoreFolder() {
        std::error_code ec;
        std::filesystem::remove_all(path, ec);
    }
};

// One store for the whole run, with a patient so that evaluation has something to read.
store::EventStore& fuzz_store() {
    static StoreFolder folder;  // constructed first, so destroyed after the store is closed
    static std::unique_ptr<store::EventStore> store = [] {
        const auto& dir = folder.path;
        std::filesystem::remove_all(dir);
        auto opened = store::EventStore::open(dir.string());
        if (!opened.is_ok()) __builtin_trap();
        // The long-format fixture: baselines, fevers, doses and outcomes of a few patients.
        auto decoded = importers::decode_long_csv(std::string(DAYZERO_SOURCE_DIR) +
                                                  "/tests/importers/data/long/cohort_small.csv");
        if (!decoded.ok() || decoded.events.empty()) __builtin_trap();
        store::TransactionRequest request;
        request.events = std::move(decoded.events);
        request.source = "fuzz";
        if (!opened.value()->append(std::move(request)).is_ok()) __builtin_trap();
        return std::move(opened.value());
    }();
    return *store;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    query::QueryEngine engine(fuzz_store());
    auto results = engine.execute(text);
    for (const auto& result : results) {
        if (!result.ok && result.error.empty()) __builtin_trap();  // errors always say why
    }
    return 0;
}
