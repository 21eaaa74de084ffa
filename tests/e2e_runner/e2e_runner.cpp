// The end-to-end test driver: runs one .test file against its own store through the same Session
// the shell uses, and compares each block's outcome with the expectation written in the file.
//
// File format (one block after another; '#' lines before the first block are comments):
//
//   load NAME                optional, before the first block: the store starts as a copy of a
//                            shared dataset (cohort45, cohort93: the example cohort's
//                            events.csv), imported once per build into a template (see
//                            dataset_cache.h); without it the store starts empty
//
//   query                    one statement follows, run by the session's query engine (so
//   <statement>              cohorts, `set` and `.asof` from earlier blocks apply); it must
//   ----                     succeed and its result's values are compared
//   columns: <name>\t<name>...   optional: the column names, in order
//   title: <text>            optional: the result's title
//   message: <text>          optional: the result's message ("cohort toci: 22 patients")
//   note: <text>             optional, repeatable: a note the result must carry (others may too)
//   <cell>\t<cell>...        one line per row, in the result's order, after the lines above;
//                            cells are the text the CSV mode prints (full precision, no padding
//                            or cutting), NULL for null, (empty) for empty text, a tab, newline,
//                            CR or backslash in a cell as \t \n \r \\. No row lines = no rows
//
//   run                      input follows (statements and .meta-commands); it must succeed
//   <input>
//   ----                     optional: the exact rendered output follows (stdout, then stderr)
//   <expected lines>
//
//   error                    input follows; it must fail
//   <input>
//   ----
//   <each line must occur somewhere in the error output>
//
// Only the parts of a result a query block names are checked besides its rows: files about
// rendering (tests/e2e/shell/) use `run` blocks, the others state values. A block ends at the
// next line that is exactly `run`, `error` or `query`, or at the end of the file; trailing blank
// lines are ignored. In input and expectations {ROOT} is the source tree, {DB} the test's store
// folder and {TMP} a scratch folder. DAYZERO_REWRITE_TESTS=1 rewrites the expectations of `run`
// blocks that have one and of every `query` block from the actual results (a query block keeps
// the kinds of lines it had; one without `----` gets its columns and rows); review the diff.

#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "query/query_engine.h"
#include "shell/session.h"
#include "shell/session_impl.h"
#include "shell/statement_text.h"
#include "tests/e2e_runner/dataset_cache.h"
#include "tests/e2e_runner/test_file.h"
#include "tests/e2e_runner/value_block.h"

namespace fs = std::filesystem;
using namespace dayzero::e2e;

namespace {

constexpr int64_t kTestClockUs = 1767225600000000;  // 2026-01-01T00:00:00Z
constexpr int64_t kClockStepUs = 1000000;           // StampingStore: 1 s per transaction

dayzero::shell::SessionOptions test_options(const std::string& db, uint64_t earlier_tx) {
    dayzero::shell::SessionOptions options;
    options.db_path = db;
    options.terminal_width = 100;
    options.author = "e2e";
    options.fixed_os_account = "e2e-os";
    // A copied dataset already holds transactions stamped from kTestClockUs on; later ones
    // continue the sequence, as if the test had imported the dataset itself.
    options.fixed_clock_us = kTestClockUs + static_cast<int64_t>(earlier_tx) * kClockStepUs;
    options.bail = true;
    return options;
}

// Builds a dataset's template store the way a test's session would.
bool build_store(const std::string& db, const std::string& script, uint64_t& last_tx,
                 std::string& error) {
    dayzero::shell::Session session(test_options(db, 0));
    std::ostringstream out, err;
    if (!session.open(err) || !session.run(script, out, err)) {
        error = out.str() + err.str();
        return false;
    }
    last_tx = session.impl().store()->last_tx();
    return true;
}

struct Runner {
    dayzero::shell::Session& session;
    std::function<std::string(std::string)> expand;      // placeholders -> this run's paths
    std::function<std::string(std::string)> generalize;  // this run's paths -> placeholders
    bool rewrite = false;

    std::vector<std::string> expand_all(const std::vector<std::string>& lines) const {
        std::vector<std::string> out;
        for (const auto& line : lines)
            out.push_back(expand(line));
        return out;
    }
    std::vector<std::string> generalize_all(const std::vector<std::string>& lines) const {
        std::vector<std::string> out;
        for (const auto& line : lines)
            out.push_back(generalize(line));
        return out;
    }

