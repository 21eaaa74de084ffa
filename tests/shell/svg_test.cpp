// The SVG figures: well-formed XML with the expected elements (their PNG/PDF rendering and
// layout: figure_layout_test.cpp).
#include <catch2/catch.hpp>

#include <cctype>
#include <cstring>
#include <map>
#include <set>
#include <vector>

#include "shell/plot_data.h"
#include "shell/svg_figures.h"
#include "shell/terminal_chart.h"
#include "shell_fixture.h"

using namespace dayzero;
using namespace dayzero::shell::testing;

namespace {

// A small well-formedness check: balanced tags, quoted attributes, no duplicate attribute, text
// free of raw '<' and of '&' that does not start a known entity. Counts elements by name.
struct XmlCheck {
    bool ok = true;
    std::string problem;
    std::map<std::string, int> elements;
};

bool valid_entity(const std::string& text, size_t amp) {
    for (const char* entity : {"&amp;", "&lt;", "&gt;", "&quot;", "&apos;"}) {
        if (text.compare(amp, std::strlen(entity), entity) == 0) return true;
    }
    return false;
}

XmlCheck check_xml(const std::string& text) {
    XmlCheck check;
    auto fail = [&](const std::string& why, size_t pos) {
        if (check.ok) check.problem = why + " at byte " + std::to_string(pos);
        check.ok = false;
    };
    std::vector<std::string> open;
    size_t i = 0;
    if (text.rfind("<?xml", 0) == 0) i = text.find("?>") + 2;
    while (i < text.size() && check.ok) {
        if (text[i] != '<') {
            if (text[i] == '&' && !valid_entity(text, i)) fail("bad entity", i);
            if (text[i] == '>') fail("raw '>' in text", i);
            ++i;
            continue;
        }
        if (text.compare(i, 4, "<!--") == 0) {
            const size_t end = text.find("-->", i + 4);
            if (end == std::string::npos) return fail("unterminated comment", i), check;
            i = end + 3;
            continue;
        }
        const size_t end = text.find('>', i);
        if (end == std::string::npos) return fail("unterminated tag", i), check;
        std::string tag = text.substr(i + 1, end - i - 1);
        i = end + 1;
        if (!tag.empty() && tag[0] == '/') {
            const std::string name = tag.substr(1);
            if (open.empty() || open.back() != name)
                return fail("mismatched </" + name + ">", i), check;
            open.pop_back();
            continue;
        }
        const bool self_closing = !tag.empty() && tag.back() == '/';
        if (self_closing) tag.pop_back();
        size_t p = 0;
        while (p < tag.size() &&
               (std::isalnum(static_cast<unsigned char>(tag[p])) || tag[p] == '-'))
            ++p;
        const std::string name = tag.substr(0, p);
        if (name.empty()) return fail("tag without a name", i), check;
        std::map<std::string, bool> seen;
        while (p < tag.size()) {
            while (p < tag.size() && std::isspace(static_cast<unsigned char>(tag[p])))
                ++p;
            if (p >= tag.size()) break;
            const size_t eq = tag.find('=', p);
            if (eq == std::string::npos || eq + 1 >= tag.size() || tag[eq + 1] != '"')
                return fail("unquoted attribute in <" + name + ">", i), check;
            const std::string attr = tag.substr(p, eq - p);
            if (seen[attr]) return fail("duplicate attribute " + attr, i), check;
            seen[attr] = true;
            const size_t close = tag.find('"', eq + 2);
            if (close == std::string::npos) return fail("unterminated attribute", i), check;
            const std::string value = tag.substr(eq + 2, close - eq - 2);
            if (value.find('<') != std::string::npos) return fail("'<' in attribute", i), check;
            for (size_t a = value.find('&'); a != std::string::npos; a = value.find('&', a + 1))
                if (!valid_entity(value, a)) return fail("bad entity in attribute", i), check;
            p = close + 1;
        }
        ++check.elements[name];
        if (!self_closing) open.push_back(name);
    }
    if (check.ok && !open.empty()) fail("unclosed <" + open.back() + ">", text.size());
    return check;
}

struct Figures {
    TempDir dir{"svg"};
    std::string timeline;
    std::string survival;
    Figures() {
        std::string error;
        REQUIRE(build_fixture_store(dir.str("store"), error));
        auto opened = store::EventStore::open(dir.str("store"));
        REQUIRE(opened.is_ok());
        query::QueryEngine engine(*opened.value());
        auto data = shell::timeline_figure(engine.execute("grades P007;").back());
        REQUIRE(data.is_ok());
        timeline = shell::timeline_svg(data.value());
        auto km = shell::survival_figure(engine.execute("survival os;").back());
        REQUIRE(km.is_ok());
        survival = shell::survival_svg(km.value());
    }
};

}  // namespace

