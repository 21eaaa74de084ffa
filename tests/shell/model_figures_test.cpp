#include <catch2/catch.hpp>

#include <string>

#include "shell/model_figures.h"

using namespace dayzero;

namespace {

size_t count(const std::string& text, const std::string& what) {
    size_t n = 0;
    for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1))
        ++n;
    return n;
}

}  // namespace

TEST_CASE("forest_svg draws one row per coefficient, infinite ones as arrows", "[shell][svg]") {
    query::ModelFigure m;
    m.title = "Cox regression: OS";
    m.ratio_name = "Hazard ratio";
    m.interval = "95% CI (Wald)";
    m.n = 45;
    m.events = 10;
    m.rows = {{"severe", 2.021, 0.653, 6.256, 0.222, false},
              {"age", 0.98, 0.94, 1.02, 0.36, false},
              {"crs", std::nullopt, std::nullopt, std::nullopt, std::nullopt, false},
              {"group: b vs a", 1e9, std::nullopt, std::nullopt, 0.99, true}};
    const std::string svg = shell::forest_svg(m);
    CHECK(svg.find("<svg") != std::string::npos);
    CHECK(count(svg, "class=\"term\"") == 4);
    CHECK(count(svg, "class=\"ratio\"") == 2);  // estimated and finite
    CHECK(count(svg, "class=\"ci\"") == 2);
    CHECK(count(svg, "class=\"infinite\"") == 1);
    CHECK(svg.find("2.02 (0.65–6.26)") != std::string::npos);
    CHECK(svg.find("not estimated (collinear)") != std::string::npos);
    CHECK(svg.find("infinite estimate") != std::string::npos);
    CHECK(svg.find("class=\"no-effect\"") != std::string::npos);
    CHECK(svg.find("n = 45, events = 10") != std::string::npos);
}

TEST_CASE("incidence_svg draws a rising step curve per group with Gray's p", "[shell][svg]") {
    query::IncidenceCurves c;
    c.event = "relapse";
    c.competing = "death without relapse";
    c.by = "toci";
    c.gray_p = 0.0767;
    stats::IncidenceCurve a;
    a.n = 3;
    a.events = 2;
    a.competing = 1;
    a.last_time = 10;
    a.steps = {{2.0, 1.0 / 3.0, 0.07}, {5.0, 2.0 / 3.0, 0.07}};
    c.groups = {{"toci", a}, {"not toci", a}};
    const std::string svg = shell::incidence_svg(c);
    CHECK(count(svg, "class=\"cif-curve\"") == 2);
    CHECK(svg.find("test p = 0.0767") != std::string::npos);
    CHECK(svg.find("toci (n = 3, 2 relapse, 1 competing)") != std::string::npos);
    CHECK(svg.find("competing event: death without relapse") != std::string::npos);
}
