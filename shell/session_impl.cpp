#include "shell/session_impl.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <ostream>
#include <sstream>

#include "shell/meta_commands.h"
#include "shell/plot_command.h"
#include "shell/progress_line.h"
#include "shell/statement_text.h"

namespace dayzero::shell {

namespace {

constexpr const char* kRed = "\x1b[31m";
constexpr const char* kReset = "\x1b[0m";

}  // namespace

SessionImpl::SessionImpl(SessionOptions options) : options_(std::move(options)) {
    render_.width = options_.terminal_width;
    render_.color = options_.color;
}

SessionImpl::~SessionImpl() {
    // The engine holds references to the database's store and writer: it must go first.
    engine_.reset();
    database_.reset();
}

bool SessionImpl::open_store(const std::string& path, std::ostream& err) {
    db::DatabaseOptions open_options;
    open_options.read_only = options_.read_only;
    open_options.author = options_.author;
    open_options.fixed_clock_us = options_.fixed_clock_us;
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
    if (!line_) return;
    if (engine_ != nullptr) engine_->set_progress({});
    line_->finish();
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
    if (trimmed.front() == '.') return true;
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

bool SessionImpl::emit(const query::QueryResult& result, std::ostream& out, std::ostream& err,
                       std::optional<double> elapsed_ms) {
    if (!result.ok) {
        if (options_.color)
            err << kRed << result.error << kReset << "\n";
        else
            err << result.error << "\n";
        return false;
    }
    RenderOptions render = render_;
    if (output_file_) render.color = false;  // files never get escape codes
    if (timer_) render.elapsed_ms = elapsed_ms;
    std::ostream& target = result_stream(out);
    const bool machine = render.mode == OutputMode::kCsv || render.mode == OutputMode::kTsv ||
                         render.mode == OutputMode::kJson;
    if (!machine && !result.quiet_notes.empty()) {
        // A screen leaves out what the session already showed (query_result.h, quiet_notes).
        query::QueryResult shown = result;
        std::erase_if(shown.notes, [&](const std::string& note) {
            return std::find(result.quiet_notes.begin(), result.quiet_notes.end(), note) !=
                   result.quiet_notes.end();
        });
        render_result(shown, render, target, err);
    } else {
        render_result(result, render, target, err);
    }
    if (timer_ && elapsed_ms && (render.mode != OutputMode::kTable || !result.has_table())) {
        char buf[48];
        std::snprintf(buf, sizeof buf, "Run time: %.1f ms\n", *elapsed_ms);
        err << buf;
    }
    finish_result();
    return true;
}

bool SessionImpl::run_statements(std::string_view text, std::ostream& out, std::ostream& err) {
    if (!engine_) {
        err << "Error: no store is open (use .open PATH)\n";
        return false;
    }
    // `plot …;` is a shell statement (it draws, it does not query); everything else goes to the
    // engine in order, stopping at the first failure like the engine itself does.
    for (const std::string& statement : split_statements(text)) {
        if (interrupted()) {
            err << "Interrupted\n";
            return false;
        }
        if (first_word(statement) == "plot") {
            if (!run_plot_statement(*this, statement, out, err)) return false;
            continue;
        }
        const auto start = std::chrono::steady_clock::now();
        std::vector<query::QueryResult> results;
        {
            const EngineProgress progress(*this, err);
            results = engine_->execute(statement);
        }
        const double elapsed_ms =
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                .count();
        for (const auto& result : results) {
            if (!emit(result, out, err, elapsed_ms)) return false;
        }
    }
    return true;
}

bool SessionImpl::run_unit(std::string_view unit, std::ostream& out, std::ostream& err) {
    if (is_blank_text(unit)) return true;
    const std::string_view trimmed = unit.substr(unit.find_first_not_of(" \t\r\n"));
    if (trimmed.front() == '.') return run_meta(trimmed, out, err);
    return run_statements(unit, out, err);
}

bool SessionImpl::run(std::string_view input, std::ostream& out, std::ostream& err) {
    bool failed = false;
    std::string buffer;
    size_t start = 0;
    while (start <= input.size() && !quit_) {
        const size_t nl = input.find('\n', start);
        const std::string_view line =
            input.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start);
        start = nl == std::string_view::npos ? input.size() + 1 : nl + 1;
        bool ok = true;
        const size_t first = line.find_first_not_of(" \t\r");
        if (is_blank_text(buffer) && first != std::string_view::npos && line[first] == '.') {
            buffer.clear();
            std::string meta(line.substr(first));
            while (!meta.empty() && (meta.back() == '\r' || meta.back() == ' '))
                meta.pop_back();
            record_history(meta);
            ok = run_meta(meta, out, err);
        } else {
            buffer.append(line).append("\n");
            if (!is_blank_text(buffer) && query::QueryEngine::is_complete(buffer)) {
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
        err << "Error: incomplete statement at end of input (missing ';'): " << one_line(buffer)
            << "\n";
        return false;
    }
    return !failed;
}

bool SessionImpl::run_meta(std::string_view line, std::ostream& out, std::ostream& err) {
    return dispatch_meta_command(*this, line, out, err);
}

}  // namespace dayzero::shell
