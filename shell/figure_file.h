#pragma once
// Writing a figure to a file: SVG as is, PNG and PDF rendered from the SVG by librsvg on Cairo.

#include <string>
#include <string_view>

#include "store/status.h"

namespace dayzero::shell {

enum class FigureFormat { kSvg, kPng, kPdf };

// The format a file name asks for by its extension (.svg, .png, .pdf, any case); an error
// naming the extension otherwise.
store::Result<FigureFormat> figure_format(std::string_view path);

// Writes `svg` to `path` in the format its extension names; an error naming the file otherwise.
store::Status write_figure(const std::string& svg, const std::string& path);

// `svg` rendered to PNG bytes at `scale` pixels per SVG unit (for tests and write_figure).
store::Result<std::string> render_png(const std::string& svg, double scale);

}  // namespace dayzero::shell
