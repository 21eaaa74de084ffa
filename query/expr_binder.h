#pragma once
// ExprBinder: turns AST expressions into BoundExpr trees, resolving every name through a Catalog
// and checking types. Throws QueryError (kUnknownName with the nearest valid name, kType).

#include <vector>

#include "query/ast.h"
#include "query/bound_expr.h"
#include "query/catalog.h"

namespace dayzero::query {

class ExprBinder {
  public:
    // `catalog` must outlive the binder.
    explicit ExprBinder(const Catalog& catalog) : catalog_(catalog) {}

    // The names this binder resolves against.
    const Catalog& catalog() const { return catalog_; }

    // Binds `e`; episode fields are names too when `episode_scope`.
    BoundPtr bind(const ast::ExprPtr& e, bool episode_scope = false) const;
    // Binds every expression of `list`, in order.
    std::vector<BoundPtr> bind_all(const std::vector<ast::ExprPtr>& list) const;
    // Binds `e`, which must be a yes/no condition; `where` names the clause in the error.
    BoundPtr condition(const ast::ExprPtr& e, const char* where, bool episode_scope = false) const;
    // Binds every condition of `list`, in order.
    std::vector<BoundPtr> conditions(const std::vector<ast::ExprPtr>& list,
                                     const char* where) const;
    // Checks that a `first KIND(CODE)` anchor names a kind and code the store has.
    void check_anchor(const ast::Anchor& anchor) const;
    // The text values compared with attributes or measures so far (`sex = 'M'`).
    const std::vector<TextValueUse>& text_values() const { return text_values_; }

  private:
    BoundPtr bind_name(const ast::Expr& e, bool episode_scope) const;
    BoundPtr bind_call(const ast::Expr& e) const;
    BoundPtr bind_compare(const ast::Expr& e, bool episode_scope) const;
    BoundPtr bind_temporal(const ast::Expr& e) const;
    // `number` (a literal written with `unit`) in the unit of `other`, the side it is compared
    // with (`other_text` as written); a type error unless `other` is a measure whose unit it
    // converts to.
    BoundPtr in_unit_of(const BoundExpr& other, const std::string& other_text,
                        const BoundPtr& number, const std::string& unit,
                        const ast::SourcePos& pos) const;
    // Notes a text `value` compared with `named` (an attribute or measure; others are ignored),
    // to be checked against the values patients have before the statement runs.
    void check_text_value(const BoundPtr& named, const std::string& value,
                          const ast::SourcePos& pos, size_t width) const;

    const Catalog& catalog_;
    mutable std::vector<TextValueUse> text_values_;  // collected while binding
};

}  // namespace dayzero::query
