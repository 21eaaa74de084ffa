// grades: the daily ASTCT table of one patient (with the evidence behind each row), or of every
// patient / a cohort (patient column first, no evidence: the stored daily rows keep none).
#include <algorithm>
#include <memory>
#include <optional>
#include <unordered_set>

#include "derive/grading_coverage.h"
#include "query/evaluator.h"
#include "query/gradability.h"
#include "query/patient_course.h"
#include "query/query_error.h"
#include "query/read_path.h"

namespace dayzero::query {

namespace {

Value num(int v) {
    return Value{static_cast<int64_t>(v)};
}

// The columns from day to episode, shared by both forms.
std::vector<Column> day_columns() {
    return {{"day", ColumnType::kDay},         {"tmax", ColumnType::kNumber, 1, true},
            {"fever", ColumnType::kBool},      {"hypotension", ColumnType::kInteger},
            {"hypoxia", ColumnType::kInteger}, {"masked", ColumnType::kBool},
            {"grade", ColumnType::kInteger},   {"episode", ColumnType::kInteger}};
}

// Appends the day_columns() cells of `g` to `row`. For a patient that cannot be graded, fever
// and grade are unknown (null), never "no" and 0 (docs/DERIVATIONS.md §3.1).
void append_day(std::vector<Value>& row, const derive::DailyGrade& g, bool gradable) {
    row.push_back(num(g.day));
    row.push_back(g.tmax_c ? Value{*g.tmax_c} : Value{});
    row.push_back(gradable ? Value{g.fever} : Value{});
    row.push_back(num(g.hypotension_level));
    row.push_back(num(g.hypoxia_level));
    row.push_back(g.masked);
    row.push_back(gradable ? num(g.grade) : Value{});
    row.push_back(g.in_episode ? num(g.episode) : Value{});
}

// " (ASTCT 2019)", or " (ASTCT 2019, modified)" when a `with` clause changed the definition: the
// title must not name the standard for grades it did not give.
std::string grading_label(const derive::CrsDefinition& def) {
    return def.is_default() ? " (ASTCT 2019)" : " (ASTCT 2019, modified)";
}

}  // namespace

QueryResult Evaluator::grades(const CheckedStatement& c, const checked::Grades& s) {
    if (s.patient.empty()) return cohort_grades(c, s);
    auto course = std::make_shared<PatientCourse>();
    course->patient = s.patient;
    course->events = read_.timeline(c, s.patient);
    course->definition = c.def;
    course->as_of = c.as_of;
    course->derived = derive::derive_patient(s.patient, course->events, c.def);
    const derive::PatientDerivation& d = course->derived;
    QueryResult r;
    r.title = "Daily CRS grade, " + s.patient + grading_label(c.def);
    r.columns = day_columns();
    r.columns.push_back({"evidence", ColumnType::kText});
    const bool gradable = d.measures.coverage.gradable();
    for (const auto& g : d.days) {
        std::vector<Value> row;
        append_day(row, g, gradable);
        row.push_back(g.why.describe());
        r.rows.push_back(std::move(row));
    }
    if (!gradable) {
        r.notes.push_back(s.patient + " cannot be graded (" + ungradable_reason() +
                          "): fever and grade are unknown, not 0 (coverage " + s.patient + ";)");
    }
    add_definition_notes(c, r);
    r.course = std::move(course);
    return r;
}

QueryResult Evaluator::cohort_grades(const CheckedStatement& c, const checked::Grades& s) {
    QueryResult r;
    std::string scope;
    for (const auto& e : s.scope)
        scope += (scope.empty() ? "within " : ", ") + e->label;
    r.title = "Daily CRS grade, " + (scope.empty() ? "all patients" : scope) + grading_label(c.def);
    r.columns = {{"patient", ColumnType::kText}};
    for (auto& column : day_columns())
        r.columns.push_back(std::move(column));
    uint64_t patients = 0;
    ResultRows rows(r, state_.sink);
    std::vector<Value> row;  // reused from row to row
    row.reserve(r.columns.size());
    UngradedList ungraded;
    auto emit = [&](const std::string& id, const std::vector<derive::DailyGrade>& days) {
        const bool gradable = derive::rows_coverage(days).gradable();
        if (!gradable) ungraded.add(id);
        for (const auto& g : days) {
            row.clear();
            row.emplace_back(id);
            append_day(row, g, gradable);
            rows.add(row);
        }
        ++patients;
    };
    if (!c.as_of.is_now()) {
        // The past has no stored rows: derive each timeline as it was, and test the scope on
        // the same derivation (one pass).
        read_.patients(c, s.scope,
                       [&](PatientContext& ctx) { emit(ctx.id(), ctx.derived().days); });
    } else {
        // Membership first (from the summaries when they are current), then the daily rows.
        std::optional<std::unordered_set<std::string>> members;
        if (!s.scope.empty()) {
            members.emplace();
            read_.patients(c, s.scope, [&](PatientContext& ctx) { members->insert(ctx.id()); });
        }
        read_.daily_grades(c, [&](const PatientGrades& p) {
            if (!members || members->count(p.patient_id) > 0) emit(p.patient_id, p.days);
        });
    }
    rows.finish();
    r.message =
        std::to_string(patients) + " patients, " + std::to_string(rows.count()) + " patient-days";
    r.notes.push_back(
        "no evidence column for many patients: grades PATIENT shows the observations behind "
        "each row");
    if (ungraded.count() > 0) {
        r.notes.push_back(std::to_string(ungraded.count()) + " patients not gradable (" +
                          ungradable_reason() +
                          "): fever and grade are unknown: " + ungraded.names());
    }
    add_definition_notes(c, r);
    return r;
}

}  // namespace dayzero::query
