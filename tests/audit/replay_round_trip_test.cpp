// Replay round trip: the stream of a store, loaded into an empty store, reproduces the same
// events, sequence numbers, recorded-at/by and hash chain (JSON Lines and CSV).
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "audit_fixture.h"
#include "shell/audit_replay_format.h"
#include "shell/audit_replay_loader.h"

using namespace dayzero;
using namespace dayzero::audit_test;
using shell::audit::LoggedTransaction;
constexpr auto kRequired = shell::audit::HashCheck::kRequired;

namespace {

// Commits straight to `store`: the loader's rules are under test here, not the writer's.
db::RecordedCommit commit_to(store::EventStore& store) {
    return [&store](store::TransactionRequest request) { return store.append(std::move(request)); };
}

std::string stream_of(const store::EventStore& store, bool json,
                      const shell::audit::LogRange& range = {}) {
    std::string text =
        json ? shell::audit::replay_json_header() : shell::audit::replay_csv_header();
    auto status = shell::audit::scan_transactions(store, range, [&](const LoggedTransaction& tx) {
        text += json ? shell::audit::replay_json_line(tx) : shell::audit::replay_csv_rows(tx);
        return true;
    });
    REQUIRE(status.is_ok());
    return text;
}

void require_identical(const store::EventStore& a, const store::EventStore& b) {
    const auto events_a = all_events(a);
    const auto events_b = all_events(b);
    REQUIRE(events_a.size() == events_b.size());
    for (size_t i = 0; i < events_a.size(); ++i)
        CHECK(describe(events_a[i]) == describe(events_b[i]));
    const auto txs_a = all_transactions(a);
    const auto txs_b = all_transactions(b);
    REQUIRE(txs_a.size() == txs_b.size());
    for (size_t i = 0; i < txs_a.size(); ++i)
        CHECK(describe(txs_a[i]) == describe(txs_b[i]));
    CHECK(a.patients().value() == b.patients().value());
}

}  // namespace

TEST_CASE("replay round trip through JSON Lines reproduces an identical store") {
    TempDir dir;
    auto original = open_store(dir.path("original"));
    populate(*original);
    const std::string stream = stream_of(*original, true);

    auto rebuilt = open_store(dir.path("rebuilt"));
    std::istringstream in(stream);
    auto report =
        shell::audit::load_replay(in, "stream.jsonl", *rebuilt, commit_to(*rebuilt), kRequired);
    INFO(report.status().message());
    REQUIRE(report.is_ok());
    CHECK(report->transactions == 5);
    CHECK(report->events == 8);
    CHECK(report->last_hash == original->transaction(original->last_tx())->hash_hex);
    require_identical(*original, *rebuilt);
    CHECK(rebuilt->verify().ok);
    // The rebuilt store streams byte for byte the same replay.
    CHECK(stream_of(*rebuilt, true) == stream);
}

TEST_CASE("replay round trip through CSV reproduces an identical store") {
    TempDir dir;
    auto original = open_store(dir.path("original"));
    populate(*original);
    const std::string stream = stream_of(*original, false);
    auto rebuilt = open_store(dir.path("rebuilt"));
    std::istringstream in(stream);
    auto report =
        shell::audit::load_replay(in, "stream.csv", *rebuilt, commit_to(*rebuilt), kRequired);
    INFO(report.status().message());
    REQUIRE(report.is_ok());
    require_identical(*original, *rebuilt);
    CHECK(stream_of(*rebuilt, false) == stream);
}

TEST_CASE("replay in two parts: a later range continues a store holding the earlier one") {
    TempDir dir;
    auto original = open_store(dir.path("original"));
    populate(*original);
    const std::string first = stream_of(*original, true, {1, 5, std::nullopt});
    const std::string rest = stream_of(*original, true, {6, std::nullopt, std::nullopt});
    auto rebuilt = open_store(dir.path("rebuilt"));
    std::istringstream in_first(first);
    REQUIRE(shell::audit::load_replay(in_first, "first", *rebuilt, commit_to(*rebuilt), kRequired)
                .is_ok());
    CHECK(rebuilt->last_seq() == 5);
    std::istringstream in_rest(rest);
    REQUIRE(shell::audit::load_replay(in_rest, "rest", *rebuilt, commit_to(*rebuilt), kRequired)
                .is_ok());
    require_identical(*original, *rebuilt);
}

