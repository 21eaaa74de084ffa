// query::split_statements: where a script's statements end, for the engine and for the shell.
#include <string>
#include <string_view>

#include <catch2/catch.hpp>

#include "query/parser.h"

using namespace dayzero::query;

namespace {

std::string piece(std::string_view text, const StatementSpan& span) {
    return std::string(text.substr(span.begin, span.end - span.begin));
}

}  // namespace

TEST_CASE("split_statements: doubled quotes stay inside a string") {
    const std::string text = "retract 1 reason 'it''s; fine'; grades";
    const auto spans = split_statements(text);
    REQUIRE(spans.size() == 2);
    CHECK(piece(text, spans[0]) == "retract 1 reason 'it''s; fine';");
    CHECK_FALSE(spans[1].terminated);
}

TEST_CASE("split_statements: a lone semicolon is an empty terminated statement") {
    const std::string text = "events; ;";
    const auto spans = split_statements(text);
    REQUIRE(spans.size() == 2);
    CHECK(piece(text, spans[1]) == " ;");
    CHECK(spans[1].terminated);
}

TEST_CASE("split_statements: double quotes (quoted names, file names) hide a semicolon") {
    const std::string text = "plot timeline P001 to \"a;b.svg\"; events;";
    const auto language = split_statements(text);
    REQUIRE(language.size() == 2);
    CHECK(piece(text, language[0]) == "plot timeline P001 to \"a;b.svg\";");
    const auto shell = split_statements(text, Quotes::kWithShell);
    REQUIRE(shell.size() == 2);
    CHECK(piece(text, shell[0]) == "plot timeline P001 to \"a;b.svg\";");
    CHECK(piece(text, shell[1]) == " events;");
}

TEST_CASE("split_statements: quotes inside a comment and comments inside quotes are inert") {
    const std::string text = "events -- don't; stop\n; grades 'a -- b;c';";
    const auto spans = split_statements(text, Quotes::kWithShell);
    REQUIRE(spans.size() == 2);
    CHECK(piece(text, spans[0]) == "events -- don't; stop\n;");
    CHECK(piece(text, spans[1]) == " grades 'a -- b;c';");
    CHECK(split_statements("events 'unclosed; grades").size() == 1);
}
