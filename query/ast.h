#pragma once
// The query language's abstract syntax tree: what the parser adapter produces and the checker and
// evaluator consume. No ANTLR type appears here.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <variant>
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
    std::string text;                     // the source text of this node (labels in result tables)
    Value literal;                        // kLiteral
    std::string unit;                     // kLiteral: unit of a quantity
    NameRef name;                         // kName, kCall
    std::vector<NameRef> args;            // kCall
    CompareOp op = CompareOp::kEq;        // kCompare
    bool negated = false;                 // kIn: `not in`
    std::vector<Value> list;              // kIn
    std::vector<std::string> list_units;  // kIn: each list value's unit ("" for none)
    std::vector<ExprPtr> children;        // operands
    Anchor from, to;                      // kTemporal: `from within window of/after/before to`
    Quantity window;                      // kTemporal
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
    // kSaved: `definition NAME`, a saved definition (`name` is its name) replacing the one in
    // force.
    enum class Form { kQuantity, kRange, kList, kDefault, kSaved };
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
    std::optional<NameRef> test;  // `using NAME`: the test instead of the default rule
};

// One statement type per statement of the language (docs/QUERY.md). Each holds only what its
// statement says; what every statement shares (position, text, `with`, `as of`) is in Statement.

// `events [P] [days A to B] [kinds ...] [codes ...] [within ... | between ...] [within COND]`
struct EventsStmt {
    std::optional<NameRef> patient;
    std::optional<int> day_from, day_to;
    std::vector<NameRef> kinds, codes;
    EventTime time;
    std::vector<ExprPtr> scope;
};

// `grades [P] [within COND, ...]`
struct GradesStmt {
    std::optional<NameRef> patient;
    std::vector<ExprPtr> scope;
};

// `episodes [P] [where COND] [within COND, ...]`
struct EpisodesStmt {
    std::optional<NameRef> patient;
    ExprPtr where;
    std::vector<ExprPtr> scope;
};

// `measures P`
struct MeasuresStmt {
    NameRef patient;
};

// `coverage [P] [within COND, ...]`
struct CoverageStmt {
    std::optional<NameRef> patient;
    std::vector<ExprPtr> scope;
};

// `patients [where COND] [show E, ...] [within COND, ...]`
struct PatientsStmt {
    ExprPtr where;
    std::vector<ExprPtr> columns;
    std::vector<ExprPtr> scope;
};

// `count [where COND] [by E] [within COND, ...] [with ci]`
struct CountStmt {
    ExprPtr where;
    ExprPtr by;
    std::vector<ExprPtr> scope;
    bool ci = false;  // `with ci`: Clopper-Pearson interval of each percentage
};

// `summarize E, ... [by E] [within COND, ...]`
struct SummarizeStmt {
    std::vector<ExprPtr> exprs;
    ExprPtr by;
    std::vector<ExprPtr> scope;
};

// `cohort NAME = patients where COND`
struct CohortStmt {
    NameRef name;
    ExprPtr where;
};

// `drop cohort NAME [by 'AUTHOR'] [reason '...']`: a saved cohort needs the reason.
struct DropStmt {
    NameRef name;
    std::string author;                 // empty: the writer's default author
    std::optional<std::string> reason;  // given: the drop is recorded in the store
    bool definition = false;            // `drop definition NAME`: a saved CRS definition
};

// `save cohort NAME [by 'AUTHOR'] [reason '...']`: records the session's cohort in the store.
// `save definition NAME ...` records the CRS definition in force for the statement instead.
struct SaveStmt {
    NameRef name;
    std::string author;       // empty: the writer's default author
    std::string reason;       // optional
    bool definition = false;  // a saved CRS definition
};

// `compare E by E [within COND, ...] [using TEST]`: each `within` condition is a stratum.
struct CompareStmt {
    ExprPtr measure;
    ExprPtr by;
    std::vector<ExprPtr> strata;
    std::optional<NameRef> test;  // `using NAME`
};

// `table1 by E [within COND, ...] [with ci]: ITEM [using TEST], ...`
struct Table1Stmt {
    ExprPtr by;
    std::vector<TableItem> items;
    std::vector<ExprPtr> scope;
    bool ci = false;  // `with ci`: Clopper-Pearson interval of each percentage
};

