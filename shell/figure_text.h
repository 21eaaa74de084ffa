#pragma once
// Text extents for the SVG figures, measured with the fonts the renderer (librsvg, through
// Pango and Cairo) will draw with, so a layout computed from them is the layout drawn.

#include <string_view>

namespace dayzero::shell {

// The font family list every figure names on its root element (and measures with).
inline constexpr const char* kFigureFontFamily = "Helvetica, Arial, sans-serif";

// The extent of one line of text: its advance width and how far it reaches above and below
// the baseline (logical extents, in px).
struct TextExtent {
    double width = 0;
    double ascent = 0;
    double descent = 0;
};

// Measures `text` (UTF-8, one line) in kFigureFontFamily at `size_px`, bold or regular.
TextExtent measure_text(std::string_view text, double size_px, bool bold = false);

// The advance width of `text` in px (measure_text's width).
double text_width(std::string_view text, double size_px, bool bold = false);

}  // namespace dayzero::shell
