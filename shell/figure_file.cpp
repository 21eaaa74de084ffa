#include "shell/figure_file.h"

#include <filesystem>
#include <fstream>

#include "shell/figure_renderer.h"
#include "text/ascii.h"

namespace dayzero::shell {

namespace {

constexpr double kPngScale = 2.0;  // pixels per SVG unit: sharp when printed at 150 dpi

void append_to_string(void* closure, const char* data, size_t length) {
    static_cast<std::string*>(closure)->append(data, length);
}

// `svg` rendered by the figure module as PNG or PDF bytes, or why not.
store::Result<std::string> render(const std::string& svg, DzFigureOutput output, double scale) {
    const auto renderer = figure_renderer();
    if (!renderer.is_ok()) return renderer.status();
    std::string bytes;
    std::string failure;
    if (renderer.value()->render(svg.data(), svg.size(), output, scale, append_to_string, &bytes,
                                 append_to_string, &failure) != 0)
        return store::Status::invalid_argument(failure);
    return bytes;
}

}  // namespace

store::Result<FigureFormat> figure_format(std::string_view path) {
    const std::string extension =
        text::to_lower(std::filesystem::path(std::string(path)).extension().string());
    if (extension == ".svg") return FigureFormat::kSvg;
    if (extension == ".png") return FigureFormat::kPng;
    if (extension == ".pdf") return FigureFormat::kPdf;
    return store::Status::invalid_argument("cannot write '" + std::string(path) + "': " +
                                           (extension.empty()
                                                ? std::string("the file name has no extension")
                                                : "unknown figure format '" + extension + "'") +
                                           " (use .svg, .png or .pdf)");
}

store::Result<std::string> render_png(const std::string& svg, double scale) {
    return render(svg, kDzFigurePng, scale);
}

store::Status write_figure(const std::string& svg, const std::string& path) {
    const store::Result<FigureFormat> format = figure_format(path);
    if (!format.is_ok()) return format.status();
    // Rendered whole before the file is opened, so a failure leaves no half-written figure.
    store::Result<std::string> bytes = svg;
    if (format.value() == FigureFormat::kPng) bytes = render_png(svg, kPngScale);
    if (format.value() == FigureFormat::kPdf) bytes = render(svg, kDzFigurePdf, 1);
    if (!bytes.is_ok())
        return store::Status::invalid_argument("cannot write '" + path +
                                               "': " + bytes.status().message());
    std::ofstream file(path, std::ios::out | std::ios::trunc | std::ios::binary);
    if (!file ||
        !file.write(bytes.value().data(), static_cast<std::streamsize>(bytes.value().size())) ||
        !file.flush())
        return store::Status::io_error("cannot write '" + path + "'");
    return store::Status::ok();
}

}  // namespace dayzero::shell
