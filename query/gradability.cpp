#include "query/gradability.h"

#include "query/expr_eval.h"
#include "query/measures.h"

namespace dayzero::query {

namespace {

// Patients named in a note; the rest are counted.
constexpr size_t kNamed = 10;

bool anchor_reads_grading(const ast::Anchor& a) {
    return a.kind == ast::Anchor::Kind::kOnset;
}

}  // namespace

bool reads_grading(const BoundExpr& e) {
    switch (e.kind) {
        case BoundExpr::Kind::kMeasure:
            if (e.measure != nullptr && e.measure->graded) return true;
            break;
        case BoundExpr::Kind::kEpisodeField:
            return true;
        case BoundExpr::Kind::kTemporal:
            if (anchor_reads_grading(e.from) || anchor_reads_grading(e.to)) return true;
            break;
        default:
            break;
    }
    for (const auto& child : e.children) {
        if (child && reads_grading(*child)) return true;
    }
    return false;
}

bool any_reads_grading(const std::vector<BoundPtr>& exprs) {
    for (const auto& e : exprs) {
        if (e && reads_grading(*e)) return true;
    }
    return false;
}

std::string ungradable_reason() {
    return "no temperature in the grading window";
}

void UngradedList::add(const std::string& id) {
    ++count_;
    if (shown_.size() < kNamed) shown_.push_back(id);
}

std::string UngradedList::names() const {
    std::string out;
    for (const auto& id : shown_)
        out += (out.empty() ? "" : ", ") + id;
    const int64_t rest = count_ - static_cast<int64_t>(shown_.size());
    if (rest > 0) out += " and " + std::to_string(rest) + " more";
    return out;
}

std::string UngradedList::left_out_note(const std::string& what) const {
    if (count_ == 0) return {};
    return (what.empty() ? std::string() : what + ": ") + std::to_string(count_) +
           (count_ == 1 ? " patient" : " patients") + " not gradable (" + ungradable_reason() +
           ") left out: " + names();
}

GradedPass::GradedPass(bool reads, const std::vector<BoundPtr>& scope) : reads_(reads) {
    for (const auto& condition : scope) {
        if (condition && reads_grading(*condition)) {
            graded_scope_.push_back(condition);
            reads_ = true;
        } else {
            filters_.push_back(condition);
        }
    }
}

bool GradedPass::admit(PatientContext& ctx) {
    if (!reads_) return true;
    if (!ctx.gradable()) {
        left_.add(ctx.id());
        return false;
    }
    for (const auto& condition : graded_scope_) {
        if (!holds(*condition, ctx)) return false;
    }
    return true;
}

void GradedPass::add_note(std::vector<std::string>& notes) const {
    if (left_.count() > 0) notes.push_back(left_.left_out_note());
}

}  // namespace dayzero::query
