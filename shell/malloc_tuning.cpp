#include "shell/malloc_tuning.h"

#include <malloc.h>

#include <cstdlib>

namespace dayzero::shell {

void limit_malloc_arenas() {
#ifdef M_ARENA_MAX
    // MALLOC_ARENA_MAX in the environment still wins, for anyone measuring otherwise.
    if (std::getenv("MALLOC_ARENA_MAX") == nullptr) mallopt(M_ARENA_MAX, 2);
#endif
}

}  // namespace dayzero::shell