TEST_CASE("the XML checker rejects broken documents") {
    CHECK(check_xml("<svg><g></g></svg>").ok);
    CHECK_FALSE(check_xml("<svg><g></svg>").ok);
    CHECK_FALSE(check_xml("<svg x=1></svg>").ok);
    CHECK_FALSE(check_xml("<svg>a & b</svg>").ok);
    CHECK_FALSE(check_xml("<svg><text>1 < 2</text></svg>").ok);
}

TEST_CASE("the timeline SVG is well-formed and has every panel") {
    Figures figures;
    XmlCheck check = check_xml(figures.timeline);
    INFO(check.problem);
    REQUIRE(check.ok);
    CHECK(check.elements["svg"] == 1);
    const std::string& svg = figures.timeline;
    CHECK(svg.find("class=\"temperature-curve\"") != std::string::npos);
    CHECK(svg.find("class=\"fever-line\"") != std::string::npos);
    CHECK(svg.find(">38 °C<") != std::string::npos);
    // The fixture's grade-3 day (high-flow oxygen with fever) is in the grade band.
    CHECK(svg.find("data-day=\"5\" data-grade=\"3\"") != std::string::npos);
    CHECK(svg.find("class=\"oxygen\"") != std::string::npos);
    CHECK(svg.find("class=\"vasopressor\"") != std::string::npos);
    CHECK(svg.find(">norepinephrine<") != std::string::npos);
    CHECK(svg.find("class=\"toci-marker\"") != std::string::npos);
    CHECK(svg.find("class=\"steroid-marker\"") != std::string::npos);
    CHECK(svg.find("class=\"cytokine\" data-code=\"IL6\"") != std::string::npos);
    CHECK(svg.find(">IL6 (pg/mL)<") != std::string::npos);  // its own panel, with its unit
}

TEST_CASE("the survival SVG is well-formed with curves, censor ticks and numbers at risk") {
    Figures figures;
    XmlCheck check = check_xml(figures.survival);
    INFO(check.problem);
    REQUIRE(check.ok);
    const std::string& svg = figures.survival;
    CHECK(svg.find("class=\"km-curve\" data-group=\"all patients\"") != std::string::npos);
    // P007 and P002 are censored (alive at last follow-up), P001 died.
    CHECK(check.elements["line"] > 0);
    CHECK(svg.find("class=\"censor\"") != std::string::npos);
    CHECK(svg.find("Number at risk") != std::string::npos);
    CHECK(svg.find("class=\"n-risk\">3<") != std::string::npos);  // all three at time 0
}

