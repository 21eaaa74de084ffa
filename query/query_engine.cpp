#include "query/query_engine.h"

#include <new>

#include "query/checker.h"
#include "query/definitions.h"
#include "query/engine_state.h"
#include "query/evaluator.h"
#include "query/measures.h"
#include "query/parser.h"
#include "query/query_error.h"

namespace dayzero::query {

QueryEngine::QueryEngine(const store::EventStore& store, Writer* writer)
    : store_(store), writer_(writer), state_(std::make_unique<EngineState>()) {}

QueryEngine::~QueryEngine() = default;

std::vector<QueryResult> QueryEngine::execute(std::string_view text) {
    std::vector<QueryResult> results;
    std::vector<StatementSpan> spans;
    try {
        spans = split_statements(text);
    } catch (const std::exception& e) {
        results.push_back(QueryResult::failure(std::string("Internal error: ") + e.what()));
        return results;
    }
    for (const StatementSpan& span : spans) {
        QueryResult result;
        try {
            const ast::Statement statement = parse_statement(text, span);
            const CheckedStatement checked = check_statement(statement, store_, *state_);
            Evaluator evaluator(store_, writer_, *state_);
            result = evaluator.run(checked);
        } catch (const QueryError& e) {
            result = QueryResult::failure(render_error(e, text));
            result.reason = e.what();
            result.error_line = e.pos().line;
            result.error_column = e.pos().column;
            result.error_width = e.width();
        } catch (const std::bad_alloc&) {
            result = QueryResult::failure(
                "Out of memory: the statement needs more memory than "
                "is available");
        } catch (const std::exception& e) {
            result = QueryResult::failure(std::string("Internal error: ") + e.what());
        } catch (...) {
            result = QueryResult::failure("Internal error: unknown exception");
        }
        const bool failed = !result.ok;
        results.push_back(std::move(result));
        if (failed) break;
    }
    return results;
}

bool QueryEngine::is_complete(std::string_view text) {
    const auto spans = split_statements(text);
    return !spans.empty() && spans.back().terminated;
}

void QueryEngine::set_progress(ProgressFn progress) {
    state_->progress = std::move(progress);
}

void QueryEngine::set_row_sink(RowSink* sink) {
    state_->sink = sink;
}

void QueryEngine::set_interrupt_flag(const std::atomic<bool>* flag) {
    state_->interrupt = flag;
}

void QueryEngine::set_as_of(const store::AsOf& as_of) {
    state_->as_of = as_of;
}

std::vector<std::string> QueryEngine::keywords() const {
    return language_keywords();
}

std::vector<std::string> QueryEngine::cohort_names() const {
    std::vector<std::string> names;
    for (const auto& [key, cohort] : state_->cohorts)
        names.push_back(cohort.name);
    return names;
}

std::vector<std::string> QueryEngine::measure_names() const {
    std::vector<std::string> names;
    for (const auto& m : all_measures())
        names.emplace_back(m.name);
    for (const char* f : {"doses", "mg", "foldchange", "baseline", "peak", "fell"}) {
        names.emplace_back(f);
    }
    return names;
}

std::vector<std::string> QueryEngine::describe_cohorts() const {
    std::vector<std::string> lines;
    for (const auto& [key, cohort] : state_->cohorts) {
        lines.push_back(cohort.name + " = patients where " + cohort.text + "  (" +
                        std::to_string(cohort.size) + " patients when defined)");
    }
    if (lines.empty()) lines.emplace_back("no cohorts defined");
    return lines;
}

const derive::CrsDefinition& QueryEngine::crs_definition() const {
    return state_->definition;
}

std::vector<std::string> QueryEngine::describe_definitions() const {
    std::vector<std::string> lines = {"CRS definition: " + state_->definition.describe()};
    lines.push_back("as of: " + describe_as_of(state_->as_of));
    return lines;
}

}  // namespace dayzero::query
