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
struct PatientCourse;    // query/patient_course.h

// How a column's values should be read and rendered.
enum class ColumnType {
    kText,
    kInteger,
    kNumber,  // a real number; renderers choose digits (see `decimals`)
    kPValue,  // a p-value: 3 significant digits, "< 0.001" below that
    kBool,
    kDay,   // day post-infusion (integer)
    kTime,  // clock time "HH:MM" stored as text
    // A confidence interval, stored as text "LOW to HIGH" with every digit (interval_text in
    // query/cell_text.h) or "-"; shown with 3 significant digits (or `decimals`), exported whole.
    kInterval,
};

// A cell: null, integer, real, text or boolean.
using Value = std::variant<std::monostate, int64_t, double, std::string, bool>;

struct Column {
    std::string name;
    ColumnType type = ColumnType::kText;
    int decimals = -1;  // for kNumber: fixed decimals to print; -1 = 6 significant digits
    // kNumber: a recorded measurement, shown with every digit it was recorded with (at least
    // `decimals`), so rounding never contradicts a flag derived from it (37.98 °C, no fever).
    bool recorded = false;
};

// The result of one statement: a table (possibly empty), or an error.
struct QueryResult {
    bool ok = true;
    std::string error;  // full message incl. position and caret lines
    // The error's own words, without position or source lines: for callers that ran a statement
    // on the user's behalf and report it against what the user typed (plots).
    std::string reason;
    // Where the error points in the executed text (1-based line and column, and how many
    // columns); 0 when it points nowhere.
    int error_line = 0, error_column = 0, error_width = 0;
    std::string title;  // e.g. "Daily CRS grade, P007 (ASTCT 2019)"
    std::vector<Column> columns;
    std::vector<std::vector<Value>> rows;
    // True when the rows were handed to a RowSink while the statement ran (query/row_sink.h):
    // `rows` is then empty and `row_total` counts what the sink received.
    bool streamed = false;
    uint64_t row_total = 0;
    std::vector<std::string> notes;  // definitions used, warnings, "not computable: ..."
    // Notes (copies of some of `notes`) a screen may leave out because the session has already
    // shown them: the default CRS definition after its first showing. Exports keep every note.
    std::vector<std::string> quiet_notes;
    std::string message;  // for statements without a table ("cohort toci: 38")
    // `survival` only: the fitted curves behind the table, for figures (null otherwise).
    std::shared_ptr<const SurvivalCurves> survival;
    // `cox` and `logistic` only: the estimates behind the table, for a forest plot.
    std::shared_ptr<const ModelFigure> model;
    // `incidence` only: the cumulative-incidence curves behind the table, for figures.
    std::shared_ptr<const IncidenceCurves> incidence;
    // `grades PATIENT` only: the timeline and derivation behind the table, for the case-report
    // figure (null otherwise).
    std::shared_ptr<const PatientCourse> course;

    // An error result with `message` as its text.
    static QueryResult failure(std::string message);
    // True when the result has a table to render.
    bool has_table() const { return !columns.empty(); }
    // Rows in the table, whether held in `rows` or streamed.
    uint64_t row_count() const { return streamed ? row_total : rows.size(); }
};

// Formats a p-value the way analysts expect: 3 significant digits, "< 0.001" below 0.001.
std::string format_p_value(double p);

// Formats a cell as plain text (no padding) according to its column's type, for reading: p-values
// to 3 significant digits, fixed decimals where the column sets them, else 6 significant digits.
std::string format_value(const Value& value, const Column& column);

// The shortest text that reads back to exactly `v`; NA, Inf and -Inf for the values without one.
std::string exact_real(double v);

// Formats a cell for export (CSV, TSV): like format_value, except that every real number is the
// shortest text that reads back to the same double (std::to_chars), so an exported value equals
// the stored or computed one bit for bit.
std::string format_exact(const Value& value, const Column& column);

}  // namespace dayzero::query
