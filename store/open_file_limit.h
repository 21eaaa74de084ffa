#pragma once
// The process's limit on open files, which a store's reader needs one of per table file.
#include <cstdint>
#include <string>

namespace dayzero::store {

// Raises this process's soft limit on open files to its hard limit. RocksDB keeps every table file
// of a store open, and a large store has thousands while a login shell's soft limit is often 1,024.
void raise_open_file_limit();

// The soft limit on open files, for messages; 0 when it cannot be read.
uint64_t open_file_limit();

// A message for an open that ran out of file descriptors: how many files the store has, what
// the limit is, and how to raise it.
std::string too_many_open_files_advice(const std::string& path);

}  // namespace dayzero::store
