#include "shell/figure_text.h"

#include "shell/figure_renderer.h"

namespace dayzero::shell {

TextExtent measure_text(std::string_view text, double size_px, bool bold) {
    TextExtent extent;
    const auto renderer = figure_renderer();
    if (!renderer.is_ok()) {
        // Every figure command asks for the module before it lays anything out and stops when
        // it is missing (plot_command.cpp), so this rough estimate never reaches a figure.
        extent.width = 0.6 * size_px * static_cast<double>(text.size());
        extent.ascent = 0.8 * size_px;
        extent.descent = 0.2 * size_px;
        return extent;
    }
    renderer.value()->measure_text(text.data(), text.size(), size_px, bold ? 1 : 0, &extent.width,
                                   &extent.ascent, &extent.descent);
    return extent;
}

double text_width(std::string_view text, double size_px, bool bold) {
    return measure_text(text, size_px, bold).width;
}

}  // namespace dayzero::shell
