// The statements' half of the AST builder (the expressions' half is ast_builder_expr.cpp).
#include "query/ast_builder.h"

#include <string>

#include "query/query_error.h"

namespace dayzero::query {

using P = grammar::DayzeroQueryParser;

ast::EventsStmt AstBuilder::events(P::EventsStmtContext* e) const {
    ast::EventsStmt s;
    if (e->patientRef() != nullptr) s.patient = patient(e->patientRef());
    bool seen[5] = {false, false, false, false, false};
    for (auto* f : e->eventFilter()) {
        const int which = f->dayRange() != nullptr     ? 0
                          : f->kindFilter() != nullptr ? 1
                          : f->codeFilter() != nullptr ? 2
                          : f->eventTime() != nullptr  ? 3
                                                       : 4;
        if (seen[which]) {
            throw QueryError(ErrorKind::kSyntax,
                             "this filter was already given: '" + source_text(f) + "'", pos(f),
                             static_cast<int>(f->getText().size()));
        }
        seen[which] = true;
        if (auto* r = f->dayRange()) {
            s.day_from = integer_in(r->number(0), -100000, 100000, "a day");
            s.day_to = integer_in(r->number(1), -100000, 100000, "a day");
        } else if (auto* k = f->kindFilter()) {
            for (auto* n : k->name())
                s.kinds.push_back(name(n));
        } else if (auto* c = f->codeFilter()) {
            for (auto* n : c->name())
                s.codes.push_back(name(n));
        } else if (auto* near = dynamic_cast<P::NearAnchorContext*>(f->eventTime())) {
            s.time.present = true;
            s.time.window = quantity(near->quantity());
            s.time.direction = direction(near->direction);
            s.time.to = anchor(near->anchor());
        } else if (auto* between = dynamic_cast<P::BetweenAnchorsContext*>(f->eventTime())) {
            s.time.present = true;
            s.time.between = true;
            s.time.from = anchor(between->anchor(0));
            s.time.to = anchor(between->anchor(1));
        } else {
            s.scope = scope(f->scope());
        }
    }
    return s;
}

ast::AmendStmt AstBuilder::amend(P::AmendStmtContext* a) const {
    ast::AmendStmt s;
    s.seq = unsigned_int(a->INT());
    s.reason = unquote(a->STRING());
    for (auto* f : a->amendField()) {
        if (auto* v = dynamic_cast<P::AmendValueContext*>(f)) {
            s.value = quantity(v->quantity());
        } else if (auto* t = dynamic_cast<P::AmendTextContext*>(f)) {
            s.text = unquote(t->STRING());
        } else if (auto* d = dynamic_cast<P::AmendDayContext*>(f)) {
            s.day = integer_in(d->number(), -100000, 100000, "a day");
        } else if (auto* tm = dynamic_cast<P::AmendTimeContext*>(f)) {
            s.time = unquote(tm->STRING());
        } else if (auto* c = dynamic_cast<P::AmendCodeContext*>(f)) {
            s.code = name(c->name());
        }
    }
    return s;
}

ast::Table1Stmt AstBuilder::table1(P::Table1StmtContext* t) const {
    ast::Table1Stmt s;
    s.by = expr(t->expr());
    s.scope = scope(t->scope());
    s.ci = t->ciClause() != nullptr;
    for (auto* item : t->tableItem()) {
        ast::TableItem ti;
        ti.expr = expr(item->expr());
        for (auto* n : item->number())
            ti.bins.push_back(number(n));
        ti.label = item->name() != nullptr ? name(item->name()).name : ti.expr->text;
        if (item->testChoice() != nullptr) ti.test = name(item->testChoice()->name());
        s.items.push_back(std::move(ti));
    }
    return s;
}

// The statements about one patient's timeline; the rest go on to cohort_body.
ast::StatementBody AstBuilder::query_body(P::BodyContext* ctx) const {
    if (auto* e = dynamic_cast<P::EventsStmtContext*>(ctx)) return events(e);
    if (auto* g = dynamic_cast<P::GradesStmtContext*>(ctx)) {
        ast::GradesStmt s;
        if (g->patientRef() != nullptr) s.patient = patient(g->patientRef());
        s.scope = scope(g->scope());
        return s;
    }
    if (auto* ep = dynamic_cast<P::EpisodesStmtContext*>(ctx)) {
        ast::EpisodesStmt s;
        if (ep->patientRef() != nullptr) s.patient = patient(ep->patientRef());
        if (ep->expr() != nullptr) s.where = expr(ep->expr());
        s.scope = scope(ep->scope());
        return s;
    }
    if (auto* m = dynamic_cast<P::MeasuresStmtContext*>(ctx)) {
        return ast::MeasuresStmt{patient(m->patientRef())};
    }
    if (auto* cv = dynamic_cast<P::CoverageStmtContext*>(ctx)) {
        ast::CoverageStmt s;
        if (cv->patientRef() != nullptr) s.patient = patient(cv->patientRef());
        s.scope = scope(cv->scope());
        return s;
    }
    if (auto* p = dynamic_cast<P::PatientsStmtContext*>(ctx)) {
        ast::PatientsStmt s;
        size_t next = 0;
        if (p->WHERE() != nullptr) s.where = expr(p->expr(next++));
        for (; next < p->expr().size(); ++next)
            s.columns.push_back(expr(p->expr(next)));
        s.scope = scope(p->scope());
        return s;
    }
    return cohort_body(ctx);
}

// The statements over the whole cohort; the rest go on to session_body.
ast::StatementBody AstBuilder::cohort_body(P::BodyContext* ctx) const {
    if (auto* c = dynamic_cast<P::CountStmtContext*>(ctx)) {
        ast::CountStmt s;
        size_t next = 0;
        if (c->WHERE() != nullptr) s.where = expr(c->expr(next++));
        if (c->BY() != nullptr) s.by = expr(c->expr(next++));
        s.scope = scope(c->scope());
        s.ci = c->ciClause() != nullptr;
        return s;
    }
    if (auto* sm = dynamic_cast<P::SummarizeStmtContext*>(ctx)) {
        ast::SummarizeStmt s;
        auto exprs = sm->expr();
        if (sm->BY() != nullptr) {
            s.by = expr(exprs.back());
            exprs.pop_back();
        }
        for (auto* x : exprs)
            s.exprs.push_back(expr(x));
        s.scope = scope(sm->scope());
        return s;
    }
    if (auto* cmp = dynamic_cast<P::CompareStmtContext*>(ctx)) {
        ast::CompareStmt s;
        s.measure = expr(cmp->expr(0));
        s.by = expr(cmp->expr(1));
        s.strata = scope(cmp->scope());
        if (cmp->testChoice() != nullptr) s.test = name(cmp->testChoice()->name());
        return s;
    }
    if (auto* t = dynamic_cast<P::Table1StmtContext*>(ctx)) return table1(t);
    if (auto* f = dynamic_cast<P::FoldStmtContext*>(ctx)) {
        return ast::FoldStmt{name(f->name()), scope(f->scope())};
    }
    if (auto* r = dynamic_cast<P::RocStmtContext*>(ctx)) {
        ast::RocStmt s;
        s.score = expr(r->expr(0));
        s.outcome = expr(r->expr(1));
        s.scope = scope(r->scope());
        return s;
    }
    if (auto* sv = dynamic_cast<P::SurvivalStmtContext*>(ctx)) {
        ast::SurvivalStmt s;
        s.endpoint = name(sv->name());
        if (sv->BY() != nullptr) s.by = expr(sv->expr());  // without: one group of all
        s.scope = scope(sv->scope());
        for (auto* n : sv->number())
            s.at.push_back(number(n));
        if (sv->unit() != nullptr) s.at_unit = sv->unit()->getText();
        return s;
    }
    return session_body(ctx);
}

// The statements that change the session; the rest are audit statements.
ast::StatementBody AstBuilder::session_body(P::BodyContext* ctx) const {
    if (auto* co = dynamic_cast<P::CohortStmtContext*>(ctx)) {
        ast::CohortStmt s;
        s.name = name(co->name());
        s.where = expr(co->expr());
        return s;
    }
    if (auto* dr = dynamic_cast<P::DropStmtContext*>(ctx)) {
        ast::DropStmt s{name(dr->name()), {}, {}, dr->what->getType() == P::DEFINITION};
        std::string reason;
        if (record_clauses(dr->recordClause(), s.author, reason)) s.reason = reason;
        return s;
    }
    if (auto* sa = dynamic_cast<P::SaveStmtContext*>(ctx)) {
        ast::SaveStmt s{name(sa->name()), {}, {}, sa->what->getType() == P::DEFINITION};
        record_clauses(sa->recordClause(), s.author, s.reason);
        return s;
    }
    if (auto* st = dynamic_cast<P::SetStmtContext*>(ctx)) {
        return ast::SetStmt{setting(st->setting())};
    }
    if (auto* rs = dynamic_cast<P::ResetStmtContext*>(ctx)) {
        ast::ResetStmt s;
        if (rs->name() != nullptr) s.name = name(rs->name());
        return s;
    }
    if (auto* sh = dynamic_cast<P::ShowStmtContext*>(ctx)) {
        return ast::ShowStmt{{sh->what->getText(), pos(ctx)}};
    }
    return audit_body(ctx);
}

ast::StatementBody AstBuilder::audit_body(P::BodyContext* ctx) const {
    if (auto* h = dynamic_cast<P::HistoryStmtContext*>(ctx)) {
        ast::HistoryStmt s;
        if (h->patientRef() != nullptr) {
            s.patient = patient(h->patientRef());
        } else if (h->COHORTS() != nullptr) {
            s.cohorts = true;
        } else if (h->DEFINITIONS() != nullptr) {
            s.definitions = true;
        } else {
            s.seq = unsigned_int(h->INT());
        }
        return s;
    }
    if (auto* a = dynamic_cast<P::AmendStmtContext*>(ctx)) return amend(a);
    if (auto* r = dynamic_cast<P::RetractStmtContext*>(ctx)) {
        return ast::RetractStmt{unsigned_int(r->INT()), unquote(r->STRING())};
    }
    if (auto* g = dynamic_cast<P::SignStmtContext*>(ctx)) {
        ast::SignStmt s;
        s.tx = unsigned_int(g->INT());
        s.meaning = unquote(g->STRING());
        if (g->patientRef() != nullptr) s.signer = patient(g->patientRef()).name;
        if (g->signKey() != nullptr) s.key_path = unquote(g->signKey()->STRING());
        return s;
    }
    if (auto* cr = dynamic_cast<P::CorrelateStmtContext*>(ctx)) {
        ast::CorrelateStmt s;
        s.x = expr(cr->expr(0));
        s.y = expr(cr->expr(1));
        s.scope = scope(cr->scope());
        if (cr->testChoice() != nullptr) s.method = name(cr->testChoice()->name());
        return s;
    }
    auto* d = dynamic_cast<P::DiffStmtContext*>(ctx);
    if (d == nullptr) return model_body(ctx);
    ast::DiffStmt s;
    s.from = point(d->point(0));
    s.to = point(d->point(1));
    if (d->patientRef() != nullptr) s.patient = patient(d->patientRef());
    if (d->body() != nullptr) s.inner = std::make_shared<const ast::Statement>(body(d->body()));
    return s;
}

// The models: cox, logistic and incidence.
ast::StatementBody AstBuilder::model_body(P::BodyContext* ctx) const {
    if (auto* cx = dynamic_cast<P::CoxStmtContext*>(ctx)) {
        return ast::CoxStmt{name(cx->name()), covariates(cx->covariate()), scope(cx->scope())};
    }
    if (auto* lg = dynamic_cast<P::LogisticStmtContext*>(ctx)) {
        return ast::LogisticStmt{expr(lg->expr()), covariates(lg->covariate()), scope(lg->scope())};
    }
    auto* in = dynamic_cast<P::IncidenceStmtContext*>(ctx);
    if (in == nullptr) throw QueryError(ErrorKind::kSyntax, "unsupported statement", pos(ctx));
    ast::IncidenceStmt s;
    s.event = name(in->name());
    if (in->BY() != nullptr) s.by = expr(in->expr());
    s.scope = scope(in->scope());
    for (auto* n : in->number())
        s.at.push_back(number(n));
    if (in->unit() != nullptr) s.at_unit = in->unit()->getText();
    return s;
}

std::vector<ast::Covariate> AstBuilder::covariates(
    const std::vector<P::CovariateContext*>& list) const {
    std::vector<ast::Covariate> out;
    for (auto* c : list) {
        ast::Covariate cov;
        cov.expr = expr(c->expr());
        if (c->literal() != nullptr) {
            std::string unit;
            cov.reference = literal_value(c->literal(), &unit);
            cov.reference_pos = pos(c->literal());
        }
        out.push_back(std::move(cov));
    }
    return out;
}

ast::Statement AstBuilder::body(P::BodyContext* ctx) const {
    ast::Statement s;
    s.pos = pos(ctx);
    s.text = source_text(ctx);
    s.body = query_body(ctx);
    return s;
}

ast::Statement AstBuilder::statement(P::StatementContext* ctx) const {
    ast::Statement s = body(ctx->body());
    if (auto* w = ctx->withClause()) {
        for (auto* st : w->setting())
            s.with.push_back(setting(st));
    }
    if (auto* a = ctx->asOfClause()) s.as_of = point(a->point());
    return s;
}

ast::Statement build_statement(P::StatementContext* ctx, const PosMapper& mapper) {
    return AstBuilder(mapper).statement(ctx);
}

}  // namespace dayzero::query
