#include "shell/figure_file.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <librsvg/rsvg.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "text/ascii.h"

namespace dayzero::shell {

namespace {

constexpr double kPngScale = 2.0;         // pixels per SVG unit: sharp when printed at 150 dpi
constexpr double kPointsPerPixel = 0.75;  // CSS px (1/96 in) to PDF points (1/72 in)

cairo_status_t append_bytes(void* closure, const unsigned char* data, unsigned int length) {
    static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
    return CAIRO_STATUS_SUCCESS;
}

// The parsed document and its size in SVG units, or an error.
struct Document {
    RsvgHandle* handle = nullptr;
    double width = 0, height = 0;
    ~Document() {
        if (handle != nullptr) g_object_unref(handle);
    }
};

store::Status load(const std::string& svg, Document& doc) {
    GError* error = nullptr;
    doc.handle =
        rsvg_handle_new_from_data(reinterpret_cast<const guint8*>(svg.data()), svg.size(), &error);
    if (doc.handle == nullptr) {
        const std::string why = error != nullptr ? error->message : "unknown error";
        if (error != nullptr) g_error_free(error);
        return store::Status::invalid_argument("the figure's SVG could not be read: " + why);
    }
    if (!rsvg_handle_get_intrinsic_size_in_pixels(doc.handle, &doc.width, &doc.height) ||
        doc.width <= 0 || doc.height <= 0)
        return store::Status::invalid_argument("the figure's SVG has no size");
    return store::Status::ok();
}

// Renders the document onto `cr`, scaled by `scale`; an error from librsvg or Cairo.
store::Status render(const Document& doc, cairo_t* cr, double scale) {
    cairo_scale(cr, scale, scale);
    const RsvgRectangle viewport{0, 0, doc.width, doc.height};
    GError* error = nullptr;
    const bool drawn = rsvg_handle_render_document(doc.handle, cr, &viewport, &error);
    if (!drawn) {
        const std::string why = error != nullptr ? error->message : "unknown error";
        if (error != nullptr) g_error_free(error);
        return store::Status::invalid_argument("the figure could not be rendered: " + why);
    }
    if (cairo_status(cr) != CAIRO_STATUS_SUCCESS)
        return store::Status::invalid_argument(std::string("the figure could not be rendered: ") +
                                               cairo_status_to_string(cairo_status(cr)));
    return store::Status::ok();
}

store::Result<std::string> render_pdf(const std::string& svg) {
    Document doc;
    if (store::Status s = load(svg, doc); !s.is_ok()) return s;
    std::string bytes;
    cairo_surface_t* surface = cairo_pdf_surface_create_for_stream(
        append_bytes, &bytes, doc.width * kPointsPerPixel, doc.height * kPointsPerPixel);
    cairo_t* cr = cairo_create(surface);
    store::Status status = render(doc, cr, kPointsPerPixel);
    cairo_destroy(cr);
    cairo_surface_finish(surface);
    cairo_surface_destroy(surface);
    if (!status.is_ok()) return status;
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
    Document doc;
    if (store::Status s = load(svg, doc); !s.is_ok()) return s;
    cairo_surface_t* surface = cairo_image_surface_create(
        CAIRO_FORMAT_ARGB32, static_cast<int>(std::ceil(doc.width * scale)),
        static_cast<int>(std::ceil(doc.height * scale)));
    cairo_t* cr = cairo_create(surface);
    store::Status status = render(doc, cr, scale);
    cairo_destroy(cr);
    std::string bytes;
    if (status.is_ok()) {
        const cairo_status_t written =
            cairo_surface_write_to_png_stream(surface, append_bytes, &bytes);
        if (written != CAIRO_STATUS_SUCCESS)
            status = store::Status::invalid_argument(std::string("PNG encoding failed: ") +
                                                     cairo_status_to_string(written));
    }
    cairo_surface_destroy(surface);
    if (!status.is_ok()) return status;
    return bytes;
}

store::Status write_figure(const std::string& svg, const std::string& path) {
    const store::Result<FigureFormat> format = figure_format(path);
    if (!format.is_ok()) return format.status();
    // Rendered whole before the file is opened, so a failure leaves no half-written figure.
    store::Result<std::string> bytes = svg;
    if (format.value() == FigureFormat::kPng) bytes = render_png(svg, kPngScale);
    if (format.value() == FigureFormat::kPdf) bytes = render_pdf(svg);
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
