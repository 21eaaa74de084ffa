#include "audit_fixture.h"

#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <sstream>

#include <fmt/format.h>
#include <catch2/catch.hpp>

#include "store/signature.h"

namespace dayzero::audit_test {

using store::Event;
using store::EventKind;

TempDir::TempDir() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "dayzero-audit-XXXXXX").string();
    REQUIRE(::mkdtemp(pattern.data()) != nullptr);
    dir_ = pattern;
}

TempDir::~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
}

std::string TempDir::path(const std::string& name) const {
    return (dir_ / name).string();
}

std::unique_ptr<store::EventStore> open_store(const std::string& path, bool read_only) {
    store::OpenOptions options;
    options.read_only = read_only;
    options.create_if_missing = !read_only;
    options.sync_writes = false;
    auto opened = store::EventStore::open(path, options);
    INFO(opened.status().message());
    REQUIRE(opened.is_ok());
    return std::move(opened.value());
}

namespace {

Event make(const std::string& patient, int32_t day, EventKind kind, std::optional<double> value,
           const std::string& unit) {
    Event e;
    e.patient_id = patient;
    e.day = day;
    e.kind = kind;
    e.value = value;
    e.unit = unit;
    return e;
}

store::TransactionInfo commit(store::EventStore& store, std::vector<Event> events,
                              const std::string& author, const std::string& source, int64_t at,
                              const std::string& reason = {},
                              std::optional<std::string> os_account = std::nullopt) {
    store::TransactionRequest request;
    request.os_account = std::move(os_account);
    request.events = std::move(events);
    request.author = author;
    request.source = source;
    request.reason = reason;
    request.recorded_at_us = at;
    auto appended = store.append(std::move(request));
    INFO(appended.status().message());
    REQUIRE(appended.is_ok());
    return appended.value();
}

constexpr int64_t kHourUs = 3600LL * 1000000;

}  // namespace

void populate(store::EventStore& store) {
    const std::string digest =
        "sha256:9f2c1e4b7a0d3c5e8f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f70";
    std::vector<Event> imported;
    imported.push_back(make("P001", 1, EventKind::kTemp, 38.5, "C"));  // seq 1
    imported.back().source_line = 2;
    imported.back().original = "101.3 F";
    imported.push_back(make("P001", 0, EventKind::kLab, 0.1, "pg/mL"));  // seq 2
    imported.back().code = "IL6";
    imported.back().minute = 8 * 60 + 30;
    imported.back().source_line = 3;
    imported.push_back(make("P002", -3, EventKind::kBaseline, std::nullopt, ""));  // seq 3
    imported.back().code = "sex";
    imported.back().text = "M";
    imported.back().source_line = 4;
    imported.push_back(make("P002", 4, EventKind::kDose, 1e-300, "mg"));  // seq 4
    imported.back().code = "tocilizumab";
    imported.back().note = "=HYPERLINK(\"http://x\",\"click\"), then \"quoted\",\nsecond line";
    imported.back().source_line = 5;
    commit(store, std::move(imported), "importer", digest, kImportAt);

    std::vector<Event> entered;
    entered.push_back(make("P001", 2, EventKind::kTemp, 0.1 + 0.2, "C"));  // seq 5
    entered.back().minute = 23 * 60 + 59;
    entered.back().note = "'quoted at start; -1 below";
    commit(store, std::move(entered), "nurse.o'hara", "shell", kEntryAt);

    Event amend = make("P001", 1, EventKind::kTemp, 37.5, "C");  // seq 6
    amend.correction = store::Correction::kAmend;
    amend.target_seq = kFeverSeq;
    amend.reason = "transcription error: 38.5 was the next patient's value";
    commit(store, {amend}, "dm.smith", "shell", kEntryAt + 22 * kHourUs, amend.reason);

    Event retract = make("P001", 2, EventKind::kTemp, 0.1 + 0.2, "C");  // seq 7
    retract.correction = store::Correction::kRetract;
    retract.target_seq = kEntrySeq;
    retract.reason = "entered for the wrong patient";
    commit(store, {retract}, "dm.smith", "shell", kEntryAt + 23 * kHourUs, retract.reason);

    // A legacy signature (a typed name, no key), as a build before keyed signatures recorded it:
    // its transaction carries no operating-system account.
    commit(store, {store::make_signature_event(3, "approved", "Dr Lee")},  // seq 8
           "Dr Lee", "shell", kEntryAt + 48 * kHourUs, {}, std::string());
}

std::vector<Event> all_events(const store::EventStore& store) {
    std::vector<Event> events;
    auto status = store.scan_log(1, store.last_seq(), [&events](const Event& e) {
        events.push_back(e);
        return true;
    });
    INFO(status.message());
    REQUIRE(status.is_ok());
    return events;
}

std::vector<store::TransactionInfo> all_transactions(const store::EventStore& store) {
    std::vector<store::TransactionInfo> txs;
    for (uint64_t tx = 1; tx <= store.last_tx(); ++tx) {
        auto info = store.transaction(tx);
        INFO(info.status().message());
        REQUIRE(info.is_ok());
        txs.push_back(info.value());
    }
    return txs;
}

std::string describe(const Event& e) {
    return fmt::format(
        "seq={} tx={} at={} by={} src={} line={} patient={} day={} minute={} kind={} code={} "
        "value={} text={} unit={} original={} note={} corr={} target={} reason={}",
        e.seq, e.tx, e.recorded_at_us, e.recorded_by, e.source, e.source_line, e.patient_id, e.day,
        e.minute ? static_cast<int>(*e.minute) : -1, static_cast<int>(e.kind), e.code,
        e.value ? fmt::format("{}", *e.value) : "null", e.text, e.unit, e.original, e.note,
        static_cast<int>(e.correction), e.target_seq, e.reason);
}

std::string describe(const store::TransactionInfo& t) {
    return fmt::format(
        "tx={} seq={}..{} at={} author={} os_account={} reason={} source={} prev={} hash={}", t.tx,
        t.first_seq, t.last_seq, t.recorded_at_us, t.author, t.os_account, t.reason, t.source,
        t.prev_hash_hex, t.hash_hex);
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

CommandOutput run_command(const std::string& command_line) {
    TempDir scratch;
    const std::string out_path = scratch.path("stdout");
    const std::string err_path = scratch.path("stderr");
    const std::string full =
        fmt::format("{{ {}; }} >'{}' 2>'{}' </dev/null", command_line, out_path, err_path);
    CommandOutput result;
    const int raw = std::system(full.c_str());
    result.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
    result.out = read_file(out_path);
    result.err = read_file(err_path);
    return result;
}

}  // namespace dayzero::audit_test
