#pragma once
// Finds and loads the figure-rendering module (figure_renderer_abi.h) the first time a figure
// needs it: beside the running program first, then where the build wrote it.

#include "shell/figure_renderer_abi.h"
#include "store/status.h"

namespace dayzero::shell {

// The loaded module's table, or an error naming every place looked in and why each failed.
// Loads once per process; later calls return the same answer.
store::Result<const DzFigureRenderer*> figure_renderer();

}  // namespace dayzero::shell
