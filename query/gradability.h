#pragma once
// Gradability in statements (docs/DERIVATIONS.md §3.1): which expressions read the ASTCT grading,
// and the patients that cannot be graded, left out of what does and named in a note, the way
// compare names the patients a measure leaves out.

#include <cstdint>
#include <string>
#include <vector>

#include "query/bound_expr.h"
#include "query/patient_context.h"

namespace dayzero::query {

// True when `e` reads a value of the CRS grading: a graded measure (max_grade, severe,
// first_duration, ...), an episode field, the onset anchor, or a cohort whose definition does.
bool reads_grading(const BoundExpr& e);

// True when any of `exprs` (null entries allowed) reads the grading.
bool any_reads_grading(const std::vector<BoundPtr>& exprs);

// "no temperature in the grading window": why a patient is not gradable, for notes.
std::string ungradable_reason();

// Patients that cannot be graded, counted, with the first few named.
class UngradedList {
  public:
    // Adds patient `id`.
    void add(const std::string& id);
    int64_t count() const { return count_; }
    // "2 patients not gradable (no temperature in the grading window) left out: P1, P2", with
    // "what: " in front when `what` is not empty; "" when the list is empty.
    std::string left_out_note(const std::string& what = "") const;
    // "P1, P2, P3 and 4 more".
    std::string names() const;

  private:
    int64_t count_ = 0;
    std::vector<std::string> shown_;
};

// One cohort statement's pass over the patients: when the statement's own expressions or its
// `within` conditions read the grading, patients that cannot be graded take no part (the scope's
// other conditions are tested first, so only patients the statement would have used are named).
class GradedPass {
  public:
    // `reads`: the statement's expressions (besides the scope) read the grading.
    GradedPass(bool reads, const std::vector<BoundPtr>& scope);
    // The conditions to hand ReadPath::patients: the scope's that do not read the grading.
    const std::vector<BoundPtr>& filters() const { return filters_; }
    // After those filters: true when the patient takes part; a patient that cannot be graded is
    // counted and left out when anything reads the grading.
    bool admit(PatientContext& ctx);
    const UngradedList& left_out() const { return left_; }
    // Appends the note naming the patients left out (nothing when none).
    void add_note(std::vector<std::string>& notes) const;

  private:
    bool reads_ = false;
    std::vector<BoundPtr> filters_, graded_scope_;
    UngradedList left_;
};

}  // namespace dayzero::query
