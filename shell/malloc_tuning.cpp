#include "shell/malloc_tuning.h"

#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <string_view>

namespace dayzero::shell {

// The rest of the tuned heap's first 2 MiB, held for the life of the process (see below).
void* g_heap_first_range = nullptr;

void limit_malloc_arenas() {
#ifdef M_ARENA_MAX
    // MALLOC_ARENA_MAX in the environment still wins, for anyone measuring otherwise.
    if (std::getenv("MALLOC_ARENA_MAX") != nullptr) return;
    // The second arena's heaps are made of 4 KiB pages, so a thread other than the main one
    // faults its memory in a page at a time; with one arena for every thread, though, the
    // threads that derive patients beside each other (for_each_patient_worked) wait on its lock,
    // which is the larger cost.
    mallopt(M_ARENA_MAX, 2);
#endif
}

void reserve_huge_page_heap(char** envp) {
#if defined(MADV_HUGEPAGE) && defined(M_TOP_PAD)
    constexpr std::string_view kOff = "DAYZERO_SMALL_PAGES=";
    for (char** entry = envp; entry != nullptr && *entry != nullptr; ++entry) {
        if (std::string_view(*entry).substr(0, kOff.size()) == kOff) return;
    }
    constexpr uintptr_t kHuge = uintptr_t{2} << 20;
    // Address space only: a page becomes resident when first touched, as before.
    constexpr size_t kReserve = size_t{256} << 20;
    // Setting any threshold stops glibc adapting them: blocks below 32 MiB (glibc's own ceiling
    // for its adaptive threshold) come from the heap, and freed memory at its top is kept.
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    mallopt(M_TRIM_THRESHOLD, static_cast<int>(2 * kReserve));
    mallopt(M_TOP_PAD, static_cast<int>(kReserve));
    // Move the program break to a huge-page boundary; malloc takes the gap as another program's
    // and starts its next extension there.
    const auto start = reinterpret_cast<uintptr_t>(sbrk(0));
    const uintptr_t aligned = (start + kHuge - 1) & ~(kHuge - 1);
    if (start == UINTPTR_MAX || sbrk(static_cast<intptr_t>(aligned - start)) == (void*)-1) return;
    // The first block makes malloc extend the heap by the pad; the range is then marked. Its
    // first 2 MiB already holds small pages (malloc's own headers), and a range with one small
    // page never gets a huge one: a block that fills the rest of it is held for good, so every
    // later block lies in the ranges after it. (glibc chunks: a 16-byte header before the
    // block, sizes in 16-byte steps; the next header follows the block.)
    void* first = std::malloc(16);
    const auto end = reinterpret_cast<uintptr_t>(sbrk(0)) & ~(kHuge - 1);
    if (first == nullptr || end <= aligned + kHuge) return;
    madvise(reinterpret_cast<void*>(aligned), end - aligned, MADV_HUGEPAGE);
    const uintptr_t top = reinterpret_cast<uintptr_t>(first) + 16;
    const uintptr_t next_range = aligned + kHuge;
    if (top < aligned || top + 64 > next_range) return;
    g_heap_first_range = std::malloc(next_range - 16 - top - 8);
#endif
}

}  // namespace dayzero::shell
