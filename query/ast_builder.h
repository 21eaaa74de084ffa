#pragma once
// Internal to the parser adapter: turns an ANTLR parse tree into the AST. Included only by
// parser.cpp and ast_builder.cpp (it exposes generated ANTLR types).

#include <charconv>
#include <cmath>
#include <string>
#include <string_view>
#include <vector>

#include "DayzeroQueryParser.h"
#include "query/ast.h"
#include "query/query_error.h"

namespace dayzero::query {

// Maps positions inside a statement's slice back to the whole script.
struct PosMapper {
    int base_line = 1;    // line of the slice's first character
    int base_column = 1;  // column of the slice's first character

    // The script position of (line, 0-based column) inside the slice.
    ast::SourcePos map(size_t line, size_t column) const {
        const int l = static_cast<int>(line);
        const int c = static_cast<int>(column) + 1;
        return {base_line + l - 1, l == 1 ? base_column + c - 1 : c};
    }
};

// Turns one statement's parse tree into the AST: the small readers of names, numbers, points and
// settings inline here; expressions in ast_builder_expr.cpp, statements in ast_builder.cpp.
class AstBuilder {
  public:
    using P = grammar::DayzeroQueryParser;

    explicit AstBuilder(const PosMapper& mapper) : mapper_(mapper) {}

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

    // A name as written, or a "quoted" name without its quotes ("" inside stands for ").
    ast::NameRef name(P::NameContext* ctx) const {
        if (ctx->QIDENT() != nullptr) return {unquote(ctx->QIDENT()), pos(ctx)};
        return {ctx->getText(), pos(ctx)};
    }

    ast::NameRef patient(P::PatientRefContext* ctx) const {
        if (ctx->STRING() != nullptr) return {unquote(ctx->STRING()), pos(ctx)};
        return name(ctx->name());
    }

    // Reads `by 'AUTHOR'` and `reason '...'` (each at most once, else throws); true when a
    // reason was given.
    bool record_clauses(const std::vector<P::RecordClauseContext*>& clauses, std::string& author,
                        std::string& reason) const {
        bool by = false, why = false;
        for (auto* clause : clauses) {
            bool& seen = clause->BY() != nullptr ? by : why;
            if (seen) {
                throw QueryError(
                    ErrorKind::kSyntax,
                    std::string(clause->BY() != nullptr ? "by" : "reason") + " is given twice",
                    pos(clause), static_cast<int>(clause->getStart()->getText().size()));
            }
            seen = true;
            if (clause->BY() != nullptr)
                author = patient(clause->patientRef()).name;
            else
                reason = unquote(clause->STRING());
        }
        return why;
    }

    static std::string unquote(antlr4::tree::TerminalNode* node) {
        const std::string raw = node->getText();
        std::string out;
        for (size_t i = 1; i + 1 < raw.size(); ++i) {
            out += raw[i];
            if (raw[i] == raw[0] && i + 2 < raw.size() && raw[i + 1] == raw[0]) ++i;
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
        } else if (auto* n = dynamic_cast<P::SavedSettingContext*>(ctx)) {
            s.form = ast::Setting::Form::kSaved;
            s.name = name(n->name());
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

// Builds the AST for one parsed `statement` rule. Throws QueryError for values the grammar
// accepts but the language does not (an integer too large, a malformed string).
ast::Statement build_statement(grammar::DayzeroQueryParser::StatementContext* ctx,
                               const PosMapper& mapper);

}  // namespace dayzero::query
