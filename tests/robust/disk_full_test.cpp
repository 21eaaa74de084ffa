// Disk full at random points of many imports: the real `dayzero import` runs with a test-only
// LD_PRELOAD library (tests/enospc_shim/) that makes every write into the store folder fail with
// ENOSPC once a byte budget is spent, so the disk fills at a different moment of each import —
// while chunks are staged, while they are ingested, at the commit, while the read models are
// written. Each import must fail with a clear error and never hang; after the next open the store
// is exactly as before (same events, verify OK) with no file left behind and no space kept; and
// the same import succeeds once there is room. Runs as any user: nothing is mounted.
#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <random>
#include <string>

#include "child_process.h"
#include "robust_fixture.h"

using namespace dayzero;
using namespace dayzero::robust;
namespace fs = std::filesystem;

namespace {

constexpr int kPatients = 3'000;   // x 50 rows: three chunks of a chunked append
constexpr int kCutImports = 10;    // imports cut off at random points
constexpr int kHangSeconds = 300;  // an import still running after this long is hung

// A valid long-format file of `patients` x 50 rows (about 40 bytes a row).
std::string many_rows(int patients) {
    std::string text = "patient_id,day,time,kind,code,value,unit,note\n";
    for (int p = 0; p < patients; ++p) {
        const std::string id = "F" + std::to_string(100'000 + p);
        text += id + ",0,10:00,infusion,axi-cel,2,10^6 cells/kg,\n";
        for (int i = 0; i < 49; ++i)
            text += id + "," + std::to_string(i / 4) + ",1" + std::to_string(i % 10) +
                    ":00,temp,,37." + std::to_string(i % 10) + ",C,\n";
    }
    return text;
}

// Bytes of every file in `folder`.
uintmax_t folder_bytes(const fs::path& folder) {
    std::error_code ec;
    uintmax_t total = 0;
    for (const auto& entry : fs::directory_iterator(folder, ec)) {
        if (entry.is_regular_file(ec)) total += entry.file_size(ec);
    }
    return total;
}

// Names of files in `folder` that an import stages (store/staging.h) and must not outlive it.
std::string staged_files(const fs::path& folder) {
    std::string names;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(folder, ec)) {
        const std::string name = entry.path().filename().string();
        if (name.starts_with("staged-")) names += name + " ";
    }
    return names;
}

// Runs the import of `file` into `db` with the shim (`budget` bytes; < 0: unlimited, counting
// into `report`), waits (bounded) and returns whether it exited by itself, with its status.
bool import_with_shim(const std::string& db, const std::string& file, long long budget,
                      const std::string& output, const std::string& report, int& status) {
    // The shim compares the files' resolved paths (/tmp may be a symbolic link).
    ChildEnv env{{"LD_PRELOAD", DAYZERO_ENOSPC_SHIM},
                 {"DAYZERO_ENOSPC_DIR", fs::canonical(db).string()}};
    if (budget >= 0) env.emplace_back("DAYZERO_ENOSPC_BUDGET", std::to_string(budget));
    if (!report.empty()) env.emplace_back("DAYZERO_ENOSPC_REPORT", report);
    const pid_t child =
        spawn_dayzero({"import", "--db", db, file, "--reason", "disk full test"}, output, env);
    REQUIRE(child > 0);
    return wait_bounded(child, kHangSeconds, status);
}

// The next open for writing (it removes what a failed import left), closed at once.
void open_for_writing(const std::string& db) {
    auto opened = store::EventStore::open(db);
    INFO((opened.is_ok() ? std::string("opened") : opened.status().message()));
    REQUIRE(opened.is_ok());
}

}  // namespace

TEST_CASE(
    "disk full at random points of many imports: clear failure and store unchanged without leaks") {
    ScratchDir dir;
    const std::string db = (dir.path() / "db").string();
    StoreSnapshot before;
    {
        auto store = open_seeded_store(db);
        before = snapshot(*store);
    }
    open_for_writing(db);  // settled: what any later open finds
    const uintmax_t bytes_before = folder_bytes(db);
    const std::string file = dir.write("big.csv", many_rows(kPatients));
    const uint64_t file_events = uint64_t{kPatients} * 50;

    // How many bytes the whole import writes into the store folder (on a copy of the store).
    const std::string copy = (dir.path() / "copy").string();
    fs::copy(db, copy, fs::copy_options::recursive);
    const std::string report = (dir.path() / "written.txt").string();
    int status = 0;
    REQUIRE(import_with_shim(copy, file, -1, (dir.path() / "count.out").string(), report, status));
    REQUIRE((WIFEXITED(status) && WEXITSTATUS(status) == 0));
    const long long whole = std::stoll(read_text(report));
    INFO("the whole import writes " << whole << " bytes into the store folder");
    REQUIRE(whole > 0);

    std::mt19937_64 random(20);  // a fixed seed: the same cut points on every run
    int failed = 0;
    for (int k = 0; k < kCutImports; ++k) {
        // Cut points spread over the whole import, each somewhere in its own tenth.
        const long long budget = whole * k / kCutImports +
                                 static_cast<long long>(random() % uint64_t(whole / kCutImports));
        const std::string output = (dir.path() / ("import" + std::to_string(k) + ".out")).string();
        INFO("import " << k << " with room for " << budget << " bytes");
        const bool exited = import_with_shim(db, file, budget, output, "", status);
        const std::string said = read_text(output);
        INFO("dayzero import said: " << said);
        REQUIRE(exited);  // a full disk must never hang the writer
        REQUIRE(WIFEXITED(status));
        if (WEXITSTATUS(status) == 0) {
            // Late cuts may fall after the commit (the read models): then the import stands and
            // what failed later is repaired by the next writer.
            open_for_writing(db);
            auto reader = store::EventStore::open(db, {.read_only = true});
            REQUIRE(reader.is_ok());
            CHECK(snapshot(*reader.value()).events == before.events + file_events);
            CHECK(reader.value()->verify().ok);
            break;
        }
        ++failed;
        CHECK(said.find("No space left on device") != std::string::npos);
        open_for_writing(db);
        CHECK(staged_files(db).empty());
        auto reader = store::EventStore::open(db, {.read_only = true});
        INFO((reader.is_ok() ? std::string("reader ok") : reader.status().message()));
        REQUIRE(reader.is_ok());
        CHECK(snapshot(*reader.value()) == before);
        const auto verified = reader.value()->verify();
        INFO(verified.problem);
        CHECK(verified.ok);
        // No space kept: what the failed imports wrote is gone, whatever point they reached
        // (allowing for RocksDB's own small files: a new log, options and manifest per open).
        const uintmax_t bytes_after = folder_bytes(db);
        INFO("store folder: " << bytes_before << " bytes before, " << bytes_after << " now");
        CHECK(bytes_after < bytes_before + (uintmax_t{1} << 20));
    }
    CHECK(failed >= kCutImports / 2);

    // With room again, the same import succeeds (or already has, when a late cut let it commit).
    const std::string output = (dir.path() / "retry.out").string();
    CHECK(run_dayzero({"import", "--db", db, file, "--reason", "disk full test"}, output) == 0);
    auto reader = store::EventStore::open(db, {.read_only = true});
    REQUIRE(reader.is_ok());
    CHECK(snapshot(*reader.value()).events == before.events + file_events);
    CHECK(reader.value()->verify().ok);
}
