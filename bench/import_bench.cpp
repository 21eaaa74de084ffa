// import_bench: throughput and peak memory of the importer on a long-format CSV.
//
//   import_bench [--rows N | --csv FILE] [--store-rows M] [--dir PATH] [--keep] [--null-only]
//
// Uses FILE (e.g. `dayzero generate` output) or generates N rows (default 5,000,000) of the
// canonical long format into a scratch folder, then
//   1. decode: one full streaming pass of the long decoder (CSV parse, kind rules, units,
//      plausibility) that keeps nothing, to isolate the decoder's cost;
//   2. null sink: the complete Importer (SHA-256, validation, decoding, chunked hand-over) into
//      NullStore, an EventStore that drops every chunk, so the store's cost is excluded; it also
//      prints when the store held its first two chunks (how long a real store waits to start);
//   3. store: a complete `dayzero import` of the first M rows (default 200,000; 0 skips it)
//      into a fresh RocksDB store.
// --null-only runs step 2 alone (compare peak RSS across file sizes with /usr/bin/time -v).
// Prints rows/s and the peak resident set size after each step, and instructions per row where
// the machine has perf counters (decode: the decoder alone; null sink: every thread).
#include <linux/perf_event.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <sstream>
#include <string>

#include "db/database.h"
#include "importers/import_runner.h"
#include "importers/importer.h"
#include "importers/long_decoder.h"
#include "store/event_store.h"

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
namespace st = dayzero::store;

double seconds_since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

double peak_rss_mib() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return static_cast<double>(usage.ru_maxrss) / 1024.0;  // ru_maxrss is in KiB on Linux
}

// CPU seconds (user + system, every thread) used by this process so far: on a shared machine
// rows per CPU second is steadier than rows per wall second.
double cpu_seconds() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    const auto secs = [](const timeval& t) {
        return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
    };
    return secs(usage.ru_utime) + secs(usage.ru_stime);
}

// Counts the instructions this process retires in user space, its threads started later
// included, from construction to count() (Linux perf events; unavailable on many VMs, where
// count() is -1). Instructions per row do not depend on the machine's load, unlike seconds.
class InstructionCounter {
  public:
    InstructionCounter() {
        perf_event_attr attr{};
        attr.type = PERF_TYPE_HARDWARE;
        attr.size = sizeof attr;
        attr.config = PERF_COUNT_HW_INSTRUCTIONS;
        attr.disabled = 1;
        attr.exclude_kernel = 1;
        attr.exclude_hv = 1;
        attr.inherit = 1;  // threads started later count too (summed in when they exit)
        fd_ = static_cast<int>(syscall(SYS_perf_event_open, &attr, 0, -1, -1, 0));
        if (fd_ >= 0) {
            ioctl(fd_, PERF_EVENT_IOC_RESET, 0);
            ioctl(fd_, PERF_EVENT_IOC_ENABLE, 0);
        }
    }
    InstructionCounter(const InstructionCounter&) = delete;
    InstructionCounter& operator=(const InstructionCounter&) = delete;
    ~InstructionCounter() {
        if (fd_ >= 0) close(fd_);
    }
    // Instructions so far (every thread started since has been joined), or -1 if not counted.
    long long count() const {
        long long value = 0;
        if (fd_ < 0 || read(fd_, &value, sizeof value) != sizeof value) return -1;
        return value;
    }

  private:
    int fd_ = -1;
};

// " = N instructions/row" from a counter, or "" when the machine does not count them.
std::string per_row(const InstructionCounter& counter, uint64_t rows) {
    const long long instructions = counter.count();
    if (instructions < 0 || rows == 0) return "";
    return "; " + std::to_string(instructions / static_cast<long long>(rows)) + " instructions/row";
}

