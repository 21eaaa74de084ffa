#include "shell/figure_text.h"

#include <pango/pangocairo.h>

#include <mutex>
#include <string>

namespace dayzero::shell {

namespace {

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

}  // namespace

TextExtent measure_text(std::string_view text, double size_px, bool bold) {
    const std::lock_guard<std::mutex> lock(measure_mutex());
    PangoLayout* layout = pango_layout_new(shared_context());
    PangoFontDescription* font = pango_font_description_from_string(kFigureFontFamily);
    pango_font_description_set_absolute_size(font, size_px * PANGO_SCALE);
    pango_font_description_set_weight(font, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_layout_set_font_description(layout, font);
    pango_layout_set_text(layout, text.data(), static_cast<int>(text.size()));
    PangoRectangle logical;
    pango_layout_get_extents(layout, nullptr, &logical);
    const double baseline = pango_layout_get_baseline(layout) / double(PANGO_SCALE);
    TextExtent extent;
    extent.width = logical.width / double(PANGO_SCALE);
    extent.ascent = baseline - logical.y / double(PANGO_SCALE);
    extent.descent = (logical.y + logical.height) / double(PANGO_SCALE) - baseline;
    pango_font_description_free(font);
    g_object_unref(layout);
    return extent;
}

double text_width(std::string_view text, double size_px, bool bold) {
    return measure_text(text, size_px, bold).width;
}

}  // namespace dayzero::shell
