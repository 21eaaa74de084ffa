#pragma once
// Evaluates checked expressions for one patient. Missing data gives a null Value; a null
// condition counts as false.

#include <optional>

#include "query/ast.h"
#include "query/bound_expr.h"
#include "query/patient_context.h"

namespace dayzero::query {

// The value of `expr` for the patient in `ctx`.
Value evaluate(const BoundExpr& expr, PatientContext& ctx);

// True only when `expr` evaluates to boolean true.
bool holds(const BoundExpr& expr, PatientContext& ctx);

// The moment an anchor names in the patient's timeline, in minutes from day 0 00:00 (untimed
// events count as the start of their day); nullopt if the patient has no such moment.
std::optional<int64_t> anchor_minute(const ast::Anchor& anchor, PatientContext& ctx);

// A number from a numeric Value (int or double); nullopt for null or other types.
std::optional<double> as_number(const Value& v);

// Text used to group and label a value ("" for null).
std::string group_label(const Value& v);

}  // namespace dayzero::query
