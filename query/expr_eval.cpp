#include "query/expr_eval.h"

#include <cmath>

#include "derive/crs_definition.h"
#include "query/measures.h"

namespace dayzero::query {

const char* type_name(ValueType type) {
    switch (type) {
        case ValueType::kBool:
            return "yes/no";
        case ValueType::kNumber:
            return "a number";
        case ValueType::kText:
            return "text";
    }
    return "?";
}

std::optional<double> as_number(const Value& v) {
    if (const auto* i = std::get_if<int64_t>(&v)) return static_cast<double>(*i);
    if (const auto* d = std::get_if<double>(&v)) return *d;
    return std::nullopt;
}

std::string group_label(const Value& v) {
    if (std::holds_alternative<std::monostate>(v)) return "";
    if (const auto* b = std::get_if<bool>(&v)) return *b ? "yes" : "no";
    if (const auto* s = std::get_if<std::string>(&v)) return *s;
    return format_value(v, Column{"", ColumnType::kNumber, -1});
}

namespace {

using Kind = BoundExpr::Kind;

Value episode_field(const std::string& key, const derive::Episode& e) {
    auto i = [](int v) { return Value{static_cast<int64_t>(v)}; };
    if (key == "number") return i(e.number);
    if (key == "onset_day") return i(e.onset_day);
    if (key == "end_day") return i(e.end_day);
    if (key == "duration") return i(e.duration);
    if (key == "max_grade") return i(e.max_grade);
    if (key == "positive_days") return i(e.positive_days);
    if (key == "toci_doses") return i(e.toci_doses);
    if (key == "steroid_doses") return i(e.steroid_doses);
    if (key == "hours_to_toci") {
        return e.hours_onset_to_first_toci ? Value{*e.hours_onset_to_first_toci} : Value{};
    }
    if (key == "days_to_toci") {
        return e.days_onset_to_first_toci ? Value{static_cast<int64_t>(*e.days_onset_to_first_toci)}
                                          : Value{};
    }
    if (key == "masked") return Value{e.masked_from_day.has_value()};
    return {};
}

Value lab_value(const BoundExpr& b, PatientContext& ctx) {
    if (b.key == "*") {
        // fell(any): true if any cytokine fell, false if all decidable ones did not.
        bool fell = false;
        bool decided = false;
        ctx.for_each_lab([&](std::string_view, const derive::LabMeasure& lab) {
            if (!lab.fell_after_toci) return;
            fell = fell || *lab.fell_after_toci;
            decided = true;
        });
        if (fell) return true;
        return decided ? Value{false} : Value{};
    }
    // Codes match case-insensitively; of several spellings the last in code order counts.
    std::optional<derive::LabMeasure> found;
    ctx.for_each_lab([&](std::string_view code, const derive::LabMeasure& m) {
        if (derive::iequals(code, b.key)) found = m;
    });
    if (!found) return {};
    const derive::LabMeasure* lab = &*found;
    auto num = [](const std::optional<double>& v) { return v ? Value{*v} : Value{}; };
    switch (b.lab_field) {
        case LabField::kFoldChange:
            return num(lab->fold_change);
        case LabField::kBaseline:
            return num(lab->baseline);
        case LabField::kPeak:
            return num(lab->peak);
        case LabField::kFell:
            return lab->fell_after_toci ? Value{*lab->fell_after_toci} : Value{};
        case LabField::kMax:
            return {};
    }
    return {};
}

int compare_values(const Value& a, const Value& b) {
    if (auto x = as_number(a)) {
        const double y = *as_number(b);
        return *x < y ? -1 : (*x > y ? 1 : 0);
    }
    if (const auto* s = std::get_if<std::string>(&a)) {
        const std::string& t = std::get<std::string>(b);
        // Text compares case-insensitively: codes arrive in whatever case the source used.
        if (derive::iequals(*s, t)) return 0;
        return *s < t ? -1 : 1;
    }
    return std::get<bool>(a) == std::get<bool>(b) ? 0 : 1;
}

bool same_kind(const Value& a, const Value& b) {
    return as_number(a).has_value() == as_number(b).has_value() && a.index() != 0 &&
           b.index() != 0 && (as_number(a) || a.index() == b.index());
}

Value compare(const BoundExpr& b, PatientContext& ctx) {
    const Value l = evaluate(*b.children[0], ctx);
    const Value r = evaluate(*b.children[1], ctx);
    if (!same_kind(l, r)) return {};
    const int c = compare_values(l, r);
    switch (b.op) {
        case ast::CompareOp::kLt:
            return c < 0;
        case ast::CompareOp::kLe:
            return c <= 0;
        case ast::CompareOp::kGt:
            return c > 0;
        case ast::CompareOp::kGe:
            return c >= 0;
        case ast::CompareOp::kEq:
            return c == 0;
        case ast::CompareOp::kNe:
            return c != 0;
    }
    return {};
}

Value temporal(const BoundExpr& b, PatientContext& ctx) {
    const auto a = anchor_minute(b.from, ctx);
    const auto r = anchor_minute(b.to, ctx);
    if (!a || !r) return false;
    const double delta = static_cast<double>(*a - *r);
    switch (b.direction) {
        case ast::Direction::kOf:
            return std::fabs(delta) <= b.window_minutes;
        case ast::Direction::kAfter:
            return delta >= 0 && delta <= b.window_minutes;
        case ast::Direction::kBefore:
            return delta <= 0 && -delta <= b.window_minutes;
    }
    return false;
}

}  // namespace

std::optional<int64_t> anchor_minute(const ast::Anchor& anchor, PatientContext& ctx) {
    auto at = [](const store::Event& e) {
        return static_cast<int64_t>(e.day) * 1440 + (e.minute ? *e.minute : 0);
    };
    switch (anchor.kind) {
        case ast::Anchor::Kind::kInfusion:
            for (const auto& e : ctx.events()) {
                if (e.kind == store::EventKind::kInfusion) return at(e);
            }
            return 0;  // day 0 is the infusion day by definition
        case ast::Anchor::Kind::kOnset: {
            const auto& episodes = ctx.episodes();
            const derive::Episode* ep = ctx.episode;
            if (ep == nullptr && !episodes.empty()) ep = &episodes.front();
            if (ep == nullptr) return std::nullopt;
            return static_cast<int64_t>(ep->onset_day) * 1440 +
                   (ep->onset_minute ? *ep->onset_minute : 0);
        }
        case ast::Anchor::Kind::kFirst:
        case ast::Anchor::Kind::kLast: {
            const auto kind = store::parse_kind(anchor.event_kind.name);
            std::optional<int64_t> found;
            for (const auto& e : ctx.events()) {
                if (!kind || e.kind != *kind) continue;
                if (!anchor.code.name.empty() && !derive::iequals(e.code, anchor.code.name)) {
                    continue;
                }
                found = at(e);
                if (anchor.kind == ast::Anchor::Kind::kFirst) break;
            }
            return found;
        }
    }
    return std::nullopt;
}

Value evaluate(const BoundExpr& b, PatientContext& ctx) {
    switch (b.kind) {
        case Kind::kLiteral:
            return b.literal;
        case Kind::kMeasure:
            return ctx.measure(*b.measure);
        case Kind::kEpisodeField:
            return ctx.episode != nullptr ? episode_field(b.key, *ctx.episode) : Value{};
        case Kind::kAttribute: {
            const derive::BaselineValue* value = ctx.baseline(b.key);
            if (value == nullptr) return {};
            if (b.type == ValueType::kNumber) {
                return value->number ? Value{*value->number} : Value{};
            }
            if (!value->text.empty()) return value->text;
            return value->number ? Value{group_label(Value{*value->number})} : Value{};
        }
        case Kind::kLab:
            return lab_value(b, ctx);
        case Kind::kDoses:
        case Kind::kDoseMg: {
            const DoseTotal total = ctx.doses_of(b.key);
            if (b.kind == Kind::kDoses) return total.doses;
            return total.mg_known ? Value{total.mg} : Value{};
        }
        case Kind::kCohort:
            return holds(*b.children[0], ctx);
        case Kind::kCompare:
            return compare(b, ctx);
        case Kind::kIn: {
            const Value v = evaluate(*b.children[0], ctx);
            if (std::holds_alternative<std::monostate>(v)) return {};
            bool found = false;
            for (const auto& item : b.list) {
                if (same_kind(v, item) && compare_values(v, item) == 0) found = true;
            }
            return found != b.negated;
        }
        case Kind::kNot: {
            const Value v = evaluate(*b.children[0], ctx);
            if (const auto* x = std::get_if<bool>(&v)) return !*x;
            return {};
        }
        case Kind::kAnd:
        case Kind::kOr: {
            // Three-valued (Kleene), as `not` is: an unknown part leaves the whole unknown unless
            // the other part decides it, so `not (a and b)` with `a` unknown stays unknown (counted
            // as false at the end, and said) instead of becoming true.
            const bool decider = b.kind == Kind::kOr;  // the value that decides the whole
            const Value left = evaluate(*b.children[0], ctx);
            const auto* l = std::get_if<bool>(&left);
            if (l != nullptr && *l == decider) return decider;
            const Value right = evaluate(*b.children[1], ctx);
            const auto* r = std::get_if<bool>(&right);
            if (r != nullptr && *r == decider) return decider;
            if (l == nullptr || r == nullptr) return {};
            return !decider;
        }
        case Kind::kTemporal:
            return temporal(b, ctx);
    }
    return {};
}

bool holds(const BoundExpr& expr, PatientContext& ctx) {
    const Value v = evaluate(expr, ctx);
    const auto* b = std::get_if<bool>(&v);
    return b != nullptr && *b;
}

}  // namespace dayzero::query
