#include "shell/session_impl.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <ostream>
#include <regex>
#include <sstream>

#include "query/parser.h"
#include "shell/meta_commands.h"
#include "shell/pager.h"
#include "shell/passphrase.h"
#include "shell/plot_command.h"
#include "shell/progress_line.h"
#include "shell/result_writer.h"
#include "shell/statement_text.h"
#include "shell/store_path.h"
#include "shell/terminal.h"

namespace dayzero::shell {

namespace {

constexpr const char* kRed = "\x1b[31m";
constexpr const char* kReset = "\x1b[0m";

// "Syntax error at 12:5: …" becomes "FILE:12:5: Syntax error: …": the position the engine
// found, in the script's coordinates, where editors and compilers put it. An error without a
// position is placed at the statement's first line.
std::string place_error(const std::string& source, int line, const std::string& error) {
    static const std::regex kPositioned(R"(^([A-Za-z][A-Za-z ]*) at (\d+):(\d+): )");
    std::smatch match;
    if (std::regex_search(error, match, kPositioned)) {
        return source + ":" + match[2].str() + ":" + match[3].str() + ": " + match[1].str() + ": " +
               match.suffix().str();
    }
    return source + ":" + std::to_string(line) + ": " + error;
}

}  // namespace

SessionImpl::SessionImpl(SessionOptions options) : options_(std::move(options)) {
    render_.width = options_.terminal_width;
    pager_ = options_.terminal_output;
    render_.color = options_.color;
}

SessionImpl::~SessionImpl() {
    // The engine holds references to the database's store and writer: it must go first.
    engine_.reset();
    database_.reset();
}

bool SessionImpl::open_store(const std::string& path, bool create, std::ostream& err) {
    const std::string problem = create ? new_store_problem(path) : existing_store_problem(path);
    if (!problem.empty()) {
        err << "Error: " << problem << "\n";
        return false;
    }
    db::DatabaseOptions open_options;
    open_options.create_if_missing = create;
    open_options.read_only = options_.read_only;
    open_options.author = options_.author;
    open_options.fixed_clock_us = options_.fixed_clock_us;
    open_options.fixed_os_account = options_.fixed_os_account;
    open_options.passphrase = statement_passphrase;
    auto opened = db::Database::open(path, open_options);
    if (!opened.is_ok()) {
        err << "Error: cannot open store '" << path << "': " << opened.status().message() << "\n";
        return false;
    }
    engine_.reset();
    database_ = std::move(opened).value();
    engine_ = std::make_unique<query::QueryEngine>(database_->store(), database_.get());
    engine_->set_interrupt_flag(interrupt_);
    engine_->set_as_of(as_of_);
    options_.db_path = path;
    return true;
}

void SessionImpl::set_interrupt_flag(const std::atomic<bool>* flag) {
    interrupt_ = flag;
    if (engine_) engine_->set_interrupt_flag(flag);
}

void SessionImpl::set_as_of(const store::AsOf& as_of) {
    as_of_ = as_of;
    if (engine_) engine_->set_as_of(as_of);
}

std::unique_ptr<ProgressLine> SessionImpl::start_progress(std::ostream& err,
                                                          std::string label) const {
    if (!show_progress_) return nullptr;
    return std::make_unique<ProgressLine>(
        std::move(label), [&err](std::string_view bytes) { err << bytes << std::flush; },
        ProgressLine::Clock::now, render_.width, render_.color);
}

EngineProgress::EngineProgress(SessionImpl& session, std::ostream& err)
    : engine_(session.engine()), line_(session.start_progress(err, "reading patients")) {
    if (!line_ || engine_ == nullptr) return;
    report_ = [line = line_.get()](uint64_t done, uint64_t total) { line->update(done, total); };
    engine_->set_progress(report_);
}

EngineProgress::~EngineProgress() {
    finish();
}

void EngineProgress::finish() {
    if (!line_) return;
    if (engine_ != nullptr) engine_->set_progress({});
    line_->finish();
    line_.reset();
    report_ = {};
}

std::string SessionImpl::store_name() const {
    std::filesystem::path path(options_.db_path);
    while (path.has_parent_path() && path.filename().empty())
        path = path.parent_path();
    std::string name = path.filename().string();
    if (name.size() > 3 && name.ends_with(".db")) name.resize(name.size() - 3);
    return name.empty() ? options_.db_path : name;
}

std::string SessionImpl::banner() const {
    std::ostringstream text;
    text << "dayzero " << DAYZERO_VERSION << " — store " << options_.db_path;
    if (database_) {
        auto stats = database_->store().stats();
        if (stats.is_ok()) {
            text << ": " << with_thousands(stats->patients) << " patients, "
                 << with_thousands(stats->events) << " events";
        }
        if (database_->read_only()) text << " (read-only)";
    }
    text << "\nEnter .help for meta-commands, statements end with ';', Ctrl-D exits.\n";
    return text.str();
}

bool SessionImpl::is_complete(std::string_view text) const {
    if (is_blank_text(text)) return false;
    const std::string_view trimmed = text.substr(text.find_first_not_of(" \t\r\n"));
    if (is_meta_line(trimmed)) return true;
    return query::QueryEngine::is_complete(text);
}

std::ostream& SessionImpl::result_stream(std::ostream& out) {
    return output_file_ ? static_cast<std::ostream&>(*output_file_) : out;
}

void SessionImpl::finish_result() {
    if (output_file_) output_file_->flush();
    if (once_) {
        output_file_.reset();
        once_ = false;
    }
}

bool SessionImpl::redirect_output(const std::string& path, bool once, std::ostream& err) {
    output_file_.reset();
    once_ = false;
    if (path.empty()) return true;
    auto file = std::make_unique<std::ofstream>(path, std::ios::out | std::ios::trunc);
    if (!*file) {
        err << "Error: cannot write to '" << path << "'\n";
        return false;
    }
    output_file_ = std::move(file);
    once_ = once;
    return true;
}

RenderOptions SessionImpl::result_render_options(std::optional<double> elapsed_ms) const {
    RenderOptions render = render_;
    if (output_file_) render.color = false;  // files never get escape codes
    if (timer_) render.elapsed_ms = elapsed_ms;
    return render;
}

bool SessionImpl::on_terminal() const {
    return options_.terminal_output && !output_file_;
}

void SessionImpl::report_time(const query::QueryResult& result, std::optional<double> elapsed_ms,
                              std::ostream& err) const {
    // Tables carry the time in their footer; everything else gets a line of its own.
    if (timer_ && elapsed_ms && (render_.mode != OutputMode::kTable || !result.has_table())) {
        char buf[48];
        std::snprintf(buf, sizeof buf, "Run time: %.1f ms\n", *elapsed_ms);
        err << buf;
    }
}

bool SessionImpl::report_error(const query::QueryResult& result, std::ostream& err) const {
    if (options_.color)
        err << kRed << result.error << kReset << "\n";
    else
        err << result.error << "\n";
    return false;
}

bool SessionImpl::emit(const query::QueryResult& result, std::ostream& out, std::ostream& err,
                       std::optional<double> elapsed_ms) {
    if (!result.ok) return report_error(result, err);
    const RenderOptions render = result_render_options(elapsed_ms);
    if (on_terminal()) {
        show_on_terminal(result, render, out, err);
    } else {
        render_result(result, render, result_stream(out), err);
    }
    report_time(result, elapsed_ms, err);
    finish_result();
    return true;
}

bool SessionImpl::located(int line, std::ostream& err,
                          const std::function<bool(std::ostream&)>& work) {
    if (source_.empty()) return work(err);
    std::ostringstream captured;
    const bool ok = work(captured);
    const std::string text = captured.str();
    if (!text.empty()) {
        const std::string prefix = source_ + ":" + std::to_string(line) + ": ";
        err << (text.rfind(source_ + ":", 0) == 0 ? "" : prefix) << text;
    }
    return ok;
}

bool SessionImpl::run_statement(const std::string& statement, int line, int column,
                                std::ostream& out, std::ostream& err) {
    if (first_word(statement) == "plot") {
        return located(line, err, [&](std::ostream& e) {
            return run_plot_statement(*this, statement, out, e);
        });
    }
    // Padded so that the engine's line:column positions are the script's own.
    std::string text = statement;
    if (!source_.empty() && line > 0)
        text = std::string(static_cast<size_t>(line - 1), '\n') +
               std::string(static_cast<size_t>(std::max(column - 1, 0)), ' ') + statement;
    const auto start = std::chrono::steady_clock::now();
    // Into files and pipes, large tables stream into `writer` while the statement runs
    // (query/row_sink.h), the progress line gone before their first row. A terminal gets whole
    // results, so that the pager can be chosen from the result's height.
    ResultWriter writer(result_render_options(std::nullopt), result_stream(out), err);
    std::vector<query::QueryResult> results;
    {
        EngineProgress progress(*this, err);
        writer.set_before_output([&progress] { progress.finish(); });
        if (!on_terminal()) engine_->set_row_sink(&writer);
        results = engine_->execute(text);
        engine_->set_row_sink(nullptr);
    }
    const double elapsed_ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    for (auto& result : results) {
        if (result.ok && result.streamed) {
            writer.finish(result, timer_ ? std::optional<double>(elapsed_ms) : std::nullopt);
            report_time(result, elapsed_ms, err);
            finish_result();
            continue;
        }
        writer.abandon();  // rows streamed before a failure stay, closed off
        if (!result.ok && !source_.empty()) result.error = place_error(source_, line, result.error);
        if (!emit(result, out, err, elapsed_ms)) return false;
    }
    return true;
}

void SessionImpl::show_on_terminal(const query::QueryResult& result, RenderOptions render,
                                   std::ostream& out, std::ostream& err) {
    std::ostringstream text;
    render_result(result, render, text, err);
    const std::optional<int> rows = terminal_rows();
    const auto command = pager_ ? pager_command() : std::nullopt;
    // The prompt takes the last line: a result that needs it too would scroll off the top.
    if (command && rows && count_lines(text.view()) >= static_cast<size_t>(*rows)) {
        if (render.color && !pager_shows_colour(*command)) {
            render.color = false;
            text.str("");
            render_result(result, render, text, err);
        }
        if (show_in_pager(text.view(), *command, interrupt_)) return;
    }
    write_interruptibly(text.view(), out, interrupt_);
}

bool SessionImpl::run_statements(std::string_view text, std::ostream& out, std::ostream& err) {
    if (!engine_) {
        return located(unit_line_, err, [](std::ostream& e) {
            e << "Error: no store is open (use .open PATH)\n";
            return false;
        });
    }
    // A reader beside a writer answers from the writer's last committed transaction, not from
    // the store as it was when the session opened.
    if (database_->read_only()) {
        if (auto caught_up = database_->catch_up(); !caught_up) {
            return located(unit_line_, err, [&](std::ostream& e) {
                e << "Error: cannot read the writer's latest commits: " << caught_up.message()
                  << "\n";
                return false;
            });
        }
    }
    // `plot …;` is a shell statement (it draws, it does not query); everything else goes to the
    // engine in order, stopping at the first failure like the engine itself does.
    for (const StatementPiece& piece : split_statement_pieces(text)) {
        if (interrupted()) {
            err << "Interrupted\n";
            return false;
        }
        const auto [line, column] = line_column_at(text, piece.offset);
        const int first_line = unit_line_ > 0 ? unit_line_ + line - 1 : line;
        if (!run_statement(piece.text, first_line, column, out, err)) return false;
    }
    return true;
}

bool SessionImpl::run_unit(std::string_view unit, std::ostream& out, std::ostream& err) {
    if (is_blank_text(unit)) return true;
    const std::string_view trimmed = unit.substr(unit.find_first_not_of(" \t\r\n"));
    if (echo_) out << unit << (unit.ends_with('\n') ? "" : "\n");
    if (is_meta_line(trimmed)) return run_meta(trimmed, out, err);
    return run_statements(unit, out, err);
}

bool SessionImpl::run(std::string_view input, std::ostream& out, std::ostream& err,
                      std::string_view source) {
    // A `.read` inside a script runs another file: its errors name that file, then ours again.
    const std::string outer_source = std::exchange(source_, std::string(source));
    const int outer_line = unit_line_;
    const bool ok = run_lines(input, out, err);
    source_ = outer_source;
    unit_line_ = outer_line;
    return ok;
}

bool SessionImpl::run_lines(std::string_view input, std::ostream& out, std::ostream& err) {
    bool failed = false;
    std::string buffer;
    int line_number = 0;
    size_t start = 0;
    while (start <= input.size() && !quit_) {
        ++line_number;
        const size_t nl = input.find('\n', start);
        const std::string_view line =
            input.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start);
        start = nl == std::string_view::npos ? input.size() + 1 : nl + 1;
        bool ok = true;
        const size_t first = line.find_first_not_of(" \t\r");
        // psql's backslash commands count anywhere between statements' lines (`\q` in the
        // middle of a statement still quits); dot commands only where a statement could start.
        const bool meta_line = first != std::string_view::npos &&
                               is_meta_line(line.substr(first)) &&
                               (is_blank_text(buffer) || line[first] == '\\');
        if (meta_line) {
            if (is_blank_text(buffer)) buffer.clear();
            std::string meta(line.substr(first));
            if (echo_) out << meta << "\n";
            while (!meta.empty() && (meta.back() == '\r' || meta.back() == ' '))
                meta.pop_back();
            record_history(meta);
            unit_line_ = line_number;
            // `.read` reports its own file's positions; other meta-commands get this line's.
            ok = first_word(meta.substr(1)) == "read"
                     ? run_meta(meta, out, err)
                     : located(line_number, err,
                               [&](std::ostream& e) { return run_meta(meta, out, e); });
        } else {
            if (is_blank_text(buffer)) {
                buffer.clear();
                unit_line_ = line_number;
            }
            buffer.append(line).append("\n");
            if (!is_blank_text(buffer) && query::QueryEngine::is_complete(buffer)) {
                if (echo_) out << buffer;
                record_history(one_line(buffer));
                ok = run_statements(buffer, out, err);
                buffer.clear();
            }
        }
        if (!ok) {
            failed = true;
            if (options_.bail) return false;
        }
    }
    if (!quit_ && !is_blank_text(buffer)) {
        return located(unit_line_, err, [&](std::ostream& e) {
            const auto spans = query::split_statements(buffer);
            const size_t quote = spans.empty() ? std::string::npos : spans.back().open_quote;
            if (quote != std::string::npos) {
                e << "Error: incomplete statement at end of input: the "
                  << (buffer[quote] == '\'' ? "text value" : "quoted name") << " opened with "
                  << buffer[quote] << " is never closed: " << one_line(buffer) << "\n";
                return false;
            }
            e << "Error: incomplete statement at end of input (missing ';'): " << one_line(buffer)
              << "\n";
            return false;
        });
    }
    return !failed;
}

bool SessionImpl::run_meta(std::string_view line, std::ostream& out, std::ostream& err) {
    return dispatch_meta_command(*this, line, out, err);
}

}  // namespace dayzero::shell
