// The figure renderer is a module loaded on first use (shell/figure_renderer_abi.h): a command
// that draws nothing must not load librsvg, Cairo or Pango, and one that draws must.
#include <catch2/catch.hpp>

#include <string>

#include "shell/figure_file.h"
#include "shell/figure_renderer.h"
#include "shell/figure_text.h"
#include "shell_fixture.h"

using namespace dayzero;
using namespace dayzero::shell::testing;

namespace {

// The shared objects the dynamic loader opened while running `dayzero ARGS` (LD_DEBUG=files).
std::string libraries_loaded_by(const std::string& args) {
    TempDir io("ld");
    const std::string command = "LD_DEBUG=files " + std::string(DAYZERO_BINARY) + " " + args +
                                " > /dev/null 2> " + sh_quote(io.str("trace"));
    REQUIRE(std::system(command.c_str()) == 0);
    return read_text(io.path() / "trace");
}

}  // namespace

TEST_CASE("figure module: a command that draws nothing loads no rendering library") {
    const std::string trace = libraries_loaded_by("--version");
    REQUIRE(trace.find("libc.so") != std::string::npos);  // the trace does list libraries
    CHECK(trace.find("librsvg") == std::string::npos);
    CHECK(trace.find("libcairo") == std::string::npos);
    CHECK(trace.find("libpango") == std::string::npos);
    CHECK(trace.find("libdayzero_figures") == std::string::npos);
}

TEST_CASE("figure module: loads on first use, measures text and renders PNG and PDF") {
    const auto renderer = shell::figure_renderer();
    REQUIRE(renderer.is_ok());
    CHECK(renderer.value()->abi_version == DAYZERO_FIGURE_RENDERER_ABI);
    CHECK(shell::figure_renderer().value() == renderer.value());  // loaded once
    // Pango's measure, not the fallback estimate: a wider text is wider, and 'i' is narrower
    // than 'W' (the estimate gives every character the same width).
    CHECK(shell::text_width("iiii", 12) < shell::text_width("WWWW", 12));
    const std::string svg =
        "<svg xmlns='http://www.w3.org/2000/svg' width='40' height='20'>"
        "<rect width='40' height='20' fill='red'/></svg>";
    const auto png = shell::render_png(svg, 1);
    REQUIRE(png.is_ok());
    CHECK(png.value().rfind("\x89PNG\r\n\x1a\n", 0) == 0);
    TempDir dir("module");
    REQUIRE(shell::write_figure(svg, dir.str("f.pdf")).is_ok());
    CHECK(read_text(dir.path() / "f.pdf").rfind("%PDF", 0) == 0);
    // librsvg's own error comes back through the C boundary as text.
    const auto bad = shell::render_png("<svg", 1);
    REQUIRE_FALSE(bad.is_ok());
    CHECK(bad.status().message().find("could not be read") != std::string::npos);
}
