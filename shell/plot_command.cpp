#include "shell/plot_command.h"

#include <cctype>
#include <fstream>
#include <ostream>
#include <string>
#include <vector>

#include "query/parser.h"
#include "shell/meta_commands.h"
#include "shell/model_figures.h"
#include "shell/plot_data.h"
#include "shell/session_impl.h"
#include "shell/statement_text.h"
#include "shell/svg_figures.h"
#include "shell/terminal_chart.h"
#include "text/ascii.h"

namespace dayzero::shell {

namespace {

constexpr const char* kUsage =
    "usage: plot timeline PATIENT [to FILE.svg] | plot survival os|pfs [by GROUP] [within COND] "
    "[with SETTINGS] [as of POINT] [to FILE.svg] | plot forest cox|logistic ... to FILE.svg | "
    "plot incidence relapse|nrm [by GROUP] [within COND] to FILE.svg";

struct PlotRequest {
    std::string what;     // timeline | survival
    std::string subject;  // patient id or endpoint
    std::string clauses;  // survival: the `survival` statement's clauses after the endpoint
    std::string file;     // SVG output path; empty = terminal
};

bool parse_request(const std::vector<std::string>& words, PlotRequest& request, std::ostream& err) {
    if (words.size() < 2) {
        err << "Error: " << kUsage << "\n";
        return false;
    }
    request.what = text::to_lower(words[0]);
    request.subject = words[1];
    size_t i = 2;
    if (request.what == "survival" || request.what == "forest" || request.what == "incidence") {
        // Everything up to `to` (or the end) is the statement's: by, within, with, as of.
        for (; i < words.size() && text::to_lower(words[i]) != "to"; ++i)
            request.clauses += " " + words[i];
        if (i == 3 && text::to_lower(words[2]) == "by") {
            err << "Error: plot survival: `by` needs a cohort or predicate\n";
            return false;
        }
    }
    if (i < words.size() && text::to_lower(words[i]) == "to") {
        if (i + 2 != words.size()) {
            err << "Error: plot: `to` takes exactly one file name\n";
            return false;
        }
        request.file = words[i + 1];
        i += 2;
    }
    if (i != words.size() || (request.what != "timeline" && request.what != "survival" &&
                              request.what != "forest" && request.what != "incidence")) {
        err << "Error: " << kUsage << " (unexpected '" << (i < words.size() ? words[i] : words[0])
            << "')\n";
        return false;
    }
    if (request.what == "survival") request.subject = text::to_lower(request.subject);
    if ((request.what == "forest" || request.what == "incidence") && request.file.empty()) {
        err << "Error: plot " << request.what << ": only as an SVG file (add `to FILE.svg`)\n";
        return false;
    }
    return true;
}

bool write_file(const std::string& path, const std::string& content, std::ostream& out,
                std::ostream& err, const std::string& what) {
    std::ofstream file(path, std::ios::out | std::ios::trunc | std::ios::binary);
    if (!file || !(file << content) || !file.flush()) {
        err << "Error: cannot write '" << path << "'\n";
        return false;
    }
    out << "wrote " << what << " to " << path << "\n";
    return true;
}

// `plot forest STATEMENT` and `plot incidence ...`: the statement's result drawn, as for survival.
bool run_model_plot(SessionImpl& session, const PlotRequest& request, std::ostream& out,
                    std::ostream& err) {
    query::QueryEngine* engine = session.engine();
    const std::string statement = request.what == "forest"
                                      ? request.subject + request.clauses
                                      : "incidence " + request.subject + request.clauses;
    std::vector<query::QueryResult> results;
    {
        const EngineProgress progress(session, err);
        results = engine->execute(statement + ";");
    }
    if (results.empty()) {
        err << "Error: plot " << request.what << ": nothing to draw\n";
        return false;
    }
    const query::QueryResult& r = results.back();
    if (!r.ok) {
        // The statement was built here: its positions mean nothing to the user; its words do.
        err << "Error: plot " << request.what << ": " << (r.reason.empty() ? r.error : r.reason)
            << "\n";
        return false;
    }
    if (request.what == "forest") {
        if (r.model == nullptr) {
            err << "Error: plot forest: expected a cox or logistic statement, got '" << statement
                << "'\n";
            return false;
        }
        return write_file(request.file, forest_svg(*r.model), out, err,
                          "forest plot (" + r.model->title + ")");
    }
    if (r.incidence == nullptr) {
        err << "Error: plot incidence: nothing to draw\n";
        return false;
    }
    return write_file(request.file, incidence_svg(*r.incidence), out, err,
                      "cumulative incidence (" + request.subject + ")");
}

bool run_plot(SessionImpl& session, const std::vector<std::string>& words, std::ostream& out,
              std::ostream& err) {
    PlotRequest request;
    if (!parse_request(words, request, err)) return false;
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
        const std::vector<query::QueryResult> results =
            engine->execute("grades " + query::string_literal(request.subject) + ";");
        const store::Result<TimelineData> data =
            results.empty()
                ? store::Result<TimelineData>(store::Status::invalid_argument("nothing to draw"))
                : timeline_figure(results.back());
        if (!data.is_ok()) {
            err << "Error: plot timeline: " << data.status().message() << "\n";
            return false;
        }
        if (!request.file.empty())
            return write_file(request.file, timeline_svg(data.value()), out, err,
                              "timeline of " + request.subject);
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
    std::vector<query::QueryResult> results;
    {
        const EngineProgress progress(session, err);
        results = engine->execute("survival " + request.subject + request.clauses + ";");
    }
    if (results.empty()) {
        err << "Error: plot survival: nothing to draw\n";
        return false;
    }
    const store::Result<SurvivalData> data = survival_figure(results.back());
    if (!data.is_ok()) {
        err << "Error: plot survival: " << data.status().message() << "\n";
        return false;
    }
    if (!request.file.empty())
        return write_file(request.file, survival_svg(data.value()), out, err,
                          "Kaplan–Meier curves (" + request.subject + ")");
    out << survival_chart(data.value(), width);
    return true;
}

}  // namespace

bool run_plot_statement(SessionImpl& session, std::string_view statement, std::ostream& out,
                        std::ostream& err) {
    std::string text = one_line(statement);
    while (!text.empty() && (text.back() == ';' || text.back() == ' '))
        text.pop_back();
    std::vector<std::string> words = split_words(text);
    if (!words.empty()) words.erase(words.begin());  // "plot"
    return run_plot(session, words, out, err);
}

bool meta_plot(MetaCall& call) {
    return run_plot(call.session, call.args, call.out, call.err);
}

}  // namespace dayzero::shell
