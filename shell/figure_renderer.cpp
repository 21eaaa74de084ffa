#include "shell/figure_renderer.h"

#include <dlfcn.h>

#include <filesystem>
#include <string>
#include <system_error>
#include <vector>

namespace dayzero::shell {

namespace {

constexpr const char* kModuleName = "libdayzero_figures.so";

// The folders to look in, in order: the running program's own (an installed or copied build
// keeps the module beside it), then the build tree's (tests, whose programs live elsewhere).
std::vector<std::string> candidates() {
    std::vector<std::string> paths;
    std::error_code ec;
    const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (!ec) paths.push_back((self.parent_path() / kModuleName).string());
#ifdef DAYZERO_FIGURES_MODULE
    if (paths.empty() || paths.front() != DAYZERO_FIGURES_MODULE)
        paths.push_back(DAYZERO_FIGURES_MODULE);
#endif
    return paths;
}

store::Result<const DzFigureRenderer*> load() {
    std::string tried;
    for (const std::string& path : candidates()) {
        void* module = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
        if (module == nullptr) {
            const char* why = dlerror();
            tried += "\n  " + path + ": " + (why != nullptr ? why : "cannot be loaded");
            continue;
        }
        // The module stays loaded for the life of the process: figures may be drawn again.
        auto entry =
            reinterpret_cast<DzFigureRendererEntry>(dlsym(module, DAYZERO_FIGURE_RENDERER_ENTRY));
        const DzFigureRenderer* renderer = entry != nullptr ? entry() : nullptr;
        if (renderer != nullptr && renderer->abi_version == DAYZERO_FIGURE_RENDERER_ABI)
            return renderer;
        tried += "\n  " + path + ": not a figure module of this dayzero version";
        dlclose(module);
    }
    return store::Status::not_found(
        std::string("figures need the rendering module ") + kModuleName +
        ", which was not found or could not be loaded (build it with scripts/build.sh); looked "
        "in:" +
        tried);
}

}  // namespace

store::Result<const DzFigureRenderer*> figure_renderer() {
    static const store::Result<const DzFigureRenderer*> loaded = load();
    return loaded;
}

}  // namespace dayzero::shell
