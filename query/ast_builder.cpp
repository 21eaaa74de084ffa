#include "query/ast_builder.h"

#include <charconv>
#include <cmath>
#include <string>

#include "query/query_error.h"

namespace dayzero::query {

using P = grammar::DayzeroQueryParser;

namespace {

class Builder {
  public:
    explicit Builder(const PosMapper& mapper) : mapper_(mapper) {}

    ast::SourcePos pos(antlr4::ParserRuleContext* ctx) const {
        return mapper_.map(ctx->getStart()->getLine(), ctx->getStart()->getCharPositionInLine());
    }
    ast::SourcePos pos(antlr4::tree::TerminalNode* node) const {
        return mapper_.map(node->getSymbol()->getLine(),
                           node->getSymbol()->getCharPositionInLine());
    }

    // The source text a rule spans, with the original spacing.
    static std::string source_text(antlr4::ParserRuleContext* ctx) {
        const auto* start = ctx->getStart();
        const auto* stop = ctx->getStop();
        if (start == nullptr || stop == nullptr || stop->getStopIndex() < start->getStartIndex()) {
            return ctx->getText();
        }
        return start->getInputStream()->getText(
            antlr4::misc::Interval(start->getStartIndex(), stop->getStopIndex()));
    }

    ast::NameRef name(P::NameContext* ctx) const { return {ctx->getText(), pos(ctx)}; }

    ast::NameRef patient(P::PatientRefContext* ctx) const {
        if (ctx->STRING() != nullptr) return {unquote(ctx->STRING()), pos(ctx)};
        return name(ctx->name());
    }

    static std::string unquote(antlr4::tree::TerminalNode* node) {
        const std::string raw = node->getText();
        std::string out;
        for (size_t i = 1; i + 1 < raw.size(); ++i) {
            out += raw[i];
            if (raw[i] == '\'' && i + 2 < raw.size() && raw[i + 1] == '\'') ++i;
        }
        return out;
    }

    double number(P::NumberContext* ctx) const {
        const std::string text = ctx->getText();
        double value = 0;
        const char* first = text.data();
        const char* last = text.data() + text.size();
        const auto [ptr, ec] = std::from_chars(first, last, value);
        if (ec != std::errc() || ptr != last || !std::isfinite(value)) {
            throw QueryError(ErrorKind::kSyntax, "number out of range: " + text, pos(ctx),
                             static_cast<int>(text.size()));
        }
        return value;
    }

    int integer_in(P::NumberContext* ctx, double lo, double hi, const char* what) const {
        const double v = number(ctx);
        if (v != std::floor(v) || v < lo || v > hi) {
            throw QueryError(ErrorKind::kSyntax,
                             std::string(what) + " must be a whole number from " +
                                 std::to_string(static_cast<long long>(lo)) + " to " +
                                 std::to_string(static_cast<long long>(hi)) + ", found " +
                                 ctx->getText(),
                             pos(ctx), static_cast<int>(ctx->getText().size()));
        }
        return static_cast<int>(v);
    }

    uint64_t unsigned_int(antlr4::tree::TerminalNode* node) const {
        const std::string text = node->getText();
        uint64_t value = 0;
        const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
        if (ec != std::errc() || ptr != text.data() + text.size()) {
            throw QueryError(ErrorKind::kSyntax, "integer out of range: " + text, pos(node),
                             static_cast<int>(text.size()));
        }
        return value;
    }

    ast::Quantity quantity(P::QuantityContext* ctx) const {
        ast::Quantity q;
        q.value = number(ctx->number());
        if (ctx->unit() != nullptr) q.unit = ctx->unit()->getText();
        q.pos = pos(ctx);
        return q;
    }

    ast::Point point(P::PointContext* ctx) const {
        ast::Point p;
        p.pos = pos(ctx);
        if (auto* s = dynamic_cast<P::SeqPointContext*>(ctx)) {
            p.kind = ast::Point::Kind::kSeq;
            p.seq = unsigned_int(s->INT());
        } else if (auto* i = dynamic_cast<P::InstantPointContext*>(ctx)) {
            p.kind = ast::Point::Kind::kInstant;
            p.instant = unquote(i->STRING());
        }
        return p;
    }

    ast::Anchor anchor(P::AnchorContext* ctx) const {
        ast::Anchor a;
        a.pos = pos(ctx);
        if (dynamic_cast<P::OnsetAnchorContext*>(ctx) != nullptr) {
            a.kind = ast::Anchor::Kind::kOnset;
        } else if (auto* e = dynamic_cast<P::EventAnchorContext*>(ctx)) {
            a.kind = e->FIRST() != nullptr ? ast::Anchor::Kind::kFirst : ast::Anchor::Kind::kLast;
            a.event_kind = name(e->name(0));
            if (e->name().size() > 1) a.code = name(e->name(1));
        }
        return a;
    }