namespace {

int count_of(const std::string& text, const std::string& needle) {
    int n = 0;
    for (size_t pos = text.find(needle); pos != std::string::npos; pos = text.find(needle, pos + 1))
        ++n;
    return n;
}

// The value of attribute `name` in the tag that starts at `tag_start` ("" when absent).
std::string attribute(const std::string& text, size_t tag_start, const std::string& name) {
    const size_t tag_end = text.find('>', tag_start);
    const size_t at = text.find(" " + name + "=\"", tag_start);
    if (at == std::string::npos || at > tag_end) return "";
    const size_t value = at + name.size() + 3;
    return text.substr(value, text.find('"', value) - value);
}

// The fixture store, opened, with a query engine on it.
struct OpenFixture {
    TempDir dir;
    std::unique_ptr<store::EventStore> store;
    std::unique_ptr<query::QueryEngine> engine;
    explicit OpenFixture(const std::string& tag) : dir(tag) {
        std::string error;
        REQUIRE(build_fixture_store(dir.str("store"), error));
        auto opened = store::EventStore::open(dir.str("store"));
        REQUIRE(opened.is_ok());
        store = std::move(opened).value();
        engine = std::make_unique<query::QueryEngine>(*store);
    }
};

void require_well_formed(const std::string& svg) {
    const XmlCheck check = check_xml(svg);
    INFO(check.problem);
    REQUIRE(check.ok);
}

}  // namespace

TEST_CASE("the survival SVG draws one curve, legend entry and at-risk row per group") {
    OpenFixture fixture("svg-groups");
    query::QueryEngine& engine = *fixture.engine;
    // The fixture's maximum grades are 0 (P001), 1 (P002) and 3 (P007): three groups.
    const auto table = engine.execute("survival os by max_grade;");
    auto km = shell::survival_figure(table.back());
    REQUIRE(km.is_ok());
    const std::string svg = shell::survival_svg(km.value());
    require_well_formed(svg);
    CHECK(count_of(svg, "class=\"km-curve\"") == 3);
    CHECK(count_of(svg, "class=\"legend\"") == 3);
    CHECK(count_of(svg, "class=\"legend-sample\"") == 3);
    CHECK(count_of(svg, "class=\"at-risk-label\"") == 3);
    for (const char* group : {"max_grade = 0", "max_grade = 1", "max_grade = 3"})
        CHECK(count_of(svg, "data-group=\"" + std::string(group) + "\"") == 1);
    // Every curve has its own colour and dash pattern.
    std::set<std::string> strokes;
    for (size_t pos = svg.find("<polyline"); pos != std::string::npos;
         pos = svg.find("<polyline", pos + 1)) {
        if (attribute(svg, pos, "class") != "km-curve") continue;
        strokes.insert(attribute(svg, pos, "stroke") + "/" +
                       attribute(svg, pos, "stroke-dasharray"));
    }
    CHECK(strokes.size() == 3);
    // The same groups, in the same order, as the survival statement reports.
    REQUIRE(table.back().ok);
    REQUIRE(table.back().rows.size() == km->groups.size());
    for (size_t i = 0; i < km->groups.size(); ++i) {
        const auto& row = table.back().rows[i];
        CHECK(km->groups[i].label ==
              "max_grade = " + query::format_value(row[0], table.back().columns[0]));
        CHECK(std::get<int64_t>(row[1]) == km->groups[i].fit.n);
    }
    REQUIRE(km->log_rank_p.has_value());

    // A condition still gives the two groups "X" and "not X".
    auto two = shell::survival_figure(engine.execute("survival os by max_grade >= 1;").back());
    REQUIRE(two.is_ok());
    REQUIRE(two->groups.size() == 2);
    CHECK(two->groups[0].label == "max_grade >= 1");
    CHECK(two->groups[0].fit.n == 2);
    CHECK(two->groups[1].label == "not max_grade >= 1");
    CHECK(two->groups[1].fit.n == 1);
}