// An EventStore that accepts every append and keeps nothing but counts, so a benchmark of the
// importer measures the importer alone. append_chunked times the streaming part of the import.
class NullStore final : public st::EventStore {
  public:
    st::Result<st::TransactionInfo> append(st::TransactionRequest request) override {
        events_ += request.events.size();
        return info(request.events.size());
    }
    st::Result<st::TransactionInfo> append_chunked(st::TransactionRequest header,
                                                   const st::EventChunkSource& next,
                                                   const st::WrittenChunkSink& = {}) override {
        entered_ = Clock::now();
        std::vector<st::Event> chunk;
        uint64_t count = 0;
        while (true) {
            chunk.clear();
            st::Status status = next(chunk);
            if (!status.is_ok()) return status;
            if (chunk.empty()) break;
            if (chunks_ < 2) chunk_at_[chunks_] = Clock::now();
            ++chunks_;
            largest_chunk_ = std::max<uint64_t>(largest_chunk_, chunk.size());
            for (const auto& event : chunk)
                bytes_ += event.patient_id.size() + event.code.size() + event.source.size();
            count += chunk.size();
        }
        left_ = Clock::now();
        events_ += count;
        (void)header;
        return info(count);
    }
    st::Result<std::vector<st::Event>> timeline(const std::string&,
                                                const st::TimelineQuery&) const override {
        return std::vector<st::Event>{};
    }
    st::Status for_each_patient(const st::PatientVisitor&, const st::AsOf&,
                                st::Provenance) const override {
        return st::Status::ok();
    }
    st::Status scan_log(uint64_t, uint64_t, const st::EventVisitor&) const override {
        return st::Status::ok();
    }
    st::Result<st::Event> event(uint64_t) const override {
        return st::Status::not_found("null store");
    }
    st::Result<std::vector<st::Event>> corrections_of(uint64_t) const override {
        return std::vector<st::Event>{};
    }
    st::Result<st::TransactionInfo> transaction(uint64_t) const override {
        return st::Status::not_found("null store");
    }
    std::optional<st::TransactionInfo> find_import(const std::string&) const override {
        return std::nullopt;
    }
    st::Result<std::vector<std::string>> patients() const override {
        return std::vector<std::string>{};
    }
    uint64_t last_seq() const override { return events_; }
    uint64_t last_tx() const override { return tx_; }
    st::Result<st::StoreStats> stats() const override { return st::StoreStats{}; }
    st::VerifyReport verify() const override { return {}; }
    bool read_only() const override { return false; }
    const std::string& path() const override { return path_; }

    Clock::time_point entered() const { return entered_; }
    // When the store held its first and its second chunk (a store starts writing with them).
    Clock::time_point chunk_at(size_t i) const { return chunk_at_[i]; }
    Clock::time_point left() const { return left_; }
    uint64_t largest_chunk() const { return largest_chunk_; }
    uint64_t checksum() const { return bytes_; }

  private:
    st::TransactionInfo info(uint64_t count) {
        st::TransactionInfo result;
        result.tx = ++tx_;
        result.first_seq = events_ - count + 1;
        result.last_seq = events_;
        return result;
    }
    uint64_t events_ = 0;
    uint64_t tx_ = 0;
    uint64_t largest_chunk_ = 0;
    uint64_t bytes_ = 0;
    std::string path_ = "(null)";
    Clock::time_point entered_{};
    Clock::time_point left_{};
    Clock::time_point chunk_at_[2]{};
    uint64_t chunks_ = 0;
};

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
        const auto patient = static_cast<unsigned long long>(i / 1000);
        const uint64_t r = next();
        const int day = static_cast<int>(i % 1000 / 16) - 5;
        const unsigned minute = static_cast<unsigned>(r % 1440);
        char time[8];
        std::snprintf(time, sizeof time, "%02u:%02u", minute / 60, minute % 60);
        switch (r % 8) {
            case 0:
                std::fprintf(out, "BP%06llu,%d,%s,dose,dexamethasone,10,mg,\n", patient, day, time);
                break;
            case 1:
            case 2:
                std::fprintf(out, "BP%06llu,%d,%s,lab,IL6,%.1f,pg/mL,\n", patient, day, time,
                             static_cast<double>(r % 50000) / 10.0);
                break;
            case 3:
                std::fprintf(out, "BP%06llu,%d,%s,sbp,,%u,mmHg,\n", patient, day, time,
                             static_cast<unsigned>(70 + r % 80));
                break;
            case 4:
                std::fprintf(out,
                             "BP%06llu,%d,%s,oxygen,low_flow_nc,%u,L/min,\"on ward, stable\"\n",
                             patient, day, time, static_cast<unsigned>(r % 6));
                break;
            default:
                std::fprintf(out, "BP%06llu,%d,%s,temp,,%.1f,C,\n", patient, day, time,
                             36.0 + static_cast<double>(r % 45) / 10.0);
        }
    }
    std::fclose(out);
}

