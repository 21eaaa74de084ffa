// Hostile query text against the real engine: deep nesting, huge literals and unknown Unicode
// each give a clear error (never a crash or a stack overflow), and the store is untouched.
#include <catch2/catch.hpp>

#include <string>

#include "query/query_engine.h"
#include "robust_fixture.h"

using namespace dayzero;
using namespace dayzero::robust;

namespace {

// Runs `text` on a seeded store; requires a failed result with a non-empty message and an
// unchanged, verifiable store. Returns the error message.
std::string expect_query_error(const std::string& text) {
    ScratchDir dir;
    auto store = open_seeded_store((dir.path() / "db").string());
    const StoreSnapshot before = snapshot(*store);
    std::string error;
    {
        query::QueryEngine engine(*store);
        auto results = engine.execute(text);
        REQUIRE_FALSE(results.empty());
        INFO(results.back().error);
        CHECK_FALSE(results.back().ok);
        error = results.back().error;
    }
    CHECK_FALSE(error.empty());
    CHECK(error.size() < 20'000);  // the message quotes the input sensibly, not all of it
    CHECK(snapshot(*store) == before);
    CHECK(store->verify().ok);
    return error;
}

}  // namespace

TEST_CASE("hostile query: 10,000 nested parentheses give an error, not a stack overflow") {
    const std::string text = "count patients where " + std::string(10'000, '(') + "age > 1" +
                             std::string(10'000, ')') + ";";
    const std::string error = expect_query_error(text);
    CHECK(error.find("nest") != std::string::npos);
}

TEST_CASE("hostile query: 10,000 unbalanced opening parentheses give an error") {
    expect_query_error("count patients where " + std::string(10'000, '(') + "age > 1;");
}

TEST_CASE("hostile query: a numeric literal beyond double range is refused") {
    const std::string error = expect_query_error(hostile_file("huge_literal.dzq"));
    CHECK(error.find("1:") != std::string::npos);
}

TEST_CASE("hostile query: an integer literal beyond 64 bits is refused") {
    expect_query_error("events P001 days 0 to 99999999999999999999999999;");
}

TEST_CASE("hostile query: unknown Unicode in a kind list is refused naming the position") {
    const std::string error = expect_query_error(hostile_file("unknown_unicode.dzq"));
    CHECK(error.find("1:") != std::string::npos);
}

TEST_CASE("hostile query: invalid UTF-8 and a NUL byte in a statement are refused") {
    expect_query_error(std::string("events P001 kinds te\xff\xfemp;"));
    expect_query_error(
        std::string("events P0\0"
                    "01;",
                    13));
}
