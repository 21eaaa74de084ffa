#include "query/checker.h"

#include <cmath>

#include "query/definitions.h"
#include "query/measures.h"
#include "query/query_error.h"
#include "query/suggest.h"

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

std::vector<std::string> episode_field_names() {
    return {"number",        "onset_day",     "end_day",    "duration",
            "max_grade",     "positive_days", "toci_doses", "steroid_doses",
            "hours_to_toci", "days_to_toci",  "masked"};
}

std::vector<std::string> Checker::names_in_scope(bool episode_scope) const {
    std::vector<std::string> names;
    if (episode_scope) names = episode_field_names();
    for (const auto& m : all_measures())
        names.emplace_back(m.name);
    for (const auto& [key, cohort] : state_.cohorts)
        names.push_back(cohort.name);
    if (vocabulary_ != nullptr) {
        for (const auto& [attr, type] : vocabulary_->attributes())
            names.push_back(attr);
    }
    return names;
}

store::EventKind Checker::resolve_kind(const ast::NameRef& ref) {
    if (auto kind = store::parse_kind(ref.name)) return *kind;
    std::vector<std::string> kinds;
    for (uint8_t k = store::kFirstEventKind; k <= store::kLastEventKind; ++k) {
        kinds.emplace_back(store::kind_name(static_cast<store::EventKind>(k)));
    }
    unknown("no event kind '" + ref.name + "'" + did_you_mean(ref.name, kinds), ref.pos,
            ref.name.size());
}

std::string Checker::resolve_code(const ast::NameRef& ref, const store::EventKind* kind) {
    std::string code = vocabulary_->find_code(ref.name, kind);
    if (!code.empty()) return code;
    std::string what = kind != nullptr ? std::string(store::kind_name(*kind)) + " code" : "code";
    unknown("no " + what + " '" + ref.name + "' in the store" +
                did_you_mean(ref.name, vocabulary_->codes(kind)),
            ref.pos, ref.name.size());
}

std::string Checker::resolve_patient(const ast::NameRef& ref) {
    if (vocabulary_->has_patient(ref.name)) return ref.name;
    unknown("no patient '" + ref.name + "' in the store" +
                did_you_mean(ref.name, vocabulary_->patient_list()),
            ref.pos, ref.name.size());
}

void Checker::check_anchor(const ast::Anchor& anchor) {
    if (anchor.kind != ast::Anchor::Kind::kFirst && anchor.kind != ast::Anchor::Kind::kLast) {
        return;
    }
    const store::EventKind kind = resolve_kind(anchor.event_kind);
    if (!anchor.code.name.empty()) resolve_code(anchor.code, &kind);
}

BoundPtr Checker::bind_name(const ast::Expr& e, bool episode_scope) {
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
    if (const CohortDef* cohort = state_.find_cohort(name)) {
        b->kind = Kind::kCohort;
        b->key = cohort->name;
        b->type = ValueType::kBool;
        b->children = {cohort->predicate};
        return b;
    }
    if (const Measure* m = find_measure(name)) {
        b->kind = Kind::kMeasure;
        b->measure = m;
        b->type = m->type;
        b->categorical = m->categorical;
        return b;
    }
    for (const auto& [attr, type] : vocabulary_->attributes()) {
        if (to_lower(attr) != to_lower(name)) continue;
        b->kind = Kind::kAttribute;
        b->key = attr;
        b->type = type;
        b->categorical = type == ValueType::kText;
        return b;
    }
    unknown("no measure, attribute or cohort '" + name + "'" +
                did_you_mean(name, names_in_scope(episode_scope)),
            e.name.pos, name.size());
}

BoundPtr Checker::bind_call(const ast::Expr& e) {
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
        b->key = resolve_code(arg, &dose);
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
                     : resolve_code(arg, &lab);
        return b;
    }
    unknown("no function '" + e.name.name + "'" + did_you_mean(e.name.name, function_names()) +
                " (functions: doses, mg, foldchange, baseline, peak, fell)",
            e.name.pos, e.name.name.size());
}