// Step 1: the decoder alone, keeping nothing.
bool decode_only(const fs::path& csv) {
    const auto start = Clock::now();
    const double cpu_start = cpu_seconds();
    const InstructionCounter counter;
    auto decoder = dayzero::importers::make_long_decoder(csv.string(), {});
    if (!decoder) {
        std::cerr << decoder.status().message() << "\n";
        return false;
    }
    dayzero::importers::DecodedRow row;
    uint64_t decoded = 0, bad = 0;
    while ((*decoder)->next(row)) {
        ++decoded;
        bad += row.errors.empty() ? 0 : 1;
    }
    const double took = seconds_since(start);
    const double cpu = cpu_seconds() - cpu_start;
    std::printf(
        "decode only: %llu rows (%llu bad) in %.2f s = %.0f rows/s (%.0f MiB/s); "
        "cpu %.2f s = %.0f rows/cpu-s%s; peak RSS %.1f MiB\n",
        static_cast<unsigned long long>(decoded), static_cast<unsigned long long>(bad), took,
        static_cast<double>(decoded) / took,
        static_cast<double>(fs::file_size(csv)) / (1 << 20) / took, cpu,
        static_cast<double>(decoded) / cpu, per_row(counter, decoded).c_str(), peak_rss_mib());
    return true;
}

// Hands each file to NullStore's append_chunked, as db::Database does to the real store.
class NullCommitter final : public dayzero::importers::FileCommitter {
  public:
    explicit NullCommitter(NullStore& sink) : sink_(sink) {}
    st::Result<st::TransactionInfo> commit_file(st::TransactionRequest header,
                                                const st::EventChunkSource& next) override {
        return sink_.append_chunked(std::move(header), next);
    }

  private:
    NullStore& sink_;
};

// Step 2: the whole Importer into NullStore.
bool null_sink(const fs::path& csv) {
    NullStore sink;
    NullCommitter commit(sink);
    dayzero::importers::ImportOptions options;
    dayzero::importers::Importer importer(sink, commit, options);
    const std::string path = csv.string();
    dayzero::importers::ImportJob job{path, [path](const dayzero::importers::DecodeOptions& o) {
                                          return dayzero::importers::make_long_decoder(path, o);
                                      }};
    const auto start = Clock::now();
    const double cpu_start = cpu_seconds();
    const InstructionCounter counter;  // every thread: decoding, digest, the null store
    const auto report = importer.import(job);
    const std::string instructions = per_row(counter, report.rows_read);
    const auto end = Clock::now();
    const double cpu = cpu_seconds() - cpu_start;
    if (report.outcome != dayzero::importers::FileOutcome::kImported) {
        std::cerr << "null-sink import failed: " << report.message << "\n";
        return false;
    }
    const auto secs = [](Clock::time_point a, Clock::time_point b) {
        return std::chrono::duration<double>(b - a).count();
    };
    const double rows = static_cast<double>(report.rows_read);
    const double before = secs(start, sink.entered());
    const double streaming = secs(sink.entered(), sink.left());
    const double total = secs(start, end);
    std::printf(
        "null sink: %llu rows -> %llu events in %.2f s = %.0f rows/s, cpu %.2f s = %.0f "
        "rows/cpu-s%s (before append_chunked %.2f s, chunks 1 and 2 at %.3f s and %.3f s, "
        "streaming "
        "%.2f s = %.0f rows/s; largest chunk %llu events); peak RSS %.1f MiB\n",
        static_cast<unsigned long long>(report.rows_read),
        static_cast<unsigned long long>(report.events_appended), total, rows / total, cpu,
        rows / cpu, instructions.c_str(), before, secs(start, sink.chunk_at(0)),
        secs(start, sink.chunk_at(1)), streaming, rows / streaming,
        static_cast<unsigned long long>(sink.largest_chunk()), peak_rss_mib());
    return sink.checksum() > 0;
}

