#pragma once
// ResultWriter: writes one result in the session's output mode row by row. The shell hands it to
// the engine as the sink of statements that stream their rows (query/row_sink.h), and
// render_result() feeds it the rows of a finished result, so both print the same bytes.

#include <deque>
#include <functional>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "query/query_result.h"
#include "query/row_sink.h"
#include "shell/box_table.h"
#include "shell/result_renderer.h"

namespace dayzero::shell {

class ResultWriter : public query::RowSink {
  public:
    // Data goes to `out`; in the machine-readable modes (csv, tsv, json) titles, notes and
    // messages go to `info` so that `out` stays parseable.
    ResultWriter(const RenderOptions& options, std::ostream& out, std::ostream& info);

    // `before_output` runs once, before the first byte of the table reaches `out` (the shell
    // erases its progress line there).
    void set_before_output(std::function<void()> before_output) {
        before_output_ = std::move(before_output);
    }

    void begin(const query::QueryResult& head) override;
    void row(const std::vector<query::Value>& cells) override;
    // Writes what follows the rows of `result` (begun with begin()): footer, message, title in
    // the machine-readable modes, notes. `elapsed_ms` (`.timer on`) goes into the footer.
    void finish(const query::QueryResult& result, std::optional<double> elapsed_ms);
    // Closes output cut short by an error after begin(): rows held back and the table's border.
    void abandon();
    // True once begin() has been called.
    bool begun() const { return begun_; }

  private:
    // row() after `.nullvalue` is applied.
    void write_row(const std::vector<query::Value>& cells);
    bool machine() const;
    // `.maxrows`: the omitted-rows line and the last rows, into the table.
    void add_held_rows();
    std::ostream& data();  // `out`, after running before_output once
    // csv/tsv: writes the rows held in `line_`.
    void write_held_text();

    RenderOptions options_;
    std::ostream& out_;
    std::ostream& info_;
    std::function<void()> before_output_;
    std::vector<query::Column> columns_;
    std::unique_ptr<BoxTableWriter> table_;
    bool begun_ = false;
    bool finished_ = false;
    uint64_t rows_ = 0;
    std::deque<std::vector<std::string>> tail_;  // `.maxrows`: the last rows seen so far
    // csv/tsv: the rows not yet written, sent to `out` once they reach kRowBlock bytes, and
    // when the result finishes or is abandoned.
    std::string line_;
    static constexpr size_t kRowBlock = 64 * 1024;
    uint64_t left_out_ = 0;  // `.maxrows`: rows between the halves
};

}  // namespace dayzero::shell
