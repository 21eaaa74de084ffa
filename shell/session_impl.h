#pragma once
// SessionImpl: the state behind shell::Session: the open store, the query engine, the output
// settings changed by meta-commands, and the statement/meta-command dispatcher.

#include <atomic>
#include <cstdint>
#include <fstream>
#include <functional>
#include <iosfwd>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "db/database.h"
#include "query/query_engine.h"
#include "query/query_result.h"
#include "shell/progress_line.h"
#include "shell/result_renderer.h"
#include "shell/session.h"
#include "store/event_store.h"

namespace dayzero::shell {

class SessionImpl {
  public:
    explicit SessionImpl(SessionOptions options);
    ~SessionImpl();
    SessionImpl(const SessionImpl&) = delete;
    SessionImpl& operator=(const SessionImpl&) = delete;

    // Opens (or reopens) the store at `path`, replacing the current one only on success. A path
    // that is not a store is refused unless `create` (then its parent folder must exist).
    bool open_store(const std::string& path, bool create, std::ostream& err);

    // Runs a script: statements end in `;`, meta-commands are lines starting with '.'. With a
    // `source` name (a file, "<stdin>"), errors are reported as SOURCE:LINE:COLUMN in its lines.
    bool run(std::string_view input, std::ostream& out, std::ostream& err,
             std::string_view source = {});

    // Runs one complete unit the REPL has gathered: a meta-command line or statements.
    bool run_unit(std::string_view unit, std::ostream& out, std::ostream& err);

    // Runs one meta-command line (starting with '.').
    bool run_meta(std::string_view line, std::ostream& out, std::ostream& err);

    // Renders `result` to the current output (honouring .output/.once) or prints its error.
    bool emit(const query::QueryResult& result, std::ostream& out, std::ostream& err,
              std::optional<double> elapsed_ms = std::nullopt);

    // True when `text` is a finished statement (or a meta-command line) the REPL can run.
    bool is_complete(std::string_view text) const;

    // Names that complete `word`, given the text of the line before it.
    std::vector<std::string> completions(std::string_view before, std::string_view word);

    // A flag set by the REPL's SIGINT handler; running statements stop when it becomes true.
    void set_interrupt_flag(const std::atomic<bool>* flag);
    bool interrupted() const { return interrupt_ != nullptr && interrupt_->load(); }
    const std::atomic<bool>* interrupt_flag() const { return interrupt_; }

    // The interactive REPL turns this on when stderr is a terminal; scripts never show progress.
    void set_show_progress(bool on) { show_progress_ = on; }
    bool shows_progress() const { return show_progress_; }
    // A progress line on `err` for long work, or null when progress is not shown.
    std::unique_ptr<ProgressLine> start_progress(std::ostream& err, std::string label) const;

    // Store name for the prompt ("demo" for ./demo.db) and the welcome banner.
    std::string store_name() const;
    std::string banner() const;

    // Inputs run so far (one line each), for `.history`.
    void record_history(std::string entry) { history_.push_back(std::move(entry)); }
    const std::vector<std::string>& history() const { return history_; }

    // State that meta-commands read and change. Reads go through store(), writes through
    // database() (the one writer).
    const store::EventStore* store() const { return database_ ? &database_->store() : nullptr; }
    db::Database* database() { return database_.get(); }
    query::QueryEngine* engine() { return engine_.get(); }
    SessionOptions& options() { return options_; }
    RenderOptions& render_options() { return render_; }
    bool timer() const { return timer_; }
    bool& pager() { return pager_; }
    bool& echo() { return echo_; }
    void set_timer(bool on) { timer_ = on; }
    void request_quit() { quit_ = true; }
    bool quit_requested() const { return quit_; }
    const store::AsOf& as_of() const { return as_of_; }
    void set_as_of(const store::AsOf& as_of);
    // Redirects results to `path` until changed (`once` = for the next result only);
    // an empty path restores the caller's stream.
    bool redirect_output(const std::string& path, bool once, std::ostream& err);
    // Depth of nested `.read` calls, to stop a file that reads itself.
    int& read_depth() { return read_depth_; }
    // Kind, code, patient, cohort and measure names for completion (cached per log position).
    const std::vector<std::string>& vocabulary_words();

  private:
    bool run_lines(std::string_view input, std::ostream& out, std::ostream& err);
    bool run_statements(std::string_view text, std::ostream& out, std::ostream& err);
    // The render options for the next result (no colour into files; the time when `.timer on`).
    RenderOptions result_render_options(std::optional<double> elapsed_ms) const;
    // `.timer on`: the "Run time" line for results whose footer does not show it.
    void report_time(const query::QueryResult& result, std::optional<double> elapsed_ms,
                     std::ostream& err) const;
    // Prints a failed result's error; returns false.
    bool report_error(const query::QueryResult& result, std::ostream& err) const;
    // True when results go to the user's terminal (not a file, a pipe or `.output`).
    bool on_terminal() const;
    // One statement; `line`/`column` (1-based, 0 = unknown) place its first byte in the script.
    // Large tables stream to files and pipes as they are read.
    bool run_statement(const std::string& statement, int line, int column, std::ostream& out,
                       std::ostream& err);
    // Runs `work`, its errors written to `err` prefixed with "SOURCE:LINE: " when a script with a
    // name is running (errors that carry their own position are placed by run_statement).
    bool located(int line, std::ostream& err, const std::function<bool(std::ostream&)>& work);
    std::ostream& result_stream(std::ostream& out);
    // Writes a rendered result to the terminal: paged when taller than the screen.
    void show_on_terminal(const query::QueryResult& result, RenderOptions render, std::ostream& out,
                          std::ostream& err);
    void finish_result();

    SessionOptions options_;
    RenderOptions render_;
    std::unique_ptr<db::Database> database_;
    std::unique_ptr<query::QueryEngine> engine_;
    const std::atomic<bool>* interrupt_ = nullptr;
    bool show_progress_ = false;
    std::vector<std::string> history_;
    std::unique_ptr<std::ofstream> output_file_;
    bool once_ = false;
    bool timer_ = false;
    bool pager_ = true;  // used only when options_.terminal_output
    bool echo_ = false;
    bool quit_ = false;
    store::AsOf as_of_;
    int read_depth_ = 0;
    std::string source_;  // the script being run ("" = the REPL or unnamed input)
    int unit_line_ = 0;   // the line of `source_` where the unit being run starts
    std::vector<std::string> vocabulary_;
    std::optional<uint64_t> vocabulary_seq_;
};

// While alive, a progress line on `err` shows the engine's done/total reports (and whatever the
// caller passes to report()); nothing when the session shows no progress. Erased when destroyed.
class EngineProgress {
  public:
    EngineProgress(SessionImpl& session, std::ostream& err);
    ~EngineProgress();
    EngineProgress(const EngineProgress&) = delete;
    EngineProgress& operator=(const EngineProgress&) = delete;

    // Erases the line now; later reports draw nothing.
    void finish();

    // The callback feeding the line (empty when no line is shown).
    const query::QueryEngine::ProgressFn& report() const { return report_; }

  private:
    query::QueryEngine* engine_;
    std::unique_ptr<ProgressLine> line_;
    query::QueryEngine::ProgressFn report_;
};

}  // namespace dayzero::shell
