// store_bench: append N small events in transactions of 10,000, then read single patients'
// timelines back. Prints append throughput and per-patient read latency (p50/p99).
//   store_bench [--events N] [--tx-size N] [--per-patient N] [--reads N] [--no-sync] [--db DIR]
//               [--chunked N [--grouped]]
// --chunked appends everything as ONE transaction through append_chunked in chunks of N events,
// built in memory beforehand, so the figure is the store's share of an import (the importer's
// decoding excluded); --grouped makes each patient's events consecutive, as in `dayzero generate`
// output, instead of interleaved.
#include <CLI/CLI.hpp>

#include <sys/resource.h>
#include <unistd.h>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "store/event_store.h"

namespace {

using Clock = std::chrono::steady_clock;
using dayzero::store::Event;
using dayzero::store::EventKind;

struct BenchOptions {
    uint64_t events = 10'000'000;
    uint64_t tx_size = 10'000;
    uint64_t per_patient = 2'000;
    int reads = 200;
    bool no_sync = false;
    bool verify = false;
    std::string db;
    uint64_t chunked = 0;  // 0: transactions of tx_size through append()
    bool grouped = false;
};

// CPU seconds (user + system, all threads incl. RocksDB's background work) used so far: on a
// shared machine this is steadier than wall time.
double cpu_seconds() {
    rusage ru{};
    ::getrusage(RUSAGE_SELF, &ru);
    auto secs = [](const timeval& tv) { return tv.tv_sec + tv.tv_usec / 1e6; };
    return secs(ru.ru_utime) + secs(ru.ru_stime);
}

double seconds_since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

std::string patient_name(uint64_t index) {
    return fmt::format("PT{:06}", index);
}

// Event number g goes to patient g % patients: every transaction touches many patients, the
// way a site export interleaves them, so a patient's events are spread over the whole log.
// With `grouped`, events g = p * per_patient ... (p + 1) * per_patient - 1 are patient p's.
Event make_event(uint64_t g, uint64_t patients, uint64_t per_patient, bool grouped) {
    Event e;
    e.patient_id = patient_name(grouped ? g / per_patient : g % patients);
    const uint64_t nth = grouped ? g % per_patient : g / patients;  // this patient's nth event
    e.day = static_cast<int32_t>(nth / 24) - 5;
    e.minute = static_cast<uint16_t>((nth % 24) * 60 + 7);
    e.kind = (g % 3 == 0) ? EventKind::kTemp : EventKind::kLab;
    e.code = e.kind == EventKind::kLab ? "IL6" : "";
    e.value = 36.0 + static_cast<double>(g % 50) / 10.0;
    e.unit = e.kind == EventKind::kLab ? "pg/mL" : "C";
    e.source_line = static_cast<uint32_t>(g % 1'000'000 + 1);
    return e;
}

double percentile(std::vector<double> v, double p) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    const auto idx = static_cast<size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
    return v[std::min(idx, v.size() - 1)];
}

// One transaction of opt.events events through append_chunked, chunks built beforehand.
int append_chunked(dayzero::store::EventStore& store, const BenchOptions& opt, uint64_t patients) {
    std::vector<std::vector<Event>> chunks;
    for (uint64_t g = 0; g < opt.events;) {
        const uint64_t n = std::min(opt.chunked, opt.events - g);
        auto& chunk = chunks.emplace_back();
        chunk.reserve(n);
        for (uint64_t i = 0; i < n; ++i) {
            chunk.push_back(make_event(g + i, patients, opt.per_patient, opt.grouped));
            chunk.back().source = "sha256:" + std::string(64, 'b');
        }
        g += n;
    }
    dayzero::store::TransactionRequest header;
    header.author = "bench";
    header.source = "sha256:" + std::string(64, 'b');
    size_t next = 0;
    const double cpu_start = cpu_seconds();
    const auto start = Clock::now();
    auto r = store.append_chunked(std::move(header), [&](std::vector<Event>& out) {
        out.clear();
        if (next < chunks.size()) out = std::move(chunks[next++]);
        return dayzero::store::Status::ok();
    });
    const double append_s = seconds_since(start);
    const double append_cpu = cpu_seconds() - cpu_start;
    if (!r) {
        std::fprintf(stderr, "store_bench: append failed: %s\n", r.status().message().c_str());
        return 1;
    }
    fmt::print(
        "append_chunked: {} events in one transaction ({} chunks of {}) in {:.2f} s = {:.0f} "
        "events/s; CPU {:.2f} s = {:.0f} events per CPU-second\n",
        opt.events, chunks.size(), opt.chunked, append_s, opt.events / append_s, append_cpu,
        opt.events / append_cpu);
    return 0;
}

