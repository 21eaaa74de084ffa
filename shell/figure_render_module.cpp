// libdayzero_figures.so: SVG rendered to PNG and PDF by librsvg on Cairo, and text measured with
// Pango in the fonts librsvg will draw with. Loaded on demand (figure_renderer_abi.h says why);
// it depends on none of dayzero's libraries.
#include <cairo-pdf.h>
#include <cairo.h>
#include <librsvg/rsvg.h>
#include <pango/pangocairo.h>

#include <cmath>
#include <exception>
#include <mutex>
#include <string>

#include "shell/figure_renderer_abi.h"
#include "shell/figure_text.h"

namespace {

constexpr double kPointsPerPixel = 0.75;  // CSS px (1/96 in) to PDF points (1/72 in)

// One Pango context on the default Cairo font map (the one librsvg uses), created once and
// kept for the process: font lookup is the expensive part.
PangoContext* shared_context() {
    static PangoContext* context = [] {
        PangoFontMap* map = pango_cairo_font_map_get_default();
        PangoContext* ctx = pango_font_map_create_context(map);
        // librsvg lays text out without hinting; measure the same way.
        cairo_font_options_t* options = cairo_font_options_create();
        cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE);
        cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF);
        pango_cairo_context_set_font_options(ctx, options);
        cairo_font_options_destroy(options);
        return ctx;
    }();
    return context;
}

std::mutex& measure_mutex() {
    static std::mutex m;
    return m;
}

void measure_text(const char* text, size_t length, double size_px, int bold, double* width,
                  double* ascent, double* descent) {
    const std::lock_guard<std::mutex> lock(measure_mutex());
    PangoLayout* layout = pango_layout_new(shared_context());
    PangoFontDescription* font =
        pango_font_description_from_string(dayzero::shell::kFigureFontFamily);
    pango_font_description_set_absolute_size(font, size_px * PANGO_SCALE);
    pango_font_description_set_weight(font, bold != 0 ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_layout_set_font_description(layout, font);
    pango_layout_set_text(layout, text, static_cast<int>(length));
    PangoRectangle logical;
    pango_layout_get_extents(layout, nullptr, &logical);
    const double baseline = pango_layout_get_baseline(layout) / double(PANGO_SCALE);
    *width = logical.width / double(PANGO_SCALE);
    *ascent = baseline - logical.y / double(PANGO_SCALE);
    *descent = (logical.y + logical.height) / double(PANGO_SCALE) - baseline;
    pango_font_description_free(font);
    g_object_unref(layout);
}

struct Sink {
    DzAppendBytes append;
    void* closure;
};

cairo_status_t append_bytes(void* closure, const unsigned char* data, unsigned int length) {
    const Sink* sink = static_cast<const Sink*>(closure);
    sink->append(sink->closure, reinterpret_cast<const char*>(data), length);
    return CAIRO_STATUS_SUCCESS;
}

// The parsed document and its size in SVG units.
struct Document {
    RsvgHandle* handle = nullptr;
    double width = 0, height = 0;
    ~Document() {
        if (handle != nullptr) g_object_unref(handle);
    }
};

// Takes a GError's message (or a fallback) and frees it.
std::string take_message(GError* error) {
    std::string why = error != nullptr ? error->message : "unknown error";
    if (error != nullptr) g_error_free(error);
    return why;
}

// "" when loaded, else why not.
std::string load(const char* svg, size_t length, Document& doc) {
    GError* error = nullptr;
    doc.handle = rsvg_handle_new_from_data(reinterpret_cast<const guint8*>(svg), length, &error);
    if (doc.handle == nullptr) return "the figure's SVG could not be read: " + take_message(error);
    if (!rsvg_handle_get_intrinsic_size_in_pixels(doc.handle, &doc.width, &doc.height) ||
        doc.width <= 0 || doc.height <= 0)
        return "the figure's SVG has no size";
    return "";
}

// Draws the document onto `cr`, scaled by `scale`; "" or why not.
std::string draw(const Document& doc, cairo_t* cr, double scale) {
    cairo_scale(cr, scale, scale);
    const RsvgRectangle viewport{0, 0, doc.width, doc.height};
    GError* error = nullptr;
    if (!rsvg_handle_render_document(doc.handle, cr, &viewport, &error))
        return "the figure could not be rendered: " + take_message(error);
    if (cairo_status(cr) != CAIRO_STATUS_SUCCESS)
        return std::string("the figure could not be rendered: ") +
               cairo_status_to_string(cairo_status(cr));
    return "";
}

std::string render_pdf(const Document& doc, Sink& out) {
    cairo_surface_t* surface = cairo_pdf_surface_create_for_stream(
        append_bytes, &out, doc.width * kPointsPerPixel, doc.height * kPointsPerPixel);
    cairo_t* cr = cairo_create(surface);
    std::string failure = draw(doc, cr, kPointsPerPixel);
    cairo_destroy(cr);
    cairo_surface_finish(surface);
    cairo_surface_destroy(surface);
    return failure;
}

std::string render_png(const Document& doc, double scale, Sink& out) {
    cairo_surface_t* surface = cairo_image_surface_create(
        CAIRO_FORMAT_ARGB32, static_cast<int>(std::ceil(doc.width * scale)),
        static_cast<int>(std::ceil(doc.height * scale)));
    cairo_t* cr = cairo_create(surface);
    std::string failure = draw(doc, cr, scale);
    cairo_destroy(cr);
    if (failure.empty()) {
        const cairo_status_t written =
            cairo_surface_write_to_png_stream(surface, append_bytes, &out);
        if (written != CAIRO_STATUS_SUCCESS)
            failure = std::string("PNG encoding failed: ") + cairo_status_to_string(written);
    }
    cairo_surface_destroy(surface);
    return failure;
}

int render(const char* svg, size_t length, int output, double scale, DzAppendBytes out,
           void* out_closure, DzAppendBytes error, void* error_closure) try {
    Document doc;
    std::string failure = load(svg, length, doc);
    Sink sink{out, out_closure};
    if (failure.empty()) {
        failure = output == kDzFigurePdf ? render_pdf(doc, sink) : render_png(doc, scale, sink);
    }
    if (failure.empty()) return 0;
    error(error_closure, failure.data(), failure.size());
    return 1;
} catch (const std::exception& e) {  // nothing may cross the C boundary as an exception
    const std::string failure = std::string("the figure could not be rendered: ") + e.what();
    error(error_closure, failure.data(), failure.size());
    return 1;
}

constexpr DzFigureRenderer kRenderer{DAYZERO_FIGURE_RENDERER_ABI, measure_text, render};

}  // namespace

extern "C" __attribute__((visibility("default"))) const DzFigureRenderer*
dayzero_figure_renderer() {
    return &kRenderer;
}
