// The parsing layer on its own: text → AST and syntax errors, no store involved.
#include <string>
#include <variant>

#include <catch2/catch.hpp>

#include "query/parser.h"
#include "query/query_error.h"

using namespace dayzero::query;

namespace {

ast::Statement parse_one(const std::string& text) {
    const auto spans = split_statements(text);
    REQUIRE(spans.size() == 1);
    return parse_statement(text, spans.front());
}

std::string syntax_error(const std::string& text) {
    const auto spans = split_statements(text);
    REQUIRE(!spans.empty());
    try {
        for (const auto& span : spans)
            parse_statement(text, span);
    } catch (const QueryError& e) {
        REQUIRE(e.kind() == ErrorKind::kSyntax);
        return render_error(e, text);
    }
    FAIL("no syntax error for: " + text);
    return {};
}

}  // namespace

TEST_CASE("events statement with day range, kinds and codes") {
    const auto statement = parse_one("EVENTS P007 days -1 to 14 kinds temp, lab codes IL6;");
    REQUIRE(std::holds_alternative<ast::EventsStmt>(statement.body));
    const auto& s = std::get<ast::EventsStmt>(statement.body);
    REQUIRE(s.patient);
    CHECK(s.patient->name == "P007");
    CHECK(s.day_from == -1);
    CHECK(s.day_to == 14);
    REQUIRE(s.kinds.size() == 2);
    CHECK(s.kinds[1].name == "lab");
    REQUIRE(s.codes.size() == 1);
    CHECK(s.codes[0].name == "IL6");
}

TEST_CASE("keywords are case-insensitive and comments are ignored") {
    const auto s = parse_one("-- a comment\nGrAdEs P007 -- trailing\n;");
    REQUIRE(std::holds_alternative<ast::GradesStmt>(s.body));
    CHECK(std::get<ast::GradesStmt>(s.body).patient->name == "P007");
}

TEST_CASE("expressions keep precedence: not binds looser than comparison, and before or") {
    const auto statement = parse_one("cohort x = patients where not a >= 3 or b and c = 'M';");
    const auto& s = std::get<ast::CohortStmt>(statement.body);
    REQUIRE(s.where);
    const ast::Expr& root = *s.where;
    REQUIRE(root.kind == ast::ExprKind::kOr);
    CHECK(root.children[0]->kind == ast::ExprKind::kNot);
    CHECK(root.children[0]->children[0]->kind == ast::ExprKind::kCompare);
    CHECK(root.children[1]->kind == ast::ExprKind::kAnd);
    const ast::Expr& eq = *root.children[1]->children[1];
    CHECK(eq.op == ast::CompareOp::kEq);
    CHECK(std::get<std::string>(eq.children[1]->literal) == "M");
}

TEST_CASE("quantities keep their units; with and as of clauses attach to the statement") {
    const auto s = parse_one("grades P007 with fever 38.3 C, gap 1 day as of seq 120;");
    REQUIRE(s.with.size() == 2);
    CHECK(s.with[0].name.name == "fever");
    CHECK(s.with[0].quantity.value == Approx(38.3));
    CHECK(s.with[0].quantity.unit == "C");
    CHECK(s.with[1].quantity.unit == "day");
    REQUIRE(s.as_of);
    CHECK(s.as_of->kind == ast::Point::Kind::kSeq);
    CHECK(s.as_of->seq == 120);
}

TEST_CASE("number literals: exponents and leading or trailing points are numbers") {
    const auto s = parse_one("grades P007 with fever 1e5 C, gap 1.5e-3 day, window .5 day;");
    REQUIRE(s.with.size() == 3);
    CHECK(s.with[0].quantity.value == 1e5);
    CHECK(s.with[0].quantity.unit == "C");  // not the number 1 with a unit `e5`
    CHECK(s.with[1].quantity.value == 1.5e-3);
    CHECK(s.with[2].quantity.value == 0.5);
    CHECK(parse_one("grades P007 with fever 2. C;").with[0].quantity.value == 2.0);
    CHECK(parse_one("grades P007 with fever 38E+0 C;").with[0].quantity.value == 38.0);
    // Out of range is an error with its position, never a silent infinity or truncation.
    const std::string error = syntax_error("grades P007 with fever 1e999 C;");
    CHECK(error.find("number out of range: 1e999") != std::string::npos);
    CHECK(error.find("1:24") != std::string::npos);
}

