#include "shell/svg_writer.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "shell/figure_text.h"

namespace dayzero::shell {

SvgWriter::SvgWriter(double width, double height) : width_(width), height_(height) {}

std::string SvgWriter::escape(std::string_view text) {
    std::string out;
    for (char c : text) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\'':
                out += "&apos;";
                break;
            default:
                out += c;
        }
    }
    return out;
}

std::string SvgWriter::num(double value) {
    if (!std::isfinite(value)) return "0";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f", value);
    std::string s = buf;
    while (s.back() == '0')
        s.pop_back();
    if (s.back() == '.') s.pop_back();
    if (s == "-0") s = "0";
    return s;
}

void SvgWriter::rect(double x, double y, double w, double h, std::string_view fill,
                     std::string_view extra) {
    body_ += "<rect x=\"" + num(x) + "\" y=\"" + num(y) + "\" width=\"" + num(std::max(0.0, w)) +
             "\" height=\"" + num(std::max(0.0, h)) + "\" fill=\"" + std::string(fill) + "\"" +
             (extra.empty() ? "" : " " + std::string(extra)) + "/>\n";
}

void SvgWriter::line(double x1, double y1, double x2, double y2, std::string_view stroke,
                     std::string_view extra) {
    body_ += "<line x1=\"" + num(x1) + "\" y1=\"" + num(y1) + "\" x2=\"" + num(x2) + "\" y2=\"" +
             num(y2) + "\" stroke=\"" + std::string(stroke) + "\"" +
             (extra.empty() ? "" : " " + std::string(extra)) + "/>\n";
}

void SvgWriter::polyline(std::string_view points, std::string_view stroke, std::string_view extra) {
    body_ += "<polyline points=\"" + std::string(points) + "\" fill=\"none\" stroke=\"" +
             std::string(stroke) + "\"" + (extra.empty() ? "" : " " + std::string(extra)) + "/>\n";
}

void SvgWriter::circle(double cx, double cy, double r, std::string_view fill,
                       std::string_view extra) {
    body_ += "<circle cx=\"" + num(cx) + "\" cy=\"" + num(cy) + "\" r=\"" + num(r) + "\" fill=\"" +
             std::string(fill) + "\"" + (extra.empty() ? "" : " " + std::string(extra)) + "/>\n";
}

void SvgWriter::polygon(std::string_view points, std::string_view fill, std::string_view extra) {
    body_ += "<polygon points=\"" + std::string(points) + "\" fill=\"" + std::string(fill) + "\"" +
             (extra.empty() ? "" : " " + std::string(extra)) + "/>\n";
}

void SvgWriter::text(double x, double y, std::string_view content, std::string_view anchor,
                     std::string_view extra) {
    body_ += "<text x=\"" + num(x) + "\" y=\"" + num(y) + "\" text-anchor=\"" +
             std::string(anchor) + "\"" + (extra.empty() ? "" : " " + std::string(extra)) + ">" +
             escape(content) + "</text>\n";
}

void SvgWriter::open_group(std::string_view attributes) {
    body_ += "<g " + std::string(attributes) + ">\n";
}

void SvgWriter::close_group() {
    body_ += "</g>\n";
}

void SvgWriter::comment(std::string_view text) {
    std::string safe(text);
    for (size_t pos; (pos = safe.find("--")) != std::string::npos;)
        safe.replace(pos, 2, "- -");
    body_ += "<!-- " + safe + " -->\n";
}

std::string SvgWriter::finish() const {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
           "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" +
           num(width_) + "\" height=\"" + num(height_) + "\" viewBox=\"0 0 " + num(width_) + " " +
           num(height_) + "\" font-family=\"" + std::string(kFigureFontFamily) +
           "\" font-size=\"12\">\n"
           "<rect x=\"0\" y=\"0\" width=\"" +
           num(width_) + "\" height=\"" + num(height_) + "\" fill=\"white\"/>\n" + body_ +
           "</svg>\n";
}

}  // namespace dayzero::shell
