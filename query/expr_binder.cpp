#include "query/expr_binder.h"

#include <cmath>

#include "query/definitions.h"
#include "query/query_error.h"
#include "text/suggest.h"

namespace dayzero::query {

namespace {

using Kind = BoundExpr::Kind;

[[noreturn]] void unknown(const std::string& message, const ast::SourcePos& pos, size_t width) {
    throw QueryError(ErrorKind::kUnknownName, message, pos, static_cast<int>(width));
}

[[noreturn]] void type_error(const std::string& message, const ast::SourcePos& pos) {
    throw QueryError(ErrorKind::kType, message, pos);
}

struct LabFunction {
    const char* name;
    LabField field;
    ValueType type;
};

constexpr LabFunction kLabFunctions[] = {
    {"foldchange", LabField::kFoldChange, ValueType::kNumber},
    {"baseline", LabField::kBaseline, ValueType::kNumber},
    {"peak", LabField::kPeak, ValueType::kNumber},
    {"fell", LabField::kFell, ValueType::kBool},
};

std::vector<std::string> function_names() {
    std::vector<std::string> names = {"doses", "mg"};
    for (const auto& f : kLabFunctions)
        names.emplace_back(f.name);
    return names;
}

ValueType literal_type(const Value& v) {
    if (std::holds_alternative<std::string>(v)) return ValueType::kText;
    if (std::holds_alternative<bool>(v)) return ValueType::kBool;
    return ValueType::kNumber;
}

}  // namespace

void ExprBinder::check_anchor(const ast::Anchor& anchor) const {
    if (anchor.kind != ast::Anchor::Kind::kFirst && anchor.kind != ast::Anchor::Kind::kLast) {
        return;
    }
    const store::EventKind kind = Catalog::kind(anchor.event_kind);
    if (!anchor.code.name.empty()) catalog_.code(anchor.code, &kind);
}

std::vector<BoundPtr> ExprBinder::conditions(const std::vector<ast::ExprPtr>& list,
                                             const char* where) const {
    std::vector<BoundPtr> out;
    for (const auto& e : list)
        out.push_back(condition(e, where));
    return out;
}

std::vector<BoundPtr> ExprBinder::bind_all(const std::vector<ast::ExprPtr>& list) const {
    std::vector<BoundPtr> out;
    for (const auto& e : list)
        out.push_back(bind(e));
    return out;
}

BoundPtr ExprBinder::bind_name(const ast::Expr& e, bool episode_scope) const {
    auto b = std::make_shared<BoundExpr>();
    b->label = e.text;
    const std::string& name = e.name.name;
    if (episode_scope) {
        for (const auto& field : episode_field_names()) {
            if (to_lower(name) != field) continue;
            b->kind = Kind::kEpisodeField;
            b->key = field;
            b->type = field == "masked" ? ValueType::kBool : ValueType::kNumber;
            b->categorical = field == "max_grade";
            return b;
        }
    }
    if (const CohortDef* cohort = catalog_.cohort(name)) {
        if (cohort->predicate == nullptr) {
            throw QueryError(ErrorKind::kInvalid,
                             "saved cohort " + cohort->name + " (seq " +
                                 std::to_string(cohort->saved_seq) +
                                 ") cannot be used at this point: " + cohort->error,
                             e.name.pos, static_cast<int>(name.size()));
        }
        b->kind = Kind::kCohort;
        b->key = cohort->name;
        b->type = ValueType::kBool;
        b->children = {cohort->predicate};
        return b;
    }
    if (const Measure* m = catalog_.measure(name)) {
        b->kind = Kind::kMeasure;
        b->measure = m;
        b->type = m->type;
        b->categorical = m->categorical;
        return b;
    }
    for (const auto& [attr, type] : catalog_.attributes()) {
        if (to_lower(attr) != to_lower(name)) continue;
        b->kind = Kind::kAttribute;
        b->key = attr;
        b->type = type;
        b->categorical = type == ValueType::kText;
        return b;
    }
    if (to_lower(name) == "duration") {
        unknown("no measure '" + name + "': " + std::string(kRenamedDuration), e.name.pos,
                name.size());
    }
    std::string hint = text::did_you_mean(name, catalog_.names_in_scope(episode_scope));
    // A drug's name where a condition was meant (`by tocilizumab`).
    if (hint.empty()) {
        const store::EventKind dose = store::EventKind::kDose;
        try {
            const std::string drug = catalog_.code(e.name, &dose);
            hint = " (" + drug + " is a drug: doses(" + drug + ") > 0 is the condition)";
        } catch (const QueryError&) {
        }
    }
    // The commonest cause: a cohort defined in an earlier session, which ended with it.
    if (hint.empty()) {
        hint = " (a cohort defined in an earlier session lasts only if it was saved: save cohort " +
               name + ";)";
    }
    unknown("no measure, attribute or cohort '" + name + "'" + hint, e.name.pos, name.size());
}

BoundPtr ExprBinder::bind_call(const ast::Expr& e) const {
    auto b = std::make_shared<BoundExpr>();
    b->label = e.text;
    const std::string fn = to_lower(e.name.name);
    if (e.args.size() != 1) {
        type_error(
            "function '" + e.name.name + "' takes exactly one name, e.g. " + fn + "(tocilizumab)",
            e.pos);
    }
    const ast::NameRef& arg = e.args.front();
    if (fn == "doses" || fn == "mg") {
        const store::EventKind dose = store::EventKind::kDose;
        b->kind = fn == "doses" ? Kind::kDoses : Kind::kDoseMg;
        b->type = ValueType::kNumber;
        b->key = catalog_.code(arg, &dose);
        return b;
    }
    for (const auto& f : kLabFunctions) {
        if (fn != f.name) continue;
        b->kind = Kind::kLab;
        b->lab_field = f.field;
        b->type = f.type;
        const store::EventKind lab = store::EventKind::kLab;
        b->key = (f.field == LabField::kFell && to_lower(arg.name) == "any")
                     ? "*"
                     : catalog_.code(arg, &lab);
        return b;
    }
    unknown("no function '" + e.name.name + "'" +
                text::did_you_mean(e.name.name, function_names()) +
                " (functions: doses, mg, foldchange, baseline, peak, fell)",
            e.name.pos, e.name.name.size());
}

BoundPtr ExprBinder::in_unit_of(const BoundExpr& other, const std::string& other_text,
                                const BoundPtr& number, const std::string& unit,
                                const ast::SourcePos& pos) const {
    // Only a measure or an episode field declares its unit. An attribute, a function's value or
    // another number is compared as recorded, so a unit written beside the number could not be
    // honoured: dropping it would compare 216 months with an age in years.
    if (other.kind != Kind::kMeasure && other.kind != Kind::kEpisodeField) {
        type_error("'" + other_text + "' has no unit to convert '" + unit +
                       "' to: write the number alone, in the unit '" + other_text +
                       "' is recorded in",
                   pos);
    }
    const std::string_view to_unit =
        other.kind == Kind::kMeasure ? other.measure->unit : episode_field_unit(other.key);
    const auto from = minutes_per_unit(unit);
    const auto to = minutes_per_unit(to_unit);
    if (from && to) {
        auto converted = std::make_shared<BoundExpr>(*number);
        converted->literal = std::get<double>(number->literal) * *from / *to;
        return converted;
    }
    if (to_lower(unit) != to_lower(std::string(to_unit))) {
        type_error("'" + other_text + "' is measured in " +
                       (to_unit.empty() ? std::string("plain numbers") : std::string(to_unit)) +
                       ", not '" + unit + "'",
                   pos);
    }
    return number;
}

void ExprBinder::check_text_value(const BoundPtr& named, const std::string& value,
                                  const ast::SourcePos& pos, size_t width) const {
    if (named->kind != Kind::kAttribute && named->kind != Kind::kMeasure) return;
    text_values_.push_back({named, value, pos, static_cast<int>(std::max<size_t>(1, width))});
}

BoundPtr ExprBinder::bind_compare(const ast::Expr& e, bool episode_scope) const {
    auto b = std::make_shared<BoundExpr>();
    b->label = e.text;
    b->kind = Kind::kCompare;
    b->op = e.op;
    b->type = ValueType::kBool;
    const ast::Expr& lhs = *e.children[0];
    const ast::Expr& rhs = *e.children[1];
    BoundPtr left = bind(e.children[0], episode_scope);
    BoundPtr right;
    // `center = C2`, `sex = M`: a bare name compared with a text value is that text (not in
    // `'M' = sex`, where the name is the attribute).
    if (rhs.kind == ast::ExprKind::kName && left->type == ValueType::kText &&
        left->kind != Kind::kLiteral && catalog_.cohort(rhs.name.name) == nullptr &&
        catalog_.measure(rhs.name.name) == nullptr) {
        auto lit = std::make_shared<BoundExpr>();
        lit->kind = Kind::kLiteral;
        lit->type = ValueType::kText;
        lit->literal = rhs.name.name;
        lit->label = rhs.name.name;
        right = lit;
    } else {
        right = bind(e.children[1], episode_scope);
    }
    if (left->type != right->type) {
        type_error("cannot compare " + std::string(type_name(left->type)) + " '" + lhs.text +
                       "' with " + type_name(right->type) + " '" + rhs.text + "'",
                   rhs.pos);
    }
    if (left->type == ValueType::kBool && e.op != ast::CompareOp::kEq &&
        e.op != ast::CompareOp::kNe) {
        type_error("yes/no values can only be compared with = or !=", e.pos);
    }
    // A number's unit is converted, or refused, whichever side the number is on.
    if (right->kind == Kind::kLiteral && !rhs.unit.empty())
        right = in_unit_of(*left, lhs.text, right, rhs.unit, rhs.pos);
    if (left->kind == Kind::kLiteral && !lhs.unit.empty())
        left = in_unit_of(*right, rhs.text, left, lhs.unit, lhs.pos);
    const bool equality = e.op == ast::CompareOp::kEq || e.op == ast::CompareOp::kNe;
    if (equality && left->type == ValueType::kText && right->kind == Kind::kLiteral)
        check_text_value(left, std::get<std::string>(right->literal), rhs.pos, rhs.text.size());
    if (equality && right->type == ValueType::kText && left->kind == Kind::kLiteral)
        check_text_value(right, std::get<std::string>(left->literal), lhs.pos, lhs.text.size());
    b->children = {left, right};
    return b;
}

BoundPtr ExprBinder::bind_temporal(const ast::Expr& e) const {
    check_anchor(e.from);
    check_anchor(e.to);
    auto b = std::make_shared<BoundExpr>();
    b->kind = Kind::kTemporal;
    b->type = ValueType::kBool;
    b->label = e.text;
    b->from = e.from;
    b->to = e.to;
    b->direction = e.direction;
    b->window_minutes = to_minutes(e.window, "h");
    if (b->window_minutes < 0) type_error("a time window cannot be negative", e.window.pos);
    return b;
}

BoundPtr ExprBinder::bind(const ast::ExprPtr& ptr, bool episode_scope) const {
    const ast::Expr& e = *ptr;
    switch (e.kind) {
        case ast::ExprKind::kLiteral: {
            auto b = std::make_shared<BoundExpr>();
            b->kind = Kind::kLiteral;
            b->literal = e.literal;
            b->type = literal_type(e.literal);
            b->label = e.text;
            return b;
        }
        case ast::ExprKind::kName:
            return bind_name(e, episode_scope);
        case ast::ExprKind::kCall:
            return bind_call(e);
        case ast::ExprKind::kCompare:
            return bind_compare(e, episode_scope);
        case ast::ExprKind::kTemporal:
            return bind_temporal(e);
        case ast::ExprKind::kIn: {
            auto b = std::make_shared<BoundExpr>();
            b->kind = Kind::kIn;
            b->type = ValueType::kBool;
            b->label = e.text;
            b->negated = e.negated;
            b->children = {bind(e.children[0], episode_scope)};
            const BoundExpr& tested = *b->children[0];
            const std::string& tested_text = e.children[0]->text;
            for (size_t i = 0; i < e.list.size(); ++i) {
                const Value& v = e.list[i];
                if (literal_type(v) != tested.type) {
                    type_error("the list holds a value of another type than '" + tested_text +
                                   "' (" + type_name(tested.type) + ")",
                               e.pos);
                }
                Value value = v;
                if (i < e.list_units.size() && !e.list_units[i].empty()) {
                    auto number = std::make_shared<BoundExpr>();
                    number->kind = Kind::kLiteral;
                    number->type = ValueType::kNumber;
                    number->literal = v;
                    value =
                        in_unit_of(tested, tested_text, number, e.list_units[i], e.pos)->literal;
                }
                // Like `=`: a text value no patient has would silently match nobody.
                if (tested.type == ValueType::kText) {
                    check_text_value(b->children[0], std::get<std::string>(v), e.pos,
                                     e.text.size());
                }
                b->list.push_back(std::move(value));
            }
            return b;
        }
        case ast::ExprKind::kNot:
        case ast::ExprKind::kAnd:
        case ast::ExprKind::kOr: {
            auto b = std::make_shared<BoundExpr>();
            b->kind = e.kind == ast::ExprKind::kNot   ? Kind::kNot
                      : e.kind == ast::ExprKind::kAnd ? Kind::kAnd
                                                      : Kind::kOr;
            b->type = ValueType::kBool;
            b->label = e.text;
            for (const auto& child : e.children) {
                b->children.push_back(condition(child, "and/or/not", episode_scope));
            }
            return b;
        }
    }
    type_error("unsupported expression", e.pos);
}

BoundPtr ExprBinder::condition(const ast::ExprPtr& e, const char* where, bool episode_scope) const {
    BoundPtr b = bind(e, episode_scope);
    if (b->type != ValueType::kBool) {
        type_error(std::string(where) + " needs a yes/no condition, but '" + e->text + "' is " +
                       type_name(b->type) + " (compare it, e.g. " + e->text + " >= 3)",
                   e->pos);
    }
    return b;
}

}  // namespace dayzero::query
