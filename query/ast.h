#pragma once
// The query language's abstract syntax tree: what the parser adapter produces and the checker and
// evaluator consume. No ANTLR type appears here.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "query/query_result.h"

namespace dayzero::query::ast {

// Where a construct starts in the statement's source (1-based line and column).
struct SourcePos {
    int line = 0;
    int column = 0;
};

// A name as written, with its position (for errors that point at it).
struct NameRef {
    std::string name;
    SourcePos pos;
};

// A number with an optional unit as written (`38.3 C`, `72 h`, `6 L/min`).
struct Quantity {
    double value = 0;
    std::string unit;
    SourcePos pos;
};

// A moment in a patient's timeline used by temporal filters.
struct Anchor {
    enum class Kind { kInfusion, kOnset, kFirst, kLast };
    Kind kind = Kind::kInfusion;
    NameRef event_kind;  // kFirst/kLast: the event kind ("dose")
    NameRef code;        // optional code ("tocilizumab")
    SourcePos pos;
};

// How two moments relate in `a within Q of|after|before b`.
enum class Direction { kOf, kAfter, kBefore };

enum class CompareOp { kLt, kLe, kGt, kGe, kEq, kNe };

enum class ExprKind { kLiteral, kName, kCall, kCompare, kIn, kNot, kAnd, kOr, kTemporal };

struct Expr;
using ExprPtr = std::shared_ptr<const Expr>;

// One node of a patient-level expression. A flat node keeps the tree simple to build and walk.
struct Expr {
    ExprKind kind = ExprKind::kLiteral;
    SourcePos pos;
    std::string text;               // the source text of this node (labels in result tables)
    Value literal;                  // kLiteral
    std::string unit;               // kLiteral: unit of a quantity
    NameRef name;                   // kName, kCall
    std::vector<NameRef> args;      // kCall
    CompareOp op = CompareOp::kEq;  // kCompare
    bool negated = false;           // kIn: `not in`
    std::vector<Value> list;        // kIn
    std::vector<ExprPtr> children;  // operands
    Anchor from, to;                // kTemporal: `from within window of/after/before to`
    Quantity window;                // kTemporal
    Direction direction = Direction::kOf;
};

// `as of` points and diff endpoints.
struct Point {
    enum class Kind { kNow, kSeq, kInstant };
    Kind kind = Kind::kNow;
    uint64_t seq = 0;
    std::string instant;
    SourcePos pos;
};

// One definition override: `fever 38.3 C`, `window 0 to 28`, `masking (tocilizumab)`, `gap
// default`.
struct Setting {
    enum class Form { kQuantity, kRange, kList, kDefault };
    Form form = Form::kDefault;
    NameRef name;
    Quantity quantity;
    double from = 0;
    double to = 0;
    std::vector<NameRef> list;
};

// A temporal event filter: `within 12 h after onset` or `between A and B`.
struct EventTime {
    bool present = false;
    bool between = false;
    Quantity window;
    Direction direction = Direction::kOf;
    Anchor from, to;  // between: from..to; near: `to` is the reference anchor
};

// One row group of `table1`: an expression, optional bins and label.
struct TableItem {
    ExprPtr expr;
    std::vector<double> bins;
    std::string label;
};

enum class StatementKind {
    kEvents,
    kGrades,
    kEpisodes,
    kMeasures,
    kPatients,
    kCount,
    kSummarize,
    kCohort,
    kDrop,
    kCompare,
    kTable1,
    kFold,
    kRoc,
    kSurvival,
    kSet,
    kReset,
    kShow,
    kHistory,
    kAmend,
    kRetract,
    kSign,
    kDiff,
};

// A statement; which fields are meaningful depends on `kind` (see docs/QUERY.md).
struct Statement {
    StatementKind kind = StatementKind::kEvents;
    SourcePos pos;
    std::string text;  // source text of the body

    std::optional<NameRef> patient;  // events, grades, episodes, measures, history, diff
    std::optional<int> day_from, day_to;
    std::vector<NameRef> kinds, codes;
    EventTime time;

    ExprPtr where;                 // patients, count, episodes, cohort definition
    ExprPtr by;                    // grouping: count, summarize, compare, table1, survival
    std::vector<ExprPtr> scope;    // `within` predicates (strata for compare)
    std::vector<ExprPtr> exprs;    // show/summarize list, compare measure, roc score
    ExprPtr outcome;               // roc: `for` condition
    NameRef name;                  // cohort name, survival endpoint, foldchange analyte, ...
    std::vector<TableItem> items;  // table1
    std::vector<double> at;        // survival time points
    std::string at_unit;

    std::vector<Setting> settings;  // `set` and `with`
    std::optional<Point> as_of;

    // Audit statements.
    uint64_t seq = 0;  // history seq / amend / retract / sign tx
    bool history_of_seq = false;
    std::optional<Quantity> amend_value;
    std::optional<std::string> amend_text, amend_time;
    std::optional<int> amend_day;
    std::optional<NameRef> amend_code;
    std::string reason, meaning, signer;
    Point diff_from, diff_to;
    std::shared_ptr<Statement> inner;  // diff ... on <statement>
};

}  // namespace dayzero::query::ast
