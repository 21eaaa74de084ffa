#pragma once
// Test helpers: a fresh store in a temporary folder, event builders and a QueryEngine runner.

#include <filesystem>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "db/database.h"
#include "query/query_engine.h"
#include "store/event_store.h"

namespace dayzero::query::testing {

// A store in a unique temporary folder, removed on destruction.
class TempStore {
  public:
    TempStore() {
        std::random_device rd;
        dir_ = std::filesystem::temp_directory_path() /
               ("dz_query_test_" + std::to_string(rd()) + std::to_string(rd()));
        auto opened = store::EventStore::open(dir_.string());
        REQUIRE(opened.is_ok());
        store_ = std::move(opened).value();
    }
    ~TempStore() {
        store_.reset();
        std::error_code ec;
        std::filesystem::remove_all(dir_, ec);
    }
    TempStore(const TempStore&) = delete;
    TempStore& operator=(const TempStore&) = delete;

    store::EventStore& store() { return *store_; }

    // Hands the store to its one writer (db::Database) for tests of statements that write; the
    // folder is still removed on destruction. store() is unusable afterwards.
    std::unique_ptr<db::Database> take_as_database(db::DatabaseOptions options = {}) {
        return std::make_unique<db::Database>(std::move(store_), std::move(options));
    }

    // The store's folder.
    std::string path() const { return dir_.string(); }

    // Closes and reopens the store, e.g. read-only.
    void reopen(bool read_only) {
        store_.reset();
        store::OpenOptions options;
        options.read_only = read_only;
        auto opened = store::EventStore::open(dir_.string(), options);
        REQUIRE(opened.is_ok());
        store_ = std::move(opened).value();
    }

    // Appends `events` as one transaction recorded at `at_us` (a fixed clock keeps tests exact).
    store::TransactionInfo append(std::vector<store::Event> events, int64_t at_us = 0) {
        store::TransactionRequest request;
        request.events = std::move(events);
        request.author = "tester";
        request.source = "test";
        request.recorded_at_us = at_us != 0 ? at_us : next_clock_;
        next_clock_ += 1'000'000;
        auto info = store_->append(std::move(request));
        REQUIRE(info.is_ok());
        return info.value();
    }

  private:
    std::filesystem::path dir_;
    std::unique_ptr<store::EventStore> store_;
    int64_t next_clock_ = 1'780'000'000'000'000;  // 2026-05-28, advanced 1 s per transaction
};

// An event with the common fields set.
inline store::Event ev(const std::string& patient, int day, store::EventKind kind,
                       std::string code = {}, std::optional<double> value = {},
                       std::optional<uint16_t> minute = {}, std::string text = {}) {
    store::Event e;
    e.patient_id = patient;
    e.day = day;
    e.kind = kind;
    e.code = std::move(code);
    e.value = value;
    e.minute = minute;
    e.text = std::move(text);
    return e;
}

inline store::Event temp(const std::string& p, int day, double c, std::optional<uint16_t> m = {}) {
    auto e = ev(p, day, store::EventKind::kTemp, {}, c, m);
    e.unit = "C";
    return e;
}

inline store::Event dose(const std::string& p, int day, const std::string& drug, double mg,
                         std::optional<uint16_t> m = {}) {
    auto e = ev(p, day, store::EventKind::kDose, drug, mg, m);
    e.unit = "mg";
    return e;
}

inline store::Event baseline(const std::string& p, const std::string& attr,
                             std::optional<double> value, std::string text = {}) {
    return ev(p, -7, store::EventKind::kBaseline, attr, value, {}, std::move(text));
}

// Runs `text` and returns the last result, failing the test if any statement failed unless
// `expect_ok` is false.
inline QueryResult run(QueryEngine& engine, const std::string& text, bool expect_ok = true) {
    auto results = engine.execute(text);
    REQUIRE(!results.empty());
    if (expect_ok && !results.back().ok) FAIL(results.back().error);
    return results.back();
}

// The column index called `name`; fails the test when absent.
inline size_t col(const QueryResult& r, const std::string& name) {
    for (size_t i = 0; i < r.columns.size(); ++i) {
        if (r.columns[i].name == name) return i;
    }
    FAIL("no column " + name);
    return 0;
}

// A cell as display text.
inline std::string cell(const QueryResult& r, size_t row, const std::string& name) {
    REQUIRE(row < r.rows.size());
    const size_t c = col(r, name);
    return format_value(r.rows[row][c], r.columns[c]);
}

}  // namespace dayzero::query::testing