TEST_CASE("compare with strata, table1 items with bins and labels, survival time points") {
    auto s = parse_one("compare first_duration by toci within max_grade >= 3, mild;");
    REQUIRE(std::holds_alternative<ast::CompareStmt>(s.body));
    CHECK(std::get<ast::CompareStmt>(s.body).strata.size() == 2);
    s = parse_one("table1 by toci: age, sex = 'M' as male, blasts_pct bins (30, 50);");
    const auto& table1 = std::get<ast::Table1Stmt>(s.body);
    REQUIRE(table1.items.size() == 3);
    CHECK(table1.items[1].label == "male");
    CHECK(table1.items[2].bins == std::vector<double>{30, 50});
    s = parse_one("survival os by toci at 12, 24 months;");
    const auto& survival = std::get<ast::SurvivalStmt>(s.body);
    CHECK(survival.at == std::vector<double>{12, 24});
    CHECK(survival.at_unit == "months");
}

TEST_CASE("temporal expressions and event time filters") {
    auto s = parse_one("patients where onset within 72 h after infusion;");
    const ast::ExprPtr where = std::get<ast::PatientsStmt>(s.body).where;
    REQUIRE(where->kind == ast::ExprKind::kTemporal);
    CHECK(where->from.kind == ast::Anchor::Kind::kOnset);
    CHECK(where->direction == ast::Direction::kAfter);
    CHECK(where->window.unit == "h");
    s = parse_one("events kinds dose between first dose(tocilizumab) and last temp;");
    const ast::EventTime time = std::get<ast::EventsStmt>(s.body).time;
    CHECK(time.between);
    CHECK(time.from.code.name == "tocilizumab");
    CHECK(time.to.kind == ast::Anchor::Kind::kLast);
}

TEST_CASE("audit statements") {
    auto s = parse_one("amend 12 value 38.9 C reason 'transcription error';");
    REQUIRE(std::holds_alternative<ast::AmendStmt>(s.body));
    const ast::AmendStmt amend = std::get<ast::AmendStmt>(s.body);
    CHECK(amend.seq == 12);
    CHECK(amend.value->value == Approx(38.9));
    CHECK(amend.reason == "transcription error");
    s = parse_one("retract 5 reason 'duplicate ''row''';");
    CHECK(std::get<ast::RetractStmt>(s.body).reason == "duplicate 'row'");
    s = parse_one("sign tx 3 meaning 'reviewed' by 'Dr Lee';");
    CHECK(std::get<ast::SignStmt>(s.body).signer == "Dr Lee");
    CHECK(std::get<ast::SignStmt>(s.body).key_path.empty());
    s = parse_one("sign tx 3 meaning 'reviewed' using 'keys/lee.key';");
    CHECK(std::get<ast::SignStmt>(s.body).signer.empty());
    CHECK(std::get<ast::SignStmt>(s.body).key_path == "keys/lee.key");
    s = parse_one("diff seq 10 to now on episodes P007;");
    const ast::DiffStmt diff = std::get<ast::DiffStmt>(s.body);
    REQUIRE(diff.inner);
    CHECK(std::holds_alternative<ast::EpisodesStmt>(diff.inner->body));
    CHECK(diff.to.kind == ast::Point::Kind::kNow);
}

TEST_CASE("syntax errors give line:column, the token, what was expected and a caret") {
    const std::string msg = syntax_error("events P007 days -1 too 14;");
    CHECK(msg.find("Syntax error at 1:21: unexpected 'too'") != std::string::npos);
    CHECK(msg.find("expected to") != std::string::npos);
    CHECK(msg.find("\n  events P007 days -1 too 14;\n                      ^^^") !=
          std::string::npos);
}

TEST_CASE("positions count from the start of the whole script") {
    const std::string msg = syntax_error("grades P007;\n\n  episodes where ;");
    CHECK(msg.find("Syntax error at 3:18: unexpected ';'") != std::string::npos);
}

TEST_CASE("a missing semicolon and an unknown statement are syntax errors") {
    CHECK(syntax_error("grades P007").find("expected") != std::string::npos);
    const std::string msg = syntax_error("selekt patients;");
    CHECK(msg.find("unexpected 'selekt'") != std::string::npos);
    CHECK(msg.find("events") != std::string::npos);
}

TEST_CASE("a mistyped keyword read as a name is pointed at, with the keyword it resembles") {
    const std::string msg = syntax_error("episodes wher max_grade >= 3;");
    CHECK(msg.find("Syntax error at 1:10: unexpected 'wher' (did you mean 'where'?)") == 0);
    CHECK(msg.find("\n  episodes wher max_grade >= 3;\n           ^^^^") != std::string::npos);
    // A name that is no keyword is not blamed: the error stays where the parse failed.
    CHECK(syntax_error("episodes P0001 max_grade;").find("unexpected 'max_grade'") !=
          std::string::npos);
}

