// query_bench: times question 7 (CRS duration, tocilizumab vs not, within severe and mild CRS,
// Mann-Whitney) on a generated cohort, twice with the default definition (stored summaries) and
// twice with another (derived from the timelines), so the session cache's effect on a repeated
// statement shows. Usage: query_bench [patients=10000] [store-dir]
// (stored-cache-MiB: the session cache's budget for stored summaries; 0 = never keep them).
// Prints load and query figures; the store is kept when a folder is given, else removed.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include "db/database.h"
#include "generator/cohort_generator.h"
#include "query/query_engine.h"
#include "store/event_store.h"

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

}  // namespace

int main(int argc, char** argv) {
    namespace fs = std::filesystem;
    const uint64_t patients = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 10000;
    const bool keep = argc > 2;
    const fs::path dir =
        keep ? fs::path(argv[2])
             : fs::temp_directory_path() / ("dz_query_bench_" + std::to_string(::getpid()));
    auto opened = dayzero::store::EventStore::open(dir.string());
    if (!opened) {
        std::fprintf(stderr, "cannot open %s: %s\n", dir.c_str(),
                     opened.status().message().c_str());
        return 1;
    }
    auto store = std::move(opened).value();
    if (store->last_seq() == 0) {
        const auto start = Clock::now();
        constexpr uint64_t kChunk = 250;
        uint64_t events = 0;
        for (uint64_t first = 0; first < patients; first += kChunk) {
            dayzero::store::TransactionRequest request;
            request.source = "bench";
            for (uint64_t i = first; i < std::min(patients, first + kChunk); ++i) {
                auto p = dayzero::generator::generate_patient(45, i, patients);
                for (auto& e : p.events)
                    request.events.push_back(std::move(e));
            }
            events += request.events.size();
            auto info = store->append(std::move(request));
            if (!info) {
                std::fprintf(stderr, "append failed: %s\n", info.status().message().c_str());
                return 1;
            }
        }
        std::printf("loaded %llu patients, %llu events in %.2f s\n",
                    static_cast<unsigned long long>(patients),
                    static_cast<unsigned long long>(events), seconds_since(start));
    }
    // The writer brings the read models up to date as it takes the store, as `dayzero` does.
    auto database = std::make_unique<dayzero::db::Database>(std::move(store));
    dayzero::query::QueryEngine engine(database->store(), database.get());
    const char* statements[] = {
        "cohort toci = patients where doses(tocilizumab) > 0;",
        "compare duration by toci within severe, mild;",
        "compare duration by toci within severe, mild;",
        "compare duration by toci within severe, mild with fever 38.5 C;",
        "compare duration by toci within severe, mild with fever 38.5 C;",
    };
    for (const char* text : statements) {
        const auto start = Clock::now();
        const auto results = engine.execute(text);
        const double s = seconds_since(start);
        if (results.empty() || !results.back().ok) {
            std::fprintf(stderr, "%s failed: %s\n", text,
                         results.empty() ? "no result" : results.back().error.c_str());
            return 1;
        }
        std::printf("%-66s %8.3f s  (%zu rows)\n", text, s, results.back().rows.size());
    }
    database.reset();
    if (!keep) fs::remove_all(dir);
    return 0;
}
