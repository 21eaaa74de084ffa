#include "query/evaluator.h"

#include <algorithm>
#include <set>

#include "query/as_of_note.h"
#include "query/definitions.h"
#include "query/expr_eval.h"
#include "query/query_error.h"
#include "query/summary_codec.h"

namespace dayzero::query {

namespace {

template <class... Fs>
struct Overloaded : Fs... {
    using Fs::operator()...;
};
template <class... Fs>
Overloaded(Fs...) -> Overloaded<Fs...>;

}  // namespace

void Evaluator::add_definition_notes(const CheckedStatement& c, QueryResult& r) const {
    const std::string note =
        "CRS definition: " + c.def.describe() + (c.def_overridden ? " (this statement only)" : "");
    r.notes.push_back(note);
    // The long note is news once per session, and whenever the definition is not the default or
    // differs from the one last shown; otherwise the screen may leave it out.
    if (c.def.is_default() && note == state_.definition_note_shown) {
        r.quiet_notes.push_back(note);
    }
    state_.definition_note_shown = note;
    if (!c.as_of.is_now()) r.notes.push_back(as_of_note(store_, c.as_of));
}

void Evaluator::check_text_values(const CheckedStatement& c) {
    if (c.text_values.empty()) return;
    std::vector<std::set<std::string>> present(c.text_values.size());
    read_.patients(c, {}, [&](PatientContext& ctx) {
        for (size_t i = 0; i < c.text_values.size(); ++i) {
            const Value v = evaluate(*c.text_values[i].value, ctx);
            if (const auto* text = std::get_if<std::string>(&v)) present[i].insert(*text);
        }
    });
    for (size_t i = 0; i < c.text_values.size(); ++i) {
        const TextValueUse& use = c.text_values[i];
        // Text compares case-insensitively (docs/QUERY.md, "Expressions").
        const bool found = std::any_of(present[i].begin(), present[i].end(), [&](const auto& t) {
            return to_lower(t) == to_lower(use.text);
        });
        if (found) continue;
        std::string values;
        for (const auto& t : present[i])
            values += (values.empty() ? "" : ", ") + t;
        throw QueryError(ErrorKind::kUnknownName,
                         "no patient has " + use.value->label + " '" + use.text +
                             "' (values present: " + (values.empty() ? "none" : values) + ")",
                         use.pos, use.width);
    }
}

QueryResult Evaluator::run(const CheckedStatement& c) {
    check_text_values(c);
    return std::visit(Overloaded{
                          [&](const checked::Events& s) { return events(c, s); },
                          [&](const checked::Grades& s) { return grades(c, s); },
                          [&](const checked::Episodes& s) { return episodes(c, s); },
                          [&](const checked::Measures& s) { return measures(c, s); },
                          [&](const checked::Patients& s) { return patients(c, s); },
                          [&](const checked::Fold& s) { return fold(c, s); },
                          [&](const checked::Count& s) { return count(c, s); },
                          [&](const checked::Summarize& s) { return summarize(c, s); },
                          [&](const checked::Compare& s) { return compare(c, s); },
                          [&](const checked::Table1& s) { return table1(c, s); },
                          [&](const checked::Roc& s) { return roc(c, s); },
                          [&](const checked::Survival& s) { return survival(c, s); },
                          [&](const checked::Correlate& s) { return correlate(c, s); },
                          [&](const checked::Cohort& s) { return cohort(c, s); },
                          [&](const checked::Drop& s) { return drop(s); },
                          [&](const checked::Save& s) { return save(c, s); },
                          [&](const checked::Set& s) { return set(s); },
                          [&](const checked::Reset& s) { return reset(s); },
                          [&](const checked::Show& s) { return show(c, s); },
                          [&](const checked::History& s) { return history(c, s); },
                          [&](const checked::Amend& s) { return amend(s); },
                          [&](const checked::Retract& s) { return retract(s); },
                          [&](const checked::Sign& s) { return sign(s); },
                          [&](const checked::Diff& s) { return diff(s); },
                          [&](const checked::Cox& s) { return cox(c, s); },
                          [&](const checked::Logistic& s) { return logistic(c, s); },
                          [&](const checked::Incidence& s) { return incidence(c, s); },
                          [&](const checked::Coverage& s) { return coverage(c, s); },
                      },
                      c.body);
}

}  // namespace dayzero::query
