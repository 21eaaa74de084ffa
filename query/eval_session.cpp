// Session statements: cohort, drop cohort, save cohort, save/drop definition, set, reset, show.
#include <map>
#include <optional>

#include "query/definitions.h"
#include "query/evaluator.h"
#include "query/expr_eval.h"
#include "query/gradability.h"
#include "query/measures.h"
#include "query/query_error.h"
#include "query/saved_cohorts.h"
#include "query/saved_definitions.h"
#include "query/store_inventory.h"

namespace dayzero::query {

QueryResult Evaluator::cohort(const CheckedStatement& c, const checked::Cohort& s) {
    const ast::CohortStmt& stmt = *s.ast;
    int64_t n = 0;
    // A graded condition cannot hold for a patient that cannot be graded: say who that is.
    GradedPass pass(false, {s.where});
    read_.patients(c, pass.filters(), [&](PatientContext& ctx) {
        if (pass.admit(ctx)) ++n;
    });
    CohortDef def{stmt.name.name, s.where, stmt.where->text, n, 0, {}};
    state_.cohorts[to_lower(stmt.name.name)] = std::move(def);
    QueryResult r;
    r.message = "cohort " + stmt.name.name + ": " + std::to_string(n) + " patients";
    pass.add_note(r.notes);
    // A cohort's message names the definition only when it is not the default.
    if (!c.def.is_default() || !c.as_of.is_now()) add_definition_notes(c, r);
    return r;
}

namespace {

// The cohort saved now under `name` (case-insensitive), if any.
std::optional<SavedCohort> saved_now(const store::EventStore& store, const std::string& name) {
    return find_saved_cohort(store, name, {});
}

std::string transaction_text(const store::TransactionInfo& info) {
    return "seq " + std::to_string(info.first_seq) + ", tx " + std::to_string(info.tx);
}

// `save definition NAME`: records `def`, the definition in force for the statement.
QueryResult save_definition(Writer* writer, const store::EventStore& store,
                            const ast::SaveStmt& stmt, const derive::CrsDefinition& def) {
    const bool replacing =
        find_saved_cohort(store, stmt.name.name, {}, SavedKind::kDefinition).has_value();
    Writer& w = writer_for(writer, "save definition");
    auto info = w.save_cohort({stmt.name.name, definition_settings_text(def), 0, stmt.reason,
                               stmt.author, SavedKind::kDefinition});
    if (!info) throw QueryError(ErrorKind::kInvalid, info.status().message(), stmt.name.pos);
    QueryResult r;
    r.message = std::string(replacing ? "replaced" : "saved") + " definition " + stmt.name.name +
                " (" + transaction_text(info.value()) + ")";
    if (!stmt.reason.empty()) r.message += ", reason: " + stmt.reason;
    r.notes.push_back("CRS definition: " + def.describe());
    return r;
}

// `drop definition NAME reason '...'`: withdraws a saved definition (the one in force stays).
QueryResult drop_definition(Writer* writer, const store::EventStore& store,
                            const ast::DropStmt& stmt) {
    const SavedCohort saved = find_saved_definition(store, stmt.name, {});
    Writer& w = writer_for(writer, "drop definition");
    auto info =
        w.drop_cohort({saved.name, stmt.reason.value_or(""), stmt.author, SavedKind::kDefinition});
    if (!info) throw QueryError(ErrorKind::kInvalid, info.status().message(), stmt.name.pos);
    QueryResult r;
    r.message = "dropped saved definition " + saved.name + " (" + transaction_text(info.value()) +
                "), reason: " + stmt.reason.value_or("");
    return r;
}

}  // namespace

QueryResult Evaluator::drop(const checked::Drop& s) {
    const ast::DropStmt& stmt = *s.ast;
    if (stmt.definition) return drop_definition(writer_, store_, stmt);
    const ast::NameRef& name = stmt.name;
    const bool in_session = state_.cohorts.count(to_lower(name.name)) > 0;
    const auto saved = saved_now(store_, name.name);
    QueryResult r;
    if (saved && (stmt.reason || !in_session)) {
        // Withdrawing a saved cohort is a correction: recorded, with its reason.
        Writer& writer = writer_for(writer_, "drop cohort");
        auto info = writer.drop_cohort({saved->name, stmt.reason.value_or(""), stmt.author});
        if (!info) throw QueryError(ErrorKind::kInvalid, info.status().message(), name.pos);
        state_.cohorts.erase(to_lower(name.name));
        r.message = "dropped saved cohort " + saved->name + " (" + transaction_text(info.value()) +
                    "), reason: " + stmt.reason.value_or("");
        return r;
    }
    if (!in_session) {
        throw QueryError(ErrorKind::kUnknownName, "no cohort '" + name.name + "'", name.pos,
                         static_cast<int>(name.name.size()));
    }
    if (stmt.reason) {
        throw QueryError(ErrorKind::kInvalid,
                         "cohort " + name.name +
                             " is not saved; drop it without a reason (drop cohort " + name.name +
                             ";)",
                         name.pos, static_cast<int>(name.name.size()));
    }
    state_.cohorts.erase(to_lower(name.name));
    r.message = "dropped cohort " + name.name;
    if (saved) {
        r.message += "; the saved cohort " + saved->name + " (seq " + std::to_string(saved->seq) +
                     ") applies again (drop cohort " + saved->name + " reason '...'; withdraws it)";
    }
    return r;
}

QueryResult Evaluator::save(const CheckedStatement& c, const checked::Save& s) {
    const ast::SaveStmt& stmt = *s.ast;
    if (stmt.definition) return save_definition(writer_, store_, stmt, c.def);
    const ast::NameRef& name = stmt.name;
    const CohortDef* def = state_.find_cohort(name.name);
    if (def == nullptr) {
        const auto saved = saved_now(store_, name.name);
        throw QueryError(
            ErrorKind::kUnknownName,
            saved
                ? "cohort " + saved->name + " is already saved (seq " + std::to_string(saved->seq) +
                      "); to replace it, define it again in this session (cohort " + saved->name +
                      " = patients where ...;) and save it"
                : "no cohort '" + name.name + "' in this session; define it first (cohort " +
                      name.name + " = patients where ...;)",
            name.pos, static_cast<int>(name.name.size()));
    }
    Writer& writer = writer_for(writer_, "save cohort");
    const bool replacing = saved_now(store_, def->name).has_value();
    // The cohorts it mentions are written out, so that it keeps meaning what it means now.
    std::string text;
    try {
        text = self_contained_text(*def->predicate, def->text);
    } catch (const QueryError& e) {
        throw QueryError(ErrorKind::kInvalid, "cohort " + def->name + " " + e.what(), name.pos,
                         static_cast<int>(name.name.size()));
    }
    auto info = writer.save_cohort({def->name, text, def->size, stmt.reason, stmt.author});
    if (!info) throw QueryError(ErrorKind::kInvalid, info.status().message(), name.pos);
    // From now on the store's record is the cohort: every session reads it from there.
    const std::string shown = def->name;
    const bool written_out = text != def->text;
    state_.cohorts.erase(to_lower(name.name));  // `def` is gone
    QueryResult r;
    r.message = std::string(replacing ? "replaced" : "saved") + " cohort " + shown + " (" +
                transaction_text(info.value()) + ")";
    if (!stmt.reason.empty()) r.message += ", reason: " + stmt.reason;
    if (written_out) r.message += "; recorded as: patients where " + text;
    return r;
}

QueryResult Evaluator::set(const checked::Set& s) {
    derive::CrsDefinition def = state_.definition;
    const auto saved = apply_settings(def, s.settings, store_, state_.as_of);
    state_.definition = def;
    QueryResult r;
    r.message = "CRS definition: " + def.describe();
    if (!saved.empty()) {
        r.message = "CRS definition " + saved.back().name + " (saved, seq " +
                    std::to_string(saved.back().seq) + "): " + def.describe();
    }
    return r;
}

QueryResult Evaluator::reset(const checked::Reset& s) {
    if (s.ast->name.name.empty()) {
        state_.definition = derive::CrsDefinition{};
    } else {
        ast::Setting setting;
        setting.form = ast::Setting::Form::kDefault;
        setting.name = s.ast->name;
        apply_setting(state_.definition, setting);
    }
    QueryResult r;
    r.message = "CRS definition: " + state_.definition.describe();
    return r;
}

QueryResult Evaluator::show(const CheckedStatement& c, const checked::Show& s) {
    QueryResult r;
    const std::string what = to_lower(s.ast->what.name);
    if (what == "definitions") {
        r.title = "Definitions in force";
        r.columns = {{"setting", ColumnType::kText}, {"value", ColumnType::kText}};
        const auto& d = state_.definition;
        std::string drugs;
        for (const auto& drug : d.masking_drugs)
            drugs += (drugs.empty() ? "" : ", ") + drug;
        r.rows = {{"fever", group_label(Value{d.fever_threshold_c}) + " C"},
                  {"gap", std::to_string(d.gap_days) + " days"},
                  {"low_flow", group_label(Value{d.low_flow_limit_l_min}) + " L/min"},
                  {"masking", drugs.empty() ? "none" : drugs},
                  {"window", "days " + std::to_string(d.window_first_day) + " to " +
                                 std::to_string(d.window_last_day)},
                  {"fall_window", group_label(Value{d.fall_window_hours}) + " h"},
                  {"as of", describe_as_of(state_.as_of)}};
        // Then the definitions saved in the store, each with its settings.
        const std::string in_force = definition_settings_text(d);
        for (const auto& saved : read_saved_cohorts(store_, c.as_of, SavedKind::kDefinition)) {
            r.rows.push_back(
                {"definition " + saved.name, saved.text + " (seq " + std::to_string(saved.seq) +
                                                 (saved.text == in_force ? "; in force)" : ")")});
        }
        r.notes.push_back("CRS definition: " + d.describe());
    } else if (what == "cohorts") {
        r.title = "Cohorts";
        r.columns = {{"cohort", ColumnType::kText},
                     {"definition", ColumnType::kText},
                     {"patients when defined", ColumnType::kInteger},
                     {"saved", ColumnType::kText}};
        std::map<std::string, std::vector<Value>> rows;
        for (const auto& saved : read_saved_cohorts(store_, c.as_of)) {
            rows[to_lower(saved.name)] = {saved.name, saved.text, saved.size,
                                          "seq " + std::to_string(saved.seq)};
        }
        // A session's cohort of the same name is the one statements use.
        for (const auto& [key, cohort] : state_.cohorts) {
            rows[key] = {cohort.name, cohort.text, cohort.size, Value{}};
        }
        for (auto& [key, row] : rows)
            r.rows.push_back(std::move(row));
    } else if (what == "kinds") {
        return kinds_table(store_, c.as_of, state_);
    } else if (what == "patients") {
        return patients_table(store_, c.as_of, state_);
    } else {
        r.title = "Measures";
        r.columns = {{"measure", ColumnType::kText},
                     {"type", ColumnType::kText},
                     {"unit", ColumnType::kText},
                     {"meaning", ColumnType::kText}};
        for (const auto& m : all_measures()) {
            r.rows.push_back({std::string(m.name), std::string(type_name(m.type)),
                              std::string(m.unit), std::string(m.description)});
        }
        const std::vector<std::pair<const char*, const char*>> functions = {
            {"doses(drug)", "number of dose events of a drug"},
            {"mg(drug)", "total mg of a drug"},
            {"foldchange(lab)", "peak before the first tocilizumab / day-0 baseline"},
            {"baseline(lab)", "earliest day-0 sample, else the latest on day -1"},
            {"peak(lab)", "highest sample from day 0 up to the first tocilizumab"},
            {"fell(lab|any)", "the lab value fell after the first tocilizumab"}};
        for (const auto& [name, meaning] : functions) {
            r.rows.push_back(
                {std::string(name), std::string("function"), Value{}, std::string(meaning)});
        }
    }
    return r;
}

}  // namespace dayzero::query
