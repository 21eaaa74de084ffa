// SIGKILL of the real `dayzero` while it records corrections: `dayzero amend`/`retract` killed at
// points spread over the whole life of the process, and a shell script of amend/retract
// statements killed after some of them committed. After each kill the store opens and verifies,
// and every correction is either wholly there (its own transaction, one event naming its target
// and reason, visible in the current view) or absent (the target unchanged) — never half.
#include <catch2/catch.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "child_process.h"
#include "robust_fixture.h"

using namespace dayzero;
using namespace dayzero::robust;

namespace {

constexpr int kPatients = 10;
constexpr int kTempsPerPatient = 30;
constexpr int64_t kSeedTime = 1'700'000'000'000'000;

// Seeds `db` with kPatients patients (an infusion and kTempsPerPatient temperatures each) and
// returns the sequence numbers of the temperatures.
std::vector<uint64_t> seed_temperatures(const std::string& db) {
    auto opened = store::EventStore::open(db);
    REQUIRE(opened.is_ok());
    store::TransactionRequest request;
    request.source = "seed";
    request.reason = "crash test seed";
    request.recorded_at_us = kSeedTime;
    for (int p = 0; p < kPatients; ++p) {
        store::Event infusion;
        infusion.patient_id = "C" + std::to_string(100 + p);
        infusion.kind = store::EventKind::kInfusion;
        infusion.code = "axi-cel";
        request.events.push_back(infusion);
        for (int i = 0; i < kTempsPerPatient; ++i) {
            store::Event temp = infusion;
            temp.kind = store::EventKind::kTemp;
            temp.code.clear();
            temp.day = i / 3;
            temp.minute = static_cast<uint16_t>(360 + (i % 3) * 240);
            temp.value = 37.0 + 0.1 * (i % 10);
            temp.unit = "C";
            request.events.push_back(temp);
        }
    }
    auto info = opened.value()->append(std::move(request));
    REQUIRE(info.is_ok());
    std::vector<uint64_t> temps;
    for (uint64_t seq = info.value().first_seq; seq <= info.value().last_seq; ++seq) {
        auto event = opened.value()->event(seq);
        REQUIRE(event.is_ok());
        if (event.value().kind == store::EventKind::kTemp) temps.push_back(seq);
    }
    return temps;
}

// One correction the test asked for.
struct Wanted {
    uint64_t target = 0;
    store::Correction kind = store::Correction::kAmend;
    std::string reason;
    double value = 0;  // the amended temperature
};

// The target's event in the current view of its patient's timeline, if it is still visible
// there (an amendment keeps the target's sequence number and takes its fields).
std::optional<store::Event> current(const store::EventStore& store, uint64_t target) {
    auto raw = store.event(target);
    REQUIRE(raw.is_ok());
    auto timeline = store.timeline(raw.value().patient_id);
    REQUIRE(timeline.is_ok());
    for (const auto& event : timeline.value()) {
        if (event.seq == target) return event;
    }
    return std::nullopt;
}

// Checks that correction `wanted`, recorded as event `seq` (0: not recorded), is whole, or that
// the target is untouched. Returns true when it is there.
bool check_whole_or_absent(const store::EventStore& store, const Wanted& wanted, uint64_t seq) {
    auto corrections = store.corrections_of(wanted.target);
    REQUIRE(corrections.is_ok());
    const auto now = current(store, wanted.target);
    INFO("target seq " << wanted.target << ", correction seq " << seq);
    if (seq == 0) {
        CHECK(corrections.value().empty());
        auto raw = store.event(wanted.target);
        REQUIRE(raw.is_ok());
        REQUIRE(now.has_value());
        CHECK(now->value == raw.value().value);
        return false;
    }
    auto event = store.event(seq);
    REQUIRE(event.is_ok());
    CHECK(event.value().correction == wanted.kind);
    CHECK(event.value().target_seq == wanted.target);
    CHECK(event.value().reason == wanted.reason);
    auto tx = store.transaction(event.value().tx);
    REQUIRE(tx.is_ok());
    CHECK(tx.value().first_seq == seq);
    CHECK(tx.value().last_seq == seq);
    REQUIRE(corrections.value().size() == 1);
    CHECK(corrections.value().front().seq == seq);
    if (wanted.kind == store::Correction::kRetract) {
        CHECK_FALSE(now.has_value());
    } else {
        REQUIRE(now.has_value());
        CHECK(now->value == wanted.value);
    }
    return true;
}

// Opens the store after a kill as the next writer would, checks that it verifies and returns
// what it holds now.
StoreSnapshot reopen_and_verify(const std::string& db) {
    auto opened = store::EventStore::open(db);
    REQUIRE(opened.is_ok());
    const auto verified = opened.value()->verify();
    INFO(verified.problem);
    CHECK(verified.ok);
    return snapshot(*opened.value());
}

// The command line of `dayzero amend|retract` for `wanted`.
std::vector<std::string> correction_command(const std::string& db, const Wanted& wanted) {
    const bool amend = wanted.kind == store::Correction::kAmend;
    std::vector<std::string> args{amend ? "amend" : "retract",
                                  std::to_string(wanted.target),
                                  "--reason",
                                  wanted.reason,
                                  "--db",
                                  db,
                                  "--by",
                                  "crash test"};
    if (amend) {
        args.insert(args.end(), {"--value", std::to_string(wanted.value)});
    }
    return args;
}

}  // namespace

