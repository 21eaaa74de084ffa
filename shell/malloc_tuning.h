#pragma once
// Process-wide allocator tuning for dayzero's executables.

namespace dayzero::shell {

// Limits glibc malloc to two arenas: the main one, which reserve_huge_page_heap gives huge pages,
// and one that the other threads share. An import hands millions of events and derived entries
// between four threads; with an arena per thread, memory freed by one thread stays fragmented in
// another's arena, and the resident size grew with the cohort well beyond that of one arena, for
// no speed gain. With a single arena, a pass that derives every patient on the store's two
// reading threads waited on that arena's lock. Call first thing in main(), before any thread
// starts.
void limit_malloc_arenas();

// Starts the main heap on a 2 MiB boundary and asks the kernel to back it with transparent huge
// pages, and keeps large blocks in it rather than in mappings of their own. On a virtual machine
// a first touch of a 4 KiB page costs tens of microseconds, and a short command touches
// thousands: with huge pages most of those faults disappear. Does nothing when `envp` (the
// process environment, which getenv cannot read yet this early) sets DAYZERO_SMALL_PAGES, or
// when the kernel refuses. Call before static initialisers allocate (main.cpp runs it from
// .preinit_array).
void reserve_huge_page_heap(char** envp);

}  // namespace dayzero::shell
