// append_chunked: a file of many chunks is ONE transaction, staged with bounded memory and
// published by its final batch; a failure or a crash mid-way leaves the store exactly as it was.
#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <unistd.h>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <initializer_list>
#include <string>
#include <thread>

#include "store_test_util.h"

using namespace dayzero::store;
using namespace dayzero::store::testing;

namespace {

// Chunk k (0-based) of a stream: `per_chunk` temperatures spread over five patients.
std::vector<Event> chunk_events(size_t k, size_t per_chunk) {
    std::vector<Event> events;
    for (size_t i = 0; i < per_chunk; ++i) {
        const size_t n = k * per_chunk + i;
        events.push_back(make_event("P" + std::to_string(n % 5), static_cast<int32_t>(n % 20),
                                    static_cast<uint16_t>(n % 1440), EventKind::kTemp,
                                    36.0 + static_cast<double>(n % 40) / 10));
    }
    return events;
}

// A chunk source yielding `chunks` chunks, then calling `at_end_of` (if set) before chunk
// `fail_at` and returning its status instead of the chunk.
struct Stream {
    size_t chunks = 4;
    size_t per_chunk = 50;
    size_t next = 0;
    std::optional<size_t> fail_at;
    std::function<void()> before_each;

    Status operator()(std::vector<Event>& chunk) {
        if (before_each) before_each();
        if (fail_at && next == *fail_at) return Status::invalid_argument("the source broke");
        if (next < chunks) chunk = chunk_events(next++, per_chunk);
        return Status::ok();
    }
};

// A retraction of event `seq`, with its reason.
Event retraction_of(uint64_t seq) {
    Event retract = make_event("", 0, std::nullopt);
    retract.correction = Correction::kRetract;
    retract.target_seq = seq;
    retract.reason = "entered twice";
    return retract;
}

TransactionRequest header() {
    TransactionRequest h = request_of({});
    h.source = "sha256:" + std::string(64, 'a');
    h.reason = "bulk";
    return h;
}

// The patients' timelines in `got` are those in `want`, event by event.
void check_same_timelines(const EventStore& want, const EventStore& got,
                          std::initializer_list<std::string> ids) {
    for (const std::string& id : ids) {
        auto expected = want.timeline(id);
        auto actual = got.timeline(id);
        REQUIRE(expected.is_ok());
        REQUIRE(actual.is_ok());
        REQUIRE(actual->size() == expected->size());
        for (size_t i = 0; i < actual->size(); ++i) {
            INFO(id << " event " << i);
            CHECK((*actual)[i].seq == (*expected)[i].seq);
            CHECK((*actual)[i].day == (*expected)[i].day);
            CHECK((*actual)[i].minute == (*expected)[i].minute);
            CHECK((*actual)[i].value == (*expected)[i].value);
        }
    }
}

size_t total_events(const EventStore& store) {
    size_t n = 0;
    REQUIRE(store
                .for_each_patient([&](const std::string&, std::vector<Event>& events) {
                    n += events.size();
                    return true;
                })
                .is_ok());
    return n;
}

}  // namespace

TEST_CASE("a chunked append is one transaction over every chunk, verifiable after reopening") {
    TempDir dir;
    const std::string path = dir.sub("db");
    {
        auto store = open_store(path);
        must_append(*store, request_of({make_event("P0", 0, std::nullopt)}));
        Stream stream;
        auto info = store->append_chunked(header(), std::ref(stream));
        INFO(info.status().message());
        REQUIRE(info.is_ok());
        CHECK(info->tx == 2);
        CHECK(info->first_seq == 2);
        CHECK(info->last_seq == 201);
        CHECK(store->last_seq() == 201);
        CHECK(total_events(*store) == 201);
        CHECK(store->find_import(header().source).has_value());
    }
    // The staged table files were ingested (moved), none is left behind in the folder.
    for (const auto& entry : std::filesystem::directory_iterator(path)) {
        INFO(entry.path());
        CHECK(entry.path().filename().string().rfind("staged-", 0) != 0);
    }
    auto store = open_store(path);
    const VerifyReport report = store->verify();
    INFO(report.problem);
    CHECK(report.ok);
    CHECK(report.events_checked == 201);
    auto p3 = store->timeline("P3");
    REQUIRE(p3.is_ok());
    CHECK(p3->size() == 40);
    for (size_t i = 1; i < p3->size(); ++i) {
        const Event& a = (*p3)[i - 1];
        const Event& b = (*p3)[i];
        CHECK(std::tie(a.day, a.minute, a.seq) < std::tie(b.day, b.minute, b.seq));
    }
}