TEST_CASE("crash: SIGKILL during dayzero amend/retract leaves each correction whole or absent") {
    ScratchDir dir;
    const std::string db = (dir.path() / "db").string();
    const auto temps = seed_temperatures(db);
    constexpr int kKills = 16;
    REQUIRE(temps.size() > kKills);

    // One uninterrupted amendment: it must be whole, and its duration spreads the kills below
    // over the process's whole life (opening, checking, committing, closing).
    StoreSnapshot before = reopen_and_verify(db);
    Wanted first{temps[0], store::Correction::kAmend, "crash test: uninterrupted", 38.5};
    const auto started = std::chrono::steady_clock::now();
    REQUIRE(run_dayzero(correction_command(db, first)) == 0);
    const auto lifetime = std::chrono::steady_clock::now() - started;
    {
        auto opened = store::EventStore::open(db);
        REQUIRE(opened.is_ok());
        CHECK(check_whole_or_absent(*opened.value(), first, before.last_seq + 1));
    }
    before = reopen_and_verify(db);

    int killed = 0, recorded = 0;
    for (int i = 0; i < kKills; ++i) {
        Wanted wanted{temps[static_cast<size_t>(i) + 1],
                      i % 2 == 0 ? store::Correction::kAmend : store::Correction::kRetract,
                      "crash test kill " + std::to_string(i), 39.0 + 0.125 * i};
        const pid_t pid = spawn_dayzero(correction_command(db, wanted));
        REQUIRE(pid > 0);
        std::this_thread::sleep_for(lifetime * (i + 1) / kKills);
        killed += kill_child(pid) ? 1 : 0;

        const StoreSnapshot after = reopen_and_verify(db);
        const bool nothing = after == before;
        INFO("kill " << i << ": " << (nothing ? "nothing recorded" : "recorded"));
        if (!nothing) {
            CHECK(after.last_tx == before.last_tx + 1);
            CHECK(after.last_seq == before.last_seq + 1);
            CHECK(after.events == before.events + 1);
        }
        auto opened = store::EventStore::open(db, {.read_only = true});
        REQUIRE(opened.is_ok());
        recorded += check_whole_or_absent(*opened.value(), wanted, nothing ? 0 : after.last_seq);
        before = after;
    }
    INFO("killed mid-way " << killed << " of " << kKills << ", corrections recorded " << recorded);
    CHECK(killed > 0);  // the spread of delays must hit the running process at least once
}

TEST_CASE("crash: SIGKILL during a shell script of corrections keeps every one whole") {
    ScratchDir dir;
    const std::string db = (dir.path() / "db").string();
    const auto temps = seed_temperatures(db);
    const StoreSnapshot before = reopen_and_verify(db);

    std::vector<Wanted> script;
    std::string text;
    for (size_t i = 0; i < temps.size(); ++i) {
        Wanted wanted{temps[i],
                      i % 3 == 2 ? store::Correction::kRetract : store::Correction::kAmend,
                      "shell kill " + std::to_string(i), 38.0 + 0.125 * static_cast<double>(i % 8)};
        if (wanted.kind == store::Correction::kAmend) {
            text += "amend " + std::to_string(wanted.target) + " value " +
                    std::to_string(wanted.value) + " C reason '" + wanted.reason + "';\n";
        } else {
            text +=
                "retract " + std::to_string(wanted.target) + " reason '" + wanted.reason + "';\n";
        }
        script.push_back(wanted);
    }
    const std::string file = dir.write("corrections.dz", text);

    // Watch the commits through a read-only instance and kill once a third have landed.
    {
        auto watcher = store::EventStore::open(db, {.read_only = true});
        REQUIRE(watcher.is_ok());
        const pid_t pid = spawn_dayzero({"shell", "--db", db, "-f", file});
        REQUIRE(pid > 0);
        int status = 0;
        bool exited = false;
        while (!exited && watcher.value()->last_tx() < before.last_tx + script.size() / 3) {
            exited = child_exited(pid, status);
            REQUIRE(watcher.value()->refresh().is_ok());
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
        const bool killed = !exited && kill_child(pid);
        INFO("shell killed mid-way: " << (killed ? "yes" : "no (it had finished)"));
        CHECK(killed);
    }

    const StoreSnapshot after = reopen_and_verify(db);
    const uint64_t done = after.last_tx - before.last_tx;
    INFO(done << " of " << script.size() << " corrections recorded before the kill");
    CHECK(done > 0);
    CHECK(after.last_seq - before.last_seq == done);  // one event per transaction, no half
    auto opened = store::EventStore::open(db, {.read_only = true});
    REQUIRE(opened.is_ok());
    // The script runs in order: the first `done` corrections are whole, the rest absent.
    for (size_t i = 0; i < script.size(); ++i) {
        const uint64_t seq = i < done ? before.last_seq + 1 + i : 0;
        CHECK(check_whole_or_absent(*opened.value(), script[i], seq) == (i < done));
    }
}
