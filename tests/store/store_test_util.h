#pragma once
// Helpers for the store tests: a temporary folder that removes itself, event builders.

#include <sys/wait.h>
#include <unistd.h>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>

#include "store/event_store.h"

namespace dayzero::store::testing {

// A fresh folder under the system temp dir, removed with everything in it on destruction.
class TempDir {
  public:
    TempDir() {
        std::string tmpl =
            (std::filesystem::temp_directory_path() / "dz-store-test-XXXXXX").string();
        char* made = ::mkdtemp(tmpl.data());
        REQUIRE(made != nullptr);
        path_ = made;
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    // The folder itself.
    const std::string& path() const { return path_; }
    // A not-yet-existing path inside it (a store folder to be created).
    std::string sub(const std::string& name) const { return path_ + "/" + name; }

  private:
    std::string path_;
};

// A plain event for `patient` on `day`, optionally timed, with a numeric value.
inline Event make_event(const std::string& patient, int32_t day, std::optional<uint16_t> minute,
                        EventKind kind = EventKind::kTemp, std::optional<double> value = 38.5) {
    Event e;
    e.patient_id = patient;
    e.day = day;
    e.minute = minute;
    e.kind = kind;
    e.value = value;
    e.unit = kind == EventKind::kTemp ? "C" : "";
    return e;
}

// Opens (creating) a writable store or fails the test.
inline std::unique_ptr<EventStore> open_store(const std::string& path, OpenOptions options = {}) {
    auto opened = EventStore::open(path, options);
    INFO(opened.status().message());
    REQUIRE(opened.is_ok());
    return std::move(opened.value());
}

// Appends one transaction or fails the test.
inline TransactionInfo must_append(EventStore& store, TransactionRequest request) {
    auto result = store.append(std::move(request));
    INFO(result.status().message());
    REQUIRE(result.is_ok());
    return result.value();
}

// A request holding `events`, with a fixed author and clock so tests are deterministic.
inline TransactionRequest request_of(std::vector<Event> events,
                                     int64_t at_us = 1'700'000'000'000'000) {
    TransactionRequest r;
    r.events = std::move(events);
    r.author = "tester";
    r.source = "shell";
    r.recorded_at_us = at_us;
    return r;
}

// Starts this test binary again in a child process running only `test_name` (a hidden test),
// with DZ_CHILD_DB=db_path in its environment. exec right after fork: the child inherits none of
// the parent's RocksDB threads or locks.
inline pid_t spawn_self(const std::string& test_name, const std::string& db_path) {
    std::string env_db = "DZ_CHILD_DB=" + db_path;
    std::vector<char*> envp{env_db.data(), nullptr};
    std::string exe = "/proc/self/exe";
    std::string name = test_name;
    std::string quiet = "--out=/dev/null";
    std::vector<char*> argv{exe.data(), name.data(), quiet.data(), nullptr};
    const pid_t pid = ::fork();
    if (pid == 0) {
        ::execve(exe.c_str(), argv.data(), envp.data());
        ::_exit(127);
    }
    return pid;
}

// The store path a spawned child was given ("" when not a child).
inline std::string child_db() {
    const char* v = std::getenv("DZ_CHILD_DB");
    return v == nullptr ? std::string() : std::string(v);
}

// Creates a store at `path`, runs hidden test `test_name` on it in a child process until a
// read-only reader sees `progress` reach `enough` (waiting 30 s at most), kills the child with
// SIGKILL and returns the last progress seen.
inline uint64_t kill_child_after(const std::string& test_name, const std::string& path,
                                 uint64_t (*progress)(const EventStore&), uint64_t enough) {
    { open_store(path); }
    const pid_t child = spawn_self(test_name, path);
    REQUIRE(child > 0);
    OpenOptions ro;
    ro.read_only = true;
    uint64_t seen = 0;
    for (int i = 0; i < 600 && seen < enough; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        auto reader = EventStore::open(path, ro);
        if (reader.is_ok()) seen = progress(*reader.value());
    }
    REQUIRE(::kill(child, SIGKILL) == 0);
    int status = 0;
    REQUIRE(::waitpid(child, &status, 0) == child);
    REQUIRE(WIFSIGNALED(status));
    return seen;
}

}  // namespace dayzero::store::testing
