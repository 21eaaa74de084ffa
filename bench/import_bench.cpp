// import_bench: throughput and peak memory of the importer on a generated long-format CSV.
//
//   import_bench [--rows N] [--store-rows M] [--dir PATH] [--keep]
//
// Generates N rows (default 5,000,000) of the canonical long format into a scratch folder, then
//   1. validate: one full streaming pass of the decoder (CSV parse, kind rules, units,
//      plausibility) over the N rows, as the Importer's first pass does;
//   2. import: a complete `dayzero import` of the first M rows (default 200,000; 0 skips it)
//      into a fresh store (both passes, SHA-256, append through EventStore::append_chunked).
// Prints rows/s and the peak resident set size after each phase.
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <sstream>
#include <string>

#include "importers/import_runner.h"
#include "importers/long_decoder.h"
#include "store/event_store.h"

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

double peak_rss_mib() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return static_cast<double>(usage.ru_maxrss) / 1024.0;  // ru_maxrss is in KiB on Linux
}

// Writes `rows` rows: 1,000 rows per patient over days -5..59, a realistic mix of kinds.
void generate(const fs::path& path, uint64_t rows) {
    std::FILE* out = std::fopen(path.c_str(), "wb");
    if (!out) {
        std::perror("import_bench: cannot create the CSV");
        std::exit(1);
    }
    std::setvbuf(out, nullptr, _IOFBF, 1 << 20);
    std::fputs("patient_id,day,time,kind,code,value,unit,note\n", out);
    uint64_t state = 0x9E3779B97F4A7C15ull;
    auto next = [&state] {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        return state;
    };
    for (uint64_t i = 0; i < rows; ++i) {
        const uint64_t patient = i / 1000;
        const uint64_t r = next();
        const int day = static_cast<int>(i % 1000 / 16) - 5;
        const unsigned minute = static_cast<unsigned>(r % 1440);
        char time[8];
        std::snprintf(time, sizeof time, "%02u:%02u", minute / 60, minute % 60);
        switch (r % 8) {
            case 0:
                std::fprintf(out, "BP%06llu,%d,%s,dose,dexamethasone,10,mg,\n",
                             static_cast<unsigned long long>(patient), day, time);
                break;
            case 1:
            case 2:
                std::fprintf(out, "BP%06llu,%d,%s,lab,IL6,%.1f,pg/mL,\n",
                             static_cast<unsigned long long>(patient), day, time,
                             static_cast<double>(r % 50000) / 10.0);
                break;
            case 3:
                std::fprintf(out, "BP%06llu,%d,%s,sbp,,%u,mmHg,\n",
                             static_cast<unsigned long long>(patient), day, time,
                             static_cast<unsigned>(70 + r % 80));
                break;
            case 4:
                std::fprintf(out,
                             "BP%06llu,%d,%s,oxygen,low_flow_nc,%u,L/min,\"on ward, stable\"\n",
                             static_cast<unsigned long long>(patient), day, time,
                             static_cast<unsigned>(r % 6));
                break;
            default:
                std::fprintf(out, "BP%06llu,%d,%s,temp,,%.1f,C,\n",
                             static_cast<unsigned long long>(patient), day, time,
                             36.0 + static_cast<double>(r % 45) / 10.0);
        }
    }
    std::fclose(out);
}

}  // namespace

int main(int argc, char** argv) {
    uint64_t rows = 5'000'000;
    uint64_t store_rows = 200'000;
    std::string dir;
    bool keep = false;
    for (int i = 1; i < argc; ++i) {
        std::string arg = argv[i];
        if (arg == "--rows" && i + 1 < argc)
            rows = std::strtoull(argv[++i], nullptr, 10);
        else if (arg == "--store-rows" && i + 1 < argc)
            store_rows = std::strtoull(argv[++i], nullptr, 10);
        else if (arg == "--dir" && i + 1 < argc)
            dir = argv[++i];
        else if (arg == "--keep")
            keep = true;
        else {
            std::cerr << "usage: import_bench [--rows N] [--store-rows M] [--dir PATH] [--keep]\n";
            return 2;
        }
    }
    const fs::path work =
        dir.empty() ? fs::temp_directory_path() / "dayzero-import-bench" : fs::path(dir);
    fs::remove_all(work);
    fs::create_directories(work);
    const fs::path csv = work / "events.csv";

    auto start = Clock::now();
    generate(csv, rows);
    std::printf("generated %llu rows (%.0f MiB) in %.1f s\n", static_cast<unsigned long long>(rows),
                static_cast<double>(fs::file_size(csv)) / (1 << 20), seconds_since(start));

    // 1. The validation pass: decode every row, keep nothing.
    start = Clock::now();
    auto decoder = dayzero::importers::make_long_decoder(csv.string(), {});
    if (!decoder) {
        std::cerr << decoder.status().message() << "\n";
        return 1;
    }
    dayzero::importers::DecodedRow row;
    uint64_t decoded = 0, bad = 0;
    while ((*decoder)->next(row)) {
        ++decoded;
        bad += row.errors.empty() ? 0 : 1;
    }
    const double decode_s = seconds_since(start);
    std::printf(
        "validate pass: %llu rows (%llu bad) in %.2f s = %.0f rows/s (%.0f MiB/s); "
        "peak RSS %.1f MiB\n",
        static_cast<unsigned long long>(decoded), static_cast<unsigned long long>(bad), decode_s,
        static_cast<double>(decoded) / decode_s,
        static_cast<double>(fs::file_size(csv)) / (1 << 20) / decode_s, peak_rss_mib());

    // 2. A complete import of the first store_rows rows into a fresh store.
    if (store_rows > 0) {
        const fs::path part = work / "part.csv";
        {
            std::FILE* in = std::fopen(csv.c_str(), "rb");
            std::FILE* out = std::fopen(part.c_str(), "wb");
            char line[512];
            for (uint64_t i = 0; i <= store_rows && std::fgets(line, sizeof line, in); ++i) {
                std::fputs(line, out);
            }
            std::fclose(in);
            std::fclose(out);
        }
        auto store = dayzero::store::EventStore::open((work / "db").string());
        if (!store) {
            std::cerr << store.status().message() << "\n";
            return 1;
        }
        std::ostringstream out, err;
        start = Clock::now();
        auto summary =
            dayzero::importers::run_import(*store.value(), {part.string()}, {}, out, err);
        const double import_s = seconds_since(start);
        if (!summary.ok) std::cerr << err.str();
        std::printf(
            "full import: %llu rows -> %llu events in %.2f s = %.0f rows/s; "
            "peak RSS %.1f MiB\n",
            static_cast<unsigned long long>(summary.rows_read),
            static_cast<unsigned long long>(summary.events_appended), import_s,
            static_cast<double>(summary.rows_read) / import_s, peak_rss_mib());
    }
    if (!keep) fs::remove_all(work);
    return 0;
}