BoundPtr Checker::bind_compare(const ast::Expr& e, bool episode_scope) {
    auto b = std::make_shared<BoundExpr>();
    b->label = e.text;
    b->kind = Kind::kCompare;
    b->op = e.op;
    b->type = ValueType::kBool;
    const ast::Expr& lhs = *e.children[0];
    const ast::Expr& rhs = *e.children[1];
    BoundPtr left = bind(e.children[0], episode_scope);
    BoundPtr right;
    // `center = C2`, `sex = M`: a bare name compared with a text value is that text.
    if (rhs.kind == ast::ExprKind::kName && left->type == ValueType::kText &&
        state_.find_cohort(rhs.name.name) == nullptr && find_measure(rhs.name.name) == nullptr) {
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
    // A literal with a time unit is converted to the unit of the measure it is compared with.
    if (right->kind == Kind::kLiteral && !rhs.unit.empty() && left->kind == Kind::kMeasure) {
        const auto from = minutes_per_unit(rhs.unit);
        const auto to = minutes_per_unit(left->measure->unit);
        if (from && to) {
            auto lit = std::make_shared<BoundExpr>(*right);
            lit->literal = std::get<double>(right->literal) * *from / *to;
            right = lit;
        } else if (to_lower(rhs.unit) != to_lower(std::string(left->measure->unit))) {
            type_error("'" + lhs.text + "' is measured in " +
                           (left->measure->unit.empty() ? std::string("plain numbers")
                                                        : std::string(left->measure->unit)) +
                           ", not '" + rhs.unit + "'",
                       rhs.pos);
        }
    }
    b->children = {left, right};
    return b;
}

BoundPtr Checker::bind_temporal(const ast::Expr& e) {
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

BoundPtr Checker::bind(const ast::ExprPtr& ptr, bool episode_scope) {
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
            for (const auto& v : e.list) {
                if (literal_type(v) != b->children[0]->type) {
                    type_error("the list holds a value of another type than '" +
                                   e.children[0]->text + "' (" + type_name(b->children[0]->type) +
                                   ")",
                               e.pos);
                }
            }
            b->list = e.list;
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

BoundPtr Checker::condition(const ast::ExprPtr& e, const char* where, bool episode_scope) {
    BoundPtr b = bind(e, episode_scope);
    if (b->type != ValueType::kBool) {
        type_error(std::string(where) + " needs a yes/no condition, but '" + e->text + "' is " +
                       type_name(b->type) + " (compare it, e.g. " + e->text + " >= 3)",
                   e->pos);
    }
    return b;
}

CheckedStatement Checker::check(const ast::Statement& s) {
    store::AsOf as_of = state_.as_of;
    if (s.as_of) as_of = resolve_point(*s.as_of);
    derive::CrsDefinition def = state_.definition;
    if (s.kind != ast::StatementKind::kSet) {
        for (const auto& setting : s.settings)
            apply_setting(def, setting);
    }
    CheckedStatement c = check_at(s, as_of, def);
    c.def_overridden = s.kind != ast::StatementKind::kSet && !s.settings.empty();
    return c;
}

CheckedStatement Checker::check_at(const ast::Statement& s, const store::AsOf& as_of,
                                   const derive::CrsDefinition& def) {
    using SK = ast::StatementKind;
    CheckedStatement c;
    c.ast = &s;
    c.as_of = as_of;
    c.def = def;
    vocabulary_ = &state_.vocabulary(store_, as_of, def);
    const bool patient_optional = s.kind == SK::kHistory || s.kind == SK::kDiff;
    if (s.patient && !patient_optional) c.patient = resolve_patient(*s.patient);
    if (s.patient && patient_optional) c.patient = s.patient->name;
    for (const auto& k : s.kinds)
        c.kinds.push_back(resolve_kind(k));
    for (const auto& code : s.codes) {
        const store::EventKind* only = c.kinds.size() == 1 ? &c.kinds.front() : nullptr;
        c.codes.push_back(resolve_code(code, only));
    }
    if (s.time.present) {
        if (s.time.between) check_anchor(s.time.from);
        check_anchor(s.time.to);
        if (!s.time.between && to_minutes(s.time.window, "h") < 0) {
            type_error("a time window cannot be negative", s.time.window.pos);
        }
    }
    const bool episodes = s.kind == SK::kEpisodes;
    if (s.where) {
        c.where =
            condition(s.where, s.kind == SK::kCohort ? "a cohort definition" : "where", episodes);
    }
    for (const auto& e : s.scope)
        c.scope.push_back(condition(e, "within"));
    if (s.by) c.by = bind(s.by);
    for (const auto& e : s.exprs)
        c.exprs.push_back(bind(e));
    for (const auto& item : s.items)
        c.items.push_back(bind(item.expr));
    if (s.outcome) c.outcome = condition(s.outcome, "roc ... for");

    switch (s.kind) {
        case SK::kGrades:
            if (s.patient && !s.scope.empty()) {
                throw QueryError(ErrorKind::kInvalid,
                                 "grades " + s.patient->name +
                                     " shows one patient; 'within' selects patients for the "
                                     "whole-cohort form (grades within COND;)",
                                 s.scope.front()->pos);
            }
            break;
        case SK::kSummarize:
            for (size_t i = 0; i < c.exprs.size(); ++i) {
                if (c.exprs[i]->type != ValueType::kNumber) {
                    type_error("summarize needs numbers, but '" + s.exprs[i]->text + "' is " +
                                   type_name(c.exprs[i]->type),
                               s.exprs[i]->pos);
                }
            }
            break;
        case SK::kCompare:
            if (c.exprs[0]->type == ValueType::kText) {
                type_error("compare needs a number or a yes/no condition, but '" +
                               s.exprs[0]->text + "' is text (use table1 for categories)",
                           s.exprs[0]->pos);
            }
            break;
        case SK::kRoc:
            if (c.exprs[0]->type != ValueType::kNumber) {
                type_error("roc needs a numeric marker, but '" + s.exprs[0]->text + "' is " +
                               type_name(c.exprs[0]->type),
                           s.exprs[0]->pos);
            }
            break;
        case SK::kFold: {
            const store::EventKind lab = store::EventKind::kLab;
            resolve_code(s.name, &lab);
            break;
        }
        case SK::kSurvival:
            if (to_lower(s.name.name) != "os" && to_lower(s.name.name) != "pfs") {
                unknown("no survival endpoint '" + s.name.name + "' (use os or pfs)" +
                            did_you_mean(s.name.name, {"os", "pfs"}),
                        s.name.pos, s.name.name.size());
            }
            if (!s.at_unit.empty() && !minutes_per_unit(s.at_unit)) {
                type_error("'" + s.at_unit + "' is not a unit of time", s.pos);
            }
            break;
        case SK::kCohort:
            if (find_measure(s.name.name) != nullptr ||
                vocabulary_->attributes().count(s.name.name) > 0) {
                throw QueryError(
                    ErrorKind::kInvalid,
                    "'" + s.name.name + "' is already a measure or attribute; choose another name",
                    s.name.pos, static_cast<int>(s.name.name.size()));
            }
            break;
        case SK::kAmend:
        case SK::kRetract:
        case SK::kSign: {
            const std::string& text = s.kind == SK::kSign ? s.meaning : s.reason;
            if (text.find_first_not_of(" \t") == std::string::npos) {
                throw QueryError(ErrorKind::kInvalid,
                                 s.kind == SK::kSign ? "a signature needs a meaning"
                                                     : "a correction needs a non-empty reason",
                                 s.pos);
            }
            if (s.kind == SK::kAmend && !s.amend_value && !s.amend_text && !s.amend_day &&
                !s.amend_time && !s.amend_code) {
                throw QueryError(ErrorKind::kInvalid, "amend needs at least one new field", s.pos);
            }
            break;
        }
        case SK::kDiff:
            if (s.inner) {
                const SK k = s.inner->kind;
                if (k == SK::kSet || k == SK::kReset || k == SK::kCohort || k == SK::kDrop ||
                    k == SK::kAmend || k == SK::kRetract || k == SK::kSign || k == SK::kDiff ||
                    k == SK::kShow) {
                    throw QueryError(ErrorKind::kInvalid,
                                     "diff ... on needs a query statement (events, episodes, "
                                     "compare, ...)",
                                     s.inner->pos);
                }
                c.inner = std::make_shared<CheckedStatement>(
                    check_at(*s.inner, resolve_point(s.diff_to), def));
            }
            break;
        default:
            break;
    }
    return c;
}

}  // namespace dayzero::query
