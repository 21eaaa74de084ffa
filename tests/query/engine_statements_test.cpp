// QueryEngine statements over the fixture cohort: results are checked against values known by
// construction and against the stats library run on the same numbers.
#include <algorithm>
#include <cmath>

#include <catch2/catch.hpp>

#include "crs_fixture.h"
#include "query/cell_text.h"
#include "stats/fisher.h"
#include "stats/wilcoxon.h"

using namespace dayzero;
using namespace dayzero::query;
using namespace dayzero::query::testing;

namespace {

struct Fixture {
    TempStore db;
    QueryEngine engine{db.store()};
    Fixture() { fill_fixture(db); }
};

}  // namespace

TEST_CASE("grades gives one row per window day with the episode's grades") {
    Fixture f;
    const QueryResult r = run(f.engine, "grades P002;");
    REQUIRE(r.rows.size() == 29);  // days 0..28
    CHECK(cell(r, 1, "grade") == "0");
    CHECK(cell(r, 2, "fever") == "yes");
    CHECK(cell(r, 2, "grade") == "1");
    CHECK(cell(r, 3, "hypoxia") == "3");
    CHECK(cell(r, 3, "grade") == "3");
    CHECK(r.notes.front().rfind("CRS definition:", 0) == 0);
}

TEST_CASE("episodes lists every episode and filters on episode fields") {
    Fixture f;
    QueryResult r = run(f.engine, "episodes;");
    CHECK(r.rows.size() == 10);
    r = run(f.engine, "episodes where max_grade >= 3;");
    REQUIRE(r.rows.size() == 6);
    CHECK(cell(r, 1, "patient") == "P002");
    CHECK(cell(r, 1, "onset") == "2");
    CHECK(cell(r, 1, "duration") == "5");
    r = run(f.engine, "episodes P004;");
    REQUIRE(r.rows.size() == 1);
    CHECK(cell(r, 0, "end") == "8");
}

TEST_CASE("count patients by max_grade shows grades 0-5 with percentages") {
    Fixture f;
    const QueryResult r = run(f.engine, "count patients by max_grade;");
    REQUIRE(r.rows.size() == 6);
    CHECK(cell(r, 0, "max_grade") == "0");
    CHECK(cell(r, 0, "n") == "2");
    CHECK(cell(r, 1, "n") == "4");
    CHECK(cell(r, 3, "n") == "6");
    CHECK(cell(r, 3, "percent") == "50.0");
    CHECK(cell(r, 5, "n") == "0");
}

TEST_CASE("cohorts are named, counted and reused") {
    Fixture f;
    QueryResult r = run(f.engine, "cohort toci = patients where doses(tocilizumab) > 0;");
    CHECK(r.message == "cohort toci: 5 patients");
    r = run(f.engine, "cohort young_severe = patients where severe and not age >= 50;");
    CHECK(r.message == "cohort young_severe: 3 patients");
    r = run(f.engine, "count patients where toci and sex = M;");
    CHECK(cell(r, 0, "n") == "3");
    CHECK(f.engine.cohort_names().size() == 2);
}

TEST_CASE("compare first_duration by toci within strata matches the Mann-Whitney test") {
    Fixture f;
    run(f.engine, "cohort toci = patients where doses(tocilizumab) > 0;");
    const QueryResult r = run(f.engine, "compare first_duration by toci within severe, mild;");
    REQUIRE(r.rows.size() == 4);
    CHECK(cell(r, 0, "within") == "severe");
    CHECK(cell(r, 0, "group") == "toci");
    CHECK(cell(r, 0, "n") == "3");
    CHECK(cell(r, 0, "median (range)") == "4 (3-5)");
    CHECK(cell(r, 1, "median (range)") == "7 (6-8)");
    const auto w = stats::wilcoxon_rank_sum({3, 5, 4}, {6, 8, 7});
    REQUIRE(w.p);
    CHECK(std::get<double>(r.rows[0][col(r, "p")]) == Approx(*w.p));
    CHECK(std::holds_alternative<std::monostate>(r.rows[1][col(r, "p")]));
    CHECK(r.columns[col(r, "p")].type == ColumnType::kPValue);
}

