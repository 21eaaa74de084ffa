// Checking the model statements: cox, logistic and incidence.
#include <set>

#include "query/check_statements.h"
#include "query/definitions.h"
#include "query/engine_state.h"
#include "query/query_error.h"
#include "text/suggest.h"

namespace dayzero::query {

namespace {

[[noreturn]] void type_error(const std::string& message, const ast::SourcePos& pos) {
    throw QueryError(ErrorKind::kType, message, pos);
}

// An endpoint name among `allowed`, or an Unknown name error pointing at it.
void check_endpoint(const ast::NameRef& name, const std::vector<std::string>& allowed,
                    const std::string& what) {
    const std::string lower = to_lower(name.name);
    for (const auto& a : allowed) {
        if (lower == a) return;
    }
    std::string list;
    for (const auto& a : allowed)
        list += (list.empty() ? "" : " or ") + a;
    throw QueryError(ErrorKind::kUnknownName,
                     "no " + what + " '" + name.name + "' (use " + list + ")" +
                         text::did_you_mean(name.name, allowed),
                     name.pos, static_cast<int>(name.name.size()));
}

std::vector<checked::Covariate> covariates(const std::vector<ast::Covariate>& list,
                                           const CheckContext& cx) {
    std::vector<checked::Covariate> out;
    std::set<std::string> labels;
    for (const auto& cov : list) {
        checked::Covariate c;
        c.expr = cx.binder.bind(cov.expr);
        if (!labels.insert(c.expr->label).second) {
            type_error("covariate '" + c.expr->label + "' appears twice", cov.expr->pos);
        }
        c.category = c.expr->type == ValueType::kText;
        if (cov.reference) {
            const bool text_ref = std::holds_alternative<std::string>(*cov.reference);
            const bool number_ref = std::holds_alternative<double>(*cov.reference) ||
                                    std::holds_alternative<int64_t>(*cov.reference);
            if (c.expr->type == ValueType::kBool) {
                type_error("'" + c.expr->label +
                               "' is yes/no: its reference is always 'no' (drop `ref`, or "
                               "write the opposite condition)",
                           cov.reference_pos);
            }
            if ((c.expr->type == ValueType::kText && !text_ref) ||
                (c.expr->type == ValueType::kNumber && !number_ref)) {
                type_error("the reference level of '" + c.expr->label + "' must be a " +
                               type_name(c.expr->type),
                           cov.reference_pos);
            }
            c.category = true;
            c.reference = cov.reference;
        }
        out.push_back(std::move(c));
    }
    return out;
}

}  // namespace

checked::Cox check_body(const ast::CoxStmt& s, const CheckContext& cx) {
    checked::Cox c;
    c.ast = &s;
    check_endpoint(s.endpoint, {"os", "pfs"}, "survival endpoint");
    c.covariates = covariates(s.covariates, cx);
    c.scope = cx.binder.conditions(s.scope, "within");
    return c;
}

checked::Logistic check_body(const ast::LogisticStmt& s, const CheckContext& cx) {
    checked::Logistic c;
    c.outcome = cx.binder.condition(s.outcome, "logistic");
    c.covariates = covariates(s.covariates, cx);
    c.scope = cx.binder.conditions(s.scope, "within");
    return c;
}

checked::Incidence check_body(const ast::IncidenceStmt& s, const CheckContext& cx) {
    checked::Incidence c;
    c.ast = &s;
    check_endpoint(s.event, {"relapse", "nrm"}, "competing-risks event");
    c.scope = cx.binder.conditions(s.scope, "within");
    if (s.by) c.by = cx.binder.bind(s.by);
    if (!s.at_unit.empty() && !minutes_per_unit(s.at_unit)) {
        type_error("'" + s.at_unit + "' is not a unit of time", cx.statement.pos);
    }
    return c;
}

}  // namespace dayzero::query
