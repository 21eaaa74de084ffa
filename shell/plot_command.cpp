#include "shell/plot_command.h"

#include <algorithm>
#include <cctype>
#include <ostream>
#include <string>
#include <vector>

#include "query/parser.h"
#include "shell/figure_file.h"
#include "shell/figure_renderer.h"
#include "shell/meta_commands.h"
#include "shell/model_figures.h"
#include "shell/plot_data.h"
#include "shell/plot_options.h"
#include "shell/session_impl.h"
#include "shell/statement_text.h"
#include "shell/svg_figures.h"
#include "shell/terminal_chart.h"
#include "text/ascii.h"

namespace dayzero::shell {

namespace {

constexpr const char* kUsage =
    "usage: plot timeline PATIENT [title '…'] [to FILE] | plot survival os|pfs [by GROUP] "
    "[within COND] [with SETTINGS] [as of POINT] [FIGURE] [to FILE] | plot forest cox|logistic "
    "... [FIGURE] to FILE | plot incidence relapse|nrm [by GROUP] [within COND] [FIGURE] to FILE; "
    "FIGURE: title '…' xlabel '…' ylabel '…' labels ('…', …) with ci; FILE: .svg, .png or .pdf";

struct PlotRequest {
    std::string text;                         // the plot statement as the user wrote it (one line)
    std::string what;                         // timeline | survival | forest | incidence
    std::string subject;                      // patient id or endpoint
    std::vector<PlotToken> words;             // the statement's words, figure clauses taken out
    size_t clauses_from = 2, clauses_to = 2;  // the statement's clauses after the subject
    std::string file;                         // output path; empty = terminal
    FigureRequest figure;