TEST_CASE("compare a condition by group uses Fisher's exact test") {
    Fixture f;
    run(f.engine, "cohort toci = patients where doses(tocilizumab) > 0;");
    const QueryResult r = run(f.engine, "compare max_grade >= 3 by toci;");
    REQUIRE(r.rows.size() == 2);
    CHECK(cell(r, 0, "n (%)") == "3 (60.0%)");
    CHECK(cell(r, 1, "n (%)") == "3 (42.9%)");
    const auto fisher = stats::fisher_exact({{3, 2}, {3, 4}});
    CHECK(std::get<double>(r.rows[0][col(r, "p")]) == Approx(*fisher.p));
}

TEST_CASE("summarize gives median and range overall and by group") {
    Fixture f;
    const QueryResult r = run(f.engine, "summarize onset_day by severe;");
    REQUIRE(r.rows.size() == 3);
    CHECK(cell(r, 0, "group") == "all");
    CHECK(cell(r, 0, "n") == "10");
    CHECK(cell(r, 1, "median (range)") == "1.5 (1-3)");
}

TEST_CASE("a definition can change for one statement or for the session") {
    Fixture f;
    CHECK(run(f.engine, "count patients where crs;").rows[0][0] == Value{int64_t{10}});
    const QueryResult once = run(f.engine, "count patients where crs with fever 38.7 C;");
    CHECK(once.rows[0][0] == Value{int64_t{0}});
    CHECK(once.notes.front().find("38.7") != std::string::npos);
    CHECK(once.notes.front().find("this statement only") != std::string::npos);
    CHECK(run(f.engine, "count patients where crs;").rows[0][0] == Value{int64_t{10}});
    run(f.engine, "set fever 101.5 F;");  // 38.61 C: above every fixture fever
    CHECK(run(f.engine, "count patients where crs;").rows[0][0] == Value{int64_t{0}});
    run(f.engine, "reset;");
    CHECK(run(f.engine, "count patients where crs;").rows[0][0] == Value{int64_t{10}});
}

TEST_CASE("table1 tabulates numbers, conditions, categories and bins with adjusted p") {
    Fixture f;
    run(f.engine, "cohort toci = patients where doses(tocilizumab) > 0;");
    const QueryResult r =
        run(f.engine, "table1 by toci: age, sex = 'M' as male, max_grade, age bins (40, 60);");
    CHECK(r.columns[1].name == "toci (n=5)");
    CHECK(r.columns[2].name == "not toci (n=7)");
    CHECK(cell(r, 0, "characteristic") == "age, median (range)");
    CHECK(cell(r, 0, "toci (n=5)") == "45 (34-61)");
    CHECK(cell(r, 1, "toci (n=5)") == "3 (60.0%)");
    const size_t p = col(r, "p");
    const size_t adj = col(r, "p (Bonferroni)");
    const double raw = std::get<double>(r.rows[0][p]);
    CHECK(std::get<double>(r.rows[0][adj]) == Approx(std::min(1.0, raw * 4)));
    const auto last = r.rows.size();
    CHECK(cell(r, last - 3, "characteristic") == "  < 40");
    CHECK(cell(r, last - 1, "characteristic") == "  > 60");
}

TEST_CASE("survival by group gives KM medians and a log-rank p") {
    Fixture f;
    const QueryResult r = run(f.engine, "survival os by severe at 12 months;");
    REQUIRE(r.rows.size() == 2);
    CHECK(cell(r, 0, "n") == "6");
    CHECK(cell(r, 0, "events") == "3");
    CHECK(r.columns[col(r, "S(12 months)")].type == ColumnType::kNumber);
    CHECK(r.rows[0][col(r, "p (log-rank)")].index() == 2);
}

TEST_CASE("roc and fold change of IL6") {
    Fixture f;
    QueryResult r = run(f.engine, "foldchange IL6;");
    CHECK(r.rows.size() == 12);
    r = run(f.engine, "roc foldchange(IL6) for severe;");
    CHECK(cell(r, 0, "n_positive") == "6");
    CHECK(cell(r, 0, "auc") == "1.000");
    CHECK(cell(r, 0, "cutoff (>=)") == "8.00");
}

TEST_CASE("temporal predicates and event windows") {
    Fixture f;
    QueryResult r = run(f.engine, "count patients where onset within 72 h after infusion;");
    // infusion day 0 09:00; onset day 1 10:00 = 25 h, day 2 = 49 h, day 3 = 73 h
    CHECK(cell(r, 0, "n") == "7");
    r = run(f.engine, "events kinds dose within 12 h after onset;");
    CHECK(r.rows.size() == 5);
    r = run(f.engine, "events P002 kinds temp between first dose(tocilizumab) and last oxygen;");
    CHECK(r.rows.size() == 4);  // days 3-6 at 10:00: after the dose (day 2 12:00), before 20:00
}

