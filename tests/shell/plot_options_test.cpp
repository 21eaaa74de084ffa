// The plot statement's own clauses (title, xlabel, ylabel, labels, with ci) taken out of its
// words, the rest given back to the statement as the user spelled it.
#include <catch2/catch.hpp>

#include "shell/plot_options.h"

using namespace dayzero::shell;

namespace {

// The statement without its figure clauses, and what they asked for.
std::string remaining(const std::string& text, FigureRequest& request) {
    auto tokens = tokenize_plot(text);
    REQUIRE(tokens.is_ok());
    const auto status = take_figure_clauses(tokens.value(), request);
    INFO(status.message());
    REQUIRE(status.is_ok());
    return join_tokens(tokens.value(), 0, tokens.value().size());
}

std::string error_of(const std::string& text) {
    auto tokens = tokenize_plot(text);
    if (!tokens.is_ok()) return tokens.status().message();
    FigureRequest request;
    return take_figure_clauses(tokens.value(), request).message();
}

}  // namespace

TEST_CASE("plot clauses: titles, labels and bands are taken, the rest kept as written") {
    FigureRequest r;
    CHECK(remaining("plot survival os by doses(tocilizumab) > 0 title 'OS by toci' xlabel "
                    "\"Months\" labels ('it''s given', 'not given') with ci to 'my km.png'",
                    r) == "plot survival os by doses(tocilizumab) > 0 to 'my km.png'");
    CHECK(r.text.title == "OS by toci");
    CHECK(r.text.xlabel == "Months");
    CHECK(r.text.ylabel.empty());
    CHECK(r.text.ci);
    REQUIRE(r.labels.size() == 2);
    CHECK(r.labels[0] == "it's given");

    FigureRequest settings;
    CHECK(remaining("plot survival os within sex = 'F' with ci, fever 39 C", settings) ==
          "plot survival os within sex = 'F' with fever 39 C");
    CHECK(settings.text.ci);
    FigureRequest plain;
    CHECK(remaining("plot survival os with fever 39 C", plain) ==
          "plot survival os with fever 39 C");
    CHECK_FALSE(plain.text.ci);
}

TEST_CASE("plot clauses: incomplete or repeated clauses are errors with a column") {
    CHECK(error_of("plot survival os title") ==
          "plot: `title` takes a quoted text: title '…' (column 18)");
    CHECK(error_of("plot survival os title 'a' title 'b'").find("given twice") !=
          std::string::npos);
    CHECK(error_of("plot survival os labels 'a'").find("list in parentheses") != std::string::npos);
    CHECK(error_of("plot survival os labels ('a' 'b')").find("expected ',' or ')'") !=
          std::string::npos);
    CHECK(error_of("plot survival os labels ('a',").find("not closed") != std::string::npos);
    CHECK(error_of("plot survival os title 'unterminated") ==
          "plot: unterminated quote (column 24)");
    CHECK(check_labels({"a"}, {"x", "y"}).message() ==
          "plot: `labels` gives 1 label(s) but the figure has 2 group(s): x, y");
    CHECK(check_labels({}, {"x", "y"}).is_ok());
}