    static ast::Direction direction(antlr4::Token* token) {
        switch (token->getType()) {
            case P::AFTER:
                return ast::Direction::kAfter;
            case P::BEFORE:
                return ast::Direction::kBefore;
            default:
                return ast::Direction::kOf;
        }
    }

    ast::Setting setting(P::SettingContext* ctx) const {
        ast::Setting s;
        if (auto* q = dynamic_cast<P::QuantitySettingContext*>(ctx)) {
            s.form = ast::Setting::Form::kQuantity;
            s.name = name(q->name());
            s.quantity = quantity(q->quantity());
        } else if (auto* r = dynamic_cast<P::RangeSettingContext*>(ctx)) {
            s.form = ast::Setting::Form::kRange;
            s.name = name(r->name());
            s.from = number(r->number(0));
            s.to = number(r->number(1));
        } else if (auto* l = dynamic_cast<P::ListSettingContext*>(ctx)) {
            s.form = ast::Setting::Form::kList;
            s.name = name(l->name(0));
            for (size_t i = 1; i < l->name().size(); ++i)
                s.list.push_back(name(l->name(i)));
        } else if (auto* d = dynamic_cast<P::DefaultSettingContext*>(ctx)) {
            s.form = ast::Setting::Form::kDefault;
            s.name = name(d->name());
        }
        return s;
    }

    std::vector<ast::ExprPtr> scope(P::ScopeContext* ctx) const {
        std::vector<ast::ExprPtr> out;
        if (ctx == nullptr) return out;
        for (auto* e : ctx->expr())
            out.push_back(expr(e));
        return out;
    }

    ast::ExprPtr expr(P::ExprContext* ctx) const;
    ast::ExprPtr primary(P::PrimaryContext* ctx) const;
    Value literal_value(P::LiteralContext* ctx, std::string* unit) const;
    ast::Statement statement(P::StatementContext* ctx) const;
    ast::Statement body(P::BodyContext* ctx) const;
    ast::StatementBody query_body(P::BodyContext* ctx) const;
    ast::StatementBody cohort_body(P::BodyContext* ctx) const;
    ast::StatementBody session_body(P::BodyContext* ctx) const;
    ast::StatementBody audit_body(P::BodyContext* ctx) const;
    ast::StatementBody model_body(P::BodyContext* ctx) const;
    std::vector<ast::Covariate> covariates(const std::vector<P::CovariateContext*>& list) const;
    ast::EventsStmt events(P::EventsStmtContext* ctx) const;
    ast::AmendStmt amend(P::AmendStmtContext* ctx) const;
    ast::Table1Stmt table1(P::Table1StmtContext* ctx) const;

