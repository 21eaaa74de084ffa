// Unit tests for the result renderers: box tables, CSV/TSV escaping, JSON, markdown, line mode.
#include <catch2/catch.hpp>

#include <limits>

#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "shell/box_table.h"
#include "shell/delimited_renderer.h"
#include "shell/result_renderer.h"
#include "shell/text_width.h"

using dayzero::query::Column;
using dayzero::query::ColumnType;
using dayzero::query::QueryResult;
using dayzero::query::Value;
using namespace dayzero::shell;

namespace {

QueryResult sample() {
    QueryResult r;
    r.title = "Duration by group";
    r.columns = {{"group", ColumnType::kText, -1},
                 {"n", ColumnType::kInteger, -1},
                 {"median", ColumnType::kNumber, 1},
                 {"p", ColumnType::kPValue, -1}};
    r.rows = {{std::string("toci"), int64_t{12}, 4.25, 0.0004},
              {std::string("no toci"), int64_t{7}, 6.0, 0.04567}};
    r.notes = {"fever >= 38.0 C"};
    return r;
}

std::string render(const QueryResult& r, OutputMode mode, int width = 100) {
    RenderOptions options;
    options.mode = mode;
    options.width = width;
    std::ostringstream out, info;
    render_result(r, options, out, info);
    return out.str();
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);)
        lines.push_back(line);
    return lines;
}

}  // namespace

TEST_CASE("display width counts wide and combining characters") {
    CHECK(display_width("abc") == 3);
    CHECK(display_width("°C") == 2);
    CHECK(display_width("≥ 38") == 4);
    CHECK(display_width("日本") == 4);
    CHECK(display_width("e\xcc\x81") == 1);  // e + combining acute
    CHECK(display_width("\xff") == 1);       // invalid byte still takes a column
}

TEST_CASE("truncation and wrapping respect the width") {
    CHECK(truncate_to_width("tocilizumab", 6) == "tocil…");
    CHECK(truncate_to_width("toci", 6) == "toci");
    const auto lines = wrap_to_width("high flow nasal cannula", 10);
    REQUIRE(lines.size() == 3);
    CHECK(lines[0] == "high flow");
    CHECK(lines[1] == "nasal");
    CHECK(lines[2] == "cannula");
    CHECK(wrap_to_width("abcdefghij", 4) == std::vector<std::string>{"abcd", "efgh", "ij"});
    CHECK(wrap_to_width("a\nb", 10) == std::vector<std::string>{"a", "b"});
    CHECK(wrap_to_width("hours_to_toci", 9) == std::vector<std::string>{"hours_to_", "toci"});
    CHECK(widest_word("hours_to_toci") == 6);
    CHECK(widest_word("max grade") == 5);
}

TEST_CASE("table mode draws an aligned box with a row-count footer") {
    const std::string text = render(sample(), OutputMode::kTable);
    const auto lines = lines_of(text);
    REQUIRE(lines.size() == 9);
    CHECK(lines[0] == "Duration by group");
    CHECK(lines[1] == "┌─────────┬────┬────────┬─────────┐");
    CHECK(lines[2] == "│ group   │  n │ median │       p │");
    CHECK(lines[4] == "│ toci    │ 12 │    4.2 │ < 0.001 │");
    CHECK(lines[5] == "│ no toci │  7 │    6.0 │  0.0457 │");
    CHECK(lines[6] == "└─────────┴────┴────────┴─────────┘");
    CHECK(lines[7] == "2 rows");
    CHECK(lines[8] == "fever >= 38.0 C");
}

TEST_CASE("table mode fits a narrow terminal by wrapping text, keeping numbers whole") {
    QueryResult r;
    r.columns = {{"note", ColumnType::kText, -1}, {"value", ColumnType::kInteger, -1}};
    r.rows = {{std::string("tocilizumab given after the second fever spike"), int64_t{123456}}};
    const std::string text = render(r, OutputMode::kTable, 30);
    const auto lines = lines_of(text);
    for (const auto& line : lines)
        CHECK(display_width(line) <= 30);
    CHECK(text.find("123456") != std::string::npos);
    CHECK(text.find("tocilizumab") != std::string::npos);
    CHECK(lines.size() > 6);  // the note wrapped onto several lines
    CHECK(lines.back() == "1 row");
}

