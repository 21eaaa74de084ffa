#pragma once
// A tiny SVG document builder: numbers are printed with fixed precision so files are byte-stable.

#include <string>
#include <string_view>

namespace dayzero::shell {

class SvgWriter {
  public:
    SvgWriter(double width, double height);

    // Escapes &, <, >, " and ' for use in text and attribute values.
    static std::string escape(std::string_view text);
    // A coordinate or length with at most two decimals, trailing zeros removed.
    static std::string num(double value);

    void rect(double x, double y, double w, double h, std::string_view fill,
              std::string_view extra = "");
    void line(double x1, double y1, double x2, double y2, std::string_view stroke,
              std::string_view extra = "");
    // A polyline through "x,y x,y …" points.
    void polyline(std::string_view points, std::string_view stroke, std::string_view extra = "");
    void circle(double cx, double cy, double r, std::string_view fill, std::string_view extra = "");
    void polygon(std::string_view points, std::string_view fill, std::string_view extra = "");
    // `anchor` is start, middle or end.
    void text(double x, double y, std::string_view content, std::string_view anchor = "start",
              std::string_view extra = "");
    void open_group(std::string_view attributes);
    void close_group();
    void comment(std::string_view text);

    // Sets the document height once the content's extent is known.
    void set_height(double height) { height_ = height; }

    // The finished document (XML declaration, svg root, everything added).
    std::string finish() const;

  private:
    double width_;
    double height_;
    std::string body_;
};

}  // namespace dayzero::shell
