// Per-patient tables: episodes, measures, patients ... show, foldchange.
#include "derive/crs_definition.h"
#include "query/evaluator.h"
#include "query/expr_eval.h"
#include "query/gradability.h"
#include "query/measures.h"

namespace dayzero::query {

namespace {

Value opt_num(const std::optional<double>& v) {
    return v ? Value{*v} : Value{};
}
Value opt_int(const std::optional<int>& v) {
    return v ? Value{static_cast<int64_t>(*v)} : Value{};
}
Value num(int v) {
    return Value{static_cast<int64_t>(v)};
}

ColumnType column_type(ValueType t) {
    switch (t) {
        case ValueType::kBool:
            return ColumnType::kBool;
        case ValueType::kNumber:
            return ColumnType::kNumber;
        case ValueType::kText:
            return ColumnType::kText;
    }
    return ColumnType::kText;
}

}  // namespace

QueryResult Evaluator::episodes(const CheckedStatement& c, const checked::Episodes& s) {
    QueryResult r;
    r.title = "CRS episodes" + (s.patient.empty() ? std::string() : ", " + s.patient);
    r.columns = {{"patient", ColumnType::kText},
                 {"episode", ColumnType::kInteger},
                 {"onset", ColumnType::kDay},
                 {"end", ColumnType::kDay},
                 {"duration", ColumnType::kInteger},
                 {"max_grade", ColumnType::kInteger},
                 {"masked_from", ColumnType::kDay},
                 {"toci_doses", ColumnType::kInteger},
                 {"hours_to_toci", ColumnType::kNumber, 1},
                 {"ended_by", ColumnType::kText}};
    // One patient's episodes are a short table; every patient's may be long: stream.
    ResultRows rows(r, s.patient.empty() ? state_.sink : nullptr);
    // Patients that cannot be graded have no episodes to list, and that is no "no CRS".
    UngradedList ungraded;
    auto emit = [&](PatientContext& ctx) {
        if (!ctx.gradable()) ungraded.add(ctx.id());
        for (const auto& e : ctx.episodes()) {
            ctx.episode = &e;
            const bool keep = !s.where || holds(*s.where, ctx);
            ctx.episode = nullptr;
            if (!keep) continue;
            rows.add({ctx.id(), num(e.number), num(e.onset_day), num(e.end_day), num(e.duration),
                      num(e.max_grade), opt_int(e.masked_from_day), num(e.toci_doses),
                      opt_num(e.hours_onset_to_first_toci),
                      std::string(derive::episode_end_name(e.ended_by))});
        }
    };
    if (!s.patient.empty()) {
        const std::vector<store::Event> timeline = read_.timeline(c, s.patient);
        PatientContext ctx(s.patient, timeline, c.def);
        emit(ctx);
    } else {
        read_.patients(c, s.scope, emit);
    }
    rows.finish();
    r.message = std::to_string(rows.count()) + " episodes";
    if (!s.patient.empty() && ungraded.count() > 0) {
        r.notes.push_back(s.patient + " cannot be graded (" + ungradable_reason() +
                          "): no episodes can be known (coverage " + s.patient + ";)");
    } else if (ungraded.count() > 0) {
        r.notes.push_back(std::to_string(ungraded.count()) + " patients not gradable (" +
                          ungradable_reason() + ") have no episodes listed: " + ungraded.names());
    }
    add_definition_notes(c, r);
    return r;
}

QueryResult Evaluator::measures(const CheckedStatement& c, const checked::Measures& s) {
    const std::vector<store::Event> timeline = read_.timeline(c, s.patient);
    PatientContext ctx(s.patient, timeline, c.def);
    QueryResult r;
    r.title = "Measures, " + s.patient;
    // The values keep their types (numbers, yes/no, text) in one text column: read as text on
    // screen, exported with every digit.
    r.columns = {
        {"measure", ColumnType::kText}, {"value", ColumnType::kText}, {"unit", ColumnType::kText}};
    for (const auto& m : all_measures()) {
        const Value v = ctx.measure(m);
        r.rows.push_back(
            {std::string(m.name), v, m.unit.empty() ? Value{} : Value{std::string(m.unit)}});
    }
    for (const auto& [attr, value] : ctx.derived().measures.baseline) {
        const Value v = !value.text.empty() ? Value{value.text}
                        : value.number      ? Value{*value.number}
                                            : Value{};
        r.rows.push_back({attr, v, Value{"baseline"}});
    }
    for (const auto& [code, lab] : ctx.derived().measures.labs) {
        if (lab.fold_change) {
            r.rows.push_back({"foldchange(" + code + ")", Value{*lab.fold_change}, Value{}});
        }
        if (lab.fell_after_toci) {
            r.rows.push_back({"fell(" + code + ")", Value{*lab.fell_after_toci}, Value{}});
        }
    }
    add_definition_notes(c, r);
    return r;
}

QueryResult Evaluator::patients(const CheckedStatement& c, const checked::Patients& s) {
    QueryResult r;
    r.title = "Patients";
    if (s.where) r.title += " where " + s.where->label;
    r.columns = {{"patient", ColumnType::kText}};
    for (const auto& e : s.columns) {
        Column column{e->label, column_type(e->type)};
        if (e->measure != nullptr && e->measure->unit == "grade")
            column.type = ColumnType::kInteger;
        r.columns.push_back(column);
    }
    // `where` is tested after the `within` conditions; a graded one leaves out the patients
    // that cannot be graded, and graded columns are empty for them.
    GradedPass pass(any_reads_grading({s.where}), s.scope);
    std::vector<BoundPtr> filters = pass.filters();
    const bool graded_columns = any_reads_grading(s.columns);
    UngradedList empty_columns;
    read_.patients(c, filters, [&](PatientContext& ctx) {
        if (!pass.admit(ctx)) return;
        if (s.where && !holds(*s.where, ctx)) return;
        if (graded_columns && !ctx.gradable()) empty_columns.add(ctx.id());
        std::vector<Value> row = {ctx.id()};
        for (const auto& e : s.columns)
            row.push_back(evaluate(*e, ctx));
        r.rows.push_back(std::move(row));
    });
    r.message = std::to_string(r.rows.size()) + " patients";
    pass.add_note(r.notes);
    if (empty_columns.count() > 0) {
        r.notes.push_back(std::to_string(empty_columns.count()) + " patients not gradable (" +
                          ungradable_reason() +
                          "): their CRS columns are empty: " + empty_columns.names());
    }
    add_definition_notes(c, r);
    return r;
}

QueryResult Evaluator::fold(const CheckedStatement& c, const checked::Fold& s) {
    const std::string& code = s.analyte;
    QueryResult r;
    r.title = code + " fold change (peak before the first tocilizumab / day-0 baseline)";
    r.columns = {{"patient", ColumnType::kText},        {"baseline", ColumnType::kNumber},
                 {"baseline_day", ColumnType::kDay},    {"peak", ColumnType::kNumber},
                 {"peak_day", ColumnType::kDay},        {"fold_change", ColumnType::kNumber, 2},
                 {"fell_after_toci", ColumnType::kBool}};
    read_.patients(c, s.scope, [&](PatientContext& ctx) {
        ctx.for_each_lab([&](std::string_view lab_code, const derive::LabMeasure& lab) {
            if (!derive::iequals(lab_code, code)) return;
            r.rows.push_back({ctx.id(), opt_num(lab.baseline), opt_int(lab.baseline_day),
                              opt_num(lab.peak), opt_int(lab.peak_day), opt_num(lab.fold_change),
                              lab.fell_after_toci ? Value{*lab.fell_after_toci} : Value{}});
        });
    });
    r.message = std::to_string(r.rows.size()) + " patients with " + code;
    add_definition_notes(c, r);
    return r;
}

}  // namespace dayzero::query