TEST_CASE("headers wrap between words before numbers are touched") {
    QueryResult r;
    for (const char* name : {"patient", "masked_from", "hours_to_toci", "toci_doses", "ended_by"})
        r.columns.push_back({name, ColumnType::kInteger, -1});
    r.columns[0].type = ColumnType::kText;
    r.columns[4].type = ColumnType::kText;
    r.rows = {{std::string("P0031"), int64_t{3}, 1.5, int64_t{3}, std::string("gap")}};
    const auto lines = lines_of(render(r, OutputMode::kTable, 60));
    for (const auto& line : lines)
        CHECK(display_width(line) <= 60);
    REQUIRE(lines.size() >= 4);
    CHECK(lines[1].find("hours_to_") != std::string::npos);
    CHECK(lines[2].find("toci") != std::string::npos);
}

TEST_CASE("a table too wide to wrap is shown as name = value lines, no value cut") {
    QueryResult r;
    for (int c = 0; c < 12; ++c)
        r.columns.push_back({"column_" + std::to_string(c), ColumnType::kText, -1});
    r.columns.push_back({"estimate (95% CI)", ColumnType::kNumber, -1});
    const std::string digest = "sha256:94a959d8bc3b068fdf86988ed4a8d2ad";
    std::vector<Value> row(12, Value{digest});
    row.emplace_back(0.123456);
    r.rows = {row, row};
    r.notes = {"a note"};
    const std::string text = render(r, OutputMode::kTable, 80);
    const auto lines = lines_of(text);
    for (const auto& line : lines)
        CHECK(display_width(line) <= 80);
    CHECK(text.find("…") == std::string::npos);
    CHECK(lines[0] ==
          "(too wide for 80 columns as a table: each row is shown as name = value lines)");
    CHECK(lines[1].empty());
    CHECK(lines[2] == "         column_0 = " + digest);
    CHECK(lines[14] == "estimate (95% CI) = 0.123456");
    CHECK(lines[15].empty());  // a blank line between rows
    CHECK(lines[16] == "         column_0 = " + digest);
    CHECK(lines[lines.size() - 2] == "2 rows");
    CHECK(lines.back() == "a note");
}

TEST_CASE("a value too long for its line in a table too wide wraps under itself") {
    QueryResult r;
    for (int c = 0; c < 12; ++c)
        r.columns.push_back({"c" + std::to_string(c), ColumnType::kText, -1});
    std::string words;
    for (int i = 0; i < 30; ++i)
        words += "word" + std::to_string(i) + " ";
    r.rows.emplace_back(12, Value{words});
    const std::string text = render(r, OutputMode::kTable, 80);
    for (const auto& line : lines_of(text))
        CHECK(display_width(line) <= 80);
    CHECK(text.find("word29") != std::string::npos);
    CHECK(text.find("\n      word") != std::string::npos);  // continued under the value
}

TEST_CASE("the footer shows elapsed time only when the timer is on") {
    CHECK(row_count_footer(0, std::nullopt) == "0 rows");
    CHECK(row_count_footer(1, std::nullopt) == "1 row");
    CHECK(row_count_footer(3, 12.34) == "3 rows (12.3 ms)");
}

TEST_CASE("colour adds ANSI codes only when asked") {
    RenderOptions options;
    options.color = true;
    std::ostringstream out, info;
    render_result(sample(), options, out, info);
    CHECK(out.str().find("\x1b[1m") != std::string::npos);
    CHECK(render(sample(), OutputMode::kTable).find('\x1b') == std::string::npos);
}

TEST_CASE("csv quotes per RFC 4180 and guards against formula injection") {
    CHECK(csv_field("plain", true) == "plain");
    CHECK(csv_field("a,b", true) == "\"a,b\"");
    CHECK(csv_field("say \"hi\"", true) == "\"say \"\"hi\"\"\"");
    CHECK(csv_field("two\nlines", true) == "\"two\nlines\"");
    CHECK(csv_field("=HYPERLINK(\"x\")", true) == "\"'=HYPERLINK(\"\"x\"\")\"");
    CHECK(csv_field("+1", true) == "'+1");
    CHECK(csv_field("-2", true) == "'-2");
    CHECK(csv_field("@SUM(A1)", true) == "'@SUM(A1)");
    CHECK(csv_field("-2", false) == "-2");
    CHECK(tsv_field("a\tb\nc", true) == "a b c");
}

TEST_CASE("csv mode writes a header and rows; typed negative numbers stay numbers") {
    QueryResult r;
    r.columns = {{"patient", ColumnType::kText, -1}, {"day", ColumnType::kDay, -1}};
    r.rows = {{std::string("=cmd"), int64_t{-5}}, {std::string("P2"), Value{}}};
    CHECK(render(r, OutputMode::kCsv) == "patient,day\n'=cmd,-5\nP2,\n");
    CHECK(render(r, OutputMode::kTsv) == "patient\tday\n'=cmd\t-5\nP2\t\n");
}

