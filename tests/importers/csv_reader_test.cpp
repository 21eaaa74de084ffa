// The RFC 4180 reader: quoting, line endings, BOM, blank lines, line numbers, block boundaries.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "importers/csv_reader.h"

using dayzero::importers::CsvReader;
using dayzero::importers::CsvRecord;

namespace {

struct Row {
    uint64_t line;
    std::vector<std::string> fields;
};

std::vector<Row> read_all(const std::string& text, size_t block = CsvReader::kDefaultBlockSize,
                          std::string* error = nullptr) {
    auto reader = CsvReader::from_string(text, block);
    std::vector<Row> rows;
    CsvRecord record;
    while (reader->next(record)) {
        Row row{record.line, {}};
        for (auto field : record.fields)
            row.fields.emplace_back(field);
        rows.push_back(row);
    }
    if (error) *error = reader->status().message();
    return rows;
}

}  // namespace

TEST_CASE("csv: plain records with LF and line numbers") {
    auto rows = read_all("a,b,c\n1,2,3\n");
    REQUIRE(rows.size() == 2);
    CHECK(rows[0].fields == std::vector<std::string>{"a", "b", "c"});
    CHECK(rows[1].fields == std::vector<std::string>{"1", "2", "3"});
    CHECK(rows[1].line == 2);
}

TEST_CASE("csv: quoted fields with commas, doubled quotes and newlines") {
    auto rows = read_all("id,note\n1,\"a, b\"\n2,\"say \"\"hi\"\"\"\n3,\"two\nlines\"\n4,x\n");
    REQUIRE(rows.size() == 5);
    CHECK(rows[1].fields[1] == "a, b");
    CHECK(rows[2].fields[1] == "say \"hi\"");
    CHECK(rows[3].fields[1] == "two\nlines");
    CHECK(rows[3].line == 4);
    CHECK(rows[4].line == 6);  // the record after a two-line field starts on physical line 6
}

TEST_CASE("csv: CRLF line endings, BOM and no final newline") {
    auto rows = read_all("\xEF\xBB\xBFpatient_id,day\r\nP1,0\r\nP2,1");
    REQUIRE(rows.size() == 3);
    CHECK(rows[0].fields[0] == "patient_id");
    CHECK(rows[2].fields == std::vector<std::string>{"P2", "1"});
    CHECK(rows[2].line == 3);
}

TEST_CASE("csv: blank lines are skipped but counted") {
    auto rows = read_all("a\n\n\r\n1\n\n2\n\n");
    REQUIRE(rows.size() == 3);
    CHECK(rows[1].line == 4);
    CHECK(rows[2].line == 6);
}

TEST_CASE("csv: trailing delimiter yields a final empty field") {
    auto rows = read_all("a,b,\n1,2,\n1,2,");
    REQUIRE(rows.size() == 3);
    CHECK(rows[1].fields == std::vector<std::string>{"1", "2", ""});
    CHECK(rows[2].fields == std::vector<std::string>{"1", "2", ""});
}

TEST_CASE("csv: empty fields and empty quoted fields") {
    auto rows = read_all(",\"\",x\n");
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].fields == std::vector<std::string>{"", "", "x"});
}

TEST_CASE("csv: records spanning block boundaries read the same with tiny blocks") {
    std::string text = "h1,h2\n";
    for (int i = 0; i < 200; ++i) {
        text += "row" + std::to_string(i) + ",\"q, \"\"" + std::to_string(i) + "\"\"\nnext\"\r\n";
    }
    auto big = read_all(text);
    for (size_t block : {16u, 17u, 31u, 64u}) {
        auto small = read_all(text, block);
        REQUIRE(small.size() == big.size());
        for (size_t i = 0; i < big.size(); ++i) {
            CHECK(small[i].line == big[i].line);
            CHECK(small[i].fields == big[i].fields);
        }
    }
    REQUIRE(big.size() == 201);
    CHECK(big[200].fields[1] == "q, \"199\"\nnext");
    CHECK(big[200].line == 2 + 199 * 2);
}

TEST_CASE("csv: a record longer than the block grows the buffer") {
    std::string long_field(1000, 'x');
    auto rows = read_all("a\n" + long_field + "\n", 16);
    REQUIRE(rows.size() == 2);
    CHECK(rows[1].fields[0] == long_field);
}

TEST_CASE("csv: unterminated quote is an error naming the line where it opened") {
    std::string error;
    auto rows = read_all("a,b\n1,2\n3,\"open\n4,5\n", CsvReader::kDefaultBlockSize, &error);
    CHECK(rows.size() == 2);
    CHECK(error.find("line 3") != std::string::npos);
    CHECK(error.find("never closed") != std::string::npos);
}

TEST_CASE("csv: stray quotes are reported on the record with their column") {
    auto reader = CsvReader::from_string("a,b\n5\"7,x\n\"ab\"c,y\n");
    CsvRecord record;
    REQUIRE(reader->next(record));
    CHECK(record.problem_column == 0);
    REQUIRE(reader->next(record));
    CHECK(record.problem_column == 1);
    CHECK(std::string(record.fields[0]) == "5\"7");
    REQUIRE(reader->next(record));
    CHECK(record.problem_column == 1);
    CHECK(std::string(record.problem) == "unexpected text after a closing quote");
    CHECK(std::string(record.fields[1]) == "y");
}

TEST_CASE("csv: reading a missing file fails with the path") {
    auto reader = CsvReader::open("/nonexistent/dir/file.csv");
    REQUIRE_FALSE(reader.is_ok());
    CHECK(reader.status().message().find("/nonexistent/dir/file.csv") != std::string::npos);
}

TEST_CASE("csv: empty input has no records and no error") {
    auto rows = read_all("");
    CHECK(rows.empty());
    rows = read_all("\n\n");
    CHECK(rows.empty());
}

TEST_CASE("csv: a record is marked ASCII only when every byte of it is below 0x80") {
    // The decoders skip their UTF-8 checks for a record marked ASCII: a byte of 0x80 or above
    // anywhere in it, in a whole block, the last partial block or the bytes at the buffer's end,
    // must leave it unmarked.
    const std::string high = "\xC3\xA9";  // é
    std::vector<std::pair<std::string, bool>> lines;
    for (size_t at : {0, 3, 7, 15, 16, 17, 30, 31, 40}) {
        std::string line = "P0001,12,lab,IL6,12.5,pg/mL,a note of some length";
        line.insert(std::min(at, line.size()), high);
        lines.emplace_back(line, false);
        lines.emplace_back(line.substr(0, at) + "x", true);
    }
    lines.emplace_back("P1,\"quoted, so the general parser reads it\",3", false);
    lines.emplace_back("short,\x80", false);
    lines.emplace_back("\xFF", false);
    lines.emplace_back("a,b", true);
    std::string text;
    for (const auto& [line, ascii] : lines)
        text += line + "\n";
    for (size_t block : {size_t{16}, size_t{23}, size_t{64}, CsvReader::kDefaultBlockSize}) {
        INFO("block " << block);
        auto reader = CsvReader::from_string(text, block);
        CsvRecord record;
        for (const auto& [line, ascii] : lines) {
            INFO("line '" << line << "'");
            REQUIRE(reader->next(record));
            // Marked ASCII only when it is; an unmarked ASCII line merely costs the checks.
            if (!ascii) CHECK_FALSE(record.ascii);
            if (ascii && block == CsvReader::kDefaultBlockSize) CHECK(record.ascii);
        }
        CHECK_FALSE(reader->next(record));
    }
}