    // Each returns the number of failures (0 or 1) and reports them on stderr under `where`.
    int run_block(Block& block, const std::string& where) const;
    int error_block(const Block& block, const std::string& where) const;
    int query_block(Block& block, const std::string& where) const;
};

void report_difference(const std::string& where, const std::vector<std::string>& expected,
                       const std::vector<std::string>& actual) {
    size_t first = 0;
    while (first < expected.size() && first < actual.size() && expected[first] == actual[first])
        ++first;
    std::cerr << where << ": output differs from expectation line " << first + 1
              << "\n--- expected\n"
              << join_lines(expected) << "--- actual\n"
              << join_lines(actual);
}

int Runner::run_block(Block& block, const std::string& where) const {
    std::ostringstream out, err;
    const bool ok = session.run(expand(join_lines(block.input)), out, err);
    const std::vector<std::string> actual = split_lines(out.str() + err.str());
    if (!ok) {
        std::cerr << where << ": expected success, got:\n" << out.str() << err.str();
        return 1;
    }
    // Without an expectation the block checks success alone, also when rewriting.
    if (!block.has_expectation) return 0;
    if (rewrite) {
        // Placeholders go back in so the file stays independent of this run's folders.
        block.expected = generalize_all(actual);
        return 0;
    }
    const std::vector<std::string> expected = expand_all(block.expected);
    if (expected == actual) return 0;
    report_difference(where, expected, actual);
    return 1;
}

int Runner::error_block(const Block& block, const std::string& where) const {
    std::ostringstream out, err;
    if (session.run(expand(join_lines(block.input)), out, err)) {
        std::cerr << where << ": expected an error, got success:\n" << out.str() << err.str();
        return 1;
    }
    const std::string text = err.str() + out.str();
    int failures = 0;
    for (const auto& needle : expand_all(block.expected)) {
        if (text.find(needle) == std::string::npos) {
            std::cerr << where << ": error output lacks '" << needle << "':\n" << text;
            failures = 1;
        }
    }
    return failures;
}

int Runner::query_block(Block& block, const std::string& where) const {
    const std::string text = expand(join_lines(block.input));
    const size_t start = text.find_first_not_of(" \t\r\n");
    const std::string first = dayzero::shell::first_word(text);
    if (start == std::string::npos || text[start] == '.' || first == "plot") {
        std::cerr << where << ": a query block holds one statement (meta-commands and plot go in "
                  << "run blocks)\n";
        return 1;
    }
    if (!block.has_expectation && !rewrite) {
        std::cerr << where << ": a query block needs an expectation after ---- (a run block "
                  << "checks success alone)\n";
        return 1;
    }
    const std::vector<dayzero::query::QueryResult> results = session.impl().engine()->execute(text);
    if (!results.empty() && !results.back().ok) {
        std::cerr << where << ": expected success, got:\n" << results.back().error << "\n";
        return 1;
    }
    if (results.size() != 1) {
        std::cerr << where << ": a query block holds one statement, this one has " << results.size()
                  << " (put the others in a run block)\n";
        return 1;
    }
    const dayzero::query::QueryResult& result = results.front();
    const std::vector<std::string> expected = expand_all(block.expected);
    if (rewrite) {
        // A note that went away cannot be replaced by guessing: it stays, and the test fails
        // until someone edits it.
        for (const auto& note : missing_notes(expected, result))
            std::cerr << where << ": kept '" << note << "', which the result no longer has\n";
        block.expected =
            generalize_all(value_lines(expected, !block.has_expectation, result, true));
        block.has_expectation = true;
        return 0;
    }
    const std::vector<std::string> actual = value_lines(expected, false, result, false);
    if (expected == actual) return 0;
    report_difference(where, expected, actual);
    if (!missing_notes(expected, result).empty()) {
        std::cerr << "--- the result's notes\n";
        for (const auto& note : result.notes)
            std::cerr << note << "\n";
    }
    return 1;
}

// Runs every block of `file` against the store at `db` (scratch folder `tmp`), rewriting
// expectations when `rewrite`; returns the number of failed blocks. The session (and with it the
// store) is closed on return, so RocksDB's background work has ended before the caller deletes the
// folder.
int run_blocks(TestFile& file, const std::string& name, const std::string& root,
               const fs::path& tmp, const std::string& db, uint64_t dataset_tx, bool rewrite) {
    dayzero::shell::Session session(test_options(db, dataset_tx));
    std::ostringstream open_err;
    if (!session.open(open_err)) {
        std::cerr << name << ": cannot open store: " << open_err.str();
        return 1;
    }
    const Runner runner{session,
                        [&](std::string text) {
                            text = substitute(std::move(text), "{ROOT}", root);
                            text = substitute(std::move(text), "{DB}", db);
                            return substitute(std::move(text), "{TMP}", tmp.string());
                        },
                        [&](std::string text) {
                            text = substitute(std::move(text), db, "{DB}");
                            text = substitute(std::move(text), tmp.string(), "{TMP}");
                            return substitute(std::move(text), root, "{ROOT}");
                        },
                        rewrite};
    int failures = 0;
    for (Block& block : file.blocks) {
        const std::string where = name + ":" + std::to_string(block.line);
        if (block.directive == "run")
            failures += runner.run_block(block, where);
        else if (block.directive == "error")
            failures += runner.error_block(block, where);
        else
            failures += runner.query_block(block, where);
    }
    return failures;
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

    TestFile file;
    std::string error;
    if (!parse_test_file(read_lines(test_path), file, error)) {
        std::cerr << test_path.string() << ": " << error << "\n";
        return 1;
    }

    const fs::path tmp = fs::temp_directory_path() / ("dayzero-e2e-" + std::to_string(::getpid()) +
                                                      "-" + test_path.stem().string());
    fs::remove_all(tmp);
    fs::create_directories(tmp);
    const std::string db = (tmp / "store").string();
    uint64_t dataset_tx = 0;
    if (!file.dataset.empty()) {
        const DatasetCache cache(DAYZERO_E2E_DATASETS, root, build_store);
        if (!cache.copy_to(file.dataset, db, dataset_tx, error)) {
            std::cerr << test_path.string() << ": load " << file.dataset << ": " << error << "\n";
            fs::remove_all(tmp);
            return 1;
        }
    }
    // Relative output paths (plot ... to x.svg, .once x.csv) land in the scratch folder, never
    // in the source tree; inputs are named through {ROOT}.
    fs::current_path(tmp);

    const int failures = run_blocks(file, test_path.string(), root, tmp, db, dataset_tx, rewrite);
    if (rewrite) write_test_file(test_path, file);

    fs::current_path(fs::temp_directory_path());
    std::error_code ec;
    fs::remove_all(tmp, ec);
    if (failures > 0) {
        std::cerr << failures << " block(s) failed in " << test_path.string() << "\n";
        return 1;
    }
    std::cout << file.blocks.size() << " block(s) passed in " << test_path.string() << "\n";
    return 0;
}