TEST_CASE(
    "csv and tsv rows: text that needs quoting or cleaning takes it, numbers and flags as is") {
    const std::vector<Column> columns = {{"text", ColumnType::kText, -1},
                                         {"n", ColumnType::kNumber, 1},
                                         {"flag", ColumnType::kText, -1},
                                         {"x", ColumnType::kNumber, 2}};
    auto row = [&](Value text, bool tabs) {
        return delimited_row(
            {std::move(text), 41.733333333333334, true, std::numeric_limits<double>::quiet_NaN()},
            columns, tabs);
    };
    CHECK(row(std::string("P1"), false) == "P1,41.733333333333334,yes,NA\n");
    CHECK(row(std::string("a,b"), false) == "\"a,b\",41.733333333333334,yes,NA\n");
    CHECK(row(std::string(" edge"), false) == "\" edge\",41.733333333333334,yes,NA\n");
    CHECK(row(std::string("a\tb"), false) == "a\tb,41.733333333333334,yes,NA\n");
    CHECK(row(std::string("a\tb"), true) == "a b\t41.733333333333334\tyes\tNA\n");
    CHECK(row(std::string("a,b"), true) == "a,b\t41.733333333333334\tyes\tNA\n");
    CHECK(row(std::string("-x"), true) == "'-x\t41.733333333333334\tyes\tNA\n");
    CHECK(row(Value{}, false) == ",41.733333333333334,yes,NA\n");
    CHECK(delimited_row({int64_t{-7}, -0.5, false, std::numeric_limits<double>::infinity()},
                        columns, false) == "-7,-0.5,no,Inf\n");
}

TEST_CASE("csv, tsv and json carry every number at full precision; tables show recorded digits") {
    QueryResult r;
    r.columns = {{"hours_to_toci", ColumnType::kNumber, 1},
                 {"p", ColumnType::kPValue, -1},
                 {"tmax", ColumnType::kNumber, 1, true},
                 {"fever", ColumnType::kBool, -1}};
    const double hours = 41.0 + 44.0 / 60.0;  // 41.7333…, shown as 41.7 in a table
    const double p = 0.000123456789012345;
    r.rows = {{hours, p, 37.98, false}, {1e-300, 1.0 / 3.0, 39.0, true}};
    for (const OutputMode mode : {OutputMode::kCsv, OutputMode::kTsv}) {
        const auto lines = lines_of(render(r, mode));
        REQUIRE(lines.size() == 3);
        const char sep = mode == OutputMode::kCsv ? ',' : '\t';
        std::vector<std::string> cells;
        std::istringstream row(lines[1]);
        for (std::string cell; std::getline(row, cell, sep);)
            cells.push_back(cell);
        REQUIRE(cells.size() == 4);
        // Read back, each number is the same double, bit for bit.
        CHECK(std::stod(cells[0]) == hours);
        CHECK(std::stod(cells[1]) == p);
        CHECK(std::stod(cells[2]) == 37.98);
        CHECK(lines[2].rfind("1e-300", 0) == 0);
    }
    const auto doc = nlohmann::json::parse(render(r, OutputMode::kJson));
    CHECK(doc[0]["hours_to_toci"].get<double>() == hours);
    CHECK(doc[0]["p"].get<double>() == p);
    CHECK(doc[1]["p"].get<double>() == 1.0 / 3.0);
    // A table rounds for reading, but never a measurement beside its flag: 37.98 is no fever.
    const std::string table = render(r, OutputMode::kTable);
    CHECK(table.find("41.7 ") != std::string::npos);
    CHECK(table.find("37.98") != std::string::npos);
    CHECK(table.find("39.0 ") != std::string::npos);
}

TEST_CASE("machine-readable modes send titles and notes to the info stream") {
    RenderOptions options;
    options.mode = OutputMode::kCsv;
    std::ostringstream out, info;
    render_result(sample(), options, out, info);
    CHECK(out.str().find("Duration by group") == std::string::npos);
    CHECK(info.str() == "Duration by group\nfever >= 38.0 C\n");
}

