// The shell's statement splitting: query::split_statements with "…" quotes, blank pieces dropped.
#include <catch2/catch.hpp>

#include "shell/statement_text.h"

using dayzero::shell::split_statements;

TEST_CASE("split_statements: the shell drops blank and semicolon-only pieces") {
    const auto pieces = split_statements("events;  ; \n;grades P001; \n");
    REQUIRE(pieces.size() == 2);
    CHECK(pieces[0] == "events;");
    CHECK(pieces[1] == "grades P001;");
}

TEST_CASE("split_statements: the shell keeps a quoted file name whole") {
    const auto pieces = split_statements("plot timeline P001 to \"a;b.svg\"; events");
    REQUIRE(pieces.size() == 2);
    CHECK(pieces[0] == "plot timeline P001 to \"a;b.svg\";");
    CHECK(pieces[1] == " events");
}
