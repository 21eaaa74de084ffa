// Whatever the input, the engine returns results: never a crash, never an exception, and every
// failure starts with one of the fixed error prefixes.
#include <random>

#include <catch2/catch.hpp>

#include "crs_fixture.h"

using namespace dayzero;
using namespace dayzero::query;
using namespace dayzero::query::testing;

namespace {

bool known_prefix(const std::string& error) {
    for (const char* prefix : {"Syntax error", "Unknown name", "Type error", "Invalid statement",
                               "Data error", "Interrupted"}) {
        if (error.rfind(prefix, 0) == 0) return true;
    }
    return false;
}

}  // namespace

TEST_CASE("random token soup never crashes and errors carry a known prefix") {
    TempStore db;
    fill_fixture(db);
    db.reopen(true);  // the soup may contain amend/retract: keep the fixture intact
    QueryEngine engine(db.store());
    const std::vector<std::string> words = {
        "events",    "grades",  "episodes", "count",   "patients",    "where",
        "by",        "within",  "compare",  "table1",  "survival",    "roc",
        "for",       "cohort",  "x",        "=",       "set",         "fever",
        "38.3",      "C",       "as",       "of",      "seq",         "now",
        "diff",      "to",      "on",       "history", "amend",       "retract",
        "sign",      "reason",  "'r'",      "P001",    "max_grade",   ">=",
        "<",         "(",       ")",        ",",       ":",           "and",
        "or",        "not",     "in",       "doses",   "tocilizumab", "foldchange",
        "IL6",       "onset",   "infusion", "h",       "72",          "-1",
        "days",      "kinds",   "temp",     "codes",   "first",       "last",
        "dose",      "between", "bins",     "at",      "months",      "with",
        "gap",       "1",       "day",      "show",    "definitions", "reset",
        "summarize", "'",       "--",       "\n",      "severe",      "toci",
        "age",       "sex",     "'M'",      "fell",    "any",         "99999999999999999999"};
    std::mt19937 rng(20261123);
    std::uniform_int_distribution<size_t> pick(0, words.size() - 1);
    std::uniform_int_distribution<int> length(1, 14);
    int ok = 0, failed = 0;
    for (int i = 0; i < 1500; ++i) {
        std::string text;
        const int n = length(rng);
        for (int k = 0; k < n; ++k)
            text += words[pick(rng)] + " ";
        if (i % 3 != 0) text += ";";
        const auto results = engine.execute(text);
        for (const auto& r : results) {
            if (r.ok) {
                ++ok;
            } else {
                ++failed;
                INFO(text);
                CHECK(known_prefix(r.error));
            }
        }
    }
    CHECK(failed > 0);
    CHECK(ok > 0);
}

TEST_CASE("binary garbage and huge inputs give errors, not crashes") {
    TempStore db;
    fill_fixture(db);
    QueryEngine engine(db.store());
    std::string garbage;
    for (int c = 0; c < 256; ++c)
        garbage += static_cast<char>(c);
    auto results = engine.execute(garbage + ";");
    REQUIRE(!results.empty());
    CHECK_FALSE(results.back().ok);
    const std::string nots = "count patients where " + [] {
        std::string s;
        for (int i = 0; i < 100000; ++i)
            s += "not ";
        return s;
    }() + "crs;";
    results = engine.execute(nots);
    REQUIRE(results.size() == 1);
    CHECK(results[0].error.find("operators") != std::string::npos);
    results = engine.execute(std::string(200000, '('));
    REQUIRE(results.size() == 1);
    CHECK(results[0].error.rfind("Syntax error", 0) == 0);
}

TEST_CASE("an interrupt flag stops a running statement") {
    TempStore db;
    fill_fixture(db);
    QueryEngine engine(db.store());
    std::atomic<bool> stop{true};
    engine.set_interrupt_flag(&stop);
    auto results = engine.execute("count patients by max_grade;");
    REQUIRE(results.size() == 1);
    CHECK(results[0].error.rfind("Interrupted", 0) == 0);
    stop = false;
    results = engine.execute("count patients by max_grade;");
    CHECK(results[0].ok);
}
