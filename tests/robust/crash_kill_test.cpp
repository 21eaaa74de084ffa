// SIGKILL of the real `dayzero import` half-way through a large file: after reopening, either
// nothing or everything of that file is visible, the store verifies, and re-running the import
// completes it exactly once.
#include <catch2/catch.hpp>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <thread>

#include "child_process.h"
#include "robust_fixture.h"

using namespace dayzero;
using namespace dayzero::robust;
namespace fs = std::filesystem;

namespace {

constexpr int kPatients = 2'000;
constexpr int kTempsPerPatient = 99;  // + 1 infusion row = 200,000 rows in all

// A valid long-format file of kPatients * (kTempsPerPatient + 1) rows.
std::string big_long_file() {
    std::string text = "patient_id,day,time,kind,code,value,unit,note\n";
    text.reserve(size_t{kPatients} * (kTempsPerPatient + 1) * 40);
    for (int p = 0; p < kPatients; ++p) {
        const std::string id = "K" + std::to_string(100'000 + p);
        text += id + ",0,10:00,infusion,axi-cel,2,10^6 cells/kg,\n";
        for (int i = 0; i < kTempsPerPatient; ++i) {
            text += id + "," + std::to_string(i / 4) + "," + std::to_string(10 + i % 4 * 3) + ":0" +
                    std::to_string(i % 10) + ",temp,,37." + std::to_string(i % 10) + ",C,\n";
        }
    }
    return text;
}

// Bytes of every file under `folder` (how far the child's writing has come).
uintmax_t folder_bytes(const fs::path& folder) {
    std::error_code ec;
    uintmax_t total = 0;
    for (auto it = fs::recursive_directory_iterator(folder, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (it->is_regular_file(ec)) total += it->file_size(ec);
    }
    return total;
}

// Runs `dayzero import --db db file` as a child; returns its pid.
pid_t spawn_import(const std::string& db, const std::string& file) {
    return spawn_dayzero({"import", "--db", db, file, "--reason", "kill test"});
}

// Runs `dayzero import` to completion; returns its exit status.
int run_import(const std::string& db, const std::string& file) {
    return run_dayzero({"import", "--db", db, file, "--reason", "kill test"});
}

// Seeds a store at `db`, closes it and returns what it holds.
StoreSnapshot seed_and_close(const std::string& db) {
    auto store = open_seeded_store(db);
    return snapshot(*store);
}

}  // namespace

TEST_CASE("crash: SIGKILL during a 200,000-row import leaves nothing or everything") {
    ScratchDir dir;
    const std::string db = (dir.path() / "db").string();
    const StoreSnapshot before = seed_and_close(db);
    const std::string file = dir.write("big.csv", big_long_file());
    const uintmax_t start_bytes = folder_bytes(db);

    const pid_t pid = spawn_import(db, file);
    REQUIRE(pid > 0);
    // Kill once the child has started writing into the store (or has finished).
    int status = 0;
    bool exited = false;
    while (!exited && folder_bytes(db) < start_bytes + (uintmax_t{1} << 20)) {
        exited = ::waitpid(pid, &status, WNOHANG) == pid;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    if (!exited) {
        ::kill(pid, SIGKILL);
        ::waitpid(pid, &status, 0);
    }
    INFO("child killed mid-way: " << (WIFSIGNALED(status) ? "yes" : "no (it had finished)"));

    const uint64_t file_events = uint64_t{kPatients} * (kTempsPerPatient + 1);
    {
        auto reopened = store::EventStore::open(db);
        REQUIRE(reopened.is_ok());
        auto& store = *reopened.value();
        const StoreSnapshot after = snapshot(store);
        const bool nothing = after == before;
        const bool everything = after.last_tx == before.last_tx + 1 &&
                                after.events == before.events + file_events &&
                                after.patients == before.patients + kPatients;
        INFO("after the kill: " << (nothing ? "nothing" : everything ? "everything" : "PARTIAL"));
        CHECK((nothing || everything));
        const auto verified = store.verify();
        INFO(verified.problem);
        CHECK(verified.ok);
        // The killed import's staged table files are gone once the store is opened again.
        for (const auto& entry : fs::directory_iterator(db))
            CHECK_FALSE(entry.path().filename().string().starts_with("staged-"));
    }
    // Re-running completes the file exactly once (or reports it as already imported).
    CHECK(run_import(db, file) == 0);
    auto reopened = store::EventStore::open(db, {.read_only = true});
    REQUIRE(reopened.is_ok());
    const StoreSnapshot done = snapshot(*reopened.value());
    CHECK(done.events == before.events + file_events);
    CHECK(done.last_tx == before.last_tx + 1);
    CHECK(reopened.value()->verify().ok);
}

TEST_CASE("concurrency: a reader during a large import sees the old or the new state only") {
    ScratchDir dir;
    const std::string db = (dir.path() / "db").string();
    const StoreSnapshot before = seed_and_close(db);
    const std::string file = dir.write("big.csv", big_long_file());
    auto opened = store::EventStore::open(db, {.read_only = true});
    REQUIRE(opened.is_ok());
    auto& reader = *opened.value();

    const pid_t pid = spawn_import(db, file);
    REQUIRE(pid > 0);
    const uint64_t file_events = uint64_t{kPatients} * (kTempsPerPatient + 1);
    int status = 0;
    int partial = 0;
    int looks = 0;
    bool exited = false;
    while (!exited) {
        exited = ::waitpid(pid, &status, WNOHANG) == pid;
        REQUIRE(reader.refresh().is_ok());
        const StoreSnapshot seen = snapshot(reader);
        ++looks;
        const bool old_state = seen == before;
        const bool new_state =
            seen.last_tx == before.last_tx + 1 && seen.events == before.events + file_events;
        if (!old_state && !new_state) ++partial;
    }
    INFO("reader looked " << looks << " times");
    CHECK(partial == 0);
    CHECK((WIFEXITED(status) && WEXITSTATUS(status) == 0));
    REQUIRE(reader.refresh().is_ok());
    CHECK(snapshot(reader).events == before.events + file_events);
}
