// coverage: which inputs of the ASTCT grade each patient's grading window holds, and whether the
// patient can be graded (docs/DERIVATIONS.md §3.1).
#include "query/evaluator.h"
#include "query/gradability.h"
#include "query/read_path.h"

namespace dayzero::query {

namespace {

Value num(int v) {
    return Value{static_cast<int64_t>(v)};
}

std::vector<Value> coverage_row(const std::string& id, const derive::GradingCoverage& g) {
    return {id,
            num(g.window_days),
            num(g.temperature_days),
            num(g.sbp_days),
            num(g.oxygen_days),
            num(g.vasopressor_days),
            num(g.dose_days),
            Value{g.gradable()}};
}

}  // namespace

QueryResult Evaluator::coverage(const CheckedStatement& c, const checked::Coverage& s) {
    QueryResult r;
    r.title = "Grading inputs" + (s.patient.empty() ? std::string() : ", " + s.patient) +
              " (days of the grading window with a record)";
    r.columns = {{"patient", ColumnType::kText},        {"window_days", ColumnType::kInteger},
                 {"temp_days", ColumnType::kInteger},   {"sbp_days", ColumnType::kInteger},
                 {"oxygen_days", ColumnType::kInteger}, {"vasopressor_days", ColumnType::kInteger},
                 {"dose_days", ColumnType::kInteger},   {"gradable", ColumnType::kBool}};
    UngradedList ungraded;
    auto add = [&](PatientContext& ctx) {
        const derive::GradingCoverage& g = ctx.scalar_measures().coverage;
        if (!g.gradable()) ungraded.add(ctx.id());
        r.rows.push_back(coverage_row(ctx.id(), g));
    };
    if (!s.patient.empty()) {
        const std::vector<store::Event> timeline = read_.timeline(c, s.patient);
        PatientContext ctx(s.patient, timeline, c.def);
        add(ctx);
    } else {
        read_.patients(c, s.scope, add);
    }
    r.message = std::to_string(r.rows.size()) + " patients, " + std::to_string(ungraded.count()) +
                " not gradable";
    if (ungraded.count() > 0) {
        r.notes.push_back("not gradable (" + ungradable_reason() +
                          "): left out of CRS counts and comparisons: " + ungraded.names());
    }
    r.notes.push_back(
        "vasopressor_days: a vasopressor start or stop, or hypotension treated with fluids; "
        "dose_days: tocilizumab or a corticosteroid");
    add_definition_notes(c, r);
    return r;
}

}  // namespace dayzero::query