TEST_CASE("ranges select whole transactions") {
    TempDir dir;
    auto store = open_store(dir.path("s"));
    populate(*store);
    std::vector<uint64_t> txs;
    auto collect = [&txs](const LoggedTransaction& tx) {
        txs.push_back(tx.info.tx);
        return true;
    };
    REQUIRE(shell::audit::scan_transactions(*store, {3, 6, std::nullopt}, collect).is_ok());
    CHECK(txs == std::vector<uint64_t>{1, 2, 3});
    txs.clear();
    REQUIRE(shell::audit::scan_transactions(*store, {1, std::nullopt, kEntryAt}, collect).is_ok());
    CHECK(txs == std::vector<uint64_t>{1, 2});
    txs.clear();
    REQUIRE(
        shell::audit::scan_transactions(*store, {99, std::nullopt, std::nullopt}, collect).is_ok());
    CHECK(txs.empty());
}

TEST_CASE("loading refuses a stream that does not continue the store") {
    TempDir dir;
    auto original = open_store(dir.path("original"));
    populate(*original);
    const std::string rest = stream_of(*original, true, {6, std::nullopt, std::nullopt});
    auto empty = open_store(dir.path("empty"));
    std::istringstream in(rest);
    auto report = shell::audit::load_replay(in, "rest.jsonl", *empty, commit_to(*empty), kRequired);
    REQUIRE_FALSE(report.is_ok());
    CHECK(report.status().message().find("rest.jsonl:2: transaction 3") != std::string::npos);
    CHECK(empty->last_seq() == 0);
}

TEST_CASE("loading detects an altered stream by its hash and names the line") {
    TempDir dir;
    auto original = open_store(dir.path("original"));
    populate(*original);
    std::string stream = stream_of(*original, true);
    const auto at = stream.find("\"value\":37.5");
    REQUIRE(at != std::string::npos);
    stream.replace(at, 12, "\"value\":38.5");
    auto rebuilt = open_store(dir.path("rebuilt"));
    std::istringstream in(stream);
    auto report =
        shell::audit::load_replay(in, "edited.jsonl", *rebuilt, commit_to(*rebuilt), kRequired);
    REQUIRE_FALSE(report.is_ok());
    const std::string message = report.status().message();
    CHECK(message.find("edited.jsonl:4: transaction 3 does not hash to the value the stream "
                       "records") != std::string::npos);
    // The hash the altered transaction computes to (what a forger would need) is never shown.
    auto forged = rebuilt->transaction(3);
    REQUIRE(forged.is_ok());
    CHECK(message.find(forged->hash_hex) == std::string::npos);
}

TEST_CASE("malformed replay input is refused with file, line and field") {
    TempDir dir;
    auto store = open_store(dir.path("s"));
    auto load = [&store](const std::string& text) {
        std::istringstream in(text);
        auto report = shell::audit::load_replay(in, "bad", *store, commit_to(*store), kRequired);
        REQUIRE_FALSE(report.is_ok());
        return report.status().message();
    };
    CHECK(load("").find("bad:1: empty file") != std::string::npos);
    CHECK(load("hello\n").find("bad:1: not a dayzero replay stream") != std::string::npos);
    const std::string header = shell::audit::replay_json_header();
    CHECK(load(header + "{not json\n").find("bad:2: not a JSON object") != std::string::npos);
    CHECK(load(header + "{\"tx\":1}\n").find("bad:2: missing field 'first_seq'") !=
          std::string::npos);
    std::string csv = shell::audit::replay_csv_header();
    csv += "1,x,notanumber,a,,,shell,,,1,P1,0,,temp,,1,,C,,,,0,,a,shell,0\r\n";
    CHECK(load(csv).find("bad:2: tx_recorded_at_us: 'notanumber'") != std::string::npos);
    CHECK(store->last_seq() == 0);
}
