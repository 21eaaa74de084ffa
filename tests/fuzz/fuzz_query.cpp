// libFuzzer target: the query language front end (statement splitter, ANTLR parser, AST builder,
// checker) and evaluation against a small real store. Every input must come back as results,
// never an exception or a crash.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string_view>

#include "query/query_engine.h"
#include "store/event_store.h"

using namespace dayzero;

namespace {

// One store for the whole run, with a patient so that evaluation has something to read.
store::EventStore& fuzz_store() {
    static std::unique_ptr<store::EventStore> store = [] {
        const auto dir = std::filesystem::temp_directory_path() / "dayzero-fuzz-query-store";
        std::filesystem::remove_all(dir);
        auto opened = store::EventStore::open(dir.string());
        if (!opened.is_ok()) __builtin_trap();
        store::TransactionRequest request;
        store::Event infusion;
        infusion.patient_id = "P001";
        infusion.kind = store::EventKind::kInfusion;
        infusion.day = 0;
        infusion.code = "axi-cel";
        request.events.push_back(infusion);
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
