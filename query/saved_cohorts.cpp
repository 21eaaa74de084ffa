#include "query/saved_cohorts.h"

#include <algorithm>

#include "query/parser.h"
#include "query/query_error.h"
#include "text/ascii.h"

namespace dayzero::query {

std::string_view saved_patient(SavedKind kind) {
    return kind == SavedKind::kCohort ? kCohortsPatient : kDefinitionsPatient;
}

std::string_view saved_noun(SavedKind kind) {
    return kind == SavedKind::kCohort ? "cohort" : "definition";
}

store::Event make_saved_cohort_event(const std::string& name, const std::string& text, int64_t size,
                                     SavedKind kind) {
    store::Event event;
    event.patient_id = std::string(saved_patient(kind));
    event.day = 0;
    event.kind = store::EventKind::kBaseline;
    event.code = name;
    event.text = text;
    if (kind == SavedKind::kCohort) event.value = static_cast<double>(size);
    return event;
}

namespace {

bool mentions_cohort(const BoundExpr& e) {
    if (e.kind == BoundExpr::Kind::kCohort) return true;
    return std::any_of(e.children.begin(), e.children.end(),
                       [](const BoundPtr& child) { return mentions_cohort(*child); });
}

std::string_view compare_text(ast::CompareOp op) {
    switch (op) {
        case ast::CompareOp::kLt:
            return "<";
        case ast::CompareOp::kLe:
            return "<=";
        case ast::CompareOp::kGt:
            return ">";
        case ast::CompareOp::kGe:
            return ">=";
        case ast::CompareOp::kNe:
            return "!=";
        case ast::CompareOp::kEq:
            break;
    }
    return "=";
}

std::string expanded_text(const BoundExpr& e);

// The text of `e` with the cohorts it mentions written out.
std::string written_out(const BoundExpr& e) {
    // Parts that mention no cohort keep their source text (units, quoted names, as written).
    return mentions_cohort(e) ? expanded_text(e) : e.label;
}

// An operand of `not`, `and`, `or`, `in` or a comparison: in parentheses unless it is a single
// name, number, call or written-out cohort. A label is its node's source text without the
// parentheses that grouped it, so a comparison as an operand (`x = (age > 60)`) needs them back.
std::string operand_text(const BoundExpr& e) {
    using Kind = BoundExpr::Kind;
    const std::string text = written_out(e);
    switch (e.kind) {
        case Kind::kLiteral:
        case Kind::kMeasure:
        case Kind::kEpisodeField:
        case Kind::kAttribute:
        case Kind::kLab:
        case Kind::kDoses:
        case Kind::kDoseMg:
        case Kind::kCohort:
            return text;
        default:
            return "(" + text + ")";
    }
}

// A value of an `in` list as the language writes it.
std::string list_value_text(const Value& v) {
    if (const auto* text = std::get_if<std::string>(&v)) return string_literal(*text);
    if (const auto* yes = std::get_if<bool>(&v)) return *yes ? "true" : "false";
    if (const auto* number = std::get_if<double>(&v)) return exact_real(*number);
    if (const auto* whole = std::get_if<int64_t>(&v)) return std::to_string(*whole);
    return "null";
}

// The text of `e`, which mentions a cohort.
std::string expanded_text(const BoundExpr& e) {
    using Kind = BoundExpr::Kind;
    switch (e.kind) {
        case Kind::kCohort:
            return "(" + written_out(*e.children.front()) + ")";
        case Kind::kNot:
            return "not " + operand_text(*e.children.front());
        case Kind::kAnd:
        case Kind::kOr: {
            std::string text;
            for (const auto& child : e.children) {
                if (!text.empty()) text += e.kind == Kind::kAnd ? " and " : " or ";
                text += operand_text(*child);
            }
            return text;
        }
        case Kind::kCompare:
            return operand_text(*e.children[0]) + " " + std::string(compare_text(e.op)) + " " +
                   operand_text(*e.children[1]);
        case Kind::kIn: {
            std::string text =
                operand_text(*e.children.front()) + (e.negated ? " not in (" : " in (");
            for (size_t i = 0; i < e.list.size(); ++i)
                text += (i == 0 ? "" : ", ") + list_value_text(e.list[i]);
            return text + ")";
        }
        default:
            break;
    }
    throw QueryError(ErrorKind::kInvalid, "cannot be saved: '" + e.label +
                                              "' mentions a cohort in a way that cannot be "
                                              "written out; write that cohort's condition there");
}

}  // namespace

std::string self_contained_text(const BoundExpr& condition, const std::string& as_written) {
    if (!mentions_cohort(condition)) return as_written;
    std::string text = expanded_text(condition);
    // Written out, a cohort mentioned twice is copied twice: make sure the record reads back
    // within the language's limits rather than save one no statement can use.
    const std::string statement = "count patients where " + text + ";";
    try {
        parse_statement(statement, {0, statement.size(), true});
    } catch (const QueryError& e) {
        throw QueryError(ErrorKind::kInvalid,
                         "cannot be saved: with the cohorts it mentions written out, its "
                         "condition does not read back (" +
                             std::string(e.what()) + ")");
    }
    return text;
}

std::vector<SavedCohort> read_saved_cohorts(const store::EventStore& store,
                                            const store::AsOf& as_of, SavedKind kind) {
    store::TimelineQuery q;
    q.as_of = as_of;
    auto timeline = store.timeline(std::string(saved_patient(kind)), q);
    // A store where nothing of this kind was ever saved has no such patient.
    if (!timeline && timeline.status().code() == store::StatusCode::kNotFound) return {};
    if (!timeline) {
        throw QueryError(ErrorKind::kData, "cannot read the saved " +
                                               std::string(saved_noun(kind)) +
                                               "s: " + timeline.status().message());
    }
    std::vector<SavedCohort> cohorts;
    for (const auto& e : timeline.value()) {
        if (e.kind != store::EventKind::kBaseline || e.code.empty()) continue;
        cohorts.push_back({e.seq, e.code, e.text, e.value ? static_cast<int64_t>(*e.value) : 0});
    }
    std::sort(cohorts.begin(), cohorts.end(),
              [](const SavedCohort& a, const SavedCohort& b) { return a.seq < b.seq; });
    return cohorts;
}

std::optional<SavedCohort> find_saved_cohort(const store::EventStore& store,
                                             const std::string& name, const store::AsOf& as_of,
                                             SavedKind kind) {
    for (auto& saved : read_saved_cohorts(store, as_of, kind)) {
        if (text::to_lower(saved.name) == text::to_lower(name)) return std::move(saved);
    }
    return std::nullopt;
}

}  // namespace dayzero::query
