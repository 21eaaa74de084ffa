// Checking `correlate`: two numeric measures, and Pearson or Spearman.
#include "query/check_statements.h"
#include "query/query_error.h"
#include "text/ascii.h"
#include "text/suggest.h"

namespace dayzero::query {

checked::Correlate check_body(const ast::CorrelateStmt& s, const CheckContext& cx) {
    checked::Correlate c;
    c.scope = cx.binder.conditions(s.scope, "within");
    c.x = cx.binder.bind(s.x);
    c.y = cx.binder.bind(s.y);
    for (const auto* e : {&s.x, &s.y}) {
        const BoundExpr& bound = e == &s.x ? *c.x : *c.y;
        if (bound.type != ValueType::kNumber) {
            throw QueryError(
                ErrorKind::kType,
                "correlate needs numbers, but '" + (*e)->text + "' is " + type_name(bound.type),
                (*e)->pos);
        }
    }
    if (s.method) {
        const std::string method = text::to_lower(s.method->name);
        if (method == "pearson") {
            c.method = stats::CorrelationMethod::kPearson;
        } else if (method != "spearman") {
            throw QueryError(ErrorKind::kUnknownName,
                             "no correlation '" + s.method->name + "' (use pearson or spearman)" +
                                 text::did_you_mean(s.method->name, {"pearson", "spearman"}),
                             s.method->pos, static_cast<int>(s.method->name.size()));
        }
    }
    return c;
}

}  // namespace dayzero::query
