#pragma once
// QueryResult: the typed table every statement produces, and the only thing the shell renders.

#include <cstdint>
#include <memory>
#include <string>
#include <variant>
#include <vector>

namespace dayzero::query {

struct SurvivalCurves;   // query/survival_curves.h
struct ModelFigure;      // query/model_figure.h
struct IncidenceCurves;  // query/incidence_curves.h

// How a column's values should be read and rendered.
enum class ColumnType {
    kText,
    kInteger,
    kNumber,  // a real number; renderers choose digits (see `decimals`)
    kPValue,  // a p-value: 3 significant digits, "< 0.001" below that
    kBool,
    kDay,   // day post-infusion (integer)
    kTime,  // clock time "HH:MM" stored as text
};

// A cell: null, integer, real, text or boolean.
using Value = std::variant<std::monostate, int64_t, double, std::string, bool>;

struct Column {
    std::string name;
    ColumnType type = ColumnType::kText;
    int decimals = -1;  // for kNumber: fixed decimals to print; -1 = shortest faithful form
};

// The result of one statement: a table (possibly empty), or an error.
struct QueryResult {
    bool ok = true;
    std::string error;  // full message incl. position and caret lines
    std::string title;  // e.g. "Daily CRS grade, P007 (ASTCT 2019)"
    std::vector<Column> columns;
    std::vector<std::vector<Value>> rows;
    std::vector<std::string> notes;  // definitions used, warnings, "not computable: ..."
    std::string message;             // for statements without a table ("cohort toci: 38")
    // `survival` only: the fitted curves behind the table, for figures (null otherwise).
    std::shared_ptr<const SurvivalCurves> survival;
    // `cox` and `logistic` only: the estimates behind the table, for a forest plot.
    std::shared_ptr<const ModelFigure> model;
    // `incidence` only: the cumulative-incidence curves behind the table, for figures.
    std::shared_ptr<const IncidenceCurves> incidence;

    // An error result with `message` as its text.
    static QueryResult failure(std::string message);
    // True when the result has a table to render.
    bool has_table() const { return !columns.empty(); }
};

// Formats a p-value the way analysts expect: 3 significant digits, "< 0.001" below 0.001.
std::string format_p_value(double p);

// Formats a cell as plain text (no padding) according to its column's type.
std::string format_value(const Value& value, const Column& column);

}  // namespace dayzero::query