TEST_CASE("large chunks hash and store exactly what verify recomputes event by event") {
    // The append hands the hash chain's input to SHA-256 in large blocks and encodes records in
    // place; verify() recomputes the digest one event at a time. Chunks of 3,000 events with long
    // notes cross many blocks, and one note longer than a block crosses its own.
    TempDir dir;
    auto store = open_store(dir.sub("db"));
    size_t calls = 0;
    const std::string huge(200'000, 'n');
    auto info = store->append_chunked(header(), [&](std::vector<Event>& chunk) {
        if (calls < 3) {
            chunk = chunk_events(calls, 3000);
            for (size_t i = 0; i < chunk.size(); ++i)
                chunk[i].note = std::string(40 + i % 150, static_cast<char>('a' + i % 26));
            if (calls == 1) chunk[1234].note = huge;
        }
        ++calls;
        return Status::ok();
    });
    INFO(info.status().message());
    REQUIRE(info.is_ok());
    CHECK(info->last_seq == 9000);
    const VerifyReport report = store->verify();
    INFO(report.problem);
    CHECK(report.ok);
    CHECK(report.events_checked == 9000);
    auto e = store->event(3000 + 1234 + 1);
    REQUIRE(e.is_ok());
    CHECK(e->note == huge);
    auto f = store->event(3000 + 1235 + 1);
    REQUIRE(f.is_ok());
    CHECK(f->note == std::string(40 + 1235 % 150, static_cast<char>('a' + 1235 % 26)));
    CHECK(total_events(*store) == 9000);
}

TEST_CASE("a chunked append that fails mid-way leaves nothing behind") {
    TempDir dir;
    OpenOptions options;
    // P1's new entries through the memtable, or as a table of page operands.
    options.staged_operand_table_bytes =
        GENERATE(as<uint64_t>{}, 0, OpenOptions().staged_operand_table_bytes);
    auto store = open_store(dir.sub("db"), options);
    must_append(*store, request_of({make_event("P1", 3, 60)}));

    SECTION("the chunk source fails") {
        Stream stream;
        stream.fail_at = 3;
        const auto result = store->append_chunked(header(), std::ref(stream));
        CHECK(result.status().message() == "the source broke");
    }
    SECTION("an event of a later chunk is invalid, named by its place in the whole stream") {
        size_t calls = 0;
        const auto result = store->append_chunked(header(), [&](std::vector<Event>& chunk) {
            if (calls < 3) chunk = chunk_events(calls, 50);
            if (calls == 2) chunk[7].day = kMaxDay + 1;
            ++calls;
            return Status::ok();
        });
        CHECK(result.status().code() == StatusCode::kInvalidArgument);
        CHECK(result.status().message().find("event 108") != std::string::npos);
    }
    CHECK(store->last_seq() == 1);
    CHECK(store->last_tx() == 1);
    CHECK(total_events(*store) == 1);
    CHECK(store->verify().ok);
    CHECK_FALSE(store->find_import(header().source).has_value());
    // The sequence numbers are reused and the old pages hold nothing of the failed attempt.
    must_append(*store, request_of({make_event("P1", 4, 60), make_event("P2", 1, 1)}));
    auto p1 = store->timeline("P1");
    REQUIRE(p1.is_ok());
    REQUIRE(p1->size() == 2);
    CHECK((*p1)[1].seq == 2);
    CHECK(store->timeline("P2")->size() == 1);
    CHECK(store->verify().ok);
}

TEST_CASE("readers never see the staged chunks of an append in progress") {
    TempDir dir;
    const std::string path = dir.sub("db");
    OpenOptions options;
    options.staged_table_events = GENERATE(as<uint64_t>{}, 1, OpenOptions().staged_table_events);
    auto store = open_store(path, options);
    must_append(*store, request_of({make_event("P1", 0, std::nullopt)}));
    OpenOptions ro;
    ro.read_only = true;
    auto reader = open_store(path, ro);
    Stream stream;
    size_t checks = 0;
    stream.before_each = [&] {
        // Called between staged chunks (the first call comes before anything is staged).
        REQUIRE(reader->refresh().is_ok());
        CHECK(reader->last_seq() == 1);
        CHECK(total_events(*reader) == 1);
        CHECK(total_events(*store) == 1);
        CHECK(store->timeline("P1")->size() == 1);
        CHECK_FALSE(store->event(60).is_ok());
        CHECK(reader->patients()->size() == 1);
        CHECK(store->verify().ok);
        ++checks;
    };
    REQUIRE(store->append_chunked(header(), std::ref(stream)).is_ok());
    CHECK(checks == 5);
    REQUIRE(reader->refresh().is_ok());
    CHECK(total_events(*reader) == 201);
}

TEST_CASE("a correction may name an event staged in an earlier chunk of the same append") {
    TempDir dir;
    OpenOptions options;
    options.staged_table_events =
        GENERATE(as<uint64_t>{}, 1, 10, OpenOptions().staged_table_events);
    auto store = open_store(dir.sub("db"), options);
    size_t calls = 0;
    auto result = store->append_chunked(header(), [&](std::vector<Event>& chunk) {
        if (calls == 0) chunk = chunk_events(0, 10);
        if (calls == 1) {
            chunk.push_back(retraction_of(3));  // the third event of the first chunk (patient P2)
        }
        ++calls;
        return Status::ok();
    });
    INFO(result.status().message());
    REQUIRE(result.is_ok());
    CHECK(result->last_seq == 11);
    auto p2 = store->timeline("P2");
    REQUIRE(p2.is_ok());
    CHECK(p2->size() == 1);  // two events, one retracted
    CHECK(store->corrections_of(3)->size() == 1);
    CHECK(store->verify().ok);
}

TEST_CASE(
    "a correction may name an event of a chunk long since staged, its group not yet written") {
    // Chunk 5 retracts an event of chunk 0: no chunk slot holds that chunk's records any more,
    // and with groups of many chunks its table file is not yet ingested.
    TempDir dir;
    OpenOptions options;
    options.staged_table_events =
        GENERATE(as<uint64_t>{}, 1, 30, OpenOptions().staged_table_events);
    auto store = open_store(dir.sub("db"), options);
    size_t calls = 0;
    auto result = store->append_chunked(header(), [&](std::vector<Event>& chunk) {
        if (calls < 5) chunk = chunk_events(calls, 10);
        if (calls == 5) {
            chunk.push_back(retraction_of(3));
        }
        ++calls;
        return Status::ok();
    });
    INFO(result.status().message());
    REQUIRE(result.is_ok());
    CHECK(result->last_seq == 51);
    CHECK(store->corrections_of(3)->size() == 1);
    CHECK(total_events(*store) == 49);  // 50 events, one retracted
    CHECK(store->verify().ok);
    store.reset();
    store = open_store(dir.sub("db"));
    CHECK(total_events(*store) == 49);
    CHECK(store->verify().ok);
}

TEST_CASE("pages staged as tables (new patients' pages, stored ones' entries) equal one batch's") {
    // Patient by patient, as an export lists them: a patient continues across a chunk's end, one
    // comes back later in the stream, one was stored before (its entries span a chunk's end),
    // one appears only in the last chunk.
    std::vector<Event> events;
    auto add = [&](const std::string& id, int n, int32_t day) {
        for (int i = 0; i < n; ++i)
            events.push_back(make_event(id, day + i, static_cast<uint16_t>(60 * i),
                                        EventKind::kTemp,
                                        36.5 + 0.1 * static_cast<double>(events.size() % 30)));
    };
    add("A", 5, 0);
    add("B", 6, 0);  // spans the first chunk's end
    add("C", 4, 2);
    add("OLD", 2, 9);
    add("A", 2, 30);  // back after others
    add("D", 3, 1);
    TempDir dir;
    OpenOptions options;
    // One chunk per group; two; all chunks in one group.
    options.staged_table_events =
        GENERATE(as<uint64_t>{}, 1, 16, OpenOptions().staged_table_events);
    // OLD's entries, and A's in a later group than its page, through the memtable or as a table
    // of page operands.
    options.staged_operand_table_bytes =
        GENERATE(as<uint64_t>{}, 0, OpenOptions().staged_operand_table_bytes);
    auto batched = open_store(dir.sub("batched"));
    auto staged = open_store(dir.sub("staged"), options);
    for (auto* store : {batched.get(), staged.get()})
        must_append(*store, request_of({make_event("OLD", 0, std::nullopt)}));
    TransactionRequest one = header();
    one.events = events;
    REQUIRE(batched->append(std::move(one)).is_ok());
    size_t at = 0;
    auto result = staged->append_chunked(header(), [&](std::vector<Event>& chunk) {
        for (; at < events.size() && chunk.size() < 8; ++at)
            chunk.push_back(events[at]);
        return Status::ok();
    });
    INFO(result.status().message());
    REQUIRE(result.is_ok());
    check_same_timelines(*batched, *staged, {"A", "B", "C", "D", "OLD"});
    CHECK(staged->timeline("A")->size() == 7);
    staged.reset();
    staged = open_store(dir.sub("staged"));
    CHECK(staged->verify().ok);
    CHECK(staged->timeline("B")->size() == 6);
}

TEST_CASE("stored patients' entries in no patient order, staged as a table, equal one batch's") {
    // Three stored patients; then their new entries in no patient order, a patient's spread over
    // several chunks: a table holds each key once and in order, so the group's runs are sorted
    // by patient, each patient's in chunk order. With the default size, so few go through the
    // memtable instead.
    TempDir dir;
    OpenOptions options;
    options.staged_operand_table_bytes =
        GENERATE(as<uint64_t>{}, 0, OpenOptions().staged_operand_table_bytes);
    INFO("staged_operand_table_bytes " << options.staged_operand_table_bytes);
    auto batched = open_store(dir.sub("batched"));
    auto staged = open_store(dir.sub("staged"), options);
    for (auto* store : {batched.get(), staged.get()}) {
        for (const std::string id : {"P1", "P2", "P3"})
            must_append(*store, request_of({make_event(id, 0, std::nullopt)}));
    }
    const std::vector<std::vector<std::pair<std::string, int>>> chunks = {
        {{"P2", 3}, {"P3", 2}}, {{"P3", 2}, {"P1", 3}}, {{"P1", 1}, {"P2", 2}}, {{"P3", 4}}};
    std::vector<std::vector<Event>> events;
    int day = 1;
    for (const auto& chunk : chunks) {
        auto& out = events.emplace_back();
        for (const auto& [id, n] : chunk) {
            for (int i = 0; i < n; ++i, ++day)
                out.push_back(make_event(id, day, static_cast<uint16_t>(day), EventKind::kTemp,
                                         36.0 + 0.1 * day));
        }
    }
    TransactionRequest one = header();
    for (const auto& chunk : events)
        one.events.insert(one.events.end(), chunk.begin(), chunk.end());
    REQUIRE(batched->append(std::move(one)).is_ok());
    size_t next = 0;
    auto result = staged->append_chunked(header(), [&](std::vector<Event>& chunk) {
        if (next < events.size()) chunk = events[next++];
        return Status::ok();
    });
    INFO(result.status().message());
    REQUIRE(result.is_ok());
    check_same_timelines(*batched, *staged, {"P1", "P2", "P3"});
    CHECK(staged->timeline("P3")->size() == 9);
    staged.reset();
    staged = open_store(dir.sub("staged"));
    CHECK(staged->verify().ok);
    CHECK(staged->timeline("P1")->size() == 5);
}

namespace {

// Appends 1000 chunks of 50 events, killing itself after two were staged, in groups of
// `group_events` events, page operands of `operand_table_bytes` or more as a table.
void stage_then_die(uint64_t group_events,
                    uint64_t operand_table_bytes = OpenOptions().staged_operand_table_bytes) {
    const std::string path = child_db();
    REQUIRE_FALSE(path.empty());
    OpenOptions options;
    options.staged_table_events = group_events;
    options.staged_operand_table_bytes = operand_table_bytes;
    auto store = open_store(path, options);
    Stream stream;
    stream.chunks = 1000;
    stream.before_each = [&] {
        // After two chunks were handed to the store, and their group ingested when one group
        // holds one chunk: the task that writes it runs beside the appending thread.
        if (stream.next == 3) {
            if (group_events <= stream.per_chunk)
                std::this_thread::sleep_for(std::chrono::milliseconds(200));
            ::kill(::getpid(), SIGKILL);
        }
    };
    (void)store->append_chunked(header(), std::ref(stream));
}

}  // namespace

TEST_CASE("store child: killed while staging", "[.child]") {
    stage_then_die(OpenOptions().staged_table_events);  // the chunks' group is still open
}

TEST_CASE("store child: killed while staging, a group per chunk", "[.child]") {
    stage_then_die(50);  // the first chunks' groups are ingested, their batches written
}

TEST_CASE("store child: killed while staging, page operands as tables", "[.child]") {
    stage_then_die(50, 0);  // the second group's entries for the first's patients: a table
}

TEST_CASE(
    "SIGKILL while a chunked append is staged: readers see the old state, the writer cleans up") {
    const std::string child_test =
        GENERATE(as<std::string>{}, "store child: killed while staging",
                 "store child: killed while staging, a group per chunk",
                 "store child: killed while staging, page operands as tables");
    TempDir dir;
    const std::string path = dir.sub("db");
    {
        auto store = open_store(path);
        must_append(*store, request_of({make_event("P1", 0, std::nullopt)}));
    }
    INFO(child_test);
    const pid_t child = spawn_self(child_test, path);
    REQUIRE(child > 0);
    int status = 0;
    REQUIRE(::waitpid(child, &status, 0) == child);
    REQUIRE(WIFSIGNALED(status));
    CHECK(WTERMSIG(status) == SIGKILL);

    OpenOptions ro;
    ro.read_only = true;
    {
        auto reader = open_store(path, ro);
        CHECK(reader->last_seq() == 1);
        CHECK(total_events(*reader) == 1);
        const VerifyReport report = reader->verify();
        INFO(report.problem);
        CHECK(report.ok);
    }
    auto store = open_store(path);  // the writer removes the staged entries
    CHECK(store->last_seq() == 1);
    must_append(*store, request_of({make_event("P2", 5, 5)}));
    CHECK(total_events(*store) == 2);
    CHECK(store->timeline("P2")->size() == 1);
    const VerifyReport report = store->verify();
    INFO(report.problem);
    CHECK(report.ok);
}
