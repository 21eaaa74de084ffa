// The expressions' half of the AST builder: literals, operators, primaries.
#include "query/ast_builder.h"

#include <memory>
#include <string>

#include "query/query_error.h"

namespace dayzero::query {

using P = grammar::DayzeroQueryParser;

Value AstBuilder::literal_value(P::LiteralContext* ctx, std::string* unit) const {
    if (auto* q = dynamic_cast<P::QuantityLiteralContext*>(ctx)) {
        const ast::Quantity quantity = this->quantity(q->quantity());
        if (unit != nullptr) *unit = quantity.unit;
        return quantity.value;
    }
    if (auto* s = dynamic_cast<P::StringLiteralContext*>(ctx)) return unquote(s->STRING());
    return dynamic_cast<P::TrueLiteralContext*>(ctx) != nullptr;
}

ast::ExprPtr AstBuilder::expr(P::ExprContext* ctx) const {
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
        for (auto* l : in->literal()) {
            std::string unit;
            node->list.push_back(literal_value(l, &unit));
            node->list_units.push_back(std::move(unit));
        }
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

ast::ExprPtr AstBuilder::primary(P::PrimaryContext* ctx) const {
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

}  // namespace dayzero::query