int run(const BenchOptions& opt) {
    namespace fs = std::filesystem;
    const bool temp = opt.db.empty();
    const std::string path =
        temp ? (fs::temp_directory_path() / fmt::format("dayzero-bench-{}", ::getpid())).string()
             : opt.db;
    if (fs::exists(path)) {
        std::fprintf(stderr, "store_bench: '%s' exists; give a new folder\n", path.c_str());
        return 1;
    }
    dayzero::store::OpenOptions oo;
    oo.sync_writes = !opt.no_sync;
    auto opened = dayzero::store::EventStore::open(path, oo);
    if (!opened) {
        std::fprintf(stderr, "store_bench: %s\n", opened.status().message().c_str());
        return 1;
    }
    std::unique_ptr<dayzero::store::EventStore> owner = std::move(opened.value());
    auto& store = *owner;
    const uint64_t patients = std::max<uint64_t>(1, opt.events / opt.per_patient);
    fmt::print("store_bench: {} events, {} per transaction, {} patients x {} events, sync {}\n",
               opt.events, opt.tx_size, patients, opt.per_patient, opt.no_sync ? "off" : "on");

    if (opt.chunked != 0) {
        if (auto s = append_chunked(store, opt, patients); s != 0) return s;
    }
    const double cpu_start = cpu_seconds();
    const auto start = Clock::now();
    auto last_report = start;
    for (uint64_t g = 0; opt.chunked == 0 && g < opt.events;) {
        dayzero::store::TransactionRequest req;
        req.author = "bench";
        req.source = "sha256:" + std::string(64, 'b');
        const uint64_t n = std::min(opt.tx_size, opt.events - g);
        req.events.reserve(n);
        for (uint64_t i = 0; i < n; ++i)
            req.events.push_back(make_event(g + i, patients, opt.per_patient, opt.grouped));
        auto r = store.append(std::move(req));
        if (!r) {
            std::fprintf(stderr, "store_bench: append failed: %s\n", r.status().message().c_str());
            return 1;
        }
        g += n;
        if (seconds_since(last_report) > 10) {
            last_report = Clock::now();
            fmt::print("  {} events, {:.0f} events/s\n", g, g / seconds_since(start));
            std::fflush(stdout);
        }
    }
    if (opt.chunked == 0) {
        const double append_s = seconds_since(start);
        const double append_cpu = cpu_seconds() - cpu_start;
        fmt::print(
            "append: {} events in {:.2f} s = {:.0f} events/s ({} transactions); CPU {:.2f} s "
            "= {:.0f} events per CPU-second\n",
            opt.events, append_s, opt.events / append_s, store.last_tx(), append_cpu,
            opt.events / append_cpu);
    }

    std::mt19937_64 rng(7);
    std::vector<double> latencies_ms;
    size_t events_read = 0;
    for (int i = 0; i < opt.reads; ++i) {
        const std::string id = patient_name(rng() % patients);
        const auto t0 = Clock::now();
        auto events = store.timeline(id);
        latencies_ms.push_back(seconds_since(t0) * 1000.0);
        if (!events) {
            std::fprintf(stderr, "store_bench: read failed: %s\n",
                         events.status().message().c_str());
            return 1;
        }
        events_read = events->size();
    }
    fmt::print(
        "read one patient ({} events): p50 {:.2f} ms, p99 {:.2f} ms, first {:.2f} ms "
        "over {} reads\n",
        events_read, percentile(latencies_ms, 0.50), percentile(latencies_ms, 0.99),
        latencies_ms.empty() ? 0.0 : latencies_ms.front(), opt.reads);
    if (auto st = store.stats()) {
        fmt::print("size on disk: {:.1f} MiB ({:.1f} bytes/event)\n",
                   st->size_on_disk_bytes / 1048576.0,
                   static_cast<double>(st->size_on_disk_bytes) / static_cast<double>(opt.events));
    }
    if (opt.verify) {
        const auto t0 = Clock::now();
        const auto report = store.verify();
        fmt::print("verify: {} in {:.2f} s\n", report.ok ? "ok" : report.problem,
                   seconds_since(t0));
    }
    owner.reset();  // close the store before removing its folder
    if (temp) fs::remove_all(path);
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    BenchOptions opt;
    CLI::App app{"Append and read-back micro-benchmark of the event store", "store_bench"};
    app.add_option("--events", opt.events, "Events to append (default 10,000,000)");
    app.add_option("--tx-size", opt.tx_size, "Events per transaction (default 10,000)")
        ->check(CLI::PositiveNumber);
    app.add_option("--per-patient", opt.per_patient, "Events per patient (default 2,000)")
        ->check(CLI::PositiveNumber);
    app.add_option("--reads", opt.reads, "Patient timelines to read back (default 200)");
    app.add_flag("--no-sync", opt.no_sync, "Do not fsync the WAL at every commit");
    app.add_flag("--verify", opt.verify, "Also time verify() over the whole store");
    app.add_option("--db", opt.db, "Store folder to create (default: a temporary folder)");
    app.add_option("--chunked", opt.chunked,
                   "Append all events as one transaction through append_chunked, in chunks of "
                   "this many events (the store's share of an import)");
    app.add_flag("--grouped", opt.grouped,
                 "Make each patient's events consecutive (as in `dayzero generate` output)");
    CLI11_PARSE(app, argc, argv);
    try {
        return run(opt);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "store_bench: %s\n", e.what());
        return 1;
    }
}