TEST_CASE("the expected list is complete and a keyword typo gets a suggestion") {
    const std::string msg = syntax_error("compar max_grade by sex;");
    CHECK(msg.find("unexpected 'compar' (did you mean 'compare'?)") != std::string::npos);
    for (const char* word : {"events", "roc", "summarize", "survival", "table1", "save"})
        CHECK(msg.find(std::string(" ") + word) != std::string::npos);
    CHECK(msg.find("...") == std::string::npos);
}

TEST_CASE("double-quoted names: keywords as names, spaces, doubled quotes") {
    auto s = parse_one("count patients where \"episodes\" >= 2 and \"a \"\"b\"\"\" = 'x';");
    const auto& count = std::get<ast::CountStmt>(s.body);
    const ast::Expr& both = *count.where;
    REQUIRE(both.children.size() == 2);
    CHECK(both.children[0]->children[0]->name.name == "episodes");
    CHECK(both.children[1]->children[0]->name.name == "a \"b\"");
    // `episodes` is also a name without quotes where a name is expected.
    s = parse_one("count patients where episodes >= 2;");
    CHECK(std::get<ast::CountStmt>(s.body).where->children[0]->name.name == "episodes");
    CHECK(syntax_error("count patients where \"open;").find("unterminated quoted name") !=
          std::string::npos);
}

TEST_CASE("save and drop cohort take by and reason in either order, once each") {
    auto s = parse_one("save cohort toci reason 'why' by 'Dr A';");
    const auto& save = std::get<ast::SaveStmt>(s.body);
    CHECK(save.name.name == "toci");
    CHECK(save.author == "Dr A");
    CHECK(save.reason == "why");
    s = parse_one("drop cohort toci;");
    CHECK(!std::get<ast::DropStmt>(s.body).reason);
    CHECK(syntax_error("drop cohort toci by 'a' by 'b';").find("by is given twice") !=
          std::string::npos);
    CHECK(std::get<ast::HistoryStmt>(parse_one("history cohorts;").body).cohorts);
}

TEST_CASE("stray characters and unterminated strings are reported, not crashed on") {
    CHECK(syntax_error("events P007 # ;").find("unexpected character '#'") != std::string::npos);
    CHECK(syntax_error("retract 1 reason 'oops;").find("unterminated string") != std::string::npos);
}

TEST_CASE("10,000 nested parentheses give an error instead of a stack overflow") {
    const std::string deep =
        "count patients where " + std::string(10000, '(') + "crs" + std::string(10000, ')') + ";";
    CHECK(syntax_error(deep).find("nested deeper than") != std::string::npos);
    std::string chain = "count patients where crs";
    for (int i = 0; i < 5000; ++i)
        chain += " and crs";
    CHECK(syntax_error(chain + ";").find("operators") != std::string::npos);
}

TEST_CASE("statements split at top-level semicolons only") {
    const std::string text = "retract 1 reason 'a;b'; -- c;d\n grades P007;  -- end";
    const auto spans = split_statements(text);
    REQUIRE(spans.size() == 2);
    CHECK(text.substr(spans[0].begin, spans[0].end - spans[0].begin) == "retract 1 reason 'a;b';");
    CHECK(spans[1].terminated);
    CHECK(split_statements("grades P007; events").back().terminated == false);
    CHECK(split_statements("  -- only a comment\n").empty());
}

TEST_CASE("a statement with bytes that are not UTF-8 is a syntax error, not an internal one") {
    const std::string bad = "count patients;\ncount patients where sex = '\xff';";
    const std::string message = syntax_error(bad);
    INFO(message);
    CHECK(message.rfind("Syntax error at 2:1: the statement holds bytes that are not UTF-8", 0) ==
          0);
    CHECK(parse_one("count patients where sex = '\xc3\xa9';").body.index() ==
          parse_one("count patients;").body.index());
}

TEST_CASE("an unterminated last statement names the quote it ends inside") {
    auto spans = split_statements("count patients where sex = 'M;");
    REQUIRE(spans.size() == 1);
    CHECK(spans[0].open_quote == 27);
    spans = split_statements("count patients where \"a\"\"b\" = 'it''s';");
    REQUIRE(spans.size() == 1);
    CHECK(spans[0].open_quote == std::string_view::npos);
    spans = split_statements("grades P1");
    CHECK(spans[0].open_quote == std::string_view::npos);
}
