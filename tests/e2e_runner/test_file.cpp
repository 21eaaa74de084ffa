#include "tests/e2e_runner/test_file.h"

#include <fstream>
#include <sstream>

namespace dayzero::e2e {

namespace {

bool is_directive(const std::string& line) {
    return line == "run" || line == "error" || line == "query";
}

void trim_trailing_blank(std::vector<std::string>& lines) {
    while (!lines.empty() && lines.back().empty())
        lines.pop_back();
}

}  // namespace

bool parse_test_file(const std::vector<std::string>& lines, TestFile& file, std::string& error) {
    file = TestFile{};
    for (size_t i = 0; i < lines.size(); ++i) {
        const std::string& line = lines[i];
        const std::string where = "line " + std::to_string(i + 1) + ": ";
        if (is_directive(line)) {
            file.blocks.push_back(Block{line, static_cast<int>(i + 1), {}, false, {}});
            continue;
        }
        if (file.blocks.empty()) {
            // The store is a copy of the dataset before the session opens it, so `load` can only
            // come before the first block.
            if (line.starts_with("load ")) {
                if (!file.dataset.empty()) {
                    error = where + "a file loads one dataset";
                    return false;
                }
                file.dataset = line.substr(5);
            }
            file.header.push_back(line);
            continue;
        }
        if (line.starts_with("load ")) {
            error = where + "`load` must come before the first block";
            return false;
        }
        Block& block = file.blocks.back();
        if (!block.has_expectation && line == "----") {
            block.has_expectation = true;
        } else if (block.has_expectation) {
            block.expected.push_back(line);
        } else {
            block.input.push_back(line);
        }
    }
    if (file.blocks.empty()) {
        error = "no blocks";
        return false;
    }
    for (Block& block : file.blocks) {
        trim_trailing_blank(block.expected);
        trim_trailing_blank(block.input);
    }
    return true;
}

void write_test_file(const std::filesystem::path& path, const TestFile& file) {
    std::ofstream out(path);
    out << join_lines(file.header);
    for (size_t i = 0; i < file.blocks.size(); ++i) {
        const Block& block = file.blocks[i];
        out << block.directive << "\n" << join_lines(block.input);
        if (block.has_expectation) out << "----\n" << join_lines(block.expected);
        if (i + 1 < file.blocks.size()) out << "\n";
    }
}

std::vector<std::string> read_lines(const std::filesystem::path& path) {
    std::ifstream in(path);
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);)
        lines.push_back(line);
    return lines;
}

std::vector<std::string> split_lines(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);)
        lines.push_back(line);
    trim_trailing_blank(lines);
    return lines;
}

std::string join_lines(const std::vector<std::string>& lines) {
    std::string out;
    for (const auto& line : lines)
        out += line + "\n";
    return out;
}

std::string substitute(std::string text, const std::string& key, const std::string& value) {
    for (size_t pos = 0; (pos = text.find(key, pos)) != std::string::npos; pos += value.size())
        text.replace(pos, key.size(), value);
    return text;
}

}  // namespace dayzero::e2e