// Step 3: a complete import of the first `store_rows` rows into a fresh RocksDB store.
bool store_import(const fs::path& csv, const fs::path& work, uint64_t store_rows) {
    const fs::path part = work / "part.csv";
    {
        std::FILE* in = std::fopen(csv.c_str(), "rb");
        std::FILE* out = std::fopen(part.c_str(), "wb");
        if (!in || !out) return false;
        char line[4096];
        for (uint64_t i = 0; i <= store_rows && std::fgets(line, sizeof line, in); ++i) {
            std::fputs(line, out);
        }
        std::fclose(in);
        std::fclose(out);
    }
    auto database = dayzero::db::Database::open((work / "db").string());
    if (!database) {
        std::cerr << database.status().message() << "\n";
        return false;
    }
    std::ostringstream out, err;
    const auto start = Clock::now();
    auto summary = database.value()->import({part.string()}, {}, out, err);
    const double took = seconds_since(start);
    if (!summary.ok) std::cerr << err.str();
    std::printf(
        "store import: %llu rows -> %llu events in %.2f s = %.0f rows/s; peak RSS %.1f MiB\n",
        static_cast<unsigned long long>(summary.rows_read),
        static_cast<unsigned long long>(summary.events_appended), took,
        static_cast<double>(summary.rows_read) / took, peak_rss_mib());
    return summary.ok;
}

}  // namespace

int main(int argc, char** argv) {
    uint64_t rows = 5'000'000;
    uint64_t store_rows = 200'000;
    std::string dir, given;
    bool keep = false, null_only = false;
    for (int i = 1; i < argc; ++i) {
        std::string arg = argv[i];
        if (arg == "--rows" && i + 1 < argc)
            rows = std::strtoull(argv[++i], nullptr, 10);
        else if (arg == "--csv" && i + 1 < argc)
            given = argv[++i];
        else if (arg == "--store-rows" && i + 1 < argc)
            store_rows = std::strtoull(argv[++i], nullptr, 10);
        else if (arg == "--dir" && i + 1 < argc)
            dir = argv[++i];
        else if (arg == "--keep")
            keep = true;
        else if (arg == "--null-only")
            null_only = true;
        else {
            std::cerr << "usage: import_bench [--rows N | --csv FILE] [--store-rows M] "
                         "[--dir PATH] [--keep] [--null-only]\n";
            return 2;
        }
    }
    const fs::path work =
        dir.empty() ? fs::temp_directory_path() / "dayzero-import-bench" : fs::path(dir);
    fs::remove_all(work);
    fs::create_directories(work);
    fs::path csv = work / "events.csv";
    if (!given.empty()) {
        csv = given;
    } else {
        const auto start = Clock::now();
        generate(csv, rows);
        std::printf("generated %llu rows (%.0f MiB) in %.1f s\n",
                    static_cast<unsigned long long>(rows),
                    static_cast<double>(fs::file_size(csv)) / (1 << 20), seconds_since(start));
    }
    bool ok = true;
    if (null_only) {
        ok = null_sink(csv);
    } else {
        ok = decode_only(csv) && null_sink(csv) &&
             (store_rows == 0 || store_import(csv, work, store_rows));
    }
    if (!keep) fs::remove_all(work);
    return ok ? 0 : 1;
}