TEST_CASE("json mode writes an array of typed objects") {
    const auto doc = nlohmann::json::parse(render(sample(), OutputMode::kJson));
    REQUIRE(doc.is_array());
    REQUIRE(doc.size() == 2);
    CHECK(doc[0]["group"] == "toci");
    CHECK(doc[0]["n"] == 12);
    CHECK(doc[0]["p"].get<double>() == Approx(0.0004));
    QueryResult r;
    r.columns = {{"x", ColumnType::kNumber, -1}};
    r.rows = {{std::nan("")}, {Value{}}};
    const auto nulls = nlohmann::json::parse(render(r, OutputMode::kJson));
    CHECK(nulls[0]["x"].is_null());
    CHECK(nulls[1]["x"].is_null());
}

TEST_CASE("markdown mode escapes pipes and right-aligns numbers") {
    QueryResult r;
    r.columns = {{"a|b", ColumnType::kText, -1}, {"n", ColumnType::kInteger, -1}};
    r.rows = {{std::string("x|y"), int64_t{3}}};
    CHECK(render(r, OutputMode::kMarkdown) == "| a\\|b | n |\n| --- | ---: |\n| x\\|y | 3 |\n");
}

TEST_CASE("line mode prints one name = value per line") {
    QueryResult r;
    r.columns = {{"day", ColumnType::kDay, -1}, {"grade", ColumnType::kInteger, -1}};
    r.rows = {{int64_t{3}, int64_t{2}}, {int64_t{4}, int64_t{0}}};
    CHECK(render(r, OutputMode::kLine) == "  day = 3\ngrade = 2\n\n  day = 4\ngrade = 0\n");
}

TEST_CASE("a message-only result is printed as its message") {
    QueryResult r;
    r.message = "cohort toci: 38 patients";
    CHECK(render(r, OutputMode::kTable) == "cohort toci: 38 patients\n");
}

TEST_CASE("mode names round-trip") {
    for (const char* name : {"table", "csv", "tsv", "json", "markdown", "line"}) {
        const auto mode = parse_output_mode(name);
        REQUIRE(mode);
        CHECK(output_mode_name(*mode) == name);
    }
    CHECK(parse_output_mode("md") == OutputMode::kMarkdown);
    CHECK_FALSE(parse_output_mode("xml"));
}

TEST_CASE("notes wrap between words, a long list after its commas, never inside a word") {
    const std::string note =
        "CRS definition: masking drugs tocilizumab,methylprednisolone,dexamethasone,prednisone; "
        "window days 0..28";
    const auto lines = wrap_words(note, 40);
    std::string joined;
    for (const auto& line : lines) {
        CHECK(display_width(line) <= 40);
        joined += line + "\n";
    }
    CHECK(lines.front() == "CRS definition: masking drugs");
    CHECK(joined.find("tocilizumab,methylprednisolone,\n") != std::string::npos);
    CHECK(joined.find("dexamethasone,prednisone;") != std::string::npos);
    // A word wider than the line stays whole on its own line.
    CHECK(wrap_words("a supercalifragilistic b", 10) ==
          std::vector<std::string>{"a", "supercalifragilistic", "b"});
}

TEST_CASE(".maxrows keeps the first and last rows, says how many were left out, and the total") {
    QueryResult r;
    r.columns.push_back({"n", ColumnType::kInteger, -1});
    for (int i = 1; i <= 10; ++i)
        r.rows.push_back({Value{int64_t{i}}});
    RenderOptions options;
    options.max_rows = 4;
    std::ostringstream out, info;
    render_result(r, options, out, info);
    const std::string text = out.str();
    CHECK(text.find("│  1 │") != std::string::npos);
    CHECK(text.find("│  2 │") != std::string::npos);
    CHECK(text.find("│  3 │") == std::string::npos);
    CHECK(text.find("│  9 │") != std::string::npos);
    CHECK(text.find("│ 10 │") != std::string::npos);
    CHECK(text.find("… 6 rows omitted …") != std::string::npos);
    CHECK(text.find("10 rows (4 shown)") != std::string::npos);
    options.mode = OutputMode::kCsv;  // exports are never elided
    std::ostringstream csv;
    render_result(r, options, csv, info);
    CHECK(csv.str() == "n\n1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n");
}

TEST_CASE(".nullvalue fills missing cells; .headers off drops the column names") {
    QueryResult r;
    r.columns.push_back({"x", ColumnType::kNumber, -1});
    r.rows.push_back({Value{}});
    RenderOptions options;
    options.mode = OutputMode::kCsv;
    options.null_text = "NA";
    options.headers = false;
    std::ostringstream out, info;
    render_result(r, options, out, info);
    CHECK(out.str() == "NA\n");
}
