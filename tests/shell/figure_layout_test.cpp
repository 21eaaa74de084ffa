// Figures for a manuscript: every text's measured extent inside the canvas whatever the labels
// and however many groups, distinct strokes for eight groups, the plot statement's titles and
// labels, and PNG/PDF files rendered by librsvg (docs/SHELL.md, "Figures").
#include <catch2/catch.hpp>

#include <cstring>
#include <set>
#include <string>
#include <vector>

#include "query/query_engine.h"
#include "shell/figure_file.h"
#include "shell/figure_text.h"
#include "shell/model_figures.h"
#include "shell/plot_data.h"
#include "shell/svg_figures.h"
#include "shell_fixture.h"
#include "stats/kaplan_meier.h"

using namespace dayzero;
using namespace dayzero::shell::testing;

namespace {

// The value of attribute `name` in `tag` ("" when absent).
std::string attribute(const std::string& tag, const std::string& name) {
    const size_t at = tag.find(" " + name + "=\"");
    if (at == std::string::npos) return "";
    const size_t value = at + name.size() + 3;
    return tag.substr(value, tag.find('"', value) - value);
}

std::string unescape(std::string text) {
    const std::pair<const char*, const char*> entities[] = {
        {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&apos;", "'"}, {"&amp;", "&"}};
    for (const auto& [from, to] : entities) {
        for (size_t pos = 0; (pos = text.find(from, pos)) != std::string::npos; pos += 1)
            text.replace(pos, std::strlen(from), to);
    }
    return text;
}

struct Box {
    double left, top, right, bottom;
    std::string text;
};

// Every <text>'s extent, measured with the renderer's fonts as the figure code does: anchor,
// font size and weight from its attributes, a rotate(-90) about its own position.
std::vector<Box> text_boxes(const std::string& svg) {
    std::vector<Box> boxes;
    for (size_t pos = svg.find("<text "); pos != std::string::npos;
         pos = svg.find("<text ", pos + 1)) {
        const size_t tag_end = svg.find('>', pos);
        const std::string tag = svg.substr(pos, tag_end - pos);
        const std::string content =
            unescape(svg.substr(tag_end + 1, svg.find("</text>", tag_end) - tag_end - 1));
        const double x = std::stod(attribute(tag, "x")), y = std::stod(attribute(tag, "y"));
        const std::string size = attribute(tag, "font-size");
        const shell::TextExtent e =
            shell::measure_text(content, size.empty() ? 12.0 : std::stod(size),
                                attribute(tag, "font-weight") == "bold");
        const std::string anchor = attribute(tag, "text-anchor");
        const double a = anchor == "middle" ? -e.width / 2 : anchor == "end" ? -e.width : 0;
        const double b = a + e.width;
        if (attribute(tag, "transform").rfind("rotate(-90", 0) == 0)
            boxes.push_back({x - e.ascent, y - b, x + e.descent, y - a, content});
        else
            boxes.push_back({x + a, y - e.ascent, x + b, y + e.descent, content});
    }
    return boxes;
}

// The texts reaching beyond the canvas, described (empty when every text is inside).
std::string texts_outside(const std::string& svg) {
    const size_t root = svg.find("<svg ");
    const std::string tag = svg.substr(root, svg.find('>', root) - root);
    const double width = std::stod(attribute(tag, "width"));
    const double height = std::stod(attribute(tag, "height"));
    std::string outside;
    for (const Box& b : text_boxes(svg)) {
        if (b.left < 0 || b.top < 0 || b.right > width || b.bottom > height)
            outside += "'" + b.text + "' [" + std::to_string(b.left) + ", " +
                       std::to_string(b.top) + ", " + std::to_string(b.right) + ", " +
                       std::to_string(b.bottom) + "] on a " + std::to_string(width) + " x " +
                       std::to_string(height) + " canvas\n";
    }
    return outside;
}

// `groups` curves with labels built from `label`, each from a few deaths and censorings.
shell::SurvivalData synthetic_curves(size_t groups, const std::string& label) {
    shell::SurvivalData data;
    data.endpoint = "os";
    data.by = label;
    for (size_t g = 0; g < groups; ++g) {
        std::vector<stats::SurvivalObservation> obs;
        for (int i = 1; i <= 12; ++i)
            obs.push_back({static_cast<double>(i * (g + 2)) * 0.7, i % 3 != 0});
        data.groups.push_back({label + " = " + std::to_string(g), stats::kaplan_meier(obs)});
    }
    if (groups > 1) data.log_rank_p = 0.0123;
    return data;
}

bool is_png(const std::string& bytes) {
    return bytes.size() > 24 && bytes.compare(0, 8, "\x89PNG\r\n\x1a\n") == 0;
}

// The PNG's width from its IHDR chunk.
uint32_t png_width(const std::string& bytes) {
    const auto* p = reinterpret_cast<const unsigned char*>(bytes.data()) + 16;
    return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | p[3];
}

}  // namespace

TEST_CASE("text is measured with the renderer's fonts") {
    const double short_w = shell::text_width("median", 11);
    CHECK(short_w > 20);
    CHECK(shell::text_width("median not reached", 11) > short_w * 2);
    CHECK(shell::text_width("median", 22) > short_w * 1.8);
    CHECK(shell::text_width("median", 11, true) > short_w);
    const shell::TextExtent e = shell::measure_text("Ag", 12);
    CHECK(e.ascent > 6);
    CHECK(e.descent > 1);
}

TEST_CASE("the text checker finds text beyond the canvas") {
    const std::string inside =
        "<svg width=\"200\" height=\"50\"><text x=\"10\" y=\"20\" "
        "text-anchor=\"start\">a</text></svg>";
    CHECK(texts_outside(inside).empty());
    const std::string cut =
        "<svg width=\"200\" height=\"50\"><text x=\"150\" y=\"20\" "
        "text-anchor=\"start\">median not reached</text></svg>";
    CHECK_FALSE(texts_outside(cut).empty());
    const std::string rotated =
        "<svg width=\"200\" height=\"50\"><text x=\"18\" y=\"25\" text-anchor=\"middle\" "
        "transform=\"rotate(-90 18 25)\">Survival probability</text></svg>";
    CHECK_FALSE(texts_outside(rotated).empty());
}

TEST_CASE("Kaplan-Meier figures keep every text on the canvas for 1 to 8 groups") {
    const std::string long_label =
        "max_grade >= 3 and age at infusion over sixty-five with prior allogeneic transplant";
    for (const std::string& label :
         {std::string("toci"), std::string("max_grade >= 3"), long_label}) {
        for (size_t groups = 1; groups <= 8; ++groups) {
            INFO(groups << " groups labelled '" << label << "'");
            const shell::SurvivalData data = synthetic_curves(groups, label);
            for (const bool ci : {false, true}) {
                shell::FigureText text;
                text.ci = ci;
                const std::string svg = shell::survival_svg(data, text);
                CHECK(texts_outside(svg).empty());
                INFO(texts_outside(svg));
                // Every legend text whole: the median is never cut ("median not rea").
                CHECK(svg.find("median") != std::string::npos);
                if (ci) CHECK(svg.find("class=\"ci-band\"") != std::string::npos);
            }
        }
    }
}

TEST_CASE("eight groups have eight colours and eight dash patterns") {
    const std::string svg = shell::survival_svg(synthetic_curves(8, "g"));
    std::set<std::string> colors, dashes;
    for (size_t pos = svg.find("class=\"km-curve\""); pos != std::string::npos;
         pos = svg.find("class=\"km-curve\"", pos + 1)) {
        const size_t start = svg.rfind("<polyline", pos);
        const std::string tag = svg.substr(start, svg.find('>', start) - start);
        colors.insert(attribute(tag, "stroke"));
        dashes.insert(attribute(tag, "stroke-dasharray"));
    }
    CHECK(colors.size() == 8);
    CHECK(dashes.size() == 8);
}

TEST_CASE("the x axis ends at the last observed time") {
    const shell::SurvivalData data = synthetic_curves(1, "g");  // last time 12 * 2 * 0.7 = 16.8
    const std::string svg = shell::survival_svg(data);
    // The curve runs to the right end of the axis line, not to a rounded-up 18 or 24.
    const size_t curve = svg.find("class=\"km-curve\"");
    const size_t start = svg.rfind("points=\"", curve) + 8;
    const std::string points = svg.substr(start, svg.find('"', start) - start);
    const std::string last_x =
        points.substr(points.rfind(' ') + 1, points.rfind(',') - points.rfind(' ') - 1);
    const size_t axes = svg.find("class=\"axes\"");
    const size_t grid = svg.find("<line ", axes);
    const std::string grid_tag = svg.substr(grid, svg.find('>', grid) - grid);
    CHECK(last_x == attribute(grid_tag, "x2"));
}

TEST_CASE("titles and axis labels replace the defaults") {
    shell::FigureText text;
    text.title = "Overall survival after CAR-T, by early tocilizumab";
    text.xlabel = "Months";
    text.ylabel = "Alive";
    const std::string svg = shell::survival_svg(synthetic_curves(2, "toci"), text);
    CHECK(svg.find(">Overall survival after CAR-T, by early tocilizumab<") != std::string::npos);
    CHECK(svg.find(">Months<") != std::string::npos);
    CHECK(svg.find(">Alive<") != std::string::npos);
    CHECK(svg.find("Survival probability") == std::string::npos);
    text.title = std::string(300, 'T');  // one word longer than any canvas: the canvas grows
    CHECK(texts_outside(shell::survival_svg(synthetic_curves(2, "toci"), text)).empty());
    text.title = "";  // a long sentence wraps; a long y label makes the plot taller
    for (int i = 0; i < 30; ++i)
        text.title += "word" + std::to_string(i) + " ";
    text.ylabel = "Probability of being alive and free of any relapse or progression at time t";
    const std::string wrapped = shell::survival_svg(synthetic_curves(2, "toci"), text);
    INFO(texts_outside(wrapped));
    CHECK(texts_outside(wrapped).empty());
    CHECK(wrapped.find("class=\"title\">word0") != std::string::npos);
}

TEST_CASE("forest plots and incidence figures keep long terms on the canvas") {
    query::ModelFigure model;
    model.title = "Cox regression: OS";
    model.ratio_name = "Hazard ratio";
    model.interval = "95% CI (Wald)";
    model.n = 93;
    model.events = 40;
    model.rows.push_back({"age", 1.02, 0.99, 1.05, 0.2, false});
    model.rows.push_back({"max_grade >= 3 and a prior allogeneic transplant and high tumour burden",
                          2.5, 1.1, 5.7, 0.03, false});
    model.rows.push_back({"toci", 40.0, std::nullopt, std::nullopt, std::nullopt, true});
    const std::string forest = shell::forest_svg(model);
    INFO(texts_outside(forest));
    CHECK(texts_outside(forest).empty());

    query::IncidenceCurves curves;
    curves.event = "relapse";
    curves.competing = "death without relapse";
    curves.by = "a very long grouping expression that names every criterion in full";
    for (int g = 0; g < 8; ++g) {
        query::IncidenceGroup group;
        group.label = curves.by + " = " + std::to_string(g);
        group.curve.n = 10;
        group.curve.last_time = 20;
        group.curve.steps.push_back({5.0 + g, 0.1 * g});
        curves.groups.push_back(group);
    }
    const std::string incidence = shell::incidence_svg(curves);
    INFO(texts_outside(incidence));
    CHECK(texts_outside(incidence).empty());
}

TEST_CASE(
    "incidence figures draw 95 % bands with `with ci`, text on the canvas for 1 to 8 groups") {
    for (size_t n : {1, 2, 8}) {
        query::IncidenceCurves curves;
        curves.event = "relapse";
        curves.competing = "death without relapse";
        curves.by = "a long grouping label, as analysts write them";
        for (size_t g = 0; g < n; ++g) {
            std::vector<stats::CompetingObservation> obs;
            for (int i = 1; i <= 12; ++i)
                obs.push_back({static_cast<double>(i * (g + 2)) * 0.7,
                               static_cast<stats::CompetingStatus>(i % 3)});
            curves.groups.push_back(
                {curves.by + " = " + std::to_string(g), stats::cumulative_incidence(obs)});
        }
        shell::FigureText text;
        text.ci = true;
        const std::string svg = shell::incidence_svg(curves, text);
        INFO(texts_outside(svg));
        CHECK(texts_outside(svg).empty());
        // One band per group at least (a run of steps with both limits each).
        size_t bands = 0;
        for (size_t pos = svg.find("class=\"ci-band\""); pos != std::string::npos;
             pos = svg.find("class=\"ci-band\"", pos + 1))
            ++bands;
        CHECK(bands >= n);
        CHECK(shell::incidence_svg(curves).find("ci-band") == std::string::npos);
    }
}

TEST_CASE("figure files: the extension names the format, PNG and PDF are rendered") {
    CHECK(shell::figure_format("km.svg").value() == shell::FigureFormat::kSvg);
    CHECK(shell::figure_format("KM.PNG").value() == shell::FigureFormat::kPng);
    CHECK(shell::figure_format("a/b.pdf").value() == shell::FigureFormat::kPdf);
    const auto jpg = shell::figure_format("km.jpg");
    REQUIRE_FALSE(jpg.is_ok());
    CHECK(jpg.status().message().find("'.jpg'") != std::string::npos);
    CHECK_FALSE(shell::figure_format("km").is_ok());

    TempDir dir("figure-files");
    const std::string svg = shell::survival_svg(synthetic_curves(3, "g"));
    REQUIRE(shell::write_figure(svg, dir.str("km.png")).is_ok());
    const std::string png = read_text(dir.path() / "km.png");
    REQUIRE(is_png(png));
    const size_t root = svg.find("<svg ");
    const double width =
        std::stod(attribute(svg.substr(root, svg.find('>', root) - root), "width"));
    CHECK(png_width(png) == static_cast<uint32_t>(std::ceil(width * 2)));
    REQUIRE(shell::write_figure(svg, dir.str("km.pdf")).is_ok());
    CHECK(read_text(dir.path() / "km.pdf").rfind("%PDF-", 0) == 0);
    const store::Status bad = shell::write_figure(svg, dir.str("km.gif"));
    CHECK_FALSE(bad.is_ok());
    CHECK_FALSE(fs::exists(dir.path() / "km.gif"));
    CHECK_FALSE(shell::render_png("<svg", 1).is_ok());
}

TEST_CASE("plot statements: title, labels, bands and the file's format") {
    TempDir dir("plot-statements");
    std::string error;
    REQUIRE(build_fixture_store(dir.str("store"), error));
    const std::string png = dir.str("km.png");
    const auto run =
        run_dayzero("shell --db " + sh_quote(dir.str("store")),
                    "plot survival os by max_grade >= 1 title 'OS, any CRS' xlabel 'Months' "
                    "labels ('any CRS', 'no CRS') with ci to " +
                        sh_quote(png) +
                        ";\n"
                        "plot survival os by max_grade >= 1 to " +
                        sh_quote(dir.str("km.svg")) +
                        ";\n"
                        "plot timeline P007 to " +
                        sh_quote(dir.str("p007.pdf")) + ";\n");
    INFO(run.err);
    REQUIRE(run.exit_code == 0);
    CHECK(is_png(read_text(png)));
    CHECK(read_text(dir.path() / "p007.pdf").rfind("%PDF-", 0) == 0);
    CHECK(read_text(dir.path() / "km.svg").find("data-group=\"max_grade &gt;= 1\"") !=
          std::string::npos);

    const auto wrong = run_dayzero(
        "shell --db " + sh_quote(dir.str("store")),
        "plot survival os by max_grade >= 1 labels ('a') to " + sh_quote(dir.str("x.svg")) + ";\n");
    CHECK(wrong.err.find("gives 1 label(s) but the figure has 2 group(s): max_grade >= 1, "
                         "not max_grade >= 1") != std::string::npos);
    const auto jpg = run_dayzero("shell --db " + sh_quote(dir.str("store")),
                                 "plot survival os to " + sh_quote(dir.str("km.jpg")) + ";\n");
    CHECK(jpg.err.find("unknown figure format '.jpg' (use .svg, .png or .pdf)") !=
          std::string::npos);
    CHECK_FALSE(fs::exists(dir.path() / "km.jpg"));
    const auto unclosed = run_dayzero("shell --db " + sh_quote(dir.str("store")),
                                      "plot survival os labels ('a' to x.svg;\n");
    CHECK(unclosed.err.find("labels") != std::string::npos);
    // `.plot` reads its line as the statement does: labels with spaces stay whole.
    const auto meta = run_dayzero("shell --db " + sh_quote(dir.str("store")),
                                  ".plot survival os by max_grade >= 1 labels ('any CRS', "
                                  "'no CRS, yet') with ci to " +
                                      sh_quote(dir.str("meta.svg")) + "\n");
    INFO(meta.err);
    REQUIRE(meta.exit_code == 0);
    const std::string drawn = read_text(dir.path() / "meta.svg");
    CHECK(drawn.find("data-group=\"any CRS\"") != std::string::npos);
    CHECK(drawn.find("data-group=\"no CRS, yet\"") != std::string::npos);
    // Incidence curves take `with ci` too.
    const auto cif =
        run_dayzero("shell --db " + sh_quote(dir.str("store")),
                    "plot incidence relapse with ci to " + sh_quote(dir.str("cif.png")) + ";\n");
    INFO(cif.err);
    CHECK(cif.exit_code == 0);
    CHECK(is_png(read_text(dir.path() / "cif.png")));
}

TEST_CASE("the case-report figure keeps its text on the canvas and shows what the course holds") {
    TempDir dir("figure-timeline");
    std::string error;
    REQUIRE(build_fixture_store(dir.str("store"), error));
    auto opened = store::EventStore::open(dir.str("store"));
    REQUIRE(opened.is_ok());
    query::QueryEngine engine(*opened.value());
    auto data = shell::timeline_figure(engine.execute("grades P007;").back());
    REQUIRE(data.is_ok());
    const std::string svg =
        shell::timeline_svg(data.value(), "P007: a long title " + std::string(80, 'x'));
    INFO(texts_outside(svg));
    CHECK(texts_outside(svg).empty());
    CHECK(svg.find("class=\"icans-band\"") != std::string::npos);
    CHECK(svg.find("class=\"as-of\"") == std::string::npos);  // the present is not stamped
    // The course drawn from the past (P007's events are the fixture's first) is stamped.
    auto past = shell::timeline_figure(engine.execute("grades P007 as of seq 5;").back());
    REQUIRE(past.is_ok());
    const std::string stamped = shell::timeline_svg(past.value());
    CHECK(stamped.find(">as of seq 5 (not the current record)<") != std::string::npos);
    CHECK(texts_outside(stamped).empty());
}

TEST_CASE("the case-report figure's width follows the days it shows") {
    TempDir dir("figure-timeline-width");
    std::string error;
    REQUIRE(build_fixture_store(dir.str("store"), error));
    auto opened = store::EventStore::open(dir.str("store"));
    REQUIRE(opened.is_ok());
    query::QueryEngine engine(*opened.value());
    auto data = shell::timeline_figure(engine.execute("grades P007;").back());
    REQUIRE(data.is_ok());
    auto canvas_width = [](const std::string& svg) {
        const size_t root = svg.find("<svg ");
        return std::stod(attribute(svg.substr(root, svg.find('>', root) - root), "width"));
    };
    shell::TimelineData course = data.value();
    std::vector<double> widths;
    for (int days : {10, 30, 45, 400}) {
        course.day_to = course.day_from + days - 1;
        const std::string svg = shell::timeline_svg(course);
        INFO(days << " days: " << texts_outside(svg));
        CHECK(texts_outside(svg).empty());
        widths.push_back(canvas_width(svg));
    }
    CHECK(widths[0] < widths[1]);
    CHECK(widths[1] < widths[2]);
    CHECK(widths[2] <= widths[3]);
    CHECK(widths[3] < 1600);  // a long follow-up does not make a banner
    // A title word wider than the course widens the canvas rather than leave it.
    course.day_to = course.day_from + 9;
    const std::string titled = shell::timeline_svg(course, "P007 " + std::string(120, 'x'));
    INFO(texts_outside(titled));
    CHECK(texts_outside(titled).empty());
    CHECK(canvas_width(titled) > widths[0]);
}