// `foldchange LAB [within COND, ...]`
struct FoldStmt {
    NameRef analyte;
    std::vector<ExprPtr> scope;
};

// `roc E for COND [within COND, ...]`
struct RocStmt {
    ExprPtr score;
    ExprPtr outcome;
    std::vector<ExprPtr> scope;
};

// `survival os|pfs by E [at T, ... UNIT] [within COND, ...]`
struct SurvivalStmt {
    NameRef endpoint;
    ExprPtr by;
    std::vector<double> at;
    std::string at_unit;
    std::vector<ExprPtr> scope;
};

// `set SETTING`
struct SetStmt {
    Setting setting;
};

// `reset [NAME]`: one setting back to its default, or all of them when `name` is empty.
struct ResetStmt {
    NameRef name;
};

// `show definitions|cohorts|measures`
struct ShowStmt {
    NameRef what;
};

// `history P` or `history seq N`
struct HistoryStmt {
    std::optional<NameRef> patient;
    std::optional<uint64_t> seq;
    bool cohorts = false;      // `history cohorts`: the saved cohorts' records
    bool definitions = false;  // `history definitions`: the saved definitions' records
};

// `amend SEQ FIELD ... reason '...'`: at least one new field (the checker enforces it).
struct AmendStmt {
    uint64_t seq = 0;
    std::string reason;
    std::optional<Quantity> value;
    std::optional<std::string> text, time;
    std::optional<int> day;
    std::optional<NameRef> code;
};

// `retract SEQ reason '...'`
struct RetractStmt {
    uint64_t seq = 0;
    std::string reason;
};

// `sign tx N meaning '...' [by SIGNER] [using 'KEY FILE']`
struct SignStmt {
    uint64_t tx = 0;
    std::string meaning, signer;  // signer: optional, checked against the key's registered name
    std::string key_path;         // the signer's private key file
};

struct Statement;

// `diff POINT to POINT [P | on STATEMENT]`
struct DiffStmt {
    Point from, to;
    std::optional<NameRef> patient;
    std::shared_ptr<const Statement> inner;  // `on <statement>`: no `with` or `as of` of its own
};

// A model covariate: `E` or `E ref LITERAL` (a category with that reference level).
struct Covariate {
    ExprPtr expr;
    std::optional<Value> reference;
    SourcePos reference_pos;
};

// `cox os|pfs on COV, ... [within COND, ...]`
struct CoxStmt {
    NameRef endpoint;
    std::vector<Covariate> covariates;
    std::vector<ExprPtr> scope;
};

// `logistic COND on COV, ... [within COND, ...]`
struct LogisticStmt {
    ExprPtr outcome;
    std::vector<Covariate> covariates;
    std::vector<ExprPtr> scope;
};

// `incidence relapse|nrm [by E] [within COND, ...] [at T, ... UNIT]`
struct IncidenceStmt {
    NameRef event;
    ExprPtr by;
    std::vector<double> at;
    std::string at_unit;
    std::vector<ExprPtr> scope;
};

// `correlate E, E [within COND, ...] [using pearson|spearman]`
struct CorrelateStmt {
    ExprPtr x, y;
    std::vector<ExprPtr> scope;
    std::optional<NameRef> method;
};

using StatementBody =
    std::variant<EventsStmt, GradesStmt, EpisodesStmt, MeasuresStmt, PatientsStmt, CountStmt,
                 SummarizeStmt, CohortStmt, DropStmt, SaveStmt, CompareStmt, Table1Stmt, FoldStmt,
                 RocStmt, SurvivalStmt, SetStmt, ResetStmt, ShowStmt, HistoryStmt, AmendStmt,
                 RetractStmt, SignStmt, DiffStmt, CorrelateStmt,
                 // models
                 CoxStmt, LogisticStmt, IncidenceStmt, CoverageStmt>;

// A parsed statement: its own type in `body`, and the clauses any statement may carry.
struct Statement {
    SourcePos pos;
    std::string text;  // source text of the body
    StatementBody body;
    std::vector<Setting> with;  // `with` definition overrides, for this statement only
    std::optional<Point> as_of;
};

}  // namespace dayzero::query::ast
