// ResultWriter and BoxTableWriter: a streamed result prints the same bytes as the same rows held in
// a result, its message follows the rows, and a box table planned from its first page prints a
// later, wider number whole instead of cutting it.
#include <catch2/catch.hpp>

#include <sstream>
#include <string>

#include "shell/box_table.h"
#include "shell/result_renderer.h"
#include "shell/result_writer.h"

using dayzero::query::Column;
using dayzero::query::ColumnType;
using dayzero::query::QueryResult;
using dayzero::query::Value;
using namespace dayzero::shell;

namespace {

QueryResult numbered(size_t rows) {
    QueryResult r;
    r.title = "Numbers";
    r.columns = {{"patient", ColumnType::kText}, {"n", ColumnType::kInteger}};
    for (size_t i = 0; i < rows; ++i)
        r.rows.push_back({Value{"P" + std::to_string(i)}, Value{static_cast<int64_t>(i)}});
    r.notes = {"a note"};
    return r;
}

// Streams `held`'s rows through a writer as the engine would, with the message known only at
// the end; returns data and info output.
std::pair<std::string, std::string> stream(const QueryResult& held, OutputMode mode) {
    RenderOptions options;
    options.mode = mode;
    std::ostringstream out, info;
    ResultWriter writer(options, out, info);
    QueryResult head = held;
    head.rows.clear();
    head.message.clear();
    writer.begin(head);
    for (const auto& row : held.rows)
        writer.row(row);
    QueryResult tail = head;
    tail.message = held.message;
    tail.streamed = true;
    tail.row_total = held.rows.size();
    writer.finish(tail, std::nullopt);
    return {out.str(), info.str()};
}

}  // namespace

TEST_CASE("result writer: streamed rows print as the held rows do, message last") {
    for (const OutputMode mode : {OutputMode::kTable, OutputMode::kCsv, OutputMode::kTsv,
                                  OutputMode::kJson, OutputMode::kMarkdown, OutputMode::kLine}) {
        CAPTURE(output_mode_name(mode));
        const QueryResult held = numbered(3);  // no message: the bytes must be identical
        RenderOptions options;
        options.mode = mode;
        std::ostringstream out, info;
        render_result(held, options, out, info);
        const auto [streamed_out, streamed_info] = stream(held, mode);
        CHECK(streamed_out == out.str());
        CHECK(streamed_info == info.str());

        QueryResult with_message = numbered(2);
        with_message.message = "2 things";
        const auto [data, text] = stream(with_message, mode);
        const bool machine =
            mode == OutputMode::kCsv || mode == OutputMode::kTsv || mode == OutputMode::kJson;
        const std::string& where = machine ? text : data;
        REQUIRE(where.find("2 things") != std::string::npos);
        if (!machine) CHECK(where.find("2 things") > where.find("P1"));
    }
}

TEST_CASE("result writer: an empty streamed JSON result is an empty array") {
    const auto [out, info] = stream(numbered(0), OutputMode::kJson);
    CHECK(out == "[]\n");
}

TEST_CASE("box table writer: widths from the first page; a later wider number is printed whole") {
    const size_t page = BoxTableWriter::kLayoutRows;
    QueryResult r = numbered(page + 5);
    r.rows.back()[1] = Value{int64_t{1234567890123}};
    RenderOptions options;
    std::ostringstream out, info;
    render_result(r, options, out, info);
    const std::string text = out.str();
    CHECK(text.find("1234567890123") != std::string::npos);  // not cut to "12…"
    CHECK(text.find(std::to_string(page + 5) + " rows") != std::string::npos);
    // The header was planned from the first page (0..999): its "n" column is 3 digits wide.
    INFO(text.substr(0, 400));
    CHECK(text.find("│ patient │   n │") != std::string::npos);
}
