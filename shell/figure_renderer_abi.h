#pragma once
// The boundary between dayzero and its figure-rendering module (libdayzero_figures.so, built from
// figure_render_module.cpp). The module links librsvg, Cairo and Pango, about forty shared
// libraries that would otherwise be loaded and relocated at every start of the program, plots or
// not; dayzero loads it with dlopen the first time a figure is measured or rendered
// (figure_renderer.h). Plain C types only, so the boundary does not depend on C++ layouts.

#include <stddef.h>

extern "C" {

// Raises when the table below changes; the loader refuses a module of another version.
#define DAYZERO_FIGURE_RENDERER_ABI 1

enum DzFigureOutput { kDzFigurePng = 1, kDzFigurePdf = 2 };

// Receives output bytes (or error text) in pieces.
typedef void (*DzAppendBytes)(void* closure, const char* data, size_t length);

struct DzFigureRenderer {
    int abi_version;
    // The logical extent of one line of UTF-8 `text` in the figure font at `size_px`.
    void (*measure_text)(const char* text, size_t length, double size_px, int bold, double* width,
                         double* ascent, double* descent);
    // Renders SVG `svg` as PNG (`scale` pixels per SVG unit) or PDF (`scale` ignored), handing
    // the bytes to `out`; returns 0, or non-zero with the reason handed to `error`.
    int (*render)(const char* svg, size_t length, int output, double scale, DzAppendBytes out,
                  void* out_closure, DzAppendBytes error, void* error_closure);
};

// The module's one exported symbol.
typedef const DzFigureRenderer* (*DzFigureRendererEntry)(void);
#define DAYZERO_FIGURE_RENDERER_ENTRY "dayzero_figure_renderer"
}
