#pragma once
// Process-wide allocator tuning for dayzero's executables.

namespace dayzero::shell {

// Limits glibc malloc to two arenas. An import hands millions of events and derived entries
// between four threads; with an arena per thread, memory freed by one thread stays fragmented in
// another's arena, and the resident size grew with the cohort well beyond that of one arena,
// for no speed gain. Call first thing in main(), before any thread starts.
void limit_malloc_arenas();

}  // namespace dayzero::shell