TEST_CASE("type errors and unknown names are reported with positions") {
    Fixture f;
    QueryResult r = run(f.engine, "count patients where age;", false);
    CHECK(r.error.rfind("Type error at 1:22: where needs a yes/no condition", 0) == 0);
    r = run(f.engine, "count patients where max_grad >= 3;", false);
    CHECK(r.error.find("did you mean 'max_grade'?") != std::string::npos);
    r = run(f.engine, "compare age by severe using fisher;", false);
    CHECK(r.error.rfind("Type error at 1:29: test 'fisher' needs categories", 0) == 0);
    r = run(f.engine, "compare age by severe using anova;", false);
    CHECK(r.error.find("no test 'anova'") != std::string::npos);
    r = run(f.engine, "set fevr 38 C;", false);
    CHECK(r.error.find("did you mean 'fever'?") != std::string::npos);
    r = run(f.engine, "count patients where first_duration > 2 mg;", false);
    CHECK(r.error.find("measured in days") != std::string::npos);
}

TEST_CASE("repeated statements reuse per-patient summaries until the store or definition changes") {
    Fixture f;
    const QueryResult first = run(f.engine, "compare first_duration by toci within severe;",
                                  false);  // toci is not defined yet: an error, nothing cached
    CHECK_FALSE(first.ok);
    run(f.engine, "cohort toci = patients where doses(tocilizumab) > 0;");
    const QueryResult a = run(f.engine, "compare first_duration by toci within severe;");
    const QueryResult b = run(f.engine, "compare first_duration by toci within severe;");
    REQUIRE(a.rows.size() == b.rows.size());
    for (size_t i = 0; i < a.rows.size(); ++i)
        CHECK(a.rows[i] == b.rows[i]);
    CHECK(cell(run(f.engine, "count patients where crs;"), 0, "n") == "10");
    f.db.append({temp("P013", 1, 39.0), ev("P013", 0, store::EventKind::kInfusion, "x", 1.0)});
    CHECK(cell(run(f.engine, "count patients where crs;"), 0, "n") == "11");
    CHECK(cell(run(f.engine, "count patients where crs with fever 39.5 C;"), 0, "n") == "0");
    CHECK(cell(run(f.engine, "count patients where toci;"), 0, "n") == "5");
}

TEST_CASE("a confidence interval is read to 3 significant digits and exported whole") {
    const Column ci{"95% CI", ColumnType::kInterval};
    const Value cell = interval_text(-3.50093457123, 1.3572413);
    CHECK(format_value(cell, ci) == "-3.5 to 1.36");
    CHECK(format_exact(cell, ci) == "-3.50093457123 to 1.3572413");
    CHECK(format_value(cell, Column{"95% CI", ColumnType::kInterval, 3}) == "-3.501 to 1.357");
    CHECK(format_value(interval_text(0, INFINITY), ci) == "0 to Inf");
    CHECK(format_exact(interval_text(std::nullopt, 2.0), ci) == "-");

    // A statement's interval column: the exported limits are the computed doubles.
    Fixture f;
    run(f.engine, "cohort toci = patients where doses(tocilizumab) > 0;");
    const QueryResult r = run(f.engine, "compare first_duration by toci;");
    const size_t c = col(r, "95% CI");
    REQUIRE(r.columns[c].type == ColumnType::kInterval);
    const std::string whole = format_exact(r.rows[0][c], r.columns[c]);
    const size_t to = whole.find(" to ");
    REQUIRE(to != std::string::npos);
    const double low = std::stod(whole.substr(0, to));
    const double high = std::stod(whole.substr(to + 4));
    CHECK(format_value(r.rows[0][c], r.columns[c]) ==
          format_value(interval_text(low, high), r.columns[c]));
}

TEST_CASE("measures keep their values' types, so exports carry every digit") {
    Fixture f;
    const QueryResult r = run(f.engine, "measures P002;");
    bool fractional = false;
    for (const auto& row : r.rows) {
        const auto* d = std::get_if<double>(&row[1]);
        if (d == nullptr || *d == std::floor(*d)) continue;
        fractional = true;
        CHECK(std::stod(format_exact(row[1], r.columns[1])) == *d);
    }
    CHECK(fractional);
}