TEST_CASE("the timeline figure grades with the definition in force and says which") {
    OpenFixture fixture("svg-defs");
    query::QueryEngine& engine = *fixture.engine;
    // P007's day 3 (38.6 °C, no support) is a grade-1 fever day by default...
    auto plain = shell::timeline_figure(engine.execute("grades P007;").back());
    REQUIRE(plain.is_ok());
    const std::string before = shell::timeline_svg(plain.value());
    CHECK(count_of(before, "data-day=\"3\" data-grade=\"1\"") == 1);
    CHECK(count_of(before, "data-celsius=\"38\"") == 1);
    CHECK(count_of(before, "CRS definition: ASTCT 2019: fever &gt;= 38.0 C") == 1);
    // ... and no CRS day at all once fever means 39 °C or more.
    REQUIRE(engine.execute("set fever 39 C;").back().ok);
    auto strict = shell::timeline_figure(engine.execute("grades P007;").back());
    REQUIRE(strict.is_ok());
    const std::string after = shell::timeline_svg(strict.value());
    require_well_formed(after);
    CHECK(count_of(after, "data-day=\"3\" data-grade=\"0\"") == 1);
    // 39.4 °C on 2 L/min oxygen: still a fever day, grade 2 as before.
    CHECK(count_of(after, "data-day=\"4\" data-grade=\"2\"") == 1);
    CHECK(count_of(after, "data-celsius=\"39\"") == 1);
    CHECK(count_of(after, ">39 °C<") == 1);
    CHECK(count_of(after, "CRS grade (ASTCT 2019, modified)") == 1);
    CHECK(count_of(after, "CRS definition: ASTCT 2019 (modified): fever &gt;= 39.0 C") == 1);
    // The terminal chart follows the same definition.
    const std::string chart = shell::timeline_chart(strict.value(), 100, false);
    CHECK(chart.find("! fever ≥ 39.0 °C") != std::string::npos);
    CHECK(chart.find("CRS definition: ASTCT 2019 (modified): fever >= 39.0 C") !=
          std::string::npos);
}

TEST_CASE("plot timeline in the shell uses the session's definitions") {
    TempDir dir("svg-shell");
    std::string error;
    REQUIRE(build_fixture_store(dir.str("store"), error));
    const std::string file = dir.str("p007.svg");
    const auto run = run_dayzero("shell --db " + sh_quote(dir.str("store")),
                                 "set fever 39 C;\nplot timeline P007 to " + file + ";\n");
    INFO(run.err);
    REQUIRE(run.exit_code == 0);
    const std::string svg = read_text(file);
    CHECK(count_of(svg, "data-day=\"3\" data-grade=\"0\"") == 1);
    CHECK(count_of(svg, "data-celsius=\"39\"") == 1);
}

TEST_CASE("the timeline figure is drawn from a grades PATIENT result only") {
    OpenFixture fixture("svg-course");
    query::QueryEngine& engine = *fixture.engine;
    // A cohort's daily grades carry no one patient's course; a failed statement is its error.
    auto cohort = shell::timeline_figure(engine.execute("grades;").back());
    REQUIRE_FALSE(cohort.is_ok());
    CHECK(cohort.status().message().find("no patient's course") != std::string::npos);
    auto unknown = shell::timeline_figure(engine.execute("grades 'P9''99';").back());
    REQUIRE_FALSE(unknown.is_ok());
    auto course = shell::timeline_figure(engine.execute("grades P007;").back());
    REQUIRE(course.is_ok());
    CHECK(course->patient == "P007");
    CHECK_FALSE(course->temperatures.empty());
}

TEST_CASE("plot timeline takes the patient id as one word, whatever it holds") {
    TempDir dir("svg-quote");
    std::string error;
    REQUIRE(build_fixture_store(dir.str("store"), error));
    // A quote in the id cannot end the literal and smuggle in another statement.
    const auto run = run_dayzero("shell --db " + sh_quote(dir.str("store")),
                                 "plot timeline P007';retract 1 reason 'x\n");
    CHECK(run.err.find("plot timeline") != std::string::npos);
    CHECK(run.out.find("retracted") == std::string::npos);
    const auto history = run_dayzero("query --db " + sh_quote(dir.str("store")) + " " +
                                         sh_quote("history seq 1;") + " --format csv",
                                     "");
    CHECK(history.out.find("retract") == std::string::npos);
}
