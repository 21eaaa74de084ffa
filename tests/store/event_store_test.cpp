// EventStore behaviour: append, round-trip, ordering, as-of reads, streaming, statistics.
#include <catch2/catch.hpp>

#include <pwd.h>
#include <unistd.h>

#include <algorithm>
#include <any>
#include <atomic>
#include <thread>

#include "store_test_util.h"

using namespace dayzero::store;
using namespace dayzero::store::testing;

TEST_CASE("every field of an event round-trips through append and read") {
    TempDir dir;
    auto store = open_store(dir.sub("db"));
    Event e = make_event("P-001", -3, 754, EventKind::kLab, 1234.5);
    e.code = "IL6";
    e.text = "häemolysed? ✓";
    e.unit = "pg/mL";
    e.original = "1.2345 ng/mL";
    e.note = "drawn late";
    e.source_line = 42;
    TransactionRequest req = request_of({e}, 1'700'000'123'456'789);
    req.author = "nurse.ana";
    req.source = "sha256:" + std::string(64, 'f');
    req.reason = "site export";
    const TransactionInfo info = must_append(*store, req);
    CHECK(info.tx == 1);
    CHECK(info.first_seq == 1);
    CHECK(info.last_seq == 1);
    CHECK(info.hash_hex.size() == 64);
    CHECK(info.prev_hash_hex == std::string(64, '0'));

    for (const Event& got : {store->event(1).value(), store->timeline("P-001").value().at(0)}) {
        CHECK(got.patient_id == "P-001");
        CHECK(got.day == -3);
        CHECK(got.minute == std::optional<uint16_t>(754));
        CHECK(got.kind == EventKind::kLab);
        CHECK(got.code == "IL6");
        CHECK(got.value == std::optional<double>(1234.5));
        CHECK(got.text == "häemolysed? ✓");
        CHECK(got.unit == "pg/mL");
        CHECK(got.original == "1.2345 ng/mL");
        CHECK(got.note == "drawn late");
        CHECK(got.correction == Correction::kNone);
        CHECK(got.seq == 1);
        CHECK(got.tx == 1);
        CHECK(got.recorded_at_us == 1'700'000'123'456'789);
        CHECK(got.recorded_by == "nurse.ana");
        CHECK(got.source == req.source);
        CHECK(got.source_line == 42);
    }
    auto tx = store->transaction(1);
    REQUIRE(tx.is_ok());
    CHECK(tx->author == "nurse.ana");
    CHECK(tx->reason == "site export");
    CHECK(tx->hash_hex == info.hash_hex);
    auto imported = store->find_import(req.source);
    REQUIRE(imported.has_value());
    CHECK(imported->tx == 1);
    CHECK_FALSE(store->find_import("sha256:" + std::string(64, '0')).has_value());
}

TEST_CASE("values survive closing and reopening the store") {
    TempDir dir;
    {
        auto store = open_store(dir.sub("db"));
        must_append(*store, request_of({make_event("A", 0, std::nullopt), make_event("B", 1, 5)}));
        must_append(*store, request_of({make_event("A", 2, 5)}));
    }
    auto store = open_store(dir.sub("db"));
    CHECK(store->last_seq() == 3);
    CHECK(store->last_tx() == 2);
    auto info = must_append(*store, request_of({make_event("C", 0, std::nullopt)}));
    CHECK(info.first_seq == 4);
    CHECK(info.tx == 3);
    CHECK(store->patients().value() == std::vector<std::string>{"A", "B", "C"});
    CHECK(store->verify().ok);
}

TEST_CASE("recorded-at comes from the clock and recorded-by from the OS user by default") {
    TempDir dir;
    auto store = open_store(dir.sub("db"));
    TransactionRequest req;
    req.events = {make_event("A", 0, std::nullopt)};
    const auto info = must_append(*store, req);
    CHECK(info.recorded_at_us > 1'600'000'000'000'000);  // after 2020: a real clock was used
    CHECK_FALSE(info.author.empty());
    CHECK(store->event(1)->recorded_by == info.author);
}

TEST_CASE("a patient's timeline is ordered by day, untimed first, minute, then sequence") {
    TempDir dir;
    auto store = open_store(dir.sub("db"));
    must_append(*store, request_of({make_event("P", 3, 600), make_event("P", 3, std::nullopt),
                                    make_event("P", -5, 900), make_event("P", 3, 60),
                                    make_event("Q", -7, 0), make_event("P", 0, std::nullopt)}));
    must_append(*store, request_of({make_event("P", 3, 60), make_event("P", 3, std::nullopt),
                                    make_event("P", 100000, 1), make_event("P", -100000, 1)}));
    auto events = store->timeline("P");
    REQUIRE(events.is_ok());
    std::vector<uint64_t> seqs;
    for (const auto& e : *events)
        seqs.push_back(e.seq);
    CHECK(seqs == std::vector<uint64_t>{10, 3, 6, 2, 8, 4, 7, 1, 9});

    TimelineQuery range;
    range.day_from = 0;
    range.day_to = 3;
    for (bool current_view : {true, false}) {
        range.apply_corrections = current_view;
        const auto in_range = store->timeline("P", range);
        REQUIRE(in_range.is_ok());
        seqs.clear();
        for (const auto& e : in_range.value())
            seqs.push_back(e.seq);
        CHECK(seqs == std::vector<uint64_t>{6, 2, 8, 4, 7, 1});
    }

    auto unknown = store->timeline("nobody");
    CHECK(unknown.status().code() == StatusCode::kNotFound);
}

TEST_CASE("as-of reads hide later events, by sequence and by recorded-at time") {
    TempDir dir;
    auto store = open_store(dir.sub("db"));
    must_append(*store, request_of({make_event("P", 1, std::nullopt)}, 1000));
    must_append(*store, request_of({make_event("P", 2, std::nullopt)}, 2000));
    Event amend = make_event("P", 1, std::nullopt, EventKind::kTemp, 39.9);
    amend.correction = Correction::kAmend;
    amend.target_seq = 1;
    amend.reason = "typo";
    must_append(*store, request_of({amend, make_event("P", 3, std::nullopt)}, 3000));

    TimelineQuery q;
    q.as_of.seq = 2;
    auto at2 = store->timeline("P", q).value();
    REQUIRE(at2.size() == 2);
    CHECK(at2[0].value == std::optional<double>(38.5));  // the amendment came later

    q.as_of = {};
    q.as_of.recorded_at_us = 1999;
    CHECK(store->timeline("P", q).value().size() == 1);
    q.as_of.recorded_at_us = 3000;
    auto now = store->timeline("P", q).value();
    REQUIRE(now.size() == 3);
    CHECK(now[0].value == std::optional<double>(39.9));

    size_t patients = 0;
    AsOf before;
    before.recorded_at_us = 500;
    REQUIRE(store->for_each_patient(
        [&](const std::string&, std::vector<Event>&) {
            ++patients;
            return true;
        },
        before));
    CHECK(patients == 0);
}

TEST_CASE("for_each_patient streams every patient in id order with the current view") {
    TempDir dir;
    auto store = open_store(dir.sub("db"));
    must_append(*store, request_of({make_event("b", 1, std::nullopt), make_event("a", 2, 5),
                                    make_event("c", 0, std::nullopt), make_event("a", 1, 5)}));
    std::vector<std::string> seen;
    std::vector<size_t> sizes;
    REQUIRE(store->for_each_patient([&](const std::string& id, std::vector<Event>& events) {
        seen.push_back(id);
        sizes.push_back(events.size());
        return id != "b";  // stop after b
    }));
    CHECK(seen == std::vector<std::string>{"a", "b"});
    CHECK(sizes == std::vector<size_t>{2, 1});
}

TEST_CASE("for_each_patient_worked hands each patient's work to the visitor, off its thread") {
    TempDir dir;
    auto store = open_store(dir.sub("db"));
    std::vector<Event> events;
    for (int p = 0; p < 200; ++p) {
        for (int d = 0; d <= p % 5; ++d)
            events.push_back(make_event("P" + std::to_string(1000 + p), d, std::nullopt));
    }
    must_append(*store, request_of(events));
    const std::thread::id visitor_thread = std::this_thread::get_id();
    std::atomic<size_t> worked_here{0};
    std::vector<std::string> seen;
    size_t mismatched = 0;
    REQUIRE(store->for_each_patient_worked(
        [&](const std::string& id, std::vector<Event>& timeline) -> std::any {
            if (std::this_thread::get_id() == visitor_thread) ++worked_here;
            return id + ":" + std::to_string(timeline.size());
        },
        [&](const std::string& id, std::vector<Event>& timeline, std::any& worked) {
            seen.push_back(id);
            mismatched +=
                std::any_cast<std::string>(worked) != id + ":" + std::to_string(timeline.size());
            return id != "P1150";  // stops there
        }));
    CHECK(mismatched == 0);
    CHECK(worked_here == 0);  // the reading threads did it
    REQUIRE(seen.size() == 151);
    CHECK(std::is_sorted(seen.begin(), seen.end()));
    CHECK(seen.back() == "P1150");
}

TEST_CASE("for_each_patient without provenance gives the same timelines, author and source empty") {
    TempDir dir;
    auto store = open_store(dir.sub("db"));
    std::vector<Event> first;
    for (int p = 0; p < 300; ++p) {
        for (int d = 0; d < 4; ++d)
            first.push_back(make_event("P" + std::to_string(1000 + p), d, 60 * d));
    }
    must_append(*store, request_of(first));
    // Every other patient also has an event of a second transaction, from another source, and
    // every sixth one that names its own source (as a replayed or loaded event may; the author is
    // always the transaction's).
    std::vector<Event> more;
    for (int p = 0; p < 300; p += 2) {
        more.push_back(make_event("P" + std::to_string(1000 + p), 1, 30));
        if (p % 6 == 0) more.back().source = "own source";
    }
    TransactionRequest second = request_of(more);
    second.author = "second author";
    second.source = "sha256:" + std::string(64, 'c');
    must_append(*store, second);

    // Included, omitted, included again: the readers decode over vectors the visitor handed
    // back, so a pass must neither keep nor lose what an earlier patient's events held.
    std::vector<std::pair<std::string, uint64_t>> expected;
    for (Provenance provenance :
         {Provenance::kIncluded, Provenance::kOmitted, Provenance::kIncluded}) {
        std::vector<std::pair<std::string, uint64_t>> seen;
        size_t wrong = 0;
        size_t owned = 0;
        REQUIRE(store->for_each_patient(
            [&](const std::string& id, std::vector<Event>& events) {
                for (const Event& e : events) {
                    seen.emplace_back(id, e.seq);
                    const bool of_first = e.seq <= first.size();
                    const bool own =
                        !of_first && more[e.seq - first.size() - 1].source == "own source";
                    if (provenance == Provenance::kOmitted) {
                        wrong += !e.source.empty() || !e.recorded_by.empty();
                    } else if (own) {
                        ++owned;
                        wrong += e.source != "own source" || e.recorded_by != second.author;
                    } else {
                        wrong += e.source != (of_first ? "shell" : second.source) ||
                                 e.recorded_by != (of_first ? "tester" : second.author);
                    }
                    wrong += e.patient_id != id || e.recorded_at_us != 1'700'000'000'000'000;
                }
                return true;
            },
            {}, provenance));
        CHECK(wrong == 0);
        CHECK(owned == (provenance == Provenance::kOmitted ? 0 : 50));
        CHECK(seen.size() == first.size() + more.size());
        if (expected.empty()) expected = seen;
        CHECK(seen == expected);
    }
}

TEST_CASE("scan_log replays the raw log in sequence order over a range") {
    TempDir dir;
    auto store = open_store(dir.sub("db"));
    for (int i = 0; i < 5; ++i) {
        must_append(*store, request_of({make_event("p" + std::to_string(i % 2), i, std::nullopt),
                                        make_event("x", -i, 1)}));
    }
    std::vector<uint64_t> seqs;
    REQUIRE(store->scan_log(3, 7, [&](const Event& e) {
        seqs.push_back(e.seq);
        CHECK_FALSE(e.patient_id.empty());
        CHECK(e.recorded_by == "tester");
        return true;
    }));
    CHECK(seqs == std::vector<uint64_t>{3, 4, 5, 6, 7});
    seqs.clear();
    REQUIRE(store->scan_log(9, UINT64_MAX, [&](const Event& e) {
        seqs.push_back(e.seq);
        return true;
    }));
    CHECK(seqs == std::vector<uint64_t>{9, 10});
    CHECK(store->event(11).status().code() == StatusCode::kNotFound);
}

TEST_CASE("stats count patients, events, transactions and recorded-at range") {
    TempDir dir;
    auto store = open_store(dir.sub("db"));
    must_append(*store, request_of({make_event("a", 1, std::nullopt), make_event("b", 1, 1)}, 10));
    must_append(*store, request_of({make_event("a", 2, std::nullopt)}, 20));
    auto st = store->stats();
    REQUIRE(st.is_ok());
    CHECK(st->patients == 2);
    CHECK(st->events == 3);
    CHECK(st->transactions == 2);
    CHECK(st->first_recorded_at_us == 10);
    CHECK(st->last_recorded_at_us == 20);
    CHECK(st->size_on_disk_bytes > 0);
}

TEST_CASE(
    "streamed events carry their own or their transaction's provenance, never a recycled one") {
    // for_each_patient decodes each patient over the event vectors of earlier ones: an author or
    // source left from the event decoded there before must never show through.
    TempDir dir;
    auto store = open_store(dir.sub("db"));
    const Event plain = make_event("", 0, std::nullopt);
    for (int t = 0; t < 3; ++t) {
        std::vector<Event> events;
        for (int p = 0; p < 40; ++p) {
            for (int k = 0; k <= (p + t) % 4; ++k) {
                Event e = plain;
                e.patient_id = std::to_string(100 + p);
                e.day = t * 10 + k;
                if ((p + k) % 3 == 0) e.source = "own-" + std::to_string(p);
                e.note = e.source.empty() ? "tx-" + std::to_string(t) : e.source;  // expected
                events.push_back(e);
            }
        }
        TransactionRequest req = request_of(events);
        req.author = "author-" + std::to_string(t);
        req.source = "tx-" + std::to_string(t);
        must_append(*store, req);
    }
    size_t seen = 0;
    REQUIRE(store->for_each_patient([&](const std::string& id, std::vector<Event>& events) {
        auto timeline = store->timeline(id);
        REQUIRE(timeline.is_ok());
        REQUIRE(timeline->size() == events.size());
        for (size_t i = 0; i < events.size(); ++i) {
            const Event& e = events[i];
            INFO(id << " event " << e.seq);
            CHECK(e.patient_id == id);
            CHECK(e.source == e.note);
            CHECK(e.recorded_by == "author-" + std::to_string(e.tx - 1));
            CHECK((*timeline)[i].source == e.source);
            CHECK(store->event(e.seq)->source == e.source);
            ++seen;
        }
        return true;
    }));
    CHECK(seen == store->last_seq());
}

TEST_CASE("every transaction records the operating-system account, kept across a reopen") {
    TempDir dir;
    const passwd* pw = ::getpwuid(::geteuid());
    REQUIRE(pw != nullptr);
    {
        auto store = open_store(dir.sub("s"));
        const TransactionInfo info = must_append(*store, request_of({make_event("P1", 1, 600)}));
        CHECK(info.os_account == pw->pw_name);
        CHECK(info.author == "tester");  // the claimed author stays beside it
        // A transaction recorded elsewhere before accounts were kept (a replay) keeps none.
        TransactionRequest older = request_of({make_event("P1", 2, 600)});
        older.os_account = std::string();
        CHECK(must_append(*store, older).os_account.empty());
        // An account the request gives (a replay) is recorded as given.
        TransactionRequest named = request_of({make_event("P1", 3, 600)});
        named.os_account = std::string("clinic");
        CHECK(must_append(*store, named).os_account == "clinic");
    }
    OpenOptions reader;
    reader.read_only = true;
    auto store = open_store(dir.sub("s"), reader);
    CHECK(store->transaction(1)->os_account == pw->pw_name);
    CHECK(store->transaction(2)->os_account.empty());
    CHECK(store->transaction(3)->os_account == "clinic");
    CHECK(store->verify().ok);
}
