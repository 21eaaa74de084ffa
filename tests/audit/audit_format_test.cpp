// The building blocks of audit files: the reversible formula guard, CSV records spanning lines,
// and ISO 8601 instants.
#include <catch2/catch.hpp>

#include <sstream>

#include "shell/audit_csv.h"
#include "shell/audit_time.h"

using namespace dayzero::shell::audit;

TEST_CASE("csv_text guards cells a spreadsheet would evaluate and unguard_text undoes it") {
    for (const std::string cell : {"=1+2", "+41 79", "-3", "@SUM(A1)", "\tx", "'already", "''x",
                                   "'=x", "plain", "", "a'b", "1-2"}) {
        const std::string written = csv_text(cell);
        std::istringstream in(written + "\r\n");
        int line = 0;
        std::string error;
        auto cells = read_csv_record(in, line, error);
        REQUIRE(cells);
        REQUIRE(cells->size() == 1);
        const char first = cells->front().empty() ? '\0' : cells->front().front();
        CHECK(first != '=');
        CHECK(first != '+');
        CHECK(first != '-');
        CHECK(first != '@');
        CHECK(unguard_text(cells->front()) == cell);
    }
    CHECK(csv_text("=cmd") == "'=cmd");
    CHECK(csv_text("plain") == "plain");
}

TEST_CASE("read_csv_record keeps commas, doubled quotes and line breaks inside quoted cells") {
    std::istringstream in("a,\"b,c\",\"say \"\"hi\"\"\"\r\n\"two\nlines\",x\r\n\r\n");
    int line = 0;
    std::string error;
    auto first = read_csv_record(in, line, error);
    REQUIRE(first);
    CHECK(*first == std::vector<std::string>{"a", "b,c", "say \"hi\""});
    CHECK(line == 1);
    auto second = read_csv_record(in, line, error);
    REQUIRE(second);
    CHECK(*second == std::vector<std::string>{"two\nlines", "x"});
    CHECK(line == 3);
    auto blank = read_csv_record(in, line, error);
    REQUIRE(blank);
    CHECK(*blank == std::vector<std::string>{""});
    CHECK_FALSE(read_csv_record(in, line, error));
    CHECK(error.empty());
}

TEST_CASE("read_csv_record reports an unclosed quote") {
    std::istringstream in("a,\"never closed\nstill open\n");
    int line = 0;
    std::string error;
    CHECK_FALSE(read_csv_record(in, line, error));
    CHECK(error.find("unclosed quote") != std::string::npos);
}

TEST_CASE("instants format as UTC with microseconds and parse back") {
    CHECK(format_instant(0) == "1970-01-01T00:00:00.000000Z");
    CHECK(format_instant(1768035600000000) == "2026-01-10T09:00:00.000000Z");
    CHECK(format_instant(-1) == "1969-12-31T23:59:59.999999Z");
    for (int64_t us :
         {int64_t{0}, int64_t{1768035600123456}, int64_t{-1}, int64_t{951782400000001}})
        CHECK(parse_instant(format_instant(us)) == us);
    CHECK(parse_instant("2026-01-10T09:00") == 1768035600000000);
    CHECK(parse_instant("2026-01-10T09:00:00.5Z") == 1768035600500000);
    CHECK(parse_instant("2026-01-10") == 1768003200000000);
    CHECK(parse_instant("2026-01-10", true) == 1768089599999999);
}

TEST_CASE("malformed instants are rejected") {
    for (const char* bad :
         {"", "2026", "2026-13-01", "2026-02-30", "2026-01-10T25:00", "2026-01-10T09:00:00.1234567",
          "2026-01-10X09:00", "yesterday", "2026-01-10T09:00:00+02:00",
          // a leap second (12:00:60 was read as 12:01:00, for `.asof` too), a fraction without
          // seconds, a signed year: refused as the statements' `as of` refuses them
          "2026-01-10T12:00:60", "2026-01-10T12:00.5", "+2026-01-10", " 2026-01-10"})
        CHECK_FALSE(parse_instant(bad));
}
