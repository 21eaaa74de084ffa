// The end-to-end test driver: runs one .test file against a fresh store through the same Session
// the shell uses, and compares each block's output with the expectation written in the file.
//
// File format (one block after another; '#' lines outside blocks are comments):
//
//   run                      input follows; it must succeed
//   <statements and .meta-commands>
//   ----                     optional: expected output follows (stdout, then stderr)
//   <expected lines>
//
//   error                    input follows; it must fail
//   <input>
//   ----
//   <each line must occur somewhere in the error output>
//
// A block ends at the next line that is exactly `run` or `error`, or at the end of the file;
// trailing blank lines are ignored. In input and expectations {ROOT} is the source tree, {DB} the
// test's store folder and {TMP} a scratch folder. DAYZERO_REWRITE_TESTS=1 rewrites the expected
// output of `run` blocks from the actual output (review the diff before committing).

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "shell/session.h"

namespace fs = std::filesystem;

namespace {

struct Block {
    std::string directive;  // "run" or "error"
    int line = 0;           // 1-based line of the directive
    std::vector<std::string> input;
    bool has_expectation = false;
    std::vector<std::string> expected;
};

std::vector<std::string> read_lines(const fs::path& path) {
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
    while (!lines.empty() && lines.back().empty())
        lines.pop_back();
    return lines;
}

std::string substitute(std::string text, const std::string& key, const std::string& value) {
    for (size_t pos = 0; (pos = text.find(key, pos)) != std::string::npos; pos += value.size())
        text.replace(pos, key.size(), value);
    return text;
}

bool is_directive(const std::string& line) {
    return line == "run" || line == "error";
}

// Splits the file into blocks; lines before the first directive are the header.
std::vector<Block> parse_blocks(const std::vector<std::string>& lines,
                                std::vector<std::string>& header) {
    std::vector<Block> blocks;
    for (size_t i = 0; i < lines.size(); ++i) {
        const std::string& line = lines[i];
        if (is_directive(line)) {
            blocks.push_back(Block{line, static_cast<int>(i + 1), {}, false, {}});
            continue;
        }
        if (blocks.empty()) {
            header.push_back(line);
            continue;
        }
        Block& block = blocks.back();
        if (!block.has_expectation && line == "----") {
            block.has_expectation = true;
        } else if (block.has_expectation) {
            block.expected.push_back(line);
        } else {
            block.input.push_back(line);
        }
    }
    for (Block& block : blocks) {
        while (!block.expected.empty() && block.expected.back().empty())
            block.expected.pop_back();
        while (!block.input.empty() && block.input.back().empty())
            block.input.pop_back();
    }
    return blocks;
}

std::string join(const std::vector<std::string>& lines) {
    std::string out;
    for (const auto& line : lines)
        out += line + "\n";
    return out;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::cerr << "usage: e2e_runner FILE.test\n";
        return 2;
    }
    const fs::path test_path = fs::absolute(argv[1]);
    const char* root_env = std::getenv("DAYZERO_SOURCE_DIR");
    const std::string root = root_env ? root_env : fs::current_path().string();
    const bool rewrite = std::getenv("DAYZERO_REWRITE_TESTS") != nullptr;

    const fs::path tmp = fs::temp_directory_path() / ("dayzero-e2e-" + std::to_string(::getpid()) +
                                                      "-" + test_path.stem().string());
    fs::remove_all(tmp);
    fs::create_directories(tmp);
    const std::string db = (tmp / "store").string();
    // Relative output paths (plot ... to x.svg, .once x.csv) land in the scratch folder, never
    // in the source tree; inputs are named through {ROOT}.
    fs::current_path(tmp);

    std::vector<std::string> header;
    const std::vector<std::string> lines = read_lines(test_path);
    std::vector<Block> blocks = parse_blocks(lines, header);
    if (blocks.empty()) {
        std::cerr << test_path.string() << ": no blocks\n";
        return 1;
    }

    dayzero::shell::SessionOptions options;
    options.db_path = db;
    options.terminal_width = 100;
    options.author = "e2e";
    options.fixed_clock_us = 1767225600000000;  // 2026-01-01T00:00:00Z
    options.bail = true;
    dayzero::shell::Session session(options);
    std::ostringstream open_err;
    if (!session.open(open_err)) {
        std::cerr << test_path.string() << ": cannot open store: " << open_err.str();
        return 1;
    }

    auto expand = [&](std::string text) {
        text = substitute(std::move(text), "{ROOT}", root);
        text = substitute(std::move(text), "{DB}", db);
        return substitute(std::move(text), "{TMP}", tmp.string());
    };

    int failures = 0;
    for (Block& block : blocks) {
        std::ostringstream out, err;
        const bool ok = session.run(expand(join(block.input)), out, err);
        const std::string where = test_path.string() + ":" + std::to_string(block.line);
        const std::vector<std::string> actual = split_lines(out.str() + err.str());
        if (block.directive == "run") {
            if (!ok) {
                std::cerr << where << ": expected success, got:\n" << out.str() << err.str();
                ++failures;
                continue;
            }
            if (rewrite) {
                // Write placeholders back so the file stays independent of this run's folders.
                block.has_expectation = true;
                block.expected.clear();
                for (const auto& line : actual) {
                    std::string generic = substitute(line, db, "{DB}");
                    generic = substitute(std::move(generic), tmp.string(), "{TMP}");
                    block.expected.push_back(substitute(std::move(generic), root, "{ROOT}"));
                }
                continue;
            }
            if (!block.has_expectation) continue;
            std::vector<std::string> expected;
            for (const auto& line : block.expected)
                expected.push_back(expand(line));
            if (expected != actual) {
                std::cerr << where << ": output differs\n--- expected\n"
                          << join(expected) << "--- actual\n"
                          << join(actual);
                ++failures;
            }
        } else {
            if (ok) {
                std::cerr << where << ": expected an error, got success:\n" << join(actual);
                ++failures;
                continue;
            }
            const std::string text = err.str() + out.str();
            for (const auto& needle : block.expected) {
                if (text.find(expand(needle)) == std::string::npos) {
                    std::cerr << where << ": error output lacks '" << expand(needle) << "':\n"
                              << text;
                    ++failures;
                }
            }
        }
    }

    if (rewrite) {
        std::ofstream outf(test_path);
        for (const auto& line : header)
            outf << line << "\n";
        for (size_t i = 0; i < blocks.size(); ++i) {
            const Block& block = blocks[i];
            outf << block.directive << "\n" << join(block.input);
            if (block.has_expectation) outf << "----\n" << join(block.expected);
            if (i + 1 < blocks.size()) outf << "\n";
        }
    }

    fs::current_path(fs::temp_directory_path());
    fs::remove_all(tmp);
    if (failures > 0) {
        std::cerr << failures << " block(s) failed in " << test_path.string() << "\n";
        return 1;
    }
    std::cout << blocks.size() << " block(s) passed in " << test_path.string() << "\n";
    return 0;
}