    // The statement the plot runs: `head`, the subject as `subject_text`, the clauses, `;`.
    BuiltStatement statement(std::string_view head, std::string_view subject_text) const {
        BuiltStatement built;
        built.add_text(head);
        built.add_token(words[1], subject_text);
        if (clauses_to > clauses_from) {
            built.add_text(" ");
            built.add_tokens(words, clauses_from, clauses_to);
        }
        built.add_text(";");
        return built;
    }
};

// Reports the failure of the statement a plot built from the user's words: the error's own
// words, and a caret under the word it points at as the user wrote it (the built statement's
// positions would point into text the user never typed).
void report_failure(const query::QueryResult& r, const PlotRequest& request,
                    const BuiltStatement& built, std::ostream& err) {
    err << "Error: plot " << request.what << ": " << (r.reason.empty() ? r.error : r.reason)
        << "\n";
    if (r.error_line != 1 || r.error_column < 1) return;
    const PlotToken* token = built.token_at(static_cast<size_t>(r.error_column - 1));
    if (token == nullptr) return;
    err << "  " << request.text << "\n  " << std::string(token->column - 1, ' ')
        << std::string(std::max<size_t>(token->width, 1), '^') << "\n";
}

bool parse_request(std::string_view text, PlotRequest& request, std::ostream& err) {
    request.text = std::string(text);
    store::Result<std::vector<PlotToken>> tokenized = tokenize_plot(text);
    if (!tokenized.is_ok()) {
        err << "Error: " << tokenized.status().message() << "\n";
        return false;
    }
    std::vector<PlotToken> words = std::move(tokenized).value();
    if (!words.empty()) words.erase(words.begin());  // "plot"
    if (const store::Status s = take_figure_clauses(words, request.figure); !s.is_ok()) {
        err << "Error: " << s.message() << "\n";
        return false;
    }
    if (words.size() < 2) {
        err << "Error: " << kUsage << "\n";
        return false;
    }
    request.what = text::to_lower(words[0].text);
    request.subject = words[1].text;
    size_t i = 2;
    if (request.what == "survival" || request.what == "forest" || request.what == "incidence") {
        // Everything up to `to` (or the end) is the statement's: by, within, with, as of.
        request.clauses_from = i;
        while (i < words.size() && (words[i].quoted || text::to_lower(words[i].text) != "to"))
            ++i;
        request.clauses_to = i;
        if (i == 3 && text::to_lower(words[2].text) == "by") {
            err << "Error: plot survival: `by` needs a cohort or predicate\n";
            return false;
        }
    }
    if (i < words.size() && text::to_lower(words[i].text) == "to") {
        if (i + 2 != words.size()) {
            err << "Error: plot: `to` takes exactly one file name\n";
            return false;
        }
        request.file = words[i + 1].text;
        i += 2;
    }
    if (i != words.size() || (request.what != "timeline" && request.what != "survival" &&
                              request.what != "forest" && request.what != "incidence")) {
        err << "Error: " << kUsage << " (unexpected '"
            << (i < words.size() ? words[i].text : words[0].text) << "')\n";
        return false;
    }
    if (request.what == "survival") request.subject = text::to_lower(request.subject);
    request.words = std::move(words);
    if ((request.what == "forest" || request.what == "incidence") && request.file.empty()) {
        err << "Error: plot " << request.what
            << ": only as a file (add `to FILE.svg`, .png or .pdf)\n";
        return false;
    }
    const FigureRequest& figure = request.figure;
    if (figure.text.ci && request.what != "survival" && request.what != "incidence") {
        err << "Error: plot " << request.what
            << ": `with ci` draws the bands of survival and incidence curves only\n";
        return false;
    }
    if (!figure.labels.empty() && request.what != "survival" && request.what != "incidence") {
        err << "Error: plot " << request.what << ": `labels` names curves' groups only\n";
        return false;
    }
    if (request.what == "timeline" &&
        (!figure.text.xlabel.empty() || !figure.text.ylabel.empty())) {
        err << "Error: plot timeline: its axes are fixed; only `title` may be set\n";
        return false;
    }
    if (request.file.empty() &&
        (!figure.text.title.empty() || !figure.text.xlabel.empty() || !figure.text.ylabel.empty() ||
         !figure.labels.empty() || figure.text.ci)) {
        err << "Error: plot " << request.what
            << ": titles, labels and bands are for figure files (add `to FILE.png`)\n";
        return false;
    }
    if (!request.file.empty()) {
        if (const auto format = figure_format(request.file); !format.is_ok()) {
            err << "Error: plot: " << format.status().message() << "\n";
            return false;
        }
        // Figures are laid out with the module's text measures: without it, nothing is drawn.
        if (const auto renderer = figure_renderer(); !renderer.is_ok()) {
            err << "Error: plot: " << renderer.status().message() << "\n";
            return false;
        }
    }
    return true;
}

bool write_file(const std::string& path, const std::string& svg, std::ostream& out,
                std::ostream& err, const std::string& what) {
    if (const store::Status s = write_figure(svg, path); !s.is_ok()) {
        err << "Error: plot: " << s.message() << "\n";
        return false;
    }
    out << "wrote " << what << " to " << path << "\n";
    return true;
}

// Group labels replaced by the statement's `labels (…)`, once their count is checked.
template <typename Group>
bool relabel(std::vector<Group>& groups, const std::vector<std::string>& labels,
             std::ostream& err) {
    std::vector<std::string> own;
    for (const auto& g : groups)
        own.push_back(g.label);
    if (const store::Status s = check_labels(labels, own); !s.is_ok()) {
        err << "Error: " << s.message() << "\n";
        return false;
    }
    for (size_t i = 0; i < labels.size(); ++i)
        groups[i].label = labels[i];
    return true;
}

// `plot forest STATEMENT` and `plot incidence ...`: the statement's result drawn, as for survival.
bool run_model_plot(SessionImpl& session, const PlotRequest& request, std::ostream& out,
                    std::ostream& err) {
    query::QueryEngine* engine = session.engine();
    const BuiltStatement statement = request.what == "forest"
                                         ? request.statement("", request.subject)
                                         : request.statement("incidence ", request.subject);
    std::vector<query::QueryResult> results;
    {
        const EngineProgress progress(session, err);
        results = engine->execute(statement.text());
    }
    if (results.empty()) {
        err << "Error: plot " << request.what << ": nothing to draw\n";
        return false;
    }
    const query::QueryResult& r = results.back();
    if (!r.ok) {
        report_failure(r, request, statement, err);
        return false;
    }
    if (request.what == "forest") {
        if (r.model == nullptr) {
            std::string typed = statement.text();
            typed.pop_back();  // the `;` added here
            err << "Error: plot forest: expected a cox or logistic statement, got '" << typed
                << "'\n";
            return false;
        }
        return write_file(request.file, forest_svg(*r.model, request.figure.text), out, err,
                          "forest plot (" + r.model->title + ")");
    }
    if (r.incidence == nullptr) {
        err << "Error: plot incidence: nothing to draw\n";
        return false;
    }
    query::IncidenceCurves curves = *r.incidence;
    if (!relabel(curves.groups, request.figure.labels, err)) return false;
    return write_file(request.file, incidence_svg(curves, request.figure.text), out, err,
                      "cumulative incidence (" + request.subject + ")");
}

bool run_plot(SessionImpl& session, std::string_view text, std::ostream& out, std::ostream& err) {
    PlotRequest request;
    if (!parse_request(text, request, err)) return false;
    const store::EventStore* store = session.store();
    query::QueryEngine* engine = session.engine();
    if (store == nullptr || engine == nullptr) {
        err << "Error: no store is open (use .open PATH)\n";
        return false;
    }
    const int width = session.render_options().width;
    if (request.what == "timeline") {
        // The figure is the `grades PATIENT` statement's result drawn: the course under the
        // definition in force and at the session's point, as the table would show it. The id
        // goes in as a string literal, so any spelling is one patient, never more text.
        const BuiltStatement statement =
            request.statement("grades ", query::string_literal(request.subject));
        const std::vector<query::QueryResult> results = engine->execute(statement.text());
        if (!results.empty() && !results.back().ok) {
            report_failure(results.back(), request, statement, err);
            return false;
        }
        store::Result<TimelineData> data =
            results.empty()
                ? store::Result<TimelineData>(store::Status::invalid_argument("nothing to draw"))
                : timeline_figure(results.back());
        if (!data.is_ok()) {
            err << "Error: plot timeline: " << data.status().message() << "\n";
            return false;
        }
        if (!request.file.empty())
            return write_file(request.file, timeline_svg(data.value(), request.figure.text.title),
                              out, err, "timeline of " + request.subject);
        out << timeline_chart(data.value(), width, session.render_options().color);
        return true;
    }
    if (request.what == "forest" || request.what == "incidence") {
        return run_model_plot(session, request, out, err);
    }
    if (request.subject != "os" && request.subject != "pfs") {
        err << "Error: plot survival: unknown endpoint '" << request.subject
            << "' (expected os or pfs)\n";
        return false;
    }
    // The figure is the `survival` statement's result drawn: the same patients, definition in
    // force, as-of point and groups as the table the user would get by typing it.
    const BuiltStatement statement = request.statement("survival ", request.subject);
    std::vector<query::QueryResult> results;
    {
        const EngineProgress progress(session, err);
        results = engine->execute(statement.text());
    }
    if (results.empty()) {
        err << "Error: plot survival: nothing to draw\n";
        return false;
    }
    if (!results.back().ok) {
        report_failure(results.back(), request, statement, err);
        return false;
    }
    store::Result<SurvivalData> data = survival_figure(results.back());
    if (!data.is_ok()) {
        err << "Error: plot survival: " << data.status().message() << "\n";
        return false;
    }
    if (!relabel(data.value().groups, request.figure.labels, err)) return false;
    if (!request.file.empty())
        return write_file(request.file, survival_svg(data.value(), request.figure.text), out, err,
                          "Kaplan–Meier curves (" + request.subject + ")");
    out << survival_chart(data.value(), width);
    return true;
}

}  // namespace

bool run_plot_statement(SessionImpl& session, std::string_view statement, std::ostream& out,
                        std::ostream& err) {
    // Comments and line breaks go; quoted text stays as written.
    std::string text = one_line(statement);
    while (!text.empty() &&
           (text.back() == ';' || std::isspace(static_cast<unsigned char>(text.back()))))
        text.pop_back();
    return run_plot(session, text, out, err);
}

bool meta_plot(MetaCall& call) {
    // The line's own text after `.plot`, quotes and all, read as the `plot …;` statement reads
    // its text (the split words have lost their quotes: `labels ('a b', 'c')` would not survive).
    const size_t name_end = std::min(call.line.find_first_of(" \t"), call.line.size());
    return run_plot_statement(call.session, "plot" + std::string(call.line.substr(name_end)),
                              call.out, call.err);
}

}  // namespace dayzero::shell
