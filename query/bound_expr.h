#pragma once
// BoundExpr: a checked patient-level expression with every name resolved (measure, attribute,
// lab function, cohort) and its type known. Produced by the checker, consumed by expr_eval.

#include <memory>
#include <string>
#include <vector>

#include "query/ast.h"
#include "query/query_result.h"

namespace dayzero::query {

enum class ValueType { kBool, kNumber, kText };

// "yes/no", "number" or "text".
const char* type_name(ValueType type);

struct Measure;

// Which figure of a lab code's summary a lab function returns.
enum class LabField { kFoldChange, kBaseline, kPeak, kFell, kMax };

struct BoundExpr;
using BoundPtr = std::shared_ptr<const BoundExpr>;

struct BoundExpr {
    enum class Kind {
        kLiteral,
        kMeasure,
        kEpisodeField,
        kAttribute,
        kLab,
        kDoses,
        kDoseMg,
        kCohort,
        kCompare,
        kIn,
        kNot,
        kAnd,
        kOr,
        kTemporal,
    };
    Kind kind = Kind::kLiteral;
    ValueType type = ValueType::kBool;
    std::string label;                 // source text, used as a column or row label
    Value literal;                     // kLiteral (numbers already converted to the other side)
    const Measure* measure = nullptr;  // kMeasure
    std::string key;  // episode field, attribute, lab code ("*" = any cytokine), drug, cohort
    LabField lab_field = LabField::kFoldChange;
    ast::CompareOp op = ast::CompareOp::kEq;
    bool negated = false;
    std::vector<Value> list;         // kIn
    std::vector<BoundPtr> children;  // operands; kCohort: the cohort's definition
    ast::Anchor from, to;            // kTemporal
    double window_minutes = 0;
    ast::Direction direction = ast::Direction::kOf;
    bool categorical = false;  // grades and text: tabulate as categories
};

// A text value a statement compares an attribute or measure with (`sex = 'male'`): before the
// statement runs, the evaluator checks that some patient has it (a value no patient has would
// silently count nobody).
struct TextValueUse {
    BoundPtr value;  // the attribute or measure
    std::string text;
    ast::SourcePos pos;
    int width = 1;
};

}  // namespace dayzero::query