  private:
    PosMapper mapper_;
};

Value Builder::literal_value(P::LiteralContext* ctx, std::string* unit) const {
    if (auto* q = dynamic_cast<P::QuantityLiteralContext*>(ctx)) {
        const ast::Quantity quantity = this->quantity(q->quantity());
        if (unit != nullptr) *unit = quantity.unit;
        return quantity.value;
    }
    if (auto* s = dynamic_cast<P::StringLiteralContext*>(ctx)) return unquote(s->STRING());
    return dynamic_cast<P::TrueLiteralContext*>(ctx) != nullptr;
}

ast::ExprPtr Builder::expr(P::ExprContext* ctx) const {
    auto node = std::make_shared<ast::Expr>();
    node->pos = pos(ctx);
    node->text = source_text(ctx);
    if (auto* p = dynamic_cast<P::PrimaryExprContext*>(ctx)) return primary(p->primary());
    if (auto* c = dynamic_cast<P::CompareExprContext*>(ctx)) {
        node->kind = ast::ExprKind::kCompare;
        switch (c->op->getType()) {
            case P::LT:
                node->op = ast::CompareOp::kLt;
                break;
            case P::LE:
                node->op = ast::CompareOp::kLe;
                break;
            case P::GT:
                node->op = ast::CompareOp::kGt;
                break;
            case P::GE:
                node->op = ast::CompareOp::kGe;
                break;
            case P::NE:
                node->op = ast::CompareOp::kNe;
                break;
            default:
                node->op = ast::CompareOp::kEq;
                break;
        }
        node->children = {expr(c->expr(0)), expr(c->expr(1))};
    } else if (auto* in = dynamic_cast<P::InExprContext*>(ctx)) {
        node->kind = ast::ExprKind::kIn;
        node->negated = in->NOT() != nullptr;
        node->children = {expr(in->expr())};
        for (auto* l : in->literal())
            node->list.push_back(literal_value(l, nullptr));
    } else if (auto* n = dynamic_cast<P::NotExprContext*>(ctx)) {
        node->kind = ast::ExprKind::kNot;
        node->children = {expr(n->expr())};
    } else if (auto* a = dynamic_cast<P::AndExprContext*>(ctx)) {
        node->kind = ast::ExprKind::kAnd;
        node->children = {expr(a->expr(0)), expr(a->expr(1))};
    } else if (auto* o = dynamic_cast<P::OrExprContext*>(ctx)) {
        node->kind = ast::ExprKind::kOr;
        node->children = {expr(o->expr(0)), expr(o->expr(1))};
    }
    return node;
}

ast::ExprPtr Builder::primary(P::PrimaryContext* ctx) const {
    if (auto* paren = dynamic_cast<P::ParenPrimaryContext*>(ctx)) return expr(paren->expr());
    auto node = std::make_shared<ast::Expr>();
    node->pos = pos(ctx);
    node->text = source_text(ctx);
    if (auto* t = dynamic_cast<P::TemporalPrimaryContext*>(ctx)) {
        node->kind = ast::ExprKind::kTemporal;
        node->from = anchor(t->anchor(0));
        node->to = anchor(t->anchor(1));
        node->window = quantity(t->quantity());
        node->direction = direction(t->direction);
    } else if (auto* l = dynamic_cast<P::LiteralPrimaryContext*>(ctx)) {
        node->kind = ast::ExprKind::kLiteral;
        node->literal = literal_value(l->literal(), &node->unit);
    } else if (auto* c = dynamic_cast<P::CallPrimaryContext*>(ctx)) {
        node->kind = ast::ExprKind::kCall;
        node->name = name(c->name(0));
        for (size_t i = 1; i < c->name().size(); ++i)
            node->args.push_back(name(c->name(i)));
    } else if (auto* n = dynamic_cast<P::NamePrimaryContext*>(ctx)) {
        node->kind = ast::ExprKind::kName;
        node->name = name(n->name());
    }
    return node;
}

ast::EventsStmt Builder::events(P::EventsStmtContext* e) const {
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

ast::AmendStmt Builder::amend(P::AmendStmtContext* a) const {
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

ast::Table1Stmt Builder::table1(P::Table1StmtContext* t) const {
    ast::Table1Stmt s;
    s.by = expr(t->expr());
    s.scope = scope(t->scope());
    s.ci = t->ciClause() != nullptr;
    for (auto* item : t->tableItem()) {
        ast::TableItem ti;
        ti.expr = expr(item->expr());
        for (auto* n : item->number())
            ti.bins.push_back(number(n));
        ti.label = item->name() != nullptr ? item->name()->getText() : ti.expr->text;
        if (item->testChoice() != nullptr) ti.test = name(item->testChoice()->name());
        s.items.push_back(std::move(ti));
    }
    return s;
}

// The statements about one patient's timeline; the rest go on to cohort_body.
ast::StatementBody Builder::query_body(P::BodyContext* ctx) const {
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
ast::StatementBody Builder::cohort_body(P::BodyContext* ctx) const {
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
ast::StatementBody Builder::session_body(P::BodyContext* ctx) const {
    if (auto* co = dynamic_cast<P::CohortStmtContext*>(ctx)) {
        ast::CohortStmt s;
        s.name = name(co->name());
        s.where = expr(co->expr());
        return s;
    }
    if (auto* dr = dynamic_cast<P::DropStmtContext*>(ctx)) return ast::DropStmt{name(dr->name())};
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

ast::StatementBody Builder::audit_body(P::BodyContext* ctx) const {
    if (auto* h = dynamic_cast<P::HistoryStmtContext*>(ctx)) {
        ast::HistoryStmt s;
        if (h->patientRef() != nullptr) {
            s.patient = patient(h->patientRef());
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
        s.signer = patient(g->patientRef()).name;
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
ast::StatementBody Builder::model_body(P::BodyContext* ctx) const {
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

std::vector<ast::Covariate> Builder::covariates(
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

ast::Statement Builder::body(P::BodyContext* ctx) const {
    ast::Statement s;
    s.pos = pos(ctx);
    s.text = source_text(ctx);
    s.body = query_body(ctx);
    return s;
}

ast::Statement Builder::statement(P::StatementContext* ctx) const {
    ast::Statement s = body(ctx->body());
    if (auto* w = ctx->withClause()) {
        for (auto* st : w->setting())
            s.with.push_back(setting(st));
    }
    if (auto* a = ctx->asOfClause()) s.as_of = point(a->point());
    return s;
}

}  // namespace

ast::Statement build_statement(P::StatementContext* ctx, const PosMapper& mapper) {
    return Builder(mapper).statement(ctx);
}

}  // namespace dayzero::query
