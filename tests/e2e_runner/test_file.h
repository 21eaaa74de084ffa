#pragma once
// The .test file format (described at the top of e2e_runner.cpp): reading a file into blocks and
// writing it back after DAYZERO_REWRITE_TESTS=1 replaced some expectations.

#include <filesystem>
#include <string>
#include <vector>

namespace dayzero::e2e {

struct Block {
    std::string directive;  // "run", "error" or "query"
    int line = 0;           // 1-based line of the directive
    std::vector<std::string> input;
    bool has_expectation = false;
    std::vector<std::string> expected;
};

struct TestFile {
    std::vector<std::string> header;  // comments and the `load` line, written back unchanged
    std::string dataset;              // from `load NAME`; empty = the test starts with no store
    std::vector<Block> blocks;
};

// Parses `lines`; false (and a message naming the line in `error`) for a misplaced or repeated
// `load`, or a file without blocks.
bool parse_test_file(const std::vector<std::string>& lines, TestFile& file, std::string& error);

// Writes `file` to `path` in the form parse_test_file reads.
void write_test_file(const std::filesystem::path& path, const TestFile& file);

// The lines of a file, or of `text` without its trailing blank lines.
std::vector<std::string> read_lines(const std::filesystem::path& path);
std::vector<std::string> split_lines(const std::string& text);

// Every line followed by '\n'.
std::string join_lines(const std::vector<std::string>& lines);

// `text` with every `key` replaced by `value`.
std::string substitute(std::string text, const std::string& key, const std::string& value);

}  // namespace dayzero::e2e
